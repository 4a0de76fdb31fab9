/**
 * The one error a trace reader (or writer) raises for a file it cannot accept.
 *
 * The format contract asks readers to "report the line number and field of the
 * first problem", so both are first-class properties rather than text buried in
 * a message: the UI can jump to the line, the CLI can print it, tests can assert
 * on it. `code` lets callers react to a category (e.g. offer "ignore the
 * truncated last line") without parsing English.
 */

export type TraceErrorCode =
  /** The line is not valid JSON (or not valid UTF-8, which JSON text must be). */
  | 'json'
  /** Valid JSON that breaks the schema, or a value over the per-value limit. */
  | 'schema'
  /** The header's `version` is missing or not one this reader supports. */
  | 'version'
  /** Not a session trace: line 1 is not a header with format "session-trace". */
  | 'format'
  /** A line longer than the line limit (refused before it is buffered whole). */
  | 'lineTooLong'
  /** The last line is cut off: invalid JSON and no line break after it. */
  | 'truncated'
  /** No header at all: the file is empty or blank. */
  | 'empty'
  /** An event whose `type` is missing or not one of the known event types. */
  | 'eventType'

export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError'
  /** The problem without its location, for UIs that show line and field apart. */
  readonly detail: string

  constructor(
    readonly code: TraceErrorCode,
    /** 1-based line number in the file; 0 when the value is not (yet) in a file (writer). */
    readonly line: number,
    /** Path of the offending field, e.g. `apps[0].pages[2].items[1].source`; null for the whole line. */
    readonly field: string | null,
    detail: string,
    /** 1-based character column within the line, when JSON.parse reported a position. */
    readonly column?: number,
  ) {
    super(formatLocation(line, field) + detail)
    this.detail = detail
  }
}

function formatLocation(line: number, field: string | null): string {
  const where: string[] = []
  if (line > 0) where.push(`line ${line}`)
  if (field !== null) where.push(`field "${field}"`)
  return where.length === 0 ? '' : `${where.join(', ')}: `
}
