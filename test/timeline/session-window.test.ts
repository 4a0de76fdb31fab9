/**
 * timeline.sessions: one window of the session list, as clone-group trees,
 * filtered by the engine. Expected rows are written by hand from the demo
 * (session-cloning: A is created at t=0, B and C are its clones at 60 s and
 * 120 s; C's ID is the smallest, so ID order would put it first) and from
 * hand-made sessions.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { sessionWindow } from '../../src-main/timeline/session-window.js'
import type { TimelineSession } from '../../src-main/timeline/results.js'
import { call, failure } from './api-call.js'

let s: EngineService | null = null
afterEach(() => {
  s?.close()
  s = null
})

async function cloningDemo(): Promise<EngineService> {
  const service = new EngineService()
  await call(service, 'workspace.openDemo', { name: 'session-cloning' })
  return service
}

const A = 2366926457765953
const B = 2446607014175934
const C = 572479445489477
const brief = (w: { rows: { session: { id: number }; depth: number; clones: number }[] }) => w.rows.map((r) => [r.session.id, r.depth, r.clones])

describe('timeline.sessions', () => {
  it('answers the window asked for, in tree order, with the total', async () => {
    s = await cloningDemo()
    const point = { step: 6, phase: null }
    expect(brief(await call(s, 'timeline.sessions', { point, offset: 0, limit: 10 }))).toEqual([
      [A, 0, 2],
      [B, 1, 0],
      [C, 1, 0],
    ])
    const second = await call(s, 'timeline.sessions', { point, offset: 1, limit: 1 })
    expect(second.total).toBe(3)
    expect(brief(second)).toEqual([[B, 1, 0]])
    expect((await call(s, 'timeline.sessions', { point, offset: 3, limit: 5 })).rows).toEqual([])
  })

  it('filters in the engine: by alias, ID digits, user and status, ignoring case; total counts the matches', async () => {
    s = await cloningDemo()
    const point = { step: 6, phase: null }
    const w = await call(s, 'timeline.sessions', { point, offset: 0, limit: 10, filter: 'b' })
    // 'b' is in B's alias and in every session's user ('nobody'): all three, and the window's limit does not change the total.
    expect(w.total).toBe(3)
    expect((await call(s, 'timeline.sessions', { point, offset: 0, limit: 1, filter: 'B' })).total).toBe(3)
    const byId = await call(s, 'timeline.sessions', { point, offset: 0, limit: 10, filter: '572479' })
    expect(brief(byId)).toEqual([[C, 1, 0]])
    expect(byId.total).toBe(1)
    expect(brief(await call(s, 'timeline.sessions', { point, offset: 0, limit: 10, filter: '2446607' }))).toEqual([[B, 1, 0]])
    expect((await call(s, 'timeline.sessions', { point, offset: 0, limit: 10, filter: 'NOBODY' })).total).toBe(3)
    expect((await call(s, 'timeline.sessions', { point, offset: 0, limit: 10, filter: 'expired' })).total).toBe(0)
  })

  it('liveOnly leaves the ended sessions out (at the end all three are logged out)', async () => {
    s = await cloningDemo()
    const point = { step: 10, phase: null }
    expect((await call(s, 'timeline.sessions', { point, offset: 0, limit: 10 })).rows.map((r) => r.session.status)).toEqual(['deleted', 'deleted', 'deleted'])
    expect(await call(s, 'timeline.sessions', { point, offset: 0, limit: 10, liveOnly: true })).toEqual({ total: 0, rows: [] })
  })

  it('refuses a window over 1000 rows and a bad point, naming the field', async () => {
    s = await cloningDemo()
    expect((await failure(s, 'timeline.sessions', { point: { step: 0, phase: null }, offset: 0, limit: 1001 })).message).toMatch(/limit/)
    expect((await failure(s, 'timeline.sessions', { point: { step: 99, phase: null }, offset: 0, limit: 5 })).message).toMatch(/point/)
  })
})

describe('sessionWindow', () => {
  const session = (id: number, groupId: number, createdAt: number, alias: string | null = null): TimelineSession =>
    ({ id, groupId, createdAt, alias, user: 'nobody', status: 'active', idleSec: 0, groupCreatedAt: createdAt, apps: [] }) as unknown as TimelineSession

  it('roots in creation order, each followed by its clones in creation order, whatever the input order', () => {
    const input = [session(5, 2, 30), session(9, 1, 50), session(1, 1, 10), session(7, 2, 20), session(3, 3, 20)]
    expect(brief(sessionWindow(input, { offset: 0, limit: 10 }))).toEqual([
      [1, 0, 1],
      [9, 1, 0],
      [3, 0, 0], // created at 20 like 7: the smaller ID first
      [7, 0, 1],
      [5, 1, 0],
    ])
    expect(brief(sessionWindow(input, { offset: 2, limit: 2 }))).toEqual([
      [3, 0, 0],
      [7, 0, 1],
    ])
  })
})
