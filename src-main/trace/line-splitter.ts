/**
 * NDJSON framing: a stream of byte chunks in, complete decoded lines out.
 *
 * Splitting happens on bytes, before decoding, because 0x0A never occurs
 * inside a multi-byte UTF-8 sequence: a character split across two chunks is
 * simply reassembled with its line, and each complete line is decoded in one
 * go. That also makes the line limit exact in bytes and lets an invalid UTF-8
 * sequence be blamed on the right line. Memory stays bounded: a line still
 * open when it passes the limit is refused at once, never buffered whole.
 */
import { TraceFormatError } from './errors.js'
import { formatBytes } from './limits.js'

const LF = 0x0a
const CR = 0x0d

export interface SplitLine {
  /** The line's text, without its LF or CR LF. */
  text: string
  /** 1-based line number in the input. */
  lineNo: number
}

export class LineSplitter {
  private parts: Buffer[] = []
  private pendingBytes = 0
  private completed = 0
  // fatal: a trace must be UTF-8; silently turning bad bytes into U+FFFD
  // would show values that are not in the file. ignoreBOM: every decode
  // call is a fresh stream, and only line 1 may start with a BOM (the
  // reader strips it there).
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

  constructor(private readonly maxLineBytes: number) {}

  /** Number of the line currently being assembled (1-based). */
  get lineNumber(): number {
    return this.completed + 1
  }

  /**
   * Feeds one chunk; yields the lines it completes. Lazy on purpose: a
   * problem on a later line of the chunk (too long, bad UTF-8) is raised only
   * after the earlier lines were handed out, so the *first* problem of the
   * file is the one reported.
   */
  *push(chunk: Buffer): Generator<SplitLine> {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(LF, start)
      if (nl === -1) break
      const piece = chunk.subarray(start, nl)
      this.checkLength(piece.length)
      const text = this.decode(this.take(piece))
      const lineNo = this.lineNumber
      this.completed++
      start = nl + 1
      yield { text, lineNo }
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      this.checkLength(rest.length)
      this.parts.push(rest)
      this.pendingBytes += rest.length
    }
  }

  /** Ends the input: the last line if it had no line break, else null. */
  end(): SplitLine | null {
    if (this.pendingBytes === 0) return null
    return { text: this.decode(this.take(Buffer.alloc(0))), lineNo: this.lineNumber }
  }

  private checkLength(more: number): void {
    const bytes = this.pendingBytes + more
    if (bytes > this.maxLineBytes) {
      throw new TraceFormatError(
        'lineTooLong',
        this.lineNumber,
        null,
        `line too long: more than ${formatBytes(this.maxLineBytes)} (the limit for one line); the rest of the line was not read`,
      )
    }
  }

  private take(last: Buffer): Buffer {
    if (this.parts.length === 0) return last
    this.parts.push(last)
    const whole = Buffer.concat(this.parts, this.pendingBytes + last.length)
    this.parts = []
    this.pendingBytes = 0
    return whole
  }

  private decode(bytes: Buffer): string {
    const body = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes
    try {
      return this.decoder.decode(body)
    } catch {
      throw new TraceFormatError('json', this.lineNumber, null, 'invalid JSON: the line is not valid UTF-8 text')
    }
  }
}
