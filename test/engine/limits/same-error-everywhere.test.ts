/**
 * One error for the same input wherever it runs (issue #12): the 40 doublings
 * of `:P1_A || :P1_A` used to take gigabytes, then the service said
 * "invalidTrace: Invalid string length" while the CLI replay stored null. Now
 * the live service, a trace opened in the service and the CLI's replay all
 * stop at the same computation with the same error step.
 */
import { describe, expect, it } from 'vitest'
import { EngineService } from '../../../src-main/api/engine-service.js'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import { replayText } from '../../../src-main/trace/replay.js'
import { call } from '../../timeline/api-call.js'

const APP: AppDefinition = {
  id: 90,
  name: 'Doubling',
  homePage: 1,
  pages: [
    {
      id: 1,
      name: 'Double',
      items: [{ name: 'P1_A' }],
      computations: Array.from({ length: 40 }, () => ({ point: 'beforeHeader' as const, item: 'P1_A', expression: ':P1_A || :P1_A' })),
    },
  ],
}
const REQUEST = { type: 'request', url: 'f?p=90:1:::::P1_A:abc', as: 'A' } as const
const REASON = 'computation #19 on page 1 (app 90, page 1): || gives a value of 1572864 bytes, over the 1048576-byte limit of a session-state value'
const TRACE = [
  JSON.stringify({ format: 'session-trace', version: 1, title: 'Doubling', seed: 1, apps: [APP] }),
  JSON.stringify(REQUEST),
  JSON.stringify({ type: 'expect', outcome: 'ok' }),
].join('\n')

describe('the value limit gives one error in the service and the replay', () => {
  it('live: operate records the error step', async () => {
    const s = new EngineService()
    try {
      await call(s, 'workspace.new', { apps: [structuredClone(APP)], seed: 1 })
      const { steps } = await call(s, 'operate', { op: REQUEST })
      expect(steps.map((x) => [x.outcome, x.reason])).toEqual([['error', REASON]])
    } finally {
      s.close()
    }
  })

  it('a trace opened in the service replays to the same error step, without an invalidTrace error', async () => {
    const s = new EngineService()
    try {
      await call(s, 'workspace.openTraceText', { text: TRACE })
      const steps = await call(s, 'steps.range', { from: 0, count: 10 })
      expect(steps.map((x) => [x.outcome, x.reason])).toEqual([['error', REASON]])
    } finally {
      s.close()
    }
  })

  it('the CLI replay (replayText) makes the same error step, and a trace that expects success fails with it', () => {
    const replayer = replayText(TRACE)
    try {
      expect(replayer.steps.map((x) => [x.outcome, x.reason])).toEqual([['error', REASON]])
      expect(replayer.summary().failures).toMatchObject([{ field: 'outcome', expected: 'ok', actual: 'error' }])
    } finally {
      replayer.close()
    }
  })
})
