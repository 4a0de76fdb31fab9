import { Sfc32 } from '../../src-main/engine/runtime/sfc32.js'

/** The generator's random source (the engine's sfc32): same seed, same trace. */
export class Rng extends Sfc32 {
  constructor(seed: number) {
    super(seed)
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  /** Exponentially distributed with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean
  }
}
