/**
 * Bounds that keep everything the engine holds writable and readable
 * (issue #12): computed strings stop at the value limit with one error step
 * naming the component; live values, waits and the clock are bounded like a
 * trace file's.
 */
import { describe, expect, it } from 'vitest'
import { OperationInputError } from '../../../src-main/engine/engine.js'
import { MAX_CLOCK_SECONDS, MAX_OPERATION_BYTES, MAX_RECORDED_BYTES } from '../../../src-main/engine/model/operation.js'
import { MAX_VALUE_BYTES } from '../../../src-main/engine/model/values.js'
import { makeEngine, show, valueOf } from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'

/** Page 1 doubles P1_A forty times, one computation each (the 3.5 GB case). */
function doublingApp(): App {
  return {
    id: 90,
    name: 'Doubling',
    homePage: 1,
    pages: [
      {
        id: 1,
        name: 'Double',
        items: [{ name: 'P1_A' }, { name: 'P1_B' }],
        computations: Array.from({ length: 40 }, () => ({ point: 'beforeHeader' as const, item: 'P1_A', expression: ':P1_A || :P1_A' })),
      },
    ],
  }
}

describe('computed strings', () => {
  it('stop at the first computation over the value limit, as one error step that names it', () => {
    const engine = makeEngine([doublingApp()])
    const steps = show(engine, 'f?p=90:1:::::P1_A:abc', { as: 'A' })
    expect(steps).toHaveLength(1)
    const step = steps[0]!
    expect(step.outcome).toBe('error')
    // 'abc' doubled 19 times is 3 · 2^19 = 1 572 864 bytes, the first result over 1 MiB.
    expect(step.reason).toBe(
      'computation #19 on page 1 (app 90, page 1): || gives a value of 1572864 bytes, over the 1048576-byte limit of a session-state value',
    )
    // Nothing half-done stays: the step is rolled back, so no session was made and no value stored.
    expect(step.effects).toEqual([])
    expect(engine.sessions()).toEqual([])
  })

  it('stay below the limit when they fit', () => {
    const app = doublingApp()
    app.pages[0]!.computations = app.pages[0]!.computations!.slice(0, 18)
    const engine = makeEngine([app])
    const steps = show(engine, 'f?p=90:1:::::P1_A:abc', { as: 'A' })
    expect(steps[0]!.outcome).toBe('ok')
    expect(valueOf(engine, 'A', 'P1_A')).toHaveLength(3 * 2 ** 18)
  })
})

describe('live operations are bounded like trace files', () => {
  const oneMiB = 'v'.repeat(MAX_VALUE_BYTES)

  it('refuses a submitted value over the value limit, naming the field', () => {
    const engine = makeEngine([doublingApp()])
    show(engine, 'f?p=90:1', { as: 'A' })
    expect(() => engine.run({ type: 'submit', session: 'A', page: 1, values: { P1_B: oneMiB + 'v' } })).toThrow(OperationInputError)
    expect(() => engine.run({ type: 'submit', session: 'A', page: 1, values: { P1_B: oneMiB + 'v' } })).toThrow(
      'invalid operation, field "values.P1_B": value too long: 1.0 MiB; a single value may hold at most 1 MiB',
    )
  })

  it('refuses setState and URL values over the limit', () => {
    const engine = makeEngine([doublingApp()])
    show(engine, 'f?p=90:1', { as: 'A' })
    expect(() => engine.run({ type: 'setState', session: 'A', item: 'P1_B', value: 'é'.repeat(MAX_VALUE_BYTES / 2 + 1) })).toThrow(/field "value"/)
    expect(() => engine.run({ type: 'request', session: 'A', url: 'f?p=90:1:::::P1_B:' + oneMiB })).toThrow(/field "url"/)
  })

  it('accepts a value of exactly the limit', () => {
    const engine = makeEngine([doublingApp()])
    show(engine, 'f?p=90:1', { as: 'A' })
    const [step] = engine.run({ type: 'setState', session: 'A', item: 'P1_B', value: oneMiB })
    expect(step!.outcome).toBe('ok')
  })

  it('refuses an operation too large for one trace line', () => {
    const engine = makeEngine([doublingApp()])
    show(engine, 'f?p=90:1', { as: 'A' })
    const half = 'v'.repeat(MAX_VALUE_BYTES / 2)
    const values = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`P1_X${i}`, half]))
    expect(() => engine.run({ type: 'submit', session: 'A', page: 1, values })).toThrow(
      /^invalid operation: the operation takes \d+ bytes as JSON, over the 2097152-byte limit of one operation$/,
    )
    expect(() => engine.run({ type: 'wait', seconds: 1, note: 'n'.repeat(MAX_OPERATION_BYTES) })).toThrow(/over the 2097152-byte limit/)
    // Unknown keys travel into the export too, so they count.
    expect(() => engine.run({ type: 'wait', seconds: 1, extra: { deep: 'n'.repeat(MAX_OPERATION_BYTES) } } as never)).toThrow(/over the 2097152-byte limit/)
  })
})

