/**
 * → onto a step that rewrote a row with the value it had: the row is
 * highlighted as the engine's `here` names it (the highlights of → come from
 * the diff across the step) and the table's "last changed" for it is that
 * step — as ← onto the same step (which asks for `here`) shows.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { harness } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'
import { rowKey } from '../../src-renderer/src/model/rows.js'
import { rewriteTrace } from '../timeline/rewrite-trace.js'

let h: Harness | null = null
afterEach(() => {
  h?.close()
  h = null
})

describe('a same-value rewrite in the state table', () => {
  it('is highlighted on → as on ←, and its last change is the step', async () => {
    h = await harness()
    const { text, row } = rewriteTrace()
    const a = h.services.actions
    expect(await a.openTraceText(text, 'rewrites.sstrace')).toBe(true)
    const e = h.services.engine
    const last = e.getState().stepCount - 1
    const key = rowKey(row.session, row.app, row.page, row.item)
    const seen = () => {
      const s = e.getState()
      const shown = s.rows.find((r) => r.key === key)
      return { highlight: s.changes.get(key), changedAt: shown?.changedStep, value: shown?.value }
    }
    // From the step before the two rewrites: → onto each.
    await a.goTo({ step: last - 2, phase: null })
    for (const step of [last - 1, last]) {
      await a.stepBy(1)
      expect(e.getState().point).toEqual({ step, phase: null })
      expect(seen()).toEqual({ highlight: 'set', changedAt: step, value: row.value })
    }
    // ← back onto the first: the same, from `here`.
    await a.stepBy(-1)
    expect(seen()).toEqual({ highlight: 'set', changedAt: last - 1, value: row.value })
  })
})
