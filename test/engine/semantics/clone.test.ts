/**
 * semantics.md §5 Clone session: the setting, the four sub-steps, and the
 * clone-group rules (shared idle clock, lifetime from the first session,
 * logout of all members).
 */
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../../src-main/engine/engine.js'
import {
  cell,
  effectsIn,
  idOf,
  makeEngine,
  notices,
  only,
  phase,
  phaseKinds,
  sessionEvents,
  sessionOf,
  sessionSlice,
  sets,
  show,
  valueOf,
} from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'
import { otherApp } from '../helpers/fixtures.js'

function cloneApp(settings?: App['settings']): App {
  return {
    id: 70,
    alias: 'CL',
    name: 'Cloning',
    homePage: 1,
    ...(settings ? { settings } : {}),
    items: [{ name: 'G_SHARED', scope: 'GLOBAL' }, { name: 'A_ONI' }],
    computations: [{ point: 'onNewInstance', item: 'A_ONI', expression: "NVL(:A_ONI, '') || 'x'" }],
    pages: [
      { id: 1, name: 'One', items: [{ name: 'P1_A' }, { name: 'P1_B' }, { name: 'P1_C' }] },
      {
        id: 2,
        name: 'Two',
        items: [{ name: 'P2_A' }, { name: 'P2_TEMP', storage: 'request' }, { name: 'P2_SEEN' }, { name: 'P2_REQ' }],
        computations: [
          { point: 'beforeHeader', item: 'P2_REQ', expression: "NVL(:REQUEST, 'stripped')" },
          { point: 'afterHeader', item: 'P2_SEEN', expression: "NVL(:P2_TEMP, 'no temp')" },
        ],
      },
    ],
  }
}

/** Session A with rows of every status in app 70, a GLOBAL row, and app 200 joined. */
function original(settings?: App['settings']): Engine {
  const engine = makeEngine([cloneApp(settings), otherApp()])
  show(engine, 'f?p=70:1:::::P1_A,P1_B,P1_C:a,b,c', { as: 'A' })
  engine.run({ type: 'setState', session: 'A', item: 'P1_B', value: 'b2' }) // U
  engine.run({ type: 'clearCache', session: 'A', tokens: 'P1_C' }) // R
  engine.run({ type: 'setState', session: 'A', item: 'G_SHARED', value: 'g' })
  show(engine, 'f?p=200:1:&SESSION.::::Q1_X:q', { session: 'A' })
  show(engine, 'f?p=70:1:&SESSION.', { session: 'A' })
  return engine
}

describe('§5 triggering and the setting', () => {
  it('§5 Request APEX_CLONE_SESSION in a show URL clones the session into a new one named by `as`', () => {
    const engine = original()
    const a = idOf(engine, 'A')
    const step = only(engine, { type: 'request', url: `f?p=70:2:${a}:APEX_CLONE_SESSION`, as: 'B' })
    expect(step.kind).toBe('clone')
    expect(step.outcome).toBe('ok')
    const b = idOf(engine, 'B')
    expect(step.session).toBe(b)
    expect(b).not.toBe(a)
    expect(phaseKinds(step)).toEqual([
      'resolveSession',
      'cloneAllocate',
      'cloneCopy',
      'cloneGroup',
      'cloneRender',
      'beforeHeader',
      'afterHeader',
      'beforeRegions',
      'itemsRender',
      'afterRegions',
      'beforeFooter',
      'afterFooter',
      'endOfRequest',
    ])
    expect(phase(step, 'cloneAllocate').detail).toEqual({ original: a, clone: b })
  })

  it('§5 the trace `clone` event clones to `page`, or to the current page when none is given', () => {
    const engine = original()
    const toPage = only(engine, { type: 'clone', session: 'A', as: 'B', page: 2 })
    expect(toPage.kind).toBe('clone')
    expect(toPage.page).toBe(2)
    expect(sessionOf(engine, 'B').currentPage).toBe(2)
    const toCurrent = only(engine, { type: 'clone', session: 'A', as: 'C' })
    expect(toCurrent.page).toBe(1)
    expect(sessionOf(engine, 'C').currentPage).toBe(1)
  })

  it('§5 cloneSessionEnabled defaults to true', () => {
    const engine = original()
    expect(only(engine, { type: 'clone', session: 'A', as: 'B' }).outcome).toBe('ok')
  })

  it('§5 cloneSessionEnabled=false: the clone fails with outcome error and nothing changes (engine setting or app setting)', () => {
    for (const make of [
      () => {
        const e = makeEngine([cloneApp(), otherApp()], { settings: { cloneSessionEnabled: false } })
        show(e, 'f?p=70:1:::::P1_A:a', { as: 'A' })
        return e
      },
      () => original({ cloneSessionEnabled: false }),
    ]) {
      const engine = make()
      const a = idOf(engine, 'A')
      engine.run({ type: 'wait', seconds: 10 })
      for (const op of [
        { type: 'request', url: `f?p=70:1:${a}:APEX_CLONE_SESSION`, as: 'B' },
        { type: 'clone', session: 'A', as: 'B' },
      ] as const) {
        const before = engine.snapshot()
        const step = only(engine, op)
        expect(step.outcome).toBe('error')
        expect(step.reason).toBe('session cloning is disabled (setting cloneSessionEnabled is false)')
        expect(step.effects).toEqual([])
        expect(engine.snapshot()).toEqual(before)
        expect(engine.resolveSession('B')).toBeNull()
      }
    }
  })

  it('§5 APEX_CLONE_SESSION in a URL that starts a new session has nothing to clone: the page is shown with a notice', () => {
    const engine = makeEngine([cloneApp()])
    const step = only(engine, { type: 'request', url: 'f?p=70:2::APEX_CLONE_SESSION', as: 'A' })
    expect(step.kind).toBe('show')
    expect(step.outcome).toBe('ok')
    expect(notices(step).map((n) => n.message)).toContain('APEX_CLONE_SESSION on a new session: nothing to clone, the page is shown')
    expect(valueOf(engine, 'A', 'P2_REQ')).toBe('stripped')
  })

  it('§5 a clone may not take an alias a live session already uses', () => {
    const engine = original()
    show(engine, 'f?p=70:1', { as: 'B' })
    const before = engine.snapshot()
    const step = only(engine, { type: 'clone', session: 'A', as: 'B' })
    expect(step.outcome).toBe('error')
    expect(step.reason).toMatch(/^alias B is already used by live session \d+$/)
    expect(engine.snapshot()).toEqual(before)
  })
})

