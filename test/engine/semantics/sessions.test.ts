/**
 * semantics.md §1 Sessions: IDs, new sessions, On New Instance per app,
 * shared sessions, current page, login rotation, timeouts, logout, isolation.
 */
import { describe, expect, it } from 'vitest'
import { Engine } from '../../../src-main/engine/engine.js'
import { CryptoIdSource, SeededIdSource, SessionIdAllocator } from '../../../src-main/engine/runtime/session-ids.js'
import type { SessionIdSource } from '../../../src-main/engine/runtime/session-ids.js'
import { SqliteStore } from '../../../src-main/engine/store/sqlite-store.js'
import {
  cell,
  effectsIn,
  first,
  idOf,
  last,
  makeEngine,
  notices,
  only,
  phaseKinds,
  rowsNamed,
  sessionEvents,
  sessionOf,
  sessionSlice,
  sets,
  show,
  tempDir,
  userValue,
  valueOf,
} from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'
import { hrApp, otherApp } from '../helpers/fixtures.js'

const ID_SHAPE = /^[1-9]\d{12,15}$/

function newSessions(engine: Engine, n: number): number[] {
  const ids: number[] = []
  for (let i = 0; i < n; i++) ids.push(last(engine, { type: 'request', url: 'f?p=100:1' }).session!)
  return ids
}

