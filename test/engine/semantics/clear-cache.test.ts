/**
 * semantics.md §4 Clear cache: every token kind, where tokens come from,
 * the Per User decision, and the APEX_UTIL equivalents (trace `clearCache`).
 */
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../../src-main/engine/engine.js'
import type { Step } from '../../../src-main/engine/model/step.js'
import {
  cell,
  idOf,
  makeEngine,
  notices,
  only,
  phase,
  rowOf,
  sets,
  show,
  userValue,
  valueOf,
  warnings,
} from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'

function mainApp(): App {
  return {
    id: 60,
    alias: 'CC',
    name: 'Clear cache',
    homePage: 1,
    items: [{ name: 'A_ITEM' }, { name: 'G_THEME', scope: 'GLOBAL' }, { name: 'A_PREF', storage: 'user' }],
    pages: [
      { id: 1, name: 'One', items: [{ name: 'P1_A' }, { name: 'P1_B' }, { name: 'P1_U', storage: 'user' }] },
      { id: 2, name: 'Two', items: [{ name: 'P2_A' }, { name: 'P2_B' }] },
      {
        id: 3,
        name: 'Process clears',
        items: [{ name: 'P3_TEMP', storage: 'request' }, { name: 'P3_SEEN' }],
        processes: [{ name: 'Clear Session State', point: 'afterHeader', type: 'clearCache', tokens: '2, p1_a' }],
        computations: [{ point: 'beforeRegions', item: 'P3_SEEN', expression: "NVL(:P1_A, 'null') || '/' || NVL(:P3_TEMP, 'null')" }],
      },
      {
        id: 4,
        name: 'Branch clears',
        items: [{ name: 'P4_GO' }],
        branches: [{ point: 'beforeHeader', type: 'redirect', target: 'f?p=&APP_ID.:1:&SESSION.::NO:2,P1_B:P1_A:set by branch', when: { expression: ':P4_GO IS NOT NULL' } }],
      },
      {
        id: 5,
        name: 'Clears everything in a process',
        items: [{ name: 'P5_TEMP', storage: 'request' }, { name: 'P5_SEEN' }],
        processes: [{ name: 'Clear all', point: 'afterHeader', type: 'clearCache', tokens: 'SESSION' }],
        computations: [{ point: 'beforeRegions', item: 'P5_SEEN', expression: "NVL(:P5_TEMP, 'null')" }],
      },
    ],
  }
}

function secondApp(): App {
  return {
    id: 61,
    name: 'Second',
    homePage: 1,
    items: [{ name: 'G_THEME', scope: 'GLOBAL' }, { name: 'B_ITEM' }],
    pages: [{ id: 1, name: 'Other', items: [{ name: 'Q1_A' }] }],
  }
}

/** A session "A" with values in pages 1 and 2, application items, a GLOBAL item and app 61 joined. */
function filled(): Engine {
  const engine = makeEngine([mainApp(), secondApp()])
  show(engine, 'f?p=60:1:::::P1_A,P1_B,P1_U:a,b,u', { as: 'A' })
  show(engine, 'f?p=60:2:&SESSION.::::P2_A:a2', { session: 'A' })
  engine.run({ type: 'setState', session: 'A', item: 'A_ITEM', value: 'app' })
  engine.run({ type: 'setState', session: 'A', item: 'G_THEME', value: 'dark' })
  show(engine, 'f?p=61:1:&SESSION.::::Q1_A:q', { session: 'A' })
  engine.run({ type: 'setState', session: 'A', app: 61, item: 'B_ITEM', value: 'b' })
  return engine
}

function values(engine: Engine): Record<string, [string | null, string]> {
  return Object.fromEntries(engine.stateRows(idOf(engine, 'A')).map((r) => [`${r.app}:${r.item}`, [r.value, r.status]]))
}

function tokensDetail(step: Step): unknown {
  return phase(step, 'clearCache').detail?.tokens
}

