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

export class DenseState {
  rowVal = new Int32Array(0)
  rowSt = new Uint8Array(0)
  slotRec = new Int32Array(0)
  slotSess = new Int32Array(0)
  groupRec = new Int32Array(0)
  userVal = new Int32Array(0)
  tableLen = new Int32Array(0)
  /** Effects [0, pos) are applied. */
  pos = 0

  constructor(private readonly tl: TimelineColumns) {}

  /** Grows the arrays to the timeline's current key counts (new entries start empty). */
  fit(): void {
    const tl = this.tl
    const nk = tl.rkSlot.length
    if (this.rowSt.length < nk) {
      const cap = grow(this.rowSt.length, nk)
      const v = new Int32Array(cap)
      v.set(this.rowVal)
      this.rowVal = v
      const s = new Uint8Array(cap)
      s.set(this.rowSt)
      this.rowSt = s
    }
    const ns = tl.slotInitSess.length
    if (this.slotRec.length < ns) {
      const cap = grow(this.slotRec.length, ns)
      const r = new Int32Array(cap).fill(-1)
      r.set(this.slotRec)
      this.slotRec = r
      const s = new Int32Array(cap).fill(-1)
      s.set(this.slotSess)
      this.slotSess = s
    }
    // Slots added since the last fit start with their initial session.
    if (this.slotsInit < ns) {
      const init = tl.slotInitSess.raw
      for (let i = this.slotsInit; i < ns; i++) this.slotSess[i] = init[i]!
      this.slotsInit = ns
    }
    const ng = tl.groupIds.length
    if (this.groupRec.length < ng) {
      const g = new Int32Array(grow(this.groupRec.length, ng)).fill(-1)
      g.set(this.groupRec)
      this.groupRec = g
    }
    const nu = tl.ukUser.length
    if (this.userVal.length < nu) {
      const u = new Int32Array(grow(this.userVal.length, nu)).fill(-1)
      u.set(this.userVal)
      this.userVal = u
    }
    const nt = tl.tbApp.length
    if (this.tableLen.length < nt) {
      const t = new Int32Array(grow(this.tableLen.length, nt))
      t.set(this.tableLen)
      this.tableLen = t
    }
  }
  private slotsInit = 0

