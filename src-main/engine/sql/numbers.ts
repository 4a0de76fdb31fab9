/**
 * Oracle NUMBER ⇄ text: TO_CHAR(n), TO_CHAR(n, format), TO_NUMBER(text[, format])
 * and the implicit VARCHAR2 → NUMBER conversion. NLS settings are fixed to
 * AMERICA: `.` decimal, `,` group, `$` currency.
 */

export class OracleNumberError extends Error {}

export function invalidNumber(text: string): OracleNumberError {
  return new OracleNumberError(`ORA-01722: invalid number ("${text.length > 40 ? text.slice(0, 40) + '…' : text}")`)
}

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Oracle's implicit conversion of a VARCHAR2 to NUMBER (blanks around allowed). */
export function textToNumber(text: string): number {
  const t = text.trim()
  if (!NUMERIC_TEXT.test(t)) throw invalidNumber(text)
  return Number(t)
}

/** TO_CHAR(n) without a format: no trailing zeros, no leading zero before the point (`.5`, `-.5`). */
export function numberToText(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '~' : '-~'
  if (Object.is(n, -0)) return '0'
  let s = Math.abs(n) < 1e21 && (Math.abs(n) >= 1e-6 || n === 0) ? String(n) : n.toExponential().replace(/e([+-])(\d)$/, 'E$10$2').toUpperCase()
  if (!s.includes('E')) {
    // Oracle keeps 38-40 significant digits; JS gives the shortest exact round trip — already canonical.
    if (s.startsWith('0.')) s = s.slice(1)
    else if (s.startsWith('-0.')) s = '-' + s.slice(2)
  }
  return s
}

/** TO_CHAR(n, format) for the common number format models: 9 0 , . G D FM L $ S MI PR X. */
export function formatNumber(n: number, format: string): string {
  let f = format
  let fm = false
  if (/^FM/i.test(f)) {
    fm = true
    f = f.slice(2)
  }
  if (/^[X0]+$/i.test(f.replace(/^0+/, '0'))) return formatHex(n, f, fm)
  let currency = ''
  let signMode: 'lead' | 'S-lead' | 'S-trail' | 'MI' | 'PR' = 'lead'
  if (/^[L$]/i.test(f)) {
    currency = '$'
    f = f.slice(1)
  }
  if (/^S/i.test(f)) {
    signMode = 'S-lead'
    f = f.slice(1)
  }
  if (/^[L$]/i.test(f)) {
    currency = '$'
    f = f.slice(1)
  }
  if (/MI$/i.test(f)) {
    signMode = 'MI'
    f = f.slice(0, -2)
  } else if (/PR$/i.test(f)) {
    signMode = 'PR'
    f = f.slice(0, -2)
  } else if (/S$/i.test(f)) {
    signMode = 'S-trail'
    f = f.slice(0, -1)
  }
  if (!/^[90,.GD]*$/i.test(f)) throw new OracleNumberError(`ORA-01481: invalid number format model "${format}"`)
  const decimalAt = f.search(/[.D]/i)
  const intFormat = decimalAt < 0 ? f : f.slice(0, decimalAt)
  const decFormat = decimalAt < 0 ? '' : f.slice(decimalAt + 1)
  const decimals = (decFormat.match(/[09]/g) ?? []).length
  const intSlots = (intFormat.match(/[09]/g) ?? []).length
  const [rawInt, rawDec = ''] = Math.abs(n).toFixed(decimals).split('.') as [string, string?]
  const negative = n < 0 && Number(Math.abs(n).toFixed(decimals)) !== 0
  const firstZero = intFormat.search(/0/)
  let digits = rawInt
  if (digits === '0' && firstZero < 0 && (decimals > 0 || intSlots === 0)) digits = ''
  if (digits.length > intSlots) return '#'.repeat(format.length + 1)
  // Integer part, right to left over the format.
  let intText = ''
  let di = digits.length - 1
  for (let k = intFormat.length - 1; k >= 0; k--) {
    const c = intFormat.charAt(k).toUpperCase()
    if (c === '9' || c === '0') {
      if (di >= 0) intText = digits.charAt(di--) + intText
      else if (firstZero >= 0 && k >= firstZero) intText = '0' + intText
      else intText = ' ' + intText
    } else {
      // Group separator: printed only between digits.
      intText = (di >= 0 || (firstZero >= 0 && k > firstZero) ? ',' : ' ') + intText
    }
  }
  let decText = ''
  if (decimalAt >= 0) {
    let dec = rawDec
    if (fm) {
      // FM drops trailing zeros held by 9s (not by 0s).
      let keep = dec.length
      const slots = decFormat.replace(/[^09]/g, '')
      while (keep > 0 && dec.charAt(keep - 1) === '0' && slots.charAt(keep - 1) === '9') keep--
      dec = dec.slice(0, keep)
    }
    decText = '.' + dec
  }
  let body = intText.replace(/^ +/, '')
  const padWidth = intText.length - body.length
  body = currency + body + decText
  let text: string
  switch (signMode) {
    case 'lead':
      text = (negative ? '-' : fm ? '' : ' ') + body
      break
    case 'S-lead':
      text = (negative ? '-' : '+') + body
      break
    case 'S-trail':
      text = body + (negative ? '-' : '+')
      break
    case 'MI':
      text = body + (negative ? '-' : fm ? '' : ' ')
      break
    case 'PR':
      text = negative ? `<${body}>` : fm ? body : ` ${body} `
      break
  }
  return fm ? text : ' '.repeat(padWidth) + text
}

function formatHex(n: number, f: string, fm: boolean): string {
  if (n < 0 || !Number.isFinite(n)) return '#'.repeat(f.length + 1)
  const hex = Math.round(n).toString(16)
  const upper = /X/.test(f) ? hex.toUpperCase() : hex
  if (upper.length > f.length) return '#'.repeat(f.length + 1)
  const zeroPad = f.startsWith('0')
  const padded = zeroPad ? upper.padStart(f.length, '0') : upper
  return fm ? padded : padded.padStart(f.length + 1, ' ')
}

/** TO_NUMBER(text, format): group separators, currency and sign positions of the format are accepted. */
export function parseNumber(text: string, format: string | null): number {
  if (format === null) return textToNumber(text)
  const f = format.replace(/^FM/i, '')
  if (/^[X0]+$/i.test(f)) {
    const t = text.trim()
    if (!/^[0-9a-fA-F]+$/.test(t) || t.length > f.length) throw invalidNumber(text)
    return parseInt(t, 16)
  }
  let t = text.trim()
  let negative = false
  if (/PR$/i.test(f) && /^<.*>$/.test(t)) {
    negative = true
    t = t.slice(1, -1)
  }
  if (/MI$/i.test(f) || /S$/i.test(f)) {
    if (t.endsWith('-')) {
      negative = true
      t = t.slice(0, -1)
    } else if (t.endsWith('+')) t = t.slice(0, -1)
  }
  t = t.replace(/^\$/, '').replace(/,/g, '')
  const value = textToNumber(t.replace(/^(-?)\$/, '$1'))
  return negative ? -value : value
}
