/**
 * Open-addressing hash map from a tuple of up to four int32 values to a
 * non-negative int32 id, kept in typed arrays. Interning (session, app, page,
 * item) row keys for a million-step trace this way costs ~20 bytes per key
 * and no string building, against ~100 bytes and a template string per
 * lookup with a `Map<string, number>`.
 */

const EMPTY = -1

export class TupleMap {
  private cap: number
  private k0: Int32Array
  private k1: Int32Array
  private k2: Int32Array
  private k3: Int32Array
  private vals: Int32Array
  private n = 0

  constructor(initialCapacity = 1024) {
    let cap = 16
    while (cap < initialCapacity * 2) cap *= 2
    this.cap = cap
    this.k0 = new Int32Array(cap)
    this.k1 = new Int32Array(cap)
    this.k2 = new Int32Array(cap)
    this.k3 = new Int32Array(cap)
    this.vals = new Int32Array(cap).fill(EMPTY)
  }

  get size(): number {
    return this.n
  }

  get(a: number, b: number, c: number, d: number): number {
    const mask = this.cap - 1
    let i = hash(a, b, c, d) & mask
    for (;;) {
      const v = this.vals[i]!
      if (v === EMPTY) return -1
      if (this.k0[i] === a && this.k1[i] === b && this.k2[i] === c && this.k3[i] === d) return v
      i = (i + 1) & mask
    }
  }

  /** Sets the id of a tuple that is not in the map yet. */
  add(a: number, b: number, c: number, d: number, value: number): void {
    if ((this.n + 1) * 2 > this.cap) this.rehash(this.cap * 2)
    this.insert(a, b, c, d, value)
    this.n++
  }

  private insert(a: number, b: number, c: number, d: number, value: number): void {
    const mask = this.cap - 1
    let i = hash(a, b, c, d) & mask
    while (this.vals[i] !== EMPTY) i = (i + 1) & mask
    this.k0[i] = a
    this.k1[i] = b
    this.k2[i] = c
    this.k3[i] = d
    this.vals[i] = value
  }

  private rehash(cap: number): void {
    const { k0, k1, k2, k3, vals } = this
    this.cap = cap
    this.k0 = new Int32Array(cap)
    this.k1 = new Int32Array(cap)
    this.k2 = new Int32Array(cap)
    this.k3 = new Int32Array(cap)
    this.vals = new Int32Array(cap).fill(EMPTY)
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i]!
      if (v !== EMPTY) this.insert(k0[i]!, k1[i]!, k2[i]!, k3[i]!, v)
    }
  }
}

function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 15) ^ b, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 13) ^ c, 0x27d4eb2f)
  h = Math.imul(h ^ (h >>> 16) ^ d, 0x165667b1)
  return (h ^ (h >>> 15)) >>> 0
}

const SPLIT = 2147483648

/**
 * Number → id map. Session IDs are 13–16 digit integers (heap numbers, not
 * small integers), which a JS Map hashes slowly; whole numbers up to 2^53
 * are split into two int32 halves and kept in a TupleMap, anything else in
 * a Map.
 */
export class NumberMap {
  private readonly fast = new TupleMap()
  private readonly slow = new Map<number, number>()

  get(n: number): number {
    if (Number.isSafeInteger(n) && n >= 0) return this.fast.get(n % SPLIT, Math.floor(n / SPLIT), 0, 0)
    return this.slow.get(n) ?? -1
  }

  set(n: number, id: number): void {
    if (Number.isSafeInteger(n) && n >= 0) this.fast.add(n % SPLIT, Math.floor(n / SPLIT), 0, 0, id)
    else this.slow.set(n, id)
  }
}
