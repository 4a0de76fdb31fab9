/**
 * Everything the app accepts live it can write and read back (issue #12): any
 * sequence of live operations — values at and over the value limit, waits up
 * to and past the latest time, notes, computed strings that double — is either
 * refused as invalid input or recorded; the exported trace then opens through
 * the trace reader and replays to the very same steps.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { EngineService } from '../../../src-main/api/engine-service.js'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import type { Step } from '../../../src-main/engine/model/step.js'
import { MAX_CLOCK_SECONDS } from '../../../src-main/engine/model/operation.js'
import { MAX_VALUE_BYTES } from '../../../src-main/engine/model/values.js'
import { call } from '../../timeline/api-call.js'

/** Page 1 joins P1_A and P1_B into P1_C, and doubles it into P1_D: computed values reach the limit. */
const APP: AppDefinition = {
  id: 92,
  name: 'Round trip',
  homePage: 1,
  pages: [
    {
      id: 1,
      name: 'Join',
      items: [{ name: 'P1_A' }, { name: 'P1_B' }, { name: 'P1_C' }, { name: 'P1_D' }],
      computations: [
        { point: 'afterSubmit', item: 'P1_C', expression: ':P1_A || :P1_B' },
        { point: 'afterSubmit', item: 'P1_D', expression: ':P1_C || :P1_C' },
      ],
    },
  ],
}

/** 'é' is 2 UTF-8 bytes: these lengths give values just under, at and over the 1 MiB limit. */
const half = MAX_VALUE_BYTES / 2
const value = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(half - 1, half, half + 1, 200_000).map((n) => 'é'.repeat(n)) },
)
const urlValue = fc.oneof(fc.stringMatching(/^[a-z0-9]{0,8}$/), fc.constantFrom(MAX_VALUE_BYTES - 40, MAX_VALUE_BYTES + 1).map((n) => 'u'.repeat(n)))
const seconds = fc.oneof(fc.integer({ min: 0, max: 3600 }), fc.constantFrom(MAX_CLOCK_SECONDS / 2, MAX_CLOCK_SECONDS, MAX_CLOCK_SECONDS + 1, 1e308))

const operation = fc.oneof(
  fc.record({ type: fc.constant('request'), session: fc.constant('A'), url: urlValue.map((v) => `f?p=92:1:::::P1_A:${v}`) }),
  fc.record({ type: fc.constant('submit'), session: fc.constant('A'), page: fc.constant(1), values: fc.record({ P1_A: value, P1_B: value }) }),
  fc.record({ type: fc.constant('setState'), session: fc.constant('A'), item: fc.constantFrom('P1_A', 'P1_B'), value }),
  fc.record({ type: fc.constant('wait'), seconds }),
  fc.record({ type: fc.constant('wait'), seconds: fc.constant(1), note: value }),
  fc.record({ type: fc.constant('request'), session: fc.constant('A'), url: fc.constant('f?p=92:1'), t: seconds }),
)

/** Mostly one operation; sometimes the two waits of 1e308 s that once made the clock Infinity. */
const operations = fc
  .array(fc.oneof({ weight: 6, arbitrary: operation.map((op) => [op]) }, { weight: 1, arbitrary: fc.constant([{ type: 'wait', seconds: 1e308 }, { type: 'wait', seconds: 1e308 }]) }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((groups) => groups.flat())

async function allSteps(s: EngineService): Promise<Step[]> {
  const { count } = await call(s, 'steps.count', {})
  return count === 0 ? [] : call(s, 'steps.range', { from: 0, count })
}

describe('live operations round-trip through an exported trace', () => {
  test.prop([operations], { numRuns: 12 })(
    'accepted or refused as input; what was accepted exports, reopens and replays to the same steps',
    async (ops) => {
      const live = new EngineService()
      try {
        await call(live, 'workspace.new', { apps: [structuredClone(APP)], seed: 7 })
        await call(live, 'operate', { op: { type: 'request', url: 'f?p=92:1', as: 'A' } })
        for (const op of ops) {
          const r = await live.dispatch('operate', { op } as never)
          // Refused only as invalid input, never an internal error.
          if (!r.ok) expect(r.error.code).toBe('invalidPayload')
        }
        const original = await allSteps(live)
        for (const step of original) expect(step.reason ?? '').not.toMatch(/internal/)
        const { text } = await call(live, 'workspace.exportTraceText', {})
        expect(text).not.toContain('"t":null')
        const again = new EngineService()
        try {
          const opened = await call(again, 'workspace.openTraceText', { text })
          expect(opened.divergences).toEqual([])
          expect(await allSteps(again)).toEqual(original)
        } finally {
          again.close()
        }
      } finally {
        live.close()
      }
    },
  )
})
