/**
 * Same-value rewrites (docs/decisions.md, "Same-value rewrites in
 * timeline.diff"): a row written between two points but equal at both is no
 * difference — not in `rows` — and is listed in `rewritten`, with its last
 * change, so a diff across one step names every row the step wrote, as
 * `here` does.
 */
import { describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { StateDiff, TimelineState } from '../../src-main/api/contract.js'
import { rewriteTrace } from './rewrite-trace.js'

async function opened() {
  const { text, row } = rewriteTrace()
  const service = new EngineService()
  const r = await service.dispatch('workspace.openTraceText', { text, name: 'rewrites.sstrace' })
  if (!r.ok) throw new Error(r.error.message)
  const steps = (r.result as { steps: number }).steps
  const diff = async (from: number, to: number) => {
    const d = await service.dispatch('timeline.diff', { from: { step: from }, to: { step: to } })
    if (!d.ok) throw new Error(d.error.message)
    return d.result as StateDiff
  }
  return { service, row, steps, diff }
}

const named = (r: { session: number; app: number; page: number | null; item: string }) => `${r.session}|${r.app}|${r.page ?? ''}|${r.item}`

describe('same-value rewrites in timeline.diff', () => {
  it('a step that rewrites a row with its value: no difference, listed in rewritten with that step as its last change', async () => {
    const x = await opened()
    try {
      const rewrite = x.steps - 2
      const d = await x.diff(rewrite - 1, rewrite)
      expect(d.rows.map((r) => named((r.after ?? r.before)!))).not.toContain(named(x.row))
      expect(d.rewritten).toEqual([{ row: { session: x.row.session, app: x.row.app, page: x.row.page, item: x.row.item, value: x.row.value, status: x.row.status }, changed: { step: rewrite, phase: 0, cause: 'rewritten' } }])
      // What the step wrote, as `here` names it: the same row.
      const st = await x.service.dispatch('timeline.state', { point: { step: rewrite }, here: true })
      if (!st.ok) throw new Error(st.error.message)
      expect((st.result as TimelineState).here!.changes.map(named)).toEqual([named(x.row)])
    } finally {
      x.service.close()
    }
  })

  it('changed and changed back in one step, over several steps and in either order: rewritten, never a row of the diff', async () => {
    const x = await opened()
    try {
      const back = x.steps - 1
      const across = await x.diff(back - 1, back)
      expect(across.rows).toEqual([])
      expect(across.rewritten?.map((r) => [named(r.row), r.row.value, r.changed?.cause])).toEqual([[named(x.row), x.row.value, 'changed back']])
      for (const [a, b] of [
        [back - 2, back],
        [back, back - 2],
      ] as const) {
        const d = await x.diff(a, b)
        expect(d.rows.map((r) => named((r.after ?? r.before)!))).not.toContain(named(x.row))
        expect(d.rewritten?.map((r) => named(r.row))).toEqual([named(x.row)])
      }
    } finally {
      x.service.close()
    }
  })

  it('a diff over steps that wrote nothing again has no rewritten field', async () => {
    const x = await opened()
    try {
      const d = await x.diff(0, 3)
      expect(d).not.toHaveProperty('rewritten')
      expect(d.rows.length).toBeGreaterThan(0)
    } finally {
      x.service.close()
    }
  })
})
