// The appraisal calls (考核评优: schemes and their structure, data and review, results, simulate,
// publication, versions, appeals, public notices), next to api.js' table and going through its
// request(): same session, CSRF token and error shape. See docs/api-contract.md, issue 7.
import { request } from './api.js'

const id = (v) => encodeURIComponent(v)
const scheme = (sid) => '/appraisal/schemes/' + id(sid)
const award = (aid) => '/appraisal/awards/' + id(aid)

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
  // body: { kind: unit | enterprise | person, name, year, scheme_id, version, grades } -> the list.
  createAward: (body) => request('POST', '/appraisal/awards', { body }),
  deleteAward: (aid) => request('DELETE', award(aid)),
  publishAward: (aid) => request('POST', award(aid) + '/publish'),
  addAwardEntry: (aid, subject_id, reason) => request('POST', award(aid) + '/entries', { body: { subject_id, reason } }),
  removeAwardEntry: (aid, eid, reason) => request('POST', award(aid) + '/entries/' + id(eid) + '/remove', { body: { reason } }),
  // The .xlsx (GET /api/v1/appraisal/awards/{id}/export), for download.js' downloadFile.
  awardExportPath: (aid) => award(aid) + '/export',
  // Lists of individuals: quotas per unit and the units' nominations.
  awardQuotas: (aid) => request('GET', award(aid) + '/quotas'),
  putAwardQuotas: (aid, body) => request('PUT', award(aid) + '/quotas', { body }),
  listNominations: (aid) => request('GET', award(aid) + '/nominations'),
  nominate: (aid, body) => request('POST', award(aid) + '/nominations', { body }),
  approveNomination: (aid, nid, reason) => request('POST', award(aid) + '/nominations/' + id(nid) + '/approve', { body: reason ? { reason } : {} }),
  rejectNomination: (aid, nid, reason) => request('POST', award(aid) + '/nominations/' + id(nid) + '/reject', { body: { reason } }),
  withdrawNomination: (aid, nid) => request('DELETE', award(aid) + '/nominations/' + id(nid)),

  // Evidence 佐证材料 of one subject: { items: [file] }; upload a File (form part `file`); delete.
  listEvidence: (sid, subj) => request('GET', scheme(sid) + '/subjects/' + id(subj) + '/evidence'),
  uploadEvidence: (sid, subj, file) => {
    const body = new FormData()
    body.append('file', file, file.name)
    return request('POST', scheme(sid) + '/subjects/' + id(subj) + '/evidence', { body })
  },
  evidencePath: (eid) => '/appraisal/evidence/' + id(eid),
  deleteEvidence: (eid) => request('DELETE', '/appraisal/evidence/' + id(eid)),

  // Public (no login).
  publicNotices: (tenant) => request('GET', '/public/notices', { query: { tenant } }),
  publicNotice: (sid, v, tenant) => request('GET', '/public/notices/' + id(sid) + '/' + id(v), { query: { tenant } }),
}
