/**
 * Persistence of the simulated state in SQLite (better-sqlite3).
 *
 * The engine keeps the working state in memory (SessionState) and writes each
 * step's effects here in ONE transaction at the end of the step, mirroring
 * APEX's end-of-request commit (a step whose writes are one statement — a few
 * state rows — gets that statement's own transaction instead of BEGIN/COMMIT
 * around it). An in-memory database is the default; a file path gives a
 * workspace that survives restarts (WAL journal).
 *
 * Schema (version 1) — see docs/storage.md for the full description:
 *   meta(key PK, value)                         clock, ID generator state, schema version
 *   sessions(id PK, alias, user, created_at, group_id, apps JSON, current_app,
 *            current_page, ended, ended_at, seq) one row per session ever created;
 *            seq = the order of the in-memory session map (creation; a login
 *            rotation moves the session to the end, as the map does)
 *   groups(id PK, created_at, last_activity, max_length_sec, max_idle_sec)
 *   state(session, app, page, item, value, status)  PK(session, app, page, item);
 *            page = -1 for application items, app = 0 for GLOBAL items
 *   user_state(user, app, item, value)          the Per User store
 *   table_rows(app, tbl, idx, row JSON)         simulator tables (EMP, …)
 */
import type Database from 'better-sqlite3'
import { openDatabase } from './open-database.js'
import type { Effect, GroupRecord, SessionRecord } from '../model/effect.js'
import type { RowStatus } from '../model/values.js'
import { APP_ITEM_PAGE } from '../model/values.js'
import { SessionState, rowKey, tableKey, userKey } from '../state/session-state.js'

export const STORE_SCHEMA_VERSION = 1

const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY, alias TEXT, user TEXT NOT NULL, created_at REAL NOT NULL,
  group_id INTEGER NOT NULL, apps TEXT NOT NULL, current_app INTEGER, current_page INTEGER,
  ended TEXT, ended_at REAL, seq INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS groups (
  id INTEGER PRIMARY KEY, created_at REAL NOT NULL, last_activity REAL NOT NULL,
  max_length_sec REAL NOT NULL, max_idle_sec REAL NOT NULL);
