/**
 * The timeline's storage: every step and every effect of a workspace as
 * columns, the interned keys, strings and records they refer to, appending
 * events (each effect checked and stored by effect-checking.ts) and giving
 * steps back from their event lines (effects: effect-decoding.ts).
 *
 * Layout (one entry per effect, per step, per phase):
 *   effect…  Op, Session (session index), Slot, App, Page, Item, From, To,
 *            FromStatus, ToStatus, Cause, Key — what each means per op is
 *            written in effect-checking.ts.
 *   step…    Time, TimeAfter (the clock after the step: a wait moves it),
 *            FirstEffect (one extra entry at the end), Kind, Outcome,
 *            CausedBy, FirstPhase, Flags (what the step did, for
 *            breakpoints), Event and InEvent (its event line and place there).
 *   phase…   End (relative to the step's first effect), Kind.
 * Everything else about a step (input, phase labels and details, request,
 * errors, reason, note — and the effects again, exactly as written) is kept
 * as the JSON line of its *event* in the export format (trace-steps.ts):
 * the trace's own line for a recorded trace, the engine's steps written as
 * an event otherwise. A step is given back by parsing its event's line, so
 * it is exactly what was loaded or simulated, and an export is those lines.
 */
import type { Effect } from '../engine/model/effect.js'
import type { Step } from '../engine/model/step.js'
import type { TraceEvent } from '../trace/schema.js'
import { F64, I32, U32, U8 } from './columns/growable.js'
import { GroupRecords, SessionRecords } from './columns/records.js'
import { StringTable } from './columns/string-table.js'
import { NumberMap, TupleMap } from './columns/tuple-map.js'
import { FLAG_CLEAR_CACHE, FLAG_CLONE, FLAG_EXPIRY, FLAG_LOGIN, FLAG_LOGOUT, FLAG_NOT_OK, OUTCOMES, PHASE_CLEAR_CACHE, PHASE_KINDS, PHASE_KIND_OTHER, STEP_KINDS, codeTable } from './codes.js'
import { forgetAppTables } from './app-table-rows.js'
import { forgetRowSetPositions } from './row-set-positions.js'
import { forgetBrowserState } from './browser-state.js'
import { checkpointsAtSpacing } from './checkpoint-spacing.js'
import { DenseState } from './dense-state.js'
import { TimelineConsistencyError, checkAndStoreEffect } from './effect-checking.js'
import { decodeEffect } from './effect-decoding.js'
import { MemoryEventStore } from './event-store.js'
import type { EventStore } from './event-store.js'
import { eventOfSteps, stepsOfRecordedEvent } from './trace-steps.js'
import type { Checkpoint } from './dense-state.js'

export { ABSENT } from './codes.js'
export type { EventStore } from './event-store.js'
export { MemoryEventStore } from './event-store.js'
export { TimelineConsistencyError } from './effect-checking.js'

export interface TimelineOptions {
  /** A checkpoint every this many steps (docs/timeline.md explains the choice). */
  checkpointEvery?: number
  events?: EventStore
  /** String tables to start from (a timeline restored from its parts). */
  strings?: { names: StringTable; values: StringTable; causes: StringTable; misc: StringTable }
}

export const DEFAULT_CHECKPOINT_EVERY = 1024
/** `tombstoneSince` of a slot with no tombstone in force. */
export const TOMB_NONE = 0xffffffff

const PHASE_CODE = codeTable(PHASE_KINDS)
const KIND_CODE = codeTable(STEP_KINDS)
const OUTCOME_CODE = codeTable(OUTCOMES)

