/**
 * A tolerant reader for the PL/SQL that APEX writes into export files.
 *
 * Exports are long scripts of `pkg.create_xxx(p_name=>value, …);` calls wrapped
 * in `begin … end;` blocks and SQL*Plus commands. Only the calls matter, so
 * this is not a PL/SQL parser: it walks the text, skips everything it does not
 * recognise, and evaluates call arguments to plain values (`ArgValue`).
 *
 * It must never throw on any input (real exports get truncated, hand-edited,
 * or come from versions we have never seen): a call it cannot read becomes a
 * problem with file and line, and reading resumes at the next line that starts
 * a call.
 */
import type { ImportProblem } from './import-types.js'
import type { ArgValue, ExportCall } from './export-call.js'
import { decodeUnistr, readStringLiteral } from './plsql-literals.js'
import { SourceLines } from './source-lines.js'

export interface ParsedExportFile {
  calls: ExportCall[]
  problems: ImportProblem[]
}

/** Packages whose calls are collected; other PL/SQL (user install code) is skipped. */
const EXPORT_PACKAGE = /^(wwv_|apex_)/i

/** SQL*Plus commands: their lines are free text (unbalanced quotes are fine there). */
const SQLPLUS_COMMANDS = new Set([
  'prompt', 'pro', 'set', 'whenever', 'rem', 'remark', 'spool', 'define', 'undefine', 'column', 'col', 'exit', 'quit', 'host', 'timing',
])

