/**
 * The workspace file: Session Scope's application file format, a SQLite
 * database (better-sqlite3, WAL) holding an indexed trace so it reopens
 * without re-parsing.
 *
 *   PRAGMA application_id = 0x53535753 ('SSWS'), user_version = 1
 *   ws_meta(key PK, value)        magic, schema version, header (JSON), summary
 *                                 (JSON), source file fingerprint, counts, and
 *                                 `complete` = 1 once everything is written
 *   ws_events(chunk PK, lines)    the events, 256 per row: each one's JSON line in the
 *                                 export format (trace-steps.ts) — input, phases,
 *                                 effects, … exactly as loaded or simulated
 *   ws_blobs(name, part, data)    the timeline's columns, string tables and
 *                                 records (persist.ts), in ≤ 64 MiB parts
 *   ws_checkpoints(i PK, …)       the checkpoints (state every K steps)
 *   ws_live(seq PK, line, engine) live events appended after the above (schema 2):
 *                                 one row per operation, written in the step's own
 *                                 transaction by the persisted workspace
 *                                 (persisted-workspace.ts) and folded into
 *                                 ws_events/ws_blobs on clean close or next open
 * For a trace with apps, the engine that continues it is rebuilt from the
 * timeline's last state plus `engineState` (ID generator state and clock) —
 * or, when live rows follow, the `engine` state of the last of them.
 *
 * Every BLOB (index parts, checkpoints, event chunks) carries its SHA-256.
 * Opening checks the SQLite header, application_id, user_version, magic,
 * schema version and `complete`, every checksum, then that the columns fit
 * together; a damaged or foreign file is refused with a WorkspaceFileError
 * naming it.
 */
import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync } from 'node:fs'
import { openDatabase } from '../engine/store/open-database.js'
import type { Engine } from '../engine/engine.js'
import type { AppDatabaseState } from '../engine/logic/app-database-restore.js'
import { appDatabaseState, restoreAppDatabase } from '../engine/logic/app-database-restore.js'
import type { RowEffect } from '../engine/model/effect.js'
import { rowEffectPositions } from './app-table-rows.js'
import { decodeEffect } from './effect-decoding.js'
import { F64, U32 } from './columns/growable.js'
import type { Checkpoint } from './dense-state.js'
import { PERSIST_VERSION, TimelineDataError, deserializeTimeline, serializeTimeline } from './persist.js'
import type { TimelineParts } from './persist.js'
import type { EventStore, TimelineColumns } from './timeline-columns.js'

export const WORKSPACE_APPLICATION_ID = 0x53535753
/** 2 added ws_live (live events not yet folded); version 1 files (without it) are read too. */
export const WORKSPACE_SCHEMA_VERSION = 2
const OLDEST_READABLE_SCHEMA = 1
export const WORKSPACE_MAGIC = 'session-scope-workspace'
export const WORKSPACE_EXTENSION = '.ssws'

const PART_BYTES = 64 * 1024 * 1024

const DDL = `
CREATE TABLE IF NOT EXISTS ws_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ws_events (chunk INTEGER PRIMARY KEY, lines BLOB NOT NULL, sha BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS ws_blobs (name TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, sha BLOB NOT NULL, PRIMARY KEY (name, part)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ws_checkpoints (i INTEGER PRIMARY KEY, step INTEGER NOT NULL, pos INTEGER NOT NULL,
  rows BLOB NOT NULL, status BLOB NOT NULL, slots BLOB NOT NULL, groups BLOB NOT NULL, users BLOB NOT NULL, tables BLOB NOT NULL, sha BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS ws_live (seq INTEGER PRIMARY KEY, line BLOB NOT NULL, engine TEXT, sha BLOB NOT NULL);
`

/** The checksum of a BLOB: SHA-256 (hardware-accelerated on current CPUs: faster than any checksum written in JS). */
function sha(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}