  /** Applies effects [pos, to) forward. */
  forward(to: number): void {
    const tl = this.tl
    const op = tl.eOp.raw
    const key = tl.eKey.raw
    const slot = tl.eSlot.raw
    const toV = tl.eTo.raw
    const toSt = tl.eToSt.raw
    const from = tl.eFrom.raw
    const sess = tl.eSess.raw
    const { rowVal, rowSt, slotRec, slotSess, groupRec, userVal, tableLen } = this
    for (let i = this.pos; i < to; i++) {
      switch (op[i]) {
        case OP_SET: {
          const k = key[i]!
          rowVal[k] = toV[i]!
          rowSt[k] = toSt[i]!
          break
        }
        case OP_USERSET:
          userVal[key[i]!] = toV[i]!
          break
        case OP_SESSION:
          // The session's ID at this effect is its slot's (a restored tombstone slot gets it back here).
          slotRec[slot[i]!] = toV[i]!
          slotSess[slot[i]!] = sess[i]!
          break
        case OP_GROUP:
          groupRec[key[i]!] = toV[i]!
          break
        case OP_REKEY:
          slotRec[slot[i]!] = toV[i]!
          slotSess[slot[i]!] = key[i]!
          break
        case OP_INSERT:
          tableLen[key[i]!] = from[i]! + 1
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
    const op = tl.eOp.raw
    const key = tl.eKey.raw
    const slot = tl.eSlot.raw
    const fromV = tl.eFrom.raw
    const fromSt = tl.eFromSt.raw
    const sess = tl.eSess.raw
    const { rowVal, rowSt, slotRec, slotSess, groupRec, userVal, tableLen } = this
    for (let i = this.pos - 1; i >= to; i--) {
      switch (op[i]) {
        case OP_SET: {
          const k = key[i]!
          rowVal[k] = fromV[i]!
          rowSt[k] = fromSt[i]!
          break
        }
        case OP_USERSET:
          userVal[key[i]!] = fromV[i]!
          break
        case OP_SESSION:
          slotRec[slot[i]!] = fromV[i]!
          slotSess[slot[i]!] = sess[i]!
          break
        case OP_GROUP:
          groupRec[key[i]!] = fromV[i]!
          break
        case OP_REKEY:
          slotRec[slot[i]!] = fromV[i]!
          slotSess[slot[i]!] = sess[i]!
          break
        case OP_INSERT:
          tableLen[key[i]!] = fromV[i]!
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
    this.rowSt.fill(0, 0, tl.rkSlot.length)
    this.slotRec.fill(-1, 0, tl.slotInitSess.length)
    this.slotSess.set(tl.slotInitSess.view())
    this.groupRec.fill(-1, 0, tl.groupIds.length)
    this.userVal.fill(-1, 0, tl.ukUser.length)
    this.tableLen.fill(0, 0, tl.tbApp.length)
    this.pos = 0
    if (!cp) return
    const { rowVal, rowSt, slotRec, slotSess, groupRec, userVal, tableLen } = this
    const rows = cp.rows
    for (let i = 0, j = 0; i < rows.length; i += 2, j++) {
      const k = rows[i]!
      rowVal[k] = rows[i + 1]!
      rowSt[k] = cp.rowStatus[j]!
    }
    const slots = cp.slots
    for (let i = 0; i < slots.length; i += 3) {
      slotRec[slots[i]!] = slots[i + 1]!
      slotSess[slots[i]!] = slots[i + 2]!
    }
    for (let i = 0; i < cp.groups.length; i += 2) groupRec[cp.groups[i]!] = cp.groups[i + 1]!
    for (let i = 0; i < cp.users.length; i += 2) userVal[cp.users[i]!] = cp.users[i + 1]!
    for (let i = 0; i < cp.tables.length; i += 2) tableLen[cp.tables[i]!] = cp.tables[i + 1]!
    this.pos = cp.pos
  }

  /** Writes the tombstones in force into the arrays (a state that appends continue from must be exact). */
  materializeTombs(): void {
    const tl = this.tl
    for (let s = 0; s < tl.slotInitSess.length; s++) {
      if (this.slotRec[s] === -1 && tl.tombSince.get(s) <= this.pos) {
        this.slotRec[s] = tl.tombRec.get(s)
        this.slotSess[s] = tl.tombSess.get(s)
      }
    }
  }

  /**
   * The session record id of a slot here (-1: none). A slot left empty by a
   * checkpoint restore is a tombstone when one is in force at this position.
   */
  recOf(slot: number): number {
    const r = this.slotRec[slot]!
    if (r !== -1) return r
    return this.tl.tombSince.get(slot) <= this.pos ? this.tl.tombRec.get(slot) : -1
  }

  /** The session index (ID) a slot has here. */
  sessOf(slot: number): number {
    if (this.slotRec[slot] === -1 && this.tl.tombSince.get(slot) <= this.pos) return this.tl.tombSess.get(slot)
    return this.slotSess[slot]!
  }

  /**
   * A checkpoint of the current state. `liveRows` lists the row keys that
   * have a row (the builder tracks it, so capture costs the live state's
   * size, not the number of keys ever seen); without it every key is scanned.
   */
  capture(step: number, liveRows: Int32Array | null, isTomb: (slot: number) => boolean = () => false): Checkpoint {
    const tl = this.tl
    const nk = tl.rkSlot.length
    let keys: Int32Array
    if (liveRows) keys = liveRows
    else {
      const list: number[] = []
      for (let k = 0; k < nk; k++) if (this.rowSt[k] !== 0) list.push(k)
      keys = Int32Array.from(list)
    }
    const rows = new Int32Array(keys.length * 2)
    const rowStatus = new Uint8Array(keys.length)
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!
      rows[2 * j] = k
      rows[2 * j + 1] = this.rowVal[k]!
      rowStatus[j] = this.rowSt[k]!
    }
    const slots: number[] = []
    const init = tl.slotInitSess.raw
    for (let s = 0; s < tl.slotInitSess.length; s++) {
      if ((this.slotRec[s] !== -1 || this.slotSess[s] !== init[s]) && !isTomb(s)) slots.push(s, this.slotRec[s]!, this.slotSess[s]!)
    }
    const groups: number[] = []
    for (let g = 0; g < tl.groupIds.length; g++) if (this.groupRec[g] !== -1) groups.push(g, this.groupRec[g]!)
    const users: number[] = []
    for (let u = 0; u < tl.ukUser.length; u++) if (this.userVal[u] !== -1) users.push(u, this.userVal[u]!)
    const tables: number[] = []
    for (let t = 0; t < tl.tbApp.length; t++) if (this.tableLen[t] !== 0) tables.push(t, this.tableLen[t]!)
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
