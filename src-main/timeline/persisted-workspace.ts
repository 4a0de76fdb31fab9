/**
 * The persisted workspace: the service's current workspace kept in one
 * workspace file (the desktop app's `<userData>/workspace/current.ssws`), so
 * live sessions and recorded steps survive a restart and a crash loses at
 * most the step in flight (docs/timeline.md "The persisted workspace").
 *
 * - **Replacing** (a new workspace, a demo, an opened trace) writes the new
 *   workspace to `<path>.partial`, syncs it, and renames it over `<path>`:
 *   a crash at any moment leaves the old file or the new one, whole. The old
 *   file's connection is checkpointed and closed before the rename, so no
 *   stale `-wal` can ever be applied to the new file.
 * - **Recording**: each live operation's event line goes into `ws_live` in
 *   one transaction (WAL; `synchronous = FULL` by default, so a commit is on
 *   disk when `operate` answers — also across a power cut), with the engine's
 *   ID generator state and clock. O(step): nothing else is rewritten.
 * - **Folding**: on a clean close, and on the next open, the live rows are
 *   moved into the timeline's blobs (ws_events, ws_blobs, ws_checkpoints) in
 *   one transaction.
 * - **Reopening** checks the file as any workspace file (every checksum),
 *   appends the live rows, and continues the engine after the last of them.
 *   A file that cannot be reopened is renamed aside
 *   (`<path>.damaged-<time>`, with its `-wal`/`-shm`), never deleted, and
 *   the service starts empty with a notice saying so.
 */
import type Database from 'better-sqlite3'
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { openDatabase } from '../engine/store/open-database.js'
import type { TraceHeader } from '../trace/schema.js'
import type { OpenedWorkspace, WorkspaceMeta } from './workspace-file.js'
import { FileEventStore, LayeredEventStore, SqliteEventStore, liveEventAppender, readWorkspaceFile, writeTimeline } from './workspace-file.js'
import { Workspace } from './workspace.js'

/**
 * How hard a live step's commit is pushed to disk. `full` (default): the WAL
 * is fsynced at every commit — a step is durable when `operate` answers, even
 * across a power cut or an OS crash. `normal`: no fsync per commit (only at
 * WAL checkpoints) — still safe against a crash or kill of the process (the
 * OS has the written WAL), but a power cut can lose the last steps.
 */
export type WorkspaceDurability = 'full' | 'normal'

export interface PersistedWorkspaceOptions {
  durability?: WorkspaceDurability
  /** The clock that names a damaged file kept aside (tests). */
  now?: () => Date
  /** Failures nobody is waiting for (a background replace); default: console.warn. */
  onError?: (message: string) => void
}

export interface RestoredWorkspace {
  keeper: PersistedWorkspace
  /** The workspace reopened from the file (null: none yet, or it could not be reopened). */
  workspace: Workspace | null
  /** Something the user should be told (a damaged file kept aside, persistence off). */
  notice: string | null
  /** Where a file that could not be reopened was moved. */
  keptAs?: string
}

/**
 * Page size of the persisted files this module writes: each live step
 * rewrites the last leaf page of ws_live (and overflow pages for a long
 * line) in the WAL, so small pages keep that to a few KB per step, where the
 * 64 KiB pages of indexed-trace files would write 64 KiB every step.
 */
const PERSISTED_PAGE_SIZE = 4096

/** The WAL is checkpointed when it reaches about this size. */
const WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024

export class PersistedWorkspace {
  private db: Database.Database | null = null
  private append: ReturnType<typeof liveEventAppender> | null = null
  /** The workspace the file holds. */
  private target: Workspace | null = null
  /** Its event lines are read through `db` (reopened here): rebound if the connection changes. */
  private targetReadsDb = false
  /** A workspace waiting for its own workspace file to be completed before it is copied here. */
  private pending: Workspace | null = null
  /** Events of `target` in the file: folded (ws_events) and in all (folded + ws_live). */
  private folded = 0
  private stored = 0
  /** The app definitions the stored header was written from (a change rewrites the header). */
  private apps: readonly unknown[] = []
  private source: WorkspaceMeta['source'] = null
  /** The `savedSteps` stored in ws_meta (-1: not written for this file yet). */
  private storedSaved = -1
  private disabled: string | null = null
  private closed = false

  private constructor(
    readonly path: string,
    private readonly opts: PersistedWorkspaceOptions,
  ) {}

