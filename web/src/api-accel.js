// The project acceleration calls (cockpit, speed statistics, problems, saved filters), next to
// api.js' table and going through its request(): same session, CSRF token and error shape.
import { request } from './api.js'

const id = (v) => encodeURIComponent(v)

export const accelApi = {
  // The leaders' summary of a year (GET /cockpit).
  cockpit: (year) => request('GET', '/cockpit', { query: { year } }),
  // The speed report: { year, group, rows } with the total as the last row. group: unit|park|industry|size_class
  projectStats: (year, group) => request('GET', '/project-stats', { query: { year, group } }),
  getTargets: (year) => request('GET', '/project-settings/targets/' + id(year)),
  putTargets: (year, targets) => request('PUT', '/project-settings/targets/' + id(year), { body: { targets } }),
  // Units whose projects under construction have not reported the month.
  missingReports: (month) => request('GET', '/progress/missing', { query: { month } }),

  // Problems. query: { state, unit_id, project_id, overdue, escalated, page, page_size }
  listProblems: (query) => request('GET', '/problems', { query }),
  getProblem: (pid) => request('GET', '/problems/' + id(pid)),
  raiseProblem: (problem) => request('POST', '/problems', { body: problem }),
  // action: assign ({ unit_id, deadline, comment }), accept, resolve, confirm, reopen, escalate ({ comment })
  problemAction: (pid, action, body) => request('POST', '/problems/' + id(pid) + '/' + action, { body }),

  // Projects to choose from (the raise dialog): { q, page_size }.
  searchProjects: (query) => request('GET', '/projects', { query }),

  // A user's own saved list filters: resource projects|enterprises|problems; query = the list's query string.
  listSavedFilters: (resource) => request('GET', '/saved-filters', { query: { resource } }),
  saveFilter: (resource, name, query) => request('POST', '/saved-filters', { body: { resource, name, query } }),
  deleteSavedFilter: (fid) => request('DELETE', '/saved-filters/' + id(fid)),
}
