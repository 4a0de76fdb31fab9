/**
 * The state at one point of a timeline, as dense typed arrays indexed by the
 * timeline's interned keys: row key → (value id, status), session slot →
 * (record id, current session ID), group → record, Per User key → value,
 * table → length. Applying an effect is one or two array writes, forward or
 * backward, which is what makes seeking through millions of effects cheap.
 *
 * A "slot" is one logical session: login rotates a session's ID (a `rekey`
 * effect) but the slot stays, so rows never move between keys.
 */
import { OP_GROUP, OP_INSERT, OP_REKEY, OP_SESSION, OP_SET, OP_USERSET } from './codes.js'
import type { TimelineColumns } from './timeline-columns.js'

export interface Checkpoint {
  /** State after this step (-1: the empty state before the first step). */
  step: number
  /** Effects applied: [0, pos). */
  pos: number
  /** Row key, value id pairs of every row present, and their statuses. */
  rows: Int32Array
  rowStatus: Uint8Array
  /**
   * Slot, record id, session index triples of every slot not in its initial
   * state — except ended sessions (tombstones): the timeline's tombstone
   * columns give those (they would otherwise fill every checkpoint).
   */
  slots: Int32Array
  /** Group index, record id pairs. */
  groups: Int32Array
  /** Per User key, value id pairs. */
  users: Int32Array
  /** Table index, length pairs. */
  tables: Int32Array
}

