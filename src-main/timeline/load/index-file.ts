/**
 * Indexing a trace file into a workspace file, in one pass: read, split,
 * JSON.parse, validate, and feed the indexer, keeping each event's raw line
 * bytes as its stored line.
 *
 * Validation follows the trace module's reader exactly, at a fraction of its
 * cost: a line that fast-validate.ts certainly accepts goes straight on; any
 * other line (and line 1, and every oddity: bad UTF-8, an overlong line, a
 * blank first line, a cut-off last line) is judged by the reader's own
 * pieces — LineSplitter and TraceRecordSequence — which accept it or throw
 * the same TraceFormatError, with line and field, that reading the file with
 * `readTrace` would.
 */
import { isUtf8 } from 'node:buffer'
import { closeSync, mkdtempSync, openSync, readSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { TraceFormatError } from '../../trace/errors.js'
import { LineSplitter } from '../../trace/line-splitter.js'
import { DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_VALUE_BYTES } from '../../trace/limits.js'
import type { TraceRecord } from '../../trace/parse-line.js'
import { TraceRecordSequence } from '../../trace/record-sequence.js'
import type { TraceHeader } from '../../trace/schema.js'
import { createWorkspaceDb, FileEventStore, SqliteEventStore, storedEngineState, writeEvents, writeTimeline } from '../workspace-file.js'
import type { WorkspaceMeta } from '../workspace-file.js'
import { fastAcceptEvent } from './fast-validate.js'
import type { LoadSummary } from './indexer.js'
import { TraceIndexer } from './indexer.js'

export interface IndexFileOptions {
  /** Where the finished workspace goes (written to `<path>.partial` first, renamed when complete). */
  workspacePath: string
  checkpointEvery?: number
  /** Polled between reads; true stops the load (LoadCancelledError). */
  cancelled?: () => boolean
  onProgress?: (bytesRead: number, events: number) => void
  /** Fingerprint of the source file, stored in the workspace. */
  source?: WorkspaceMeta['source']
}

export interface IndexFileResult {
  header: TraceHeader
  summary: LoadSummary
  indexer: TraceIndexer
  /** The engine's continuation (traces with apps): ID generator state and clock. */
  engine: { idState: string; clock: number } | null
  /**
   * A recorded trace's event lines are read from the trace file itself while
   * indexing (nothing to copy on the critical path); this copies them into
   * the workspace file and completes it. Null when the file is complete
   * already (traces with apps store the engine's events as they come).
   */
  finishEvents: (() => void) | null
  /** Byte offsets and lengths of the events in the trace file (recorded traces). */
  eventRefs: { offsets: Float64Array; lengths: Uint32Array } | null
}

export class LoadCancelledError extends Error {
  constructor() {
    super('the load was cancelled')
    this.name = 'LoadCancelledError'
  }
}

const READ_BYTES = 1 << 20
const PROGRESS_EVERY_MS = 100
const MAX_LINE = DEFAULT_MAX_LINE_BYTES
const MAX_VALUE = DEFAULT_MAX_VALUE_BYTES

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i]!
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false
  }
  return true
}

/** The reader's framing of one line's bytes (UTF-8 and length checks), its errors placed at `lineNo`. */
function frameLine(bytes: Buffer, lineNo: number, terminated: boolean): string {
  const splitter = new LineSplitter(MAX_LINE)
  try {
    const out = [...splitter.push(terminated ? Buffer.concat([bytes, Buffer.from([0x0a])]) : bytes)]
    const last = terminated ? out[0] : splitter.end()
    return last?.text ?? ''
  } catch (err) {
    if (err instanceof TraceFormatError) throw new TraceFormatError(err.code, lineNo, err.field, err.detail, err.column)
    throw err
  }
}