describe('§5 sub-steps', () => {
  it('§5(a) a new session ID is allocated; the new record copies user and apps and joins the group', () => {
    const engine = original()
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    const a = sessionOf(engine, 'A')
    const step = only(engine, { type: 'clone', session: 'A', as: 'B', t: 50 })
    const created = effectsIn(step, 'cloneAllocate')
    expect(created).toHaveLength(1)
    expect(created[0]).toMatchObject({ op: 'session', event: 'cloned', from: null, cause: `clone of session ${a.id}` })
    expect(sessionOf(engine, 'B')).toMatchObject({ user: 'SCOTT', apps: a.apps, groupId: a.groupId, alias: 'B', createdAt: 50, ended: null })
    // The clone's apps have fired: On New Instance does not run again in it.
    expect(phaseKinds(step)).not.toContain('onNewInstance')
    expect(valueOf(engine, 'B', 'A_ONI')).toBe('x')
  })

  it('§5(b) every stored row of the original is copied, all apps, with their statuses', () => {
    const engine = original()
    const a = idOf(engine, 'A')
    const rowsA = engine.stateRows(a)
    expect(new Set(rowsA.map((r) => r.status))).toEqual(new Set(['I', 'U', 'R']))
    expect(new Set(rowsA.map((r) => r.app))).toEqual(new Set([0, 70, 200]))
    const step = only(engine, { type: 'clone', session: 'A', as: 'B' })
    const b = idOf(engine, 'B')
    const copied = sets(effectsIn(step, 'cloneCopy'))
    expect(copied).toHaveLength(rowsA.length)
    for (const e of copied) expect(e).toMatchObject({ session: b, from: null, fromStatus: null, cause: `clone of session ${a}` })
    expect(phase(step, 'cloneCopy').detail).toEqual({ rows: rowsA.length })
    expect(engine.stateRows(b)).toEqual(rowsA.map((r) => ({ ...r, session: b })))
  })

  it('§5(b, d) a clone by URL applies the URL’s clear cache and item values in the new session (Per Request values visible there), with the clone request stripped', () => {
    const engine = original()
    const a = idOf(engine, 'A')
    const sliceA = sessionSlice(engine.snapshot(), a)
    const url = `f?p=70:2:${a}:APEX_CLONE_SESSION::1:P2_A,P2_TEMP:new,temp`
    const step = only(engine, { type: 'request', url, as: 'B' })
    const b = idOf(engine, 'B')
    // In the new session: page 1 cleared, URL values set, the Per Request value seen by a computation and not stored.
    expect(cell(engine, 'B', 'P1_A')).toEqual([null, 'R'])
    expect(cell(engine, 'B', 'P2_A')).toEqual(['new', 'I'])
    expect(valueOf(engine, 'B', 'P2_SEEN')).toBe('temp')
    expect(engine.stateRows(b).some((r) => r.item === 'P2_TEMP')).toBe(false)
    expect(valueOf(engine, 'B', 'P2_REQ')).toBe('stripped')
    expect(step.request).toMatchObject({ request: 'APEX_CLONE_SESSION', clearCache: ['1'] })
    // The original is untouched (its rows and record); only the shared group clock may move.
    const after = sessionSlice(engine.snapshot(), a)
    expect(after).toEqual(sliceA)
    expect(step.effects.every((e) => !(e.op === 'set' && e.session === a))).toBe(true)
    expect(sessionEvents(step).every((e) => e.session === b)).toBe(true)
  })

  it('§5(c) the new session joins the original’s clone group (group record touched, not duplicated)', () => {
    const engine = original()
    engine.run({ type: 'wait', seconds: 100 })
    const step = only(engine, { type: 'clone', session: 'A', as: 'B' })
    const groupId = sessionOf(engine, 'A').groupId
    expect(sessionOf(engine, 'B').groupId).toBe(groupId)
    expect(phase(step, 'cloneGroup').detail).toEqual({ groupId })
    expect(effectsIn(step, 'cloneGroup')).toEqual([
      expect.objectContaining({ op: 'group', event: 'touched', groupId, to: expect.objectContaining({ lastActivity: 100 }) }),
    ])
    expect(engine.state.groups.size).toBe(1)
  })

  it('§5 afterwards the sessions diverge', () => {
    const engine = original()
    engine.run({ type: 'clone', session: 'A', as: 'B' })
    engine.run({ type: 'setState', session: 'A', item: 'P1_A', value: 'only A' })
    engine.run({ type: 'setState', session: 'B', item: 'P1_A', value: 'only B' })
    engine.run({ type: 'setState', session: 'B', item: 'G_SHARED', value: 'B global' })
    expect(valueOf(engine, 'A', 'P1_A')).toBe('only A')
    expect(valueOf(engine, 'B', 'P1_A')).toBe('only B')
    expect(valueOf(engine, 'A', 'G_SHARED')).toBe('g')
  })
})

