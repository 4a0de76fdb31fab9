/**
 * The rules that span lines: the header comes first and only first, blank
 * lines are skipped but keep their numbers, a BOM is allowed before the
 * header, and a cut-off last line is "truncated" rather than "bad JSON".
 * Kept apart from framing (line-splitter.ts) and from judging one line
 * (parse-line.ts) so the file reader and the text reader share them exactly.
 */
import { TraceFormatError } from './errors.js'
import { isBlankLine, parseTraceLine, type LineCheckOptions, type TraceRecord } from './parse-line.js'

const BOM = '\uFEFF'

export class TraceRecordSequence {
  private headerSeen = false
  private firstLineBlank = false
  private eventCount = 0

  constructor(private readonly options: LineCheckOptions = {}) {}

  /** Events accepted so far. */
  get events(): number {
    return this.eventCount
  }

  /**
   * Judges the next line. `unterminated` is true only for a last line that
   * had no line break: invalid JSON there means the writer was cut off (a
   * crashed recording, a partial copy), which deserves its own message.
   */
  accept(text: string, lineNo: number, unterminated: boolean): TraceRecord | null {
    if (lineNo === 1 && text.startsWith(BOM)) text = text.slice(1)
    if (!this.headerSeen) {
      if (lineNo === 1 && isBlankLine(text)) {
        // Not an error yet: a file of nothing but blank lines is "empty".
        this.firstLineBlank = true
        return null
      }
      if (this.firstLineBlank) {
        if (isBlankLine(text)) return null
        throw new TraceFormatError(
          'format',
          1,
          null,
          `line 1 is blank, but the trace header must be the first line (found content on line ${lineNo})`,
        )
      }
    }
    let record: TraceRecord | null
    try {
      record = parseTraceLine(text, lineNo, !this.headerSeen, this.options)
    } catch (e) {
      if (unterminated && e instanceof TraceFormatError && e.code === 'json') {
        throw new TraceFormatError(
          'truncated',
          lineNo,
          null,
          `truncated: the last line is incomplete (no line break and not valid JSON: ${e.detail.replace(/^invalid JSON: /, '')})`,
          e.column,
        )
      }
      throw e
    }
    if (record === null) return null
    if (record.kind === 'header') this.headerSeen = true
    else this.eventCount++
    return record
  }

  /** Ends the input; a trace without a header is refused as empty. */
  finish(): void {
    if (!this.headerSeen) {
      throw new TraceFormatError('empty', 1, null, 'the trace is empty: line 1 must be the header {"format": "session-trace", "version": 1, "title": …}')
    }
  }
}