/** A line that starts an export call (sticky: tested at a given line start). */
const EXPORT_CALL_LINE = /[ \t]*(?:wwv_|apex_)[A-Za-z0-9_$#]*\.[A-Za-z0-9_$#.]+[ \t]*\(/iy

/**
 * A statement-level export call (sticky). Exports start every such call on a
 * line of its own and never nest them, so meeting one inside an argument list
 * means the call before it was never closed.
 */
const STATEMENT_CALL = /(?:wwv_|apex_)[A-Za-z0-9_$#]*\.(?:(?:create|import|remove|set)_[A-Za-z0-9_$#]*[ \t]*\(|component_(?:begin|end)\b)/iy

/** Garbage like "((((((…" must hit this, not the JavaScript stack limit. */
const MAX_DEPTH = 200

class ParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

// Character tests without regular expressions: they run once per character of multi-megabyte files.
const isLetter = (ch: string): boolean => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9'
const isIdentStart = (ch: string | undefined): boolean => ch !== undefined && (isLetter(ch) || ch === '_')
const isIdentPart = (ch: string | undefined): boolean =>
  ch !== undefined && (isLetter(ch) || isDigit(ch) || ch === '_' || ch === '$' || ch === '#')
const isBlank = (ch: string | undefined): boolean =>
  ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === '\f' || ch === '\v' || ch === '\u00a0' || ch === '\ufeff'

export function parseExportCalls(text: string, file: string): ParsedExportFile {
  return new ExportCallScanner(text, file).run()
}

class ExportCallScanner {
  private pos = 0
  private depth = 0
  private readonly lines: SourceLines
  private readonly calls: ExportCall[] = []
  private readonly problems: ImportProblem[] = []

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    this.lines = new SourceLines(text)
  }

  run(): ParsedExportFile {
    const { text } = this
    while (this.pos < text.length) {
      const ch = text[this.pos]
      if (ch === '-' && text[this.pos + 1] === '-') {
        this.skipLine()
      } else if (ch === '/' && text[this.pos + 1] === '*') {
        const close = text.indexOf('*/', this.pos + 2)
        this.pos = close < 0 ? text.length : close + 2
      } else if (ch === '@' && this.atLineStart(this.pos)) {
        this.skipLine()
      } else if (ch === "'" || ((ch === 'q' || ch === 'Q' || ch === 'n' || ch === 'N') && this.literalStartsAt(this.pos))) {
        const literal = readStringLiteral(text, this.pos)
        if (literal === undefined) {
          this.pos++
        } else {
          if (!literal.ok) this.problem(this.pos, literal.message)
          this.pos = literal.end
        }
      } else if (isIdentStart(ch)) {
        this.statementWord()
      } else {
        this.pos++
      }
    }
    return { calls: this.calls, problems: this.problems }
  }

  /** A word at statement level: a SQL*Plus command, an export call, or something to step over. */
  private statementWord(): void {
    const start = this.pos
    const path = this.readPath()
    const lower = path.toLowerCase()
    if (!lower.includes('.') && SQLPLUS_COMMANDS.has(lower) && this.atLineStart(start)) {
      this.skipLine()
      return
    }
    const afterPath = this.pos
    this.skipBlanks()
    if (this.text[this.pos] !== '(') {
      this.pos = afterPath
      return
    }
    const dot = lower.lastIndexOf('.')
    if (dot < 0 || !EXPORT_PACKAGE.test(lower)) {
      // Someone's own PL/SQL: step over its argument list without judging it.
      this.skipBalancedLeniently()
      return
    }
    this.readCall(start, lower.slice(0, dot), lower.slice(dot + 1))
  }

  private readCall(start: number, pkg: string, name: string): void {
    const line = this.lines.lineOf(start)
    try {
      this.depth = 0
      this.pos++ // '('
      const { named, positional } = this.readArguments()
      this.skipPostfix()
      this.skipBlanks()
      // `wwv_flow_imp.g_varchar2_table(1) := '…';` is an assignment (static file bytes), not a call.
      if (this.text.startsWith(':=', this.pos)) {
        this.skipToStatementEnd()
        return
      }
      this.calls.push({ pkg, name, args: named, positional, file: this.file, line })
    } catch (error) {
      if (!(error instanceof ParseError)) throw error
      const at = this.lines.lineOf(Math.min(error.offset, Math.max(0, this.text.length - 1)))
      this.problems.push({
        file: this.file,
        line,
        message: `malformed call ${pkg}.${name}: ${error.message} (at line ${at}); the call was skipped`,
      })
      this.resyncAfter(line)
    }
  }

  /** After a malformed call, continue at the next line that starts an export call. */
  private resyncAfter(line: number): void {
    const pattern = /^[ \t]*(?:wwv_|apex_)[A-Za-z0-9_$#]*\.[A-Za-z0-9_$#.]+[ \t]*\(/gim
    pattern.lastIndex = Math.min(this.lines.startOf(line + 1), this.text.length)
    const next = pattern.exec(this.text)
    this.pos = next === null ? this.text.length : next.index
  }

  // ---------------------------------------------------------------- arguments

  private readArguments(): { named: Record<string, ArgValue>; positional: ArgValue[] } {
    const named: Record<string, ArgValue> = {}
    const positional: ArgValue[] = []
    this.enter()
    this.skipBlanks()
    if (this.text[this.pos] === ')') {
      this.pos++
      this.depth--
      return { named, positional }
    }
    for (;;) {
      this.skipBlanks()
      if (this.startsStatementCall()) throw new ParseError('the call is not closed before the next call', this.pos)
      const argName = this.tryArgumentName()
      const value = this.readValue()
      if (argName === undefined) positional.push(value)
      else named[argName] = value
      this.skipBlanks()
      const ch = this.text[this.pos]
      if (ch === ',') {
        this.pos++
      } else if (ch === ')') {
        this.pos++
        this.depth--
        return { named, positional }
      } else if (ch === undefined) {
        throw new ParseError('unexpected end of file: unbalanced parentheses', this.pos)
      } else {
        throw new ParseError(`expected ',' or ')' but found ${JSON.stringify(ch)}`, this.pos)
      }
    }
  }

  /** `p_name =>`; returns the lower-case name, or undefined (position unchanged) for a positional argument. */
  private tryArgumentName(): string | undefined {
    const save = this.pos
    if (!isIdentStart(this.text[this.pos])) return undefined
    while (isIdentPart(this.text[this.pos])) this.pos++
    const word = this.text.slice(save, this.pos)
    this.skipBlanks()
    if (this.text.startsWith('=>', this.pos)) {
      this.pos += 2
      return word.toLowerCase()
    }
    this.pos = save
    return undefined
  }

  /** A value with its operators: `'a'||chr(10)||'b'`, `123+wwv_flow_api.g_id_offset`. */
  private readValue(): ArgValue {
    const start = this.pos
    const parts: ArgValue[] = [this.readOperand()]
    const ops: string[] = []
    for (;;) {
      this.skipBlanks()
      const ch = this.text[this.pos]
      if (ch === '|' && this.text[this.pos + 1] === '|') {
        this.pos += 2
        ops.push('||')
      } else if (ch === '+' || ch === '-' || ch === '*' || ch === '/') {
        this.pos++
        ops.push(ch)
      } else {
        break
      }
      parts.push(this.readOperand())
    }
    if (ops.length === 0) return parts[0] as ArgValue
    const source = this.text.slice(start, this.pos).trim()
    if (ops.every((op) => op === '||') && parts.every((p) => p.kind === 'text' || p.kind === 'number' || p.kind === 'null')) {
      return { kind: 'text', value: parts.map((p) => (p.kind === 'null' ? '' : (p as { value: string }).value)).join('') }
    }
    // APEX ≤ 4 wrote ids as `123+wwv_flow_api.g_id_offset`: the number is the identity.
    if (ops.length === 1 && ops[0] === '+' && parts.length === 2) {
      const [a, b] = parts as [ArgValue, ArgValue]
      const isOffset = (p: ArgValue): boolean => p.kind === 'raw' && /g_id_offset$/i.test(p.text)
      if (a.kind === 'number' && isOffset(b)) return { kind: 'id', value: a.value }
      if (b.kind === 'number' && isOffset(a)) return { kind: 'id', value: b.value }
    }
    return { kind: 'raw', text: source }
  }

  private readOperand(): ArgValue {
    this.skipBlanks()
    const { text } = this
    const start = this.pos
    const ch = text[start]
    let value: ArgValue
    if (ch === undefined) throw new ParseError('unexpected end of file: unbalanced parentheses', start)
    const literal = ch === "'" || this.literalStartsAt(start) ? readStringLiteral(text, start) : undefined
    if (literal !== undefined) {
      if (!literal.ok) throw new ParseError(literal.message, start)
      this.pos = literal.end
      value = { kind: 'text', value: literal.value }
    } else if (isDigit(ch) || (ch === '.' && isDigit(text[start + 1]))) {
      value = { kind: 'number', value: this.readNumber() }
    } else if ((ch === '-' || ch === '+') && (isDigit(text[start + 1]) || (text[start + 1] === '.' && isDigit(text[start + 2])))) {
      this.pos++
      const digits = this.readNumber()
      value = { kind: 'number', value: ch === '-' ? `-${digits}` : digits }
    } else if (ch === '(') {
      this.pos++
      this.enter()
      value = this.readValue()
      this.skipBlanks()
      if (text[this.pos] !== ')') throw new ParseError("expected ')'", this.pos)
      this.pos++
      this.depth--
    } else if (isIdentStart(ch)) {
      const path = this.readPath()
      const afterPath = this.pos
      this.skipBlanks()
      if (text[this.pos] === '(') {
        this.pos++
        const args = this.readArguments()
        value = applyFunction(path.toLowerCase(), args.positional, args.named, text.slice(start, this.pos))
      } else {
        this.pos = afterPath
        const word = path.toLowerCase()
        value =
          word === 'null'
            ? { kind: 'null' }
            : word === 'true' || word === 'false'
              ? { kind: 'boolean', value: word === 'true' }
              : { kind: 'raw', text: path }
      }
    } else if (ch === ',' || ch === ')' || ch === ';') {
      throw new ParseError(`missing value before ${JSON.stringify(ch)}`, start)
    } else {
      value = this.readRawRun()
    }
    this.skipPostfix()
    return value
  }

  /**
   * Something we have no grammar for (a `case` expression, a cast, …): keep its
   * text up to the next `,` or `)` at this level. A `;` outside strings cannot be
   * inside an argument list, so it means the call itself is broken.
   */
  private readRawRun(): ArgValue {
    const { text } = this
    const start = this.pos
    let level = 0
    while (this.pos < text.length) {
      const ch = text[this.pos]
      const literal = ch === "'" || this.literalStartsAt(this.pos) ? readStringLiteral(text, this.pos) : undefined
      if (literal !== undefined) {
        if (!literal.ok) throw new ParseError(literal.message, this.pos)
        this.pos = literal.end
        continue
      }
      if (ch === '(') level++
      else if (ch === ')') {
        if (level === 0) break
        level--
      } else if (ch === ',' && level === 0) break
      else if (ch === ';') throw new ParseError("unexpected ';' inside an argument list", this.pos)
      this.pos++
    }
    if (this.pos >= text.length) throw new ParseError('unexpected end of file: unbalanced parentheses', this.pos)
    return { kind: 'raw', text: text.slice(start, this.pos).trim() }
  }

  /** Method-style suffixes such as `wwv_flow_t_plugin_attributes(…).to_clob`: they change nothing we use. */
  private skipPostfix(): void {
    for (;;) {
      const save = this.pos
      this.skipBlanks()
      if (this.text[this.pos] !== '.' || !isIdentStart(this.text[this.pos + 1])) {
        this.pos = save
        return
      }
      this.pos++
      while (isIdentPart(this.text[this.pos])) this.pos++
      const afterName = this.pos
      this.skipBlanks()
      if (this.text[this.pos] === '(') {
        this.pos++
        this.readArguments()
      } else {
        this.pos = afterName
      }
    }
  }

  // ---------------------------------------------------------------- lexical helpers

  private readNumber(): string {
    const { text } = this
    const start = this.pos
    while (isDigit(text[this.pos])) this.pos++
    if (text[this.pos] === '.' && isDigit(text[this.pos + 1])) {
      this.pos++
      while (isDigit(text[this.pos])) this.pos++
    }
    if ((text[this.pos] === 'e' || text[this.pos] === 'E') && /[-+]?\d/.test(text.slice(this.pos + 1, this.pos + 3))) {
      this.pos += text[this.pos + 1] === '-' || text[this.pos + 1] === '+' ? 2 : 1
      while (isDigit(text[this.pos])) this.pos++
    }
    return text.slice(start, this.pos)
  }

  /** `a.b.c` (dots may have blanks around them in hand-written files). */
  private readPath(): string {
    const { text } = this
    const start = this.pos
    while (isIdentPart(text[this.pos])) this.pos++
    let end = this.pos
    for (;;) {
      let i = this.pos
      while (text[i] === ' ' || text[i] === '\t') i++
      if (text[i] !== '.') break
      i++
      while (text[i] === ' ' || text[i] === '\t') i++
      if (!isIdentStart(text[i])) break
      while (isIdentPart(text[i])) i++
      this.pos = i
      end = i
    }
    return text.slice(start, end).replace(/[ \t]+/g, '')
  }

  private literalStartsAt(pos: number): boolean {
    const { text } = this
    const ch = text[pos]
    if (ch === "'") return true
    // A `q'`/`n'` prefix counts only at a word boundary, so `seq'…` is not a literal.
    if (isIdentPart(text[pos - 1])) return false
    if ((ch === 'q' || ch === 'Q') && text[pos + 1] === "'") return true
    if (ch === 'n' || ch === 'N') return text[pos + 1] === "'" || ((text[pos + 1] === 'q' || text[pos + 1] === 'Q') && text[pos + 2] === "'")
    return false
  }

  /** Whitespace and comments. */
  private skipBlanks(): void {
    const { text } = this
    for (;;) {
      while (isBlank(text[this.pos])) this.pos++
      if (text[this.pos] === '-' && text[this.pos + 1] === '-') {
        this.skipLine()
      } else if (text[this.pos] === '/' && text[this.pos + 1] === '*') {
        const close = text.indexOf('*/', this.pos + 2)
        this.pos = close < 0 ? text.length : close + 2
      } else {
        return
      }
    }
  }

  private skipLine(): void {
    const nl = this.text.indexOf('\n', this.pos)
    this.pos = nl < 0 ? this.text.length : nl + 1
  }

  private atLineStart(pos: number): boolean {
    const lineStart = this.text.lastIndexOf('\n', pos - 1) + 1
    return this.text.slice(lineStart, pos).trim() === ''
  }

  /**
   * Skips a parenthesised list of foreign code. Unbalanced code ends at its `;`
   * or at the next line that starts an export call, whichever comes first; the
   * scan resumes there, so a stray `(` costs one pass, never one per character.
   */
  private skipBalancedLeniently(): void {
    const { text } = this
    let level = 0
    let i = this.pos
    while (i < text.length) {
      const ch = text[i]
      const literal = ch === "'" || this.literalStartsAt(i) ? readStringLiteral(text, i) : undefined
      if (literal !== undefined) {
        if (!literal.ok) break
        i = literal.end
        continue
      }
      if (ch === '(') level++
      else if (ch === ')' && --level === 0) {
        this.pos = i + 1
        return
      } else if (ch === ';') break
      else if (ch === '\n' && this.exportCallLineAt(i + 1)) {
        i++
        break
      }
      i++
    }
    this.pos = Math.max(i, this.pos + 1)
  }

  /** At the first word of a line, a statement-level export call begins. */
  private startsStatementCall(): boolean {
    const { text } = this
    let i = this.pos - 1
    while (text[i] === ' ' || text[i] === '\t') i--
    if (i >= 0 && text[i] !== '\n') return false
    STATEMENT_CALL.lastIndex = this.pos
    return STATEMENT_CALL.test(text)
  }

  /** True when the line starting at `lineStart` begins with an export API call. */
  private exportCallLineAt(lineStart: number): boolean {
    EXPORT_CALL_LINE.lastIndex = lineStart
    return EXPORT_CALL_LINE.test(this.text)
  }

  private skipToStatementEnd(): void {
    const { text } = this
    while (this.pos < text.length && text[this.pos] !== ';') {
      const literal = this.literalStartsAt(this.pos) ? readStringLiteral(text, this.pos) : undefined
      if (literal !== undefined) {
        if (!literal.ok) {
          this.problem(this.pos, literal.message)
          this.pos = text.length
          return
        }
        this.pos = literal.end
      } else {
        this.pos++
      }
    }
    this.pos++
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new ParseError(`nesting deeper than ${MAX_DEPTH} levels`, this.pos)
  }

  private problem(offset: number, message: string): void {
    this.problems.push({ file: this.file, line: this.lines.lineOf(offset), message })
  }
}

/** Evaluates the few functions exports use to build values; anything else stays as its source text. */
function applyFunction(path: string, positional: ArgValue[], named: Record<string, ArgValue>, source: string): ArgValue {
  const name = path.slice(path.lastIndexOf('.') + 1)
  const first = positional[0] ?? Object.values(named)[0]
  const textOf = (v: ArgValue | undefined): string | undefined =>
    v?.kind === 'text' || v?.kind === 'number' || v?.kind === 'id' ? v.value : undefined
  switch (name) {
    case 'id':
      if (/^(wwv_|apex_)/.test(path) && textOf(first) !== undefined) return { kind: 'id', value: textOf(first) as string }
      break
    case 'join': {
      if (first?.kind !== 'list') break
      const separator = textOf(positional[1] ?? named['p_sep']) ?? '\n'
      return { kind: 'text', value: first.items.map((item) => textOf(item) ?? '').join(separator) }
    }
    case 'wwv_flow_t_varchar2':
    case 't_varchar2':
    case 'wwv_flow_t_number':
    case 't_number':
      return { kind: 'list', items: positional }
    case 'wwv_flow_t_plugin_attributes':
    case 't_plugin_attributes':
      return first?.kind === 'list' ? first : { kind: 'list', items: positional }
    case 'chr': {
      const code = Number(textOf(first))
      if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) return { kind: 'text', value: String.fromCodePoint(code) }
      break
    }
    case 'unistr':
      if (first?.kind === 'text') return { kind: 'text', value: decodeUnistr(first.value) }
      break
    case 'nvl': {
      // `nvl(wwv_flow_application_install.get_application_name,'My App')`: the install-time
      // override is unknown here, so the export's own value is the answer.
      const [a, b] = positional
      if (a !== undefined && a.kind !== 'null' && a.kind !== 'raw') return a
      if (b !== undefined) return b
      break
    }
    case 'to_clob':
    case 'to_char':
      if (first !== undefined && positional.length === 1) return first
      break
    default:
      break
  }
  return { kind: 'raw', text: source }
}
