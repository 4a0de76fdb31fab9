/**
 * The workspace the engine has open: the engine store follows the
 * transport's events (`workspace.changed`, `steps.appended`,
 * `workspace.saved`, `load.progress`), and opening a demo, a trace or a new
 * live workspace asks about unsaved steps first. A load asks for the
 * summary, the apps and the state at the start in one go; the latest load
 * wins.
 */
import type { WorkspaceSummary } from '../transport/api-types.js'
import { fmtCount } from '../model/numbers.js'
import { call } from './api-call.js'
import { latestRequest, STALE } from './latest-request.js'
import type { Operations } from './operate.js'
import type { Playhead } from './playhead.js'
import { jumpState, LIST_ENDED_SESSIONS_UP_TO } from './playhead.js'
import type { StoreContext } from './store-context.js'
import { mayReplace } from './unsaved-prompt.js'

export interface Workspaces {
  /** Subscribes to the engine's events and opens the workspace it has open (`startStep`: the page's `step` parameter, used once). */
  init(start?: { startStep?: string | null }): Promise<void>
  dispose(): void
  openDemo(name: string): Promise<boolean>
  openTraceText(text: string, name: string): Promise<boolean>
  /** A browser recording (.har) a page read: imported with the current workspace's apps, then opened (issue #15). */
  openHarText(text: string, name: string): Promise<boolean>
  newLiveWorkspace(use: string[], title: string): Promise<boolean>
  cancelLoad(): Promise<void>
  /** True when the replace may go on (asks about unsaved live steps first). */
  mayReplace(what: string): Promise<boolean>
}

/** Where a workspace of `count` steps opens: step 0, or the page's `step` parameter (N, "last", -N from the end). */
export function startPoint(startStep: string | null, count: number): number {
  if (count === 0) return -1
  if (startStep === 'last') return count - 1
  if (startStep !== null && /^\d+$/.test(startStep)) return Math.min(Number(startStep), count - 1)
  if (startStep !== null && /^-\d+$/.test(startStep)) return Math.max(0, count + Number(startStep))
  return 0
}

