/**
 * The one place the renderer talks to the engine. It feeds the engine store
 * from the transport and its events, keeps a cache of steps (by pages of
 * indices), and moves the playhead:
 *
 * - a jump loads the full state at the point (`timeline.state`), or, where
 *   the engine has no timeline, replays recorded effects from the nearest
 *   anchor (the empty state before step 0, the engine's current state after
 *   the last step, or the playhead itself);
 * - a step (←/→, phases with ↓/↑) applies the step's effects forward or
 *   backward to the rows in memory, so only the rows it changed are touched.
 *
 * Requests to move are coalesced: holding → never queues more work than one
 * move to the latest target.
 */
import type { EngineApi, MethodInput, MethodName, MethodResults, Operation, Step, TableRow, TimelinePoint, WorkspaceSummary } from '../transport/api-types.js'
import { PlayheadState, tableKey } from '../model/playhead-state.js'
import type { Snapshot } from '../model/playhead-state.js'
import type { ChangeKind, RowEntry } from '../model/rows.js'
import { changeKindOf, rowKey } from '../model/rows.js'
import { fmtCount } from '../model/numbers.js'
import { call, errorDetail, isNotAvailable } from './api-call.js'
import { Playback } from './playback.js'
import { StepCache } from './step-cache.js'
import { continueToBreakpoint, diffAgainst, searchTimeline } from './timeline-queries.js'
import type { DiffRow } from './timeline-queries.js'
import type { EngineStore } from './engine-store.js'
import type { UiStores } from './ui-stores.js'

export type { DiffRow } from './timeline-queries.js'
/** Beyond this distance a jump asks the engine for the full state instead of walking effects. */
const LOCAL_WALK_LIMIT = 400
/** At most this many rows whose last change a backward move lost are asked of timeline.why at once (beyond: the table's "why?"). */
const MAX_WHY_CALLS = 256

export interface StartOptions {
  startStep?: string | null
}

/** Performance marks for the UI bench (no-ops where the API is missing). */
function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(`ss:${name}`)
}

/** Where a workspace of `count` steps opens: step 0, or the page's `step` parameter (N, "last", -N from the end). */
export function startPoint(startStep: string | null, count: number): number {
  if (count === 0) return -1
  if (startStep === 'last') return count - 1
  if (startStep !== null && /^\d+$/.test(startStep)) return Math.min(Number(startStep), count - 1)
  if (startStep !== null && /^-\d+$/.test(startStep)) return Math.max(0, count + Number(startStep))
  return 0
}

/** Index of the phase of `step` its effect `i` belongs to: the first phase ending after it, as the engine's timeline counts (-1: none). */
export function phaseOfEffect(step: Step, i: number): number {
  const phases = step.phases
  for (let k = 0; k < phases.length; k++) if (i < phases[k]!.end) return k
  return -1
}

function samePoint(a: TimelinePoint, b: TimelinePoint): boolean {
  return a.step === b.step && (a.phase ?? null) === (b.phase ?? null)
}

/** Runs `fn` when the window is idle (after the frame that is being prepared has painted). */
function whenIdle(fn: () => void): void {
  const ric = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback
  if (typeof ric === 'function') ric(fn, { timeout: 1000 })
  else setTimeout(fn, 50)
}

function tAfter(step: Step): number {
  const input = step.input as { type?: string; seconds?: number }
  return step.kind === 'wait' && typeof input.seconds === 'number' ? step.t + input.seconds : step.t
}

export class EngineController {
  private readonly cache: StepCache
  private readonly playback: Playback
  private ph = new PlayheadState()
  private cur: TimelinePoint = { step: -1, phase: null }
  private target: TimelinePoint | null = null
  private loop: Promise<void> | null = null
  private gen = 0
  private finalSnapshot: Promise<Snapshot> | null = null
  private readonly unsubs: (() => void)[] = []
  private seenSessionsVersion = -1
  private seenTablesVersion = -1
  private seenUserRowsVersion = -1
  private seenT = Number.NaN
  private loaded = false
  /** Where the first workspace opens (the page's `step` parameter), used once. */
  private startStep: string | null = null