describe('§4 token kinds', () => {
  it('§4 an item name token resets that item (page item or application item) to null with status R', () => {
    const engine = filled()
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=60:1:&SESSION.::NO:P2_A,A_ITEM' })
    expect(sets(step).map((e) => [e.item, e.from, e.to, e.toStatus])).toEqual([
      ['P2_A', 'a2', null, 'R'],
      ['A_ITEM', 'app', null, 'R'],
    ])
    expect(tokensDetail(step)).toEqual([
      { token: 'P2_A', kind: 'item', items: ['2:P2_A'], reset: ['2:P2_A'] },
      { token: 'A_ITEM', kind: 'item', items: ['app:A_ITEM'], reset: ['app:A_ITEM'] },
    ])
    expect(cell(engine, 'A', 'P1_A')).toEqual(['a', 'I'])
  })

  it('§4 a page number token resets every item of that page', () => {
    const engine = filled()
    const before = values(engine)
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=60:2:&SESSION.::NO:1' })
    expect(sets(step).map((e) => e.item)).toEqual(['P1_A', 'P1_B', 'P1_U'])
    expect(values(engine)).toEqual({ ...before, '60:P1_A': [null, 'R'], '60:P1_B': [null, 'R'], '60:P1_U': [null, 'R'] })
    expect(tokensDetail(step)).toEqual([{ token: '1', kind: 'page', items: ['1:P1_A', '1:P1_B', '1:P1_U'], reset: ['1:P1_A', '1:P1_B', '1:P1_U'] }])
  })

  it('§4 APP resets every page item of every page of the current app and its APP-scope application items (not GLOBAL items, not other apps)', () => {
    const engine = filled()
    const before = values(engine)
    only(engine, { type: 'request', session: 'A', url: 'f?p=60:1:&SESSION.::NO:APP' })
    expect(values(engine)).toEqual({
      ...before,
      '60:P1_A': [null, 'R'],
      '60:P1_B': [null, 'R'],
      '60:P1_U': [null, 'R'],
      '60:P2_A': [null, 'R'],
      '60:A_ITEM': [null, 'R'],
    })
    expect(valueOf(engine, 'A', 'G_THEME')).toBe('dark')
    expect(valueOf(engine, 'A', 'Q1_A')).toBe('q')
    expect(valueOf(engine, 'A', 'B_ITEM')).toBe('b')
  })

  it('§4 SESSION resets every item of every app in the session, GLOBAL items included', () => {
    const engine = filled()
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=60:1:&SESSION.::NO:SESSION' })
    for (const [key, [value, status]] of Object.entries(values(engine))) {
      expect(value, key).toBeNull()
      expect(status, key).toBe('R')
    }
    expect(Object.keys(values(engine)).sort()).toEqual(['0:G_THEME', '60:A_ITEM', '60:P1_A', '60:P1_B', '60:P1_U', '60:P2_A', '61:B_ITEM', '61:Q1_A'])
    expect(sets(step).every((e) => e.cause === `ClearCache token SESSION in URL f?p=60:1:${idOf(engine, 'A')}::NO:SESSION`)).toBe(true)
  })

  it('§4 RP, RR, CR, RIR and CIR reset report settings: recorded as a notice effect, no item changes', () => {
    const engine = filled()
    const before = engine.snapshot()
    const step = only(engine, { type: 'clearCache', session: 'A', tokens: 'RP,RR,CR,RIR,CIR' })
    expect(sets(step)).toEqual([])
    expect(notices(step, 'reportReset').map((n) => n.message)).toEqual([
      'report pagination reset (ClearCache token RP in APEX_UTIL clear-cache call (RP,RR,CR,RIR,CIR)); no item changes',
      'report settings and pagination reset (ClearCache token RR in APEX_UTIL clear-cache call (RP,RR,CR,RIR,CIR)); no item changes',
      'interactive report settings cleared (ClearCache token CR in APEX_UTIL clear-cache call (RP,RR,CR,RIR,CIR)); no item changes',
      'interactive report reset to the primary report (ClearCache token RIR in APEX_UTIL clear-cache call (RP,RR,CR,RIR,CIR)); no item changes',
      'interactive report cleared (ClearCache token CIR in APEX_UTIL clear-cache call (RP,RR,CR,RIR,CIR)); no item changes',
    ])
    const after = engine.snapshot()
    expect(after.rows).toEqual(before.rows)
    expect((tokensDetail(step) as { kind: string }[]).map((t) => t.kind)).toEqual(['report', 'report', 'report', 'report', 'report'])
  })

  it('§4 anything else is a warning effect "unknown clear-cache token" and changes nothing (unknown names and pages)', () => {
    const engine = filled()
    const before = engine.snapshot()
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=60:1:&SESSION.::NO:NOSUCH,999' })
    expect(step.outcome).toBe('ok')
    expect(warnings(step, 'unknownToken').map((w) => w.message)).toEqual([
      `unknown clear-cache token NOSUCH (ClearCache token NOSUCH in URL f?p=60:1:${idOf(engine, 'A')}::NO:NOSUCH,999)`,
      'unknown clear-cache token 999: app 60 has no page 999',
    ])
    expect(sets(step)).toEqual([])
    expect(engine.snapshot().rows).toEqual(before.rows)
  })

  it('§4 tokens are trimmed and case-insensitive; empty tokens are ignored', () => {
    const engine = filled()
    const step = only(engine, { type: 'clearCache', session: 'A', app: 60, tokens: ' p1_a ,, app_nope, rp ' })
    expect((tokensDetail(step) as { token: string; kind: string }[]).map((t) => [t.token, t.kind])).toEqual([
      ['P1_A', 'item'],
      ['APP_NOPE', 'unknown'],
      ['RP', 'report'],
    ])
    expect(cell(engine, 'A', 'P1_A')).toEqual([null, 'R'])
  })

  it('§4 Decision: clearing an item that has no row (or is already reset) produces no effect, but the phase detail lists the resolved items', () => {
    const engine = filled()
    const step = only(engine, { type: 'clearCache', session: 'A', app: 60, tokens: '2' })
    expect(sets(step).map((e) => e.item)).toEqual(['P2_A']) // P2_B has no row
    expect(tokensDetail(step)).toEqual([{ token: '2', kind: 'page', items: ['2:P2_A', '2:P2_B'], reset: ['2:P2_A'] }])
    expect(rowOf(engine, 'A', 'P2_B')).toBeUndefined()
    const again = only(engine, { type: 'clearCache', session: 'A', app: 60, tokens: '2' })
    expect(sets(again)).toEqual([])
    expect(tokensDetail(again)).toEqual([{ token: '2', kind: 'page', items: ['2:P2_A', '2:P2_B'], reset: [] }])
  })
})

