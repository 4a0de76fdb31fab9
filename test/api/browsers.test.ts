/**
 * timeline.browsers and browser.open (issue #16): the Sessions panel's tree
 * of browsers and sessions, windowed and filtered by the engine, the flat
 * list for traces that name no browser, and a live user's new browser.
 * Expected rows are written by hand from the traces below; session IDs come
 * from sessions.list / timeline.state, never from the answer under test.
 */
import { describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { BrowserTreeRow } from '../../src-main/api/contract.js'
import { call, failure } from '../timeline/api-call.js'
import { OPENED_BROWSERS_LIMIT } from '../../src-main/api/browser-service.js'

const header = { format: 'session-trace', version: 1, title: 'two browsers', use: ['demo:onboarding'] }
const trace = (events: object[]) => [header, ...events].map((x) => JSON.stringify(x)).join('\n') + '\n'

/** Alice opens the app as session A; Bob opens it in his own browser; Bob then pastes a link carrying A's session. */
const PASTED_LINK = [
  { type: 'request', browser: 'Alice', url: 'f?p=HR:1', as: 'A' },
  { type: 'request', browser: 'Bob', url: 'f?p=HR:1', as: 'B' },
  { type: 'request', browser: 'Bob', session: 'A', url: 'f?p=HR:1:&SESSION.' },
]

/** "browser:NAME" / "session:ALIAS@depth" — a row in words. */
const words = (rows: BrowserTreeRow[]) => rows.map((r) => (r.kind === 'browser' ? `browser:${r.browser.name}` : `session:${r.session.alias ?? r.session.id}@${r.depth}`))

async function open(events: object[]): Promise<EngineService> {
  const s = new EngineService()
  await call(s, 'workspace.openTraceText', { text: trace(events), name: 'browsers' })
  return s
}

async function idOf(s: EngineService, alias: string, step: number): Promise<number> {
  const st = await call(s, 'timeline.state', { point: { step }, sessions: [] })
  const found = st.sessions.find((x) => x.alias === alias)
  if (!found) throw new Error(`no session ${alias} at step ${step}`)
  return found.id
}

describe('timeline.browsers', () => {
  it('a trace that names no browser: the flat clone-group list, as timeline.sessions gives it', async () => {
    const s = new EngineService()
    await call(s, 'workspace.openDemo', { name: 'session-cloning' })
    const w = await call(s, 'timeline.browsers', { point: { step: 6 }, offset: 0, limit: 50 })
    expect(w.grouped).toBe(false)
    expect(words(w.rows)).toEqual(['session:A@0', 'session:B@1', 'session:C@1'])
    const sessions = await call(s, 'timeline.sessions', { point: { step: 6 }, offset: 0, limit: 50 })
    expect(w.rows.map((r) => (r.kind === 'session' ? r.session.id : null))).toEqual(sessions.rows.map((r) => r.session.id))
    // One implicit browser for the one clone group.
    expect(w.browsers).toBe(1)
  })

  it('two named browsers: each a level above its sessions, with its cookie pointing to its session', async () => {
    const s = await open(PASTED_LINK)
    const w = await call(s, 'timeline.browsers', { point: { step: 1 }, offset: 0, limit: 50 })
    expect(w.grouped).toBe(true)
    expect(words(w.rows)).toEqual(['browser:Alice', 'session:A@1', 'browser:Bob', 'session:B@1'])
    const alice = w.rows[0]!
    if (alice.kind !== 'browser') throw new Error('row 0 is not a browser')
    const a = await idOf(s, 'A', 1)
    expect(alice.browser.cookies).toEqual([{ name: 'ORA_WWV_APP_100', path: '/', value: expect.any(String), session: a, alias: 'A', apps: [100] }])
    expect(alice.browser.implicit).toBe(false)
    expect(alice.browser.sessions).toBe(1)
    // Before the first step nobody has a browser.
    expect((await call(s, 'timeline.browsers', { point: { step: -1 }, offset: 0, limit: 50 })).rows).toEqual([])
  })

  it('a link pasted into the other browser is not joined: a new session appears under that browser', async () => {
    const s = await open(PASTED_LINK)
    const w = await call(s, 'timeline.browsers', { point: { step: 2 }, offset: 0, limit: 50 })
    const a = await idOf(s, 'A', 2)
    const underBob = w.rows.filter((r) => r.kind === 'session' && r.browser === 'Bob').map((r) => (r.kind === 'session' ? r.session.id : 0))
    expect(underBob).toHaveLength(2)
    expect(underBob).not.toContain(a)
    expect(w.rows.filter((r) => r.kind === 'session' && r.browser === 'Alice').map((r) => (r.kind === 'session' ? r.session.id : 0))).toEqual([a])
  })

  it('collapses, filters and windows in the engine', async () => {
    const s = await open(PASTED_LINK)
    const at = { point: { step: 2 }, offset: 0, limit: 50 }
    expect(words((await call(s, 'timeline.browsers', { ...at, collapsed: ['Alice'] })).rows).slice(0, 2)).toEqual(['browser:Alice', 'browser:Bob'])
    const filtered = await call(s, 'timeline.browsers', { ...at, filter: 'ALI' })
    expect(words(filtered.rows)).toEqual(['browser:Alice', 'session:A@1'])
    expect(filtered.total).toBe(2)
    const b = await idOf(s, 'B', 2)
    expect(words((await call(s, 'timeline.browsers', { ...at, filter: String(b).slice(-6) })).rows)).toEqual(['browser:Bob', 'session:B@1'])
    const all = await call(s, 'timeline.browsers', at)
    expect(all.total).toBe(5)
    const window = await call(s, 'timeline.browsers', { ...at, offset: 2, limit: 2 })
    expect(window.total).toBe(5)
    expect(words(window.rows)).toEqual(words(all.rows.slice(2, 4)))
    expect(words((await call(s, 'timeline.browsers', { ...at, sessions: false })).rows)).toEqual(['browser:Alice', 'browser:Bob'])
  })

  it('names the field of a point that does not exist', async () => {
    const s = await open(PASTED_LINK)
    const err = await failure(s, 'timeline.browsers', { point: { step: 99 }, offset: 0, limit: 10 })
    expect(err.code).toBe('invalidPayload')
    expect(err.field).toBe('point.step')
    expect((await failure(s, 'timeline.browsers', { point: { step: 0 }, offset: 0, limit: 1001 })).field).toBe('limit')
  })
})

describe('browser.open', () => {
  async function live(): Promise<EngineService> {
    const s = new EngineService()
    await call(s, 'workspace.new', { use: ['demo:onboarding'], title: 'live' })
    await call(s, 'operate', { op: { type: 'request', url: 'f?p=HR:1', as: 'A' } })
    return s
  }

  it('opens a second browser, listed at the last step until its first request records it', async () => {
    const s = await live()
    // One implicit browser: the flat list.
    expect((await call(s, 'timeline.browsers', { point: { step: 0 }, offset: 0, limit: 10 })).grouped).toBe(false)
    const opened = await call(s, 'browser.open', {})
    // Numbered after the named browsers only (A's is implicit): B1.
    expect(opened).toEqual({ name: 'B1', opened: ['B1'] })
    expect((await call(s, 'steps.count', {})).count).toBe(1)
    const w = await call(s, 'timeline.browsers', { point: { step: 0 }, offset: 0, limit: 10 })
    expect(w.grouped).toBe(true)
    const a = await idOf(s, 'A', 0)
    expect(words(w.rows)).toEqual(['browser:~' + a, 'session:A@1', 'browser:B1'])
    const b1 = w.rows[2]!
    expect(b1.kind === 'browser' && b1.browser).toMatchObject({ opened: true, implicit: false, sessions: 0, cookies: [] })

    // The URL bar in B1 with A's session: a new session under B1, not A.
    await call(s, 'operate', { op: { type: 'request', browser: 'B1', url: `f?p=HR:1:${a}` } })
    const after = await call(s, 'timeline.browsers', { point: { step: 1 }, offset: 0, limit: 10 })
    const under = after.rows.filter((r) => r.kind === 'session' && r.browser === 'B1')
    expect(under).toHaveLength(1)
    expect(under[0]!.kind === 'session' && under[0]!.session.id).not.toBe(a)
    const b1After = after.rows.find((r) => r.kind === 'browser' && r.browser.name === 'B1')
    expect(b1After?.kind === 'browser' && b1After.browser.opened).toBe(false)
    // At the earlier point B1 did not exist yet, and an opened browser is not listed in the past.
    expect(words((await call(s, 'timeline.browsers', { point: { step: 0 }, offset: 0, limit: 10 })).rows)).toEqual(['session:A@0'])
  })

  it('takes a name, refuses one in use or reserved, and refuses a recorded-only trace', async () => {
    const s = await live()
    expect((await call(s, 'browser.open', { name: 'Laptop' })).name).toBe('Laptop')
    const dup = await failure(s, 'browser.open', { name: 'laptop' })
    expect(dup).toMatchObject({ code: 'invalidPayload', field: 'name' })
    expect(dup.message).toMatch(/laptop is already open/)
    expect(await failure(s, 'browser.open', { name: '~7' })).toMatchObject({ code: 'invalidPayload', field: 'name' })
    // Numbered after the named browsers there are (Laptop; A's implicit one does not count); Laptop, unused, stays open.
    expect(await call(s, 'browser.open', {})).toEqual({ name: 'B2', opened: ['Laptop', 'B2'] })
    const recorded = await open([])
    await call(recorded, 'workspace.openTraceText', { text: JSON.stringify({ format: 'session-trace', version: 1, title: 'recorded' }) + '\n' })
    expect((await failure(recorded, 'browser.open', {})).code).toBe('forbidden')
  })

  it('numbers after the named browsers only, however many implicit ones an old trace has', async () => {
    const s = await live()
    // Three more sessions from events naming no browser: four implicit browsers (one per clone group).
    for (const as of ['B', 'C', 'D']) await call(s, 'operate', { op: { type: 'request', url: 'f?p=HR:1', as } })
    expect((await call(s, 'browser.open', {})).name).toBe('B1')
    await call(s, 'operate', { op: { type: 'request', browser: 'B1', url: 'f?p=HR:1' } })
    expect((await call(s, 'browser.open', {})).name).toBe('B2')
  })

  it('keeps at most OPENED_BROWSERS_LIMIT unused opened browsers: one more is refused, saying why; using one frees a place', async () => {
    const s = await live()
    for (let i = 0; i < OPENED_BROWSERS_LIMIT; i++) await call(s, 'browser.open', { name: `Tab${i}` })
    const refused = await failure(s, 'browser.open', {})
    expect(refused.code).toBe('forbidden')
    expect(refused.message).toMatch(/100 browsers are open and not used yet/)
    await call(s, 'operate', { op: { type: 'request', browser: 'Tab0', url: 'f?p=HR:1' } })
    const more = await call(s, 'browser.open', {})
    expect(more.opened).toHaveLength(OPENED_BROWSERS_LIMIT)
    expect(more.opened).not.toContain('Tab0')
  })
})
