// The cockpit's charts as ECharts options, built from GET /api/v1/cockpit's answer, and what a
// click on each means: the project list query behind the item clicked (the API's own parameter
// names, which the project list keeps in its address).
import { t } from './i18n.js'
import { FEN_PER_YI, formatUnits } from './money.js'

export const LIGHTS = ['red', 'yellow', 'green']
export const LIGHT_COLORS = { red: '#f56c6c', yellow: '#e6a23c', green: '#67c23a' }
export const SPEEDS = [
  { key: 'signed_started', yearField: 'started', color: '#409eff' },
  { key: 'started_completed', yearField: 'completed', color: '#e6a23c' },
  { key: 'started_production', yearField: 'production', color: '#67c23a' },
]
const POOL_COLORS = ['#909399', '#79bbff', '#409eff', '#e6a23c', '#67c23a']

// fen -> 亿元: a plotted number, and the text "1,234.56".
export const yiValue = (fen) => Number(fen) / Number(FEN_PER_YI)
export const yiText = (fen) => formatUnits(fen, FEN_PER_YI)
const fixed2 = (v) => (v === null || v === undefined ? '–' : v.toLocaleString(undefined, { maximumFractionDigits: 2 }))

// The project tiers (储备 → 投产) as a funnel as wide as their counts, labelled with their amounts.
export function pipelineOption(pipeline) {
  const label = (p, sep) => `${t('cockpit.pool.' + p.pool)} ${p.count} ${t('cockpit.projectsUnit')}${sep}${yiText(p.amount)} ${t('cockpit.yi')}`
  return {
    tooltip: { trigger: 'item', formatter: (e) => label(pipeline[e.dataIndex], ' · ') },
    series: [{
      type: 'funnel',
      sort: 'none',
      left: '5%', right: '5%', top: 8, bottom: 8,
      minSize: '18%',
      gap: 2,
      label: { position: 'inside', formatter: (e) => label(pipeline[e.dataIndex], '\n'), color: '#fff', fontSize: 12, lineHeight: 16 },
      data: pipeline.map((p, i) => ({ name: p.pool, value: p.count, itemStyle: { color: POOL_COLORS[i % POOL_COLORS.length] } })),
    }],
  }
}

// The months' investment as bars, the running total against the plan to date as two lines (亿元);
// the months still to come have no bar and no running total.
export function investmentOption(months) {
  const now = new Date()
  const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`
  const done = (m, v) => (m.month <= thisMonth ? yiValue(v) : null)
  return {
    tooltip: { trigger: 'axis', valueFormatter: fixed2 },
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: months.map((m) => m.month.slice(5)) },
    yAxis: { type: 'value', name: t('cockpit.yi') },
    series: [
      { name: t('cockpit.monthAmount'), type: 'bar', barMaxWidth: 28, itemStyle: { color: '#79bbff' }, data: months.map((m) => done(m, m.amount)) },
      { name: t('cockpit.cumulative'), type: 'line', itemStyle: { color: '#409eff' }, data: months.map((m) => done(m, m.cumulative)) },
      { name: t('cockpit.planToDate'), type: 'line', itemStyle: { color: '#f56c6c' }, lineStyle: { type: 'dashed' }, data: months.map((m) => yiValue(m.plan_to_date)) },
    ],
  }
}

// Warning lights per unit (or park): one horizontal stacked bar each, red first, the unit with
// the most red on top. The grid's left edge is fixed so that a bar's start is where one expects it.
export const LIGHTS_GRID = { left: 128, right: 16, top: 32, bottom: 24 }
export function lightsOption(rows) {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: LIGHTS_GRID,
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.unit_name), axisLabel: { width: 116, overflow: 'truncate' } },
    series: LIGHTS.map((l) => ({
      name: t('cockpit.light.' + l),
      type: 'bar',
      stack: 'lights',
      barMaxWidth: 22,
      itemStyle: { color: LIGHT_COLORS[l] },
      data: rows.map((r) => r[l]),
    })),
  }
}

// The three medians (days) over the five years.
export function speedOption(speed) {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '–' : `${v} ${t('cockpit.days')}`) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: speed.map((s) => String(s.year)) },
    yAxis: { type: 'value', name: t('cockpit.days') },
    series: SPEEDS.map((s) => ({
      name: t('cockpit.speed.' + s.key),
      type: 'line',
      connectNulls: true,
      symbolSize: 8,
      itemStyle: { color: s.color },
      data: speed.map((y) => y[s.key].median),
    })),
  }
}
