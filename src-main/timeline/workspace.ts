/**
 * One open workspace: its trace header, its timeline, and — for a trace with
 * apps — the engine that live operations continue on.
 *
 * Ways in: a trace given as text (small; indexed on the calling thread), a
 * trace or workspace file loaded by the load workers (load-job.ts), or a new
 * live workspace. Every way ends in the same Workspace, so time travel,
 * recording and export work alike whatever the source.
 */
import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Engine } from '../engine/engine.js'
import type { Operation } from '../engine/model/operation.js'
import type { Step } from '../engine/model/step.js'
import { openDatabase } from '../engine/store/open-database.js'
import { appsOfHeader, hasAppSources } from '../trace/app-sources.js'
import { readTraceText } from '../trace/reader.js'
import type { TraceEvent, TraceHeader } from '../trace/schema.js'
import { serializeHeader } from '../trace/writer.js'
import type { LoadSummary } from './load/indexer.js'
import { TraceIndexer } from './load/indexer.js'
import { sessionScopeTmpDir } from './load/index-file.js'
import type { LoadedTimeline } from './load/load-job.js'
import { sessionStateOf } from './session-state-of.js'
import { writeEngineStore } from './engine-store-file.js'
import { Timeline } from './timeline.js'
import { stepsOfRecordedEvent } from './trace-steps.js'
import type { EngineState, OpenedWorkspace } from './workspace-file.js'
import {
  FileEventStore,
  LayeredEventStore,
  SqliteEventStore,
  WorkspaceFileError,
  continueAppDatabase,
  createWorkspaceDb,
  readLiveEvents,
  readWorkspaceFile,
  storedEngineState,
  timelineOfWorkspace,
  writeTimeline,
} from './workspace-file.js'
import { deserializeTimeline } from './persist.js'

export interface WorkspaceInit {
  header: TraceHeader
  timeline: Timeline
  engine: Engine | null
  /** Timeline index of the engine's step 0 (an engine continuing a loaded trace starts counting again). */
  engineBase: number
  summary: LoadSummary
  traceDir: string | null
  /** The workspace file the timeline reads its event lines from, when it has one. */
  file?: { path: string; db: Database.Database } | null
  /** The trace file it came from. */
  source?: string | null
  reused?: boolean
  tempFiles?: string[]
  /** The workspace file being completed in the background: resolves with its path. */
  persisted?: Promise<string>
}

export class Workspace {
  readonly header: TraceHeader
  readonly timeline: Timeline
  readonly engine: Engine | null
  readonly engineBase: number
  readonly traceDir: string | null
  file: { path: string; db: Database.Database } | null
  /** Resolves when the workspace file is complete and attached (at once when it already was). */
  readonly ready: Promise<void>
  /**
   * How many of the first steps are in a file the user has: the trace or
   * demo it was opened from, or the last trace it was saved or exported to.
   * The steps after it were recorded live and exist only here (and in the
   * persisted workspace): replacing the workspace would lose them, so the UI
   * asks first. Starts at the step count the workspace opened with.
   */
  savedSteps: number
  readonly source: string | null
  readonly reused: boolean
  private readonly base: LoadSummary
  private readonly tempFiles: string[]
  private closed = false

  constructor(init: WorkspaceInit) {
    this.header = init.header
    this.timeline = init.timeline
    this.engine = init.engine
    this.engineBase = init.engineBase
    this.traceDir = init.traceDir
    this.file = init.file ?? null
    this.source = init.source ?? null
    this.reused = init.reused ?? false
    this.base = init.summary
    this.tempFiles = init.tempFiles ?? []
    this.savedSteps = init.timeline.stepCount
    this.ready = init.persisted
      ? init.persisted.then(
          (path) => this.attachFile(path),
          () => undefined,
        )
      : Promise.resolve()
  }

  /** Steps after the saved ones: recorded live, in no file yet. */
  get unsavedSteps(): number {
    return Math.max(0, this.timeline.stepCount - this.savedSteps)
  }

  get recordedOnly(): boolean {
    return this.engine === null
  }

  summary(): LoadSummary {
    return { ...this.base, steps: this.timeline.stepCount }
  }

  /**
   * Indexes a trace held in memory on the calling thread (the text path:
   * small traces, demos, new live workspaces). Throws TraceFormatError,
   * AppLoadError, AppSourceError.
   */
  static fromText(text: string, traceDir: string | null, opts: { checkpointEvery?: number } = {}): Workspace {
    const indexer = new TraceIndexer({ traceDir, ...(opts.checkpointEvery ? { checkpointEvery: opts.checkpointEvery } : {}) })
    try {
      for (const record of readTraceText(text)) indexer.feed(record)
      const header = indexer.traceHeader
      if (!header) throw new Error('empty trace')
      return new Workspace({ header, timeline: indexer.timeline, engine: indexer.engine, engineBase: 0, summary: indexer.summary(), traceDir })
    } catch (err) {
      indexer.close()
      throw err
    }
  }