describe('§4 where tokens come from and when they apply', () => {
  it('§4 URL position 6 (f?p ClearCache) — the cause names the token and the URL', () => {
    const engine = filled()
    const url = `f?p=60:1:${idOf(engine, 'A')}::NO:1:P1_B:new`
    const step = only(engine, { type: 'request', url })
    expect(sets(step).slice(0, 3).map((e) => [e.item, e.to, e.cause])).toEqual([
      ['P1_A', null, `ClearCache token 1 in URL ${url}`],
      ['P1_B', null, `ClearCache token 1 in URL ${url}`],
      ['P1_U', null, `ClearCache token 1 in URL ${url}`],
    ])
    // Clearing happens before the URL's item values are set.
    expect(cell(engine, 'A', 'P1_B')).toEqual(['new', 'U'])
    expect(cell(engine, 'A', 'P1_A')).toEqual([null, 'R'])
  })

  it('§4 a friendly URL’s clear= parameter', () => {
    const engine = filled()
    const step = only(engine, { type: 'request', url: `/ords/ws/r/cc/2?session=${idOf(engine, 'A')}&clear=2,RP&p2_b=x` })
    expect(step.outcome).toBe('ok')
    expect(step.request?.clearCache).toEqual(['2', 'RP'])
    expect(cell(engine, 'A', 'P2_A')).toEqual([null, 'R'])
    expect(cell(engine, 'A', 'P2_B')).toEqual(['x', 'I'])
    expect(notices(step, 'reportReset')).toHaveLength(1)
  })

  it('§4 a branch target’s ClearCache applies in the target request', () => {
    const engine = filled()
    const steps = engine.run({ type: 'request', session: 'A', url: 'f?p=60:4:&SESSION.::::P4_GO:1' })
    expect(steps).toHaveLength(2)
    const target = steps[1]!
    expect(target.request?.clearCache).toEqual(['2', 'P1_B'])
    expect(sets(target).filter((e) => e.toStatus === 'R').map((e) => e.item)).toEqual(['P2_A', 'P1_B'])
    expect(valueOf(engine, 'A', 'P1_A')).toBe('set by branch')
  })

  it('§4 a Clear Session State process clears, and the cleared items read null for the rest of the request', () => {
    const engine = filled()
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=60:3:&SESSION.::::P3_TEMP:t' })
    expect(sets(step).filter((e) => e.toStatus === 'R').map((e) => [e.item, e.cause])).toEqual([
      ['P2_A', "ClearCache token 2 in process 'Clear Session State' on page 3"],
      ['P1_A', "ClearCache token P1_A in process 'Clear Session State' on page 3"],
    ])
    expect(valueOf(engine, 'A', 'P3_SEEN')).toBe('null/t')
  })

  it('§4 SESSION in a Clear Session State process also resets the Per Request values of the current request', () => {
    // An item token or a page token nulls a value the request already holds (see the test above);
    // SESSION ("every item of every app in the session") must do so too.
    const engine = filled()
    show(engine, 'f?p=60:5:&SESSION.::::P5_TEMP:t', { session: 'A' })
    expect(valueOf(engine, 'A', 'P5_SEEN')).toBe('null')
  })
})