export class TimelineColumns {
  // Strings
  readonly names: StringTable
  readonly values: StringTable
  readonly causes: StringTable
  readonly misc: StringTable
  // Session IDs and slots
  readonly sessionIds = new F64()
  sessionMap: NumberMap | null = new NumberMap()
  /** The slot each session index was last seen in. */
  readonly sessionSlot = new I32()
  /** The session index each slot starts with. */
  readonly slotFirstSession = new I32()
  /** Index-time mapping from a session index to the slot that currently holds that ID. */
  private sessionToSlot: Map<number, number> | null = new Map()
  // Row keys: (slot, app, page, item)
  readonly rowKeySlot = new I32()
  readonly rowKeyApp = new I32()
  readonly rowKeyPage = new I32()
  readonly rowKeyItem = new I32()
  private rowKeyMap: TupleMap | null = new TupleMap()
  // Per User keys: (user, app, item)
  readonly userKeyUser = new I32()
  readonly userKeyApp = new I32()
  readonly userKeyItem = new I32()
  private userKeyMap: TupleMap | null = new TupleMap()
  // Clone groups
  readonly groupIds = new F64()
  groupMap: NumberMap | null = new NumberMap()
  // Simulator tables: (app, name); tableRows[t][i] = misc id of row i's JSON
  readonly tableApp = new I32()
  readonly tableName = new I32()
  private tableMap: TupleMap | null = new TupleMap()
  tableRows: number[][] = []
  // Records
  readonly sessionRecords: SessionRecords
  readonly groupRecords = new GroupRecords()
  // Effects
  readonly effectOp = new U8()
  readonly effectSession = new I32()
  readonly effectSlot = new I32()
  readonly effectApp = new I32()
  readonly effectPage = new I32()
  readonly effectItem = new I32()
  readonly effectFrom = new I32()
  readonly effectTo = new I32()
  readonly effectFromStatus = new U8()
  readonly effectToStatus = new U8()
  readonly effectCause = new I32()
  readonly effectKey = new I32()
  // Steps
  readonly stepTime = new F64()
  readonly stepTimeAfter = new F64()
  readonly stepFirstEffect = new U32()
  readonly stepKind = new U8()
  readonly stepOutcome = new U8()
  readonly stepCausedBy = new I32()
  readonly stepFirstPhase = new U32()
  readonly stepFlags = new U8()
  /** The event (line) a step belongs to, and its position in that event's steps. */
  readonly stepEvent = new I32()
  readonly stepInEvent = new U8()
  // Phases: end relative to the step's first effect (the state "after phase k" is effects [0, end)), kind code
  readonly phaseEnd = new U32()
  readonly phaseKind = new U8()
  /**
   * Tombstones: an ended session keeps its record for ever (ended IDs never
   * come back). Repeating each in every later checkpoint would make a
   * checkpoint grow with every session the trace ever had, so per slot the
   * tombstone in force is kept once: from effect position `tombstoneSince[slot]`
   * on, the slot has record `tombstoneRecord` and session `tombstoneSession`. Checkpoints
   * leave such slots out and the dense state falls back to these columns
   * (DenseState.recordOf). Should a tombstone ever change again, the
   * checkpoints that left it out get it written in (closeTomb).
   */
  readonly tombstoneSince = new U32()
  readonly tombstoneRecord = new I32()
  readonly tombstoneSession = new I32()
  // Checkpoints
  readonly checkpointEvery: number
  checkpoints: Checkpoint[] = []
  events: EventStore
  /** The state after the last step (the builder checks new effects against it). */
  readonly head: DenseState
  /** Row keys with a row in `head`, for cheap checkpoints (position in the list, or -1). */
  private liveList = new I32()
  private livePos = new I32()

  constructor(opts: TimelineOptions = {}) {
    this.checkpointEvery = Math.max(1, opts.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY)
    this.events = opts.events ?? new MemoryEventStore()
    this.names = opts.strings?.names ?? new StringTable()
    this.values = opts.strings?.values ?? new StringTable()
    this.causes = opts.strings?.causes ?? new StringTable()
    this.misc = opts.strings?.misc ?? new StringTable()
    this.sessionRecords = new SessionRecords(this.names, this.misc)
    this.stepFirstEffect.push(0)
    this.stepFirstPhase.push(0)
    this.head = new DenseState(this)
  }

  get stepCount(): number {
    return this.stepTime.length
  }

  get effectCount(): number {
    return this.effectOp.length
  }

  // -------------------------------------------------------------------------
  // Interning

  sessionIndex(id: number): number {
    const map = this.ensureSessionMap()
    let i = map.get(id)
    if (i < 0) {
      i = this.sessionIds.push(id)
      this.sessionSlot.push(-1)
      map.set(id, i)
    }
    return i
  }

  /** Index of a session ID already seen, else -1. */
  findSession(id: number): number {
    return this.ensureSessionMap().get(id)
  }