  constructor(
    readonly api: EngineApi,
    readonly engine: EngineStore,
    readonly ui: UiStores,
  ) {
    this.cache = new StepCache(
      api,
      () => this.engine.getState().stepCount,
      () => this.engine.setState((st) => ({ stepsVersion: st.stepsVersion + 1 })),
    )
    this.playback = new Playback(this)
  }

  // --- engine calls -------------------------------------------------------

  /** Calls a method; a failure becomes a toast (and the promise rejects). */
  async call<M extends MethodName>(method: M, payload: MethodInput<M>): Promise<MethodResults[M]> {
    try {
      return await call(this.api, method, payload)
    } catch (err) {
      this.reportError(err)
      throw err
    }
  }

  reportError(err: unknown, title?: string): void {
    const d = errorDetail(err)
    this.ui.toasts.getState().push({ kind: 'error', title: title ? `${title}: ${d.title}` : d.title, detail: d.detail })
  }

  // --- start, workspaces --------------------------------------------------

  async init(start: StartOptions = {}): Promise<void> {
    this.startStep = start.startStep ?? null
    this.unsubs.push(
      this.api.subscribe('workspace.changed', (summary) => void this.loadWorkspace(summary)),
      this.api.subscribe('steps.appended', (p) => void this.onStepsAppended(p.from, p.count)),
      // Saved by whoever (this page, main's Save Trace As…): the toolbar's unsaved count follows.
      this.api.subscribe('workspace.saved', (p) =>
        this.engine.setState((st) => (st.workspace ? { workspace: { ...st.workspace, unsavedSteps: p.unsavedSteps } } : {})),
      ),
      this.api.subscribe('load.progress', (p) => {
        this.engine.setState({ loading: { label: `Loading trace: ${fmtCount(p.events)} events`, fraction: p.fraction, etaSec: p.etaSec } })
      }),
    )
    try {
      const [info, current, apps] = await Promise.all([call(this.api, 'engine.info', {}), this.currentSummary(), call(this.api, 'apps.list', {})])
      this.engine.setState({ connected: true, info })
      // The demo list (it reads files) waits until the workspace has loaded.
      const demos = () =>
        call(this.api, 'demos.list', {}).then(
          (d) => this.engine.setState({ demos: d }),
          () => undefined,
        )
      // A window that connects late opens the engine's current workspace (unless a workspace.changed event came first).
      if (!this.loaded && (current.steps > 0 || apps.length > 0)) await this.loadWorkspace(current)
      else if (this.loading) await this.loading
      await demos()
    } catch (err) {
      this.reportError(err, 'Could not reach the engine')
    }
  }

  /** The engine's current workspace summary (workspace.summary; from the step count where an older engine lacks it). */
  private async currentSummary(): Promise<WorkspaceSummary> {
    try {
      return await call(this.api, 'workspace.summary', {})
    } catch (err) {
      if (!isNotAvailable(err)) throw err
    }
    const count = await call(this.api, 'steps.count', {})
    return { title: 'Workspace', recordedOnly: false, steps: count.count, expects: { total: 0, passed: 0, failed: 0 }, failures: [], divergences: [] }
  }

  dispose(): void {
    this.pause()
    for (const u of this.unsubs.splice(0)) u()
  }

  /** Replaces everything the renderer knows with the engine's (new) workspace. */
  /** The workspace load in progress, if any, and how many have started. */
  private loading: Promise<void> | null = null
  private loadCount = 0

  loadWorkspace(summary: WorkspaceSummary, startStep: string | null = this.startStep): Promise<void> {
    this.loadCount++
    const p = this.doLoadWorkspace(summary, startStep)
    this.loading = p
    p.finally(() => {
      if (this.loading === p) this.loading = null
    }).catch(() => undefined)
    return p
  }

