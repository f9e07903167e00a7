// Amounts: the API counts integer fen (0.01 元; foreign investment in US cents, the same scale);
// people read and type 万元 (亿元 for size thresholds). Conversions are exact decimal-string
// arithmetic on BigInt, never floating point: "1234.56" 万元 is 123456 × 10,000 fen, not
// 1234.56 × 1e6 rounded.

export const FEN_PER_WAN = 1_000_000n // 1 万元 = 10,000 元 = 1,000,000 fen
export const FEN_PER_YI = 10_000_000_000n // 1 亿元 = 10,000 万元
export const AMOUNT_MAX = 1_000_000_000_000_000n // the server's limit (10 万亿元)

const DECIMAL_RE = /^(\d+)(?:\.(\d*))?$/

// "1,234.5" in units of `perUnit` fen -> fen as a Number, or null when the text is not a
// non-negative decimal that falls on a whole fen within the server's limit. Thousands separators
// and surrounding spaces are allowed.
export function parseAmount(text, perUnit = FEN_PER_WAN) {
  const s = String(text ?? '').replace(/[,，\s]/g, '')
  const m = DECIMAL_RE.exec(s)
  if (!m) return null
  const digits = perUnit.toString().length - 1 // perUnit is a power of ten
  const frac = (m[2] || '').replace(/0+$/, '')
  if (frac.length > digits) return null // finer than a fen
  const fen = BigInt(m[1]) * perUnit + BigInt(frac.padEnd(digits, '0') || '0')
  return fen <= AMOUNT_MAX ? Number(fen) : null
}

// fen -> the exact decimal in units of `perUnit`, without trailing zeros ("50000", "0.5"): what an
// edit form shows so that saving unchanged sends the same fen back.
export function amountText(fen, perUnit = FEN_PER_WAN) {
  if (fen === null || fen === undefined) return ''
  const v = BigInt(fen)
  const whole = v / perUnit
  const frac = (v % perUnit).toString().padStart(perUnit.toString().length - 1, '0').replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : `${whole}`
}

const groupThousands = (digits) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

// fen -> "12,345.68" in units of `perUnit`, rounded half up to 2 decimals.
export function formatUnits(fen, perUnit) {
  const v = BigInt(fen)
  const sign = v < 0n ? '-' : ''
  const cents = ((v < 0n ? -v : v) * 100n + perUnit / 2n) / perUnit
  return `${sign}${groupThousands((cents / 100n).toString())}.${(cents % 100n).toString().padStart(2, '0')}`
}

// fen -> "12,345.68" (万元); '' for no amount.
export function formatWan(fen) {
  return fen === null || fen === undefined ? '' : formatUnits(fen, FEN_PER_WAN)
}

// fen -> a number of 万元 for charts (a plotted value, never stored or sent back).
export function wanValue(fen) {
  return Number(fen) / Number(FEN_PER_WAN)
}
