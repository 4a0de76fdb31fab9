/**
 * The time-travel index of one workspace: every step and sub-step (phase)
 * addressable, the full state at any point, diffs between any two points,
 * the history of an item, "why does it have this value", and search.
 *
 * Seeking = the nearest of (the cursor where it is, a checkpoint below, a
 * checkpoint above) + applying the recorded effects forward or backward.
 * Effects are reversible (semantics §9), so a checkpoint is useful from
 * both sides and no seek walks more than half a checkpoint interval. The
 * interval is measured and explained in docs/timeline.md.
 */
import type { Step } from '../engine/model/step.js'
import { STEP_KINDS } from './codes.js'
import { compareStrings } from './compare-strings.js'
import { DenseState, checkpointBytes, lastCheckpointAtOrBefore } from './dense-state.js'
import type { Checkpoint } from './dense-state.js'
import { itemHistory, why } from './item-history.js'
import type { ItemChange, Point, SearchResult, StateDiff, TimelineState } from './results.js'
import { search } from './search.js'
import type { SearchOptions } from './search.js'
import { stateAt, stateAtInParts } from './state-at-point.js'
import type { StateAtOptions } from './state-at-point.js'
import { diff } from './state-diff.js'
import { TimelineColumns } from './timeline-columns.js'
import type { TimelineOptions } from './timeline-columns.js'
import type { TableRow } from '../engine/state/session-state.js'
import { rowEffectPositions } from './app-table-rows.js'
import { rowSetPositionsInParts } from './row-set-positions.js'
import { runWhole } from './work-slices.js'

export type { Point } from './results.js'
export type { SearchOptions } from './search.js'
export type { StateAtOptions } from './state-at-point.js'

export class PointError extends RangeError {
  constructor(
    message: string,
    readonly field: 'step' | 'phase',
  ) {
    super(message)
    this.name = 'PointError'
  }
}

export class Timeline {
  readonly cols: TimelineColumns
  private readonly cursor: DenseState
  private slotKeys: { starts: Int32Array; keys: Int32Array; forKeys: number } | null = null

  constructor(opts: TimelineOptions | TimelineColumns = {}) {
    this.cols = opts instanceof TimelineColumns ? opts : new TimelineColumns(opts)
    this.cursor = new DenseState(this.cols)
  }

  get stepCount(): number {
    return this.cols.stepCount
  }

  get effectCount(): number {
    return this.cols.effectCount
  }

  get checkpointEvery(): number {
    return this.cols.checkpointEvery
  }

  /** Appends the steps of one event (see TimelineColumns.appendEvent); indexes and `causedBy` must be timeline indexes. */
  appendEvent(chain: readonly Step[], line?: string | Uint8Array): void {
    this.cols.appendEvent(chain, line)
  }

  steps(from: number, count: number): Step[] {
    return this.cols.steps(from, count)
  }

  step(i: number): Step {
    if (i < 0 || i >= this.stepCount) throw new PointError(`step ${i} does not exist (the timeline has ${this.stepCount} steps)`, 'step')
    return this.cols.step(i)
  }

  phaseCount(step: number): number {
    return this.cols.phaseCount(step)
  }

  causedBy(step: number): number {
    return this.cols.stepCausedBy.get(step)
  }

  // -------------------------------------------------------------------------
  // Points and seeking

  /** Global effect position of a point: the state there is effects [0, pos). */
  positionOf(p: Point): number {
    const n = this.stepCount
    if (!Number.isInteger(p.step) || p.step < -1 || p.step >= n)
      throw new PointError(`step ${p.step} does not exist (steps are -1 … ${n - 1})`, 'step')
    if (p.step === -1) {
      if (p.phase !== undefined && p.phase !== null) throw new PointError('the point before the first step has no phases', 'phase')
      return 0
    }
    const c = this.cols
    if (p.phase === undefined || p.phase === null) return c.stepFirstEffect.get(p.step + 1)
    const np = c.phaseCount(p.step)
    if (!Number.isInteger(p.phase) || p.phase < 0 || p.phase >= np)
      throw new PointError(`step ${p.step} has ${np} phase${np === 1 ? '' : 's'}; phase ${p.phase} does not exist`, 'phase')
    return c.stepFirstEffect.get(p.step) + c.phaseEnd.get(c.stepFirstPhase.get(p.step) + p.phase)
  }

