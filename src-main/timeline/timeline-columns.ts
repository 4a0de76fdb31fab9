/**
 * The timeline's storage: every step and every effect of a workspace as
 * columns, plus the interned keys, strings and records they refer to, plus
 * the builder that appends steps (checking that each recorded effect applies
 * to the state it claims to change) and the code that gives steps and
 * effects back as the engine's objects.
 *
 * Layout (one entry per effect, per step, per phase):
 *   effects: op, sess (session index), slot, app, page, item, from, to,
 *            fromSt, toSt, cause, key — what each means per op is written at
 *            `indexEffect`; unknown fields and odd values go to `eOverride`.
 *   steps:   t, tEnd (clock after the step), eff (first effect; one extra
 *            entry at the end), kind, outcome, causedBy, ph (first phase),
 *            flags (what the step did, for breakpoints).
 *   phases:  end (relative to the step's first effect), kind.
 * Everything else about a step (input, phase labels and details, request,
 * errors, reason, note — and the effects again, exactly as written) is kept
 * as the JSON line of its *event* in the export format (trace-steps.ts):
 * the trace's own line for a recorded trace, the engine's steps written as
 * an event otherwise. A step is given back by parsing its event's line, so
 * it is exactly what was loaded or simulated, and an export is those lines.
 */
import type { Effect, GroupRecord } from '../engine/model/effect.js'
import type { Step } from '../engine/model/step.js'
import type { TraceEvent } from '../trace/schema.js'
import { F64, I32, U32, U8 } from './columns/growable.js'
import { GroupRecords, SessionRecords } from './columns/records.js'
import { StringTable } from './columns/string-table.js'
import { NumberMap, TupleMap } from './columns/tuple-map.js'
import {
  FLAG_CLEAR_CACHE,
  FLAG_CLONE,
  FLAG_EXPIRY,
  FLAG_LOGIN,
  FLAG_LOGOUT,
  FLAG_NOT_OK,
  GROUP_EVENTS,
  OP_GROUP,
  OP_INSERT,
  OP_NOTICE,
  OP_REKEY,
  OP_SESSION,
  OP_SET,
  OP_USERSET,
  OP_WARNING,
  OUTCOMES,
  PHASE_CLEAR_CACHE,
  PHASE_KINDS,
  PHASE_KIND_OTHER,
  SESSION_EVENT_CODES,
  STATUS_CODES,
  STEP_KINDS,
  codeTable,
  statusCode,
} from './codes.js'
import { DenseState } from './dense-state.js'
import { eventOfSteps, stepsOfRecordedEvent } from './trace-steps.js'
import type { Checkpoint } from './dense-state.js'

/** Marks an absent optional number (a notice without app or page). */
export const ABSENT = -2147483648

/** Where the event lines live (memory or the workspace file). Events are put in order. */
export interface EventStore {
  readonly count: number
  /** The event's JSON line, as text or UTF-8 bytes. */
  put(event: number, line: string | Uint8Array): void
  get(event: number): string
  /** Drops events from `from` on. */
  truncate(from: number): void
  /** Writes out anything buffered. */
  flush?(): void
}

export class MemoryEventStore implements EventStore {
  private readonly lines: string[] = []
  get count(): number {
    return this.lines.length
  }
  put(event: number, line: string | Uint8Array): void {
    if (event !== this.lines.length) throw new RangeError(`events are stored in order: expected ${this.lines.length}, got ${event}`)
    this.lines.push(typeof line === 'string' ? line : Buffer.from(line).toString('utf8'))
  }
  get(event: number): string {
    const s = this.lines[event]
    if (s === undefined) throw new RangeError(`no event ${event}`)
    return s
  }
  truncate(from: number): void {
    this.lines.length = Math.min(this.lines.length, from)
  }
}

/** A recorded effect that does not match the state it claims to change. */
export class TimelineConsistencyError extends Error {
  constructor(
    message: string,
    /** Position of the effect in its step's effect list. */
    readonly effectIndex: number,
    /** Position of the step in its event. */
    readonly stepInEvent = 0,
  ) {
    super(message)
    this.name = 'TimelineConsistencyError'
  }
}

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
const SESSION_EVENT_CODE = codeTable(SESSION_EVENT_CODES)
const GROUP_EVENT_CODE = codeTable(GROUP_EVENTS)

