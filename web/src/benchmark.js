// The benchmarking pages' shared vocabulary: how a value, a rate and a computed figure
// ({ value, status, formula }) are shown, the states' tags, and the colours that mark this city.
// Values are decimals (a JSON number or a string); they are only shown here, never summed.
import { t, lang } from './i18n.js'

export const SELF_COLOR = '#c0392b' // this city, in every chart (the brand's red)
export const PEER_COLOR = '#79bbff'
export const PEER_COLORS = ['#409eff', '#67c23a', '#e6a23c', '#909399', '#9b59b6', '#16a085', '#d35400', '#2c3e50', '#7f8c8d', '#f39c12']

export const DIRECTIONS = ['higher', 'lower']
export const KINDS = ['stock', 'flow', 'ratio']
export const GOAL_STATES = ['achieved', 'on_track', 'behind', 'unknown']
export const GOAL_STATE_TAG = { achieved: 'success', on_track: 'primary', behind: 'danger', unknown: 'info' }
export const SPLITS = ['shares', 'weights', 'same']
export const PASS_TAG = { ahead: 'success', year: 'primary', beyond: 'warning', never: 'danger' }

export const goalStateLabel = (s) => t('benchmark.goalState.' + (GOAL_STATES.includes(s) ? s : 'unknown'))
export const statusLabel = (s) => t('benchmark.status.' + s)

const NONE = '—'
const group = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

// A decimal with `decimals` places and thousands separators ("12,345.60"); '—' for none.
export function fmtValue(v, decimals = 2) {
  if (v === null || v === undefined || v === '') return NONE
  const n = Number(v)
  if (!Number.isFinite(n)) return String(v)
  const d = Math.max(0, Math.min(6, Number(decimals) || 0))
  const [i, f] = Math.abs(n).toFixed(d).split('.')
  const sign = n < 0 && Number(n.toFixed(d)) !== 0 ? '-' : ''
  return sign + group(i) + (f ? '.' + f : '')
}

// A rate or share (a fraction: 0.085) as a percentage with 2 places ("8.50%").
export function fmtRate(v) {
  if (v === null || v === undefined || v === '') return NONE
  const n = Number(v)
  return Number.isFinite(n) ? (n * 100).toFixed(2) + '%' : String(v)
}

// A computed figure's text: its value (as a rate, or in the indicator's decimals), or why it has none.
export function figText(fig, kind = 'rate', decimals = 2) {
  if (!fig) return NONE
  if (fig.status && fig.status !== 'ok') return statusShort(fig.status)
  if (kind === 'rate') return fmtRate(fig.value)
  if (kind === 'score') return fmtValue(fig.value, 2)
  return fmtValue(fig.value, decimals)
}
const statusShort = (s) => (['missing', 'zero_base', 'negative', 'not_applicable', 'out_of_range'].includes(s) ? t('benchmark.status.' + s) : NONE)

// A figure's value as a number for a chart (null when it has none).
export const figNumber = (fig) => (fig && (!fig.status || fig.status === 'ok') && fig.value !== null && fig.value !== undefined ? Number(fig.value) : null)
export const num = (v) => (v === null || v === undefined || v === '' ? null : Number(v))

// An indicator's name with its unit: "地区生产总值（亿元）".
export const indicatorLabel = (ind) => {
  if (!ind) return ''
  if (!ind.unit) return ind.name
  return lang.value === 'en' ? `${ind.name} (${ind.unit})` : `${ind.name}（${ind.unit}）`
}

// A year's label: "2024 年" / "2024".
export const yearLabel = (y) => t('benchmark.yearLabel', { y })
export const QUARTERS = [0, 1, 2, 3, 4]
export const quarterLabel = (q) => t('benchmark.quarter.' + q)

// The years around now, newest first, for a year select when the data says nothing yet.
export function recentYears(span = 15, ahead = 0) {
  const now = new Date().getFullYear()
  return Array.from({ length: span + ahead }, (_, i) => now + ahead - i)
}

// el-table sets classes on rows, not attributes: this marks the rows with `cls` inside `root`
// with data-testid=`testid` now and whenever the table re-renders its rows. Returns a stop function.
export function markRows(root, cls, testid) {
  const mark = () => {
    for (const tr of root.querySelectorAll('tr')) {
      if (tr.classList.contains(cls)) tr.setAttribute('data-testid', testid)
      else if (tr.getAttribute('data-testid') === testid) tr.removeAttribute('data-testid')
    }
  }
  mark()
  const observer = new MutationObserver(mark)
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] })
  return () => observer.disconnect()
}