  private async doLoadWorkspace(summary: WorkspaceSummary, startStep: string | null): Promise<void> {
    mark('load-workspace')
    this.loaded = true
    this.startStep = null
    const gen = ++this.gen
    this.pause()
    this.cache.clear()
    this.finalSnapshot = null
    this.target = null
    this.engine.setState((s) => ({ loading: s.loading ?? { label: 'Opening workspace…', fraction: null, etaSec: null } }))
    try {
      // The summary tells the step count: ask for the state at the start at once, alongside the rest. The
      // browser host answers a connection's requests in order: the small ones the views need to mount
      // (apps, count) go first, then the state, then the start step's page (only needed with the state,
      // so the engine reads it while this window decodes the state).
      const startFor = (n: number) => startPoint(startStep, n)
      const guessed = summary.steps > 0 ? startFor(summary.steps) : -1
      const appsP = call(this.api, 'apps.list', {})
      const countP = call(this.api, 'steps.count', {})
      const early =
        guessed >= 0
          ? call(this.api, 'timeline.state', { point: { step: guessed, phase: null }, encoding: 'columns' }).then(
              (st) => ({ ok: true as const, st }),
              (err: unknown) => ({ ok: false as const, err }),
            )
          : null
      if (guessed >= 0) void this.cache.ensure(guessed, guessed, summary.steps).catch(() => undefined)
      const [apps, count] = await Promise.all([appsP, countP])
      if (gen !== this.gen) return
      const stepCount = count.count
      if (stepCount === 0 && apps.length === 0) {
        // Nothing to show or simulate (a fresh engine): the empty state.
        this.replacePh(new PlayheadState())
        this.cur = { step: -1, phase: null }
        this.engine.setState((s) => ({ workspace: null, workspaceVersion: s.workspaceVersion + 1, apps, stepCount: 0 }))
        this.publish()
        return
      }
      const start = startFor(stepCount)
      this.replacePh(new PlayheadState())
      this.cur = { step: -1, phase: null }
      this.seenSessionsVersion = this.seenTablesVersion = this.seenUserRowsVersion = -1
      this.seenT = Number.NaN
      this.ui.selection.setState({ session: null, rowKey: null, pinnedStep: null })
      this.ui.filters.getState().reset()
      this.ui.playback.setState({ stepBreakpoints: new Set(), searchHits: [], searchTotal: 0, searchQuery: '' })
      // The views mount now, empty, while the state at the start is on its way: their first render
      // overlaps the engine's work instead of following it.
      // Steps appended between the summary and the count are live ones: unsaved too.
      const unsavedSteps = (summary.unsavedSteps ?? 0) + Math.max(0, stepCount - summary.steps)
      this.engine.setState((s) => ({ workspace: { ...summary, steps: stepCount, unsavedSteps }, workspaceVersion: s.workspaceVersion + 1, apps, stepCount, timelineSource: 'local' }))
      this.publish()
      let source: 'engine' | 'local' = 'local'
      // The start step's page loads alongside the state.
      const startPage = start >= 0 ? this.ensurePages(start, start).catch(() => undefined) : Promise.resolve()
      if (start >= 0) {
        try {
          const got = early && guessed === start ? await early : null
          if (got && !got.ok) throw got.err
          const st = got?.ok ? got.st : await call(this.api, 'timeline.state', { point: { step: start, phase: null }, encoding: 'columns' })
          if (gen !== this.gen) return
          mark('timeline-state-ready')
          const ph = PlayheadState.fromSnapshot(st)
          await startPage
          if (gen !== this.gen) return
          this.replacePh(ph)
          this.cur = { step: start, phase: null }
          this.noteStepChanges(this.cur)
          source = 'engine'
        } catch (err) {
          if (!isNotAvailable(err)) this.reportError(err, 'Timeline')
          // Replaying here: a start nearer the end walks back from the engine's current state; fetch it
          // now, after the (small) steps to walk over, so those arrive first.
          if (stepCount - 1 - start < start + 1 && stepCount - 1 - start > 0) {
            void this.ensurePages(start, stepCount - 1).catch(() => undefined)
            void this.fetchFinalSnapshot().catch(() => undefined)
          }
        }
      }
      await startPage
      if (start >= 0) await this.ensurePages(start, start)
      if (gen !== this.gen) return
      // One synchronous block from here on: the views render the state once.
      this.engine.setState({ timelineSource: source })
      if (source === 'engine') {
        this.publish()
        this.selectFirstSession()
        this.engine.setState({ loading: null })
        return
      }
      if (start >= 0) await this.goTo({ step: start, phase: null })
      this.selectFirstSession()
    } catch (err) {
      this.reportError(err, 'Could not open the workspace')
    } finally {
      if (gen === this.gen) this.engine.setState({ loading: null })
    }
  }

