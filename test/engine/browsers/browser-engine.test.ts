/**
 * Issue #16 in the engine: browsers, session cookies, Rejoin Sessions and
 * Session State Protection, rule by rule, through Engine.run (the request
 * lifecycle), not the pure decision modules.
 */
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../../src-main/engine/engine.js'
import type { Operation } from '../../../src-main/engine/model/operation.js'
import type { RejoinSessions } from '../../../src-main/engine/model/app-definition.js'
import type { CookieEffect, Effect } from '../../../src-main/engine/model/effect.js'
import { APEX_SSP_VIOLATION } from '../../../src-main/engine/url/checksum.js'
import { expectNoStateChange, expectReversible, makeEngine, notices, run } from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'
import { SessionState } from '../../../src-main/engine/state/session-state.js'

function hr(opts: { rejoin?: RejoinSessions; pageRejoin?: RejoinSessions; cookie?: string; id?: number; ssp?: boolean } = {}): App {
  const id = opts.id ?? 100
  return {
    id,
    name: `App ${id}`,
    homePage: 1,
    ...(opts.rejoin ? { settings: { rejoinSessions: opts.rejoin } } : {}),
    ...(opts.cookie ? { sessionCookie: { name: opts.cookie } } : {}),
    ...(opts.ssp === false ? { sessionStateProtection: false } : {}),
    items: [{ name: 'A_APP_ITEM', checksumRequired: 'application' }],
    pages: [
      { id: 1, name: 'Home', items: [{ name: 'P1_NOTE' }] },
      { id: 2, name: 'Bookmarks', ...(opts.pageRejoin ? { settings: { rejoinSessions: opts.pageRejoin } } : {}) },
      { id: 5, name: 'Employee', argumentsMustHaveChecksum: true, items: [{ name: 'P5_EMPNO' }] },
      { id: 6, name: 'Salary', items: [{ name: 'P6_USER', checksumRequired: 'user' }, { name: 'P6_SAL', checksumRequired: 'session' }] },
      {
        id: 7,
        name: 'Form',
        items: [{ name: 'P7_EMPNO' }],
        branches: [{ point: 'afterProcessing', target: 'f?p=&APP_ID.:5:&SESSION.::NO::P5_EMPNO:&P7_EMPNO.' }],
      },
    ],
  } as App
}

/** The last step of an operation (a redirect adds steps). */
function step(engine: Engine, op: Operation) {
  const steps = run(engine, op)
  return steps[steps.length - 1]!
}

function cookieEffects(effects: readonly Effect[]): CookieEffect[] {
  return effects.filter((e): e is CookieEffect => e.op === 'cookie')
}

function cookieOf(engine: Engine, browser: string, name = 'ORA_WWV_APP_100'): string | null {
  const b = engine.state.browsers.get(browser)
  return b ? ([...b.jar.cookies.values()].find((c) => c.name === name)?.value ?? null) : null
}

function idOf(engine: Engine, alias: string): number {
  const id = engine.resolveSession(alias)
  if (id === null) throw new Error(`no session ${alias}`)
  return id
}

