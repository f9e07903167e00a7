// All calls to the Pacesetter server go through here: plain fetch, same origin, /api/v1/...
// Failures become ApiError carrying the server's error object ({code, message, field, ...}).
// Sessions: the server's HttpOnly cookie rides along (credentials: same-origin); every
// state-changing call carries X-CSRF-Token (the token from /auth/login or /auth/me). A 401 from a
// protected call means the session is gone: the handler set by main.js sends the user to #/login.
import { lang, t } from './i18n.js'

const BASE = '/api/v1'
const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

let csrfToken = ''
let onUnauthorized = null

export function setCsrfToken(token) { csrfToken = token || '' }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn }

export class ApiError extends Error {
  constructor(status, error, res, body = null) {
    super(error?.message || t('error.unknown', { status }))
    this.name = 'ApiError'
    this.status = status
    this.code = error?.code || (status ? 'http_' + status : 'network')
    this.field = error?.field
    this.detail = error
    this.body = body // the whole answer (an import's 422 lists its bad cells beside `error`)
    const ra = res && res.headers ? res.headers.get('Retry-After') : null
    this.retryAfter = ra !== null && /^\d+$/.test(ra.trim()) ? Number(ra.trim()) : null
  }
}

function queryString(query) {
  if (!query) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    p.set(k, String(v))
  }
  const s = p.toString()
  return s ? '?' + s : ''
}

// Calls whose 401 is an answer about the credentials just typed, not a lost session.
const CREDENTIAL_CALLS = new Set(['/auth/login', '/auth/password'])

async function send(method, path, { query, body, accept = 'application/json' } = {}) {
  const headers = { Accept: accept, 'Accept-Language': lang.value === 'en' ? 'en' : 'zh' }
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' }
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  if (body instanceof FormData) {
    init.body = body // the browser writes the multipart Content-Type with its boundary
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  try {
    return await fetch(BASE + path + queryString(query), init)
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: t('error.network') })
  }
}

async function failure(res, path) {
  let data = null
  try { data = JSON.parse(await res.text()) } catch (_) { data = null }
  const err = new ApiError(res.status, data && data.error, res, data)
  if (res.status === 401 && onUnauthorized && path !== '/auth/me' &&
      (!CREDENTIAL_CALLS.has(path) || err.code === 'unauthenticated')) {
    onUnauthorized(err)
  }
  return err
}

export async function request(method, path, opts = {}) {
  const res = await send(method, path, opts)
  if (!res.ok) throw await failure(res, path)
  if (res.status === 204) return null
  const text = await res.text()
  if (!text) return null
  try { return JSON.parse(text) } catch (_) { return null }
}

// A file from the server (export, import template): the Response once it is OK, so the caller
// can read the body as a blob and the file name from its headers; a refusal throws ApiError.
export async function fetchFile(path, query) {
  const res = await send('GET', path, { query, accept: '*/*' })
  if (!res.ok) throw await failure(res, path)
  return res
}

const id = (v) => encodeURIComponent(v)