  /** For the builder (effect-checking.ts). */
  newSlot(sess: number): number {
    const slot = this.slotFirstSession.push(sess)
    this.tombstoneSince.push(TOMB_NONE)
    this.tombstoneRecord.push(-1)
    this.tombstoneSession.push(-1)
    this.sessionSlot.set(sess, slot)
    this.ensureSessionToSlot().set(sess, slot)
    return slot
  }

  /** The slot holding session index `sess` now (a new slot for an ID never seen). */
  /** For the builder (effect-checking.ts). */
  slotOf(sess: number): number {
    const slot = this.ensureSessionToSlot().get(sess)
    return slot ?? this.newSlot(sess)
  }

  /** For the builder (effect-checking.ts). */
  rowKey(slot: number, app: number, page: number, item: number): number {
    const map = this.ensureRowKeyMap()
    let k = map.get(slot, app, page, item)
    if (k < 0) {
      k = this.rowKeySlot.push(slot)
      this.rowKeyApp.push(app)
      this.rowKeyPage.push(page)
      this.rowKeyItem.push(item)
      map.add(slot, app, page, item, k)
    }
    return k
  }

  /** For the builder (effect-checking.ts). */
  userKey(user: number, app: number, item: number): number {
    const map = this.ensureUserKeyMap()
    let k = map.get(user, app, item, 0)
    if (k < 0) {
      k = this.userKeyUser.push(user)
      this.userKeyApp.push(app)
      this.userKeyItem.push(item)
      map.add(user, app, item, 0, k)
    }
    return k
  }

  /** For the builder (effect-checking.ts). */
  groupIndex(id: number): number {
    const map = this.ensureGroupMap()
    let g = map.get(id)
    if (g < 0) {
      g = this.groupIds.push(id)
      map.set(id, g)
    }
    return g
  }

  /** For the builder (effect-checking.ts). */
  tableIndex(app: number, name: number): number {
    const map = this.ensureTableMap()
    let t = map.get(app, name, 0, 0)
    if (t < 0) {
      t = this.tableApp.push(app)
      this.tableName.push(name)
      this.tableRows.push([])
      map.add(app, name, 0, 0, t)
    }
    return t
  }

  /** The last cause interned (the effects of one step often share it), for effect-checking.ts. */
  lastCause: unknown = undefined
  lastCauseId = -1

  /** For the builder (effect-checking.ts). */
  valueId(v: unknown): number {
    return typeof v === 'string' ? this.values.intern(v) : -1
  }

  // The maps are dropped when a timeline is restored from a file or another
  // thread and rebuilt from the columns only if steps are appended again.
  private ensureSessionMap(): NumberMap {
    if (this.sessionMap) return this.sessionMap
    const m = new NumberMap()
    const ids = this.sessionIds.raw
    for (let i = 0; i < this.sessionIds.length; i++) m.set(ids[i]!, i)
    return (this.sessionMap = m)
  }
  /** For the builder (effect-checking.ts). */
  ensureSessionToSlot(): Map<number, number> {
    if (this.sessionToSlot) return this.sessionToSlot
    const m = new Map<number, number>()
    // Every slot's session as of the head, plus IDs seen only in rows of
    // slots that never had a record (their initial ID).
    this.head.fit()
    for (let s = 0; s < this.slotFirstSession.length; s++) {
      const sess = this.head.slotSession[s]!
      if (sess >= 0) m.set(sess, s)
    }
    return (this.sessionToSlot = m)
  }
  private ensureRowKeyMap(): TupleMap {
    if (this.rowKeyMap) return this.rowKeyMap
    const m = new TupleMap(this.rowKeySlot.length)
    for (let k = 0; k < this.rowKeySlot.length; k++) m.add(this.rowKeySlot.get(k), this.rowKeyApp.get(k), this.rowKeyPage.get(k), this.rowKeyItem.get(k), k)
    return (this.rowKeyMap = m)
  }
  private ensureUserKeyMap(): TupleMap {
    if (this.userKeyMap) return this.userKeyMap
    const m = new TupleMap(this.userKeyUser.length)
    for (let k = 0; k < this.userKeyUser.length; k++) m.add(this.userKeyUser.get(k), this.userKeyApp.get(k), this.userKeyItem.get(k), 0, k)
    return (this.userKeyMap = m)
  }
  private ensureGroupMap(): NumberMap {
    if (this.groupMap) return this.groupMap
    const m = new NumberMap()
    for (let g = 0; g < this.groupIds.length; g++) m.set(this.groupIds.get(g), g)
    return (this.groupMap = m)
  }
  private ensureTableMap(): TupleMap {
    if (this.tableMap) return this.tableMap
    const m = new TupleMap(this.tableApp.length)
    for (let t = 0; t < this.tableApp.length; t++) m.add(this.tableApp.get(t), this.tableName.get(t), 0, 0, t)
    return (this.tableMap = m)
  }