export class WorkspaceFileError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path}: ${reason}`)
    this.name = 'WorkspaceFileError'
  }
}

/** True when the file starts with the SQLite header (a workspace, or at least a database). */
export function looksLikeSqlite(path: string): boolean {
  let fd: number | null = null
  try {
    fd = openSync(path, 'r')
    const buf = Buffer.alloc(16)
    const n = readSync(fd, buf, 0, 16, 0)
    return n === 16 && buf.toString('latin1') === 'SQLite format 3\u0000'
  } catch {
    return false
  } finally {
    if (fd !== null) closeSync(fd)
  }
}

/** Events per row of ws_events: one insert per chunk keeps indexing fast, one read serves a page of the step list. */
export const EVENT_CHUNK = 256

/** A chunk of event lines as stored, and where each line starts. */
interface StoredChunk {
  data: Buffer
  starts: number[]
}

/**
 * Event lines in the workspace file, EVENT_CHUNK per row (joined by line
 * breaks, which JSON text never contains raw). Events are put in order; the
 * open chunk is kept in memory and written when full or on flush().
 */
export class SqliteEventStore implements EventStore {
  private readonly ins: Database.Statement
  private readonly one: Database.Statement
  private readonly del: Database.Statement
  /** The open chunk: its lines as UTF-8, separated by line breaks (written as a BLOB without re-encoding). */
  private buf = Buffer.allocUnsafe(1 << 20)
  private used = 0
  private starts: number[] = []
  private pendingChunk = 0
  /** Chunks read lately, as stored (UTF-8) with where each line starts: a line is decoded when asked for, not its 255 neighbours. */
  private readonly cache = new Map<number, StoredChunk>()

  constructor(
    readonly db: Database.Database,
    /** Events already stored (a reopened file). */
    count = 0,
  ) {
    this.ins = db.prepare('INSERT OR REPLACE INTO ws_events (chunk, lines, sha) VALUES (?, ?, ?)')
    this.one = db.prepare('SELECT lines FROM ws_events WHERE chunk = ?').pluck()
    this.del = db.prepare('DELETE FROM ws_events WHERE chunk > ?')
    this.pendingChunk = Math.floor(count / EVENT_CHUNK)
    if (count % EVENT_CHUNK !== 0) for (const l of this.read(this.pendingChunk).slice(0, count % EVENT_CHUNK)) this.append(l)
  }

  get count(): number {
    return this.pendingChunk * EVENT_CHUNK + this.starts.length
  }

  private append(line: string | Uint8Array): void {
    const len = typeof line === 'string' ? Buffer.byteLength(line, 'utf8') : line.byteLength
    if (this.used + len + 1 > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + len + 1))
      this.buf.copy(next, 0, 0, this.used)
      this.buf = next
    }
    if (this.starts.length > 0) this.buf[this.used++] = 0x0a
    this.starts.push(this.used)
    if (typeof line === 'string') this.buf.write(line, this.used, len, 'utf8')
    else this.buf.set(line, this.used)
    this.used += len
  }

  /** `line` as text, or as UTF-8 bytes (copied). */
  put(event: number, line: string | Uint8Array): void {
    if (event !== this.count) throw new RangeError(`events are stored in order: expected ${this.count}, got ${event}`)
    this.append(line)
    if (this.starts.length === EVENT_CHUNK) {
      this.writePending()
      this.used = 0
      this.starts = []
      this.pendingChunk++
    }
  }

  flush(): void {
    if (this.starts.length > 0) this.writePending()
  }

  private writePending(): void {
    const data = this.buf.subarray(0, this.used)
    this.ins.run(this.pendingChunk, data, sha(data))
    this.cache.delete(this.pendingChunk)
  }

  private read(chunk: number): string[] {
    const d = this.one.get(chunk) as Buffer | string | undefined
    if (d === undefined) return []
    return (typeof d === 'string' ? d : d.toString('utf8')).split('\n')
  }

  get(event: number): string {
    if (event < 0 || event >= this.count) throw new RangeError(`no event ${event}`)
    const chunk = Math.floor(event / EVENT_CHUNK)
    const k = event % EVENT_CHUNK
    if (chunk === this.pendingChunk) return this.buf.toString('utf8', this.starts[k]!, k + 1 < this.starts.length ? this.starts[k + 1]! - 1 : this.used)
    let stored = this.cache.get(chunk)
    if (!stored) {
      stored = this.readStored(chunk)
      if (this.cache.size >= 8) this.cache.delete(this.cache.keys().next().value!)
      this.cache.set(chunk, stored)
    }
    // Only this line is decoded: a state's step (a jump's `here`) read a whole chunk of ~256 lines and split
    // it, ~3 ms per chunk not read before — a quarter of a far jump's answer at a million events.
    if (k + 1 >= stored.starts.length) throw new RangeError(`event ${event} is missing from the workspace file`)
    return stored.data.toString('utf8', stored.starts[k]!, stored.starts[k + 1]! - 1)
  }

  /** A stored chunk and the start of each of its lines (one more: the end of the last, plus one). */
  private readStored(chunk: number): StoredChunk {
    const d = this.one.get(chunk) as Buffer | string | undefined
    if (d === undefined) return { data: Buffer.alloc(0), starts: [0] }
    const data = typeof d === 'string' ? Buffer.from(d, 'utf8') : d
    const starts = [0]
    for (let at = data.indexOf(0x0a); at >= 0; at = data.indexOf(0x0a, at + 1)) starts.push(at + 1)
    starts.push(data.length + 1)
    return { data, starts }
  }

  truncate(from: number): void {
    if (from >= this.count) return
    const chunk = Math.floor(from / EVENT_CHUNK)
    const keep: string[] = []
    for (let e = chunk * EVENT_CHUNK; e < from; e++) keep.push(this.get(e))
    this.del.run(chunk - 1)
    this.cache.clear()
    this.pendingChunk = chunk
    this.used = 0
    this.starts = []
    for (const l of keep) this.append(l)
    if (keep.length > 0) this.writePending()
  }
}

/** Events [0, base) from a file, later ones (live operations after opening) in memory. */
export class LayeredEventStore implements EventStore {
  private readonly extra: string[] = []
  constructor(
    private readonly below: EventStore,
    private readonly base: number,
  ) {}
  get count(): number {
    return this.base + this.extra.length
  }
  put(event: number, line: string | Uint8Array): void {
    if (event !== this.count) throw new RangeError(`events are stored in order: expected ${this.count}, got ${event}`)
    this.extra.push(typeof line === 'string' ? line : Buffer.from(line).toString('utf8'))
  }
  get(event: number): string {
    if (event < this.base) return this.below.get(event)
    const s = this.extra[event - this.base]
    if (s === undefined) throw new RangeError(`no event ${event}`)
    return s
  }
  truncate(from: number): void {
    if (from < this.base) throw new RangeError('cannot drop events stored in the workspace file')
    this.extra.length = Math.min(this.extra.length, from - this.base)
  }
}

export interface WorkspaceMeta {
  /** The trace header (JSON). */
  header: unknown
  /** What the load reported (expects, divergences, …). */
  summary: unknown
  /** The trace file this workspace indexes, when it came from one. */
  source?: { path: string; size: number; mtimeMs: number } | null
  /** True for a trace with apps: an engine continues from the timeline's last state. */
  engine?: boolean
  /**
   * The engine's session ID generator state and clock at the end (traces with
   * apps), and its app database's sequences (the rows are the steps' row
   * effects, replayed when the engine continues: restoreAppDatabase).
   */
  engineState?: { idState: string; clock: number; appDatabase?: AppDatabaseState } | null
}

/**
 * Creates (or empties) a workspace file and returns it open for writing.
 * `pageSize`: 64 KiB by default (big event chunks and blobs); the persisted
 * workspace uses smaller pages, as each live step rewrites a page or two.
 */
export function createWorkspaceDb(path: string, opts: { pageSize?: number; incrementalVacuum?: boolean } = {}): Database.Database {
  const db = openDatabase(path)
  try {
    // A file that is appended to and folded (the persisted workspace) can give back the pages its folded live rows left.
    if (opts.incrementalVacuum) db.pragma('auto_vacuum = INCREMENTAL')
    // Written once, into a file that only becomes the workspace when complete
    // (a crash leaves an incomplete file that is refused and rebuilt): no
    // journal, no syncs, big pages for the multi-hundred-KB event chunks.
    db.pragma(`page_size = ${opts.pageSize ?? 65536}`)
    // (better-sqlite3 opens connections in SQLite's defensive mode, which refuses
    // journal_mode = OFF and silently keeps DELETE; MEMORY writes no journal file either.)
    db.pragma('journal_mode = MEMORY')
    db.pragma('synchronous = OFF')
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma(`application_id = ${WORKSPACE_APPLICATION_ID}`)
    db.pragma(`user_version = ${WORKSPACE_SCHEMA_VERSION}`)
    db.exec(DDL)
    db.exec('DELETE FROM ws_meta; DELETE FROM ws_events; DELETE FROM ws_blobs; DELETE FROM ws_checkpoints; DELETE FROM ws_live;')
    const set = db.prepare('INSERT OR REPLACE INTO ws_meta (key, value) VALUES (?, ?)')
    set.run('magic', WORKSPACE_MAGIC)
    set.run('schemaVersion', String(WORKSPACE_SCHEMA_VERSION))
    set.run('complete', '0')
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** Writes the timeline's columns, checkpoints and the meta data, then marks the file complete. */
export function writeTimeline(db: Database.Database, cols: TimelineColumns, meta: WorkspaceMeta, opts: { complete?: boolean } = {}): void {
  cols.events.flush?.()
  const p = serializeTimeline(cols)
  const putBlob = db.prepare('INSERT OR REPLACE INTO ws_blobs (name, part, data, sha) VALUES (?, ?, ?, ?)')
  const putCp = db.prepare('INSERT OR REPLACE INTO ws_checkpoints (i, step, pos, rows, status, slots, groups, users, tables, sha) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const set = db.prepare('INSERT OR REPLACE INTO ws_meta (key, value) VALUES (?, ?)')
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)
  db.transaction(() => {
    db.exec('DELETE FROM ws_blobs; DELETE FROM ws_checkpoints;')
    for (const [name, data] of Object.entries(p.parts)) {
      const b = bytes(data)
      if (b.length === 0) putBlob.run(name, 0, Buffer.alloc(0), sha(Buffer.alloc(0)))
      for (let off = 0, part = 0; off < b.length; off += PART_BYTES, part++) {
        const piece = b.subarray(off, Math.min(b.length, off + PART_BYTES))
        putBlob.run(name, part, piece, sha(piece))
      }
    }
    p.checkpoints.forEach((cp, i) => {
      const fields = [cp.rows, cp.rowStatus, cp.slots, cp.groups, cp.users, cp.tables].map(bytes)
      putCp.run(i, cp.step, cp.pos, ...fields, sha(...fields, Buffer.from(`${cp.step}:${cp.pos}`)))
    })
    set.run('persistVersion', String(PERSIST_VERSION))
    set.run('checkpointEvery', String(p.checkpointEvery))
    set.run('steps', String(cols.stepCount))
    set.run('effects', String(cols.effectCount))
    set.run('events', String(cols.eventCount))
    set.run('header', JSON.stringify(meta.header))
    set.run('summary', JSON.stringify(meta.summary))
    set.run('source', JSON.stringify(meta.source ?? null))
    set.run('engine', meta.engine ? '1' : '0')
    set.run('engineState', JSON.stringify(meta.engineState ?? null))
    set.run('complete', opts.complete === false ? '0' : '1')
  })()
}

/** Copies event lines into a workspace file (recorded traces: after the timeline was handed over). */
export function writeEvents(db: Database.Database, lines: Iterable<Uint8Array>): number {
  const store = new SqliteEventStore(db)
  let n = 0
  db.exec('BEGIN')
  try {
    for (const line of lines) {
      store.put(n++, line)
      if (n % 50_000 === 0) {
        db.exec('COMMIT')
        db.exec('BEGIN')
      }
    }
    store.flush()
    db.prepare("INSERT OR REPLACE INTO ws_meta (key, value) VALUES ('complete', '1')").run()
    db.exec('COMMIT')
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  }
  return n
}

export interface OpenedWorkspace {
  db: Database.Database
  meta: WorkspaceMeta
  parts: TimelineParts
  /** Steps and events of the folded part (ws_events, ws_blobs); live events follow in `live`. */
  steps: number
  events: number
  live: LiveEvents
}

export type EngineState = NonNullable<WorkspaceMeta['engineState']>

/**
 * The engine state to store for `engine`: its clock and ID generator, and its
 * app database's sequences when it has one (so an engine continuing the file
 * hands out the next values, not the install's first ones again).
 */
export function storedEngineState(engine: Engine): EngineState {
  const appDatabase = appDatabaseState(engine.appLogic)
  return { idState: engine.idState, clock: engine.now, ...(appDatabase ? { appDatabase } : {}) }
}

/**
 * An engine continuing a stored timeline gets the app database the steps
 * left: its freshly installed database takes every row effect of the
 * timeline, in order, then the stored sequences (restoreAppDatabase). Row
 * effects are few next to item changes, and found through the timeline's list
 * of their positions, so this costs one pass over them.
 */
export function continueAppDatabase(engine: Engine, cols: TimelineColumns, state: EngineState): void {
  const logic = engine.appLogic
  if (!logic) return
  const positions = rowEffectPositions(cols)
  function* rowEffects(): Generator<RowEffect> {
    for (let i = 0; i < positions.length; i++) yield decodeEffect(cols, positions.get(i)) as RowEffect
  }
  restoreAppDatabase(logic, rowEffects(), state.appDatabase)
}

/** The live events of a workspace file (ws_live): appended one operation at a time after the folded events. */
export interface LiveEvents {
  /** Their JSON lines (export format), in order: events `base`, `base + 1`, … */
  lines: string[]
  /** The engine's state after the last live event that recorded one (null: none did). */
  engineState: EngineState | null
}

function liveSha(line: Uint8Array, engine: string | null): Buffer {
  return sha(line, Buffer.from(engine ?? '\u0000', 'utf8'))
}

function engineStateOf(path: string, json: string): EngineState {
  const v = JSON.parse(json) as Partial<EngineState> | null
  if (!v || typeof v.idState !== 'string' || typeof v.clock !== 'number') throw new WorkspaceFileError(path, 'damaged workspace file: a live event has no valid engine state')
  const db = v.appDatabase
  if (db !== undefined && (typeof db !== 'object' || db === null || !Array.isArray(db.sequences))) throw new WorkspaceFileError(path, 'damaged workspace file: a live event has no valid app database state')
  return { idState: v.idState, clock: v.clock, ...(db !== undefined ? { appDatabase: db } : {}) }
}

/** Reads and checks the live events stored after event `base` (none in a version 1 file). Throws WorkspaceFileError. */
export function readLiveEvents(db: Database.Database, path: string, base: number): LiveEvents {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ws_live'").pluck().get()
  const out: LiveEvents = { lines: [], engineState: null }
  if (!table) return out
  let expected = base
  for (const row of db.prepare('SELECT seq, line, engine, sha FROM ws_live ORDER BY seq').iterate() as Iterable<{ seq: number; line: Buffer; engine: string | null; sha: Buffer }>) {
    if (row.seq !== expected) throw new WorkspaceFileError(path, `damaged workspace (live event ${row.seq} where event ${expected} was expected)`)
    expected++
    if (!Buffer.isBuffer(row.line) || !Buffer.isBuffer(row.sha) || !liveSha(row.line, row.engine).equals(row.sha))
      throw new WorkspaceFileError(path, `damaged workspace file: live event ${row.seq} does not match its checksum`)
    out.lines.push(row.line.toString('utf8'))
    if (row.engine !== null) out.engineState = engineStateOf(path, row.engine)
  }
  return out
}

/**
 * The statement that appends one live event (run it inside the caller's
 * transaction, events in order; `engine` is the engine's state after it,
 * or null when a later event of the same transaction carries it).
 */
export function liveEventAppender(db: Database.Database): (seq: number, line: string, engine: EngineState | null) => void {
  db.exec(DDL)
  // A version 1 file gains ws_live: older builds must not open it and miss the live events.
  if ((db.pragma('user_version', { simple: true }) as number) < WORKSPACE_SCHEMA_VERSION) db.pragma(`user_version = ${WORKSPACE_SCHEMA_VERSION}`)
  const ins = db.prepare('INSERT INTO ws_live (seq, line, engine, sha) VALUES (?, ?, ?, ?)')
  return (seq, line, engine) => {
    const bytes = Buffer.from(line, 'utf8')
    const state = engine ? JSON.stringify({ idState: engine.idState, clock: engine.clock }) : null
    ins.run(seq, bytes, state, liveSha(bytes, state))
  }
}

/** Opens and checks a workspace file; reads its timeline parts. Throws WorkspaceFileError. */
export function readWorkspaceFile(path: string, opts: { readonly?: boolean } = {}): OpenedWorkspace {
  if (!looksLikeSqlite(path)) throw new WorkspaceFileError(path, 'not a Session Scope workspace (the file is not a SQLite database)')
  let db: Database.Database
  try {
    db = openDatabase(path, { readonly: opts.readonly ?? false, fileMustExist: true })
  } catch (err) {
    throw new WorkspaceFileError(path, `cannot open the workspace: ${(err as Error).message}`)
  }
  try {
    const appId = db.pragma('application_id', { simple: true }) as number
    if (appId !== WORKSPACE_APPLICATION_ID) throw new WorkspaceFileError(path, 'not a Session Scope workspace (a SQLite database of another application)')
    const version = db.pragma('user_version', { simple: true }) as number
    if (version < OLDEST_READABLE_SCHEMA || version > WORKSPACE_SCHEMA_VERSION)
      throw new WorkspaceFileError(path, `workspace schema version ${version}; this build reads versions ${OLDEST_READABLE_SCHEMA} to ${WORKSPACE_SCHEMA_VERSION}`)
    const metaRows = db.prepare('SELECT key, value FROM ws_meta').all() as { key: string; value: string }[]
    const m = new Map(metaRows.map((r) => [r.key, r.value]))
    if (m.get('magic') !== WORKSPACE_MAGIC) throw new WorkspaceFileError(path, 'not a Session Scope workspace (no workspace header)')
    if (m.get('complete') !== '1') throw new WorkspaceFileError(path, 'the workspace is incomplete (its indexing was interrupted); open the trace again')
    if (m.get('persistVersion') !== String(PERSIST_VERSION)) throw new WorkspaceFileError(path, `unsupported timeline layout ${m.get('persistVersion')}`)
    const parts: Record<string, Uint8Array> = {}
    const chunks = new Map<string, Buffer[]>()
    const damaged = (what: string) => new WorkspaceFileError(path, `damaged workspace file: ${what} does not match its checksum`)
    for (const row of db.prepare('SELECT name, part, data, sha FROM ws_blobs ORDER BY name, part').iterate() as Iterable<{ name: string; part: number; data: Buffer; sha: Buffer }>) {
      const list = chunks.get(row.name) ?? []
      if (list.length !== row.part) throw new WorkspaceFileError(path, `damaged workspace (part ${row.part} of ${row.name} out of order)`)
      if (!sha(row.data).equals(row.sha)) throw damaged(`the index part "${row.name}"`)
      list.push(row.data)
      chunks.set(row.name, list)
    }
    for (const [name, list] of chunks) parts[name] = list.length === 1 ? list[0]! : Buffer.concat(list)
    const checkpoints: Checkpoint[] = []
    for (const r of db.prepare('SELECT * FROM ws_checkpoints ORDER BY i').iterate() as Iterable<Record<string, number | Buffer>>) {
      const i32 = (b: Buffer) => {
        const copy = new Uint8Array(b.length)
        copy.set(b)
        return new Int32Array(copy.buffer, 0, b.length >> 2)
      }
      const fields = [r.rows, r.status, r.slots, r.groups, r.users, r.tables] as Buffer[]
      if (!sha(...fields, Buffer.from(`${r.step as number}:${r.pos as number}`)).equals(r.sha as Buffer)) throw damaged(`checkpoint ${checkpoints.length}`)
      checkpoints.push({
        step: r.step as number,
        pos: r.pos as number,
        rows: i32(r.rows as Buffer),
        rowStatus: new Uint8Array(r.status as Buffer),
        slots: i32(r.slots as Buffer),
        groups: i32(r.groups as Buffer),
        users: i32(r.users as Buffer),
        tables: i32(r.tables as Buffer),
      })
    }
    const meta: WorkspaceMeta = {
      header: JSON.parse(m.get('header') ?? 'null'),
      summary: JSON.parse(m.get('summary') ?? 'null'),
      source: JSON.parse(m.get('source') ?? 'null') as WorkspaceMeta['source'],
      engine: m.get('engine') === '1',
      engineState: JSON.parse(m.get('engineState') ?? 'null') as WorkspaceMeta['engineState'],
    }
    const steps = Number(m.get('steps'))
    const events = Number(m.get('events'))
    const stored = db.prepare('SELECT count(*) FROM ws_events').pluck().get() as number
    void stored
    if (!Number.isInteger(events) || stored !== Math.ceil(events / EVENT_CHUNK)) throw new WorkspaceFileError(path, `damaged workspace (${stored} event records for ${events} events)`)
    // Every stored event line, checked (streamed; this is the one full read of a reopen).
    let expected = 0
    for (const row of db.prepare('SELECT chunk, lines, sha FROM ws_events ORDER BY chunk').iterate() as Iterable<{ chunk: number; lines: Buffer; sha: Buffer }>) {
      if (row.chunk !== expected++) throw new WorkspaceFileError(path, `damaged workspace (event chunk ${row.chunk} out of order)`)
      if (!sha(row.lines).equals(row.sha)) throw damaged(`event chunk ${row.chunk}`)
    }
    const live = readLiveEvents(db, path, events)
    return { db, meta, parts: { parts, checkpoints, checkpointEvery: Number(m.get('checkpointEvery')) || 1024 }, steps, events, live }
  } catch (err) {
    db.close()
    if (err instanceof WorkspaceFileError) throw err
    throw new WorkspaceFileError(path, `damaged workspace file: ${(err as Error).message}`)
  }
}

/** The timeline of an opened workspace, its step details read from the file. */
export function timelineOfWorkspace(path: string, opened: OpenedWorkspace, parts: TimelineParts = opened.parts): TimelineColumns {
  try {
    const cols = deserializeTimeline(parts, new LayeredEventStore(new SqliteEventStore(opened.db, opened.events), opened.events))
    if (cols.stepCount !== opened.steps) throw new TimelineDataError(`${cols.stepCount} steps in the columns, ${opened.steps} recorded`)
    return cols
  } catch (err) {
    if (err instanceof TimelineDataError) throw new WorkspaceFileError(path, `damaged workspace file: ${err.message}`)
    throw err
  }
}

/**
 * Event lines read straight from the trace file they came from, by byte
 * offset: what a freshly indexed recorded trace uses until its workspace
 * file is finished in the background (then the workspace switches to the
 * file's copy). The loader sets `nextOffset` before each put.
 */
export class FileEventStore implements EventStore {
  readonly offsets: F64
  readonly lengths: U32
  /** Byte offset of the line the next put() stores. */
  nextOffset = 0
  private fd: number | null = null
  private buf = Buffer.allocUnsafe(64 * 1024)

  constructor(
    readonly path: string,
    refs?: { offsets: Float64Array; lengths: Uint32Array },
  ) {
    this.offsets = new F64()
    this.lengths = new U32()
    if (refs) {
      this.offsets.adopt(refs.offsets)
      this.lengths.adopt(refs.lengths)
    }
  }

  get count(): number {
    return this.offsets.length
  }

  put(event: number, line: string | Uint8Array): void {
    if (event !== this.count) throw new RangeError(`events are stored in order: expected ${this.count}, got ${event}`)
    if (typeof line === 'string') throw new Error('internal: a trace-file event store keeps lines of the file only')
    this.offsets.push(this.nextOffset)
    this.lengths.push(line.byteLength)
  }

  get(event: number): string {
    if (event < 0 || event >= this.count) throw new RangeError(`no event ${event}`)
    const len = this.lengths.get(event)
    if (this.buf.length < len) this.buf = Buffer.allocUnsafe(len)
    this.fd ??= openSync(this.path, 'r')
    const got = readSync(this.fd, this.buf, 0, len, this.offsets.get(event))
    if (got !== len) throw new Error(`${this.path} changed while open: event ${event} is no longer there`)
    return this.buf.toString('utf8', 0, len)
  }

  truncate(from: number): void {
    this.offsets.length = Math.min(this.offsets.length, from)
    this.lengths.length = Math.min(this.lengths.length, from)
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
  }

  /** Every event's bytes, in order, read in large blocks (copying them into a workspace file). */
  *lines(): Generator<Buffer> {
    const fd = openSync(this.path, 'r')
    try {
      let block = Buffer.allocUnsafe(4 << 20)
      let blockStart = 0
      let blockLen = 0
      for (let e = 0; e < this.count; e++) {
        const off = this.offsets.get(e)
        const len = this.lengths.get(e)
        if (off < blockStart || off + len > blockStart + blockLen) {
          if (block.length < len) block = Buffer.allocUnsafe(len)
          blockStart = off
          blockLen = readSync(fd, block, 0, block.length, off)
          if (blockLen < len) throw new Error(`${this.path} changed while indexing: event ${e} is no longer there`)
        }
        yield block.subarray(off - blockStart, off - blockStart + len)
      }
    } finally {
      closeSync(fd)
    }
  }
}
