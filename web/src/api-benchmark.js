// The benchmarking calls (对标赶超: the catalogue, cities, values and their import, the
// comparisons, goals and their split), next to api.js' table and going through its request():
// same session, CSRF token and error shape. See docs/api-contract.md, issue 8. Every comparison
// is also a .xlsx of the table as shown: the same query with format=xlsx (download.js).
import { request } from './api.js'

const id = (v) => encodeURIComponent(v)
const goal = (gid) => '/benchmark/goals/' + id(gid)
// A list of ids as the API takes it ("1,2,3"); an empty list is left out (the server's default).
export const idList = (ids) => (Array.isArray(ids) && ids.length ? ids.join(',') : undefined)

export const benchmarkApi = {
  // The catalogue of indicators, built-in and the tenant's own.
  listIndicators: () => request('GET', '/benchmark/indicators'),
  createIndicator: (body) => request('POST', '/benchmark/indicators', { body }),
  updateIndicator: (iid, patch) => request('PATCH', '/benchmark/indicators/' + id(iid), { body: patch }),
  deleteIndicator: (iid) => request('DELETE', '/benchmark/indicators/' + id(iid)),

  // Cities: this city first, then its peers.
  listCities: () => request('GET', '/benchmark/cities'),
  createCity: (body) => request('POST', '/benchmark/cities', { body }),
  updateCity: (cid, patch) => request('PATCH', '/benchmark/cities/' + id(cid), { body: patch }),
  deleteCity: (cid) => request('DELETE', '/benchmark/cities/' + id(cid)),

  // Values. query: { indicator_id, city_id, from, to, quarter, limit } -> { items, more }.
  listValues: (query) => request('GET', '/benchmark/values', { query }),
  // values: [{ indicator_id, city_id, year, quarter?, value | null (deletes), source?, note? }] -> { written }.
  putValues: (values) => request('PUT', '/benchmark/values', { body: { values } }),
  templatePath: '/benchmark/values/import-template',
  // layout: wide | long; wide also takes indicator_id (a sheet not named by an indicator: only the
  // first sheet is read) and source (of every value whose row gives none) -> { dry_run, rows,
  // written, sheets, skipped }, or 422 invalid_rows with error.cells as the other imports.
  importValues(file, { layout, dryRun, indicatorId, source } = {}) {
    const body = new FormData()
    body.append('file', file, file.name)
    return request('POST', '/benchmark/values/import', {
      query: { layout, dry_run: dryRun ? 'true' : 'false', indicator_id: indicatorId || undefined, source: source || undefined },
      body,
    })
  },

  // Comparisons; each path also answers the .xlsx with format=xlsx.
  comparePath: '/benchmark/compare',
  seriesPath: '/benchmark/series',
  radarPath: '/benchmark/radar',
  projectionPath: '/benchmark/projection',
  // query: { indicator_id, year, quarter, cities, years }
  compare: (query) => request('GET', '/benchmark/compare', { query }),
  // query: { indicator_id, cities, from, to, quarter }
  series: (query) => request('GET', '/benchmark/series', { query }),
  // query: { indicators, year, cities }
  radar: (query) => request('GET', '/benchmark/radar', { query }),
  // query: { indicator_id, year, peers, years, by, horizon }
  projection: (query) => request('GET', '/benchmark/projection', { query }),

  // Goals 目标, their status, history and split into units' targets.
  listGoals: () => request('GET', '/benchmark/goals'),
  getGoal: (gid) => request('GET', goal(gid)),
  createGoal: (body) => request('POST', '/benchmark/goals', { body }),
  updateGoal: (gid, patch) => request('PATCH', goal(gid), { body: patch }),
  deleteGoal: (gid) => request('DELETE', goal(gid)),
  goalHistory: (gid) => request('GET', goal(gid) + '/history'),
  // split: shares | weights | same; units: [{ unit_id, weight }] -> the goal.
  putGoalUnits: (gid, split, units) => request('PUT', goal(gid) + '/units', { body: { split, units } }),
  // The units' targets into a leaf of an open units scheme -> { sent, skipped: [unit_id] }.
  sendGoal: (gid, scheme_id, indicator_id) => request('POST', goal(gid) + '/send', { body: { scheme_id, indicator_id } }),
  // The resource ExportButton exports (GET /api/v1/benchmark/goals/export).
  goalsResource: 'benchmark/goals',
}