CREATE TABLE IF NOT EXISTS state (
  session INTEGER NOT NULL, app INTEGER NOT NULL, page INTEGER NOT NULL, item TEXT NOT NULL,
  value TEXT, status TEXT NOT NULL CHECK (status IN ('I','U','R')),
  PRIMARY KEY (session, app, page, item)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS user_state (
  user TEXT NOT NULL, app INTEGER NOT NULL, item TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (user, app, item)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS table_rows (
  app INTEGER NOT NULL, tbl TEXT NOT NULL, idx INTEGER NOT NULL, row TEXT NOT NULL,
  PRIMARY KEY (app, tbl, idx)) WITHOUT ROWID;
`

const UPSERT_ROW_CONFLICT = 'ON CONFLICT (session, app, page, item) DO UPDATE SET value = excluded.value, status = excluded.status'

/**
 * The statements a step's effects become, by name: the store prepares them,
 * and the engine benchmark runs the very same ones as its raw baseline.
 */
export const STORE_SQL = {
  upsertRow: `INSERT INTO state (session, app, page, item, value, status) VALUES (?, ?, ?, ?, ?, ?) ${UPSERT_ROW_CONFLICT}`,
  deleteRow: 'DELETE FROM state WHERE session = ? AND app = ? AND page = ? AND item = ?',
  upsertUser: 'INSERT INTO user_state (user, app, item, value) VALUES (?, ?, ?, ?) ON CONFLICT (user, app, item) DO UPDATE SET value = excluded.value',
  deleteUser: 'DELETE FROM user_state WHERE user = ? AND app = ? AND item = ?',
  // An update keeps the session's seq (its place in the order); only a new session takes the next one.
  upsertSession:
    'INSERT INTO sessions (id, alias, user, created_at, group_id, apps, current_app, current_page, ended, ended_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
    'ON CONFLICT (id) DO UPDATE SET alias = excluded.alias, user = excluded.user, created_at = excluded.created_at, group_id = excluded.group_id, ' +
    'apps = excluded.apps, current_app = excluded.current_app, current_page = excluded.current_page, ended = excluded.ended, ended_at = excluded.ended_at',
  deleteSession: 'DELETE FROM sessions WHERE id = ?',
  upsertGroup: 'INSERT OR REPLACE INTO groups (id, created_at, last_activity, max_length_sec, max_idle_sec) VALUES (?, ?, ?, ?, ?)',
  deleteGroup: 'DELETE FROM groups WHERE id = ?',
  rekeySession: 'UPDATE sessions SET id = ?, seq = ? WHERE id = ?',
  rekeyRows: 'UPDATE state SET session = ? WHERE session = ?',
  insertTableRow: 'INSERT INTO table_rows (app, tbl, idx, row) VALUES (?, ?, ?, ?)',
  setMeta: 'INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)',
} as const

/**
 * Most rows a step's state writes put in one statement. A step's consecutive
 * row writes (a page's items fetched, a submit's posted values) become one
 * multi-row statement of up to this many rows instead of one statement each:
 * better-sqlite3's per-call cost is paid once, and a step whose only stored
 * writes fit in one statement needs no BEGIN/COMMIT (docs/storage.md).
 */
export const MAX_ROWS_PER_PUT = 8

/**
 * The statement writing `count` state rows, in order: upsertRow with more rows
 * (SQLite takes the rows of one INSERT one after another, so a key written
 * twice in one statement ends with its later row, as two statements leave it).
 */
export function putRowsSql(count: number): string {
  const rows = new Array<string>(count).fill('(?, ?, ?, ?, ?, ?)').join(', ')
  return `INSERT INTO state (session, app, page, item, value, status) VALUES ${rows} ${UPSERT_ROW_CONFLICT}`
}

export class StoreError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StoreError'
  }
}

export class SqliteStore {
  readonly db: Database.Database
  private readonly stmts: Record<keyof typeof STORE_SQL, Database.Statement>
  private readonly persistTx: (effects: readonly Effect[], meta: Record<string, string>) => void
  /** The `seq` of the next session inserted or rekeyed (sessions.seq). */
  private nextSeq: number
  /** putRowsSql(n) prepared, at index n, made when first needed. */
  private readonly putRows: (Database.Statement | undefined)[] = []
  /**
   * Parameters of the rows waiting for one putRows statement (6 per row, the
   * first `pendingRows` rows), in a list made once: a list grown per step
   * changed its kind of elements at the first session ID and the first text,
   * which cost more than the statement calls it saved.
   */
  private readonly pendingPuts: unknown[] = new Array<unknown>(MAX_ROWS_PER_PUT * 6).fill(null)
  private pendingRows = 0
  /** The parameter list of putRows(n), at index n: exactly 6n long, made once. */
  private readonly putParams: unknown[][] = []

  /** `path` ":memory:" (default) or a file. A file that is not a Session Scope store is refused. */
  constructor(path = ':memory:') {
    try {
      this.db = openDatabase(path)
    } catch (err) {
      throw new StoreError(`cannot open store ${path}: ${(err as Error).message}`)
    }
    try {
      if (path !== ':memory:') this.db.pragma('journal_mode = WAL')
      this.db.exec(DDL)
      const version = this.getMeta('schemaVersion')
      if (version === undefined) this.setMeta('schemaVersion', String(STORE_SCHEMA_VERSION))
      else if (Number(version) !== STORE_SCHEMA_VERSION)
        throw new StoreError(`store ${path} has schema version ${version}; this build reads version ${STORE_SCHEMA_VERSION}`)
      addSessionOrder(this.db)
    } catch (err) {
      this.db.close()
      if (err instanceof StoreError) throw err
      throw new StoreError(`${path} is not a usable Session Scope store: ${(err as Error).message}`)
    }
    const db = this.db
    this.nextSeq = (db.prepare('SELECT coalesce(max(seq), 0) + 1 AS n FROM sessions').get() as { n: number }).n
    // An object literal (not built from STORE_SQL's entries): one fixed shape for the per-effect property reads.
    this.stmts = {
      upsertRow: db.prepare(STORE_SQL.upsertRow),
      deleteRow: db.prepare(STORE_SQL.deleteRow),
      upsertUser: db.prepare(STORE_SQL.upsertUser),
      deleteUser: db.prepare(STORE_SQL.deleteUser),
      upsertSession: db.prepare(STORE_SQL.upsertSession),
      deleteSession: db.prepare(STORE_SQL.deleteSession),
      upsertGroup: db.prepare(STORE_SQL.upsertGroup),
      deleteGroup: db.prepare(STORE_SQL.deleteGroup),
      rekeySession: db.prepare(STORE_SQL.rekeySession),
      rekeyRows: db.prepare(STORE_SQL.rekeyRows),
      insertTableRow: db.prepare(STORE_SQL.insertTableRow),
      setMeta: db.prepare(STORE_SQL.setMeta),
    }
    this.persistTx = db.transaction((effects: readonly Effect[], meta: Record<string, string>) => {
      for (const e of effects) this.persistOne(e)
      this.flushPuts()
      // for…in rather than Object.entries: this runs once per step, nearly always over an empty object.
      for (const k in meta) this.stmts.setMeta.run(k, meta[k])
    })
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined
    return row?.value
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value)
  }

  /** Writes one step's effects (already applied in memory) and engine metadata atomically. */
  persist(effects: readonly Effect[], meta: Record<string, string> = {}): void {
    const noMeta = isEmpty(meta)
    // A step whose effects are all notices, warnings or app-database rows (a page shown again,
    // a redirect's render) writes nothing here: no transaction to open and commit.
    if (!hasStoredEffect(effects) && noMeta) return
    // A step that writes only a few state rows writes them in one statement, which SQLite
    // runs as its own transaction: as atomic and durable as BEGIN, the statement, COMMIT.
    if (noMeta && onlyFewRowPuts(effects)) {
      for (let i = 0; i < effects.length; i++) this.persistOne(effects[i]!)
      this.flushPuts()
      return
    }
    this.persistTx(effects, meta)
  }

  /** Writes the rows waiting for a putRows statement, in one statement. */
  private flushPuts(): void {
    const rows = this.pendingRows
    if (rows === 0) return
    const stmt = (this.putRows[rows] ??= this.db.prepare(putRowsSql(rows)))
    const params = (this.putParams[rows] ??= new Array<unknown>(rows * 6).fill(null))
    const pending = this.pendingPuts
    for (let i = 0; i < params.length; i++) params[i] = pending[i]
    // Taken before running: a statement that fails leaves no rows waiting for the next step.
    this.pendingRows = 0
    stmt.run(params)
  }

  private persistOne(e: Effect): void {
    const s = this.stmts
    if (e.op === 'set' && e.toStatus !== null) {
      // Written with the step's next rows, in order (flushPuts before any other write, and when full).
      if (this.pendingRows === MAX_ROWS_PER_PUT) this.flushPuts()
      const p = this.pendingPuts
      const at = this.pendingRows++ * 6
      p[at] = e.session
      p[at + 1] = e.app
      p[at + 2] = e.page ?? APP_ITEM_PAGE
      p[at + 3] = e.item
      p[at + 4] = e.to
      p[at + 5] = e.toStatus
      return
    }
    if (e.op !== 'notice' && e.op !== 'warning' && e.op !== 'row') this.flushPuts()
    switch (e.op) {
      case 'set':
        s.deleteRow.run(e.session, e.app, e.page ?? APP_ITEM_PAGE, e.item)
        return
      case 'userSet':
        if (e.to === null) s.deleteUser.run(e.user, e.app, e.item)
        else s.upsertUser.run(e.user, e.app, e.item, e.to)
        return
      case 'session':
        if (e.to === null) s.deleteSession.run(e.session)
        else writeSession(s.upsertSession, e.to, this.nextSeq++)
        return
      case 'group':
        if (e.to === null) s.deleteGroup.run(e.groupId)
        else writeGroup(s.upsertGroup, e.to)
        return
      case 'rekey':
        s.rekeySession.run(e.to, this.nextSeq++, e.from)
        s.rekeyRows.run(e.to, e.from)
        return
      case 'insertRow':
        s.insertTableRow.run(e.app, e.table, e.index, JSON.stringify(e.row))
        return
      case 'notice':
      case 'warning':
        return
    }
  }

  /** Rebuilds the in-memory state from the database (reopening a workspace). */
  load(): SessionState {
    const state = new SessionState()
    // In the order the in-memory map had them (sessions.seq), so a reopened engine lists
    // sessions — and a wait's per-session notices — as one that never stopped.
    for (const r of this.db.prepare('SELECT * FROM sessions ORDER BY seq, id').all() as SessionRow[]) {
      state.sessions.set(r.id, {
        id: r.id,
        alias: r.alias,
        user: r.user,
        createdAt: r.created_at,
        groupId: r.group_id,
        apps: JSON.parse(r.apps) as number[],
        currentApp: r.current_app,
        currentPage: r.current_page,
        ended: r.ended as SessionRecord['ended'],
        endedAt: r.ended_at,
      })
    }
    for (const g of this.db.prepare('SELECT * FROM groups').all() as GroupRow[]) {
      state.groups.set(g.id, {
        id: g.id,
        createdAt: g.created_at,
        lastActivity: g.last_activity,
        maxSessionLengthSec: g.max_length_sec,
        maxSessionIdleSec: g.max_idle_sec,
      })
    }
    for (const r of this.db.prepare('SELECT * FROM state').all() as DbStateRow[]) {
      let m = state.rows.get(r.session)
      if (!m) {
        m = new Map()
        state.rows.set(r.session, m)
      }
      const page = r.page === APP_ITEM_PAGE ? null : r.page
      m.set(rowKey(r.app, page, r.item), { session: r.session, app: r.app, page, item: r.item, value: r.value, status: r.status })
    }
    for (const u of this.db.prepare('SELECT * FROM user_state').all() as { user: string; app: number; item: string; value: string }[]) {
      state.userRows.set(userKey(u.user, u.app, u.item), u)
    }
    for (const t of this.db.prepare('SELECT * FROM table_rows ORDER BY app, tbl, idx').all() as { app: number; tbl: string; row: string }[]) {
      const key = tableKey(t.app, t.tbl)
      const rows = state.tables.get(key) ?? []
      rows.push(JSON.parse(t.row) as Record<string, string | null>)
      state.tables.set(key, rows)
    }
    return state
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

interface SessionRow {
  id: number
  alias: string | null
  user: string
  created_at: number
  group_id: number
  apps: string
  current_app: number | null
  current_page: number | null
  ended: string | null
  ended_at: number | null
}
interface GroupRow {
  id: number
  created_at: number
  last_activity: number
  max_length_sec: number
  max_idle_sec: number
}
interface DbStateRow {
  session: number
  app: number
  page: number
  item: string
  value: string | null
  status: RowStatus
}

/**
 * Whether any effect is one the store writes. Only the kinds known to write
 * nothing are passed over (a kind added later is written, or looked at, by
 * persistOne as before).
 */
function hasStoredEffect(effects: readonly Effect[]): boolean {
  for (let i = 0; i < effects.length; i++) {
    const op = effects[i]!.op
    if (op !== 'notice' && op !== 'warning' && op !== 'row') return true
  }
  return false
}

/**
 * Whether the step's stored writes are state rows put (not deleted) and no
 * more than one putRows statement holds: then it needs no transaction of its own.
 */
function onlyFewRowPuts(effects: readonly Effect[]): boolean {
  let puts = 0
  for (let i = 0; i < effects.length; i++) {
    const e = effects[i]!
    if (e.op === 'set') {
      if (e.toStatus === null || ++puts > MAX_ROWS_PER_PUT) return false
    } else if (e.op !== 'notice' && e.op !== 'warning' && e.op !== 'row') return false
  }
  return true
}

function isEmpty(meta: Record<string, string>): boolean {
  for (const _ in meta) return false
  return true
}

function writeSession(stmt: Database.Statement, r: SessionRecord, seq: number): void {
  stmt.run(r.id, r.alias, r.user, r.createdAt, r.groupId, JSON.stringify(r.apps), r.currentApp, r.currentPage, r.ended, r.endedAt, seq)
}

/**
 * Stores written before sessions had `seq` get the column (additive: a build
 * without it still reads and writes the file). Their sessions keep ID order,
 * the only order those files knew.
 */
function addSessionOrder(db: Database.Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('sessions')").all() as { name: string }[]
  if (columns.some((c) => c.name === 'seq')) return
  db.exec('ALTER TABLE sessions ADD COLUMN seq INTEGER NOT NULL DEFAULT 0; UPDATE sessions SET seq = id')
}

function writeGroup(stmt: Database.Statement, g: GroupRecord): void {
  stmt.run(g.id, g.createdAt, g.lastActivity, g.maxSessionLengthSec, g.maxSessionIdleSec)
}
