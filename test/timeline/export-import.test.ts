/**
 * Export → import identity: a workspace's exported trace re-imports to the
 * very same steps, whether it is re-simulated (apps and seed in the header)
 * or loaded as recorded effects only (the `steps` extension restores step
 * boundaries, phases, outcomes and details).
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { Step } from '../../src-main/engine/model/step.js'
import { GENERATOR_APPS } from '../../scripts/trace-generator/apps.js'
import { GENERATOR_SETTINGS, generateOperations, generateTraceText } from '../../scripts/trace-generator/index.js'
import { replayText } from '../../src-main/trace/replay.js'
import { call, failure } from './api-call.js'

async function allSteps(s: EngineService): Promise<Step[]> {
  const { count } = await call(s, 'steps.count', {})
  const out: Step[] = []
  for (let from = 0; from < count; from += 1000) out.push(...(await call(s, 'steps.range', { from, count: 1000 })))
  return out
}

/** A live workspace: the generator's apps, operations recorded one by one. */
async function recordLive(seed: number, events: number): Promise<EngineService> {
  const s = new EngineService()
  await call(s, 'workspace.new', { apps: GENERATOR_APPS.map((a) => structuredClone(a)), seed, settings: GENERATOR_SETTINGS })
  for (const op of generateOperations({ events, sessions: 3, seed, gapSec: 300 })) await call(s, 'operate', { op })
  return s
}

function recordedOnly(text: string): string {
  const [head, ...rest] = text.split('\n')
  const h = JSON.parse(head!) as Record<string, unknown>
  delete h.apps
  delete h.use
  return [JSON.stringify(h), ...rest].join('\n')
}

describe('export → import yields identical steps', () => {
  test.prop([fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 40 })], { numRuns: 12 })('live recording, re-simulated and recorded-only', async (seed, events) => {
    const live = await recordLive(seed, events)
    const original = await allSteps(live)
    const text = await call(live, 'workspace.exportTraceText', {})
    live.close()

    // Re-simulated from the exported apps and seed.
    const again = new EngineService()
    const sum = await call(again, 'workspace.openTraceText', { text: text.text })
    expect(sum.recordedOnly).toBe(false)
    expect(sum.divergences).toEqual([])
    expect(await allSteps(again)).toEqual(original)
    expect((await call(again, 'workspace.exportTraceText', {})).text).toBe(text.text)
    again.close()

    // Recorded only: no apps, nothing simulated — the extension gives the steps back.
    const rec = new EngineService()
    const sum2 = await call(rec, 'workspace.openTraceText', { text: recordedOnly(text.text) })
    expect(sum2.recordedOnly).toBe(true)
    expect(await allSteps(rec)).toEqual(original)
    expect((await call(rec, 'workspace.exportTraceText', {})).text).toBe(recordedOnly(text.text))
    rec.close()
  })

  it('a recorded generated trace exports to exactly its own text', async () => {
    const text = generateTraceText({ events: 300, sessions: 5, seed: 11, recorded: true })
    const s = new EngineService()
    await call(s, 'workspace.openTraceText', { text })
    expect((await call(s, 'workspace.exportTraceText', {})).text).toBe(text)
    s.close()
  })

  it('a recorded event without the extension loads as the Replayer shows it', async () => {
    const text =
      '{"format":"session-trace","version":1,"title":"plain"}\n' +
      '{"type":"wait","seconds":5,"t":3,"effects":[{"op":"notice","message":"hello"}],"outcome":"ok","note":"n"}\n' +
      '{"type":"wait","seconds":1}\n'
    const s = new EngineService()
    await call(s, 'workspace.openTraceText', { text })
    const steps = await allSteps(s)
    const r = replayText(text)
    const ref = r.steps.map((x) => {
      // The Replayer keeps the whole event as the input; the timeline keeps the operation (as the engine does) and its note.
      const { effects: _e, outcome: _o, ...input } = x.input as unknown as Record<string, unknown>
      return { ...x, input, ...(input.note !== undefined ? { note: input.note } : {}) }
    })
    expect(steps).toEqual(ref)
    r.close()
    s.close()
  })

  it('refuses recorded effects that do not apply, naming line and effect', async () => {
    const text =
      '{"format":"session-trace","version":1,"title":"bad"}\n' +
      '{"type":"setState","session":1,"item":"X","value":"a","effects":[{"op":"set","session":1,"app":1,"page":null,"item":"X","from":"zzz","fromStatus":"I","to":"a","toStatus":"U","cause":"c"}]}\n'
    const s = new EngineService()
    const e = await failure(s, 'workspace.openTraceText', { text, name: 'bad.sstrace' })
    expect(e.code).toBe('invalidTrace')
    expect(e.line).toBe(2)
    expect(e.field).toBe('effects[0]')
    expect(e.message).toMatch(/does not apply|says the row was/)
    s.close()
  })

  it('refuses a malformed steps extension', async () => {
    const text =
      '{"format":"session-trace","version":1,"title":"bad"}\n' +
      '{"type":"wait","seconds":1,"effects":[],"steps":[{"effects":2,"kind":"wait","outcome":"ok","t":0,"session":null,"app":null,"page":null,"phases":[]}]}\n'
    const s = new EngineService()
    const e = await failure(s, 'workspace.openTraceText', { text })
    expect(e.line).toBe(2)
    expect(e.field).toBe('steps')
    s.close()
  })
})
