// Client-side checks that mirror the server's rules (docs/api-contract.md); the server has the
// last word. Each returns an i18n key, or null when the value is fine.

// Passwords: 12 to 128 characters (code points), not the user name (case-insensitive), no
// composition rules.
export function passwordProblem(pw, username) {
  const s = pw ?? ''
  if (s === '') return 'valid.passwordRequired'
  const n = [...s].length
  if (n < 12 || n > 128) return 'valid.passwordLength'
  if (username && s.toLowerCase() === String(username).toLowerCase()) return 'valid.passwordNotUsername'
  return null
}

const USERNAME_RE = /^[A-Za-z0-9_.@-]{3,64}$/
export function usernameProblem(u) {
  const s = u ?? ''
  if (s === '') return 'valid.usernameRequired'
  if (!USERNAME_RE.test(s)) return 'valid.usernamePattern'
  return null
}
