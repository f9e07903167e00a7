// The signed-in user: who they are, their role and what they may do (`permissions` from
// GET /api/v1/auth/me). The UI shows only what the permissions allow; the server still checks
// every call.
import { reactive, computed } from 'vue'
import { api, setCsrfToken } from './api.js'

export const session = reactive({
  checked: false, // /auth/me answered at least once
  user: null,
  permissions: [],
})

export const loggedIn = computed(() => !!session.user)

export function can(perm) {
  return session.permissions.includes(perm)
}

// Scoped roles see their unit and its descendants only (data scope): their unit tree starts at
// their own unit, not at the city's top level.
export const scopeUnitId = computed(() => {
  const u = session.user
  if (!u || u.unit_id === null || u.unit_id === undefined) return null
  return u.role === 'unit_reporter' || u.role === 'leader' ? u.unit_id : null
})

function apply(r) {
  session.user = r && r.user ? r.user : null
  if (r && Array.isArray(r.permissions)) session.permissions = r.permissions
  setCsrfToken(r && r.csrf_token)
  session.checked = true
}

export function clearSession() {
  session.user = null
  session.permissions = []
  setCsrfToken('')
  session.checked = true
}

// Reads the session from the server; false when not logged in.
export async function loadMe() {
  try {
    apply(await api.me())
    return true
  } catch (e) {
    if (e.status === 401) {
      clearSession()
      return false
    }
    throw e
  }
}

export async function login(username, password) {
  const r = await api.login(username, password)
  setCsrfToken(r && r.csrf_token)
  // The permissions come with /auth/me.
  await loadMe()
  return session.user
}

export async function logout() {
  try { await api.logout() } catch (_) { /* the session may already be gone */ }
  clearSession()
}

export async function changePassword(current, next) {
  await api.changePassword(current, next)
  // Every session of the user ended and a new cookie came back: fetch its CSRF token.
  await loadMe()
}
