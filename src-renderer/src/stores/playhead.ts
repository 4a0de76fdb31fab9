/**
 * The playhead: where it is and how it moves, every answer the engine's.
 * A move asks the timeline for the state at the new point — near points as
 * the difference from the rows shown (`timeline.diff`, with each row's last
 * change) plus the point's sessions and changes (`timeline.state` without
 * rows), far ones whole (`timeline.state` in columns, without the Per User
 * rows and tables, which follow once the table is painted). An arrow key is
 * one round trip: `timeline.navigate` answers where to go together with the
 * difference from the point shown and what the step there changed; the
 * sessions, Per User rows and tables there follow once the playhead settles.
 * Requests to move are coalesced: holding → never queues more than one move
 * to the latest target, and an answer a newer workspace or jump made stale is
 * dropped.
 */
import type { ExpiryDeadline, MethodResults, StateOptions, TimelinePoint, TimelineState } from '../transport/api-types.js'
import type { RowEntry } from '../model/rows.js'
import { withLastChange } from '../model/rows.js'
import { highlightsOf, highlightsOfDiff, knownSessionsOf, patchRows, rowsOfState, tablesOf } from '../model/state-at-playhead.js'
import { makeComparator, patchSorted } from '../model/sorted-rows.js'
import { call, isNotAvailable } from './api-call.js'
import { latestRequest, STALE } from './latest-request.js'
import type { StoreContext } from './store-context.js'

/** The state at a point as the table wants it: rows in columns, and what the step there changed. */
export const FULL_STATE: StateOptions = { encoding: 'columns', here: true }
/** Beyond this many sessions in a workspace, only live ones are listed at each point (ended ones are most of them, and most of every answer). */
export const LIST_ENDED_SESSIONS_UP_TO = 10_000

/** The state options for this workspace: FULL_STATE, live sessions only in a huge one. */
export function fullState(endedSessionsListed: boolean): StateOptions {
  return endedSessionsListed ? FULL_STATE : { ...FULL_STATE, liveOnly: true }
}

/**
 * What a jump asks for: the full state but the Per User rows and tables —
 * at the end of a million-event trace they are two thirds of the answer's
 * 1.9 MB (6,600 Per User values, 7,900 table rows) and shown in panels
 * beside the table; `Playhead.show` asks for them once the table is painted.
 * With `shown` (the sessions the views show: shownSessions) not the whole
 * session list either — ~425 KB of the remaining ~620 KB there — but those
 * sessions' records and the rows' sessions' aliases and creation times; the
 * whole list follows with the Per User rows and tables.
 */
export function jumpState(endedSessionsListed: boolean, shown?: readonly number[]): StateOptions {
  const parts = { ...fullState(endedSessionsListed), userRows: false, tables: false }
  return shown ? { ...parts, sessionList: false, sessionsShown: [...shown] } : parts
}

/** The sessions a view shows whatever the point (their records come with every jump): the selected one, the filter's, the compared ones. */
export function shownSessions(ui: Pick<StoreContext['ui'], 'selection' | 'filters'>): number[] {
  const f = ui.filters.getState()
  const ids = [ui.selection.getState().session, f.session, ...f.compareSessions]
  return [...new Set(ids.filter((id): id is number => id !== null))].slice(0, SHOWN_SESSIONS_MAX)
}
/** The contract's bound on `sessionsShown`. */
const SHOWN_SESSIONS_MAX = 1000
/** Within this many steps a move asks for the difference from the rows shown rather than all rows. */
const NEAR_STEPS = 256
/**
 * An arrow-key step's session list and clock, and a jump's Per User rows and tables, are asked for
 * once no move followed within this time: at a million events they are ~440 KB and ~1.3 MB, 35–150
 * ms of the engine's time on a busy machine, and a key pressed while they are computed waits.
 */
const STEP_SETTLE_MS = 250
/** Steps kept loaded around the playhead, so the timeline and inspector never wait. */
const PREFETCH_STEPS = 64