/** Alice opens the app (session A) and stores a note. */
function aliceWithNote(engine: Engine): number {
  step(engine, { type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' })
  step(engine, { type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:1:&SESSION.::NO::P1_NOTE:hello' })
  return idOf(engine, 'A')
}

describe('a browser and its session cookie', () => {
  it('a new session from a named browser records its browser and cookie, and the browser gets the cookie', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    const s = step(engine, { type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' })
    const a = idOf(engine, 'A')
    expect(s.effects.find((e) => e.op === 'browser')).toMatchObject({ browser: 'Alice' })
    expect(cookieEffects(s.effects)).toEqual([expect.objectContaining({ browser: 'Alice', name: 'ORA_WWV_APP_100', from: null, to: `ORA_WWV-${a}` })])
    expect(engine.state.sessions.get(a)).toMatchObject({ browser: 'Alice', cookie: `ORA_WWV-${a}` })
  })

  it('a request carrying a session its browser does not hold is not joined: a new session, the reason in words', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    const a = aliceWithNote(engine)
    const before = engine.state.rowsOf(a)
    const s = step(engine, { type: 'request', browser: 'Bob', session: 'A', url: 'f?p=100:1:&SESSION.', as: 'B' })
    expect(s.session).not.toBe(a)
    expect(s.session).toBe(idOf(engine, 'B'))
    const [notice] = notices(s, 'sessionNotJoined')
    expect(notice!.message).toMatch(new RegExp(`session ${a} is not held by this browser's cookie ORA_WWV_APP_100`))
    expect(notice!.message).toMatch(/does not join a session from another browser/)
    // A is untouched: same rows, Bob's session has no note.
    expect(engine.state.rowsOf(a)).toEqual(before)
    expect(engine.state.rowsOf(s.session!).find((r) => r.item === 'P1_NOTE')).toBeUndefined()
  })

  it('an event without a browser acting on a session acts from its owner (no refusal)', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    const a = aliceWithNote(engine)
    const s = step(engine, { type: 'request', session: 'A', url: 'f?p=100:2:&SESSION.' })
    expect(s.session).toBe(a)
  })

  it('a pasted link that names a session its own browser holds joins it', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    const a = aliceWithNote(engine)
    expect(step(engine, { type: 'request', browser: 'Alice', url: `f?p=100:2:${a}` }).session).toBe(a)
  })

  it('a foreign link replaces the browser\'s own session in its cookie (it "seems logged out")', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    const a = aliceWithNote(engine)
    step(engine, { type: 'request', browser: 'Bob', url: 'f?p=100:1', as: 'B' })
    const b = idOf(engine, 'B')
    const s = step(engine, { type: 'request', browser: 'Bob', url: `f?p=100:1:${a}`, as: 'B2' })
    expect(notices(s, 'sessionNotJoined')[0]!.message).toMatch(new RegExp(`replaces session ${b} in this browser`))
    expect(cookieOf(engine, 'Bob')).toBe(`ORA_WWV-${s.session}`)
  })

  it('names starting with ~ are reserved for implicit browsers: the operation is refused as input, nothing recorded', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    expect(() => engine.run({ type: 'request', browser: '~1', url: 'f?p=100:1' })).toThrow(/reserved for implicit browsers/)
    expect(engine.steps).toEqual([])
  })
})

describe('Rejoin Sessions for a URL without a session', () => {
  const noSession = (engine: Engine, url = 'f?p=100:2') => step(engine, { type: 'request', browser: 'Alice', url })

  it('disabled (the application default): a new session', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    const a = aliceWithNote(engine)
    const s = noSession(engine)
    expect(s.session).not.toBe(a)
    expect(notices(s, 'sessionNotRejoined')[0]!.message).toMatch(/Rejoin Sessions is Disabled \(application default\)/)
  })

  it('public at app level: the public session is rejoined', () => {
    const engine = makeEngine([hr({ rejoin: 'public' })], { seed: 1 })
    const a = aliceWithNote(engine)
    const s = noSession(engine)
    expect(s.session).toBe(a)
    expect(notices(s, 'sessionRejoined')[0]!.message).toMatch(/public session .* is rejoined/)
  })

  it('public at page level overrides a disabled app', () => {
    const engine = makeEngine([hr({ pageRejoin: 'public' })], { seed: 1 })
    const a = aliceWithNote(engine)
    expect(noSession(engine, 'f?p=100:2').session).toBe(a)
    expect(noSession(engine, 'f?p=100:1').session).not.toBe(a)
  })

  it('the trace header (instance) caps the app: instance disabled beats app public', () => {
    const engine = makeEngine([hr({ rejoin: 'public' })], { seed: 1, settings: { rejoinSessions: 'disabled' } })
    const a = aliceWithNote(engine)
    const s = noSession(engine)
    expect(s.session).not.toBe(a)
    expect(notices(s, 'sessionNotRejoined')[0]!.message).toMatch(/instance setting \(disabled\) caps/)
  })

  it('public does not rejoin an authenticated session; all does, but a payload needs a valid checksum', () => {
    for (const [rejoin, url, sign, joins] of [
      ['public', 'f?p=100:2', undefined, false],
      ['all', 'f?p=100:2', undefined, true],
      ['all', 'f?p=100:1:::NO::P1_NOTE:x', undefined, false],
      ['all', 'f?p=100:1:::NO::P1_NOTE:x', 'session', true],
    ] as const) {
      const engine = makeEngine([hr({ rejoin })], { seed: 1, settings: { rejoinSessions: 'all' } })
      aliceWithNote(engine)
      step(engine, { type: 'login', browser: 'Alice', session: 'A', user: 'ALICE' })
      const a = idOf(engine, 'A')
      const s = step(engine, sign ? { type: 'request', browser: 'Alice', url, sign } : { type: 'request', browser: 'Alice', url })
      expect(s.session === a, `${rejoin} ${url} ${sign ?? ''}`).toBe(joins)
    }
  })
})

