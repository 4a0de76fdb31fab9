/**
 * Append-only typed-array columns that grow by doubling.
 *
 * The timeline keeps millions of steps and effects as columns of numbers
 * rather than objects: a few bytes per value, no per-object header, nothing
 * for the garbage collector to trace, and a column is one memcpy away from a
 * SQLite BLOB (workspace files) or another thread (transfer).
 */

type TypedArray = Int32Array | Uint32Array | Float64Array | Uint8Array

interface TypedArrayCtor<T extends TypedArray> {
  new (length: number): T
  readonly BYTES_PER_ELEMENT: number
}

abstract class Growable<T extends TypedArray> {
  protected data: T
  length = 0

  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    initialCapacity = 1024,
  ) {
    this.data = new ctor(Math.max(16, initialCapacity))
  }

  /** The live part of the column (a view, valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T
  }

  /** The backing array; indexes below `length` are valid. Fast path for hot loops. */
  get raw(): T {
    return this.data
  }

  get(i: number): number {
    return this.data[i]!
  }

  set(i: number, v: number): void {
    this.data[i] = v
  }

  push(v: number): number {
    if (this.length === this.data.length) this.grow(this.length + 1)
    this.data[this.length] = v
    return this.length++
  }

  /** Makes room for at least `n` values in total. */
  reserve(n: number): void {
    if (n > this.data.length) this.grow(n)
  }

  /** Sets the length (new slots are filled with `fill`). */
  resize(n: number, fill = 0): void {
    this.reserve(n)
    if (n > this.length) this.data.fill(fill, this.length, n)
    this.length = n
  }

  /** Replaces the content with a copy of `values`. */
  load(values: ArrayLike<number>): void {
    this.data = new this.ctor(Math.max(16, values.length))
    this.data.set(values as T & ArrayLike<number>)
    this.length = values.length
  }

  /** Takes `values` as the content without copying (it must not be used elsewhere). */
  adopt(values: T): void {
    this.data = values.length >= 16 ? values : (() => {
      const d = new this.ctor(16)
      d.set(values as T & ArrayLike<number>)
      return d
    })()
    this.length = values.length
  }

  /** Bytes of the live part (for BLOBs). */
  bytes(): Buffer {
    const v = this.view()
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength)
  }

  get byteSize(): number {
    return this.data.byteLength
  }

  private grow(min: number): void {
    let cap = this.data.length * 2
    while (cap < min) cap *= 2
    const next = new this.ctor(cap)
    next.set(this.data as T & ArrayLike<number>)
    this.data = next
  }
}

export class I32 extends Growable<Int32Array> {
  constructor(cap?: number) {
    super(Int32Array, cap)
  }
}

export class U32 extends Growable<Uint32Array> {
  constructor(cap?: number) {
    super(Uint32Array, cap)
  }
}

export class F64 extends Growable<Float64Array> {
  constructor(cap?: number) {
    super(Float64Array, cap)
  }
}

export class U8 extends Growable<Uint8Array> {
  constructor(cap?: number) {
    super(Uint8Array, cap)
  }
}

export type ColumnKind = 'i32' | 'u32' | 'f64' | 'u8'

const WIDTH: Record<ColumnKind, number> = { i32: 4, u32: 4, f64: 8, u8: 1 }

/**
 * A typed array of the given kind over `buf` (BLOB or transferred bytes →
 * column). Views the same memory when it is aligned, else copies.
 */
export function typedFromBytes(kind: ColumnKind, buf: Uint8Array): Int32Array | Uint32Array | Float64Array | Uint8Array {
  const w = WIDTH[kind]
  if (buf.byteLength % w !== 0) throw new Error(`column of ${kind} has ${buf.byteLength} bytes, not a multiple of ${w}`)
  let src = buf
  if (buf.byteOffset % w !== 0) {
    src = new Uint8Array(buf.byteLength)
    src.set(buf)
  }
  const n = src.byteLength / w
  switch (kind) {
    case 'i32':
      return new Int32Array(src.buffer, src.byteOffset, n)
    case 'u32':
      return new Uint32Array(src.buffer, src.byteOffset, n)
    case 'f64':
      return new Float64Array(src.buffer, src.byteOffset, n)
    case 'u8':
      return new Uint8Array(src.buffer, src.byteOffset, n)
  }
}