  /**
   * Opens the persisted workspace at `path` (the folder is created): the
   * workspace it holds, or null when there is none yet or it cannot be
   * reopened (then it is kept aside and `notice` says so).
   */
  static open(path: string, opts: PersistedWorkspaceOptions = {}): RestoredWorkspace {
    const abs = resolve(path)
    const keeper = new PersistedWorkspace(abs, opts)
    try {
      mkdirSync(dirname(abs), { recursive: true })
      // Left by a replace that was interrupted: the file at `path` is still the workspace, whole.
      for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${abs}.partial${suffix}`, { force: true })
    } catch (err) {
      keeper.disabled = `cannot use ${dirname(abs)}: ${(err as Error).message}`
      return { keeper, workspace: null, notice: `Session Scope cannot keep the workspace in ${abs} (${(err as Error).message}); live steps are not saved.` }
    }
    if (!existsSync(abs)) return { keeper, workspace: null, notice: null }
    let opened: OpenedWorkspace | null = null
    let ws: Workspace
    try {
      opened = readWorkspaceFile(abs)
      ws = Workspace.fromOpened(abs, opened, null, false)
    } catch (err) {
      if (opened?.db.open) opened.db.close()
      const reason = (err as Error).message
      const keptAs = keeper.setAside()
      if (!keptAs) return { keeper, workspace: null, notice: `The saved workspace could not be reopened (${reason}), nor moved aside; it was left as it is, and live steps are not saved until it is moved.` }
      return { keeper, workspace: null, keptAs, notice: `The saved workspace could not be reopened (${reason}). It was kept as ${keptAs}; Session Scope started with an empty workspace.` }
    }
    try {
      configure(opened.db, opts.durability ?? 'full')
      keeper.attach(opened.db, ws, opened.events, opened.events + opened.live.lines.length, opened.meta.source ?? null)
      keeper.targetReadsDb = true
      keeper.restoreSaved(ws)
    } catch (err) {
      // Readable but not writable (a read-only folder, say): shown, not recorded.
      keeper.disabled = `cannot write to ${abs}: ${(err as Error).message}`
      return { keeper, workspace: ws, notice: `The saved workspace was reopened, but ${keeper.disabled}; live steps are not saved.` }
    }
    try {
      keeper.fold()
    } catch (err) {
      // The live rows stay (the fold is one transaction); the next open tries again.
      keeper.report(`folding the live steps of ${abs} failed: ${(err as Error).message}`)
    }
    return { keeper, workspace: ws, notice: null }
  }

  /** Why persistence is off (null: it is on). */
  get failure(): string | null {
    return this.disabled
  }

  /**
   * Makes `ws` the persisted workspace, replacing the file atomically. Throws
   * when the new file cannot be written (the old one stays, untouched). A
   * recorded trace whose own workspace file is still being completed in the
   * background is copied once it is (until then the file keeps the previous
   * workspace).
   */
  adopt(ws: Workspace): void {
    if (this.closed || this.disabled || ws === this.target) return
    this.pending = null
    if (!ws.file && ws.timeline.cols.events instanceof FileEventStore) {
      this.pending = ws
      void ws.ready.then(() => {
        if (this.pending !== ws || this.closed) return
        this.pending = null
        if (!ws.file) return
        try {
          this.replaceWith(ws)
        } catch (err) {
          this.report(`the opened trace could not be kept in ${this.path} (the previous workspace is kept there): ${(err as Error).message}`)
        }
      })
      return
    }
    this.replaceWith(ws)
  }

  /**
   * Writes the live events `ws` recorded since the last call (normally the
   * one operation that just ran) in one transaction. Throws when the write
   * fails; the events are then written with the next call.
   */
  record(ws: Workspace): void {
    if (ws !== this.target || !this.db || !this.append) return
    const cols = ws.timeline.cols
    const n = cols.eventCount
    const apps = appDefsOf(ws)
    const appsChanged = !sameRefs(apps, this.apps)
    const saved = ws.savedSteps
    const savedChanged = saved !== this.storedSaved
    if (n === this.stored && !appsChanged && !savedChanged) return
    const db = this.db
    const append = this.append
    const state = ws.engineState()
    db.transaction(() => {
      for (let e = this.stored; e < n; e++) append(e, cols.eventLine(e), e === n - 1 ? state : null)
      // Apps added to the live engine: the stored header must name them too.
      if (appsChanged) db.prepare("INSERT OR REPLACE INTO ws_meta (key, value) VALUES ('header', ?)").run(JSON.stringify(ws.fileMeta().header))
      if (savedChanged) db.prepare("INSERT OR REPLACE INTO ws_meta (key, value) VALUES ('savedSteps', ?)").run(String(saved))
    })()
    this.stored = n
    this.apps = apps
    this.storedSaved = saved
  }

  /**
   * `next` takes over from `previous` with the same timeline (an engine with
   * more apps, say): the file goes on as `next`'s, and what it recorded so far
   * (and its header) is written now. Anything else is a replace (adopt).
   */
  continueWith(previous: Workspace, next: Workspace): void {
    if (previous !== this.target || next.timeline !== previous.timeline) {
      this.adopt(next)
      return
    }
    this.target = next
    try {
      this.record(next)
    } catch (err) {
      this.report(`the workspace's new apps could not be saved yet: ${(err as Error).message} (written with the next step)`)
    }
  }

