/**
 * "Which session does this request join?" — one test per rule of
 * join-decision.ts and rejoin-sessions.ts, expected sessions written by hand.
 */
import { describe, expect, it } from 'vitest'
import type { JoinQuestion, SessionView } from '../../../src-main/engine/browsers/index.js'
import {
  clearCookie,
  cookieValueFor,
  decideJoin,
  defaultCookieName,
  effectiveRejoin,
  emptyJar,
  sessionCookieOf,
  setCookie,
} from '../../../src-main/engine/browsers/index.js'

const COOKIE = { name: 'ORA_WWV_APP_100', path: '/' }
const mine: SessionView = { id: 1111111111111, cookie: 'ORA_WWV-1111111111111', authenticated: false, createdAt: 0 }
const theirs: SessionView = { id: 2222222222222, cookie: 'ORA_WWV-2222222222222', authenticated: true, createdAt: 5 }
const myJar = setCookie(emptyJar(), COOKIE.name, mine.cookie)

function ask(over: Partial<JoinQuestion>): JoinQuestion {
  return {
    jar: myJar,
    cookie: COOKIE,
    urlSession: '',
    live: new Map([mine, theirs].map((s) => [s.id, s])),
    rejoin: { setting: 'disabled', why: 'application default' },
    payload: false,
    checksum: 'missing',
    ...over,
  }
}
const authenticatedMine: SessionView = { ...mine, authenticated: true }
const withMine = (s: SessionView) => new Map([s, theirs].map((x) => [x.id, x]))

describe('rule 1: a URL naming a session the cookie holds joins it', () => {
  it('joins by URL', () => {
    const d = decideJoin(ask({ urlSession: String(mine.id) }))
    expect(d).toMatchObject({ kind: 'join', session: 1111111111111, via: 'url' })
    expect(d.reason).toContain('held by this browser')
  })

  it('joins a clone of the group too: clones share the cookie value (a second tab)', () => {
    const clone: SessionView = { id: 3333333333333, cookie: mine.cookie, authenticated: false, createdAt: 9 }
    const d = decideJoin(ask({ urlSession: String(clone.id), live: new Map([mine, theirs, clone].map((s) => [s.id, s])) }))
    expect(d).toMatchObject({ kind: 'join', session: 3333333333333, via: 'url' })
  })
})

