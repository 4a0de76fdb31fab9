/**
 * How many inputs each fuzz target tries. CI runs the defaults written in
 * each target (a bounded number of inputs, not a time budget, so a run is
 * reproducible and its length does not depend on the machine); FUZZ_RUNS=N
 * runs N inputs per target instead (longer local hunts, or FUZZ_RUNS=100
 * for a quick pass). FUZZ_SEED=S replays a run.
 */
import fc from 'fast-check'
import { expect } from 'vitest'

export function fuzzRuns(defaultRuns: number): number {
  const env = process.env.FUZZ_RUNS
  if (env === undefined || env === '') return defaultRuns
  const n = Number(env)
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${JSON.stringify(env)}`)
  return n
}

/**
 * Runs `property` on `runs` inputs of `arb` (never-throws properties: the
 * property throws or returns false on a finding), prints the count, and
 * checks every input was tried (a fuzz target that tries nothing must fail).
 */
export function fuzz<T>(target: string, arb: fc.Arbitrary<T>, defaultRuns: number, property: (input: T) => boolean | void): void {
  const runs = fuzzRuns(defaultRuns)
  let tried = 0
  const seedEnv = process.env.FUZZ_SEED
  fc.assert(
    fc.property(arb, (input) => {
      tried++
      return property(input)
    }),
    { numRuns: runs, ...(seedEnv ? { seed: Number(seedEnv) } : {}) },
  )
  console.log(`fuzz ${target}: ${tried} inputs`)
  expect(tried).toBe(runs)
}

/** Text of any code points, lone surrogates included. */
export const anyText = (maxLength = 200): fc.Arbitrary<string> => fc.string({ unit: 'binary', maxLength })

/** Text assembled from the pieces a parser cares about, mixed with any text: reaches deeper than random characters. */
export function textOf(pieces: readonly string[], maxPieces = 40): fc.Arbitrary<string> {
  return fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: anyText(8) }), { maxLength: maxPieces }).map((parts) => parts.join(''))
}

/** `fuzz` for properties that wait (requests to a real server). */
export async function fuzzAsync<T>(target: string, arb: fc.Arbitrary<T>, defaultRuns: number, property: (input: T) => Promise<boolean | void>): Promise<void> {
  const runs = fuzzRuns(defaultRuns)
  let tried = 0
  const seedEnv = process.env.FUZZ_SEED
  await fc.assert(
    fc.asyncProperty(arb, async (input) => {
      tried++
      return property(input)
    }),
    { numRuns: runs, ...(seedEnv ? { seed: Number(seedEnv) } : {}) },
  )
  console.log(`fuzz ${target}: ${tried} inputs`)
  expect(tried).toBe(runs)
}
