/**
 * An append-only table of distinct strings, stored as one UTF-8 arena plus
 * start offsets. Columns refer to strings by id.
 *
 * Why not a JS string array: a million values as JS strings cost a header
 * each and must be parsed back one by one when a workspace reopens, while an
 * arena is one BLOB read. Searching is a `Buffer.indexOf` (memmem) over the
 * arena, which is what makes "find this text in any value of any step" take
 * milliseconds over a million-event trace.
 *
 * Strings are decoded on demand and cached. The interning map is built
 * lazily (a reopened workspace that only reads never pays for it).
 */

const INITIAL_ARENA = 64 * 1024

export class StringTable {
  private arena: Buffer
  private used = 0
  /** starts[i] = byte offset of string i; starts[count] = used. */
  private starts: Uint32Array
  private n = 0
  private cache: (string | undefined)[] = []
  private map: Map<string, number> | null = new Map()
  /** Strings that are not well-formed UTF-16 (lone surrogates) and so cannot round-trip through UTF-8. */
  private readonly exotic = new Map<number, string>()
  // Case-insensitive search support, built lazily.
  private lower: Buffer | null = null
  private lowerUpTo = 0
  private nonAscii: number[] = []

  constructor() {
    this.arena = Buffer.allocUnsafe(INITIAL_ARENA)
    this.starts = new Uint32Array(1024)
  }

  get count(): number {
    return this.n
  }

  get byteSize(): number {
    return this.used
  }

  /** Id of `s`, adding it when new. */
  intern(s: string): number {
    const map = this.ensureMap()
    const found = map.get(s)
    if (found !== undefined) return found
    const id = this.append(s)
    map.set(s, id)
    return id
  }

  /** Id of `s` when present, else -1 (never adds). */
  lookup(s: string): number {
    return this.ensureMap().get(s) ?? -1
  }

  get(id: number): string {
    const c = this.cache[id]
    if (c !== undefined) return c
    if (id < 0 || id >= this.n) throw new RangeError(`string id ${id} out of range (${this.n})`)
    const s = this.exotic.get(id) ?? this.arena.toString('utf8', this.starts[id]!, this.starts[id + 1]!)
    this.cache[id] = s
    return s
  }

  /**
   * Marks every string containing `query` (case-insensitive: as
   * `s.toLowerCase().includes(query.toLowerCase())`). Returns a flag per id.
   */
  match(query: string, caseSensitive: boolean): Uint8Array {
    const flags = new Uint8Array(this.n)
    if (query === '') {
      flags.fill(1)
      return flags
    }
    if (caseSensitive) {
      this.scan(this.arena, Buffer.from(query, 'utf8'), flags, null)
      for (const [id, s] of this.exotic) flags[id] = s.includes(query) ? 1 : 0
      return flags
    }
    this.ensureLower()
    const q = query.toLowerCase()
    const nonAsciiFlag = new Uint8Array(this.n)
    for (const id of this.nonAscii) nonAsciiFlag[id] = 1
    if (isWellFormed(q)) this.scan(this.lower!, Buffer.from(q, 'utf8'), flags, nonAsciiFlag)
    for (const id of this.nonAscii) flags[id] = this.get(id).toLowerCase().includes(q) ? 1 : 0
    return flags
  }

  /** Serialised form: arena bytes, start offsets, exotic strings. */
  dump(): { arena: Buffer; starts: Buffer; exotic: string } {
    const starts = this.starts.subarray(0, this.n + 1)
    return {
      arena: this.arena.subarray(0, this.used),
      starts: Buffer.from(starts.buffer, starts.byteOffset, starts.byteLength),
      exotic: JSON.stringify([...this.exotic]),
    }
  }

  static restore(arena: Uint8Array, starts: Uint8Array, exotic: string): StringTable {
    const t = new StringTable()
    t.arena = Buffer.alloc(Math.max(INITIAL_ARENA, arena.byteLength))
    t.arena.set(arena)
    t.used = arena.byteLength
    const s = new Uint32Array(starts.byteLength / 4)
    new Uint8Array(s.buffer).set(starts)
    t.n = Math.max(0, s.length - 1)
    t.starts = new Uint32Array(Math.max(1024, s.length))
    t.starts.set(s)
    if (t.n === 0) t.starts[0] = 0
    for (const [id, str] of JSON.parse(exotic) as [number, string][]) t.exotic.set(id, str)
    t.map = null
    if (t.starts[t.n] !== t.used) throw new Error('string table is damaged: offsets do not match the arena')
    return t
  }

  private ensureMap(): Map<string, number> {
    if (this.map) return this.map
    const m = new Map<string, number>()
    for (let i = 0; i < this.n; i++) m.set(this.get(i), i)
    this.map = m
    return m
  }

  private append(s: string): number {
    const id = this.n
    let str = s
    if (!isWellFormed(s)) {
      this.exotic.set(id, s)
      str = (s as unknown as { toWellFormed(): string }).toWellFormed()
    }
    const len = Buffer.byteLength(str, 'utf8')
    if (this.used + len > this.arena.length) {
      let cap = this.arena.length * 2
      while (cap < this.used + len) cap *= 2
      const next = Buffer.allocUnsafe(cap)
      this.arena.copy(next, 0, 0, this.used)
      this.arena = next
    }
    this.arena.write(str, this.used, len, 'utf8')
    this.used += len
    if (this.n + 2 > this.starts.length) {
      const next = new Uint32Array(this.starts.length * 2)
      next.set(this.starts)
      this.starts = next
    }
    this.n++
    this.starts[this.n] = this.used
    this.cache[id] = s
    return id
  }

  /** Finds every string of `hay` (an arena laid out like ours) containing `needle`. */
  private scan(hay: Buffer, needle: Buffer, flags: Uint8Array, skip: Uint8Array | null): void {
    const starts = this.starts
    const end = this.used
    const nl = needle.length
    let pos = hay.indexOf(needle, 0)
    while (pos !== -1 && pos + nl <= end) {
      const id = upperBound(starts, this.n + 1, pos) - 1
      const stop = starts[id + 1]!
      if (pos + nl <= stop) {
        if (skip === null || skip[id] === 0) flags[id] = 1
        pos = hay.indexOf(needle, stop)
      } else {
        pos = hay.indexOf(needle, pos + 1)
      }
    }
  }

  /** ASCII-lowercased copy of the arena; strings with other characters are listed for a JS fallback. */
  private ensureLower(): void {
    if (this.lower === null || this.lower.length < this.arena.length) {
      const next = Buffer.allocUnsafe(this.arena.length)
      if (this.lower) this.lower.copy(next, 0, 0, this.starts[this.lowerUpTo]!)
      this.lower = next
    }
    const lower = this.lower
    const arena = this.arena
    for (let id = this.lowerUpTo; id < this.n; id++) {
      const a = this.starts[id]!
      const b = this.starts[id + 1]!
      let ascii = !this.exotic.has(id)
      for (let p = a; p < b; p++) {
        const c = arena[p]!
        if (c >= 0x80) ascii = false
        lower[p] = c >= 0x41 && c <= 0x5a ? c + 32 : c
      }
      if (!ascii) this.nonAscii.push(id)
    }
    this.lowerUpTo = this.n
  }
}

/** String.prototype.isWellFormed (ES2024; typed here because the project's lib is ES2023). */
function isWellFormed(s: string): boolean {
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed()
}

/** First index i in [0, n) with a[i] > x (a sorted ascending). */
function upperBound(a: Uint32Array, n: number, x: number): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