  /** Forgets the index-time maps (after a restore; they come back on the next append). */
  dropMaps(): void {
    this.sessionMap = null
    this.sessionToSlot = null
    this.rowKeyMap = null
    this.userKeyMap = null
    this.groupMap = null
    this.tableMap = null
  }

  /** Lookup maps for queries (built on first use). */
  groupIndexOf(id: number): number {
    return this.ensureGroupMap().get(id)
  }

  // -------------------------------------------------------------------------
  // Building

  get eventCount(): number {
    return this.events.count
  }

  /**
   * Appends the steps of one event (an operation and its linked follow-ups).
   * Their effects are checked against the state after the previous step
   * (every before-image must match; a rekey needs its session and a free
   * target; a row insert its position), so that seeking backward through
   * them is exact. On a mismatch nothing is appended and a
   * TimelineConsistencyError names the step and effect. `line` is the
   * event's JSON in the export format (written from the steps when absent);
   * step indexes and `causedBy` must already be timeline indexes.
   */
  appendEvent(chain: readonly Step[], line?: string | Uint8Array): void {
    const first = this.stepCount
    const event = this.events.count
    if (chain.length > 255) throw new RangeError(`an event of ${chain.length} steps (at most 255)`)
    const text = line ?? JSON.stringify(eventOfSteps(chain, first > 0 ? this.stepTime.get(first - 1) : 0))
    try {
      chain.forEach((s, j) => this.appendStep(s, event, j))
    } catch (err) {
      this.truncateTo(first)
      throw err
    }
    this.events.put(event, text)
  }

  private appendStep(step: Step, event: number, sub: number): void {
    const index = this.stepCount
    const effects = step.effects
    let flags = step.outcome !== 'ok' ? FLAG_NOT_OK : 0
    if (step.kind === 'clone') flags |= FLAG_CLONE
    if (step.kind === 'clearCache') flags |= FLAG_CLEAR_CACHE
    if (step.kind === 'login') flags |= FLAG_LOGIN
    if (step.kind === 'logout') flags |= FLAG_LOGOUT
    if (step.outcome === 'expired') flags |= FLAG_EXPIRY
    for (let i = 0; i < effects.length; i++) {
      try {
        flags |= checkAndStoreEffect(this, effects[i]!, i)
      } catch (err) {
        if (err instanceof TimelineConsistencyError) throw new TimelineConsistencyError(err.message, err.effectIndex, sub)
        throw err
      }
    }
    for (const p of step.phases) {
      const kind = PHASE_CODE[p.kind] ?? PHASE_KIND_OTHER
      if (kind === PHASE_CLEAR_CACHE) flags |= FLAG_CLEAR_CACHE
      this.phaseKind.push(kind)
      this.phaseEnd.push(typeof p.end === 'number' && p.end >= 0 && p.end <= effects.length ? p.end : effects.length)
    }
    this.stepFirstPhase.push(this.phaseEnd.length)
    this.stepTime.push(step.t)
    const input = step.input as { type?: string; seconds?: unknown }
    this.stepTimeAfter.push(step.kind === 'wait' && input.type === 'wait' && typeof input.seconds === 'number' ? step.t + input.seconds : step.t)
    this.stepFirstEffect.push(this.effectOp.length)
    this.stepKind.push(KIND_CODE[step.kind] ?? 255)
    this.stepOutcome.push(OUTCOME_CODE[step.outcome] ?? 255)
    this.stepCausedBy.push(step.causedBy ?? -1)
    this.stepFlags.push(flags)
    this.stepEvent.push(event)
    this.stepInEvent.push(sub)
    if ((index + 1) % this.checkpointEvery === 0) {
      const since = this.tombstoneSince.raw
      this.checkpoints.push(this.head.capture(index, this.liveList.view(), (slot) => since[slot] !== TOMB_NONE))
    }
  }

