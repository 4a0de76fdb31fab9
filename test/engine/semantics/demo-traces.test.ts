/**
 * The shipped demo traces (resources/demos/traces/*.sstrace) are executable
 * documentation of semantics.md: each replays with zero failed expects and
 * zero divergences, and checks something (at least one expect).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { replayFile, replayText } from '../../../src-main/trace/replay.js'

const TRACE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../resources/demos/traces')
const traces = readdirSync(TRACE_DIR)
  .filter((f) => f.endsWith('.sstrace'))
  .sort()

describe('demo traces', () => {
  it('there are demo traces to check', () => {
    expect(traces.length).toBeGreaterThanOrEqual(7)
  })

  it.each(traces)('%s replays with zero failures and zero divergences, and has at least one expect', (name) => {
    const path = join(TRACE_DIR, name)
    const replayer = replayText(readFileSync(path, 'utf8'), { traceDir: TRACE_DIR })
    try {
      const summary = replayer.summary()
      expect(summary.recordedOnly).toBe(false)
      expect(summary.failures).toEqual([])
      expect(summary.divergences).toEqual([])
      expect(summary.expects.total).toBeGreaterThanOrEqual(1)
      expect(summary.expects.passed).toBe(summary.expects.total)
      expect(summary.steps).toBeGreaterThan(0)
      // No step hit an internal error.
      for (const s of replayer.steps) expect(s.reason ?? '').not.toMatch(/internal error/)
    } finally {
      replayer.close()
    }
  })

  it.each(traces)('%s replays the same way from the file reader (streaming) as from text', async (name) => {
    const path = join(TRACE_DIR, name)
    const fromFile = await replayFile(path)
    const fromText = replayText(readFileSync(path, 'utf8'), { traceDir: TRACE_DIR })
    try {
      expect(JSON.stringify(fromFile.summary())).toBe(JSON.stringify(fromText.summary()))
    } finally {
      fromFile.close()
      fromText.close()
    }
  })
})