  private selectFirstSession(): void {
    const first = this.engine.getState().sessions[0]
    if (first && this.ui.selection.getState().session === null) this.ui.selection.getState().select(first.id)
  }

  /**
   * Before a replace: when the workspace holds live steps no file has, the
   * user is asked (ui.unsaved; its Save saves them first). True when the
   * replace may go on. The count is read again after the answer: steps
   * recorded meanwhile (another window, a classroom) were not part of it, so
   * the user is asked about them too. An engine that cannot say does not
   * block it.
   */
  async mayReplace(what: string): Promise<boolean> {
    let answered = 0
    for (;;) {
      let count: number
      try {
        count = (await call(this.api, 'workspace.summary', {})).unsavedSteps ?? 0
      } catch {
        return true
      }
      if (count === 0 || count <= answered) return true
      if (!(await this.ui.unsaved.getState().ask(count, what))) return false
      answered = count
    }
  }

  private async openWith(label: string, run: () => Promise<WorkspaceSummary>, what: string): Promise<boolean> {
    if (!(await this.mayReplace(what))) return false
    this.engine.setState({ loading: { label, fraction: null, etaSec: null } })
    const loadsBefore = this.loadCount
    try {
      const summary = await run()
      // The engine's workspace.changed event usually started the load already; else start it here.
      if (this.loadCount === loadsBefore) await this.loadWorkspace(summary)
      else if (this.loading) await this.loading
      this.reportExpects(summary)
      return true
    } catch (err) {
      this.reportError(err, 'Could not open')
      return false
    } finally {
      this.engine.setState({ loading: null })
    }
  }

  private reportExpects(s: WorkspaceSummary): void {
    if (s.expects.failed > 0 || s.divergences.length > 0) {
      const first = s.failures[0] as { message?: string } | undefined
      this.ui.toasts.getState().push({
        kind: 'error',
        title: `${s.expects.failed} of ${s.expects.total} expectations failed${s.divergences.length ? `, ${s.divergences.length} divergences` : ''}`,
        detail: first?.message ?? '',
      })
    }
  }

  openDemo(name: string): Promise<boolean> {
    return this.openWith(`Opening demo ${name}…`, () => call(this.api, 'workspace.openDemo', { name }), `Opening the demo ${name}`)
  }

  openTraceText(text: string, name: string): Promise<boolean> {
    return this.openWith(`Opening ${name}…`, () => call(this.api, 'workspace.openTraceText', { text, name }), `Opening ${name}`)
  }

  newLiveWorkspace(use: string[], title: string): Promise<boolean> {
    return this.openWith('Starting a live workspace…', () => call(this.api, 'workspace.new', { use, title }), 'A new workspace')
  }

  async cancelLoad(): Promise<void> {
    try {
      await call(this.api, 'workspace.cancelLoad', {})
    } finally {
      this.engine.setState({ loading: null })
    }
  }



  private async onStepsAppended(from: number, count: number): Promise<void> {
    const s = this.engine.getState()
    const newCount = from + count
    if (newCount <= s.stepCount) return
    const wasAtEnd = this.cur.step === s.stepCount - 1 && this.cur.phase === null
    this.cache.invalidateFrom(from)
    this.finalSnapshot = null
    // Appended steps are live ones: in no file until saved.
    this.engine.setState((st) => ({
      stepCount: newCount,
      workspace: st.workspace ? { ...st.workspace, steps: newCount, unsavedSteps: (st.workspace.unsavedSteps ?? 0) + (newCount - st.stepCount) } : st.workspace,
    }))
    if (wasAtEnd) await this.goTo({ step: newCount - 1, phase: null })
  }