describe('§5 clone group rules', () => {
  it('§5 activity in any member refreshes the idle clock of all members', () => {
    const engine = original({ maxSessionIdleSec: 600 })
    engine.run({ type: 'clone', session: 'A', as: 'B' })
    for (let i = 0; i < 5; i++) {
      engine.run({ type: 'wait', seconds: 500 })
      expect(only(engine, { type: 'request', session: 'B', url: 'f?p=70:1:&SESSION.' }).outcome).toBe('ok')
    }
    // A has not been used for 2500 s, but the group was active 0 s ago.
    expect(engine.sessionStatus('A')).toBe('active')
    expect(only(engine, { type: 'request', session: 'A', url: 'f?p=70:1:&SESSION.' }).outcome).toBe('ok')
    engine.run({ type: 'wait', seconds: 601 })
    expect(engine.sessionStatus('A')).toBe('expired')
    expect(engine.sessionStatus('B')).toBe('expired')
  })

  it('§5 the maximum session length counts from the group’s first session', () => {
    const engine = original({ maxSessionLengthSec: 1000, maxSessionIdleSec: 0 })
    engine.run({ type: 'wait', seconds: 900 })
    engine.run({ type: 'clone', session: 'A', as: 'B' })
    engine.run({ type: 'wait', seconds: 101 })
    // B is only 101 s old, but its group started 1001 s ago.
    const step = only(engine, { type: 'request', session: 'B', url: 'f?p=70:1:&SESSION.' })
    expect(step.outcome).toBe('expired')
    expect(step.reason).toMatch(/maximum session length of 1000 s exceeded \(session group started at 0 s, now 1001 s\)/)
    // Only the requested member is deleted in that step.
    expect(engine.sessionStatus('B')).toBe('expired')
    expect(sessionOf(engine, 'A').ended).toBeNull()
    expect(engine.stateRows(idOf(engine, 'A')).length).toBeGreaterThan(0)
  })

  it('§5 logout of any member deletes all members, and only them', () => {
    const engine = original()
    engine.run({ type: 'clone', session: 'A', as: 'B' })
    engine.run({ type: 'clone', session: 'B', as: 'C' })
    show(engine, 'f?p=70:1:::::P1_A:d', { as: 'D' })
    const step = only(engine, { type: 'logout', session: 'C' })
    expect(phase(step, 'deleteSessions').detail).toEqual({ sessions: ['A', 'B', 'C'].map((x) => idOf(engine, x)) })
    for (const x of ['A', 'B', 'C']) {
      expect(sessionOf(engine, x).ended).toBe('loggedOut')
      expect(engine.stateRows(idOf(engine, x))).toEqual([])
    }
    expect(engine.state.groups.has(sessionOf(engine, 'A').groupId)).toBe(false)
    expect(valueOf(engine, 'D', 'P1_A')).toBe('d')
  })

  it('§5 login in one member rotates only that member’s ID; it stays in the group', () => {
    const engine = original()
    engine.run({ type: 'clone', session: 'A', as: 'B' })
    const group = sessionOf(engine, 'A').groupId
    const bBefore = idOf(engine, 'B')
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    expect(sessionOf(engine, 'A').groupId).toBe(group)
    expect(idOf(engine, 'B')).toBe(bBefore)
    engine.run({ type: 'logout', session: 'A' })
    expect(engine.sessionStatus('B')).toBe('deleted')
  })
})