export function createWorkspaces(ctx: StoreContext, playhead: Playhead, operations: Operations): Workspaces {
  const { api, engine, ui, steps } = ctx
  const loads = latestRequest()
  const unsubscribe: (() => void)[] = []
  let startStep: string | null = null
  let loadsStarted = 0
  let loading: Promise<void> | null = null
  /** Step count announced by `steps.appended` while a load was on its way (the summary may predate them). */
  let appendedDuringLoad = 0
  const loadingLabel = (label: string) => engine.setState({ loading: { label, fraction: null, etaSec: null } })

  /** Replaces everything the renderer knows with the engine's workspace. */
  async function load(): Promise<void> {
    const start = startStep
    startStep = null
    playhead.reset()
    ui.playback.getState().setPlaying(false)
    steps.clear()
    ui.toasts.getState().clear() // messages were about the workspace being replaced
    engine.setState((s) => ({ loading: s.loading ?? { label: 'Opening workspace…', fraction: null, etaSec: null } }))
    // The summary and apps first (the views mount, empty, as soon as they are known), the state behind them.
    const opened = await loads.run(() =>
      Promise.all([call(api, 'workspace.summary', {}), call(api, 'apps.list', {}), call(api, 'timeline.info', {}).catch(() => null)]),
    )
    if (opened === STALE) return
    const [summary, apps, info] = opened
    const endedSessionsListed = (info?.sessions ?? 0) <= LIST_ENDED_SESSIONS_UP_TO
    const stateAt = (step: number) => (step >= 0 ? loads.run(() => call(api, 'timeline.state', { point: { step, phase: null }, ...jumpState(endedSessionsListed) })) : null)
    const at = startPoint(start, summary.steps)
    let state = stateAt(at)
    ui.selection.setState({ session: null, rowKey: null, pinnedStep: null })
    ui.filters.getState().reset()
    ui.playback.setState({ stepBreakpoints: new Set(), searchHits: [], searchTotal: 0, searchQuery: '', answerHits: [], answerTotal: 0 })
    engine.setState((s) => ({
      workspace: summary.steps > 0 || apps.length > 0 ? summary : null,
      workspaceVersion: s.workspaceVersion + 1,
      apps,
      stepCount: Math.max(summary.steps, appendedDuringLoad),
      endedSessionsListed,
      point: { step: -1, phase: null },
      rows: [],
      sessions: [],
      userRows: [],
      tables: new Map(),
      changes: new Map(),
      pending: new Set(),
      removedRows: [],
    }))
    // Steps appended since the summary (an APEX import's home page): an empty start opens at the first of them.
    if (at < 0 && appendedDuringLoad > 0) state = stateAt(startPoint(start, appendedDuringLoad))
    const movesBefore = playhead.movesAsked()
    const st = state ? await state : null
    if (st === STALE) return
    // A key pressed once the title showed (End, →) moved the playhead while this state was on its way: the user's move wins.
    const userMoved = playhead.movesAsked() !== movesBefore
    // The table first; the Per User rows and tables follow (awaited, so a finished load has them).
    const completing = st && !userMoved ? playhead.show(st, true) : null
    const first = engine.getState().sessions[0]
    if (first && ui.selection.getState().session === null) ui.selection.getState().select(first.id)
    await completing
  }

  function startLoad(): Promise<void> {
    loadsStarted++
    appendedDuringLoad = 0
    const p = load()
      .catch((err: unknown) => ui.toasts.getState().error(err, 'Could not open the workspace'))
      .finally(() => {
        if (loading === p) {
          loading = null
          engine.setState({ loading: null })
        }
      })
    loading = p
    return p
  }

  async function onStepsAppended(count: number): Promise<void> {
    if (loading) appendedDuringLoad = Math.max(appendedDuringLoad, count)
    const s = engine.getState()
    if (count <= s.stepCount) return
    const wasAtEnd = s.point.step === s.stepCount - 1 && s.point.phase === null
    engine.setState({ stepCount: count })
    // This window's own operation shows its answer; steps from elsewhere are followed from the end.
    if (wasAtEnd && !operations.busy() && !loading) void playhead.last()
    // The unsaved count is the engine's.
    const summary = await call(api, 'workspace.summary', {}).catch(() => null)
    if (summary) engine.setState((st) => (st.workspace ? { workspace: { ...st.workspace, steps: summary.steps, unsavedSteps: summary.unsavedSteps } } : {}))
  }

  function reportExpects(s: WorkspaceSummary): void {
    if (s.expects.failed === 0 && s.divergences.length === 0) return
    const first = s.failures[0] as { message?: string; line?: number } | undefined
    ui.toasts.getState().push({
      kind: 'error',
      title: `${s.expects.failed} of ${s.expects.total} expectations failed${s.divergences.length ? `, ${s.divergences.length} divergences` : ''}`,
      // Points to the timeline's expect markers (views/exercise/ExpectMarkers.tsx), where each failed line is a button.
      detail: first ? `line ${first.line}: ${first.message ?? ''} (marked "✗ line ${first.line}" under the timeline's Expects)` : '',
    })
  }

  async function openWith(label: string, run: () => Promise<WorkspaceSummary>, what: string): Promise<boolean> {
    if (!(await mayReplace(api, ui.unsaved, what))) return false
    loadingLabel(label)
    const before = loadsStarted
    try {
      const summary = await run()
      // The engine's workspace.changed event usually started the load already; else start it here.
      await (loadsStarted === before ? startLoad() : loading)
      reportExpects(summary)
      return true
    } catch (err) {
      ui.toasts.getState().error(err, 'Could not open')
      return false
    } finally {
      engine.setState({ loading: null })
    }
  }

  return {
    async init(start = {}) {
      startStep = start.startStep ?? null
      unsubscribe.push(
        api.subscribe('workspace.changed', () => void startLoad()),
        api.subscribe('steps.appended', (p) => void onStepsAppended(p.from + p.count)),
        // Saved by whoever (this page, main's Save Trace As…): the toolbar's unsaved count follows.
        api.subscribe('workspace.saved', (p) => engine.setState((st) => (st.workspace ? { workspace: { ...st.workspace, unsavedSteps: p.unsavedSteps } } : {}))),
        api.subscribe('load.progress', (p) =>
          engine.setState({
            loading: {
              label: p.stage === 'importHar' ? `Importing browser recording: ${(p.bytesRead / 1048576).toFixed(1)} MB read` : `Loading trace: ${fmtCount(p.events)} events`,
              fraction: p.fraction,
              etaSec: p.etaSec,
            },
          }),
        ),
      )
      try {
        const [info, current, apps] = await Promise.all([call(api, 'engine.info', {}), call(api, 'workspace.summary', {}), call(api, 'apps.list', {})])
        engine.setState({ connected: true, info })
        // A window that connects late opens the engine's current workspace (unless a workspace.changed event came first).
        if (loadsStarted === 0 && (current.steps > 0 || apps.length > 0)) await startLoad()
        else await loading
        // The demo list (it reads files) waits until the workspace has loaded.
        await call(api, 'demos.list', {}).then(
          (demos) => engine.setState({ demos }),
          () => undefined,
        )
      } catch (err) {
        ui.toasts.getState().error(err, 'Could not reach the engine')
      }
    },
    dispose() {
      ui.playback.getState().setPlaying(false)
      for (const u of unsubscribe.splice(0)) u()
    },
    openDemo: (name) => openWith(`Opening demo ${name}…`, () => call(api, 'workspace.openDemo', { name }), `Opening the demo ${name}`),
    openTraceText: (text, name) => openWith(`Opening ${name}…`, () => call(api, 'workspace.openTraceText', { text, name }), `Opening ${name}`),
    openHarText: (text, name) =>
      openWith(`Importing ${name}…`, async () => {
        const r = await call(api, 'workspace.openHarText', { text, name })
        // What the import could not read (each names its entry) and how the real answers compared.
        const first = r.harImport.problems[0]
        if (first) ui.toasts.getState().push({ kind: 'info', title: `${name}: ${r.harImport.problemCount} problem${r.harImport.problemCount === 1 ? '' : 's'} while importing`, detail: `${first.field}: ${first.message}` })
        if (r.observed && r.observed.divergences.length > 0)
          ui.toasts.getState().push({ kind: 'info', title: `Real vs simulated: ${r.observed.divergences.length} of ${r.observed.compared} requests diverged`, detail: r.observed.divergences[0]!.message })
        return r
      }, `Opening ${name}`),
    newLiveWorkspace: (use, title) => openWith('Starting a live workspace…', () => call(api, 'workspace.new', { use, title }), 'A new workspace'),
    async cancelLoad() {
      try {
        await call(api, 'workspace.cancelLoad', {})
      } finally {
        engine.setState({ loading: null })
      }
    },
    mayReplace: (what) => mayReplace(api, ui.unsaved, what),
  }
}
