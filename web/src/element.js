// Element Plus, registered component by component (with each component's own CSS),
// so the bundle holds only what the UI uses. Add a line here when a page needs another one.
import 'element-plus/es/components/base/style/css'
import {
  ElAside, ElButton, ElCard, ElCol, ElConfigProvider, ElContainer, ElDialog, ElEmpty, ElForm,
  ElFormItem, ElHeader, ElInput, ElInputNumber, ElMain, ElMenu, ElMenuItem, ElOption,
  ElPagination, ElRadioButton, ElRadioGroup, ElRow, ElSelect, ElStatistic, ElTable,
  ElTableColumn, ElTag, ElTreeSelect, ElLoading, ElAlert, ElDatePicker, ElDescriptions,
  ElDescriptionsItem, ElDropdown, ElDropdownItem, ElDropdownMenu, ElUpload, ElSteps, ElStep,
  ElTooltip, ElTimeline, ElTimelineItem, ElCheckbox, ElSubMenu, ElDrawer, ElTabs, ElTabPane,
  ElCollapse, ElCollapseItem,
} from 'element-plus'
import 'element-plus/es/components/aside/style/css'
import 'element-plus/es/components/button/style/css'
import 'element-plus/es/components/card/style/css'
import 'element-plus/es/components/col/style/css'
import 'element-plus/es/components/config-provider/style/css'
import 'element-plus/es/components/container/style/css'
import 'element-plus/es/components/dialog/style/css'
import 'element-plus/es/components/empty/style/css'
import 'element-plus/es/components/form/style/css'
import 'element-plus/es/components/form-item/style/css'
import 'element-plus/es/components/header/style/css'
import 'element-plus/es/components/input/style/css'
import 'element-plus/es/components/input-number/style/css'
import 'element-plus/es/components/main/style/css'
import 'element-plus/es/components/menu/style/css'
import 'element-plus/es/components/menu-item/style/css'
import 'element-plus/es/components/option/style/css'
import 'element-plus/es/components/pagination/style/css'
import 'element-plus/es/components/radio-button/style/css'
import 'element-plus/es/components/radio-group/style/css'
import 'element-plus/es/components/row/style/css'
import 'element-plus/es/components/select/style/css'
import 'element-plus/es/components/statistic/style/css'
import 'element-plus/es/components/table/style/css'
import 'element-plus/es/components/table-column/style/css'
import 'element-plus/es/components/tag/style/css'
import 'element-plus/es/components/tree-select/style/css'
import 'element-plus/es/components/loading/style/css'
import 'element-plus/es/components/alert/style/css'
import 'element-plus/es/components/date-picker/style/css'
import 'element-plus/es/components/descriptions/style/css'
import 'element-plus/es/components/descriptions-item/style/css'
import 'element-plus/es/components/dropdown/style/css'
import 'element-plus/es/components/dropdown-item/style/css'
import 'element-plus/es/components/dropdown-menu/style/css'
import 'element-plus/es/components/upload/style/css'
import 'element-plus/es/components/steps/style/css'
import 'element-plus/es/components/step/style/css'
import 'element-plus/es/components/tooltip/style/css'
import 'element-plus/es/components/timeline/style/css'
import 'element-plus/es/components/timeline-item/style/css'
import 'element-plus/es/components/checkbox/style/css'
import 'element-plus/es/components/sub-menu/style/css'
import 'element-plus/es/components/drawer/style/css'
import 'element-plus/es/components/tabs/style/css'
import 'element-plus/es/components/tab-pane/style/css'
import 'element-plus/es/components/collapse/style/css'
import 'element-plus/es/components/collapse-item/style/css'
// Services used from script (ElMessage, ElMessageBox) bring no component: import their CSS here.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'

const components = [
  ElAside, ElButton, ElCard, ElCol, ElConfigProvider, ElContainer, ElDialog, ElEmpty, ElForm,
  ElFormItem, ElHeader, ElInput, ElInputNumber, ElMain, ElMenu, ElMenuItem, ElOption,
  ElPagination, ElRadioButton, ElRadioGroup, ElRow, ElSelect, ElStatistic, ElTable,
  ElTableColumn, ElTag, ElTreeSelect, ElAlert, ElDatePicker, ElDescriptions, ElDescriptionsItem,
  ElDropdown, ElDropdownItem, ElDropdownMenu, ElUpload, ElSteps, ElStep, ElTooltip, ElTimeline,
  ElTimelineItem, ElCheckbox, ElSubMenu, ElDrawer, ElTabs, ElTabPane, ElCollapse, ElCollapseItem,
]

export function registerElementPlus(app) {
  // app.component, not app.use: sub-components (ElOption, ElRadioButton, ...) have a no-op install.
  for (const c of components) app.component(c.name, c)
  app.use(ElLoading) // v-loading directive
}
