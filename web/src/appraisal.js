// The appraisal pages' shared vocabulary and the indicator tree's bookkeeping: states, methods and
// their settings, the tree as the editor holds it (a local key per node, ids kept so the server
// keeps their data) and as PUT …/structure takes it, and exact decimal text (never a float sum).
import { ElMessageBox } from 'element-plus'
import { t } from './i18n.js'

export const SCHEME_STATES = ['draft', 'open', 'published']
export const SCHEME_STATE_TAG = { draft: 'info', open: 'warning', published: 'success' }
export const DATA_STATES = ['draft', 'submitted', 'returned', 'accepted']
export const DATA_STATE_TAG = { draft: 'info', submitted: 'warning', returned: 'danger', accepted: 'success' }
export const NODE_KINDS = ['node', 'leaf', 'bonus', 'deduction', 'veto']
export const METHODS = ['ratio', 'rank', 'efficacy', 'band', 'check', 'survey']
export const VETO_MODES = ['bar_top', 'lowest']
// Where a leaf's values come from: entered by the subjects, or computed from the project library
// for the scheme's year over each subject's projects (POST …/sources/refresh); the started_* ones
// count projects of at least source_min fen.
export const SOURCES = ['entered', 'invest_completion', 'started_count', 'started_amount', 'foreign_signed', 'problem_close_rate', 'signed_to_started_days']
export const SOURCES_WITH_MIN = ['started_count', 'started_amount']
export const isComputed = (leaf) => !!leaf.source && leaf.source !== 'entered'
// The settings each method reads (the others are sent as null).
export const METHOD_SETTINGS = {
  ratio: ['cap', 'floor'],
  rank: ['step', 'min_score'],
  efficacy: ['base', 'disallowed', 'satisfactory'],
  band: ['bands'],
  check: [],
  survey: ['trim'],
}
// The methods that compare values (higher or lower is better); check and survey do not.
export const DIRECTED = ['ratio', 'rank', 'efficacy', 'band']
const ALL_SETTINGS = ['cap', 'floor', 'step', 'min_score', 'base', 'disallowed', 'satisfactory', 'bands', 'trim']

export const schemeStateLabel = (s) => t('appraisal.schemeState.' + s)
export const dataStateLabel = (s) => t('appraisal.dataState.' + s)
export const methodLabel = (m) => (m ? t('appraisal.method.' + m) : '')
export const nodeKindLabel = (k) => t('appraisal.nodeKind.' + k)

// A decimal as the user typed it: digits, an optional point and at most `places` digits after it.
export function isDecimal(text, places = 6, signed = false) {
  const re = new RegExp('^' + (signed ? '-?' : '') + '\\d+(\\.\\d{1,' + places + '})?$')
  return re.test(String(text).trim())
}
// A value for the API: the trimmed text, or null when empty.
export const decOrNull = (v) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim())
// A value from the API (a JSON number or a decimal string) as text for an input.
export const decText = (v) => (v === null || v === undefined ? '' : String(v))

// Points shown with two places (the API writes 19.00, which JSON reads as 19).
export function fmtPoints(v) {
  if (v === null || v === undefined || v === '') return ''
  const n = Number(v)
  return Number.isFinite(n) ? n.toFixed(2) : String(v)
}

// Exact sum of point values (hundredths), as text with two places.
export function sumPoints(values) {
  let cents = 0n
  for (const v of values) {
    const s = decOrNull(v)
    if (s === null || !isDecimal(s, 2, true)) continue
    const neg = s.startsWith('-')
    const [i, f = ''] = s.replace('-', '').split('.')
    const c = BigInt(i) * 100n + BigInt((f + '00').slice(0, 2))
    cents += neg ? -c : c
  }
  const neg = cents < 0n
  const a = neg ? -cents : cents
  return (neg ? '-' : '') + (a / 100n).toString() + '.' + (a % 100n).toString().padStart(2, '0')
}

// Moves a decimal point in text: shift(“30”, -2) = “0.3” (a quota in percent to a share), shift(“0.3”, 2) = “30”.
export function shiftDecimal(text, places) {
  const s = decOrNull(text)
  if (s === null) return null
  let [i, f = ''] = s.split('.')
  let digits = i + f
  let point = i.length + places
  if (point < 0) { digits = '0'.repeat(-point) + digits; point = 0 }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length)
  let whole = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0'
  const frac = digits.slice(point).replace(/0+$/, '')
  return frac ? whole + '.' + frac : whole
}

let nextKey = 1
const newKey = () => 'n' + nextKey++

// A new node of a kind, with a leaf's defaults (cap 1, base 0.6 as the engine's).
export function newNode(kind, name = '') {
  const n = { _key: newKey(), id: null, name, kind, children: [] }
  if (kind === 'leaf') Object.assign(n, { source: 'entered', source_min: null, full_marks: '', method: 'ratio', direction: 'higher', cap: '1', floor: '', step: '', min_score: '', base: '0.6', disallowed: '', satisfactory: '', bands: [], trim: '' })
  if (kind === 'veto') n.veto_mode = 'bar_top'
  return n
}