  /**
   * A workspace from what a load worker produced. Event lines come from the
   * workspace file — or, for a recorded trace whose workspace file is still
   * being completed in the background, from the trace file itself until it is.
   */
  static fromLoaded(loaded: LoadedTimeline, traceDir: string | null, source: string | null): Workspace {
    let db: Database.Database | null = null
    try {
      const refs = loaded.eventRefs ?? null
      if (!refs) db = openDatabase(loaded.workspacePath, { readonly: true, fileMustExist: true })
      const events = refs ? new FileEventStore(refs.path, refs) : new LayeredEventStore(new SqliteEventStore(db!, loaded.events), loaded.events)
      const cols = deserializeTimeline(loaded.parts, events)
      const timeline = new Timeline(cols)
      // A workspace file may hold live events after its folded ones (a persisted workspace that was not closed cleanly).
      const live = db ? readLiveEvents(db, loaded.workspacePath, loaded.events) : null
      if (live) appendLiveEvents(loaded.workspacePath, timeline, live.lines)
      const engineState = live?.engineState ?? loaded.engineState
      const { engine, tempFiles } = engineState && hasAppSources(loaded.header) ? continueEngine(loaded.header, traceDir, timeline, engineState) : { engine: null, tempFiles: [] }
      return new Workspace({
        header: loaded.header,
        timeline,
        engine,
        engineBase: timeline.stepCount,
        summary: loaded.summary,
        traceDir,
        file: db ? { path: loaded.workspacePath, db } : null,
        source,
        reused: loaded.reused,
        tempFiles,
        ...(refs && loaded.persisted ? { persisted: loaded.persisted.then(() => loaded.workspacePath) } : {}),
      })
    } catch (err) {
      db?.close()
      throw err
    }
  }

  /** Switches the event lines to the completed workspace file. */
  private attachFile(path: string): void {
    if (this.closed || this.file) return
    const db = openDatabase(path, { readonly: true, fileMustExist: true })
    const cols = this.timeline.cols
    const previous = cols.events
    const n = cols.eventCount
    cols.events = new LayeredEventStore(new SqliteEventStore(db, n), n)
    if (previous instanceof FileEventStore) previous.close()
    this.file = { path, db }
  }

  /** Opens a workspace file on the calling thread (tests, tools; the service uses a worker). Throws WorkspaceFileError. */
  static openFile(path: string, traceDir: string | null = null): Workspace {
    const opened = readWorkspaceFile(path, { readonly: true })
    try {
      return Workspace.fromOpened(path, opened, traceDir, true)
    } catch (err) {
      opened.db.close()
      throw err
    }
  }

  /**
   * The workspace of an opened, checked workspace file: the folded timeline,
   * then its live events appended, and the engine continuing after the last
   * of them. Event lines are read through `opened.db`; with `ownsFile` false
   * the caller keeps (and closes) that connection — the persisted workspace
   * does, as it appends to the same file. Throws WorkspaceFileError.
   */
  static fromOpened(path: string, opened: OpenedWorkspace, traceDir: string | null, ownsFile: boolean): Workspace {
    try {
      const cols = timelineOfWorkspace(path, opened)
      const timeline = new Timeline(cols)
      appendLiveEvents(path, timeline, opened.live.lines)
      const header = opened.meta.header as TraceHeader
      const engineState = opened.live.engineState ?? opened.meta.engineState ?? null
      const { engine, tempFiles } = engineState && hasAppSources(header) ? continueEngine(header, traceDir ?? sourceDir(opened), timeline, engineState) : { engine: null, tempFiles: [] }
      return new Workspace({
        header,
        timeline,
        engine,
        engineBase: timeline.stepCount,
        summary: opened.meta.summary as LoadSummary,
        traceDir,
        file: ownsFile ? { path, db: opened.db } : null,
        source: opened.meta.source?.path ?? null,
        tempFiles,
      })
    } catch (err) {
      if (err instanceof WorkspaceFileError) throw err
      throw new WorkspaceFileError(path, (err as Error).message)
    }
  }

  /**
   * Runs a live operation: the engine's steps are appended to the timeline
   * (no rebuild) and returned with timeline indexes.
   */
  operate(op: Operation): Step[] {
    const engine = this.engine
    if (!engine) throw new Error('recorded-only workspace')
    const steps = engine.run(op)
    const mapped = this.engineBase === 0 ? steps : steps.map((s) => ({ ...s, index: s.index + this.engineBase, ...(s.causedBy !== undefined ? { causedBy: s.causedBy + this.engineBase } : {}) }))
    this.timeline.appendEvent(mapped)
    return mapped
  }

  /** The header an export writes: with the engine's apps and seed when there is one. */
  exportHeader(): TraceHeader {
    const header: TraceHeader = { ...this.header }
    const engine = this.engine
    if (engine) {
      header.apps = [...engine.apps.values()].map((a) => a.def)
      delete header.use
      delete (header as { appFiles?: unknown }).appFiles
      if (engine.seed !== null) header.seed = engine.seed
      // Issue #16: without a seed the engine's random secret signs its links; kept so they verify after reopening.
      else if (engine.checksumSecret !== null) header.checksumSecret = engine.checksumSecret
    }
    return header
  }