/** The index of the last checkpoint at or before effect position `pos` (checkpoints are in position order), or -1. */
export function lastCheckpointAtOrBefore(checkpoints: readonly Checkpoint[], pos: number): number {
  let lo = 0
  let hi = checkpoints.length - 1
  let below = -1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    if (checkpoints[mid]!.pos <= pos) {
      below = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return below
}

export class DenseState {
  rowValue = new Int32Array(0)
  rowStatus = new Uint8Array(0)
  slotRecord = new Int32Array(0)
  slotSession = new Int32Array(0)
  groupRecord = new Int32Array(0)
  userValue = new Int32Array(0)
  tableLength = new Int32Array(0)
  /** Effects [0, pos) are applied. */
  pos = 0

  constructor(private readonly tl: TimelineColumns) {}

  /** Grows the arrays to the timeline's current key counts (new entries start empty). */
  fit(): void {
    const tl = this.tl
    const nk = tl.rowKeySlot.length
    if (this.rowStatus.length < nk) {
      const cap = grow(this.rowStatus.length, nk)
      const v = new Int32Array(cap)
      v.set(this.rowValue)
      this.rowValue = v
      const s = new Uint8Array(cap)
      s.set(this.rowStatus)
      this.rowStatus = s
    }
    const ns = tl.slotFirstSession.length
    if (this.slotRecord.length < ns) {
      const cap = grow(this.slotRecord.length, ns)
      const r = new Int32Array(cap).fill(-1)
      r.set(this.slotRecord)
      this.slotRecord = r
      const s = new Int32Array(cap).fill(-1)
      s.set(this.slotSession)
      this.slotSession = s
    }
    // Slots added since the last fit start with their initial session.
    if (this.slotsInit < ns) {
      const init = tl.slotFirstSession.raw
      for (let i = this.slotsInit; i < ns; i++) this.slotSession[i] = init[i]!
      this.slotsInit = ns
    }
    const ng = tl.groupIds.length
    if (this.groupRecord.length < ng) {
      const g = new Int32Array(grow(this.groupRecord.length, ng)).fill(-1)
      g.set(this.groupRecord)
      this.groupRecord = g
    }
    const nu = tl.userKeyUser.length
    if (this.userValue.length < nu) {
      const u = new Int32Array(grow(this.userValue.length, nu)).fill(-1)
      u.set(this.userValue)
      this.userValue = u
    }
    const nt = tl.tableApp.length
    if (this.tableLength.length < nt) {
      const t = new Int32Array(grow(this.tableLength.length, nt))
      t.set(this.tableLength)
      this.tableLength = t
    }
  }
  private slotsInit = 0

  /** Applies effects [pos, to) forward. */
  forward(to: number): void {
    const tl = this.tl
    const op = tl.effectOp.raw
    const key = tl.effectKey.raw
    const slot = tl.effectSlot.raw
    const toV = tl.effectTo.raw
    const toSt = tl.effectToStatus.raw
    const from = tl.effectFrom.raw
    const sess = tl.effectSession.raw
    const { rowValue, rowStatus, slotRecord, slotSession, groupRecord, userValue, tableLength } = this
    for (let i = this.pos; i < to; i++) {
      switch (op[i]) {
        case OP_SET: {
          const k = key[i]!
          rowValue[k] = toV[i]!
          rowStatus[k] = toSt[i]!
          break
        }
        case OP_USERSET:
          userValue[key[i]!] = toV[i]!
          break
        case OP_SESSION:
          // The session's ID at this effect is its slot's (a restored tombstone slot gets it back here).
          slotRecord[slot[i]!] = toV[i]!
          slotSession[slot[i]!] = sess[i]!
          break
        case OP_GROUP:
          groupRecord[key[i]!] = toV[i]!
          break
        case OP_REKEY:
          slotRecord[slot[i]!] = toV[i]!
          slotSession[slot[i]!] = key[i]!
          break
        case OP_INSERT:
          tableLength[key[i]!] = from[i]! + 1
          break
        default:
          break
      }
    }
    this.pos = to
  }

  /** Undoes effects [to, pos), last first. */
  backward(to: number): void {
    const tl = this.tl
    const op = tl.effectOp.raw
    const key = tl.effectKey.raw
    const slot = tl.effectSlot.raw
    const fromV = tl.effectFrom.raw
    const fromSt = tl.effectFromStatus.raw
    const sess = tl.effectSession.raw
    const { rowValue, rowStatus, slotRecord, slotSession, groupRecord, userValue, tableLength } = this
    for (let i = this.pos - 1; i >= to; i--) {
      switch (op[i]) {
        case OP_SET: {
          const k = key[i]!
          rowValue[k] = fromV[i]!
          rowStatus[k] = fromSt[i]!
          break
        }
        case OP_USERSET:
          userValue[key[i]!] = fromV[i]!
          break
        case OP_SESSION:
          slotRecord[slot[i]!] = fromV[i]!
          slotSession[slot[i]!] = sess[i]!
          break
        case OP_GROUP:
          groupRecord[key[i]!] = fromV[i]!
          break
        case OP_REKEY:
          slotRecord[slot[i]!] = fromV[i]!
          slotSession[slot[i]!] = sess[i]!
          break
        case OP_INSERT:
          tableLength[key[i]!] = fromV[i]!
          break
        default:
          break
      }
    }
    this.pos = to
  }

  /** Moves to effect position `to` from wherever the state is. */
  moveTo(to: number): void {
    if (to > this.pos) this.forward(to)
    else if (to < this.pos) this.backward(to)
  }

  /** Resets to a checkpoint (the empty state when `cp` is null). */
  restore(cp: Checkpoint | null): void {
    this.fit()
    const tl = this.tl
    this.rowStatus.fill(0, 0, tl.rowKeySlot.length)
    this.slotRecord.fill(-1, 0, tl.slotFirstSession.length)
    this.slotSession.set(tl.slotFirstSession.view())
    this.groupRecord.fill(-1, 0, tl.groupIds.length)
    this.userValue.fill(-1, 0, tl.userKeyUser.length)
    this.tableLength.fill(0, 0, tl.tableApp.length)
    this.pos = 0
    if (!cp) return
    const { rowValue, rowStatus, slotRecord, slotSession, groupRecord, userValue, tableLength } = this
    const rows = cp.rows
    for (let i = 0, j = 0; i < rows.length; i += 2, j++) {
      const k = rows[i]!
      rowValue[k] = rows[i + 1]!
      rowStatus[k] = cp.rowStatus[j]!
    }
    const slots = cp.slots
    for (let i = 0; i < slots.length; i += 3) {
      slotRecord[slots[i]!] = slots[i + 1]!
      slotSession[slots[i]!] = slots[i + 2]!
    }
    for (let i = 0; i < cp.groups.length; i += 2) groupRecord[cp.groups[i]!] = cp.groups[i + 1]!
    for (let i = 0; i < cp.users.length; i += 2) userValue[cp.users[i]!] = cp.users[i + 1]!
    for (let i = 0; i < cp.tables.length; i += 2) tableLength[cp.tables[i]!] = cp.tables[i + 1]!
    this.pos = cp.pos
  }

  /** Writes the tombstones in force into the arrays (a state that appends continue from must be exact). */
  materializeTombs(): void {
    const tl = this.tl
    for (let s = 0; s < tl.slotFirstSession.length; s++) {
      if (this.slotRecord[s] === -1 && tl.tombstoneSince.get(s) <= this.pos) {
        this.slotRecord[s] = tl.tombstoneRecord.get(s)
        this.slotSession[s] = tl.tombstoneSession.get(s)
      }
    }
  }

  /**
   * The session record id of a slot here (-1: none). A slot left empty by a
   * checkpoint restore is a tombstone when one is in force at this position.
   */
  recordOf(slot: number): number {
    const r = this.slotRecord[slot]!
    if (r !== -1) return r
    return this.tl.tombstoneSince.get(slot) <= this.pos ? this.tl.tombstoneRecord.get(slot) : -1
  }

  /** The session index (ID) a slot has here. */
  sessionOf(slot: number): number {
    if (this.slotRecord[slot] === -1 && this.tl.tombstoneSince.get(slot) <= this.pos) return this.tl.tombstoneSession.get(slot)
    return this.slotSession[slot]!
  }

  /**
   * A checkpoint of the current state. `liveRows` lists the row keys that
   * have a row (the builder tracks it, so capture costs the live state's
   * size, not the number of keys ever seen); without it every key is scanned.
   */
  capture(step: number, liveRows: Int32Array | null, isTomb: (slot: number) => boolean = () => false): Checkpoint {
    const tl = this.tl
    const nk = tl.rowKeySlot.length
    let keys: Int32Array
    if (liveRows) keys = liveRows
    else {
      const list: number[] = []
      for (let k = 0; k < nk; k++) if (this.rowStatus[k] !== 0) list.push(k)
      keys = Int32Array.from(list)
    }
    const rows = new Int32Array(keys.length * 2)
    const rowStatus = new Uint8Array(keys.length)
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!
      rows[2 * j] = k
      rows[2 * j + 1] = this.rowValue[k]!
      rowStatus[j] = this.rowStatus[k]!
    }
    const slots: number[] = []
    const init = tl.slotFirstSession.raw
    for (let s = 0; s < tl.slotFirstSession.length; s++) {
      if ((this.slotRecord[s] !== -1 || this.slotSession[s] !== init[s]) && !isTomb(s)) slots.push(s, this.slotRecord[s]!, this.slotSession[s]!)
    }
    const groups: number[] = []
    for (let g = 0; g < tl.groupIds.length; g++) if (this.groupRecord[g] !== -1) groups.push(g, this.groupRecord[g]!)
    const users: number[] = []
    for (let u = 0; u < tl.userKeyUser.length; u++) if (this.userValue[u] !== -1) users.push(u, this.userValue[u]!)
    const tables: number[] = []
    for (let t = 0; t < tl.tableApp.length; t++) if (this.tableLength[t] !== 0) tables.push(t, this.tableLength[t]!)
    return {
      step,
      pos: this.pos,
      rows,
      rowStatus,
      slots: Int32Array.from(slots),
      groups: Int32Array.from(groups),
      users: Int32Array.from(users),
      tables: Int32Array.from(tables),
    }
  }
}

function grow(current: number, min: number): number {
  let cap = Math.max(16, current * 2)
  while (cap < min) cap *= 2
  return cap
}

export function checkpointBytes(cp: Checkpoint): number {
  return cp.rows.byteLength + cp.rowStatus.byteLength + cp.slots.byteLength + cp.groups.byteLength + cp.users.byteLength + cp.tables.byteLength + 64
}