export function indexTraceFile(path: string, opts: IndexFileOptions): IndexFileResult {
  const partial = `${opts.workspacePath}.partial`
  rmSync(partial, { force: true })
  const db = createWorkspaceDb(partial)
  let closed = false
  const indexer = new TraceIndexer({ traceDir: dirname(path), events: new SqliteEventStore(db), ...(opts.checkpointEvery ? { checkpointEvery: opts.checkpointEvery } : {}) })
  // The reader's record rules, for every line the fast path does not take.
  const sequence = new TraceRecordSequence({ maxValueBytes: MAX_VALUE })
  try {
    const fd = openSync(path, 'r')
    const buf = Buffer.allocUnsafe(READ_BYTES)
    let carry: Buffer = Buffer.alloc(0)
    let lineNo = 0
    let bytesRead = 0
    let events = 0
    let lastReport = 0
    let headerSeen = false
    let fileStore: FileEventStore | null = null
    /** File offset of data[0]. */
    let dataOffset = 0
    db.exec('BEGIN')
    try {
      const feedLine = (data: Buffer, start: number, end: number, terminated: boolean) => {
        lineNo++
        let s = start
        let e = end
        if (e > s && data[e - 1] === 0x0d) e--
        let record: TraceRecord | null = null
        if (headerSeen && !isBlank(data, s, e) && e - s <= MAX_LINE) {
          // Fast path: valid UTF-8, JSON, an event the fast check accepts.
          const bytes = data.subarray(s, e)
          if (isUtf8(bytes)) {
            let value: unknown
            try {
              value = JSON.parse(data.toString('utf8', s, e))
            } catch {
              value = undefined
            }
            if (value !== undefined && fastAcceptEvent(value, MAX_VALUE)) record = { kind: 'event', line: lineNo, event: value }
          }
        }
        if (!record) {
          // The reader decides (and reports the first problem exactly as it would).
          const text = frameLine(data.subarray(start, end), lineNo, terminated)
          record = sequence.accept(text, lineNo, !terminated)
          if (!record) return
          if (record.kind === 'header') {
            headerSeen = true
            // The stored header is the parsed one; nothing of line 1 is kept raw.
            indexer.feed(record)
            if (!indexer.engine) {
              // Recorded: every event line is the trace's own line; read it from the file when needed.
              fileStore = new FileEventStore(path)
              indexer.timeline.cols.events = fileStore
            }
            return
          }
          if (lineNo === 1 && data.subarray(s, s + 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) s += 3
        }
        if (fileStore) fileStore.nextOffset = dataOffset + s
        indexer.feed(record, data.subarray(s, e))
        if (++events % 10_000 === 0) {
          db.exec('COMMIT')
          db.exec('BEGIN')
        }
      }
      for (;;) {
        if (opts.cancelled?.()) throw new LoadCancelledError()
        const got = readSync(fd, buf, 0, READ_BYTES, null)
        if (got === 0) break
        dataOffset = bytesRead - carry.length
        bytesRead += got
        const data = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, got)]) : buf.subarray(0, got)
        let start = 0
        for (;;) {
          const nl = data.indexOf(0x0a, start)
          if (nl < 0) break
          feedLine(data, start, nl, true)
          start = nl + 1
        }
        carry = Buffer.from(data.subarray(start))
        // A line longer than the limit is refused before it is buffered whole (as the reader does).
        if (carry.length > MAX_LINE) frameLine(carry, lineNo + 1, false)
        const now = Date.now()
        if (now - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = now
          opts.onProgress?.(bytesRead, events)
        }
      }
      dataOffset = bytesRead - carry.length
      if (carry.length > 0) feedLine(carry, 0, carry.length, false)
      sequence.finish()
      db.exec('COMMIT')
    } finally {
      closeSync(fd)
    }
    opts.onProgress?.(bytesRead, events)
    const debug = process.env.SESSION_SCOPE_LOAD_DEBUG ? (what: string) => process.stderr.write(`[index] ${what} at ${Math.round(performance.now())} ms, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB\n`) : null
    debug?.('read and indexed')
    const header = indexer.traceHeader
    if (!header) throw new TraceFormatError('empty', 1, null, 'the trace is empty')
    const summary = indexer.summary()
    const engine = indexer.engine
    const engineState = engine ? storedEngineState(engine) : null
    const meta = { header, summary, source: opts.source ?? null, engine: engineState !== null, ...(engineState ? { engineState } : {}) }
    const store = fileStore as FileEventStore | null
    writeTimeline(db, indexer.timeline.cols, meta, { complete: store === null })
    debug?.('timeline written')
    if (!store) {
      db.close()
      closed = true
      renameSync(partial, opts.workspacePath)
      return { header, summary, indexer, engine: engineState, finishEvents: null, eventRefs: null }
    }
    const refs = { offsets: store.offsets.view().slice(), lengths: store.lengths.view().slice() }
    const finishEvents = () => {
      try {
        writeEvents(db, store.lines())
        db.close()
        renameSync(partial, opts.workspacePath)
        debug?.('events copied')
      } catch (err) {
        if (db.open) db.close()
        rmSync(partial, { force: true })
        throw err
      }
    }
    closed = true
    return { header, summary, indexer, engine: engineState, finishEvents, eventRefs: refs }
  } catch (err) {
    if (!closed) db.close()
    rmSync(partial, { force: true })
    indexer.close()
    throw err
  }
}

/** A private directory for temporary files of this process. */
let tmpRoot: string | null = null
export function sessionScopeTmpDir(): string {
  tmpRoot ??= mkdtempSync(join(tmpdir(), 'session-scope-'))
  return tmpRoot
}
