// Files from the server (list exports, import templates): fetched with the session as a blob and
// saved under the name the server gives (Content-Disposition), so a refusal (the JSON error shape)
// shows as a message instead of a broken download or a page of JSON.
import { ElMessage } from 'element-plus'
import { fetchFile } from './api.js'
import { t } from './i18n.js'

// The file name in a Content-Disposition header: filename*=UTF-8''… (RFC 6266/5987, the one that
// can carry Chinese) before the plain filename=…; null when there is none.
export function filenameFrom(header) {
  if (!header) return null
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[2].trim())
    } catch (_) { /* a malformed escape: fall back to the plain name */ }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header)
  if (plain) return (plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]).trim() || null
  return null
}

export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

// Downloads GET /api/v1{path}?{query} and saves it; returns the file name. Throws ApiError.
export async function downloadFile(path, query, fallbackName) {
  const res = await fetchFile(path, query)
  const blob = await res.blob()
  const name = filenameFrom(res.headers.get('Content-Disposition')) || fallbackName
  saveBlob(blob, name)
  return name
}

export const EXPORT_FORMATS = ['xlsx', 'csv']

// Exports a list (units, users, audit, login-log) in `format` with the list's own filter and sort query
// (no page, no page_size), saying how it went in a message. Returns the file name, or null.
export async function exportList(resource, format, query) {
  const q = { ...query, format }
  delete q.page
  delete q.page_size
  try {
    const name = await downloadFile('/' + resource + '/export', q, resource + '.' + format)
    ElMessage.success({ message: t('export.done', { name }), grouping: true })
    return name
  } catch (e) {
    ElMessage.error({ message: e.message, grouping: true })
    return null
  }
}

// The import template of a resource (units, users).
export async function downloadTemplate(resource) {
  try {
    return await downloadFile('/' + resource + '/import-template', undefined, resource + '-template.xlsx')
  } catch (e) {
    ElMessage.error({ message: e.message, grouping: true })
    return null
  }
}
