/**
 * PL/SQL string literals as they appear in APEX exports: `'it''s'`, the
 * alternative quoting `q'[…]'`, national `n'…'`, and the `unistr('\00e9')`
 * escapes newer exports use for non-ASCII text.
 */

export type LiteralRead =
  | { ok: true; value: string; end: number }
  | { ok: false; message: string; end: number }

const Q_CLOSERS: Record<string, string> = { '[': ']', '{': '}', '(': ')', '<': '>' }

/**
 * Reads the literal starting at `pos` (at the quote, or at a `q`/`n`/`nq`
 * prefix). Returns undefined when no literal starts there. An unterminated
 * literal is reported, with `end` at the end of the text, so the caller can
 * stop instead of misreading the rest of the file as code.
 */
export function readStringLiteral(text: string, pos: number): LiteralRead | undefined {
  let i = pos
  const c0 = text[i]
  if (c0 === 'n' || c0 === 'N') {
    const c1 = text[i + 1]
    if (c1 === "'" || ((c1 === 'q' || c1 === 'Q') && text[i + 2] === "'")) i++
    else return undefined
  }
  const c = text[i]
  if ((c === 'q' || c === 'Q') && text[i + 1] === "'") return readQuoted(text, i + 2)
  if (c !== "'") return undefined
  let value = ''
  let from = i + 1
  for (;;) {
    const close = text.indexOf("'", from)
    if (close < 0) return { ok: false, message: 'unterminated string literal', end: text.length }
    value += text.slice(from, close)
    if (text[close + 1] === "'") {
      value += "'"
      from = close + 2
    } else {
      return { ok: true, value, end: close + 1 }
    }
  }
}

/** `q'X…X'`: no escapes inside; brackets close with their partner. */
function readQuoted(text: string, delimiterAt: number): LiteralRead {
  const open = text[delimiterAt]
  if (open === undefined || /\s/.test(open)) {
    return { ok: false, message: "q'…' literal without a delimiter", end: Math.min(text.length, delimiterAt + 1) }
  }
  const closer = Q_CLOSERS[open] ?? open
  const terminator = `${closer}'`
  const close = text.indexOf(terminator, delimiterAt + 1)
  if (close < 0) return { ok: false, message: "unterminated q'…' literal", end: text.length }
  return { ok: true, value: text.slice(delimiterAt + 1, close), end: close + 2 }
}

/**
 * Oracle UNISTR: `\XXXX` is a UTF-16 code unit, `\\` a backslash. Surrogate
 * pairs written as two escapes join up naturally because the result is a JS
 * (UTF-16) string. A malformed escape is kept as written rather than lost.
 */
export function decodeUnistr(encoded: string): string {
  return encoded.replace(/\\(\\|[0-9A-Fa-f]{4})/g, (_m, esc: string) =>
    esc === '\\' ? '\\' : String.fromCharCode(parseInt(esc, 16)),
  )
}
