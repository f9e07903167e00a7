// The one table of UI text. Every string the user sees comes from here, through t().
// Language choice persists in localStorage; Element Plus' own locale follows it.
import { ref, computed } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import enLocale from 'element-plus/es/locale/lang/en'

export const messages = {
  zh: {
    app: {
      brand: 'Pacesetter',
      title: '项目提速·考核评优·对标赶超 平台',
      langZh: '中文',
      langEn: 'English',
      langLabel: '语言',
    },
    menu: {
      overview: '概览',
      units: '单位管理',
    },
    common: {
      search: '查询',
      reset: '重置',
      create: '新建',
      edit: '编辑',
      delete: '删除',
      save: '保存',
      cancel: '取消',
      confirm: '确定',
      actions: '操作',
      loading: '加载中…',
      none: '无',
      all: '全部',
      total: '共 {n} 条',
    },
    kind: {
      department: '部门',
      town: '镇',
      subdistrict: '街道',
      park: '园区',
      other: '其他',
    },
    overview: {
      title: '概览',
      totalUnits: '单位总数',
      topUnits: '一级单位',
      unitsByKind: '各类单位数量',
      count: '数量',
      version: '版本 {v}',
      loadFailed: '概览数据加载失败',
    },
    units: {
      title: '单位管理',
      create: '新建单位',
      addChild: '添加下级',
      filterKind: '单位类型',
      filterQ: '名称或编码',
      treeHint: '按层级浏览，展开查看下级单位',
      flatHint: '筛选结果（平铺列表）',
      colName: '单位名称',
      colCode: '单位编码',
      colKind: '类型',
      colDivision: '行政区划代码',
      colSort: '排序号',
      colChildren: '下级单位数',
      colUpdated: '更新时间',
      colParent: '上级单位',
      dialogCreate: '新建单位',
      dialogEdit: '编辑单位',
      fieldCode: '单位编码',
      fieldName: '单位名称',
      fieldKind: '单位类型',
      fieldParent: '上级单位',
      fieldDivision: '行政区划代码',
      fieldSort: '排序号',
      phCode: '字母、数字、下划线或连字符，最多 32 个字符',
      phName: '最多 100 个字符',
      phKind: '请选择单位类型',
      phParent: '不选则为一级单位',
      phDivision: '6 位数字（GB/T 2260），可不填',
      created: '单位已创建',
      updated: '单位已保存',
      deleted: '单位已删除',
      nothingChanged: '没有修改',
      confirmDeleteTitle: '删除单位',
      confirmDelete: '确定删除单位“{name}”（{code}）吗？此操作不可撤销。',
      hasChildrenWarn: '该单位有 {n} 个下级单位，需先删除或移走下级单位。',
      empty: '暂无单位',
    },
    valid: {
      codeRequired: '请输入单位编码',
      codeLength: '单位编码长度为 1 到 32 个字符',
      codePattern: '单位编码只能包含字母、数字、下划线和连字符',
      nameRequired: '请输入单位名称',
      nameBlank: '单位名称不能为空白',
      nameLength: '单位名称最多 100 个字符',
      nameControl: '单位名称不能包含控制字符',
      kindRequired: '请选择单位类型',
      divisionPattern: '行政区划代码应为 6 位数字',
      sortRange: '排序号应为 0 到 1000000 之间的整数',
    },
    error: {
      network: '无法连接服务器，请检查网络后重试',
      unknown: '请求失败（HTTP {status}）',
    },
  },
  en: {
    app: {
      brand: 'Pacesetter',
      title: 'Project Acceleration · Appraisal & Awards · Benchmarking Platform',
      langZh: '中文',
      langEn: 'English',
      langLabel: 'Language',
    },
    menu: {
      overview: 'Overview',
      units: 'Units',
    },
    common: {
      search: 'Search',
      reset: 'Reset',
      create: 'New',
      edit: 'Edit',
      delete: 'Delete',
      save: 'Save',
      cancel: 'Cancel',
      confirm: 'OK',
      actions: 'Actions',
      loading: 'Loading…',
      none: 'None',
      all: 'All',
      total: '{n} in total',
    },
    kind: {
      department: 'Department',
      town: 'Town',
      subdistrict: 'Subdistrict',
      park: 'Park',
      other: 'Other',
    },
    overview: {
      title: 'Overview',
      totalUnits: 'Units',
      topUnits: 'Top-level units',
      unitsByKind: 'Units by kind',
      count: 'Count',
      version: 'Version {v}',
      loadFailed: 'Could not load the overview',
    },
    units: {
      title: 'Units',
      create: 'New unit',
      addChild: 'Add child',
      filterKind: 'Kind',
      filterQ: 'Name or code',
      treeHint: 'Browse by hierarchy; expand a unit to see its children',
      flatHint: 'Filtered results (flat list)',
      colName: 'Name',
      colCode: 'Code',
      colKind: 'Kind',
      colDivision: 'Division code',
      colSort: 'Sort order',
      colChildren: 'Children',
      colUpdated: 'Updated',
      colParent: 'Parent',
      dialogCreate: 'New unit',
      dialogEdit: 'Edit unit',
      fieldCode: 'Code',
      fieldName: 'Name',
      fieldKind: 'Kind',
      fieldParent: 'Parent unit',
      fieldDivision: 'Division code',
      fieldSort: 'Sort order',
      phCode: 'Letters, digits, _ or -, at most 32 characters',
      phName: 'At most 100 characters',
      phKind: 'Choose a kind',
      phParent: 'Leave empty for a top-level unit',
      phDivision: '6 digits (GB/T 2260), optional',
      created: 'Unit created',
      updated: 'Unit saved',
      deleted: 'Unit deleted',
      nothingChanged: 'Nothing changed',
      confirmDeleteTitle: 'Delete unit',
      confirmDelete: 'Delete the unit "{name}" ({code})? This cannot be undone.',
      hasChildrenWarn: 'This unit has {n} child units; delete or move them first.',
      empty: 'No units',
    },
    valid: {
      codeRequired: 'Enter the unit code',
      codeLength: 'The code must be 1 to 32 characters long',
      codePattern: 'The code may contain only letters, digits, underscores and hyphens',
      nameRequired: 'Enter the unit name',
      nameBlank: 'The name must not be blank',
      nameLength: 'The name must be at most 100 characters long',
      nameControl: 'The name must not contain control characters',
      kindRequired: 'Choose the unit kind',
      divisionPattern: 'The division code must be 6 digits',
      sortRange: 'The sort order must be an integer from 0 to 1000000',
    },
    error: {
      network: 'Cannot reach the server; check the network and try again',
      unknown: 'Request failed (HTTP {status})',
    },
  },
}

