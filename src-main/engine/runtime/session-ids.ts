/**
 * Session ID allocation (semantics §1): positive integers of 13 to 16 digits,
 * unique for the life of the engine. Live use draws from a cryptographic
 * source; a seeded trace gets a deterministic sequence so replays match.
 */
import { randomInt } from 'node:crypto'
import { Sfc32 } from './sfc32.js'

const MIN_ID = 1_000_000_000_000 // 13 digits
const MAX_ID = Number.MAX_SAFE_INTEGER // 9007199254740991, 16 digits
const SPAN = MAX_ID - MIN_ID

export interface SessionIdSource {
  /** 52 uniformly random bits as a non-negative integer. */
  next52(): number
  /** Serialisable state, so a persisted workspace continues the same sequence. */
  state(): string
}

/** Deterministic IDs for seeded replays. */
export class SeededIdSource implements SessionIdSource {
  private readonly rng: Sfc32

  constructor(seed: number | string) {
    this.rng = new Sfc32(seed)
  }

  next52(): number {
    return (this.rng.u32() >>> 6) * 2 ** 26 + (this.rng.u32() >>> 6)
  }

  state(): string {
    return this.rng.state()
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

  /** `source.state()` as of the last allocation: the engine asks for it after every step, and it only changes here. */
  private stateText: string | null = null

  allocate(): number {
    this.stateText = null
    for (;;) {
      const id = MIN_ID + (this.source.next52() % SPAN)
      if (this.issued.has(id) || this.isTaken(id)) continue
      this.issued.add(id)
      return id
    }
  }

  state(): string {
    return (this.stateText ??= this.source.state())
  }
}
