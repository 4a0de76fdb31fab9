/**
 * One lexer for Oracle SQL and PL/SQL text, shared by the SQL translator and
 * the PL/SQL parser so both agree on what a string, a bind or a comment is.
 *
 * Contract (frozen; extend only by adding):
 * - `tokenize` never throws and always ends with exactly one `eof` token.
 * - Every token's `text` is the source exactly (`text === source.slice(offset,
 *   offset + text.length)`), tokens come in source order and only whitespace
 *   and comments lie between them.
 * - Comments (`-- …` and `/* … *\/`, hints included) are skipped.
 * - An unterminated string, comment or quoted identifier yields ONE `error`
 *   token covering the rest of the text that names what was left open; an
 *   unexpected character yields an `error` token for that character and
 *   lexing goes on.
 * - `line` and `col` are 1-based; columns count UTF-16 code units; `\n`,
 *   `\r\n` and a lone `\r` each end a line.
 */

export type TokenKind = 'word' | 'quotedIdent' | 'string' | 'number' | 'bind' | 'op' | 'punct' | 'error' | 'eof'

export interface Token {
  kind: TokenKind
  /** The source text exactly. */
  text: string
  /**
   * word: upper-cased; quotedIdent: the inner name as written; string: the
   * unescaped content (`''` → `'`, q'[..]' and N'..' handled); number: the
   * text; bind: the name without ':' (upper-cased unless quoted); op/punct:
   * the text; error: a message; eof: ''.
   */
  value: string
  offset: number
  line: number
  col: number
}

/** Two-character operators, longest match first (checked before single ones). */
const TWO_CHAR_OPS = new Set(['||', ':=', '=>', '<>', '!=', '^=', '~=', '<=', '>=', '..', '**', '<<', '>>'])
/** Single-character operators. `:` alone (not a bind, not `:=`) is kept as an op so a parser can name it. */
const ONE_CHAR_OPS = new Set(['+', '-', '*', '/', '=', '<', '>', ':'])
const PUNCT = new Set(['(', ')', ',', ';', '.', '@', '%'])
/** q'X…X' closing delimiters for the bracket pairs; any other delimiter closes with itself. */
const Q_CLOSERS: Record<string, string> = { '[': ']', '{': '}', '<': '>', '(': ')' }

const NON_ASCII_LETTER = /\p{L}/u

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
}

function isIdentStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  if (isAsciiLetter(c)) return true
  return c > 127 && NON_ASCII_LETTER.test(text.charAt(i))
}