describe('rule 2: a URL naming a session the cookie does not hold never joins it', () => {
  it('another browser\'s session: a new session that replaces this browser\'s', () => {
    const d = decideJoin(ask({ urlSession: String(theirs.id) }))
    expect(d).toMatchObject({ kind: 'new', refused: 2222222222222, replaces: 1111111111111 })
    expect(d.reason).toMatch(/not held by this browser's cookie ORA_WWV_APP_100/)
    expect(d.reason).toMatch(/seems logged out/)
  })

  it('also from a browser with no cookie at all', () => {
    const d = decideJoin(ask({ jar: emptyJar(), urlSession: String(theirs.id) }))
    expect(d).toMatchObject({ kind: 'new', refused: 2222222222222, replaces: null })
    expect(d.reason).toContain('(no such cookie)')
  })

  it('Rejoin Sessions does not open another browser\'s session either', () => {
    const d = decideJoin(ask({ urlSession: String(theirs.id), rejoin: { setting: 'all', why: 'application setting' }, checksum: 'valid' }))
    expect(d).toMatchObject({ kind: 'new', refused: 2222222222222 })
  })
})

describe('rule 3: no session in the URL follows Rejoin Sessions', () => {
  it('disabled (the default): a new session replaces the one the cookie held', () => {
    const d = decideJoin(ask({ urlSession: '' }))
    expect(d).toMatchObject({ kind: 'new', refused: null, replaces: 1111111111111 })
    expect(d.reason).toContain('Rejoin Sessions is Disabled (application default)')
  })

  it('session 0 counts as no session', () => {
    expect(decideJoin(ask({ urlSession: '0', rejoin: { setting: 'public', why: 'application setting' } }))).toMatchObject({ kind: 'join', session: 1111111111111, via: 'rejoin' })
  })

  it('a session part that is not a number is refused with the part named', () => {
    expect(() => decideJoin(ask({ urlSession: '12a' }))).toThrow(/session part "12a" is not a session ID/)
  })

  it('an unknown session ID counts as no session', () => {
    expect(decideJoin(ask({ urlSession: '999', rejoin: { setting: 'public', why: 'application setting' } }))).toMatchObject({ kind: 'join', session: 1111111111111, via: 'rejoin' })
    expect(decideJoin(ask({ urlSession: '999' })).reason).toMatch(/^session 999 does not exist/)
  })

  it('public: a public session is rejoined', () => {
    const d = decideJoin(ask({ rejoin: { setting: 'public', why: 'application setting' }, payload: true }))
    expect(d).toMatchObject({ kind: 'join', session: 1111111111111, via: 'rejoin' })
  })

  it('public: an authenticated session is not', () => {
    const d = decideJoin(ask({ live: withMine(authenticatedMine), rejoin: { setting: 'public', why: 'application setting' } }))
    expect(d).toMatchObject({ kind: 'new', replaces: 1111111111111 })
    expect(d.reason).toContain('only public sessions are rejoined')
  })

  it('all: an authenticated session is rejoined by a URL without payload', () => {
    const d = decideJoin(ask({ live: withMine(authenticatedMine), rejoin: { setting: 'all', why: 'application setting' }, payload: false }))
    expect(d).toMatchObject({ kind: 'join', session: 1111111111111, via: 'rejoin' })
  })

  it('all: a URL with payload rejoins an authenticated session only with a valid checksum', () => {
    const base = { live: withMine(authenticatedMine), rejoin: { setting: 'all' as const, why: 'application setting' }, payload: true }
    expect(decideJoin(ask({ ...base, checksum: 'valid' }))).toMatchObject({ kind: 'join', session: 1111111111111 })
    const missing = decideJoin(ask({ ...base, checksum: 'missing' }))
    expect(missing).toMatchObject({ kind: 'new', replaces: 1111111111111 })
    expect(missing.reason).toContain('without a checksum')
    expect(decideJoin(ask({ ...base, checksum: 'invalid' })).reason).toContain('does not verify')
  })

  it('no cookie: nothing to rejoin', () => {
    expect(decideJoin(ask({ jar: emptyJar(), rejoin: { setting: 'all', why: 'application setting' } }))).toMatchObject({ kind: 'new', replaces: null })
  })

  it('a cookie whose session is gone (logged out, expired): nothing to rejoin', () => {
    expect(decideJoin(ask({ live: new Map([[theirs.id, theirs]]), rejoin: { setting: 'all', why: 'application setting' } }))).toMatchObject({ kind: 'new', replaces: null })
  })

  it('a clone group is rejoined at its original (earliest created)', () => {
    const clone: SessionView = { id: 1000000000000, cookie: mine.cookie, authenticated: false, createdAt: 9 }
    const d = decideJoin(ask({ live: new Map([clone, mine].map((s) => [s.id, s])), rejoin: { setting: 'public', why: 'application setting' } }))
    expect(d).toMatchObject({ kind: 'join', session: 1111111111111 })
  })
})

describe('seed 003 §3.8.3, "About Resetting an Application Completely"', () => {
  it('without cookie tracking, a URL without a session ID resets (a new session)', () => {
    expect(decideJoin(ask({ urlSession: '' }))).toMatchObject({ kind: 'new' })
  })

  it('with the session tracked by the cookie (Rejoin Sessions), the same URL does not reset: "you must logout"', () => {
    const rejoin = { setting: 'public' as const, why: 'application setting' }
    expect(decideJoin(ask({ urlSession: '', rejoin }))).toMatchObject({ kind: 'join', session: mine.id })
    // Logout clears the cookie (and deletes the session): the next URL resets.
    const afterLogout = decideJoin(ask({ urlSession: '', rejoin, jar: clearCookie(myJar, COOKIE.name), live: new Map([[theirs.id, theirs]]) }))
    expect(afterLogout).toMatchObject({ kind: 'new', replaces: null })
  })
})

describe('Rejoin Sessions levels', () => {
  it('the page overrides the application', () => {
    expect(effectiveRejoin({ app: 'public', page: 'disabled' }, 4)).toEqual({ setting: 'disabled', why: 'page 4 setting' })
    expect(effectiveRejoin({ app: 'disabled', page: 'public' })).toEqual({ setting: 'public', why: 'page setting' })
  })

  it('an application that says nothing is disabled', () => {
    expect(effectiveRejoin({})).toEqual({ setting: 'disabled', why: 'application default' })
  })

  it('the instance caps the application and page (default public)', () => {
    expect(effectiveRejoin({ app: 'all' })).toEqual({ setting: 'public', why: 'instance setting (public) caps the application setting (all)' })
    expect(effectiveRejoin({ instance: 'all', app: 'all' })).toEqual({ setting: 'all', why: 'application setting' })
    expect(effectiveRejoin({ instance: 'disabled', page: 'public' }, 7).setting).toBe('disabled')
  })
})

describe('session cookie', () => {
  it('an app without a cookie name gets ORA_WWV_APP_<id> at /', () => {
    expect(defaultCookieName(100)).toBe('ORA_WWV_APP_100')
    expect(sessionCookieOf({ id: 100 })).toEqual({ name: 'ORA_WWV_APP_100', path: '/' })
  })

  it('apps naming the same cookie share it', () => {
    const a = sessionCookieOf({ id: 100, sessionCookie: { name: 'SHARED' } })
    const b = sessionCookieOf({ id: 200, sessionCookie: { name: 'SHARED' } })
    expect(a).toEqual(b)
    // …so a session created through app 100 is held for app 200 as well.
    const jar = setCookie(emptyJar(), a.name, mine.cookie, a.path)
    expect(decideJoin(ask({ jar, cookie: b, urlSession: String(mine.id) }))).toMatchObject({ kind: 'join', session: mine.id })
  })

  it('apps with different cookies do not share', () => {
    const b = sessionCookieOf({ id: 200 })
    expect(decideJoin(ask({ cookie: b, urlSession: String(mine.id) }))).toMatchObject({ kind: 'new', refused: mine.id })
  })

  it('cookie values name the session that received them', () => {
    expect(cookieValueFor(4711)).toBe('ORA_WWV-4711')
    expect(() => cookieValueFor(0)).toThrow(/not a positive integer/)
  })
})

describe('review: a session part past 2^53', () => {
  it('never joins the live session it would round to (…993 reads as …992 as a JS number)', () => {
    const big: SessionView = { id: 9007199254740992, cookie: 'ORA_WWV-9007199254740992', authenticated: false, createdAt: 0 }
    const jar = setCookie(emptyJar(), COOKIE.name, big.cookie)
    const d = decideJoin(ask({ jar, urlSession: '9007199254740993', live: new Map([[big.id, big]]) }))
    expect(d).toMatchObject({ kind: 'new', refused: null, replaces: 9007199254740992 })
    expect(d.reason).toContain('session 9007199254740993 does not exist')
  })
})