describe('login and logout move the cookie', () => {
  it('login renews the cookie value of the session and of its clones, in the browser too; logout clears it', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    const a = aliceWithNote(engine)
    step(engine, { type: 'request', browser: 'Alice', url: `f?p=100:1:${a}:APEX_CLONE_SESSION`, as: 'A2' })
    const clone = idOf(engine, 'A2')
    expect(engine.state.sessions.get(clone)!.cookie).toBe(`ORA_WWV-${a}`)
    const login = step(engine, { type: 'login', browser: 'Alice', session: 'A', user: 'ALICE' })
    const renewed = `ORA_WWV-${login.session}`
    expect(cookieEffects(login.effects)).toEqual([expect.objectContaining({ from: `ORA_WWV-${a}`, to: renewed })])
    expect(cookieOf(engine, 'Alice')).toBe(renewed)
    expect(engine.state.sessions.get(clone)!.cookie).toBe(renewed)
    // The clone, in a second tab of the same browser, is still held after the login.
    expect(step(engine, { type: 'request', browser: 'Alice', url: `f?p=100:1:${clone}` }).session).toBe(clone)
    const logout = step(engine, { type: 'logout', browser: 'Alice', session: 'A' })
    expect(cookieEffects(logout.effects)).toEqual([expect.objectContaining({ from: renewed, to: null })])
    expect(cookieOf(engine, 'Alice')).toBeNull()
    // Seed 003: with the session in a cookie, logging out resets the app — the next visit starts afresh.
    const next = step(engine, { type: 'request', browser: 'Alice', url: 'f?p=100:1' })
    expect(engine.state.rowsOf(next.session!).find((r) => r.item === 'P1_NOTE')).toBeUndefined()
    expect(notices(next, 'sessionNotRejoined')).toEqual([])
  })

  it('login and logout from a browser that does not hold the session are refused and change nothing', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    aliceWithNote(engine)
    for (const op of [
      { type: 'login', browser: 'Bob', session: 'A', user: 'BOB' },
      { type: 'logout', browser: 'Bob', session: 'A' },
      { type: 'clone', browser: 'Bob', session: 'A', as: 'X' },
    ] as Operation[]) {
      expectNoStateChange(engine, () => {
        const s = step(engine, op)
        expect(s.outcome, op.type).toBe('error')
        expect(s.reason).toMatch(/refused: session \d+ is not held by browser Bob/)
      })
    }
  })
})

