// All calls to the Pacesetter server go through here: plain fetch, same origin, /api/v1/...
// Failures become ApiError carrying the server's error object ({code, message, field, ...}).
import { lang, t } from './i18n.js'

const BASE = '/api/v1'

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || t('error.unknown', { status }))
    this.name = 'ApiError'
    this.status = status
    this.code = error?.code || (status ? 'http_' + status : 'network')
    this.field = error?.field
    this.detail = error
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

export async function request(method, path, { query, body } = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang.value === 'en' ? 'en' : 'zh' }
  const init = { method, headers }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  let res
  try {
    res = await fetch(BASE + path + queryString(query), init)
  } catch (e) {
    throw new ApiError(0, { code: 'network', message: t('error.network') })
  }
  if (res.status === 204) return null
  const text = await res.text()
  let data = null
  if (text) {
    try { data = JSON.parse(text) } catch (_) { data = null }
  }
  if (!res.ok) throw new ApiError(res.status, data && data.error)
  return data
}

export const api = {
  version: () => request('GET', '/version'),
  // query: { kind, parent_id ('root' or id), q, sort, page, page_size }
  listUnits: (query) => request('GET', '/units', { query }),
  getUnit: (id) => request('GET', '/units/' + encodeURIComponent(id)),
  createUnit: (unit) => request('POST', '/units', { body: unit }),
  updateUnit: (id, patch) => request('PATCH', '/units/' + encodeURIComponent(id), { body: patch }),
  deleteUnit: (id) => request('DELETE', '/units/' + encodeURIComponent(id)),

  // Every unit matching query, following pages (page_size 1000, the server's maximum).
  async listAllUnits(query) {
    const items = []
    for (let page = 1; ; page++) {
      const r = await request('GET', '/units', { query: { ...query, page, page_size: 1000 } })
      items.push(...r.items)
      if (r.items.length === 0 || items.length >= r.total) return items
    }
  },
}