  // --- live operations ----------------------------------------------------

  /** Runs a live operation and moves the playhead to its last step. */
  async operate(op: Operation): Promise<Step[] | null> {
    try {
      const r = await this.call('operate', { op })
      const last = r.steps[r.steps.length - 1]
      if (last) {
        await this.onStepsAppended(r.steps[0]!.index, r.steps.length)
        await this.goTo({ step: last.index, phase: null })
      }
      return r.steps
    } catch {
      return null
    }
  }

  // --- playhead -----------------------------------------------------------

  get point(): TimelinePoint {
    return this.engine.getState().point
  }

  /** Moves the playhead (coalescing requests) and resolves once it is there or superseded. */
  goTo(point: TimelinePoint): Promise<void> {
    const count = this.engine.getState().stepCount
    const step = Math.max(-1, Math.min(point.step, count - 1))
    this.target = { step, phase: step < 0 ? null : (point.phase ?? null) }
    if (!this.loop) {
      this.engine.setState({ moving: true })
      this.loop = this.runLoop().finally(() => {
        this.loop = null
        this.engine.setState({ moving: false })
      })
    }
    return this.loop
  }

  private async runLoop(): Promise<void> {
    while (this.target) {
      const target = this.target
      const gen = this.gen
      try {
        await this.moveTo(target)
      } catch (err) {
        this.target = null
        this.reportError(err, 'Could not move the playhead')
        return
      }
      if (gen !== this.gen) return
      if (this.target === target) this.target = null
      this.publish()
    }
    this.resolveLostChanges()
  }

  stepBy(delta: number): Promise<void> {
    const { stepCount } = this.engine.getState()
    const base = this.target ?? this.cur
    const inPhases = base.phase !== null && base.phase !== undefined
    // Inside a step's phases, → first completes that step.
    let next = inPhases && delta > 0 ? base.step + delta - 1 : base.step + delta
    next = Math.max(stepCount > 0 ? 0 : -1, Math.min(stepCount - 1, next))
    return this.goTo({ step: next, phase: null })
  }

  /** ↓: into the next phase (entering the next step phase by phase). */
  async stepInto(): Promise<void> {
    const base = this.target ?? this.cur
    const count = this.engine.getState().stepCount
    if (base.phase === null || base.phase === undefined) {
      const next = base.step + 1
      if (next >= count) return
      await this.ensurePages(next, next)
      const s = this.step(next)
      if (!s || s.phases.length === 0) return this.goTo({ step: next, phase: null })
      return this.goTo({ step: next, phase: 0 })
    }
    const s = this.step(base.step)
    if (!s) return
    if (base.phase + 1 >= s.phases.length) return this.goTo({ step: base.step, phase: null })
    return this.goTo({ step: base.step, phase: base.phase + 1 })
  }

  /** ↑: out of the phases (to the end of the step); outside phases, back into the current step's last phase. */
  async stepOut(): Promise<void> {
    const base = this.target ?? this.cur
    if (base.phase !== null && base.phase !== undefined) {
      if (base.phase > 0) return this.goTo({ step: base.step, phase: base.phase - 1 })
      return this.goTo({ step: base.step - 1, phase: null })
    }
    if (base.step < 0) return
    await this.ensurePages(base.step, base.step)
    const s = this.step(base.step)
    if (s && s.phases.length > 0) return this.goTo({ step: base.step, phase: s.phases.length - 1 })
  }

  first(): Promise<void> {
    return this.goTo({ step: 0, phase: null })
  }

  last(): Promise<void> {
    return this.goTo({ step: this.engine.getState().stepCount - 1, phase: null })
  }