describe('§1 session IDs', () => {
  it('§1 a session ID is a positive integer of 13 to 16 digits, unique for the life of the engine', () => {
    const engine = makeEngine([hrApp()], { seed: 7 })
    const ids = newSessions(engine, 300)
    for (const id of ids) {
      expect(Number.isSafeInteger(id)).toBe(true)
      expect(String(id)).toMatch(ID_SHAPE)
    }
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('§1 IDs made by login rotation and cloning are of the same shape and never repeat an earlier ID', () => {
    const engine = makeEngine([hrApp()], { seed: 8 })
    const seen = new Set<number>()
    show(engine, 'f?p=100:1', { as: 'A' })
    seen.add(idOf(engine, 'A'))
    for (let i = 0; i < 20; i++) {
      engine.run({ type: 'login', session: 'A', user: `U${i}` })
      const id = idOf(engine, 'A')
      expect(String(id)).toMatch(ID_SHAPE)
      expect(seen.has(id)).toBe(false)
      seen.add(id)
      const clone = first(engine, { type: 'clone', session: 'A', as: `C${i}` })
      expect(String(clone.session)).toMatch(ID_SHAPE)
      expect(seen.has(clone.session!)).toBe(false)
      seen.add(clone.session!)
    }
  })

  it('§1 a seed gives a deterministic ID sequence (a replay yields the same IDs); another seed another sequence', () => {
    const a = newSessions(makeEngine([hrApp()], { seed: 42 }), 10)
    const b = newSessions(makeEngine([hrApp()], { seed: 42 }), 10)
    const c = newSessions(makeEngine([hrApp()], { seed: 43 }), 10)
    expect(a).toEqual(b)
    expect(c).not.toEqual(a)
    expect(new Set([...a, ...c]).size).toBe(20)
  })

  it('§1 live use (no seed) draws IDs from the cryptographic source: two engines do not repeat each other', () => {
    const a = newSessions(new Engine({ apps: [hrApp()] }), 5)
    const b = newSessions(new Engine({ apps: [hrApp()] }), 5)
    for (const id of [...a, ...b]) expect(String(id)).toMatch(ID_SHAPE)
    expect(new Set([...a, ...b]).size).toBe(10)
    expect(new CryptoIdSource().state()).toBe('crypto')
  })

  it('§1 an unseeded engine persists its ID source as "crypto", a seeded one as a resumable PRNG state', () => {
    const { dir, cleanup } = tempDir()
    try {
      const crypto = new Engine({ apps: [hrApp()], storePath: `${dir}/crypto.db` })
      show(crypto, 'f?p=100:1')
      crypto.close()
      const seeded = new Engine({ apps: [hrApp()], seed: 5, storePath: `${dir}/seeded.db` })
      show(seeded, 'f?p=100:1')
      seeded.close()
      const s1 = new SqliteStore(`${dir}/crypto.db`)
      const s2 = new SqliteStore(`${dir}/seeded.db`)
      expect(s1.getMeta('idState')).toBe('crypto')
      expect(s2.getMeta('idState')).toMatch(/^\d+,\d+,\d+,\d+$/)
      s1.close()
      s2.close()
    } finally {
      cleanup()
    }
  })

  it('§1 the allocator skips values it has issued or that are taken, so IDs stay unique', () => {
    const values = [5, 5, 5, 7, 9]
    const source: SessionIdSource = { next52: () => values.shift() ?? 11, state: () => 'x' }
    const taken = new Set([1_000_000_000_007])
    const alloc = new SessionIdAllocator(source, (id) => taken.has(id))
    expect(alloc.allocate()).toBe(1_000_000_000_005)
    expect(alloc.allocate()).toBe(1_000_000_000_009)
    expect(alloc.allocate()).toBe(1_000_000_000_011)
  })

  it('§1 the seeded source spans 13 to 16 digits (its extremes map inside the range)', () => {
    const low: SessionIdSource = { next52: () => 0, state: () => '' }
    const high: SessionIdSource = { next52: () => 2 ** 52 - 1, state: () => '' }
    expect(String(new SessionIdAllocator(low, () => false).allocate())).toMatch(ID_SHAPE)
    expect(String(new SessionIdAllocator(high, () => false).allocate())).toMatch(ID_SHAPE)
    const src = new SeededIdSource(3)
    for (let i = 0; i < 1000; i++) {
      const v = src.next52()
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThan(2 ** 52)
    }
  })
})

describe('§1 new sessions', () => {
  it('§1 a show whose URL has an empty session starts a new session of user nobody', () => {
    const engine = makeEngine([hrApp()])
    const step = only(engine, { type: 'request', url: 'f?p=100:1', as: 'A' })
    expect(step.outcome).toBe('ok')
    const s = sessionOf(engine, 'A')
    expect(s.user).toBe('nobody')
    expect(step.session).toBe(s.id)
    expect(sessionEvents(step).map((e) => e.event)).toEqual(['created', 'joinedApp', 'pageShown'])
    expect(notices(step, 'sessionNotFound')).toEqual([])
  })

  it('§1 a show whose URL has session 0 starts a new session', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    const step = only(engine, { type: 'request', url: 'f?p=100:1:0' })
    expect(step.outcome).toBe('ok')
    expect(step.session).not.toBe(idOf(engine, 'A'))
    expect(sessionEvents(step)[0]!.event).toBe('created')
    expect(engine.sessions()).toHaveLength(2)
  })

  it('§1 Decision: an unknown session ID starts a new session with the notice "session N not found: new session"', () => {
    const engine = makeEngine([hrApp()])
    const step = only(engine, { type: 'request', url: 'f?p=100:1:1234567890123' })
    expect(step.outcome).toBe('ok')
    expect(step.session).not.toBe(1234567890123)
    expect(notices(step, 'sessionNotFound').map((n) => n.message)).toEqual(['session 1234567890123 not found: new session'])
    expect(engine.state.sessions.has(1234567890123)).toBe(false)
  })

  it('§1 Decision: an ended (logged-out) session ID in a URL starts a new session with the notice', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    const old = idOf(engine, 'A')
    engine.run({ type: 'logout', session: 'A' })
    const step = only(engine, { type: 'request', url: `f?p=100:1:${old}` })
    expect(step.outcome).toBe('ok')
    expect(step.session).not.toBe(old)
    expect(notices(step, 'sessionNotFound').map((n) => n.message)).toEqual([`session ${old} not found: new session`])
  })

  it('§1 a trace request with `session` and an empty session slot in the URL uses that session', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=100:2' })
    expect(step.session).toBe(idOf(engine, 'A'))
    expect(sessionEvents(step).map((e) => e.event)).toEqual(['pageShown'])
    expect(engine.sessions()).toHaveLength(1)
  })

  it('§1 a new session runs the app’s On New Instance computations and processes, in the onNewInstance phase', () => {
    const app = hrApp()
    app.processes = [{ name: 'init', point: 'onNewInstance', type: 'setItems', items: { P1_X: "'from process ' || :A_ONI_COUNT" } }]
    const engine = makeEngine([app])
    const step = only(engine, { type: 'request', url: 'f?p=100:1', as: 'A' })
    expect(phaseKinds(step).slice(0, 2)).toEqual(['resolveSession', 'onNewInstance'])
    const oni = effectsIn(step, 'onNewInstance')
    expect(sets(oni).map((e) => [e.item, e.to, e.cause])).toEqual([
      ['A_ONI_COUNT', '1', 'application computation #1 (A_ONI_COUNT)'],
      ['P1_X', 'from process 1', "application process 'init'"],
    ])
    expect(valueOf(engine, 'A', 'A_ONI_COUNT')).toBe('1')
  })

  it('§1 On New Instance runs once per app per session: later requests do not run it again', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    for (let i = 0; i < 3; i++) {
      const step = only(engine, { type: 'request', session: 'A', url: 'f?p=100:2:&SESSION.' })
      expect(phaseKinds(step)).not.toContain('onNewInstance')
    }
    expect(valueOf(engine, 'A', 'A_ONI_COUNT')).toBe('1')
    expect(sessionOf(engine, 'A').apps).toEqual([100])
  })

  it('§1 a request to another app with the same session joins it and runs that app’s On New Instance on its first request there', () => {
    const engine = makeEngine([hrApp(), otherApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    const id = idOf(engine, 'A')
    const join = only(engine, { type: 'request', url: `f?p=200:1:${id}` })
    expect(join.session).toBe(id)
    expect(phaseKinds(join)).toContain('onNewInstance')
    expect(sessionEvents(join).map((e) => e.event)).toEqual(['joinedApp', 'pageShown'])
    expect(valueOf(engine, 'A', 'B_ONI_COUNT')).toBe('1')
    expect(sessionOf(engine, 'A').apps).toEqual([100, 200])
    // Back and forth: neither app's On New Instance runs again.
    expect(phaseKinds(only(engine, { type: 'request', url: `f?p=100:1:${id}` }))).not.toContain('onNewInstance')
    expect(phaseKinds(only(engine, { type: 'request', url: `f?p=200:1:${id}` }))).not.toContain('onNewInstance')
    expect(valueOf(engine, 'A', 'A_ONI_COUNT')).toBe('1')
    expect(valueOf(engine, 'A', 'B_ONI_COUNT')).toBe('1')
    // Another session runs both again, for itself.
    show(engine, 'f?p=200:1', { as: 'B' })
    expect(valueOf(engine, 'B', 'B_ONI_COUNT')).toBe('1')
    expect(valueOf(engine, 'B', 'A_ONI_COUNT')).toBeNull()
    expect(sessionOf(engine, 'B').apps).toEqual([200])
  })

  it('§1 GLOBAL application items are shared between the apps of one session (stored under app 0), never between sessions', () => {
    const engine = makeEngine([hrApp(), otherApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    show(engine, 'f?p=100:1', { as: 'B' })
    engine.run({ type: 'setState', session: 'A', item: 'G_SHARED', value: 'blue' })
    expect(rowsNamed(engine, 'A', 'G_SHARED')).toEqual([{ session: idOf(engine, 'A'), app: 0, page: null, item: 'G_SHARED', value: 'blue', status: 'I' }])
    // App 200 in the same session reads it; in session B it is unset.
    show(engine, 'f?p=200:1:&SESSION.', { session: 'A' })
    expect(valueOf(engine, 'A', 'Q1_SEES_SHARED')).toBe('blue')
    show(engine, 'f?p=200:1:&SESSION.', { session: 'B' })
    expect(valueOf(engine, 'B', 'Q1_SEES_SHARED')).toBeNull()
    expect(valueOf(engine, 'B', 'G_SHARED')).toBeNull()
    // A write from app 200 is seen by app 100 of the same session.
    engine.run({ type: 'setState', session: 'A', app: 200, item: 'G_SHARED', value: 'green' })
    expect(rowsNamed(engine, 'A', 'G_SHARED')).toHaveLength(1)
    expect(valueOf(engine, 'A', 'G_SHARED')).toBe('green')
  })
})

describe('§1 current page', () => {
  it('§1 a session’s current page is the page its last show rendered (not a submitted or failed one)', () => {
    const app = hrApp()
    const engine = makeEngine([app])
    show(engine, 'f?p=100:3', { as: 'A' })
    expect(sessionOf(engine, 'A').currentPage).toBe(3)
    show(engine, 'f?p=100:2:&SESSION.', { session: 'A' })
    expect(sessionOf(engine, 'A')).toMatchObject({ currentApp: 100, currentPage: 2 })
    // A submit of page 3 that redirects to page 1: page 1 is current.
    engine.run({ type: 'submit', session: 'A', page: 3, request: 'NEXT', values: { P3_NAME: 'KING' } })
    expect(sessionOf(engine, 'A').currentPage).toBe(1)
    // A refused request (unknown page) shows nothing: the current page stays.
    expect(last(engine, { type: 'request', session: 'A', url: 'f?p=100:99:&SESSION.' }).outcome).toBe('error')
    expect(sessionOf(engine, 'A').currentPage).toBe(1)
    // A failed validation re-shows page 3: it is current.
    engine.run({ type: 'submit', session: 'A', page: 3, request: 'NEXT', values: { P3_NAME: null } })
    expect(sessionOf(engine, 'A').currentPage).toBe(3)
  })
})

describe('§1 login', () => {
  function loginApp(): App {
    const app = hrApp()
    app.items!.push({ name: 'A_WHO' }, { name: 'A_AFTER_PROC' })
    app.computations!.push({ point: 'afterLogin', item: 'A_WHO', expression: "'hello ' || :APP_USER" })
    app.processes = [{ name: 'after auth', point: 'afterLogin', type: 'setItems', items: { A_AFTER_PROC: ':A_WHO || ' + "'!'" } }]
    return app
  }

  it('§1 login sets the user and rotates the session ID; state moves to the new ID; the alias follows', () => {
    const engine = makeEngine([loginApp()])
    show(engine, 'f?p=100:1:::::P1_X:keep', { as: 'A' })
    const old = idOf(engine, 'A')
    const rowsBefore = engine.stateRows(old)
    const step = only(engine, { type: 'login', session: 'A', user: 'SCOTT' })
    const now = idOf(engine, 'A')
    expect(step.outcome).toBe('ok')
    expect(step.kind).toBe('login')
    expect(step.session).toBe(now)
    expect(now).not.toBe(old)
    expect(step.effects[0]).toEqual({ op: 'rekey', from: old, to: now, cause: 'login of SCOTT rotates the session ID' })
    expect(phaseKinds(step)).toEqual(['resolveSession', 'rotateId', 'afterLogin'])
    const s = sessionOf(engine, 'A')
    expect(s).toMatchObject({ id: now, alias: 'A', user: 'SCOTT', groupId: old })
    expect(engine.state.sessions.has(old)).toBe(false)
    expect(engine.stateRows(old)).toEqual([])
    // Every row moved, with its status; plus what After Authentication wrote.
    const moved = engine.stateRows(now).filter((r) => !['A_WHO', 'A_AFTER_PROC'].includes(r.item))
    expect(moved).toEqual(rowsBefore.map((r) => ({ ...r, session: now })))
    expect(valueOf(engine, 'A', 'P1_X')).toBe('keep')
  })

  it('§1 Decision: the old ID stops working — a request with it starts a new session with the notice', () => {
    const engine = makeEngine([loginApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    const old = idOf(engine, 'A')
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    const step = only(engine, { type: 'request', url: `f?p=100:1:${old}` })
    expect(notices(step, 'sessionNotFound').map((n) => n.message)).toEqual([`session ${old} not found: new session`])
    expect(step.session).not.toBe(old)
    expect(step.session).not.toBe(idOf(engine, 'A'))
    expect(sessionOf(engine, step.session!).user).toBe('nobody')
    // Operations naming the old ID directly are refused.
    expect(only(engine, { type: 'setState', session: old, item: 'P1_X', value: 'v' }).outcome).toBe('error')
    expect(engine.sessionStatus(old)).toBe('deleted')
    expect(engine.sessionStatus('A')).toBe('active')
  })

  it('§1 After Authentication computations and processes run after login, in the new session', () => {
    const engine = makeEngine([loginApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    const step = only(engine, { type: 'login', session: 'A', user: 'SCOTT' })
    const after = effectsIn(step, 'afterLogin')
    expect(sets(after).map((e) => [e.session, e.item, e.to, e.cause])).toEqual([
      [idOf(engine, 'A'), 'A_WHO', 'hello SCOTT', 'application computation #2 (A_WHO)'],
      [idOf(engine, 'A'), 'A_AFTER_PROC', 'hello SCOTT!', "application process 'after auth'"],
    ])
  })

  it('§1 login of a session that has passed a limit fails as expired', () => {
    const engine = makeEngine([loginApp()], { settings: { maxSessionIdleSec: 10 } })
    show(engine, 'f?p=100:1', { as: 'A' })
    engine.run({ type: 'wait', seconds: 11 })
    const step = only(engine, { type: 'login', session: 'A', user: 'SCOTT' })
    expect(step.outcome).toBe('expired')
    expect(engine.sessionStatus('A')).toBe('expired')
  })
})

describe('§1 timeouts', () => {
  function twoSessions(settings: { maxSessionIdleSec?: number; maxSessionLengthSec?: number }) {
    const engine = makeEngine([hrApp()], { settings })
    show(engine, 'f?p=100:2:::::P2_SESSION:a', { as: 'A' })
    show(engine, 'f?p=100:2:::::P2_SESSION:b', { as: 'B' })
    return engine
  }

  it('§1 defaults: maximum session length 28800 s and idle 3600 s', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    const g = engine.state.groups.get(sessionOf(engine, 'A').groupId)!
    expect(g).toMatchObject({ maxSessionLengthSec: 28800, maxSessionIdleSec: 3600 })
    engine.run({ type: 'wait', seconds: 3600 })
    expect(engine.sessionStatus('A')).toBe('active')
    engine.run({ type: 'wait', seconds: 1 })
    expect(engine.sessionStatus('A')).toBe('expired')
  })

  it('§1 idle timeout: a request past maxSessionIdleSec fails as expired; the session and its state are deleted in that step; nothing else changes', () => {
    const engine = twoSessions({ maxSessionIdleSec: 600 })
    const a = idOf(engine, 'A')
    const b = idOf(engine, 'B')
    engine.run({ type: 'wait', seconds: 601 })
    const before = engine.snapshot()
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.' })
    expect(step.outcome).toBe('expired')
    expect(step.reason).toMatch(/^session \d+ expired: maximum idle time of 600 s exceeded/)
    expect(phaseKinds(step)).toEqual(['resolveSession', 'deleteSessions'])
    expect(engine.stateRows(a)).toEqual([])
    expect(sessionOf(engine, a)).toMatchObject({ ended: 'expired', endedAt: 601 })
    expect(engine.sessionStatus('A')).toBe('expired')
    const after = engine.snapshot()
    // B is untouched (its own limit is a matter for its own next request).
    expect(sessionSlice(after, b)).toEqual(sessionSlice(before, b))
    expect(after.groups.find((g) => g.id === b)).toEqual(before.groups.find((g) => g.id === b))
    expect(after.groups.find((g) => g.id === a)).toBeUndefined()
    expect(after.userRows).toEqual(before.userRows)
    expect(after.tables).toEqual(before.tables)
    // The only effects: row deletions, the session record ending, the group going.
    const kinds = step.effects.map((e) => (e.op === 'session' ? `session:${e.event}` : e.op === 'group' ? `group:${e.event}` : e.op))
    expect(kinds).toEqual([...sets(step).map(() => 'set'), 'session:expired', 'group:deleted'])
    expect(sets(step).map((e) => [e.session, e.item, e.toStatus]).sort()).toEqual([
      [a, 'A_ONI_COUNT', null],
      [a, 'P2_SESSION', null],
    ])
  })

  it('§1 idle is measured from the last activity; exactly at the limit the session is still valid', () => {
    const engine = twoSessions({ maxSessionIdleSec: 600 })
    engine.run({ type: 'wait', seconds: 500 })
    expect(only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.' }).outcome).toBe('ok')
    engine.run({ type: 'wait', seconds: 600 })
    expect(only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.' }).outcome).toBe('ok')
    expect(only(engine, { type: 'request', session: 'B', url: 'f?p=100:1:&SESSION.' }).outcome).toBe('expired')
  })

  it('§1 length timeout: past maxSessionLengthSec the session expires even when it was never idle', () => {
    const engine = twoSessions({ maxSessionLengthSec: 1000, maxSessionIdleSec: 600 })
    for (let t = 300; t <= 900; t += 300) expect(only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.', t }).outcome).toBe('ok')
    expect(only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.', t: 1000 }).outcome).toBe('ok')
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.', t: 1001 })
    expect(step.outcome).toBe('expired')
    expect(step.reason).toMatch(/maximum session length of 1000 s exceeded/)
    expect(engine.stateRows(idOf(engine, 'A'))).toEqual([])
  })

  it('§1 a limit of 0 means no limit', () => {
    const engine = twoSessions({ maxSessionLengthSec: 0, maxSessionIdleSec: 0 })
    engine.run({ type: 'wait', seconds: 10_000_000 })
    expect(only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.' }).outcome).toBe('ok')
    expect(valueOf(engine, 'A', 'P2_SESSION')).toBe('a')
  })

  it('§1 every operation on an expired session fails as expired (submit, setState, clearCache, clone, logout)', () => {
    const ops = [
      { type: 'submit', session: 'A', page: 2 },
      { type: 'setState', session: 'A', item: 'P1_X', value: 'v' },
      { type: 'clearCache', session: 'A', tokens: '1' },
      { type: 'clone', session: 'A', as: 'Z' },
      { type: 'logout', session: 'A' },
    ] as const
    for (const op of ops) {
      const engine = twoSessions({ maxSessionIdleSec: 10 })
      engine.run({ type: 'wait', seconds: 11 })
      const step = only(engine, op)
      expect(step.outcome, op.type).toBe('expired')
      expect(sessionOf(engine, 'A').ended).toBe('expired')
      expect(engine.stateRows(idOf(engine, 'A'))).toEqual([])
      // A second try reports the tombstone as expired, changing nothing.
      const again = only(engine, op)
      expect(again.outcome).toBe('expired')
      expect(again.effects).toEqual([])
    }
  })

  it('§1 the wait operation only advances the clock and notes sessions past their limits; nothing changes', () => {
    const engine = twoSessions({ maxSessionIdleSec: 10 })
    const before = engine.snapshot()
    const step = only(engine, { type: 'wait', seconds: 20 })
    expect(step.outcome).toBe('ok')
    expect(engine.now).toBe(20)
    expect(step.effects.every((e) => e.op === 'notice')).toBe(true)
    expect(notices(step, 'pastLimit')).toHaveLength(2)
    expect(engine.snapshot()).toEqual(before)
  })

  it('§1 the simulated clock never goes back: an event time before now is an error step that changes nothing', () => {
    const engine = twoSessions({})
    engine.run({ type: 'wait', seconds: 100 })
    const before = engine.snapshot()
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.', t: 50 })
    expect(step.outcome).toBe('error')
    expect(step.reason).toContain('the clock never goes back')
    expect(engine.snapshot()).toEqual(before)
    expect(engine.now).toBe(100)
  })
})

describe('§1 logout', () => {
  it('§1 logout deletes the session and its state; the record stays as a tombstone so its status can be told', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:2:::::P2_SESSION:v', { as: 'A' })
    const id = idOf(engine, 'A')
    const step = only(engine, { type: 'logout', session: 'A' })
    expect(step.outcome).toBe('ok')
    expect(phaseKinds(step)).toEqual(['resolveSession', 'deleteSessions'])
    expect(engine.stateRows(id)).toEqual([])
    expect(sessionOf(engine, id)).toMatchObject({ ended: 'loggedOut' })
    expect(engine.sessionStatus('A')).toBe('deleted')
    expect(engine.state.groups.has(id)).toBe(false)
    // A logged-out session accepts nothing more.
    const after = only(engine, { type: 'submit', session: 'A', page: 2 })
    expect(after.outcome).toBe('error')
    expect(after.reason).toBe(`session ${id} was logged out`)
  })

  it('§1 logout deletes every session of its clone group; other sessions stay', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:2:::::P2_SESSION:a', { as: 'A' })
    engine.run({ type: 'clone', session: 'A', as: 'B' })
    engine.run({ type: 'clone', session: 'B', as: 'C' })
    show(engine, 'f?p=100:2:::::P2_SESSION:other', { as: 'D' })
    const d = idOf(engine, 'D')
    const before = engine.snapshot()
    const step = only(engine, { type: 'logout', session: 'B' })
    expect(effectsIn(step, 'deleteSessions').filter((e) => e.op === 'session').map((e) => (e as { session: number }).session).sort()).toEqual(
      ['A', 'B', 'C'].map((x) => idOf(engine, x)).sort(),
    )
    for (const x of ['A', 'B', 'C']) {
      expect(engine.sessionStatus(x)).toBe('deleted')
      expect(engine.stateRows(idOf(engine, x))).toEqual([])
    }
    expect(sessionSlice(engine.snapshot(), d)).toEqual(sessionSlice(before, d))
    expect(engine.sessionStatus('D')).toBe('active')
  })

  it('§1 Per User values survive logout and are visible in the user’s next session', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:2', { as: 'A' })
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    engine.run({ type: 'submit', session: 'A', page: 2, request: 'SAVE', values: { P2_USER: 'dark', P2_SESSION: 'draft' } })
    engine.run({ type: 'logout', session: 'A' })
    expect(userValue(engine, 'SCOTT', 100, 'P2_USER')).toBe('dark')
    show(engine, 'f?p=100:2', { as: 'B' })
    engine.run({ type: 'login', session: 'B', user: 'SCOTT' })
    show(engine, 'f?p=100:2:&SESSION.', { session: 'B' })
    expect(valueOf(engine, 'B', 'P2_SESSION')).toBeNull()
    expect(cell(engine, 'B', 'P2_USER')).toBeNull() // still not in session state: read from the Per User store
  })
})

describe('§1 isolation', () => {
  it('§1 no operation on one session reads or changes another session’s values', () => {
    const engine = makeEngine([hrApp(), otherApp()])
    show(engine, 'f?p=100:1:::::P1_X:mine', { as: 'A' })
    show(engine, 'f?p=100:1', { as: 'B' })
    expect(valueOf(engine, 'B', 'P1_X')).toBeNull()
    const a = idOf(engine, 'A')
    const sliceA = sessionSlice(engine.snapshot(), a)
    engine.run({ type: 'setState', session: 'B', item: 'P1_X', value: 'theirs' })
    engine.run({ type: 'clearCache', session: 'B', tokens: 'SESSION' })
    engine.run({ type: 'submit', session: 'B', page: 1, values: { P1_X: 'x' } })
    engine.run({ type: 'login', session: 'B', user: 'SCOTT' })
    engine.run({ type: 'logout', session: 'B' })
    expect(sessionSlice(engine.snapshot(), a)).toEqual(sliceA)
    expect(valueOf(engine, 'A', 'P1_X')).toBe('mine')
  })
})