describe('apps and tabs', () => {
  it('apps that name the same cookie share the session; apps with their own cookies do not', () => {
    for (const shared of [true, false]) {
      const apps = shared ? [hr({ cookie: 'SHARED' }), hr({ id: 200, cookie: 'SHARED' })] : [hr(), hr({ id: 200 })]
      const engine = makeEngine(apps, { seed: 1 })
      step(engine, { type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' })
      const a = idOf(engine, 'A')
      const s = step(engine, { type: 'request', browser: 'Alice', url: `f?p=200:1:${a}` })
      expect(s.session === a, `shared ${shared}`).toBe(shared)
    }
  })

  it('APEX_CLONE_SESSION in a second tab clones a session the browser holds; from another browser it clones nothing', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    const a = aliceWithNote(engine)
    const mine = run(engine, { type: 'request', browser: 'Alice', url: `f?p=100:1:${a}:APEX_CLONE_SESSION`, as: 'A2' })[0]!
    expect(mine.kind).toBe('clone')
    expect(engine.state.rowsOf(mine.session!).find((r) => r.item === 'P1_NOTE')?.value).toBe('hello')
    const theirs = run(engine, { type: 'request', browser: 'Bob', url: `f?p=100:1:${a}:APEX_CLONE_SESSION`, as: 'B' })[0]!
    expect(theirs.kind).toBe('show')
    expect(engine.state.rowsOf(theirs.session!).find((r) => r.item === 'P1_NOTE')).toBeUndefined()
  })

  it('a submit from a browser that does not hold the session is refused and changes nothing; from the holder it is accepted', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    aliceWithNote(engine)
    expectNoStateChange(engine, () => {
      const s = step(engine, { type: 'submit', browser: 'Bob', session: 'A', page: 1, values: { P1_NOTE: 'hijacked' } })
      expect(s.outcome).toBe('error')
      expect(s.reason).toMatch(/submit refused: session \d+ is not held by browser Bob: its cookie ORA_WWV_APP_100 is not set/)
    })
    expect(run(engine, { type: 'submit', browser: 'Alice', session: 'A', page: 1, values: { P1_NOTE: 'mine' } })[0]!.outcome).toBe('ok')
  })
})