  private async moveTo(target: TimelinePoint): Promise<void> {
    const count = this.engine.getState().stepCount
    if (count === 0) {
      this.replacePh(new PlayheadState())
      this.cur = { step: -1, phase: null }
      return
    }
    const dist = Math.abs(target.step - this.cur.step)
    if (dist > LOCAL_WALK_LIMIT && this.engine.getState().timelineSource === 'engine') {
      // The state, and the step's page behind it (read by the engine while this window decodes the state).
      const state = call(this.api, 'timeline.state', { point: target, encoding: 'columns' })
      const page = this.ensurePages(target.step, target.step)
      page.catch(() => undefined)
      const st = await state
      await page
      mark('timeline-state-ready')
      this.replacePh(PlayheadState.fromSnapshot(st))
      this.cur = { ...target }
      this.noteStepChanges(this.cur)
      return
    }
    if (dist > LOCAL_WALK_LIMIT) {
      // Nearest anchor: before step 0, after the last step (the engine's current state), or here.
      const fromStart = target.step + 1
      const fromEnd = count - 1 - target.step + 500
      if (fromStart < dist && fromStart <= fromEnd) {
        this.replacePh(new PlayheadState())
        this.cur = { step: -1, phase: null }
      } else if (fromEnd < dist) {
        // The steps to walk back over load while the engine's current state does.
        const [snap] = await Promise.all([this.fetchFinalSnapshot(), this.ensurePages(target.step, count - 1)])
        mark('final-snapshot-ready')
        this.replacePh(PlayheadState.fromSnapshot(snap))
        mark('final-snapshot-applied')
        this.cur = { step: count - 1, phase: null }
      }
    }
    await this.ensurePages(Math.min(this.cur.step, target.step), Math.max(this.cur.step, target.step))
    this.walk(target)
  }

  private fetchFinalSnapshot(): Promise<Snapshot> {
    if (!this.finalSnapshot) {
      const count = this.engine.getState().stepCount
      this.finalSnapshot = (async () => {
        mark('final-snapshot-start')
        const [sessions, rows, userRows] = await Promise.all([
          call(this.api, 'sessions.list', {}),
          call(this.api, 'state.rows', {}),
          call(this.api, 'state.userRows', {}),
        ])
        mark('final-snapshot-rows')
        const wanted = this.engine.getState().apps.flatMap((app) => (app.tables ?? []).map((t) => ({ app: app.id, table: t.name })))
        const tables: Snapshot['tables'] = await Promise.all(wanted.map(async (w) => ({ ...w, rows: await call(this.api, 'tables.rows', w) })))
        await this.ensurePages(count - 1, count - 1)
        const last = this.step(count - 1)
        return { t: last ? tAfter(last) : 0, sessions, rows, userRows, tables }
      })()
      this.finalSnapshot.catch(() => (this.finalSnapshot = null))
    }
    return this.finalSnapshot
  }

  /** Effects applied of step `p.step` at point p. */
  private appliedAt(p: TimelinePoint): number {
    if (p.step < 0) return 0
    const s = this.step(p.step)
    if (!s) throw new Error(`step ${p.step} is not loaded`)
    if (p.phase === null || p.phase === undefined) return s.effects.length
    return s.phases[Math.min(p.phase, s.phases.length - 1)]?.end ?? s.effects.length
  }

  private tAt(p: TimelinePoint): number {
    if (p.step < 0) return this.step(0)?.t ?? 0
    const s = this.step(p.step)!
    return p.phase === null || p.phase === undefined ? tAfter(s) : s.t
  }

