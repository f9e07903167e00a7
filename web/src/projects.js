// The project library's names (docs/api-contract.md, "The project library") and their labels in
// the UI language, and the calendar helpers the project pages share.
import { t, lang } from './i18n.js'

export const MILESTONES = ['negotiating', 'signed', 'registered', 'started', 'completed', 'production', 'full_capacity']
export const POOLS = ['reserve', 'preliminary', 'construction', 'completed', 'production']
export const CATEGORIES = ['industry', 'infrastructure', 'social', 'tech_talent', 'other']
export const SOURCES = ['domestic', 'foreign', 'hmt']
export const TALENT_TIERS = ['none', 'national', 'provincial', 'municipal']
export const WARNINGS = ['red', 'yellow', 'green']
export const YEAR_FIELDS = ['signed', 'started', 'completed', 'production']

const labelOf = (group, list) => (v) => (list.includes(v) ? t(`${group}.${v}`) : v ?? '')
export const milestoneLabel = labelOf('milestone', MILESTONES)
export const poolLabel = labelOf('pool', POOLS)
export const categoryLabel = labelOf('category', CATEGORIES)
export const sourceLabel = labelOf('source', SOURCES)
export const talentTierLabel = labelOf('talentTier', TALENT_TIERS)
export const warningLabel = labelOf('warning', WARNINGS)

// A warning reason in the UI language (the server writes both).
export const reasonText = (r) => (lang.value === 'en' ? r.text_en : r.text_zh)

const pad = (n) => String(n).padStart(2, '0')

// Today's date, month and year on the user's clock: "2026-11-25", "2026-11", 2026.
export const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
export const thisMonth = () => today().slice(0, 7)
export const thisYear = () => new Date().getFullYear()

// For month pickers: a month after this one cannot be reported yet.
export const isAfterThisMonth = (d) => {
  const now = new Date()
  return d.getFullYear() * 12 + d.getMonth() > now.getFullYear() * 12 + now.getMonth()
}
