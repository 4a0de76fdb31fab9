/**
 * Session ID allocation (semantics §1): positive integers of 13 to 16 digits,
 * unique for the life of the engine. Live use draws from a cryptographic
 * source; a seeded trace gets a deterministic sequence so replays match.
 */
import { randomInt } from 'node:crypto'

const MIN_ID = 1_000_000_000_000 // 13 digits
const MAX_ID = Number.MAX_SAFE_INTEGER // 9007199254740991, 16 digits
const SPAN = MAX_ID - MIN_ID

export interface SessionIdSource {
  /** 52 uniformly random bits as a non-negative integer. */
  next52(): number
  /** Serialisable state, so a persisted workspace continues the same sequence. */
  state(): string
}

/** sfc32: small, fast, well-tested PRNG with 128 bits of state. */
export class SeededIdSource implements SessionIdSource {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number | string) {
    if (typeof seed === 'string' && seed.includes(',')) {
      const [a, b, c, d] = seed.split(',').map((x) => Number(x) >>> 0)
      this.a = a ?? 0
      this.b = b ?? 0
      this.c = c ?? 0
      this.d = d ?? 0
      return
    }
    // Spread the seed over the state with splitmix32 so nearby seeds diverge.
    let s = Number(seed) >>> 0
    const mix = () => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = mix()
    this.b = mix()
    this.c = mix()
    this.d = mix()
    for (let i = 0; i < 12; i++) this.u32()
  }

  private u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t >>> 0
  }

  next52(): number {
    return (this.u32() >>> 6) * 2 ** 26 + (this.u32() >>> 6)
  }

  state(): string {
    return [this.a, this.b, this.c, this.d].join(',')
  }
}

export class CryptoIdSource implements SessionIdSource {
  next52(): number {
    return randomInt(0, 2 ** 26) * 2 ** 26 + randomInt(0, 2 ** 26)
  }
  state(): string {
    return 'crypto'
  }
}

export class SessionIdAllocator {
  /** Every ID handed out, so an ID freed by rotation is never reused (unique for the engine's life). */
  private readonly issued = new Set<number>()

  constructor(
    private readonly source: SessionIdSource,
    private readonly isTaken: (id: number) => boolean,
  ) {}

  allocate(): number {
    for (;;) {
      const id = MIN_ID + (this.source.next52() % SPAN)
      if (this.issued.has(id) || this.isTaken(id)) continue
      this.issued.add(id)
      return id
    }
  }

  state(): string {
    return this.source.state()
  }
}
