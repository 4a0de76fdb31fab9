/**
 * (c) Determinism: the same operations and seed on two fresh engines give
 * byte-identical steps and snapshots; replaying the same trace text twice
 * gives an identical summary (semantics §1: a seeded trace replays with the
 * same session IDs, and everything else follows from the operations).
 */
import { test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { Engine } from '../../../src-main/engine/engine.js'
import { replayText } from '../../../src-main/trace/replay.js'
import { scenarioArb, toTraceText } from './scenario-arbitrary.js'
import type { Scenario } from './scenario-arbitrary.js'

function runAll(s: Scenario): { steps: string; snapshots: string[]; sessions: string } {
  const engine = new Engine({ apps: s.apps, seed: s.seed, settings: s.settings })
  const snapshots: string[] = []
  for (const op of s.ops) {
    engine.run(op)
    snapshots.push(JSON.stringify(engine.snapshot()))
  }
  const out = { steps: JSON.stringify(engine.steps), snapshots, sessions: JSON.stringify(engine.sessions()) }
  engine.close()
  return out
}

describe('(c) determinism', () => {
  test.prop([scenarioArb()], { numRuns: 40 })('the same operations and seed on two fresh engines give byte-identical steps and snapshots', (s) => {
    const a = runAll(s)
    const b = runAll(s)
    expect(b.steps).toBe(a.steps)
    expect(b.snapshots).toEqual(a.snapshots)
    expect(b.sessions).toBe(a.sessions)
  })

  test.prop([scenarioArb()], { numRuns: 30 })('replaying the same trace text twice gives an identical summary, equal to driving the engine directly', (s) => {
    const text = toTraceText(s)
    const r1 = replayText(text)
    const r2 = replayText(text)
    try {
      const s1 = JSON.stringify(r1.summary())
      expect(JSON.stringify(r2.summary())).toBe(s1)
      expect(r1.summary().events).toBe(s.ops.length)
      // The replay ran exactly what the engine runs for these operations.
      const direct = runAll(s)
      expect(JSON.stringify(r1.steps)).toBe(direct.steps)
    } finally {
      r1.close()
      r2.close()
    }
  })
})