  /** Applies effects from the current point to `target` (all steps in between are loaded). */
  private walk(target: TimelinePoint): void {
    const N = this.cur.step
    const M = target.step
    const e = this.appliedAt(this.cur)
    const f = this.appliedAt(target)
    const t = this.tAt(target)
    const ph = this.ph
    const apply = (i: number, from: number, to: number, dir: 'forward' | 'backward') => {
      if (i < 0 || from >= to) return
      const s = this.step(i)!
      ph.apply(s.effects.slice(from, to), dir, i, t, (j) => phaseOfEffect(s, from + j))
    }
    const len = (i: number) => this.step(i)!.effects.length
    if (M > N || (M === N && f >= e)) {
      if (M === N) apply(N, e, f, 'forward')
      else {
        if (N >= 0) apply(N, e, len(N), 'forward')
        for (let i = N + 1; i < M; i++) apply(i, 0, len(i), 'forward')
        apply(M, 0, f, 'forward')
      }
    } else {
      if (M === N) apply(N, f, e, 'backward')
      else {
        apply(N, 0, e, 'backward')
        for (let i = N - 1; i > M; i--) apply(i, 0, len(i), 'backward')
        if (M >= 0) apply(M, f, len(M), 'backward')
      }
    }
    ph.t = t
    this.cur = { ...target }
  }

  /** Pushes the playhead's state to the store. */
  private publish(): void {
    mark('publish')
    const ph = this.ph
    const p = this.cur
    const changes = new Map<string, ChangeKind>()
    const removed: RowEntry[] = []
    const pending = new Set<string>()
    const s = p.step >= 0 ? this.step(p.step) : undefined
    if (s && p.phase !== null && p.phase !== undefined) {
      const cc = s.phases.findIndex((x) => x.kind === 'clearCache')
      const ccPhase = s.phases[cc]
      if (ccPhase && cc > p.phase)
        for (const e of s.effects.slice(ccPhase.start, ccPhase.end)) if (e.op === 'set') pending.add(rowKey(e.session, e.app, e.page, e.item))
    }
    if (s) {
      const phase = p.phase !== null && p.phase !== undefined ? s.phases[p.phase] : undefined
      const first = phase ? phase.start : 0
      const effects = phase ? s.effects.slice(phase.start, phase.end) : s.effects
      effects.forEach((e, j) => {
        if (e.op !== 'set') return
        const key = rowKey(e.session, e.app, e.page, e.item)
        const kind = changeKindOf(e.to, e.toStatus)
        changes.set(key, kind)
        if (kind === 'removed' && !ph.rows.has(key))
          removed.push({
            key,
            session: e.session,
            app: e.app,
            page: e.page,
            item: e.item,
            value: e.from,
            status: e.fromStatus ?? 'R',
            changedStep: p.step,
            changedPhase: phaseOfEffect(s, first + j),
            cause: e.cause,
          })
      })
    }
    const patch: Partial<ReturnType<EngineStore['getState']>> = {
      point: { ...p },
      t: ph.t,
      rows: ph.sortedRows(),
      changes,
      pending,
      removedRows: removed,
    }
    if (ph.sessionsVersion !== this.seenSessionsVersion || ph.t !== this.seenT) {
      this.seenT = ph.t
      patch.sessions = ph.sessionList()
    }
    if (ph.tablesVersion !== this.seenTablesVersion || this.seenTablesVersion < 0) {
      this.seenTablesVersion = ph.tablesVersion
      patch.tables = new Map(ph.tables)
    }
    if (ph.userRowsVersion !== this.seenUserRowsVersion || this.seenUserRowsVersion < 0) {
      this.seenUserRowsVersion = ph.userRowsVersion
      patch.userRows = [...ph.userRows.values()]
    }
    this.seenSessionsVersion = ph.sessionsVersion
    this.engine.setState(patch)
    this.prefetchAround(p.step)
  }

  /** After loading a state without last changes (an engine without them): at least the rows its step changed know it. */
  private noteStepChanges(p: TimelinePoint): void {
    if (this.ph.knowsChanges) return
    const s = p.step >= 0 ? this.step(p.step) : undefined
    if (!s) return
    const end = p.phase === null || p.phase === undefined ? s.effects.length : (s.phases[p.phase]?.end ?? s.effects.length)
    s.effects.slice(0, end).forEach((e, j) => {
      if (e.op === 'set' && e.toStatus !== null) this.ph.setLastChange(e, s.index, e.cause, phaseOfEffect(s, j))
    })
  }