type NavMode = 'next' | 'prev' | 'into' | 'backInto' | 'backOut'
type NavigateAnswer = MethodResults['timeline.navigate']

/**
 * The answer for the next press of the same key, asked before it is pressed: the same move from the
 * point the last one arrived at (a held or repeated arrow key then paints without a round trip).
 * Valid only from that point, for that mode, while the timeline has as many steps.
 */
interface AheadMove {
  from: TimelinePoint
  mode: NavMode
  stepCount: number
  /** null: it failed (the press asks the usual way). */
  answer: Promise<NavigateAnswer | null>
}

export interface Playhead {
  goTo(point: TimelinePoint): Promise<void>
  stepBy(delta: number): Promise<void>
  /** ↓: the next phase (entering the next step phase by phase). */
  stepInto(): Promise<void>
  /** ↑: the previous phase; from a step's first phase, the end of the step before. */
  stepOut(): Promise<void>
  first(): Promise<void>
  last(): Promise<void>
  /**
   * Shows a state the engine sent with another answer (a workspace opened, an operation, a breakpoint
   * found). `partial`: asked for with jumpState — the Per User rows and tables are then asked for
   * after the table is shown (the promise resolves once they are).
   */
  show(state: TimelineState, partial?: boolean): Promise<void>
  /** A new workspace: moves on their way are dropped. */
  reset(): void
  /** Moves asked for so far (goTo, a step, a navigation): a workspace's first state, arriving late, does not replace a move the user made while it was on its way. */
  movesAsked(): number
  /** Asks the engine why a row has its value (timeline.why) and shows the answer in the table. */
  explain(row: { key: string; session: number; app: number; page: number | null; item: string }): Promise<boolean>
  expiryDeadline(session: number): ExpiryDeadline | null
}

