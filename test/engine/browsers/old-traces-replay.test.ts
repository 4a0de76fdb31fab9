/**
 * Review finding 9 (issue #16): traces older than browsers replay exactly as
 * before. The expected step digests were made by the engine at commit ecb35a7
 * (before issue #16), not by the code under test: in a worktree of ecb35a7,
 * each demo then present was replayed (Replayer onStep) and every step hashed
 * as sha256 of JSON.stringify(step) without `durationMs` (timings), first 16
 * hex digits. Today's replay of the same demo files must give the same bytes,
 * step for step.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Step } from '../../../src-main/engine/model/step.js'
import { replayFile } from '../../../src-main/trace/replay.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const FIXTURE = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/demo-step-digests-ecb35a7.json'), 'utf8')) as { madeAt: string; demos: Record<string, string[]> }
const stripTimings = (key: string, v: unknown) => (key === 'durationMs' ? undefined : v)
const digest = (s: Step) => createHash('sha256').update(JSON.stringify(s, stripTimings)).digest('hex').slice(0, 16)

describe('demos recorded before issue #16 replay byte for byte as at ecb35a7', () => {
  it('covers the eight demos of ecb35a7', () => {
    expect(FIXTURE.madeAt).toBe('ecb35a7')
    expect(Object.keys(FIXTURE.demos)).toHaveLength(8)
  })

  it.each(Object.keys(FIXTURE.demos))('%s', async (name) => {
    const steps: Step[] = []
    await replayFile(join(ROOT, 'resources/demos/traces', name), { onStep: (s) => steps.push(s) })
    const got = steps.map(digest)
    // On a difference, name the first step that differs and show it.
    const first = got.findIndex((d, i) => d !== FIXTURE.demos[name]![i])
    expect(first === -1 ? null : { step: first, now: steps[first] }).toBeNull()
    expect(got).toEqual(FIXTURE.demos[name])
  })
})
