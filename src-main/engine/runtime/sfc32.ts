/**
 * sfc32, seeded through splitmix32: a small, fast, well-tested PRNG with 128
 * bits of state that can be saved and restored. Shared by the session ID
 * allocator (seeded replays) and the trace generator (same seed, same trace).
 */
export class Sfc32 {
  private a: number
  private b: number
  private c: number
  private d: number

  /** A numeric seed, or a state string from `state()` to continue a sequence. */
  constructor(seed: number | string) {
    if (typeof seed === 'string' && seed.includes(',')) {
      const [a, b, c, d] = seed.split(',').map((x) => Number(x) >>> 0)
      this.a = a ?? 0
      this.b = b ?? 0
      this.c = c ?? 0
      this.d = d ?? 0
      return
    }
    // Spread the seed over the state so nearby seeds diverge.
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

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t >>> 0
  }

  state(): string {
    return [this.a, this.b, this.c, this.d].join(',')
  }
}