export const api = {
  version: () => request('GET', '/version'),

  // Session
  login: (username, password) => request('POST', '/auth/login', { body: { username, password } }),
  me: () => request('GET', '/auth/me'),
  logout: () => request('POST', '/auth/logout'),
  changePassword: (current_password, new_password) => request('POST', '/auth/password', { body: { current_password, new_password } }),

  // Units. query: { kind, parent_id ('root' or id), q, sort, page, page_size }
  listUnits: (query) => request('GET', '/units', { query }),
  getUnit: (uid) => request('GET', '/units/' + id(uid)),
  createUnit: (unit) => request('POST', '/units', { body: unit }),
  updateUnit: (uid, patch) => request('PATCH', '/units/' + id(uid), { body: patch }),
  deleteUnit: (uid) => request('DELETE', '/units/' + id(uid)),

  // Every unit matching query, following pages (page_size 1000, the server's maximum).
  async listAllUnits(query) {
    const items = []
    for (let page = 1; ; page++) {
      const r = await request('GET', '/units', { query: { ...query, page, page_size: 1000 } })
      items.push(...r.items)
      if (r.items.length === 0 || items.length >= r.total) return items
    }
  },

  // Spreadsheet import (units, users): one file, checked whole; dry_run=true only reports what
  // would happen (preview), dry_run=false writes everything or nothing. sheet: a sheet's name.
  importFile(resource, file, { dryRun, sheet } = {}) {
    const body = new FormData()
    body.append('file', file, file.name)
    return request('POST', '/' + resource + '/import', { query: { dry_run: dryRun ? 'true' : 'false', sheet }, body })
  },

  // Enterprises. query: { q, ownership, industry, park_id, above_size, leading_talent, high_tech, sort, page, page_size }
  listEnterprises: (query) => request('GET', '/enterprises', { query }),
  createEnterprise: (e) => request('POST', '/enterprises', { body: e }),
  updateEnterprise: (eid, patch) => request('PATCH', '/enterprises/' + id(eid), { body: patch }),
  deleteEnterprise: (eid) => request('DELETE', '/enterprises/' + id(eid)),
  // The GB/T 4754-2017 industry table. query: { q, level }
  listIndustries: (query) => request('GET', '/industries', { query }),

  // Users. query: { q, role, unit_id, disabled ('true'|'false'), page, page_size }
  listUsers: (query) => request('GET', '/users', { query }),
  getUser: (uid) => request('GET', '/users/' + id(uid)),
  createUser: (user) => request('POST', '/users', { body: user }),
  updateUser: (uid, patch) => request('PATCH', '/users/' + id(uid), { body: patch }),
  resetPassword: (uid, new_password) => request('POST', '/users/' + id(uid) + '/password', { body: { new_password } }),

  // Operation log and login log. query: { user_id, resource, action, from, to, page, page_size }
  listAudit: (query) => request('GET', '/audit', { query }),
  listLoginLog: (query) => request('GET', '/login-log', { query }),

  // Projects (项目库). query: the list's filters (docs/api-contract.md), sort, page, page_size.
  listProjects: (query) => request('GET', '/projects', { query }),
  getProject: (pid) => request('GET', '/projects/' + id(pid)),
  createProject: (project) => request('POST', '/projects', { body: project }),
  updateProject: (pid, patch) => request('PATCH', '/projects/' + id(pid), { body: patch }),
  deleteProject: (pid) => request('DELETE', '/projects/' + id(pid)),
  listReports: (pid) => request('GET', '/projects/' + id(pid) + '/reports'),
  listPhotos: (pid, month) => request('GET', '/projects/' + id(pid) + '/reports/' + month + '/photos'),
  uploadPhoto: (pid, month, file) => {
    const body = new FormData()
    body.append('file', file, file.name)
    return request('POST', '/projects/' + id(pid) + '/reports/' + month + '/photos', { body })
  },
  deletePhoto: (photoId) => request('DELETE', '/photos/' + id(photoId)),
  // One month's report { amount (fen), progress } -> { report, project } (the project's new warning).
  putReport: (pid, month, report) => request('PUT', '/projects/' + id(pid) + '/reports/' + id(month), { body: report }),
  // The reporter's screen, every project in scope (or under unit_id) with that month's report.
  // query: { month, unit_id } -> { month, items: [{ project, report | null }] }.
  listProgress: (query) => request('GET', '/progress', { query }),

  // The project office's settings.
  getWarningRules: (year) => request('GET', '/project-settings/warning-rules/' + id(year)),
  putWarningRules: (year, rules) => request('PUT', '/project-settings/warning-rules/' + id(year), { body: rules }),
  getSizeClasses: () => request('GET', '/project-settings/size-classes'),
  putSizeClasses: (thresholds) => request('PUT', '/project-settings/size-classes', { body: { thresholds } }),
  recomputeWarnings: () => request('POST', '/projects/warnings/recompute'),

  // Own API tokens
  listTokens: () => request('GET', '/tokens'),
  createToken: (name) => request('POST', '/tokens', { body: { name } }),
  revokeToken: (tid) => request('DELETE', '/tokens/' + id(tid)),
}
