/**
 * Streaming reader of trace format v1 (../shared/spec/trace-format-v1.md).
 *
 * A trace may hold millions of events, so nothing here holds more than one
 * line (plus one input chunk) at a time; records are yielded as they are read
 * and the caller decides what to keep. Reading stops at the first problem the
 * reader cannot accept, by throwing a TraceFormatError that names the line and
 * the field (errors.ts lists the codes).
 *
 * SIZE LIMITS (product decisions; the writer enforces the same, so Session
 * Scope never writes a file it refuses to open):
 *
 *   - One line: at most 8 MiB of UTF-8 (`maxLineBytes`, line break excluded).
 *     A longer line is refused with code 'lineTooLong' as soon as the limit
 *     is passed, without buffering the rest: a corrupt or hostile file (say,
 *     gigabytes without a line break) cannot exhaust memory. 8 MiB leaves
 *     room for a header holding several large app definitions; bigger
 *     imported apps belong in `appFiles` (see schema.ts).
 *   - One item value: at most 1 MiB of UTF-8 (`maxValueBytes`), for submit
 *     `values`, setState `value`, request `url`, expect `state`/`rows` and
 *     effects' `from`/`to`/`row`. APEX itself caps session state values far
 *     lower (32K for most items), so a bigger value is almost certainly a
 *     mistake, and each value is copied into the state store, every
 *     checkpoint and the UI. A 10 MB value is refused with code 'schema' and
 *     the value's field path (e.g. `values.P1_X`), never a crash. Note that
 *     a value over 8 MiB is caught by the line limit first (no field then).
 *
 * Other decisions where the contract is silent:
 *   - Line 1 is the header, literally: a blank line 1 followed by content is
 *     refused ('format'); a file of only blank lines is 'empty'. Later blank
 *     (space/tab-only) lines are skipped but counted.
 *   - Line breaks are LF or CR LF. A BOM is allowed at the start of line 1.
 *   - An unparsable last line without a line break is 'truncated'; an
 *     unparsable line anywhere else (or a last one ending in a line break)
 *     is 'json'. Invalid UTF-8 is 'json' too.
 *   - I/O errors (missing file, permissions) and aborts are not format
 *     errors: they propagate as they are (an abort throws `signal.reason`).
 */
import { createReadStream } from 'node:fs'
import { TraceFormatError } from './errors.js'
import { LineSplitter } from './line-splitter.js'
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_VALUE_BYTES } from './limits.js'
import type { TraceRecord } from './parse-line.js'
import { TraceRecordSequence } from './record-sequence.js'

export { TraceFormatError } from './errors.js'
export type { TraceErrorCode } from './errors.js'
export { parseTraceLine } from './parse-line.js'
export type { TraceRecord } from './parse-line.js'

export interface ReadTraceOptions {
  /** Longest accepted line in UTF-8 bytes (default 8 MiB). */
  maxLineBytes?: number
  /** Longest accepted item value in UTF-8 bytes (default 1 MiB). */
  maxValueBytes?: number
  /** Stops reading; the generator throws `signal.reason`. */
  signal?: AbortSignal
  /** Called after each input chunk with the total bytes consumed so far. */
  onProgress?: (bytesRead: number) => void
}

export type TraceSource = AsyncIterable<string | Buffer | Uint8Array> | NodeJS.ReadableStream | string

/** Read size for files: big enough to keep syscalls rare, small next to the line limit. */
const FILE_CHUNK_BYTES = 64 * 1024

/**
 * Reads a trace from a file path, a readable stream or any async iterable of
 * text/byte chunks. Yields the header (line 1), then every event in order.
 * Breaking out of the loop early closes the source.
 */