export const LANGS = ['zh', 'en']
const STORAGE_KEY = 'pacesetter.lang'

function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (LANGS.includes(saved)) return saved
  } catch (_) { /* storage unavailable */ }
  return 'zh' // Chinese first
}

export const lang = ref(initialLang())

export function setLang(l) {
  if (!LANGS.includes(l)) return
  lang.value = l
  try { localStorage.setItem(STORAGE_KEY, l) } catch (_) { /* ignore */ }
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en'
}

function lookup(table, key) {
  let v = table
  for (const part of key.split('.')) {
    if (v == null) return undefined
    v = v[part]
  }
  return typeof v === 'string' ? v : undefined
}

// t('units.confirmDelete', { name, code }) -> text in the current language.
// Reading lang.value makes every caller reactive to a language switch.
export function t(key, params) {
  const s = lookup(messages[lang.value], key) ?? lookup(messages.zh, key) ?? key
  if (!params) return s
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m))
}

export const KINDS = ['department', 'town', 'subdistrict', 'park', 'other']
export const kindLabel = (k) => (KINDS.includes(k) ? t('kind.' + k) : k)

export const elementLocale = computed(() => (lang.value === 'en' ? enLocale : zhCn))

document.documentElement.lang = lang.value === 'zh' ? 'zh-CN' : 'en'
