// The appraisal calls (考核评优: schemes and their structure, data and review, results, simulate,
// publication, versions, appeals, public notices), next to api.js' table and going through its
// request(): same session, CSRF token and error shape. See docs/api-contract.md, issue 7.
import { request } from './api.js'

const id = (v) => encodeURIComponent(v)
const scheme = (sid) => '/appraisal/schemes/' + id(sid)

export const appraisalApi = {
  listKinds: () => request('GET', '/appraisal/kinds'),

  // query: { year, kind_id } -> { items: [summary] }, newest year first.
  listSchemes: (query) => request('GET', '/appraisal/schemes', { query }),
  getScheme: (sid) => request('GET', scheme(sid)),
  createScheme: (body) => request('POST', '/appraisal/schemes', { body }),
  copyScheme: (sid, body) => request('POST', scheme(sid) + '/copy', { body }),
  updateScheme: (sid, patch) => request('PATCH', scheme(sid), { body: patch }),
  deleteScheme: (sid) => request('DELETE', scheme(sid)),
  putStructure: (sid, structure) => request('PUT', scheme(sid) + '/structure', { body: structure }),
  // Computes the leaves whose source is the project library, for every subject: { updated, skipped }.
  refreshSources: (sid) => request('POST', scheme(sid) + '/sources/refresh'),
  openScheme: (sid) => request('POST', scheme(sid) + '/open'),
  reviseScheme: (sid, reason) => request('POST', scheme(sid) + '/revise', { body: { reason } }),

  // Data: the caller's subjects, one subject's values and items, and the review steps.
  listData: (sid) => request('GET', scheme(sid) + '/data'),
  getSubjectData: (sid, subj) => request('GET', scheme(sid) + '/subjects/' + id(subj) + '/data'),
  putSubjectData: (sid, subj, data) => request('PUT', scheme(sid) + '/subjects/' + id(subj) + '/data', { body: data }),
  // step: submit | return ({ comment }) | accept
  subjectStep: (sid, subj, step, body) => request('POST', scheme(sid) + '/subjects/' + id(subj) + '/' + step, { body }),

  // Results, computed now (before publication) and the what-if.
  results: (sid) => request('GET', scheme(sid) + '/results'),
  subjectResult: (sid, subj) => request('GET', scheme(sid) + '/results/' + id(subj)),
  // The resource ExportButton exports (GET /api/v1/appraisal/schemes/{id}/results/export).
  resultsResource: (sid) => scheme(sid).slice(1) + '/results',
  simulate: (sid, changes) => request('POST', scheme(sid) + '/simulate', { body: { changes } }),
  publish: (sid) => request('POST', scheme(sid) + '/publish'),
  reopen: (sid, reason) => request('POST', scheme(sid) + '/reopen', { body: { reason } }),

  // Published versions, frozen.
  listVersions: (sid) => request('GET', scheme(sid) + '/versions'),
  getVersion: (sid, v) => request('GET', scheme(sid) + '/versions/' + id(v)),
  versionSubject: (sid, v, subj) => request('GET', scheme(sid) + '/versions/' + id(v) + '/subjects/' + id(subj)),
  versionDiff: (sid, v, from) => request('GET', scheme(sid) + '/versions/' + id(v) + '/diff', { query: { from } }),

  // Appeals 申诉.
  listAppeals: (sid) => request('GET', scheme(sid) + '/appeals'),
  fileAppeal: (sid, subject_id, text) => request('POST', scheme(sid) + '/appeals', { body: { subject_id, text } }),
  answerAppeal: (aid, decision, answer) => request('POST', '/appraisal/appeals/' + id(aid) + '/answer', { body: { decision, answer } }),

  // Honour lists (表彰名单): query { year } -> { items: [summary] }; one list with its entries.
  listAwards: (query) => request('GET', '/appraisal/awards', { query }),
  getAward: (aid) => request('GET', '/appraisal/awards/' + id(aid)),

  // Public (no login).
  publicNotices: (tenant) => request('GET', '/public/notices', { query: { tenant } }),
  publicNotice: (sid, v, tenant) => request('GET', '/public/notices/' + id(sid) + '/' + id(v), { query: { tenant } }),
}
