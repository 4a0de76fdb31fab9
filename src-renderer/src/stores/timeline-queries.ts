/**
 * Questions over the whole timeline — search, diff between two points, the
 * next breakpoint — asked of the engine's timeline methods, or answered here
 * from the steps (over at most LOCAL_SCAN_LIMIT steps) while the engine has
 * no timeline.
 */
import type { SearchHit } from '../transport/api-types.js'
import { rowKey } from '../model/rows.js'
import { call, isNotAvailable } from './api-call.js'
import { breakpointHit } from './breakpoints.js'
import type { EngineController } from './engine-controller.js'
import { PAGE_SIZE } from './step-cache.js'

export const LOCAL_SCAN_LIMIT = 20_000

export interface DiffRow {
  key: string
  session: number
  app: number
  page: number | null
  item: string
  before: { value: string | null; status: string } | null
  after: { value: string | null; status: string } | null
}

export async function searchTimeline(c: EngineController, query: string): Promise<void> {
  const pb = c.ui.playback.getState()
  const q = query.trim()
  if (!q) return pb.setSearch('', [], 0)
  try {
    const r = await call(c.api, 'timeline.search', { query: q, limit: 500 })
    return pb.setSearch(q, r.hits, r.total)
  } catch (err) {
    if (!isNotAvailable(err)) return c.reportError(err, 'Search')
  }
  const count = Math.min(c.engine.getState().stepCount, LOCAL_SCAN_LIMIT)
  await c.ensurePages(0, count - 1)
  const needle = q.toLowerCase()
  const hits: SearchHit[] = []
  let total = 0
  for (let i = 0; i < count; i++) {
    const s = c.step(i)
    if (!s) continue
    for (const e of s.effects) {
      if (e.op !== 'set' || e.toStatus === null) continue
      if (e.item.toLowerCase().includes(needle) || (e.to !== null && e.to.toLowerCase().includes(needle))) {
        total++
        if (hits.length < 500) hits.push({ step: i, session: e.session, app: e.app, page: e.page, item: e.item, value: e.to })
      }
    }
  }
  pb.setSearch(q, hits, total)
}

export async function diffAgainst(c: EngineController, from: number): Promise<DiffRow[]> {
  const to = c.engine.getState().point
  try {
    const d = await call(c.api, 'timeline.diff', { from: { step: from, phase: null }, to })
    return d.rows.map((r) => {
      const any = (r.after ?? r.before)!
      return {
        key: rowKey(any.session, any.app, any.page, any.item),
        session: any.session,
        app: any.app,
        page: any.page,
        item: any.item,
        before: r.before ? { value: r.before.value, status: r.before.status } : null,
        after: r.after ? { value: r.after.value, status: r.after.status } : null,
      }
    })
  } catch (err) {
    if (!isNotAvailable(err)) throw err
  }
  // Here: compose the set effects between the two points.
  const lo = Math.min(from, to.step)
  const hi = Math.max(from, to.step)
  if (hi - lo > LOCAL_SCAN_LIMIT) throw new Error('the two points are too far apart to compare here')
  await c.ensurePages(lo + 1, hi)
  const net = new Map<string, DiffRow>()
  const forward = from <= to.step
  const upto = (i: number) => {
    const s = c.step(i)!
    if (i === to.step && to.phase !== null && to.phase !== undefined && forward) return s.effects.slice(0, s.phases[to.phase]?.end ?? s.effects.length)
    return s.effects
  }
  for (let i = lo + 1; i <= hi; i++) {
    for (const e of upto(i)) {
      if (e.op !== 'set') continue
      const key = rowKey(e.session, e.app, e.page, e.item)
      const beforeImg = e.fromStatus === null ? null : { value: e.from, status: e.fromStatus }
      const afterImg = e.toStatus === null ? null : { value: e.to, status: e.toStatus }
      const existing = net.get(key)
      if (existing) existing.after = afterImg
      else net.set(key, { key, session: e.session, app: e.app, page: e.page, item: e.item, before: beforeImg, after: afterImg })
    }
  }
  const rows = [...net.values()].filter((r) => JSON.stringify(r.before) !== JSON.stringify(r.after))
  if (!forward) for (const r of rows) [r.before, r.after] = [r.after, r.before]
  return rows
}

export async function continueToBreakpoint(c: EngineController, direction: 'forward' | 'backward'): Promise<boolean> {
  const pb = c.ui.playback.getState()
  const count = c.engine.getState().stepCount
  const from = c.engine.getState().point.step
  if (pb.conditions.length > 0 && pb.stepBreakpoints.size === 0 && c.engine.getState().timelineSource === 'engine') {
    try {
      const r = await call(c.api, 'timeline.findBreakpoint', { from: { step: from, phase: null }, direction, breakpoints: pb.conditions })
      if (r) await c.goTo({ step: r.point.step, phase: null })
      else c.ui.toasts.getState().push({ kind: 'info', title: `No breakpoint ${direction === 'forward' ? 'after' : 'before'} step ${from}` })
      return r !== null
    } catch (err) {
      if (!isNotAvailable(err)) c.reportError(err, 'Breakpoints')
    }
  }
  const dir = direction === 'forward' ? 1 : -1
  const limit = direction === 'forward' ? Math.min(count - 1, from + LOCAL_SCAN_LIMIT) : Math.max(0, from - LOCAL_SCAN_LIMIT)
  for (let i = from + dir; direction === 'forward' ? i <= limit : i >= limit; i += dir) {
    if (!c.hasStep(i)) await c.ensurePages(Math.min(i, i + dir * PAGE_SIZE), Math.max(i, i + dir * PAGE_SIZE))
    const s = c.step(i)
    if (!s) continue
    if (pb.stepBreakpoints.has(i) || breakpointHit(s, pb.conditions)) {
      await c.goTo({ step: i, phase: null })
      return true
    }
  }
  c.ui.toasts.getState().push({ kind: 'info', title: `No breakpoint ${direction === 'forward' ? 'after' : 'before'} step ${from}` })
  return false
}
