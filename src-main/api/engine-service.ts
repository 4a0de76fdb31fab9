/**
 * The engine behind the contract: one workspace at a time (a live session
 * simulation, an opened trace or a demo), its steps and time-travel index,
 * and the handlers of every contract method. Transports wrap `dispatch`;
 * nothing here knows about Electron, HTTP or the DOM.
 *
 * Time travel (timeline.*) is answered by the workspace's Timeline
 * (src-main/timeline/). Trace files are loaded by worker threads
 * (workspace.openTraceFile), so this thread keeps serving while a big file
 * is parsed; the current workspace is replaced only when the new one is
 * complete, so a failed or cancelled load never loses it.
 */
import { createWriteStream, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { createHash, randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { AppLoadError } from '../engine/app/compile-app.js'
import type { Engine, SessionView } from '../engine/engine.js'
import type { Step } from '../engine/model/step.js'
import type { Operation } from '../engine/model/operation.js'
import { AppSourceError, resourcesDir } from '../trace/app-sources.js'
import { TraceFormatError } from '../trace/reader.js'
import type { TraceHeader } from '../trace/schema.js'
import { findBreakpoint } from '../timeline/breakpoints.js'
import { whyRow } from '../timeline/row-why.js'
import { flowGraph } from '../timeline/flow-graph.js'
import { browserNamesAtEnd, openBrowser } from './browser-service.js'
import { browsersWindowAnswer, sessionsWindowAnswer } from './sessions-panel-service.js'
import { searchAnswers } from '../timeline/answer-index.js'
import { stepTextIndexOf, stepTextIndexSoFar } from '../timeline/step-text-index.js'
import type { StepTextIndex } from '../timeline/step-text-index.js'
import { buildStepTextIndexInBackground, isBuildingStepText } from '../timeline/step-text-build.js'
import { nearestStep } from '../timeline/search.js'
import { freeAlias } from '../engine/state/free-alias.js'
import type { BreakpointSpec } from '../timeline/breakpoints.js'
import { LoadCancelled, LoadJob, readWorkspaceInWorker } from '../timeline/load/load-job.js'
import type { LoadedTimeline } from '../timeline/load/load-job.js'
import { comparePoints, navigate, playbackDelays } from '../timeline/navigation.js'
import type { TimedStepShape } from '../timeline/navigation.js'
import { PointError } from '../timeline/timeline.js'
import { StateAnswerCache } from '../timeline/state-answer-cache.js'
import type { Point, StateAtOptions, Timeline } from '../timeline/timeline.js'
import { runWhenIdle } from '../timeline/idle-work.js'
import type { IdleWorkOptions } from '../timeline/idle-work.js'
import { WORKSPACE_EXTENSION, WorkspaceFileError, looksLikeSqlite } from '../timeline/workspace-file.js'
import { Workspace } from '../timeline/workspace.js'
import { PersistedWorkspace } from '../timeline/persisted-workspace.js'
import type { WorkspaceDurability } from '../timeline/persisted-workspace.js'
import { LIST_ENDED_SESSIONS_UP_TO } from './contract.js'
import type { BreakpointFound, DemoInfo, EventPayloads, EventTopic, MethodResults, StateOptions, TimelinePoint, TimelineState, WorkspaceSummary } from './contract.js'
import { ApiFailure, createDispatcher } from './dispatcher.js'
import type { Handlers } from './dispatcher.js'
import { importApexExport, importApexFiles } from '../apex-import/index.js'
import { checkImportPath, fileField, runApexImport, uploadName } from './apex-import-service.js'
import { openHar } from './har-open-service.js'
import type { HarOpenHost, HarSource } from './har-open-service.js'
import type { ApexImportHost } from './apex-import-service.js'

const PRODUCT_VERSION = '0.1.0'

type Listener = (payload: unknown) => void

export interface EngineServiceOptions {
  /** Where workspace files of opened traces are kept (default: the OS temp directory). The desktop shell passes its user-data folder. */
  workspaceDir?: string
  /** Checkpoint interval of new timelines (docs/timeline.md). */
  checkpointEvery?: number
  /**
   * The persisted workspace file (docs/timeline.md "The persisted workspace"): the service
   * reopens it at start (live sessions and every recorded step), writes each live step into
   * it as part of the step, and replaces it atomically when another workspace is opened. The
   * desktop shell passes `<userData>/workspace/current.ssws`. Absent: nothing is persisted.
   */
  workspacePath?: string
  /** How a live step's commit reaches the disk (default `full`: fsync per step; see persisted-workspace.ts). */
  workspaceDurability?: WorkspaceDurability
  /** How the work done while idle after a trace opened is scheduled (tests run its slices one by one; idle-work.ts). */
  idleWork?: Pick<IdleWorkOptions, 'now' | 'schedule' | 'sliceMs' | 'idleMs'>
}

/** A jump's ask (the renderer's jumpState): rows in columns with what the step changed, no Per User rows or tables, no session list. */
const JUMP_STATE: StateOptions = { encoding: 'columns', here: true, userRows: false, tables: false, sessionList: false }

/** The timeline's options for the contract's: rows with their last change, sessions with their group and expiry. */
function stateAtOptions(opts: StateOptions): StateAtOptions {
  return {
    ...(opts.sessions ? { sessions: opts.sessions } : {}),
    ...(opts.liveOnly ? { liveOnly: true } : {}),
    changes: true,
    groups: true,
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    ...(opts.here ? { here: true } : {}),
    ...(opts.sessionList === false ? { sessionList: false } : {}),
    ...(opts.sessionsShown ? { sessionsShown: opts.sessionsShown } : {}),
    ...(opts.userRows === false ? { userRows: false } : {}),
    ...(opts.tables === false ? { tables: false } : {}),
  }
}

/** The state-answer cache's key of an answer: the point and the options, as one string. */
function stateKey(point: Point, asked: StateAtOptions): string {
  return JSON.stringify([point.step, point.phase ?? null, asked])
}

export class EngineService {
  private workspace: Workspace
  private readonly listeners = new Map<EventTopic, Set<Listener>>()
  /** The last few timeline.state answers (End, Home, a breakpoint's step come back). */
  private readonly stateAnswers = new StateAnswerCache()
  private loading: LoadJob | null = null
  /** Stops a browser recording's import while it runs (har-open-service.ts). */
  private harCancel: (() => void) | null = null
  /** The persisted workspace (EngineServiceOptions.workspacePath). */
  private readonly persisted: PersistedWorkspace | null = null
  /** Set at start when the persisted workspace could not be reopened or kept (for the user). */
  readonly startupNotice: string | null = null
  readonly dispatch
  /** When the last request came (the step-word index is built in the background only while the engine is idle). */
  private lastRequestAt = 0
  /** The work done while idle after the last trace opened (warmUpWhenIdle). */
  private warming: Promise<unknown> = Promise.resolve()
  private closed = false

  constructor(private readonly opts: EngineServiceOptions = {}) {
    const restored = opts.workspacePath ? PersistedWorkspace.open(opts.workspacePath, opts.workspaceDurability ? { durability: opts.workspaceDurability } : {}) : null
    this.persisted = restored?.keeper ?? null
    this.workspace = restored?.workspace ?? this.fromText(JSON.stringify({ format: 'session-trace', version: 1, title: 'Untitled workspace', apps: [] }) + '\n', 'new workspace', null)
    let notice = restored?.notice ?? null
    if (this.persisted && !restored?.workspace) {
      try {
        this.persisted.adopt(this.workspace)
      } catch (err) {
        notice = `${notice ? `${notice} ` : ''}The workspace cannot be saved in ${this.persisted.path} (${(err as Error).message}); live steps are not kept across restarts.`
      }
    }
    this.startupNotice = notice
    const dispatch = createDispatcher(this.handlers())
    this.dispatch = ((method, payload) => {
      this.lastRequestAt = performance.now()
      return dispatch(method, payload)
    }) as typeof dispatch
  }

  subscribe<T extends EventTopic>(topic: T, cb: (payload: EventPayloads[T]) => void): () => void {
    let set = this.listeners.get(topic)
    if (!set) {
      set = new Set()
      this.listeners.set(topic, set)
    }
    set.add(cb as Listener)
    return () => set.delete(cb as Listener)
  }

  private emit<T extends EventTopic>(topic: T, payload: EventPayloads[T]): void {
    for (const cb of this.listeners.get(topic) ?? []) cb(payload)
  }

  /** Every step, as objects (tests and small workspaces; big ones page through steps.range). */
  get steps(): readonly Step[] {
    return this.timeline.steps(0, this.timeline.stepCount)
  }

  get timeline(): Timeline {
    return this.workspace.timeline
  }

  get engine(): Engine | null {
    return this.workspace.engine
  }

  /**
   * The step-word index, extended for `budgetMs` (0: only the steps appended since, when it was complete); what is left is
   * built in the background while the engine is idle (step-text-build.ts).
   */
  private stepWordsIndex(budgetMs?: number): StepTextIndex {
    const tl = this.timeline
    const sofar = stepTextIndexSoFar(tl)
    const index = budgetMs === 0 && sofar && isBuildingStepText(tl) ? sofar : stepTextIndexOf(tl, budgetMs)
    if (index.steps < tl.stepCount) buildStepTextIndexInBackground(tl, { lastRequestAt: () => this.lastRequestAt, keepGoing: () => !this.closed && this.timeline === tl })
    return index
  }

  get current(): Workspace {
    return this.workspace
  }

  /** Replaces the workspace only once the new one loaded completely: a bad file never loses the current one. */
  private replace(next: Workspace): WorkspaceSummary {
    try {
      // The persisted file is replaced first (atomically): if that fails, nothing changed.
      this.persisted?.adopt(next)
    } catch (err) {
      next.close()
      throw new ApiFailure({ code: 'internal', message: `cannot keep the new workspace in ${this.persisted!.path}: ${(err as Error).message}; the current workspace stays` })
    }
    const previous = this.workspace
    this.workspace = next
    previous.close()
    const summary = this.summary()
    this.emit('workspace.changed', summary)
    return summary
  }

  private fromText(text: string, name: string, traceDir: string | null): Workspace {
    try {
      return Workspace.fromText(text, traceDir, this.opts.checkpointEvery ? { checkpointEvery: this.opts.checkpointEvery } : {})
    } catch (err) {
      throw toApiFailure(err, name)
    }
  }

  summary(): WorkspaceSummary {
    const w = this.workspace
    const s = w.summary()
    const summary: WorkspaceSummary = { title: s.title, recordedOnly: w.recordedOnly, steps: s.steps, expects: s.expects, failures: s.failures, divergences: s.divergences }
    if (s.observed) summary.observed = s.observed
    if (w.file || w.source) summary.file = { workspace: w.file?.path ?? null, source: w.source, reused: w.reused }
    summary.unsavedSteps = w.unsavedSteps
    return summary
  }

  /** The workspace as a v1 trace with recorded effects (and the `steps` extension that makes re-import exact). */
  exportTraceText(): string {
    return [...this.workspace.exportLines()].join('\n') + '\n'
  }

  /**
   * Writes the trace beside `path` and renames it over `path` when complete:
   * a failed or interrupted export never leaves half a trace where the user
   * keeps their file (an existing one stays as it was).
   */
  private async exportTraceFile(path: string): Promise<{ path: string; events: number }> {
    const partial = `${path}.partial-${randomUUID()}`
    const out = createWriteStream(partial)
    // One listener for the whole write (an open or write error; the stream closes after it).
    let failed: Error | null = null
    out.on('error', (err) => (failed = err))
    let events = -1
    try {
      try {
        for (const line of this.workspace.exportLines()) {
          events++
          if (failed) throw failed
          if (!out.write(line + '\n'))
            await new Promise<void>((r) => {
              const go = () => {
                out.off('drain', go)
                out.off('close', go)
                r()
              }
              out.on('drain', go)
              out.on('close', go)
            })
        }
      } finally {
        await new Promise<void>((r) => out.end(() => r()))
      }
      if (failed) throw failed
      renameSync(partial, path)
    } catch (err) {
      rmSync(partial, { force: true })
      throw err
    }
    return { path, events }
  }

  // -------------------------------------------------------------------------
  // Trace files (worker threads)

  private workspaceDir(): string {
    const dir = this.opts.workspaceDir ?? join(tmpdir(), 'session-scope', 'workspaces')
    mkdirSync(dir, { recursive: true })
    return dir
  }

  private async openTraceFile(path: string): Promise<WorkspaceSummary> {
    if (this.loading) throw new ApiFailure({ code: 'busy', message: 'a trace is loading; cancel it first (workspace.cancelLoad)' })
    const abs = resolve(path)
    let size: number
    try {
      size = statSync(abs).size
    } catch {
      throw new ApiFailure({ code: 'notFound', message: `${path}: no such file`, field: 'path' })
    }
    const progress = (p: EventPayloads['load.progress']) => this.emit('load.progress', p)
    if (looksLikeSqlite(abs) || abs.endsWith(WORKSPACE_EXTENSION)) {
      // A workspace file (by content or by name): opened in a worker, attached here.
      progress({ fraction: 0, etaSec: null, bytesRead: 0, totalBytes: size, events: 0 })
      try {
        const opened = await readWorkspaceInWorker(abs)
        const loaded: LoadedTimeline = {
          header: opened.meta.header as TraceHeader,
          summary: opened.meta.summary as LoadedTimeline['summary'],
          parts: opened.parts,
          steps: opened.steps,
          events: opened.events,
          engineState: opened.meta.engineState ?? null,
          workspacePath: abs,
          reused: true,
        }
        const ws = Workspace.fromLoaded(loaded, opened.meta.source ? dirname(opened.meta.source.path) : dirname(abs), opened.meta.source?.path ?? null)
        progress({ fraction: 1, etaSec: 0, bytesRead: size, totalBytes: size, events: opened.events })
        const summary = this.replace(ws)
        this.warmUpWhenIdle(ws)
        return summary
      } catch (err) {
        throw toApiFailure(err, path)
      }
    }
    const key = createHash('sha256').update(`${abs}\u0000${size}\u0000${statSync(abs).mtimeMs}`).digest('hex').slice(0, 24)
    const job = new LoadJob({
      path: abs,
      workspacePath: join(this.workspaceDir(), `${key}${WORKSPACE_EXTENSION}`),
      ...(this.opts.checkpointEvery ? { checkpointEvery: this.opts.checkpointEvery } : {}),
      onProgress: (p) => progress(p),
    })
    this.loading = job
    try {
      const loaded = await job.promise
      const ws = Workspace.fromLoaded(loaded, dirname(abs), abs)
      const summary = this.replace(ws)
      this.warmUpWhenIdle(ws)
      // A recorded trace's workspace file is completed in the background: say so when it is.
      if (!ws.file) void ws.ready.then(() => {
        if (this.workspace === ws && ws.file) this.emit('workspace.changed', this.summary())
      })
      return summary
    } catch (err) {
      throw toApiFailure(err, path)
    } finally {
      this.loading = null
    }
  }

  /**
   * Once a trace file is open, while nobody waits for the engine, in slices (idle-work.ts): the indexes
   * its queries need (Timeline.prepareQueriesInParts; ~0.2 s at a million events, which the first state
   * used to wait for), then the answers End gets (the last step as a jump asks for it, and the session
   * list, Per User rows and tables asked once its table is painted): End is the most common jump, and
   * its first answer at a million events cost 40–250 ms, the page's own work aside. A request arriving
   * meanwhile waits for one slice at most; End pressed before its answer is warm finishes it at once.
   */
  private warmUpWhenIdle(ws: Workspace): void {
    this.warming = runWhenIdle(this.warmUp(ws.timeline), {
      lastRequestAt: () => this.lastRequestAt,
      keepGoing: () => !this.closed && this.workspace === ws,
      ...this.opts.idleWork,
    })
  }

  /** Resolves once the work done while idle after the last trace opened has ended or stopped (tests, measurements). */
  get warmedUp(): Promise<unknown> {
    return this.warming
  }

  private *warmUp(tl: Timeline): Generator<void, void> {
    yield* tl.prepareQueriesInParts()
    const last = tl.stepCount - 1
    if (last < 0) return
    const point: Point = { step: last, phase: null }
    // As the renderer asks: live sessions only beyond LIST_ENDED_SESSIONS_UP_TO (timeline.info's count).
    const liveOnly = tl.cols.slotFirstSession.length > LIST_ENDED_SESSIONS_UP_TO
    // The jump's answer for every session shown (any selection's answer is cut from it: stateAt).
    const jump: StateAtOptions = { ...stateAtOptions({ ...JUMP_STATE, liveOnly, sessionsShown: [] }), sessionsShown: 'all' }
    yield* this.stateAnswers.warm(tl, stateKey(point, jump), () => tl.stateAtInParts(point, jump))
    const rest = stateAtOptions({ sessions: [], liveOnly })
    yield* this.stateAnswers.warm(tl, stateKey(point, rest), () => tl.stateAtInParts(point, rest))
  }

  /** A browser recording (HAR) imported into a trace, with the current apps, then opened like a trace file (har-open-service.ts). */
  private openHar(source: HarSource): ReturnType<typeof openHar> {
    if (this.loading || this.harCancel) throw new ApiFailure({ code: 'busy', message: 'a trace is loading; cancel it first (workspace.cancelLoad)' })
    const host: HarOpenHost = {
      workspaceDir: () => this.workspaceDir(),
      currentApps: () => [...(this.workspace.engine?.apps.values() ?? [])].map((a) => a.def),
      openTraceFile: (path) => this.openTraceFile(path),
      progress: (p) => this.emit('load.progress', p),
      setCancel: (cancel) => (this.harCancel = cancel),
    }
    return openHar(host, source)
  }

  // -------------------------------------------------------------------------
  // Time travel

  private point(p: TimelinePoint, field: string): Point {
    try {
      this.timeline.positionOf(p)
    } catch (err) {
      if (err instanceof PointError) throw new ApiFailure({ code: 'invalidPayload', message: `${field}: ${err.message}`, field: `${field}.${err.field}` })
      throw err
    }
    return p
  }

  /** The state at a point as the contract sends it: rows with their last change, sessions with their group and expiry. */
  private stateAt(point: Point, opts: StateOptions = {}, optionsField = ''): TimelineState {
    // Checked before any work: a bad `diffFrom` fails the whole call, naming the field.
    const diffFrom = opts.diffFrom ? this.point(opts.diffFrom, `${optionsField}diffFrom`) : null
    const asked = stateAtOptions(opts)
    const tl = this.timeline
    let state: TimelineState | null = null
    if (asked.sessionList === false && Array.isArray(asked.sessionsShown)) {
      // Kept for every session shown (End's warmed answer): this ask's sessions are cut from it.
      const every = this.stateAnswers.peek(tl, stateKey(point, { ...asked, sessionsShown: 'all' }))
      if (every) {
        const shown = new Set(asked.sessionsShown)
        state = { ...every, sessions: every.sessions.filter((x) => shown.has(x.id)) }
      }
    }
    state ??= this.stateAnswers.answer(tl, stateKey(point, asked), () => tl.stateAt(point, asked))
    if (diffFrom) state.diff = tl.diff(diffFrom, point)
    return state
  }

  private findBreakpoint(p: { from: TimelinePoint; direction: 'forward' | 'backward'; breakpoints: BreakpointSpec[]; state?: StateOptions | undefined }): BreakpointFound | null {
    const hit = findBreakpoint(this.timeline, this.point(p.from, 'from'), p.direction, p.breakpoints)
    if (!hit) return null
    const found: BreakpointFound = { point: hit.point, reason: hit.reason, breakpoint: hit.breakpoint }
    if (p.state) found.state = this.stateAt(hit.point, p.state, 'state.')
    return found
  }

  private shape(): TimedStepShape {
    const tl = this.timeline
    return { count: tl.stepCount, phaseCount: (s) => tl.phaseCount(s), causedBy: (s) => tl.causedBy(s), time: (s) => tl.cols.stepTime.get(s) }
  }

  private handlers(): Handlers {
    return {
      'engine.info': () => ({ product: 'Session Scope', version: PRODUCT_VERSION, traceFormatVersions: [1], node: process.versions.node }),
      'workspace.new': (p) => {
        const header: TraceHeader = {
          format: 'session-trace',
          version: 1,
          title: p.title ?? 'Live workspace',
          apps: p.apps ?? [],
          ...(p.use ? { use: p.use } : {}),
          ...(p.settings ? { settings: p.settings } : {}),
          ...(p.seed !== undefined ? { seed: p.seed } : {}),
          ...(p.startTime ? { startTime: p.startTime } : {}),
        }
        return this.replace(this.fromText(JSON.stringify(header) + '\n', 'new workspace', null))
      },
      'workspace.openTraceText': (p) => this.replace(this.fromText(p.text, p.name ?? 'trace', null)),
      'workspace.openDemo': (p) => {
        const dir = demoTracesDir()
        const file = join(dir, `${p.name}.sstrace`)
        let text: string
        try {
          text = readFileSync(file, 'utf8')
        } catch {
          throw new ApiFailure({ code: 'notFound', message: `no demo named ${p.name}`, field: 'name' })
        }
        return this.replace(this.fromText(text, `demo ${p.name}`, dir))
      },
      'workspace.exportTraceText': () => {
        const steps = this.timeline.stepCount
        return { text: this.exportTraceText(), steps }
      },
      operate: (p) => {
        const w = this.workspace
        if (!w.engine) throw new ApiFailure({ code: 'forbidden', message: 'this trace is recorded only (it has no app definitions): it can be viewed but not operated' })
        const from = this.timeline.stepCount
        const steps = w.operate(p.op as Operation)
        // Written to the persisted workspace before the answer: a step reported done survives a crash.
        const unsaved = this.persist(w)
        this.emit('steps.appended', { from, count: steps.length })
        if (unsaved) throw new ApiFailure({ code: 'internal', message: `the step ran (it is on the timeline) but could not be saved: ${unsaved}; it is written again with the next step` })
        // What the view needs after a live step, so it fetches nothing again: the count, the unsaved badge, the state after it.
        const stepCount = this.timeline.stepCount
        const result: MethodResults['operate'] = { steps, stepCount, unsavedSteps: w.unsavedSteps }
        if (p.state) result.state = this.stateAt({ step: stepCount - 1, phase: null }, p.state, 'state.')
        return result
      },
      'sessions.list': () => this.engine?.sessions() ?? this.headState().sessions,
      'sessions.freeAlias': () => {
        if (!this.engine) throw new ApiFailure({ code: 'forbidden', message: 'this trace is recorded only (it has no app definitions): no session can be made in it' })
        return { alias: freeAlias(this.engine.sessions().map((x) => x.alias)) }
      },
      'state.rows': (p) => (this.engine ? this.engine.stateRows(p.session) : this.headState(p.session).rows),
      'state.userRows': () => this.engine?.userRows() ?? this.headState().userRows,
      'tables.rows': (p) => {
        if (this.engine) return this.engine.tableRows(p.app, p.table)
        const t = this.headState().tables.find((x) => x.app === p.app && x.table.toUpperCase() === p.table.toUpperCase())
        return t?.rows ?? []
      },
      'apps.list': () => (this.engine ? [...this.engine.apps.values()].map((a) => a.def) : []),
      'steps.count': () => ({ count: this.timeline.stepCount }),
      'steps.range': (p) => this.timeline.steps(p.from, p.count),
      'demos.list': () => listDemoTraces(),

      'timeline.state': (p) => {
        const { point, ...opts } = p
        return this.stateAt(this.point(point, 'point'), opts)
      },
      // Issue #14: the Sessions panel's answers read the sessions at the point from the timeline's columns,
      // built once per point and kept apart from timeline.state's answers (timeline/sessions-at-point.ts).
      // Both answered in slices (sessions-panel-service.ts): a key press sent meanwhile is answered between them.
      'timeline.sessions': (p) => sessionsWindowAnswer(this, p, (x) => this.point(x, 'point')),
      // Issue #16 (browser-service.ts): the Sessions panel's browser tree, and a live user's new browser.
      'timeline.browsers': (p) => browsersWindowAnswer(this, p, (x) => this.point(x, 'point')),
      'browser.open': (p) => openBrowser(this.workspace, p.name, browserNamesAtEnd(this.workspace)),
      'timeline.diff': (p) => this.timeline.diff(this.point(p.from, 'from'), this.point(p.to, 'to')),
      'timeline.itemHistory': (p) =>
        this.timeline.itemHistory({ item: p.item, ...(p.session !== undefined ? { session: p.session } : {}), ...(p.app !== undefined ? { app: p.app } : {}), limit: p.limit ?? 10_000 }),
      'timeline.why': (p) => this.timeline.why(this.point(p.point, 'point'), { session: p.session, app: p.app, page: p.page, item: p.item }),
      'timeline.whyRow': (p) => whyRow(this.timeline, this.point(p.point, 'point'), { app: p.app, table: p.table, key: p.key, ...(p.column !== undefined ? { column: p.column } : {}) }),
      'timeline.search': (p) => {
        const result: MethodResults['timeline.search'] = this.timeline.search(p.query, {
          ...(p.limit !== undefined ? { limit: p.limit } : {}),
          ...(p.offset !== undefined ? { offset: p.offset } : {}),
          ...(p.caseSensitive !== undefined ? { caseSensitive: p.caseSensitive } : {}),
          ...(p.in !== undefined ? { in: p.in } : {}),
          ...(p.near !== undefined ? { near: p.near } : {}),
        })
        const cs = p.caseSensitive !== undefined ? { caseSensitive: p.caseSensitive } : {}
        const limit = p.limit !== undefined ? { limit: p.limit } : {}
        const near = p.near !== undefined ? { near: p.near } : {}
        // With `near`: the nearest step with any hit (Enter in the search box walks every hit, not the first page).
        const nearest: (number | null | undefined)[] = [result.next?.step]
        // A trace made from a browser recording: the real server's answers are searched too (listed apart: they are not changes).
        const answers = this.workspace.summary().answers
        if (answers && p.in !== 'names' && (p.offset ?? 0) === 0) {
          const { nextStep, ...found } = searchAnswers(answers, p.query, { ...cs, ...limit, ...near })
          result.answers = found
          nearest.push(nextStep)
        }
        // Steps by their words (sessions, users, buttons, URLs, notes): indexed for a moment here, the rest in the background.
        if (p.stepWords && (p.offset ?? 0) === 0) {
          const sessions = [...result.hits.map((h) => h.session), ...(result.answers?.hits ?? []).map((h) => h.session)]
          // Enter's ask for the next hit (near) does not build: it answers over the steps indexed so far.
          result.stepWords = this.stepWordsIndex(p.near ? 0 : undefined).search(p.query, { ...cs, ...limit, ...near, sessions })
          nearest.push(result.stepWords.next?.step)
        }
        if (p.near) result.nextStep = nearestStep(nearest, p.near.direction)
        return result
      },
      'timeline.searchStepWords': (p) =>
        this.stepWordsIndex(0).search(p.query, { ...(p.caseSensitive !== undefined ? { caseSensitive: p.caseSensitive } : {}), ...(p.limit !== undefined ? { limit: p.limit } : {}) }),
      'timeline.stepWordsProgress': () => {
        const tl = this.timeline
        return { searched: Math.min(stepTextIndexSoFar(tl)?.steps ?? 0, tl.stepCount), of: tl.stepCount, building: isBuildingStepText(tl) }
      },
      'timeline.findBreakpoint': (p) => this.findBreakpoint({ from: p.from, direction: p.direction, breakpoints: p.breakpoints as BreakpointSpec[], state: p.state }),
      'timeline.navigate': (p) => {
        const from = this.point(p.from, 'from')
        const to = navigate(from, p.mode, this.shape())
        if (to === null) return { point: null }
        const point = { step: to.step, ...(to.phase !== undefined ? { phase: to.phase } : {}) }
        if (!p.state) return { point }
        const state = this.stateAt(point, p.state, 'state.')
        if (!p.ahead) return { point, state }
        // The same move once more, its diff from the point just arrived at: the renderer paints the next press of a held key from it.
        const next = navigate(point, p.mode, this.shape())
        if (next === null) return { point, state, ahead: { point: null } }
        const nextPoint = { step: next.step, ...(next.phase !== undefined ? { phase: next.phase } : {}) }
        return { point, state, ahead: { point: nextPoint, state: this.stateAt(nextPoint, { ...p.state, diffFrom: point }, 'state.') } }
      },
      'timeline.playback': (p) => {
        const from = this.point(p.from, 'from')
        const shape = this.shape()
        let ticks = playbackDelays(shape, from, p.speed, p.count, p.unit ? { unit: p.unit } : {}).map((t) => ({
          point: { step: t.point.step, ...(t.point.phase !== undefined ? { phase: t.point.phase } : {}) },
          delayMs: t.delayMs,
        }))
        if (!p.breakpoints) return { ticks }
        // Playback stops where a breakpoint hits: the ticks up to it, the hit taking the place of the tick that would pass it.
        const hit = this.findBreakpoint({ from: p.from, direction: 'forward', breakpoints: p.breakpoints as BreakpointSpec[] })
        const passes = hit ? ticks.findIndex((t) => comparePoints(t.point, hit.point, shape) >= 0) : -1
        if (!hit || passes < 0) return { ticks, breakpoint: null }
        ticks = [...ticks.slice(0, passes), { point: hit.point, delayMs: ticks[passes]!.delayMs }]
        return { ticks, breakpoint: hit }
      },
      'timeline.info': () => ({ ...this.timeline.stats(), events: this.timeline.cols.eventCount }),
      'timeline.flow': (p) => {
        const upTo = this.point({ step: p.upTo }, 'upTo').step
        return flowGraph(this.timeline, { upTo, ...(p.session !== undefined ? { session: p.session } : {}) })
      },
      'workspace.summary': () => this.summary(),
      'workspace.exercises': () => this.workspace.summary().exercises ?? null,
      'workspace.openTraceFile': (p) => this.openTraceFile(p.path),
      'workspace.openHarFile': (p) => this.openHar({ path: p.path }),
      'workspace.openHarText': (p) => this.openHar({ text: p.text, name: p.name }),
      'workspace.cancelLoad': () => {
        if (this.harCancel) {
          this.harCancel()
          return { cancelled: true }
        }
        const job = this.loading
        if (!job) return { cancelled: false }
        job.cancel()
        return { cancelled: true }
      },
      'workspace.exportTraceFile': async (p) => {
        const w = this.workspace
        const steps = this.timeline.stepCount
        let written: { path: string; events: number }
        try {
          written = await this.exportTraceFile(p.path)
        } catch (err) {
          throw new ApiFailure({ code: 'internal', message: `cannot write ${p.path}: ${(err as Error).message}`, field: 'path' })
        }
        this.markSaved(w, steps)
        return written
      },
      'workspace.save': (p) => {
        const w = this.workspace
        try {
          w.save(p.path)
        } catch (err) {
          throw new ApiFailure({ code: 'internal', message: `cannot save ${p.path}: ${(err as Error).message}`, field: 'path' })
        }
        this.markSaved(w, this.timeline.stepCount)
        return { path: p.path }
      },
      'workspace.markSaved': (p) => {
        const count = this.timeline.stepCount
        if (p.steps > count) throw new ApiFailure({ code: 'invalidPayload', message: `steps: the workspace has ${count} steps, not ${p.steps}`, field: 'steps' })
        this.markSaved(this.workspace, p.steps)
        return { unsavedSteps: this.workspace.unsavedSteps }
      },
      'workspace.importApexExport': (p) => {
        checkImportPath(p.path)
        return runApexImport(this.apexImportHost(), () => importApexExport(p.path), { what: p.path, field: () => 'path', newWorkspace: p.newWorkspace })
      },
      'workspace.importApexFiles': (p) =>
        runApexImport(this.apexImportHost(), () => importApexFiles(p.files), {
          what: uploadName(p.files),
          field: fileField(p.files),
          newWorkspace: p.newWorkspace,
        }),
      // The desktop shell's IPC bridge answers shell.run itself; it never reaches an engine.
      'shell.run': (p) => {
        throw new ApiFailure({ code: 'forbidden', message: `shell.run (${p.command}) is for the desktop app's menus and dialogs; this host has none`, field: 'command' })
      },
    }
  }

  /** What an APEX import (apex-import-service.ts) may do with the workspace. */
  private apexImportHost(): ApexImportHost {
    return {
      current: () => this.workspace,
      loading: () => this.loading !== null,
      fromText: (text, name) => this.fromText(text, name, null),
      replace: (next) => this.replace(next),
      swap: (next) => {
        const previous = this.workspace
        // Same timeline: what was saved of it still is.
        next.savedSteps = Math.min(previous.savedSteps, next.timeline.stepCount)
        this.workspace = next
        // Same timeline, an engine with more apps: the persisted workspace goes on as `next` (header included).
        this.persisted?.continueWith(previous, next)
      },
      emit: (topic, payload) => this.emit(topic, payload),
      summary: () => this.summary(),
    }
  }

  /** The state after the last step, for recorded-only workspaces (no engine holds it). */
  private headState(session?: number): { sessions: SessionView[]; rows: ReturnType<Timeline['stateAt']>['rows']; userRows: ReturnType<Timeline['stateAt']>['userRows']; tables: ReturnType<Timeline['stateAt']>['tables'] } {
    const tl = this.timeline
    return tl.stateAt({ step: tl.stepCount - 1 }, session !== undefined ? { sessions: [session] } : {})
  }

  /** Writes the live steps `w` recorded to the persisted workspace; returns why that failed (null: saved, or nothing to save). */
  /** The first `steps` steps of `w` are in a file the user keeps (never moves back: an older export does not undo a newer one). */
  private markSaved(w: Workspace, steps: number): void {
    if (steps <= w.savedSteps) return
    w.savedSteps = steps
    // Best effort: if it cannot be written now, the next live step writes it.
    this.persist(w)
    if (w === this.workspace) this.emit('workspace.saved', { unsavedSteps: w.unsavedSteps })
  }

  private persist(w: Workspace): string | null {
    try {
      this.persisted?.record(w)
      return null
    } catch (err) {
      return (err as Error).message
    }
  }

  close(): void {
    this.closed = true
    this.loading?.cancel()
    this.persisted?.close(this.workspace)
    this.workspace.close()
  }
}

function toApiFailure(err: unknown, name: string): ApiFailure {
  if (err instanceof ApiFailure) return err
  if (err instanceof TraceFormatError)
    return new ApiFailure({ code: 'invalidTrace', message: `${name}: ${err.message}`, line: err.line, ...(err.field ? { field: err.field } : {}) })
  if (err instanceof AppLoadError) return new ApiFailure({ code: 'invalidApps', message: `${name}: ${err.message}`, line: 1, ...(err.problems[0] ? { field: err.problems[0].path } : {}) })
  if (err instanceof AppSourceError) return new ApiFailure({ code: 'invalidApps', message: `${name}: ${err.message}`, line: 1, field: err.field })
  if (err instanceof WorkspaceFileError) return new ApiFailure({ code: 'invalidWorkspace', message: err.message, field: 'path' })
  if (err instanceof LoadCancelled) return new ApiFailure({ code: 'cancelled', message: `${name}: ${err.message}` })
  if ((err as Error)?.name === 'SyntaxError') return new ApiFailure({ code: 'invalidTrace', message: `${name}: ${(err as Error).message}` })
  return new ApiFailure({ code: 'invalidTrace', message: `${name}: ${(err as Error)?.message ?? String(err)}` })
}

export function demoTracesDir(): string {
  return join(resourcesDir(), 'demos', 'traces')
}

export function listDemoTraces(): DemoInfo[] {
  const dir = demoTracesDir()
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sstrace'))
    .sort()
    .map((f) => {
      const first = readFileSync(join(dir, f), 'utf8').split('\n', 1)[0] ?? '{}'
      const h = JSON.parse(first) as { title?: string; description?: string }
      return { name: f.slice(0, -'.sstrace'.length), title: h.title ?? f, description: h.description ?? '' }
    })
}