  /**
   * After a backward move, rows whose last change was undone have an
   * earlier one the renderer never saw: ask the engine's timeline (why) for
   * them once the playhead has settled, and show the answers if it is still
   * there.
   */
  private resolveLostChanges(): void {
    const ph = this.ph
    if (ph.lostChanges.size === 0 || ph.lostChanges.size > MAX_WHY_CALLS || this.engine.getState().timelineSource !== 'engine') return
    const point = { ...this.cur }
    const here = () => this.ph === ph && !this.target && samePoint(this.cur, point)
    const asks = [...ph.lostChanges].map(async (key) => {
      const row = ph.rows.get(key)
      if (!row) return
      const why = await call(this.api, 'timeline.why', { point, session: row.session, app: row.app, page: row.page, item: row.item })
      if (why && here() && ph.lostChanges.has(key)) ph.setLastChange(row, why.step, why.cause, why.phase)
    })
    void Promise.all(asks).then(
      () => {
        if (here()) this.publish()
      },
      () => undefined,
    )
  }

  /** Asks the engine why a row has its value (timeline.why) and shows the answer in the table. */
  async explain(row: { key: string; session: number; app: number; page: number | null; item: string }): Promise<boolean> {
    try {
      const why = await call(this.api, 'timeline.why', { point: this.cur, session: row.session, app: row.app, page: row.page, item: row.item })
      if (!why) return false
      this.ph.setLastChange(row, why.step, why.cause, why.phase)
      this.publish()
      return true
    } catch (err) {
      if (!isNotAvailable(err)) this.reportError(err, 'Why')
      return false
    }
  }

  private replacePh(ph: PlayheadState): void {
    this.ph = ph
    // Index the rows once the table has painted (the index is needed by the first step, not by the first paint).
    whenIdle(() => ph.warm())
    this.seenSessionsVersion = this.seenTablesVersion = this.seenUserRowsVersion = -1
    this.seenT = Number.NaN
  }

  /** Keeps the neighbouring pages loaded so stepping never waits for the engine. */
  private prefetchAround(step: number): void {
    if (step < 0) return
    const count = this.engine.getState().stepCount
    const ahead = Math.min(count - 1, step + 64)
    const behind = Math.max(0, step - 64)
    if (!this.hasStep(ahead) || !this.hasStep(behind)) void this.ensurePages(behind, ahead).catch(() => undefined)
  }

  /** Idle limit of a session's clone group, when the playhead has seen it. */
  idleLimit(session: number): number | null {
    return this.ph.idleLimit(session)
  }

  /** When a session expires at the playhead (the earlier of its group's idle and length deadlines), when known. */
  expiryDeadline(session: number): ReturnType<PlayheadState['expiryDeadline']> {
    return this.ph.expiryDeadline(session)
  }

  tableRows(app: number, table: string): TableRow[] {
    return this.engine.getState().tables.get(tableKey(app, table)) ?? []
  }

  // --- steps cache, playback, queries (their own files) ---------------------

  step(index: number): Step | undefined {
    return this.cache.step(index)
  }

  hasStep(index: number): boolean {
    return this.cache.step(index) !== undefined
  }

  /** Loads the pages of steps covering [from, to]. */
  ensurePages(from: number, to: number): Promise<void> {
    return this.cache.ensure(from, to)
  }

  play(): void {
    this.playback.play()
  }

  pause(): void {
    this.playback.pause()
  }

  togglePlay(): void {
    this.playback.toggle()
  }

  /** Runs to the next (or previous) step where a breakpoint hits; stays put when none does. */
  continueTo(direction: 'forward' | 'backward'): Promise<boolean> {
    return continueToBreakpoint(this, direction)
  }

  /** Item names and values containing `query`, over all sessions and steps. */
  search(query: string): Promise<void> {
    return searchTimeline(this, query)
  }

  /** What differs between the state after step `from` and the playhead. */
  diff(from: number): Promise<DiffRow[]> {
    return diffAgainst(this, from)
  }
}
