/**
 * Syntax errors carry where they happened so that an app definition that fails
 * to load can point at the exact character (semantics §7: reported at load).
 */

export class ExpressionSyntaxError extends Error {
  /** 0-based UTF-16 offset into `source`; `source.length` means "at the end". */
  readonly position: number
  readonly source: string
  /** 1-based line of `position` (a line break is \n, \r\n or \r). */
  readonly line: number
  /** 1-based column of `position` within its line, in UTF-16 code units. */
  readonly column: number
  /** The problem alone, without the position suffix that `message` carries. */
  readonly reason: string

  constructor(reason: string, source: string, position: number) {
    const clamped = Math.max(0, Math.min(position, source.length))
    const { line, column } = lineAndColumn(source, clamped)
    super(`${reason} (line ${line}, column ${column})`)
    this.name = 'ExpressionSyntaxError'
    this.reason = reason
    this.source = source
    this.position = clamped
    this.line = line
    this.column = column
  }
}

/** Converts an offset to a 1-based line/column, counting \r\n as one line break. */
export function lineAndColumn(source: string, position: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < position; i++) {
    const ch = source[i]
    if (ch === '\n' || (ch === '\r' && source[i + 1] !== '\n')) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: position - lineStart + 1 }
}