export function createPlayhead({ api, engine, ui, steps }: StoreContext): Playhead {
  const moves = latestRequest()
  /** The Per User rows and tables asked for after a jump (their own counter: they never make a move stale). */
  const extras = latestRequest()
  /** The state asked once an arrow-key step has settled: its own counter too, so a move made meanwhile (End, ↓, a click) is never made stale by it. */
  const settles = latestRequest()
  let asked = 0
  /** A one-trip arrow-key step waits this long for another before the sessions there are asked for. */
  let settleTimer: ReturnType<typeof setTimeout> | null = null
  /** The Per User rows or tables shown are not those of the point shown (a step's diff changed them, or a jump's are on their way). */
  let extrasStale = false
  /** The state shown came without the whole session list (a jump's): it follows with the Per User rows and tables. */
  let listPending = false
  let target: TimelinePoint | null = null
  let loop: Promise<TimelinePoint | null> | null = null
  /** The loop's end, then the Per User rows and tables after a jump: what goTo's callers wait for. */
  let moved: Promise<void> = Promise.resolve()
  /** The target was set by an arrow key (a step: its sessions can wait until the playhead settles). */
  let stepping = false
  /** Ends the settle wait early: a new target arrived. */
  let wake: (() => void) | null = null
  /** Creation time of every session seen since the last full state: the rows' order (a rotated ID keeps its place). */
  let createdAt = new Map<number, number>()
  const compare = makeComparator((s) => createdAt.get(s) ?? Number.MAX_SAFE_INTEGER)
  /** The next press's answer, when the last step asked for it (stepOnce). */
  let ahead: AheadMove | null = null

  /** Shows a state; `partial`: it came without Per User rows and tables (jumpState), the ones shown stay until completeJump. */
  function show(st: TimelineState, patched?: () => RowEntry[], partial = false): void {
    const point = { step: st.point.step, phase: st.point.phase ?? null }
    // In the engine's order (creation time): the table's order of sessions.
    const sessions = st.sessions
    const knownSessions = knownSessionsOf(st)
    listPending = st.rowSessions !== undefined
    if (!patched) createdAt = new Map()
    for (const s of knownSessions.values()) if (!createdAt.has(s.id)) createdAt.set(s.id, s.createdAt)
    if (st.here?.step && !steps.step(st.here.step.index)) steps.put([st.here.step]) // a cached step: no new page, so the views that follow the cache do not re-render
    // The known sessions are in the list's order, the order `compare` gives them: the blocks are placed by it.
    const rows = patched ? patched() : rowsOfState(st, compare, knownSessions.keys())
    const rest = partial ? {} : { userRows: st.userRows, tables: tablesOf(st) }
    if (!partial) extrasStale = false
    engine.setState({ point, t: st.t, sessions, knownSessions, rows, ...rest, ...highlightsOf(st.here, point.step) })
    prefetchAround(point.step)
  }

  /** Resolves true after STEP_SETTLE_MS, or false at once when another move starts (goTo, navigate). */
  function rest(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const done = (rested: boolean) => {
        if (wake === woken) wake = null
        resolve(rested)
      }
      const woken = () => done(false)
      wake = woken
      setTimeout(() => done(true), STEP_SETTLE_MS)
    })
  }

  /**
   * After a jump's table is shown and the playhead rested STEP_SETTLE_MS there: the Per User rows and
   * tables (dropped when the playhead moved on). Asked at once, their ~1.3 MB at a million-event
   * trace's end kept the engine busy when the next key came (End, then Enter on a search hit).
   */
  async function completeJump(at: TimelinePoint): Promise<void> {
    // Another move started: it asks for what its point needs (a step's settle asks for these when they are stale).
    if (!(await rest())) return
    if (target || !samePoint(engine.getState().point, at)) return
    const withList = listPending
    const liveOnly = !engine.getState().endedSessionsListed
    const st = await extras.run(() => call(api, 'timeline.state', { point: at, sessions: [], ...(withList ? { liveOnly } : { sessionList: false }) }))
    if (st === STALE || !samePoint(engine.getState().point, at)) return
    extrasStale = false
    if (!withList || !listPending) return engine.setState({ userRows: st.userRows, tables: tablesOf(st) })
    listPending = false
    // The rows' sessions stay known (a session listed keeps its full record).
    const knownSessions = knownSessionsOf({ sessions: st.sessions, rowSessions: [...engine.getState().knownSessions.values()] })
    engine.setState({ userRows: st.userRows, tables: tablesOf(st), sessions: st.sessions, knownSessions })
  }

  const rowless = (point: TimelinePoint) => call(api, 'timeline.state', { point, sessions: [], here: true, liveOnly: !engine.getState().endedSessionsListed })

  /**
   * Asks for the state at `to`; the answer is shown by `show`. A near move
   * asks for the diff (the engine's quickest answer) and the state without
   * rows; a whole step by an arrow key (`stepping`) only for diffs — from
   * the point shown, and across the step itself (what it changed, for the
   * highlights) — and the table paints from them; the sessions and clock
   * there follow once the playhead settles (`settled: false`).
   */
  async function fetchMove(to: TimelinePoint, stepping: boolean): Promise<{ show(): void; settled: boolean; partial?: boolean }> {
    const { point, rows } = engine.getState()
    if (point.step >= 0 && to.step >= 0 && Math.abs(to.step - point.step) <= NEAR_STEPS) {
      const wholeStep = stepping && (to.phase ?? null) === null
      const diffAnswer = call(api, 'timeline.diff', { from: point, to })
      const acrossStep = wholeStep ? call(api, 'timeline.diff', { from: { step: to.step - 1, phase: null }, to }) : null
      const rest = wholeStep ? null : rowless(to)
      rest?.catch(() => undefined)
      acrossStep?.catch(() => undefined)
      const diff = await diffAnswer
      // Sessions new at `to` take their place in the order before their rows are patched in.
      for (const { after } of diff.sessions) if (after && !createdAt.has(after.id)) createdAt.set(after.id, after.createdAt)
      const patched = () => patchRows(rows, diff, compare)
      if (rest) {
        const st = await rest
        return { show: () => show(st, patched), settled: true }
      }
      const shown = { step: to.step, phase: null }
      const highlights = highlightsOfDiff(await acrossStep!, to.step)
      return { show: () => engine.setState({ point: shown, rows: patched(), ...highlights }), settled: false }
    }
    const st = await call(api, 'timeline.state', { point: to, ...jumpState(engine.getState().endedSessionsListed, shownSessions(ui)) })
    return {
      show: () => {
        show(st, undefined, true)
        extrasStale = true
      },
      settled: true,
      partial: true,
    }
  }

  /**
   * Moves to the latest target until there is none. A step painted from diffs alone (an arrow key's
   * move that could not be one trip) gets its sessions and clock the way a one-trip step does —
   * settleLater, outside this loop — so the loop ends as soon as the table is painted: while it
   * runs, every arrow key has to take this longer way (navigate, then two diffs), and waiting here
   * for the settle and then its ~0.9 MB state at a million events kept it running into the next
   * key, so one such step made every following step three requests and a state (issue #13).
   */
  async function followTarget(): Promise<TimelinePoint | null> {
    let unsettled: TimelinePoint | null = null
    let jumped: TimelinePoint | null = null
    while (target) {
      const to = target
      const answer = await moves.run(() => fetchMove(to, stepping))
      if (answer === STALE) return null
      answer.show()
      unsettled = answer.settled ? null : to
      jumped = answer.partial ? to : null
      if (target === to) target = null
    }
    if (unsettled) settleLater(unsettled)
    return jumped
  }

  function goTo(point: TimelinePoint, byArrowKey = false): Promise<void> {
    asked++
    ahead = null
    const step = Math.max(-1, Math.min(point.step, engine.getState().stepCount - 1))
    target = { step, phase: step < 0 ? null : (point.phase ?? null) }
    stepping = byArrowKey
    wake?.()
    if (!loop) {
      engine.setState({ moving: true })
      loop = followTarget()
        .catch((err: unknown) => {
          target = null
          ui.toasts.getState().error(err, 'Could not move the playhead')
          return null
        })
        .finally(() => {
          loop = null
          engine.setState({ moving: false })
        })
      // The table is painted and the loop is over; where the playhead stays, the panels beside it follow.
      // Outside the loop: an arrow key pressed meanwhile is one round trip (inside it, it took three messages).
      moved = loop.then((jumped) => (jumped ? completeJump(jumped) : undefined))
    }
    return moved
  }

  /**
   * Navigations wait for the one before them to know its target: presses
   * faster than the engine answers each start where the previous one lands
   * (two presses read at once would both go one step from the same point).
   * Only the `timeline.navigate` answers are chained, not the painting.
   */
  let navigations: Promise<unknown> = Promise.resolve()

  /** What a one-trip step asks `timeline.navigate` for: no rows, sessions, Per User rows or tables — the difference from the point shown, and what the step changed. */
  const stepState = (shown: TimelinePoint, withHere: boolean): StateOptions => ({ sessions: [], sessionList: false, userRows: false, tables: false, here: withHere, diffFrom: shown })

  /**
   * → from the end of a step arrives at the end of a later step, and the diff from the point shown is
   * what the steps between changed — from a step's end that is the next step: its highlights come
   * from the diff, as they did when a step asked for a diff across itself. Any other move asks for
   * `here` (the step's event line read and parsed in the engine: ~2 ms of its time at the median).
   */
  const highlightsFromDiff = (mode: NavMode, shown: TimelinePoint) => mode === 'next' && shown.step >= 0 && (shown.phase ?? null) === null

  /**
   * One move by `mode` from the point shown, when nothing else is on its way: one round trip,
   * painted from the answer (the rows shown patched by its diff, the highlights from its `here`);
   * the sessions, clock, Per User rows and tables there are asked for once no other step follows
   * within STEP_SETTLE_MS. False when it could not be done that way (the caller moves the usual way).
   */
  async function stepOnce(mode: NavMode): Promise<{ done: boolean; point: TimelinePoint | null }> {
    const shown = engine.getState().point
    const fromDiff = highlightsFromDiff(mode, shown)
    const stepCount = engine.getState().stepCount
    const asked = ahead && ahead.mode === mode && ahead.stepCount === stepCount && samePoint(ahead.from, shown) ? ahead.answer : null
    ahead = null
    // Asked before this press (the last one's `ahead`, or the request the last press sent): then this press costs no round trip.
    // (One run from the press on, as a request would be: a jump started meanwhile makes this answer stale, not the other way.)
    let early = false
    const answer = await moves.run(async () => {
      const kept = asked ? await asked : null
      early = kept !== null
      return kept ?? call(api, 'timeline.navigate', { from: shown, mode, state: stepState(shown, !fromDiff), ahead: true })
    })
    if (answer === STALE) return { done: true, point: null }
    const to = answer.point ? { step: answer.point.step, phase: answer.point.phase ?? null } : null
    // No move (→ at the last step): the press still ended a jump's wait for its Per User rows and tables.
    if (!to && extrasStale && !loop && !target) settleLater(shown)
    // The press after this one, asked now: from the answer that came with this one, or (this one was answered early) one request, sent now.
    if (to) askAhead(to, mode, stepCount, early ? null : (answer.ahead ?? null))
    const st = answer.state
    // Painted only over the rows it is the difference from.
    if (!to || !st?.diff || loop || target || !samePoint(engine.getState().point, shown)) return { done: !to, point: to }
    const diff = st.diff
    if (diff.userRows.length > 0 || diff.tables.length > 0 || (diff.tableRows?.length ?? 0) > 0) extrasStale = true
    for (const { after } of diff.sessions) if (after && !createdAt.has(after.id)) createdAt.set(after.id, after.createdAt)
    // Only a step the cache lacks: putting one re-renders every view of steps (the timeline, the inspector).
    if (st.here?.step && !steps.step(st.here.step.index)) steps.put([st.here.step])
    // The diff is across exactly one step only when the engine went one step on (it always does from a step's end; checked, not assumed).
    const highlights = fromDiff && to.step === shown.step + 1 ? highlightsOfDiff(diff, to.step) : st.here ? highlightsOf(st.here, to.step) : null
    if (!highlights) return { done: false, point: to }
    engine.setState({ point: to, t: st.t, rows: patchRows(engine.getState().rows, diff, compare), ...highlights })
    prefetchAround(to.step)
    settleLater(to)
    return { done: true, point: to }
  }

  /**
   * Keeps the answer for the next press of `mode` from `from`: `carried` (the `ahead` of the answer just
   * painted), or a `timeline.navigate` sent now — one message per press still, but its answer arrives
   * while the user is between presses instead of after the next press.
   */
  function askAhead(from: TimelinePoint, mode: NavMode, stepCount: number, carried: NavigateAnswer['ahead'] | null): void {
    let answer: Promise<NavigateAnswer | null>
    if (carried) answer = Promise.resolve(carried.point ? { point: carried.point, ...(carried.state ? { state: carried.state } : {}) } : null)
    else {
      const state = stepState(from, !highlightsFromDiff(mode, from))
      answer = call(api, 'timeline.navigate', { from, mode, state }).catch(() => null)
    }
    ahead = { from, mode, stepCount, answer }
  }

  /**
   * Asks for the sessions and clock at `at` once no move followed within STEP_SETTLE_MS — and the Per
   * User rows and tables only when a step's diff changed them (at a million-event trace's end they
   * are 1.3 MB of the 1.7 MB answer).
   */
  function settleLater(at: TimelinePoint): void {
    if (settleTimer) clearTimeout(settleTimer)
    settleTimer = setTimeout(() => {
      settleTimer = null
      const withExtras = extrasStale
      const request = () => call(api, 'timeline.state', { point: at, sessions: [], here: true, liveOnly: !engine.getState().endedSessionsListed, userRows: withExtras, tables: withExtras })
      void settles
        .run(request)
        .then((st) => {
          if (st !== STALE && !loop && samePoint(engine.getState().point, at)) show(st, () => engine.getState().rows, !withExtras)
        })
        .catch((err: unknown) => ui.toasts.getState().error(err, 'Could not move the playhead'))
    }, STEP_SETTLE_MS)
  }

  /** Moves `times` times by the engine's navigation `mode`, from where the playhead is going. */
  function navigate(mode: NavMode, times = 1): Promise<void> {
    asked++
    if (settleTimer) clearTimeout(settleTimer)
    settleTimer = null
    wake?.()
    const started = navigations.then(async () => {
      if (times === 1 && !loop && !target) {
        try {
          const one = await stepOnce(mode)
          if (one.done) return null
          if (one.point) return { moving: goTo(one.point, true) }
        } catch (err) {
          ui.toasts.getState().error(err, 'Could not move the playhead')
          return null
        }
      }
      let from = target ?? engine.getState().point
      try {
        for (let i = 0; i < times; i++) {
          const r = await call(api, 'timeline.navigate', { from, mode })
          if (!r.point) break
          from = { step: r.point.step, phase: r.point.phase ?? null }
        }
      } catch (err) {
        ui.toasts.getState().error(err, 'Could not move the playhead')
        return null
      }
      // Wrapped so that this chain does not wait for the move to be painted.
      return { moving: goTo(from, true) }
    })
    navigations = started.catch(() => undefined)
    return started.then((r) => r?.moving)
  }

  function prefetchAround(step: number): void {
    if (step < 0) return
    const ahead = Math.min(engine.getState().stepCount - 1, step + PREFETCH_STEPS)
    const behind = Math.max(0, step - PREFETCH_STEPS)
    if (!steps.step(ahead) || !steps.step(behind)) void steps.ensure(behind, ahead).catch(() => undefined)
  }

  return {
    goTo: (point) => goTo(point),
    show(st, partial = false) {
      ahead = null
      moves.supersede()
      extras.supersede()
      settles.supersede()
      target = null
      show(st, undefined, partial)
      if (partial) extrasStale = true
      return partial ? completeJump({ step: st.point.step, phase: st.point.phase ?? null }) : Promise.resolve()
    },
    movesAsked: () => asked,
    reset() {
      ahead = null
      moves.supersede()
      extras.supersede()
      settles.supersede()
      target = null
      if (settleTimer) clearTimeout(settleTimer)
      settleTimer = null
    },
    stepBy: (delta) => navigate(delta > 0 ? 'next' : 'prev', Math.abs(delta)),
    stepInto: () => navigate('into'),
    stepOut: () => navigate((target ?? engine.getState().point).phase === 0 ? 'backOut' : 'backInto'),
    first: () => goTo({ step: 0, phase: null }),
    last: () => goTo({ step: engine.getState().stepCount - 1, phase: null }),
    async explain(row) {
      try {
        const why = await call(api, 'timeline.why', { point: engine.getState().point, session: row.session, app: row.app, page: row.page, item: row.item })
        const rows = engine.getState().rows
        const shown = rows.find((r) => r.key === row.key)
        if (!why || !shown) return false
        engine.setState({ rows: patchSorted(rows, [{ before: shown, after: withLastChange(shown, why.step, why.phase, why.cause) }], compare, () => rows) })
        return true
      } catch (err) {
        if (!isNotAvailable(err)) ui.toasts.getState().error(err, 'Why')
        return false
      }
    },
    expiryDeadline: (session) => engine.getState().sessions.find((s) => s.id === session)?.expiry ?? null,
  }
}

function samePoint(a: TimelinePoint, b: TimelinePoint): boolean {
  return a.step === b.step && (a.phase ?? null) === (b.phase ?? null)
}