  /** Keeps the tombstone columns right after a session record or ID of `slot` changed at effect `idx`. */
  /** For the builder (effect-checking.ts). */
  trackTomb(slot: number, idx: number): void {
    const since = this.tombstoneSince.get(slot)
    if (since !== TOMB_NONE) this.closeTomb(slot, since, idx)
    const rec = this.head.slotRecord[slot]!
    if (rec >= 0 && this.sessionRecords.ended.get(rec) !== 0) {
      this.tombstoneSince.set(slot, idx + 1)
      this.tombstoneRecord.set(slot, rec)
      this.tombstoneSession.set(slot, this.head.slotSession[slot]!)
    }
  }

  /** A tombstone changed at `until` after all (not the engine's way, but a recorded trace may): the checkpoints that left it out get it back. */
  private closeTomb(slot: number, since: number, until: number): void {
    const entry = [slot, this.tombstoneRecord.get(slot), this.tombstoneSession.get(slot)]
    this.checkpoints = this.checkpoints.map((cp) => {
      if (cp.pos < since || cp.pos > until) return cp
      const slots = new Int32Array(cp.slots.length + 3)
      slots.set(cp.slots)
      slots.set(entry, cp.slots.length)
      return { ...cp, slots }
    })
    this.tombstoneSince.set(slot, TOMB_NONE)
    this.tombstoneRecord.set(slot, -1)
    this.tombstoneSession.set(slot, -1)
  }

  /** Drops steps from `n` on (a failed append), putting the head back. */
  truncateTo(n: number): void {
    const effects = this.stepFirstEffect.get(n)
    this.head.fit()
    if (this.head.pos > effects) this.head.backward(effects)
    for (const col of [this.effectOp, this.effectSession, this.effectSlot, this.effectApp, this.effectPage, this.effectItem, this.effectFrom, this.effectTo, this.effectFromStatus, this.effectToStatus, this.effectCause, this.effectKey]) col.length = effects
    for (const col of [this.stepTime, this.stepTimeAfter, this.stepKind, this.stepOutcome, this.stepCausedBy, this.stepFlags, this.stepEvent, this.stepInEvent]) col.length = n
    const phases = this.stepFirstPhase.get(n)
    this.phaseEnd.length = phases
    this.phaseKind.length = phases
    this.stepFirstEffect.length = n + 1
    this.stepFirstPhase.length = n + 1
    while (this.checkpoints.length > 0 && this.checkpoints[this.checkpoints.length - 1]!.step >= n) this.checkpoints.pop()
    // Tombstones made by the dropped effects go (the checkpoints kept are exact without them).
    for (let slot = 0; slot < this.tombstoneSince.length; slot++) {
      if (this.tombstoneSince.get(slot) !== TOMB_NONE && this.tombstoneSince.get(slot) > effects) {
        this.tombstoneSince.set(slot, TOMB_NONE)
        this.tombstoneRecord.set(slot, -1)
        this.tombstoneSession.set(slot, -1)
      }
    }
    const events = n > 0 ? this.stepEvent.get(n - 1) + 1 : 0
    if (this.events.count > events) this.events.truncate(events)
    this.parsed.clear()
    this.sessionToSlot = null
    forgetAppTables(this)
    forgetRowSetPositions(this)
    forgetBrowserState(this)
    this.rebuildLiveRows()
  }

  /** For the builder (effect-checking.ts). */
  pushEffect(op: number, sess: number, slot: number, app: number, page: number, item: number, from: number, to: number, fromSt: number, toSt: number, cause: number, key: number): number {
    this.effectOp.push(op)
    this.effectSession.push(sess)
    this.effectSlot.push(slot)
    this.effectApp.push(app)
    this.effectPage.push(page)
    this.effectItem.push(item)
    this.effectFrom.push(from)
    this.effectTo.push(to)
    this.effectFromStatus.push(fromSt)
    this.effectToStatus.push(toSt)
    this.effectCause.push(cause)
    return this.effectKey.push(key)
  }