describe('the clock stays finite', () => {
  it('refuses a wait or a time beyond 100 years', () => {
    const engine = makeEngine([doublingApp()])
    expect(MAX_CLOCK_SECONDS).toBe(3_155_760_000)
    expect(() => engine.run({ type: 'wait', seconds: 1e308 })).toThrow(/field "seconds"/)
    expect(() => engine.run({ type: 'wait', seconds: MAX_CLOCK_SECONDS + 1 })).toThrow(/field "seconds"/)
    expect(() => engine.run({ type: 'request', url: 'f?p=90:1', t: 1e308 })).toThrow(/field "t"/)
  })

  it('refuses the wait that would carry the clock past the maximum, as an error step', () => {
    const engine = makeEngine([doublingApp()])
    expect(engine.run({ type: 'wait', seconds: MAX_CLOCK_SECONDS })[0]!.outcome).toBe('ok')
    const [step] = engine.run({ type: 'wait', seconds: 1 })
    expect(step!.outcome).toBe('error')
    expect(step!.reason).toBe(
      'waiting 1 s would move the clock from 3155760000 s past 3155760000 s (100 years), the latest time a trace may hold',
    )
    expect(engine.now).toBe(MAX_CLOCK_SECONDS)
    expect(Number.isFinite(engine.now)).toBe(true)
  })
})

describe('what one operation records fits in one trace line', () => {
  /** Page 1 copies P1_A into P1_C1 … P1_C<n>, one computation each. */
  function copyingApp(n: number): App {
    return {
      id: 91,
      name: 'Copies',
      homePage: 1,
      pages: [
        {
          id: 1,
          name: 'Copy',
          items: [{ name: 'P1_A' }, ...Array.from({ length: n }, (_, i) => ({ name: `P1_C${i + 1}` }))],
          computations: Array.from({ length: n }, (_, i) => ({ point: 'beforeHeader' as const, item: `P1_C${i + 1}`, expression: ':P1_A' })),
        },
      ],
    }
  }
  const value = 'v'.repeat(600_000)

  it('refuses, as an error step, an operation whose effects would not fit', () => {
    // Ten copies of 600 000 bytes: 6 000 000 bytes of effects, more than the 5 MiB room.
    const engine = makeEngine([copyingApp(10)])
    show(engine, 'f?p=91:1', { as: 'A' })
    expect(engine.run({ type: 'setState', session: 'A', item: 'P1_A', value })[0]!.outcome).toBe('ok')
    const [step] = engine.run({ type: 'request', session: 'A', url: 'f?p=91:1' })
    expect(step!.outcome).toBe('error')
    expect(step!.reason).toMatch(new RegExp(`^the operation records \\d+ bytes of values and messages, over the ${MAX_RECORDED_BYTES}-byte room of one trace line$`))
    expect(valueOf(engine, 'A', 'P1_C1')).toBeNull()
  })

  it('keeps an operation whose effects fit', () => {
    const engine = makeEngine([copyingApp(8)])
    show(engine, 'f?p=91:1', { as: 'A' })
    engine.run({ type: 'setState', session: 'A', item: 'P1_A', value })
    const [step] = engine.run({ type: 'request', session: 'A', url: 'f?p=91:1' })
    expect(step!.outcome).toBe('ok')
    expect(valueOf(engine, 'A', 'P1_C8')).toBe(value)
  })
})