function isInt32(v: unknown): v is number {
  return typeof v === 'number' && (v | 0) === v && v !== ABSENT && !Object.is(v, -0)
}

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

  private newSlot(sess: number): number {
    const slot = this.slotFirstSession.push(sess)
    this.tombstoneSince.push(TOMB_NONE)
    this.tombstoneRecord.push(-1)
    this.tombstoneSession.push(-1)
    this.sessionSlot.set(sess, slot)
    this.ensureSessionToSlot().set(sess, slot)
    return slot
  }

  /** The slot holding session index `sess` now (a new slot for an ID never seen). */
  private slotOf(sess: number): number {
    const slot = this.ensureSessionToSlot().get(sess)
    return slot ?? this.newSlot(sess)
  }

  private rowKey(slot: number, app: number, page: number, item: number): number {
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

  private userKey(user: number, app: number, item: number): number {
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

  private groupIndex(id: number): number {
    const map = this.ensureGroupMap()
    let g = map.get(id)
    if (g < 0) {
      g = this.groupIds.push(id)
      map.set(id, g)
    }
    return g
  }

  private tableIndex(app: number, name: number): number {
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

  private lastCause: unknown = undefined
  private lastCauseId = -1

  private valueId(v: unknown): number {
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
  private ensureSessionToSlot(): Map<number, number> {
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
        flags |= this.indexEffect(effects[i]!, i)
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
  private trackTomb(slot: number, idx: number): void {
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
    this.rebuildLiveRows()
  }

  private pushEffect(op: number, sess: number, slot: number, app: number, page: number, item: number, from: number, to: number, fromSt: number, toSt: number, cause: number, key: number): number {
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

  /** Checks, stores and applies one effect to the head; returns step flags it implies. */
  private indexEffect(e: Effect, pos: number): number {
    const head = this.head
    // Causes are kept for row changes (why, history, breakpoints); the others' are in the event line.
    const r = e as unknown as Record<string, unknown>
    let cause = -1
    if ((e.op === 'set' || e.op === 'userSet') && typeof r.cause === 'string') {
      // The effects of one step often share their cause (a logout's row removals, a clone's copies).
      if (r.cause !== this.lastCause) {
        this.lastCause = r.cause
        this.lastCauseId = this.causes.intern(r.cause)
      }
      cause = this.lastCauseId
    }
    let flags = 0
    let idx: number
    switch (e.op) {
      case 'set': {
        const sess = this.sessionIndex(e.session)
        const slot = this.slotOf(sess)
        const app = e.app
        const page = e.page === null ? -1 : e.page
        if (!isInt32(app) || !isInt32(page) || page < -1 || (e.page !== null && page < 0))
          throw new TimelineConsistencyError(`effect #${pos}: app and page must be whole numbers (app ${show(e.app)}, page ${show(e.page)})`, pos)
        const item = this.names.intern(e.item)
        const key = this.rowKey(slot, app, page, item)
        head.fit()
        // The before-image is the row's current value (checked below): reuse its id instead of hashing the text.
        const cur = head.rowStatus[key] !== 0 ? head.rowValue[key]! : -2
        const from = e.from === null ? -1 : cur >= 0 && this.values.get(cur) === e.from ? cur : this.valueId(e.from)
        const to = this.valueId(e.to)
        const fromSt = statusCode(e.fromStatus)
        const toSt = statusCode(e.toStatus)
        const curSt = head.rowStatus[key]!
        if (curSt !== fromSt || (fromSt !== 0 && head.rowValue[key] !== from)) {
          const actual = curSt === 0 ? 'no row' : `${show(head.rowValue[key]! < 0 ? null : this.values.get(head.rowValue[key]!))}/${STATUS_CODES[curSt]}`
          throw new TimelineConsistencyError(
            `effect #${pos} (set ${e.item} in session ${e.session}, app ${e.app}, page ${e.page ?? '-'}) says the row was ${e.fromStatus === null ? 'absent' : `${show(e.from)}/${e.fromStatus}`}, but it is ${actual}`,
            pos,
          )
        }
        if (toSt === 3) flags |= FLAG_CLEAR_CACHE
        idx = this.pushEffect(OP_SET, sess, slot, app, page, item, from, to, fromSt, toSt, cause, key)
        this.applyHeadRow(key, to, toSt)
        break
      }
      case 'userSet': {
        const user = this.names.intern(e.user)
        const item = this.names.intern(e.item)
        const app = e.app
        if (!isInt32(app)) throw new TimelineConsistencyError(`effect #${pos}: app must be a whole number (got ${show(e.app)})`, pos)
        const key = this.userKey(user, app, item)
        const from = this.valueId(e.from)
        const to = this.valueId(e.to)
        head.fit()
        if (head.userValue[key] !== from) {
          const cur = head.userValue[key]!
          throw new TimelineConsistencyError(
            `effect #${pos} (Per User ${e.item} of ${e.user}) says the value was ${show(e.from)}, but it is ${show(cur < 0 ? null : this.values.get(cur))}`,
            pos,
          )
        }
        const sess = typeof e.session === 'number' ? this.sessionIndex(e.session) : -1
        idx = this.pushEffect(OP_USERSET, sess, -1, app, 0, item, from, to, 0, 0, cause, key)
        head.userValue[key] = to
        break
      }
      case 'session': {
        const sess = this.sessionIndex(e.session)
        let slot: number
        const ev = SESSION_EVENT_CODE[e.event] ?? 255
        if (e.from === null) {
          const existing = this.ensureSessionToSlot().get(sess)
          head.fit()
          if (existing !== undefined && head.slotRecord[existing] !== -1)
            throw new TimelineConsistencyError(`effect #${pos} (session ${e.session} ${e.event}) creates a session that already exists`, pos)
          slot = existing ?? this.newSlot(sess)
          head.fit()
        } else {
          const existing = this.ensureSessionToSlot().get(sess)
          head.fit()
          if (existing === undefined || head.slotRecord[existing] === -1 || !this.sessionRecords.equals(head.slotRecord[existing]!, e.from))
            throw new TimelineConsistencyError(`effect #${pos} (session ${e.session} ${e.event}): its "from" record is not the session's current record`, pos)
          slot = existing
        }
        const from = head.slotRecord[slot]!
        const to = e.to === null ? -1 : this.sessionRecords.add(e.to, from)
        if (e.event === 'cloned') flags |= FLAG_CLONE
        if (e.event === 'loggedIn') flags |= FLAG_LOGIN
        if (e.event === 'deleted') flags |= FLAG_LOGOUT
        if (e.event === 'expired') flags |= FLAG_EXPIRY
        idx = this.pushEffect(OP_SESSION, sess, slot, 0, 0, -1, from, to, ev, 0, cause, -1)
        head.slotRecord[slot] = to
        this.trackTomb(slot, idx)
        break
      }
      case 'group': {
        const g = this.groupIndex(e.groupId)
        head.fit()
        const cur = head.groupRecord[g]!
        if (e.from === null ? cur !== -1 : cur === -1 || !this.groupRecords.equals(cur, e.from))
          throw new TimelineConsistencyError(`effect #${pos} (clone group ${e.groupId} ${e.event}): its "from" record is not the group's current record`, pos)
        const to = e.to === null ? -1 : this.groupRecords.add(e.to as GroupRecord)
        idx = this.pushEffect(OP_GROUP, -1, -1, 0, 0, -1, cur, to, GROUP_EVENT_CODE[e.event] ?? 255, 0, cause, g)
        head.groupRecord[g] = to
        break
      }
      case 'rekey': {
        const fromSess = this.sessionIndex(e.from)
        const slot = this.ensureSessionToSlot().get(fromSess)
        head.fit()
        if (slot === undefined || head.slotRecord[slot] === -1) throw new TimelineConsistencyError(`effect #${pos}: rekey: session ${e.from} does not exist`, pos)
        const toSess = this.sessionIndex(e.to)
        const other = this.ensureSessionToSlot().get(toSess)
        if (other !== undefined && head.slotRecord[other] !== -1) throw new TimelineConsistencyError(`effect #${pos}: rekey: session ${e.to} already exists`, pos)
        const fromRec = head.slotRecord[slot]!
        const toRec = this.sessionRecords.addRekeyed(fromRec, e.to)
        const map = this.ensureSessionToSlot()
        map.delete(fromSess)
        map.set(toSess, slot)
        this.sessionSlot.set(toSess, slot)
        flags |= FLAG_LOGIN
        idx = this.pushEffect(OP_REKEY, fromSess, slot, 0, 0, -1, fromRec, toRec, 0, 0, cause, toSess)
        head.slotRecord[slot] = toRec
        head.slotSession[slot] = toSess
        this.trackTomb(slot, idx)
        break
      }
      case 'insertRow': {
        const app = e.app
        if (!isInt32(app) || !Number.isInteger(e.index) || e.index < 0)
          throw new TimelineConsistencyError(`effect #${pos}: insertRow needs a whole app number and row index (app ${show(e.app)}, index ${show(e.index)})`, pos)
        const t = this.tableIndex(app, this.names.intern(e.table))
        head.fit()
        if (head.tableLength[t] !== e.index)
          throw new TimelineConsistencyError(`effect #${pos}: insertRow: table ${e.table} has ${head.tableLength[t]} rows, expected ${e.index}`, pos)
        const row = this.misc.intern(JSON.stringify(e.row))
        const rows = this.tableRows[t]!
        rows[e.index] = row
        const sess = typeof e.session === 'number' ? this.sessionIndex(e.session) : -1
        idx = this.pushEffect(OP_INSERT, sess, -1, app, 0, -1, e.index, row, 0, 0, cause, t)
        head.tableLength[t] = e.index + 1
        break
      }
      case 'notice':
      case 'warning': {
        const sess = typeof e.session === 'number' ? this.sessionIndex(e.session) : -1
        const app = isInt32(e.app) ? e.app : ABSENT
        const page = e.page === null ? -1 : isInt32(e.page) && e.page >= 0 ? e.page : ABSENT
        const item = typeof e.item === 'string' ? this.names.intern(e.item) : -1
        const code = typeof e.code === 'string' ? this.names.intern(e.code) : -1
        const message = -1
        idx = this.pushEffect(e.op === 'notice' ? OP_NOTICE : OP_WARNING, sess, -1, app, page, item, code, -1, 0, 0, message, -1)
        break
      }
      default:
        throw new TimelineConsistencyError(`effect #${pos}: unknown op ${JSON.stringify((e as { op?: unknown }).op)}`, pos)
    }
    head.pos = idx + 1
    return flags
  }

  private applyHeadRow(key: number, to: number, toSt: number): void {
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

  /**
   * Checkpoints at another spacing, computed by one forward pass over the
   * columns (the checkpoint-spacing study of the benchmark; also lets a
   * workspace change its spacing without re-reading the trace).
   */
  checkpointsEvery(every: number): Checkpoint[] {
    const d = new DenseState(this)
    d.restore(null)
    const live = new I32()
    const pos = new Int32Array(this.rowKeySlot.length).fill(-1)
    const op = this.effectOp.raw
    const key = this.effectKey.raw
    const toSt = this.effectToStatus.raw
    const out: Checkpoint[] = []
    for (let s = 0; s < this.stepCount; s++) {
      const end = this.stepFirstEffect.get(s + 1)
      for (let i = d.pos; i < end; i++) {
        if (op[i] !== OP_SET) continue
        const k = key[i]!
        const was = d.rowStatus[k] !== 0
        const now = toSt[i] !== 0
        d.forward(i + 1)
        if (!was && now) pos[k] = live.push(k)
        else if (was && !now) {
          const p = pos[k]!
          const last = live.get(live.length - 1)
          live.set(p, last)
          pos[last] = p
          live.length--
          pos[k] = -1
        }
      }
      d.forward(end)
      if ((s + 1) % every === 0) {
        // Slots under a tombstone in force here come from the tombstone columns.
        const since = this.tombstoneSince.raw
        out.push(d.capture(s, live.view(), (slot) => since[slot]! <= end))
      }
    }
    return out
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

  /** The effect at global position i, as the engine emitted it (key order may differ). */
  effect(i: number): Effect {
    const op = this.effectOp.get(i)
    const cause = this.effectCause.get(i)
    const causeText = cause < 0 ? undefined : this.causes.get(cause)
    let e: Record<string, unknown>
    const val = (v: number) => (v < 0 ? null : this.values.get(v))
    switch (op) {
      case OP_SET: {
        const page = this.effectPage.get(i)
        e = {
          op: 'set',
          session: this.sessionIds.get(this.effectSession.get(i)),
          app: this.effectApp.get(i),
          page: page === -1 ? null : page,
          item: this.names.get(this.effectItem.get(i)),
          from: val(this.effectFrom.get(i)),
          fromStatus: STATUS_CODES[this.effectFromStatus.get(i)] ?? null,
          to: val(this.effectTo.get(i)),
          toStatus: STATUS_CODES[this.effectToStatus.get(i)] ?? null,
          cause: causeText,
        }
        break
      }
      case OP_USERSET: {
        const k = this.effectKey.get(i)
        const sess = this.effectSession.get(i)
        e = { op: 'userSet', user: this.names.get(this.userKeyUser.get(k)), app: this.effectApp.get(i), item: this.names.get(this.effectItem.get(i)), from: val(this.effectFrom.get(i)), to: val(this.effectTo.get(i)) }
        if (sess >= 0) e.session = this.sessionIds.get(sess)
        e.cause = causeText
        break
      }
      case OP_SESSION: {
        const from = this.effectFrom.get(i)
        const to = this.effectTo.get(i)
        e = {
          op: 'session',
          event: SESSION_EVENT_CODES[this.effectFromStatus.get(i)] ?? 'created',
          session: this.sessionIds.get(this.effectSession.get(i)),
          from: from < 0 ? null : this.sessionRecords.get(from),
          to: to < 0 ? null : this.sessionRecords.get(to),
          cause: causeText,
        }
        break
      }
      case OP_GROUP: {
        const from = this.effectFrom.get(i)
        const to = this.effectTo.get(i)
        e = {
          op: 'group',
          event: GROUP_EVENTS[this.effectFromStatus.get(i)] ?? 'touched',
          groupId: this.groupIds.get(this.effectKey.get(i)),
          from: from < 0 ? null : this.groupRecords.get(from),
          to: to < 0 ? null : this.groupRecords.get(to),
          cause: causeText,
        }
        break
      }
      case OP_REKEY:
        e = { op: 'rekey', from: this.sessionIds.get(this.effectSession.get(i)), to: this.sessionIds.get(this.effectKey.get(i)), cause: causeText }
        break
      case OP_INSERT: {
        const t = this.effectKey.get(i)
        const sess = this.effectSession.get(i)
        e = { op: 'insertRow', app: this.effectApp.get(i), table: this.names.get(this.tableName.get(t)), index: this.effectFrom.get(i), row: JSON.parse(this.misc.get(this.effectTo.get(i))) as unknown }
        if (sess >= 0) e.session = this.sessionIds.get(sess)
        e.cause = causeText
        break
      }
      default: {
        const sess = this.effectSession.get(i)
        const app = this.effectApp.get(i)
        const page = this.effectPage.get(i)
        const item = this.effectItem.get(i)
        const code = this.effectFrom.get(i)
        e = { op: op === OP_NOTICE ? 'notice' : 'warning', message: causeText }
        if (code >= 0) e.code = this.names.get(code)
        if (sess >= 0) e.session = this.sessionIds.get(sess)
        if (app !== ABSENT) e.app = app
        if (page !== ABSENT) e.page = page === -1 ? null : page
        if (item >= 0) e.item = this.names.get(item)
      }
    }
    if (e.cause === undefined) delete e.cause
    return e as unknown as Effect
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

function show(v: unknown): string {
  return v === null || v === undefined ? 'null' : JSON.stringify(v)
}
