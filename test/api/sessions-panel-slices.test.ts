/**
 * Issue #14's leftover: the Sessions panel's asks (timeline.sessions,
 * timeline.browsers) at a new point are answered in slices, so a key press's
 * timeline.navigate sent meanwhile is answered between two slices, not after
 * the whole build; and a call run between two slices that changes what the
 * answer is made from (an operation, another workspace) makes the ask start
 * again instead of mixing two states. Ordering and slice counts are
 * asserted, never times.
 *
 * The workspace: SESSIONS requests, each starting a session S0, S1, … (the
 * onboarding demo's app), so step k is the request that made S<k>. The
 * workspace's end is asked about when it opens: the asks here are at other
 * points, built for the ask.
 */
import { StandInSocket } from '../helpers/stand-in-socket.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebSocket } from 'ws'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { MethodName, MethodResults } from '../../src-main/api/contract.js'
import { ANSWERED_IN_SLICES, browsersWindowAnswer, sessionsWindowAnswer } from '../../src-main/api/sessions-panel-service.js'
import { createWsHub } from '../../src-main/web-host/ws-transport.js'
import { SLICE_SESSIONS, nextTurn } from '../../src-main/timeline/work-slices.js'
import type { SliceCount } from '../../src-main/timeline/work-slices.js'

/**
 * Enough sessions for several slices of the panel's build (its passes read each session a few times), and
 * for its pass over the sessions to cross a slice: the last sessions are read after the first slice.
 */
const SESSIONS = Math.ceil(SLICE_SESSIONS * 1.25)

let service: EngineService | null = null
afterEach(() => {
  service?.close()
  service = null
})

async function call<M extends MethodName>(s: EngineService, method: M, payload: unknown): Promise<MethodResults[M]> {
  const r = await s.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.result as MethodResults[M]
}

async function manySessions(): Promise<EngineService> {
  const lines = [JSON.stringify({ format: 'session-trace', version: 1, title: 'many sessions', use: ['demo:onboarding'] })]
  for (let i = 0; i < SESSIONS; i++) lines.push(JSON.stringify({ type: 'request', url: 'f?p=HR:1', as: `S${i}` }))
  const s = new EngineService()
  await call(s, 'workspace.openTraceText', { text: lines.join('\n') + '\n', name: 'many' })
  return s
}

/** Waits for a state, not a time: the limit only bounds a wrong answer's wait, on CI's slower machine too. */
const WAIT = { timeout: 15_000 } as const

const asPoint = (p: { step: number; phase?: number | null }) => ({ step: p.step, phase: p.phase ?? null })