describe('Session State Protection', () => {
  const typed = (engine: Engine, url: string) => step(engine, { type: 'request', browser: 'Alice', session: 'A', url })

  it('page "Arguments Must Have Checksum": a typed URL with arguments and no checksum fails with APEX\'s words and changes nothing', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    aliceWithNote(engine)
    expectNoStateChange(engine, () => {
      const s = typed(engine, 'f?p=100:5:&SESSION.::NO::P5_EMPNO:7839')
      expect(s.outcome).toBe('error')
      expect(s.reason).toContain('page 5 has access protection "Arguments Must Have Checksum" (C) and the URL sets item values (P5_EMPNO), but the URL has no checksum (cs=)')
      expect(s.reason).toContain(APEX_SSP_VIOLATION)
      expect(s.effects).toEqual([])
    })
    // Without arguments the page opens; signed, it opens with them.
    expect(typed(engine, 'f?p=100:5:&SESSION.').outcome).toBe('ok')
    expect(step(engine, { type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:5:&SESSION.::NO::P5_EMPNO:7839', sign: 'application' }).outcome).toBe('ok')
  })

  it('a tampered checksum fails; the signed URL is shown with its cs=', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    aliceWithNote(engine)
    const ok = step(engine, { type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:5:&SESSION.::NO::P5_EMPNO:7839', sign: 'session' })
    expect(ok.outcome).toBe('ok')
    const signedUrl = ok.request!.url
    expect(signedUrl).toMatch(/&cs=3[A-Za-z0-9_-]{43}$/)
    const tampered = signedUrl.replace('7839', '7566')
    expectNoStateChange(engine, () => {
      const s = typed(engine, tampered)
      expect(s.outcome).toBe('error')
      expect(s.reason).toMatch(/the session-level checksum does not match/)
    })
    expect(typed(engine, signedUrl).outcome).toBe('ok')
  })

  it('item "Checksum Required" at application, user and session level demands that scope or a stricter one', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    aliceWithNote(engine)
    const at = (url: string, sign?: 'application' | 'user' | 'session') => step(engine, sign ? { type: 'request', browser: 'Alice', session: 'A', url, sign } : { type: 'request', browser: 'Alice', session: 'A', url })
    expect(at('f?p=100:1:&SESSION.::NO::A_APP_ITEM:1').reason).toMatch(/Checksum Required - Application Level/)
    expect(at('f?p=100:1:&SESSION.::NO::A_APP_ITEM:1', 'application').outcome).toBe('ok')
    expect(at('f?p=100:6:&SESSION.::NO::P6_USER:1', 'application').reason).toMatch(/application-level, weaker than the user-level one demanded/)
    expect(at('f?p=100:6:&SESSION.::NO::P6_USER:1', 'user').outcome).toBe('ok')
    expect(at('f?p=100:6:&SESSION.::NO::P6_SAL:1', 'user').reason).toMatch(/user-level, weaker than the session-level one demanded/)
    expect(at('f?p=100:6:&SESSION.::NO::P6_SAL:1', 'session').outcome).toBe('ok')
  })

  it('SSP off for the app demands nothing', () => {
    const engine = makeEngine([hr({ ssp: false })], { seed: 1 })
    aliceWithNote(engine)
    expect(typed(engine, 'f?p=100:5:&SESSION.::NO::P5_EMPNO:7839').outcome).toBe('ok')
  })

  it('a redirect the app builds carries a deterministic session-level checksum and is not refused', () => {
    const results: string[] = []
    for (let i = 0; i < 2; i++) {
      const engine = makeEngine([hr()], { seed: 1 })
      aliceWithNote(engine)
      const steps = run(engine, { type: 'submit', browser: 'Alice', session: 'A', page: 7, values: { P7_EMPNO: '7839' } })
      const follow = steps[steps.length - 1]!
      expect(follow.outcome).toBe('ok')
      expect(follow.page).toBe(5)
      expect(follow.request!.url).toMatch(/P5_EMPNO:7839&cs=3/)
      results.push(follow.request!.url)
    }
    expect(results[0]).toBe(results[1])
  })

  it('a URL from an event without a browser is app-built: not checked (older traces)', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    step(engine, { type: 'request', url: 'f?p=100:1', as: 'A' })
    expect(step(engine, { type: 'request', session: 'A', url: 'f?p=100:5:&SESSION.::NO::P5_EMPNO:7839' }).outcome).toBe('ok')
  })
})

describe('older traces and reversibility', () => {
  it('events without a browser make no browser or cookie effects and records without browser fields', () => {
    const engine = makeEngine([hr()], { seed: 1 })
    const steps = [
      ...run(engine, { type: 'request', url: 'f?p=100:1', as: 'A' }),
      ...run(engine, { type: 'login', session: 'A', user: 'X' }),
      ...run(engine, { type: 'clone', session: 'A', as: 'A2' }),
      ...run(engine, { type: 'logout', session: 'A' }),
    ]
    for (const s of steps) for (const e of s.effects) expect(['browser', 'cookie']).not.toContain(e.op)
    for (const rec of engine.state.sessions.values()) {
      expect(rec).not.toHaveProperty('browser')
      expect(rec).not.toHaveProperty('cookie')
    }
    expect(engine.snapshot()).not.toHaveProperty('browsers')
  })

  it('every step with browser and cookie effects is reversible (backward gives the state before, forward the state after)', () => {
    const engine = makeEngine([hr({ rejoin: 'public' })], { seed: 1 })
    const steps = [
      ...run(engine, { type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' }),
      ...run(engine, { type: 'request', browser: 'Bob', session: 'A', url: 'f?p=100:1:&SESSION.', as: 'B' }),
      ...run(engine, { type: 'request', browser: 'Alice', url: 'f?p=100:2' }),
      ...run(engine, { type: 'login', browser: 'Alice', session: 'A', user: 'ALICE' }),
      ...run(engine, { type: 'request', browser: 'Alice', url: 'f?p=100:1:&SESSION.:APEX_CLONE_SESSION', session: 'A', as: 'A2' }),
      ...run(engine, { type: 'logout', browser: 'Alice', session: 'A' }),
      ...run(engine, { type: 'request', browser: 'Alice', url: 'f?p=100:1' }),
    ]
    expect(steps.some((s) => s.effects.some((e) => e.op === 'cookie' && e.to === null))).toBe(true)
    expectReversible(new SessionState(), steps, engine.state)
  })
})