  /** Folds the live rows into the blobs (when `current` is the persisted workspace) and closes the file. */
  close(current: Workspace | null): void {
    if (this.closed) return
    this.closed = true
    this.pending = null
    try {
      if (current && current === this.target) {
        this.record(current)
        this.fold()
      }
    } catch (err) {
      this.report(`closing ${this.path}: ${(err as Error).message} (the live steps stay in the file and are folded at the next start)`)
    }
    try {
      this.closeDb()
    } catch (err) {
      this.report(`closing ${this.path}: ${(err as Error).message}`)
    }
  }

  // ---------------------------------------------------------------------------

  private attach(db: Database.Database, ws: Workspace, folded: number, stored: number, source: WorkspaceMeta['source']): void {
    this.db = db
    this.append = liveEventAppender(db)
    this.target = ws
    this.targetReadsDb = false
    this.folded = folded
    this.stored = stored
    this.apps = appDefsOf(ws)
    this.source = source
    this.storedSaved = -1
  }

  /**
   * How many steps of the reopened workspace were saved (ws_meta
   * `savedSteps`, kept by record). A file written before that key existed
   * counts every step as saved.
   */
  private restoreSaved(ws: Workspace): void {
    const row = this.db?.prepare("SELECT value FROM ws_meta WHERE key = 'savedSteps'").get() as { value: string } | undefined
    const n = row ? Number(row.value) : NaN
    if (Number.isInteger(n) && n >= 0) ws.savedSteps = Math.min(n, ws.timeline.stepCount)
    this.storedSaved = row ? n : -1
  }

  private report(message: string): void {
    ;(this.opts.onError ?? ((m: string) => console.warn(`[session-scope] ${m}`)))(message)
  }

  /** Moves the live rows into ws_events and the blobs, in one transaction. */
  private fold(): void {
    const ws = this.target
    const db = this.db
    if (!ws || !db || this.stored === this.folded) return
    const cols = ws.timeline.cols
    if (this.stored !== cols.eventCount) return
    db.transaction(() => {
      const events = new SqliteEventStore(db, this.folded)
      for (let e = this.folded; e < this.stored; e++) events.put(e, cols.eventLine(e))
      events.flush()
      writeTimeline(db, cols, { ...ws.fileMeta(), source: this.source })
      db.exec('DELETE FROM ws_live')
    })()
    this.folded = this.stored
    // The folded rows' pages go back to the file system (files written here use incremental auto-vacuum; a no-op in others).
    db.pragma('incremental_vacuum')
    db.pragma('wal_checkpoint(TRUNCATE)')
  }

  private replaceWith(ws: Workspace): void {
    const partial = `${this.path}.partial`
    rmSync(partial, { force: true })
    let events: number
    let source: WorkspaceMeta['source']
    try {
      ;({ events, source } = this.writeCopy(ws, partial))
      syncFile(partial)
    } catch (err) {
      rmSync(partial, { force: true })
      throw err
    }
    // Until the rename, the file at `path` is the previous workspace, whole.
    const previous = this.target
    this.closeDb()
    try {
      if (existsSync(`${this.path}-wal`) && statSync(`${this.path}-wal`).size > 0) throw new Error(`${this.path} is still open elsewhere (its write-ahead log is not empty)`)
      rmSync(`${this.path}-wal`, { force: true })
      rmSync(`${this.path}-shm`, { force: true })
      renameOver(partial, this.path)
    } catch (err) {
      rmSync(partial, { force: true })
      this.reattach(previous)
      throw err
    }
    syncDir(dirname(this.path))
    try {
      const db = openDatabase(this.path, { fileMustExist: true })
      configure(db, this.opts.durability ?? 'full')
      this.attach(db, ws, events, events, source)
      this.record(ws)
    } catch (err) {
      // The new workspace is in place; only appending to it failed.
      this.disable(`cannot write to ${this.path}: ${(err as Error).message}`)
    }
  }

