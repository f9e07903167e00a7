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

// The unified social credit code (GB 32100-2015), as the server checks it: 18 characters of the
// alphabet below (no I, O, Z, S, V), characters 3–8 six digits, the 18th the check character:
// value(c) = its index in the alphabet, weights 3^(i−1) mod 31, check = 31 − (Σ mod 31), 31 as 0.
// Returns { key, params } for t(), or null. (Whether the province exists is left to the server.)
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export function creditCheckChar(first17) {
  let sum = 0
  for (let i = 0, w = 1; i < 17; i++, w = (w * 3) % 31) sum += CREDIT_ALPHABET.indexOf(first17[i]) * w
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31]
}
export function creditCodeProblem(code) {
  const s = code ?? ''
  if (s.trim() === '') return { key: 'valid.creditRequired' }
  if ([...s].length !== 18) return { key: 'valid.creditLength', params: { n: [...s].length } }
  for (let i = 0; i < 18; i++) {
    if (CREDIT_ALPHABET.includes(s[i])) continue
    if (CREDIT_ALPHABET.includes(s[i].toUpperCase())) return { key: 'valid.creditLower', params: { pos: i + 1 } }
    return { key: 'valid.creditChar', params: { pos: i + 1, c: s[i] } }
  }
  if (!/^[0-9]{6}$/.test(s.slice(2, 8))) return { key: 'valid.creditDivision' }
  const expected = creditCheckChar(s)
  if (s[17] !== expected) return { key: 'valid.creditCheck', params: { expected, got: s[17] } }
  return null
}