  /** The workspace as trace lines (format v1 with recorded effects and the `steps` extension). */
  *exportLines(): Generator<string> {
    yield serializeHeader(this.exportHeader(), {}, 1)
    const n = this.timeline.cols.eventCount
    for (let e = 0; e < n; e++) yield this.timeline.cols.eventLine(e)
  }

  /** Writes the workspace to a workspace file (written aside, then renamed). */
  save(path: string): void {
    const partial = `${path}.partial`
    rmSync(partial, { force: true })
    try {
      this.writeFile(partial)
      rmSync(path, { force: true })
      renameSync(partial, path)
    } catch (err) {
      rmSync(partial, { force: true })
      throw err
    }
  }

  /** The engine's session ID generator state and clock, and its app database's sequences (null without an engine). */
  engineState(): EngineState | null {
    const engine = this.engine
    return engine ? storedEngineState(engine) : null
  }

  /** The meta data a workspace file of this workspace carries. */
  fileMeta(): { header: TraceHeader; summary: LoadSummary; source: null; engine: boolean; engineState: EngineState | null } {
    const engine = this.engine
    return { header: engine ? { ...this.exportHeader() } : this.header, summary: this.summary(), source: null, engine: engine !== null, engineState: this.engineState() }
  }

  /** Writes a complete workspace file at `path` (created or emptied; the caller renames it into place). */
  writeFile(path: string, opts: { pageSize?: number; incrementalVacuum?: boolean } = {}): void {
    const db = createWorkspaceDb(path, opts)
    try {
      const cols = this.timeline.cols
      const store = new SqliteEventStore(db)
      db.exec('BEGIN')
      for (let e = 0; e < cols.eventCount; e++) store.put(e, cols.eventLine(e))
      store.flush()
      db.exec('COMMIT')
      // The file's events now live in `store`; the columns are written as they are.
      writeTimeline(db, cols, this.fileMeta())
    } finally {
      db.close()
    }
  }

  /**
   * Closes only the engine and removes its temporary store: for a workspace
   * superseded by one that shares its timeline and file (an APEX app joining).
   */
  releaseEngine(): void {
    this.engine?.close()
    for (const f of this.tempFiles.splice(0)) for (const suffix of ['', '-wal', '-shm']) rmSync(f + suffix, { force: true })
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.engine?.close()
    if (this.file?.db.open) this.file.db.close()
    const events = this.timeline.cols.events
    if (events instanceof FileEventStore) events.close()
    for (const f of this.tempFiles) for (const suffix of ['', '-wal', '-shm']) rmSync(f + suffix, { force: true })
  }
}

/**
 * Appends live events (their export-format lines, as ws_live stores them) to
 * a timeline: each line gives back its steps exactly (the `steps`
 * extension), and appending checks that their effects apply.
 */
export function appendLiveEvents(path: string, timeline: Timeline, lines: readonly string[]): void {
  const cols = timeline.cols
  for (const line of lines) {
    const first = cols.stepCount
    try {
      const steps = stepsOfRecordedEvent(JSON.parse(line) as TraceEvent, first, first > 0 ? cols.stepTime.get(first - 1) : 0)
      timeline.appendEvent(steps, line)
    } catch (err) {
      throw new WorkspaceFileError(path, `damaged workspace file: live event ${cols.eventCount} cannot be appended: ${(err as Error).message}`)
    }
  }
}

function sourceDir(opened: OpenedWorkspace): string | null {
  const p = opened.meta.source?.path
  return p ? dirname(p) : null
}

/**
 * The engine that continues a trace with apps loaded from a file: its state
 * is the timeline's last state, written into a private store file the engine
 * opens (with the clock and session ID generator where the trace left them).
 */
function continueEngine(header: TraceHeader, traceDir: string | null, timeline: Timeline, at: EngineState): { engine: Engine; tempFiles: string[] } {
  const storePath = join(sessionScopeTmpDir(), `engine-${randomUUID()}.sqlite`)
  writeEngineStore(storePath, sessionStateOf(timeline.cols, timeline.cols.head), { clock: at.clock, idState: at.idState, checksumSecret: header.checksumSecret ?? null })
  const { apps, paths } = appsOfHeader(header, traceDir)
  const engine = new Engine({
    apps,
    appPaths: paths,
    storePath,
    ...(header.settings ? { settings: header.settings } : {}),
    ...(header.seed !== undefined ? { seed: header.seed } : {}),
    ...(header.startTime ? { startTime: header.startTime } : {}),
  })
  // The app database as the steps left it (issue #11): rows from the timeline's row effects, sequences from the state.
  continueAppDatabase(engine, timeline.cols, at)
  return { engine, tempFiles: [storePath] }
}