export async function* readTrace(source: TraceSource, options: ReadTraceOptions = {}): AsyncGenerator<TraceRecord> {
  const { signal, onProgress } = options
  signal?.throwIfAborted()
  const splitter = new LineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)
  const sequence = new TraceRecordSequence({ maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES })
  const iterable: AsyncIterable<unknown> =
    typeof source === 'string' ? createReadStream(source, { highWaterMark: FILE_CHUNK_BYTES, signal }) : source
  const iterator = iterable[Symbol.asyncIterator]()
  const toBytes = chunkEncoder()
  let bytesRead = 0
  let finished = false
  let nextPending = false
  try {
    for (;;) {
      nextPending = true
      const step = await nextOrAbort(iterator, signal)
      nextPending = false
      if (step.done === true) break
      const chunk = toBytes(step.value)
      bytesRead += chunk.length
      onProgress?.(bytesRead)
      for (const line of splitter.push(chunk)) {
        const record = sequence.accept(line.text, line.lineNo, false)
        if (record !== null) {
          yield record
          signal?.throwIfAborted()
        }
      }
    }
    for (const line of splitter.push(toBytes(null))) {
      const record = sequence.accept(line.text, line.lineNo, false)
      if (record !== null) yield record
    }
    const last = splitter.end()
    if (last !== null) {
      const record = sequence.accept(last.text, last.lineNo, true)
      if (record !== null) yield record
    }
    sequence.finish()
    finished = true
  } finally {
    if (!finished) {
      // Close the source (a file stream is destroyed). Not awaited while a
      // read is still pending (abort): a stalled source would hang us.
      const closing = iterator.return?.()
      if (nextPending) void closing?.catch(() => undefined)
      else await closing?.catch(() => undefined)
    }
  }
}

/**
 * Reads a trace held in memory. Same rules and errors as `readTrace`; the
 * text is encoded as UTF-8 first (a lone surrogate becomes U+FFFD, as it
 * would in a file). Synchronous, since there is nothing to wait for.
 */
export function* readTraceText(text: string, options: Omit<ReadTraceOptions, 'signal' | 'onProgress'> = {}): Generator<TraceRecord> {
  const splitter = new LineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)
  const sequence = new TraceRecordSequence({ maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES })
  for (const line of splitter.push(Buffer.from(text, 'utf8'))) {
    const record = sequence.accept(line.text, line.lineNo, false)
    if (record !== null) yield record
  }
  const last = splitter.end()
  if (last !== null) {
    const record = sequence.accept(last.text, last.lineNo, true)
    if (record !== null) yield record
  }
  sequence.finish()
}

/**
 * Checks a whole trace file without keeping its events (the CLI's `validate`).
 * Format problems are returned; I/O errors reject.
 */
export async function validateTraceFile(
  path: string,
  options: Omit<ReadTraceOptions, 'onProgress'> = {},
): Promise<{ ok: true; events: number } | { ok: false; error: TraceFormatError }> {
  let events = 0
  try {
    for await (const record of readTrace(path, options)) {
      if (record.kind === 'event') events++
    }
  } catch (e) {
    if (e instanceof TraceFormatError) return { ok: false, error: e }
    throw e
  }
  return { ok: true, events }
}

function nextOrAbort<T>(iterator: AsyncIterator<T>, signal: AbortSignal | undefined): Promise<IteratorResult<T>> {
  if (signal === undefined) return iterator.next()
  signal.throwIfAborted()
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    iterator.next().then(
      (r) => {
        signal.removeEventListener('abort', onAbort)
        resolve(r)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}

/**
 * Turns source chunks into bytes. A text chunk may end in the first half of a
 * surrogate pair (a caller slicing a string anywhere); that half is held back
 * and joined with the next chunk, so the character is encoded whole. Called
 * with null at the end to flush a held half (it becomes U+FFFD).
 */
function chunkEncoder(): (chunk: unknown) => Buffer {
  let heldHighSurrogate = ''
  return (chunk) => {
    if (chunk === null) {
      const rest = heldHighSurrogate
      heldHighSurrogate = ''
      return Buffer.from(rest, 'utf8')
    }
    if (typeof chunk === 'string') {
      let text = heldHighSurrogate + chunk
      heldHighSurrogate = ''
      const lastUnit = text.charCodeAt(text.length - 1)
      if (lastUnit >= 0xd800 && lastUnit <= 0xdbff) {
        heldHighSurrogate = text.slice(-1)
        text = text.slice(0, -1)
      }
      return Buffer.from(text, 'utf8')
    }
    if (heldHighSurrogate !== '') {
      // Text then bytes: flush the half on its own rather than lose the order.
      const held = Buffer.from(heldHighSurrogate, 'utf8')
      heldHighSurrogate = ''
      return Buffer.concat([held, asBuffer(chunk)])
    }
    return asBuffer(chunk)
  }
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  throw new TypeError(`trace source yielded a ${typeof chunk}; expected strings or bytes`)
}
