/**
 * Tokens of a PL/SQL or SQL fragment (a condition, a computation, a process
 * body). The translator only needs to recognise the small part of PL/SQL that
 * the engine's expression language can say; anything outside it makes
 * tokenizing fail, and the fragment stays "not simulated".
 */
import { readStringLiteral } from './plsql-literals.js'

export type PlsqlToken =
  | { type: 'string'; value: string }
  | { type: 'number'; text: string }
  /** `:NAME` or `:"NAME"` */
  | { type: 'bind'; name: string }
  /** An identifier, lower-cased (PL/SQL is case-insensitive outside quotes). */
  | { type: 'word'; word: string }
  | { type: 'punct'; punct: string }

const PUNCTUATION = ['||', ':=', '=>', '!=', '<>', '^=', '~=', '<=', '>=', '<', '>', '=', '+', '-', '*', '/', '(', ')', ',', ';', '.']

/** The tokens, or undefined when the text holds something the translator never handles. */
export function tokenizePlsql(text: string): PlsqlToken[] | undefined {
  const tokens: PlsqlToken[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i] as string
    if (/\s/.test(ch)) {
      i++
      continue
    }
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i)
      i = nl < 0 ? text.length : nl + 1
      continue
    }
    if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2)
      if (close < 0) return undefined
      i = close + 2
      continue
    }
    const literal = ch === "'" || /^[qQnN]'|^[nN][qQ]'/.test(text.slice(i, i + 3)) ? readStringLiteral(text, i) : undefined
    if (literal !== undefined) {
      if (!literal.ok) return undefined
      tokens.push({ type: 'string', value: literal.value })
      i = literal.end
      continue
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i, i + 64))
      const num = match?.[0] ?? ch
      tokens.push({ type: 'number', text: num })
      i += num.length
      continue
    }
    if (ch === ':' && text[i + 1] !== '=') {
      if (text[i + 1] === '"') {
        const close = text.indexOf('"', i + 2)
        if (close < 0) return undefined
        tokens.push({ type: 'bind', name: text.slice(i + 2, close) })
        i = close + 1
        continue
      }
      const match = /^[A-Za-z][A-Za-z0-9_$#]*/.exec(text.slice(i + 1, i + 300))
      if (match === null) return undefined
      tokens.push({ type: 'bind', name: match[0] })
      i += 1 + match[0].length
      continue
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$#]*/.exec(text.slice(i, i + 300)) as RegExpExecArray
      tokens.push({ type: 'word', word: match[0].toLowerCase() })
      i += match[0].length
      continue
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i))
    if (punct === undefined) return undefined
    tokens.push({ type: 'punct', punct })
    i += punct.length
  }
  return tokens
}