  /** Simulated time at a point (a wait step's phases already see the advanced clock). */
  timeAt(p: Point): number {
    if (p.step < 0) return 0
    const c = this.cols
    if (p.phase === undefined || p.phase === null || STEP_KINDS[c.stepKind.get(p.step)] === 'wait') return c.stepTimeAfter.get(p.step)
    return c.stepTime.get(p.step)
  }

  /** Moves the query cursor to a point; the fastest route is chosen from the cursor and the two nearest checkpoints. */
  seek(p: Point): void {
    this.moveTo(this.positionOf(p))
  }

  /** Moves the cursor to an effect position. */
  moveTo(target: number): void {
    const cursor = this.cursor
    cursor.fit()
    const c = this.cols
    const checkpoints = c.checkpoints
    const below = lastCheckpointAtOrBefore(checkpoints, target)
    const resetCost = (c.rowKeySlot.length >> 4) + (c.slotFirstSession.length >> 2) + (c.groupIds.length >> 2) + (c.userKeyUser.length >> 2)
    const cost = (cp: Checkpoint | null) => resetCost + (cp ? (cp.rows.length >> 1) + cp.slots.length / 3 + (cp.groups.length >> 1) + (cp.users.length >> 1) : 0)
    let best = Math.abs(target - cursor.pos)
    let plan: Checkpoint | null | undefined = undefined
    const cpBelow = below >= 0 ? checkpoints[below]! : null
    const viaBelow = cost(cpBelow) + (target - (cpBelow?.pos ?? 0))
    if (viaBelow < best) {
      best = viaBelow
      plan = cpBelow
    }
    const cpAbove = checkpoints[below + 1]
    if (cpAbove) {
      const viaAbove = cost(cpAbove) + (cpAbove.pos - target)
      if (viaAbove < best) plan = cpAbove
    }
    if (plan !== undefined) cursor.restore(plan)
    cursor.moveTo(target)
  }

  /** The cursor (read-only use): the dense state at the last seek. */
  get state(): DenseState {
    return this.cursor
  }

  private ranks: { forKeys: number; rank: Int32Array } | null = null

  /**
   * The position of each row key's item name in JavaScript string order (as
   * `compareRows` compares items), indexed by name id; only names that are
   * some row key's item are ranked (the others are never compared). The
   * names table also holds every user name, value-like key and cause word:
   * at a million events, sorting all of it took ~0.6 s, the row items are a
   * few hundred.
   */
  nameRanks(): Int32Array {
    const c = this.cols
    const nk = c.rowKeyItem.length
    if (this.ranks && this.ranks.forKeys === nk && this.ranks.rank.length === c.names.count) return this.ranks.rank
    const items = c.rowKeyItem.raw
    const used = new Uint8Array(c.names.count)
    const ids: number[] = []
    for (let k = 0; k < nk; k++) {
      const id = items[k]!
      if (used[id] === 0) {
        used[id] = 1
        ids.push(id)
      }
    }
    const text = new Map(ids.map((id) => [id, c.names.get(id)] as const))
    ids.sort((a, b) => compareStrings(text.get(a)!, text.get(b)!))
    const rank = new Int32Array(c.names.count)
    ids.forEach((id, r) => (rank[id] = r))
    this.ranks = { forKeys: nk, rank }
    return rank
  }

  private readonly parsedRows = new Map<number, TableRow>()

  /** A simulator table row (parsed once). */
  tableRow(id: number): TableRow {
    let r = this.parsedRows.get(id)
    if (!r) {
      r = JSON.parse(this.cols.misc.get(id)) as TableRow
      this.parsedRows.set(id, r)
    }
    return r
  }

