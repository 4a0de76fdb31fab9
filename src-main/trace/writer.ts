/**
 * Writer of trace format v1: recording and export.
 *
 * The contract says an exported trace re-imports to the same steps, so every
 * line is checked by the reader's own rules (parse-line.ts, limits.ts) before
 * it is written: a bad value fails at the write, where the caller can still
 * act, instead of producing a file that later refuses to open. Objects are
 * written as given (JSON.stringify): key order is insertion order, unknown
 * fields are written back, and one value always makes exactly one line
 * (JSON.stringify escapes every line break inside strings).
 */
import { TraceFormatError } from './errors.js'
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_VALUE_BYTES, formatBytes } from './limits.js'
import { validateEventObject, validateHeaderObject } from './parse-line.js'
import type { TraceEvent, TraceHeader } from './schema.js'

export interface TraceWriteOptions {
  /** Longest line the writer produces, in UTF-8 bytes (default: the reader's 8 MiB). */
  maxLineBytes?: number
  /** Longest item value, in UTF-8 bytes (default: the reader's 1 MiB). */
  maxValueBytes?: number
}

/** `line` is where the value would go in the file, 0 when unknown (errors then name no line). */
function checkedLine(json: string, line: number, maxLineBytes: number): string {
  // A line under the byte limit in characters cannot exceed it in bytes by
  // more than 3x, so the (copying) byte count is needed only near the limit.
  if (json.length * 3 > maxLineBytes && Buffer.byteLength(json, 'utf8') > maxLineBytes) {
    throw new TraceFormatError('lineTooLong', line, null, `line too long: more than ${formatBytes(maxLineBytes)} (the limit for one line)`)
  }
  return json
}

/** The header as one line (no line break). Throws TraceFormatError if the reader would refuse it. */
export function serializeHeader(header: TraceHeader, options: TraceWriteOptions = {}, line = 0): string {
  validateHeaderObject(header, line)
  return checkedLine(JSON.stringify(header), line, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)
}

/** One event as one line (no line break). Throws TraceFormatError if the reader would refuse it. */
export function serializeEvent(event: TraceEvent, options: TraceWriteOptions = {}, line = 0): string {
  validateEventObject(event, line, { maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES })
  return checkedLine(JSON.stringify(event), line, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)
}

/** A whole trace as text: header, events, one per line, each ending in LF. */
export function writeTraceText(header: TraceHeader, events: Iterable<TraceEvent>, options: TraceWriteOptions = {}): string {
  const lines = [serializeHeader(header, options, 1)]
  let line = 1
  for (const event of events) lines.push(serializeEvent(event, options, ++line))
  return lines.join('\n') + '\n'
}

/**
 * Streams a trace to a writable (file, socket, stdout) with backpressure:
 * `await write()` resolves once the stream can take more, so a recording of
 * millions of events never piles up in memory. The header is written by the
 * constructor, since a trace without one is not a trace.
 */
export class TraceWriter {
  private line = 1
  private closed = false
  private streamError: unknown = undefined
  /**
   * The drain the header write is waiting for: the constructor cannot await,
   * so the listener is attached at once (a 'drain' emitted before the first
   * write() would otherwise be missed and that write would wait forever).
   */
  private headerDrain: Promise<void> | null = null

  constructor(
    private readonly stream: NodeJS.WritableStream,
    header: TraceHeader,
    private readonly options: TraceWriteOptions = {},
  ) {
    const text = serializeHeader(header, options, 1)
    // Kept for the writer's whole life: an 'error' event with no listener
    // would crash the process; instead the next write/close rejects with it.
    stream.on('error', (e: unknown) => {
      this.streamError ??= e
    })
    if (!stream.write(text + '\n')) {
      this.headerDrain = this.drain()
      // Handled here so a stream error before the first write() is not an
      // unhandled rejection; the first write() still sees it.
      this.headerDrain.catch(() => undefined)
    }
  }

  /** Lines written so far, header included. */
  get lines(): number {
    return this.line
  }

  /**
   * Writes one event; resolves when the stream is ready for the next one
   * (after 'drain' when its buffer is full). Throws TraceFormatError, writing
   * nothing, for an event the reader would refuse.
   */
  async write(event: TraceEvent): Promise<void> {
    this.assertWritable()
    if (this.headerDrain !== null) {
      const pending = this.headerDrain
      this.headerDrain = null
      await pending
    }
    this.assertWritable()
    const text = serializeEvent(event, this.options, this.line + 1)
    this.line++
    if (!this.stream.write(text + '\n')) await this.drain()
  }

  /** Ends the stream; resolves when everything is flushed. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.streamError !== undefined) throw this.streamError
    await new Promise<void>((resolve, reject) => {
      const onError = (e: unknown): void => reject(e)
      this.stream.once('error', onError)
      this.stream.end(() => {
        this.stream.removeListener('error', onError)
        if (this.streamError !== undefined) reject(this.streamError)
        else resolve()
      })
    })
  }

  private assertWritable(): void {
    if (this.streamError !== undefined) throw this.streamError
    if (this.closed) throw new Error('TraceWriter is closed')
  }

  private drain(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const cleanup = (): void => {
        this.stream.removeListener('drain', onDrain)
        this.stream.removeListener('error', onError)
        this.stream.removeListener('close', onClose)
      }
      const onDrain = (): void => {
        cleanup()
        resolve()
      }
      const onError = (e: unknown): void => {
        cleanup()
        reject(e)
      }
      const onClose = (): void => {
        cleanup()
        reject(this.streamError ?? new Error('the trace stream closed before it could take more data'))
      }
      this.stream.on('drain', onDrain)
      this.stream.on('error', onError)
      this.stream.on('close', onClose)
    })
  }
}