  /** Writes `ws` as a complete workspace file at `partial`; returns its event count. */
  private writeCopy(ws: Workspace, partial: string): { events: number; source: WorkspaceMeta['source'] } {
    const file = ws.file
    if (!file) {
      ws.writeFile(partial, { pageSize: PERSISTED_PAGE_SIZE, incrementalVacuum: true })
      return { events: ws.timeline.cols.eventCount, source: null }
    }
    if (resolve(file.path) === this.path) throw new Error(`${this.path} is the saved workspace itself; it is open already`)
    // A workspace file of its own (an opened trace or .ssws): copied as it is (a byte copy, or
    // through SQLite when it has a write-ahead log), then the header made self-contained.
    const wal = `${file.path}-wal`
    if (existsSync(wal) && statSync(wal).size > 0) file.db.prepare('VACUUM INTO ?').run(partial)
    else copyFileSync(file.path, partial)
    const db = openDatabase(partial, { fileMustExist: true })
    try {
      liveEventAppender(db)
      const meta = new Map((db.prepare('SELECT key, value FROM ws_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]))
      const header: TraceHeader = ws.fileMeta().header
      db.transaction(() => {
        // Live rows of the copied file are in `ws`'s timeline already: they are written again after it.
        db.exec('DELETE FROM ws_live')
        db.prepare("INSERT OR REPLACE INTO ws_meta (key, value) VALUES ('header', ?)").run(JSON.stringify(header))
      })()
      return { events: Number(meta.get('events')), source: JSON.parse(meta.get('source') ?? 'null') as WorkspaceMeta['source'] }
    } finally {
      db.close()
    }
  }

  /** After a failed rename: the previous file is still in place; keep appending to it. */
  private reattach(previous: Workspace | null): void {
    try {
      const db = openDatabase(this.path, { fileMustExist: true })
      configure(db, this.opts.durability ?? 'full')
      const { folded, stored, source, targetReadsDb } = this
      this.db = db
      this.append = liveEventAppender(db)
      this.folded = folded
      this.stored = stored
      this.source = source
      if (previous && targetReadsDb) {
        // Its event lines were read through the closed connection.
        const cols = previous.timeline.cols
        const old = cols.events
        const fresh = new LayeredEventStore(new SqliteEventStore(db, folded), folded)
        for (let e = folded; e < old.count; e++) fresh.put(e, old.get(e))
        cols.events = fresh
      }
    } catch (err) {
      this.disable(`cannot reopen ${this.path}: ${(err as Error).message}`)
    }
  }

  private disable(why: string): void {
    this.disabled = why
    this.target = null
    this.report(`${why}; live steps are not saved any more`)
  }

  private closeDb(): void {
    const db = this.db
    this.db = null
    this.append = null
    if (!db?.open) return
    try {
      db.pragma('wal_checkpoint(TRUNCATE)')
    } finally {
      db.close()
    }
  }

  /** Moves a file that cannot be reopened aside (with its WAL and shared-memory files); returns the new name, or null. */
  private setAside(): string | null {
    const stamp = (this.opts.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-')
    let keptAs = `${this.path}.damaged-${stamp}`
    for (let i = 2; existsSync(keptAs); i++) keptAs = `${this.path}.damaged-${stamp}-${i}`
    try {
      renameSync(this.path, keptAs)
    } catch (err) {
      this.disabled = `${this.path} could not be reopened nor moved aside: ${(err as Error).message}`
      return null
    }
    for (const suffix of ['-wal', '-shm']) {
      try {
        if (existsSync(this.path + suffix)) renameSync(this.path + suffix, keptAs + suffix)
      } catch {
        // The main file is aside already; a leftover here must not reach a new file.
        rmSync(this.path + suffix, { force: true })
      }
    }
    return keptAs
  }
}

/** WAL with the chosen sync level; the WAL is checkpointed at about 4 MB. */
function configure(db: Database.Database, durability: WorkspaceDurability): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true })
  if (mode !== 'wal') throw new Error(`cannot switch ${db.name} to WAL (journal mode ${String(mode)})`)
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`)
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.pragma(`wal_autocheckpoint = ${Math.max(16, Math.floor(WAL_CHECKPOINT_BYTES / pageSize))}`)
}

function appDefsOf(ws: Workspace): readonly unknown[] {
  const engine = ws.engine
  return engine ? [...engine.apps.values()].map((a) => a.def) : []
}

function sameRefs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Makes a rename durable (POSIX); Windows has no directory handles to sync. */
function syncDir(dir: string): void {
  if (process.platform === 'win32') return
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

/** rename(2) replaces atomically; on Windows a virus scanner or indexer may hold the target for a moment. */
function renameOver(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to)
      return
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (process.platform !== 'win32' || attempt >= 10 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw err
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50)
    }
  }
}