describe('the Sessions panel answered in slices', () => {
  it('answers a timeline.navigate sent during a panel ask at a new point before the ask ends', async () => {
    service = await manySessions()
    const at = SESSIONS - 2
    const answered: string[] = []
    const ask = call(service, 'timeline.sessions', { point: { step: at }, offset: 0, limit: 50 }).then((w) => {
      answered.push('timeline.sessions')
      return w
    })
    const browsers = call(service, 'timeline.browsers', { point: { step: at - 1 }, offset: 0, limit: 50 }).then(() => answered.push('timeline.browsers'))
    // The key press arrives after the asks have started (their first slices ran as they were sent).
    const key = call(service, 'timeline.navigate', { from: { step: 0 }, mode: 'next' }).then((r) => {
      answered.push('timeline.navigate')
      return r
    })
    expect((await key).point?.step).toBe(1)
    expect(answered).toEqual(['timeline.navigate'])
    const window = await ask
    await browsers
    expect(answered).toEqual(['timeline.navigate', 'timeline.sessions', 'timeline.browsers'])
    // Every session up to that step (S0 … S<at>), 50 of them in the window.
    expect(window.total).toBe(at + 1)
    expect(window.rows).toHaveLength(50)

    // The same asks counted: several slices at a new point, one at a point already built.
    const count: SliceCount = { slices: 0, restarts: 0 }
    await sessionsWindowAnswer(service, { point: { step: at - 2 }, offset: 0, limit: 10 }, asPoint, { count })
    expect(count.slices).toBeGreaterThan(3)
    const again: SliceCount = { slices: 0, restarts: 0 }
    await sessionsWindowAnswer(service, { point: { step: at - 2 }, offset: 100, limit: 10 }, asPoint, { count: again })
    expect(again).toEqual({ slices: 1, restarts: 0 })
  })

  it('starts again when an operation runs between two slices: the answer is the state at the point, never half of each', async () => {
    service = await manySessions()
    const s = service
    const last = SESSIONS - 1
    // The last session (read in the ask's later slices) is logged out by an operation run after its first slice.
    const lastSession = (await call(s, 'timeline.sessions', { point: { step: last }, offset: 0, limit: 1, filter: `S${last}` })).rows[0]!.session
    expect(lastSession.alias).toBe(`S${last}`)
    const count: SliceCount = { slices: 0, restarts: 0 }
    let operated = false
    const between = async () => {
      if (!operated) {
        operated = true
        await call(s, 'operate', { op: { type: 'logout', session: lastSession.id } })
      }
      await nextTurn()
    }
    // Live only, at the last step before the logout: a point not asked yet, so built in slices. Every session is live there.
    const window = await sessionsWindowAnswer(s, { point: { step: last }, offset: 0, limit: 10, liveOnly: true }, asPoint, { between, count })
    expect(operated).toBe(true)
    expect(count.restarts).toBe(1)
    expect(window.total).toBe(SESSIONS)
    const there = await call(s, 'timeline.sessions', { point: { step: last }, offset: 0, limit: 10, liveOnly: true, filter: `S${last}` })
    expect(there.rows.map((r) => [r.session.alias, r.session.status])).toEqual([[`S${last}`, 'active']])
    // After the logout, at its step: one session fewer.
    const after = await call(s, 'timeline.sessions', { point: { step: last + 1 }, offset: 0, limit: 1, liveOnly: true })
    expect(after.total).toBe(SESSIONS - 1)
  })

  it('starts again on the workspace opened between two slices (timeline.browsers), not the one closed', async () => {
    service = await manySessions()
    const s = service
    const count: SliceCount = { slices: 0, restarts: 0 }
    let opened = false
    const between = async () => {
      if (!opened) {
        opened = true
        await call(s, 'workspace.openDemo', { name: 'phone-number' })
      }
      await nextTurn()
    }
    // Step 2 is in both: in the phone-number demo (read by hand from its trace) one session, A, is there.
    const window = await browsersWindowAnswer(s, { point: { step: 2 }, offset: 0, limit: 50 }, asPoint, { between, count })
    expect(opened).toBe(true)
    expect(count.restarts).toBe(1)
    expect(window.rows.map((r) => (r.kind === 'session' ? r.session.alias : r.browser.name))).toEqual(['A'])
  })
})

describe('the browser host lets a connection’s next requests run while a Sessions panel ask is answered in slices', () => {
  const answeredIds = (ws: StandInSocket) => ws.sent.flatMap((t) => ((JSON.parse(t) as { id?: number }).id !== undefined ? [(JSON.parse(t) as { id: number }).id] : []))

  it('answers a navigate sent after a panel ask while the ask is still held; panel asks start in their turn, one at a time', async () => {
    const stub = { dispatch: async () => ({ ok: true, result: {} }), subscribe: () => () => {}, summary: () => ({}) } as unknown as Parameters<typeof createWsHub>[0]
    // The panel asks are held until released (a build in slices still running); everything else answers at once.
    const releases: (() => void)[] = []
    const started: string[] = []
    const hub = createWsHub(stub, {}, async (method) => {
      started.push(String(method))
      if (ANSWERED_IN_SLICES.has(String(method))) await new Promise<void>((r) => releases.push(r))
      return { ok: true, result: {} } as never
    })
    const ws = new StandInSocket()
    hub.attach(ws as unknown as WebSocket)
    const send = (id: number, method: string) => ws.emit('message', Buffer.from(JSON.stringify({ id, method, payload: {} })), false)
    send(1, 'engine.info')
    send(2, 'timeline.browsers')
    send(3, 'timeline.navigate')
    send(4, 'timeline.sessions')
    send(5, 'timeline.navigate')
    await vi.waitFor(() => expect(answeredIds(ws)).toEqual([1, 3, 5]), WAIT)
    // The second panel ask waits for the first (one build at a time per page).
    expect(started).toEqual(['engine.info', 'timeline.browsers', 'timeline.navigate', 'timeline.navigate'])
    releases.shift()!()
    await vi.waitFor(() => expect(started).toContain('timeline.sessions'), WAIT)
    expect(answeredIds(ws)).toEqual([1, 3, 5, 2])
    releases.shift()!()
    await vi.waitFor(() => expect(answeredIds(ws)).toEqual([1, 3, 5, 2, 4]), WAIT)
    hub.close()
  })
})