/** Oracle identifiers continue with letters, digits, `_`, `$` and `#`. */
function isIdentPart(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  if (isAsciiLetter(c) || isDigit(c) || c === 95 /* _ */ || c === 36 /* $ */ || c === 35 /* # */) return true
  return c > 127 && NON_ASCII_LETTER.test(text.charAt(i))
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const n = text.length
  let pos = 0
  let line = 1
  let lineStart = 0

  /** Moves `pos` to `end`, counting the line breaks passed over. */
  const advanceTo = (end: number): void => {
    for (let i = pos; i < end; i++) {
      const c = text.charCodeAt(i)
      if (c === 10) {
        line++
        lineStart = i + 1
      } else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) continue // the \n that follows counts the break
        line++
        lineStart = i + 1
      }
    }
    pos = end
  }

  const push = (kind: TokenKind, end: number, value: string): void => {
    tokens.push({ kind, text: text.slice(pos, end), value, offset: pos, line, col: pos - lineStart + 1 })
    advanceTo(end)
  }

  /** A '…' string starting at `quote` (the opening quote); returns the end offset and content, or null if unterminated. */
  const scanQuoted = (quote: number): { end: number; value: string } | null => {
    let value = ''
    let i = quote + 1
    for (;;) {
      const close = text.indexOf("'", i)
      if (close < 0) return null
      value += text.slice(i, close)
      if (text.charCodeAt(close + 1) === 39) {
        value += "'"
        i = close + 2
        continue
      }
      return { end: close + 1, value }
    }
  }

  /** A q'X…X' string whose opening quote is at `quote`. */
  const scanQQuoted = (quote: number): { end: number; value: string } | 'unterminated' | 'badDelimiter' => {
    const delimiter = text.charAt(quote + 1)
    if (delimiter === '') return 'unterminated'
    if (isWhitespace(delimiter.charCodeAt(0))) return 'badDelimiter'
    const closer = Q_CLOSERS[delimiter] ?? delimiter
    const close = text.indexOf(closer + "'", quote + 2)
    if (close < 0) return 'unterminated'
    return { end: close + 2, value: text.slice(quote + 2, close) }
  }

  while (pos < n) {
    const c = text.charCodeAt(pos)
    const ch = text.charAt(pos)

    if (isWhitespace(c)) {
      let end = pos + 1
      while (end < n && isWhitespace(text.charCodeAt(end))) end++
      advanceTo(end)
      continue
    }

    // Comments.
    if (ch === '-' && text.charAt(pos + 1) === '-') {
      let end = pos + 2
      while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++
      advanceTo(end)
      continue
    }
    if (ch === '/' && text.charAt(pos + 1) === '*') {
      const close = text.indexOf('*/', pos + 2)
      if (close < 0) {
        push('error', n, 'unterminated comment (/* without */)')
        break
      }
      advanceTo(close + 2)
      continue
    }

    // Strings: '…', N'…', q'X…X', Nq'X…X'.
    if (ch === "'") {
      const scanned = scanQuoted(pos)
      if (!scanned) {
        push('error', n, "unterminated string literal (' without closing ')")
        break
      }
      push('string', scanned.end, scanned.value)
      continue
    }
    if (ch === 'n' || ch === 'N' || ch === 'q' || ch === 'Q') {
      const next = text.charAt(pos + 1)
      const isN = ch === 'n' || ch === 'N'
      const qAt = isN && (next === 'q' || next === 'Q') ? pos + 1 : !isN ? pos : -1
      if (qAt >= 0 && text.charAt(qAt + 1) === "'") {
        const scanned = scanQQuoted(qAt + 1)
        if (scanned === 'unterminated') {
          push('error', n, "unterminated q-quoted string (q'X without closing X')")
          break
        }
        if (scanned === 'badDelimiter') {
          push('error', qAt + 2, "invalid q-quote delimiter: q' must be followed by a non-blank character")
          continue
        }
        push('string', scanned.end, scanned.value)
        continue
      }
      if (isN && next === "'") {
        const scanned = scanQuoted(pos + 1)
        if (!scanned) {
          push('error', n, "unterminated string literal (N' without closing ')")
          break
        }
        push('string', scanned.end, scanned.value)
        continue
      }
    }

    if (isIdentStart(text, pos)) {
      let end = pos + 1
      while (end < n && isIdentPart(text, end)) end++
      push('word', end, text.slice(pos, end).toUpperCase())
      continue
    }

    if (ch === '"') {
      const close = text.indexOf('"', pos + 1)
      if (close < 0) {
        push('error', n, 'unterminated quoted identifier (" without closing ")')
        break
      }
      push('quotedIdent', close + 1, text.slice(pos + 1, close))
      continue
    }

    // Numbers: 12, 12.5, 12., .5, 1e10, 1.5E-3. `1..10` is 1, '..', 10.
    if (isDigit(c) || (ch === '.' && isDigit(text.charCodeAt(pos + 1)))) {
      let end = pos
      while (end < n && isDigit(text.charCodeAt(end))) end++
      if (text.charAt(end) === '.' && text.charAt(end + 1) !== '.') {
        end++
        while (end < n && isDigit(text.charCodeAt(end))) end++
      }
      const e = text.charAt(end)
      if (e === 'e' || e === 'E') {
        let expAt = end + 1
        const sign = text.charAt(expAt)
        if (sign === '+' || sign === '-') expAt++
        if (isDigit(text.charCodeAt(expAt))) {
          end = expAt
          while (end < n && isDigit(text.charCodeAt(end))) end++
        }
      }
      push('number', end, text.slice(pos, end))
      continue
    }

    // Binds: :NAME, :"Quoted Name", :1 — but not ':='.
    if (ch === ':' && text.charAt(pos + 1) !== '=') {
      const next = pos + 1
      if (text.charAt(next) === '"') {
        const close = text.indexOf('"', next + 1)
        if (close < 0) {
          push('error', n, 'unterminated quoted bind variable (:" without closing ")')
          break
        }
        push('bind', close + 1, text.slice(next + 1, close))
        continue
      }
      if (next < n && (isIdentStart(text, next) || isDigit(text.charCodeAt(next)))) {
        let end = next + 1
        while (end < n && isIdentPart(text, end)) end++
        push('bind', end, text.slice(next, end).toUpperCase())
        continue
      }
    }

    const two = text.slice(pos, pos + 2)
    if (TWO_CHAR_OPS.has(two)) {
      push('op', pos + 2, two)
      continue
    }
    if (ONE_CHAR_OPS.has(ch)) {
      push('op', pos + 1, ch)
      continue
    }
    if (PUNCT.has(ch)) {
      push('punct', pos + 1, ch)
      continue
    }

    // Anything else is reported and skipped, one code point at a time.
    const width = c >= 0xd800 && c <= 0xdbff && pos + 1 < n ? 2 : 1
    push('error', pos + width, `unexpected character ${JSON.stringify(text.slice(pos, pos + width))}`)
  }

  tokens.push({ kind: 'eof', text: '', value: '', offset: n, line, col: n - lineStart + 1 })
  return tokens
}