describe('§4 Per User values and clear cache', () => {
  function loggedIn(): Engine {
    const engine = filled()
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    engine.run({ type: 'request', session: 'A', url: 'f?p=60:1:&SESSION.' })
    engine.run({ type: 'submit', session: 'A', app: 60, page: 1, values: { P1_U: 'mine' } })
    engine.run({ type: 'setState', session: 'A', app: 60, item: 'A_PREF', value: 'pref' })
    return engine
  }

  it('§4 Decision: clearing touches session-stored values only; the Per User store is kept and the step shows a note (item, page and APP tokens)', () => {
    for (const tokens of ['P1_U', '1', 'APP']) {
      const engine = loggedIn()
      const users = engine.userRows()
      const step = only(engine, { type: 'clearCache', session: 'A', app: 60, tokens })
      expect(engine.userRows(), tokens).toEqual(users)
      expect(userValue(engine, 'SCOTT', 60, 'P1_U')).toBe('mine')
      expect(notices(step, 'perUserKept').map((n) => n.item)).toEqual(tokens === 'APP' ? ['A_PREF', 'P1_U'].sort() : ['P1_U'])
      expect(notices(step, 'perUserKept')[0]!.message).toMatch(/is Per User: its value for user SCOTT is kept \(clear cache touches session state only\)$/)
      // The session row (from before login) is reset; the Per User value is what the item reads now.
      expect(cell(engine, 'A', 'P1_U')).toEqual([null, 'R'])
    }
  })

  it('§4 Decision: SESSION keeps Per User values and shows the Per User note as well', () => {
    const engine = loggedIn()
    const users = engine.userRows()
    const step = only(engine, { type: 'clearCache', session: 'A', app: 60, tokens: 'SESSION' })
    expect(engine.userRows()).toEqual(users)
    expect(notices(step, 'perUserKept').map((n) => n.item).sort()).toEqual(['A_PREF', 'P1_U'])
  })

  it('§4 for user nobody a Per User item is session state and is cleared without a note', () => {
    const engine = filled()
    const step = only(engine, { type: 'clearCache', session: 'A', app: 60, tokens: 'P1_U' })
    expect(cell(engine, 'A', 'P1_U')).toEqual([null, 'R'])
    expect(notices(step, 'perUserKept')).toEqual([])
  })
})

describe('§4 APEX_UTIL equivalents (trace clearCache event)', () => {
  it('§4 CLEAR_PAGE_CACHE(page) is a page token', () => {
    const engine = filled()
    const step = only(engine, { type: 'clearCache', session: 'A', app: 60, tokens: '2' })
    expect(step.kind).toBe('clearCache')
    expect(step.outcome).toBe('ok')
    expect(sets(step).map((e) => [e.item, e.toStatus, e.cause])).toEqual([['P2_A', 'R', 'ClearCache token 2 in APEX_UTIL clear-cache call (2)']])
  })

  it('§4 CLEAR_APP_CACHE(app) is APP for that app (another app of the session keeps its values)', () => {
    const engine = filled()
    // The session's current app is 61; the event names app 60.
    const step = only(engine, { type: 'clearCache', session: 'A', app: 60, tokens: 'APP' })
    expect(step.app).toBe(60)
    expect(sets(step).map((e) => e.item).sort()).toEqual(['A_ITEM', 'P1_A', 'P1_B', 'P1_U', 'P2_A'])
    expect(valueOf(engine, 'A', 'Q1_A')).toBe('q')
    // Without `app` the session's current app (61) is meant.
    const step2 = only(engine, { type: 'clearCache', session: 'A', tokens: 'APP' })
    expect(step2.app).toBe(61)
    expect(sets(step2).map((e) => e.item).sort()).toEqual(['B_ITEM', 'Q1_A'])
    expect(valueOf(engine, 'A', 'G_THEME')).toBe('dark')
  })

  it('§4 CLEAR_USER_CACHE is SESSION', () => {
    const engine = filled()
    only(engine, { type: 'clearCache', session: 'A', tokens: 'SESSION' })
    expect(engine.stateRows(idOf(engine, 'A')).every((r) => r.value === null && r.status === 'R')).toBe(true)
  })

  it('§4 clear cache in one session never touches another session', () => {
    const engine = filled()
    show(engine, 'f?p=60:1:::::P1_A:other', { as: 'B' })
    only(engine, { type: 'clearCache', session: 'A', tokens: 'SESSION' })
    expect(cell(engine, 'B', 'P1_A')).toEqual(['other', 'I'])
  })
})