  /** For the builder (effect-checking.ts). */
  applyHeadRow(key: number, to: number, toSt: number): void {
    const head = this.head
    const before = head.rowStatus[key]!
    head.rowValue[key] = to
    head.rowStatus[key] = toSt
    if (before === 0 && toSt !== 0) {
      if (this.livePos.length <= key) this.livePos.resize(this.rowKeySlot.length, -1)
      this.livePos.set(key, this.liveList.push(key))
    } else if (before !== 0 && toSt === 0) {
      const p = this.livePos.get(key)
      const last = this.liveList.get(this.liveList.length - 1)
      this.liveList.set(p, last)
      this.livePos.set(last, p)
      this.liveList.length--
      this.livePos.set(key, -1)
    }
  }

  /** Checkpoints at another spacing, in one pass (checkpoint-spacing.ts). */
  checkpointsEvery(every: number): Checkpoint[] {
    return checkpointsAtSpacing(this, every)
  }

  /** Rebuilds the live-row list from the head (after a restore). */
  rebuildLiveRows(): void {
    this.head.fit()
    this.liveList = new I32()
    this.livePos = new I32()
    this.livePos.resize(this.rowKeySlot.length, -1)
    for (let k = 0; k < this.rowKeySlot.length; k++) if (this.head.rowStatus[k] !== 0) this.livePos.set(k, this.liveList.push(k))
  }

  // -------------------------------------------------------------------------
  // Reading back

  /** The effect at global position i, as the engine emitted it (effect-decoding.ts). */
  effect(i: number): Effect {
    return decodeEffect(this, i)
  }

  private readonly parsed = new Map<number, Step[]>()

  /** The steps of event e (its first step is `first`), parsed from its line; a few are cached. */
  eventSteps(e: number, first: number): Step[] {
    let steps = this.parsed.get(e)
    if (!steps) {
      const event = JSON.parse(this.events.get(e)) as TraceEvent
      steps = stepsOfRecordedEvent(event, first, first > 0 ? this.stepTime.get(first - 1) : 0)
      if (this.parsed.size >= 16) this.parsed.delete(this.parsed.keys().next().value!)
      this.parsed.set(e, steps)
    }
    return steps
  }

  /** The JSON line of event e (export format). */
  eventLine(e: number): string {
    return this.events.get(e)
  }

  /** Step i as the engine returned it (or as the trace recorded it). */
  step(i: number): Step {
    const sub = this.stepInEvent.get(i)
    const step = this.eventSteps(this.stepEvent.get(i), i - sub)[sub]
    if (!step) throw new Error(`internal: event ${this.stepEvent.get(i)} has no step ${sub}`)
    return structuredClone(step)
  }

  /** Steps [from, from + count), each event's line parsed once (fresh objects, no cache). */
  steps(from: number, count: number): Step[] {
    const out: Step[] = []
    const end = Math.min(this.stepCount, from + count)
    let i = Math.max(0, from)
    while (i < end) {
      const first = i - this.stepInEvent.get(i)
      const event = JSON.parse(this.events.get(this.stepEvent.get(i))) as TraceEvent
      const steps = stepsOfRecordedEvent(event, first, first > 0 ? this.stepTime.get(first - 1) : 0)
      for (let j = i - first; j < steps.length && i < end; j++, i++) out.push(steps[j]!)
    }
    return out
  }

  // -------------------------------------------------------------------------
  // Positions

  /** Number of phases of step s. */
  phaseCount(s: number): number {
    return this.stepFirstPhase.get(s + 1) - this.stepFirstPhase.get(s)
  }

  /** Global position of the first effect of step s. */
  effectStart(s: number): number {
    return this.stepFirstEffect.get(s)
  }

  /** The step whose effects include global position e (binary search). */
  stepOfEffect(e: number): number {
    const a = this.stepFirstEffect.raw
    let lo = 0
    let hi = this.stepCount - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (a[mid]! <= e) lo = mid
      else hi = mid - 1
    }
    // The last step starting at or before e is the one containing it (empty steps start where the next one does).
    return lo
  }

  /** Index of the phase of step s that contains the step's effect number `rel` (-1 when none does). */
  phaseOfEffect(s: number, rel: number): number {
    const from = this.stepFirstPhase.get(s)
    const to = this.stepFirstPhase.get(s + 1)
    const ends = this.phaseEnd.raw
    for (let p = from; p < to; p++) if (rel < ends[p]!) return p - from
    return -1
  }

}