  /** Row keys grouped by slot (CSR), rebuilt when keys were added. */
  slotIndex(): { starts: Int32Array; keys: Int32Array } {
    const c = this.cols
    const nk = c.rowKeySlot.length
    if (this.slotKeys && this.slotKeys.forKeys === nk && this.slotKeys.starts.length === c.slotFirstSession.length + 1) return this.slotKeys
    const ns = c.slotFirstSession.length
    const starts = new Int32Array(ns + 1)
    const slots = c.rowKeySlot.raw
    for (let k = 0; k < nk; k++) starts[slots[k]! + 1]!++
    for (let s = 0; s < ns; s++) starts[s + 1]! += starts[s]!
    const fill = starts.slice(0, ns)
    const keys = new Int32Array(nk)
    for (let k = 0; k < nk; k++) keys[fill[slots[k]!]!++] = k
    this.slotKeys = { starts, keys, forKeys: nk }
    return this.slotKeys
  }


  /**
   * Builds now what queries otherwise build on first use: the row keys by
   * slot, the item names' sort ranks, the row-set index (last changes) and
   * the app database row effects' positions. After a million-event trace
   * opened they cost ~0.3–0.9 s together (busy machine), which the first
   * state a window asked for used to pay.
   */
  prepareQueries(): void {
    runWhole(this.prepareQueriesInParts())
  }

  /** prepareQueries in parts, yielding between them (made while the engine is idle: idle-work.ts). */
  *prepareQueriesInParts(): Generator<void, void> {
    this.slotIndex()
    yield
    this.nameRanks()
    yield
    yield* rowSetPositionsInParts(this.cols)
    yield
    rowEffectPositions(this.cols)
  }

  /** The slot a session ID belongs to (its logical session across login rotation), or -1. */
  slotOfSession(id: number): number {
    const sess = this.cols.findSession(id)
    return sess < 0 ? -1 : this.cols.sessionSlot.get(sess)
  }

  // -------------------------------------------------------------------------
  // Queries (each in its own file)

  /** The state at a point (state-at-point.ts). */
  stateAt(p: Point, opts: StateAtOptions = {}): TimelineState {
    return stateAt(this, p, opts)
  }

  /** The same answer made part by part, yielding between parts (made in idle slices: idle-work.ts). */
  stateAtInParts(p: Point, opts: StateAtOptions = {}): Generator<void, TimelineState> {
    return stateAtInParts(this, p, opts)
  }

  /** What differs between two points, either order (state-diff.ts). */
  diff(a: Point, b: Point): StateDiff {
    return diff(this, a, b)
  }

  /** Every change of an item, oldest first (item-history.ts). */
  itemHistory(q: { item: string; session?: number; app?: number; limit?: number }): ItemChange[] {
    return itemHistory(this, q)
  }

  /** The change that last set a row at or before a point (item-history.ts). */
  why(p: Point, q: { session: number; app: number; page: number | null; item: string }): ItemChange | null {
    return why(this, p, q)
  }

  /** Changes whose item name or new value contains `query` (search.ts). */
  search(query: string, opts: SearchOptions = {}): SearchResult {
    return search(this, query, opts)
  }

  // -------------------------------------------------------------------------
  // Introspection

  /** Sizes of the index, for the status bar and the benchmark. */
  stats(): { steps: number; effects: number; phases: number; rowKeys: number; sessions: number; checkpoints: number; checkpointEvery: number; checkpointBytes: number; stringBytes: number } {
    const c = this.cols
    return {
      steps: c.stepCount,
      effects: c.effectCount,
      phases: c.phaseEnd.length,
      rowKeys: c.rowKeySlot.length,
      sessions: c.slotFirstSession.length,
      checkpoints: c.checkpoints.length,
      checkpointEvery: c.checkpointEvery,
      checkpointBytes: c.checkpoints.reduce((s, cp) => s + checkpointBytes(cp), 0),
      stringBytes: c.names.byteSize + c.values.byteSize + c.causes.byteSize + c.misc.byteSize,
    }
  }
}
