/**
 * Turns expression source into tokens, on demand, so that the first problem in
 * reading order is the one reported (a later unterminated string must not hide
 * an earlier misplaced operator).
 */
import { normalizeName } from '../model/values.js'
import { ExpressionSyntaxError } from './syntax-error.js'
import { MAX_BIND_NAME_LENGTH, MAX_ITEM_NAME_LENGTH, isIdentifierPart, isIdentifierStart } from './names.js'

export type Punctuation = '(' | ')' | ',' | '||' | '+' | '-' | '*' | '/' | '=' | '<>' | '<' | '<=' | '>' | '>='

interface Span {
  /** Offset of the first character. */
  readonly start: number
  /** Offset just after the last character. */
  readonly end: number
}

export type Token =
  | (Span & { readonly type: 'number'; readonly value: number; readonly text: string })
  | (Span & { readonly type: 'string'; readonly value: string })
  /** `:NAME` / `:"NAME"`, with the upper-cased lookup key. */
  | (Span & { readonly type: 'ref'; readonly name: string })
  /** A bare word (keyword or function name), upper-cased: keywords are case-insensitive. */
  | (Span & { readonly type: 'word'; readonly word: string })
  | (Span & { readonly type: 'punct'; readonly punct: Punctuation })
  | (Span & { readonly type: 'eof' })

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9'
const isSpace = (ch: string | undefined): boolean => ch !== undefined && /^\s$/.test(ch)

export class Lexer {
  private pos = 0

  constructor(private readonly source: string) {}

  /** The next non-blank character without consuming anything (used for "did you mean" hints). */
  peekChar(): string | undefined {
    let i = this.pos
    while (isSpace(this.source[i])) i++
    return this.source[i]
  }

  next(): Token {
    this.skipBlanksAndComments()
    const src = this.source
    const start = this.pos
    const ch = src[start]
    if (ch === undefined) return { type: 'eof', start, end: start }
    if (isDigit(ch) || (ch === '.' && isDigit(src[start + 1]))) return this.number(start)
    if (ch === "'") return this.string(start)
    if (ch === ':') return this.reference(start)
    if (isIdentifierStart(ch)) {
      let end = start + 1
      while (isIdentifierPart(src[end])) end++
      this.pos = end
      return { type: 'word', word: src.slice(start, end).toUpperCase(), start, end }
    }
    const two = src.slice(start, start + 2)
    if (two === '||' || two === '<>' || two === '<=' || two === '>=' || two === '!=') {
      this.pos = start + 2
      // `!=` and `<>` mean the same; the tree keeps one spelling.
      return { type: 'punct', punct: two === '!=' ? '<>' : two, start, end: start + 2 }
    }
    if ('(),+-*/=<>'.includes(ch)) {
      this.pos = start + 1
      return { type: 'punct', punct: ch as Punctuation, start, end: start + 1 }
    }
    if (ch === '|') throw this.error("unexpected '|'; concatenation is written '||'", start)
    if (ch === '"') throw this.error(`unexpected '"'; a quoted item name needs a colon, as in :"NAME"`, start)
    const codePoint = String.fromCodePoint(src.codePointAt(start) ?? 0)
    throw this.error(`unexpected character ${JSON.stringify(codePoint)}`, start)
  }

  /** Oracle comments (`-- …` and `/* … *\/`), so that `1 --2` means what it means in SQL. */
  private skipBlanksAndComments(): void {
    const src = this.source
    for (;;) {
      while (isSpace(src[this.pos])) this.pos++
      if (src.startsWith('--', this.pos)) {
        while (this.pos < src.length && src[this.pos] !== '\n' && src[this.pos] !== '\r') this.pos++
      } else if (src.startsWith('/*', this.pos)) {
        const close = src.indexOf('*/', this.pos + 2)
        if (close < 0) throw this.error('unterminated comment', this.pos)
        this.pos = close + 2
      } else {
        return
      }
    }
  }

  /** `12`, `3.5`, `.5`, `12.`, and (so that every double can be written back) `1e21`, `2.5E-7`. */
  private number(start: number): Token {
    const src = this.source
    let end = start
    while (isDigit(src[end])) end++
    if (src[end] === '.') {
      end++
      while (isDigit(src[end])) end++
    }
    if (src[end] === 'e' || src[end] === 'E') {
      const signed = src[end + 1] === '+' || src[end + 1] === '-'
      const firstDigit = end + (signed ? 2 : 1)
      if (isDigit(src[firstDigit])) {
        end = firstDigit
        while (isDigit(src[end])) end++
      }
    }
    const text = src.slice(start, end)
    const value = Number(text)
    if (!Number.isFinite(value)) throw this.error(`number ${text} is out of range`, start)
    this.pos = end
    return { type: 'number', value, text, start, end }
  }

  /** `'text'` where `''` stands for one quote. */
  private string(start: number): Token {
    const src = this.source
    let value = ''
    let i = start + 1
    for (;;) {
      const close = src.indexOf("'", i)
      if (close < 0) throw this.error('unterminated string literal', start)
      value += src.slice(i, close)
      if (src[close + 1] === "'") {
        value += "'"
        i = close + 2
      } else {
        this.pos = close + 1
        return { type: 'string', value, start, end: this.pos }
      }
    }
  }

  private reference(start: number): Token {
    const src = this.source
    if (src[start + 1] === '"') {
      const close = src.indexOf('"', start + 2)
      if (close < 0) throw this.error('unterminated quoted item name', start)
      const written = src.slice(start + 2, close)
      if (written.length > MAX_ITEM_NAME_LENGTH) {
        throw this.error(`item name is longer than ${MAX_ITEM_NAME_LENGTH} characters`, start)
      }
      // Decision: quoted names are upper-cased like bare ones; the engine keys every item upper-case.
      const name = normalizeName(written)
      if (name === '') throw this.error('empty item name', start)
      this.pos = close + 1
      return { type: 'ref', name, start, end: this.pos }
    }
    if (!isIdentifierStart(src[start + 1])) {
      const hint = isDigit(src[start + 1]) ? `; a name starting with a digit must be quoted, as in :"NAME"` : ''
      throw this.error(`expected an item name after ':'${hint}`, start)
    }
    let end = start + 2
    while (isIdentifierPart(src[end])) end++
    const written = src.slice(start + 1, end)
    if (written.length > MAX_BIND_NAME_LENGTH) {
      throw this.error(
        `bind variable :${written} is longer than ${MAX_BIND_NAME_LENGTH} characters; use :"${written}" or V('${written}')`,
        start,
      )
    }
    this.pos = end
    return { type: 'ref', name: written.toUpperCase(), start, end }
  }

  private error(reason: string, position: number): ExpressionSyntaxError {
    return new ExpressionSyntaxError(reason, this.source, position)
  }
}