// The tree from GET …/schemes/{id} as the editor holds it: every decimal as text, a key per node.
export function editableTree(nodes) {
  return (nodes || []).map((n) => {
    const e = { ...newNode(n.kind, n.name), id: n.id ?? null }
    if (n.kind === 'leaf') {
      for (const k of ['full_marks', 'cap', 'floor', 'step', 'min_score', 'base', 'disallowed', 'satisfactory', 'trim']) e[k] = decText(n[k])
      e.method = n.method || 'ratio'
      e.source = n.source || 'entered'
      e.source_min = n.source_min ?? null
      e.direction = n.direction || 'higher'
      e.bands = (n.bands || []).map((b) => ({ threshold: decText(b.threshold), factor: decText(b.factor) }))
    }
    if (n.kind === 'veto') e.veto_mode = n.veto_mode || 'bar_top'
    e.children = editableTree(n.children)
    return e
  })
}

// The tree for PUT …/structure: ids kept, the settings of the leaf's method only.
export function structureTree(nodes) {
  return nodes.map((n) => {
    const out = { name: n.name.trim(), kind: n.kind }
    if (n.id) out.id = n.id
    if (n.kind === 'leaf') {
      out.full_marks = decOrNull(n.full_marks)
      out.method = n.method
      out.direction = n.direction
      out.source = n.source || 'entered'
      out.source_min = SOURCES_WITH_MIN.includes(out.source) ? n.source_min ?? null : null
      const used = METHOD_SETTINGS[n.method] || []
      for (const k of ALL_SETTINGS) {
        if (!used.includes(k)) { out[k] = null; continue }
        if (k === 'bands') out.bands = n.bands.map((b) => ({ threshold: decOrNull(b.threshold), factor: decOrNull(b.factor) }))
        else if (k === 'trim') out.trim = decOrNull(n.trim) === null ? null : Number(n.trim)
        else out[k] = decOrNull(n[k])
      }
    }
    if (n.kind === 'veto') out.veto_mode = n.veto_mode
    out.children = n.kind === 'node' ? structureTree(n.children) : []
    return out
  })
}

// Every node of a tree, depth first, with its path of names ("经济发展 / 固定资产投资").
export function walk(nodes, path = []) {
  const out = []
  for (const n of nodes || []) {
    const p = [...path, n.name]
    out.push({ node: n, path: p.join(' / ') })
    out.push(...walk(n.children, p))
  }
  return out
}

// The full marks below a node: its leaves' sum (a leaf: its own).
export function fullMarksOf(node) {
  if (node.kind === 'leaf') return sumPoints([node.full_marks])
  if (node.kind !== 'node') return null
  return sumPoints(walk(node.children).filter((w) => w.node.kind === 'leaf').map((w) => w.node.full_marks))
}

// A short text of a leaf's settings for the tree table ("上限 1.2，下限 0.6").
export function settingsSummary(n) {
  if (n.kind === 'veto') return t('appraisal.vetoMode.' + n.veto_mode)
  if (n.kind !== 'leaf') return ''
  const parts = DIRECTED.includes(n.method) ? [t('appraisal.direction.' + n.direction)] : []
  if (isComputed(n)) parts.unshift(t('appraisal.source.' + n.source))
  for (const k of METHOD_SETTINGS[n.method] || []) {
    if (k === 'bands') parts.push(t('appraisal.bandsCount', { n: n.bands.length }))
    else if (decOrNull(n[k]) !== null) parts.push(t('appraisal.setting.' + k) + ' ' + n[k])
  }
  return parts.join('，')
}

// Grade rows for display: "优秀 ≥ 90 分，前 30%".
export function gradeRule(g) {
  const parts = []
  if (g.min_score !== null && g.min_score !== undefined && g.min_score !== '') parts.push(t('appraisal.gradeMin', { v: fmtPoints(g.min_score) }))
  if (g.quota !== null && g.quota !== undefined && g.quota !== '') parts.push(t('appraisal.gradeQuota', { v: shiftDecimal(String(g.quota), 2) }))
  return parts.join('，') || t('appraisal.gradeRest')
}

// Asks for a reason or comment (修订, 重新打开, 退回): the trimmed text, or null when cancelled.
export async function askReason(message, title, required = 'appraisal.reasonRequired') {
  try {
    const { value } = await ElMessageBox.prompt(message, title, {
      inputValidator: (v) => (v && v.trim() ? true : t(required)),
      customClass: 'ps-appraisal-prompt',
    })
    return value.trim()
  } catch (_) {
    return null
  }
}

// A refusal's message with the field the server named ("…（indicators[2].children[0].cap）").
export const errorText = (e) => (e.field ? `${e.message}（${e.field}）` : e.message)
