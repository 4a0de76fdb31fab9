/**
 * The cookie jar and browsers (issue #16): one test per rule, expected values
 * written by hand from RFC 6265 and the rule's words.
 */
import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  CookieError,
  BrowserError,
  clearCookie,
  cookieValue,
  cookiesFor,
  emptyJar,
  jarForTab,
  newBrowser,
  openTab,
  pathMatches,
  setCookie,
  withJar,
} from '../../../src-main/engine/browsers/index.js'

describe('cookie jar', () => {
  it('sets a cookie per name and path, and a second set with the same name and path replaces the first', () => {
    let jar = setCookie(emptyJar(), 'ORA_WWV_APP_100', 'ORA_WWV-1')
    jar = setCookie(jar, 'ORA_WWV_APP_100', 'ORA_WWV-2')
    expect(cookiesFor(jar)).toEqual([{ name: 'ORA_WWV_APP_100', path: '/', value: 'ORA_WWV-2' }])
  })

  it('keeps cookies of one name at different paths apart', () => {
    let jar = setCookie(emptyJar(), 'C', 'root', '/')
    jar = setCookie(jar, 'C', 'ords', '/ords/')
    expect(cookiesFor(jar, '/ords/f').map((c) => c.value)).toEqual(['ords', 'root'])
    expect(cookiesFor(jar, '/other').map((c) => c.value)).toEqual(['root'])
  })

  it('sends the most specific path first, so cookieValue reads that one', () => {
    let jar = setCookie(emptyJar(), 'C', 'root', '/')
    jar = setCookie(jar, 'C', 'deep', '/ords/r/ws')
    expect(cookieValue(jar, 'C', '/ords/r/ws/app/home')).toBe('deep')
  })

  it('clears one cookie by name and path and leaves the others', () => {
    let jar = setCookie(emptyJar(), 'A', '1')
    jar = setCookie(jar, 'B', '2')
    jar = setCookie(jar, 'A', '3', '/ords/')
    jar = clearCookie(jar, 'A', '/')
    expect(cookiesFor(jar, '/ords/').map((c) => `${c.name}=${c.value}`)).toEqual(['A=3', 'B=2'])
    expect(cookieValue(jar, 'A', '/x')).toBeNull()
  })

  it('clearing a cookie the jar does not have changes nothing', () => {
    const jar = setCookie(emptyJar(), 'A', '1')
    expect(clearCookie(jar, 'B')).toBe(jar)
  })

  it('is immutable: a change returns a new jar and leaves the old one as it was', () => {
    const before = setCookie(emptyJar(), 'A', '1')
    const after = setCookie(before, 'A', '2')
    expect(cookieValue(before, 'A')).toBe('1')
    expect(cookieValue(after, 'A')).toBe('2')
  })

  it('path-matches only at a "/" boundary (RFC 6265 §5.1.4)', () => {
    expect(pathMatches('/ords/f', '/ords')).toBe(true)
    expect(pathMatches('/ords/f', '/ords/')).toBe(true)
    expect(pathMatches('/ordsx/f', '/ords')).toBe(false)
    expect(pathMatches('/ords', '/ords')).toBe(true)
    expect(pathMatches('/', '/ords')).toBe(false)
  })

  it('refuses a bad name, path or value with an error naming it', () => {
    expect(() => setCookie(emptyJar(), 'a b', 'v')).toThrow(CookieError)
    expect(() => setCookie(emptyJar(), 'a b', 'v')).toThrow(/cookie name "a b"/)
    expect(() => setCookie(emptyJar(), 'A', 'v', 'ords')).toThrow(/cookie path "ords"/)
    expect(() => setCookie(emptyJar(), 'A', 'x;y')).toThrow(/value of cookie A/)
    expect(() => cookieValue(emptyJar(), '')).toThrow(CookieError)
  })
})

describe('browsers', () => {
  it('tabs of one browser share its jar', () => {
    let b = openTab(newBrowser('B1'), '2')
    b = withJar(b, setCookie(b.jar, 'ORA_WWV_APP_100', 'ORA_WWV-7'))
    expect(cookieValue(jarForTab(b, '1'), 'ORA_WWV_APP_100')).toBe('ORA_WWV-7')
    expect(cookieValue(jarForTab(b, '2'), 'ORA_WWV_APP_100')).toBe('ORA_WWV-7')
  })

  it('two browsers never share a jar', () => {
    const a = withJar(newBrowser('A'), setCookie(emptyJar(), 'ORA_WWV_APP_100', 'ORA_WWV-7'))
    const b = newBrowser('B')
    expect(cookieValue(b.jar, 'ORA_WWV_APP_100')).toBeNull()
    expect(cookieValue(a.jar, 'ORA_WWV_APP_100')).toBe('ORA_WWV-7')
  })

  it('names the browser and tab in its errors', () => {
    expect(() => jarForTab(newBrowser('B1'), '9')).toThrow(/browser B1 has no tab 9 \(open: 1\)/)
    expect(() => openTab(newBrowser('B1'), '1')).toThrow(BrowserError)
    expect(() => newBrowser(' ')).toThrow(/non-empty name/)
  })
})

// ---- properties: the jar behaves as a map keyed by (name, path) -----------

const nameArb = fc.constantFrom('ORA_WWV_APP_100', 'ORA_WWV_APP_200', 'SHARED', 'x')
const pathArb = fc.constantFrom('/', '/ords', '/ords/', '/ords/r/ws')
const valueArb = fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/)
type JarOp = { set: boolean; name: string; path: string; value: string }
const opArb: fc.Arbitrary<JarOp> = fc.record({ set: fc.boolean(), name: nameArb, path: pathArb, value: valueArb })

describe('cookie jar properties', () => {
  propTest.prop([fc.array(opArb, { maxLength: 30 }), nameArb, pathArb], { numRuns: 300 })(
    'after any sets and clears, each (name, path) holds the last value set since its last clear, as a plain map would',
    (ops, name, requestPath) => {
      let jar = emptyJar()
      const model = new Map<string, string>()
      for (const op of ops) {
        jar = op.set ? setCookie(jar, op.name, op.value, op.path) : clearCookie(jar, op.name, op.path)
        if (op.set) model.set(`${op.name} ${op.path}`, op.value)
        else model.delete(`${op.name} ${op.path}`)
      }
      expect(cookiesFor(jar, '/ords/r/ws/x').length).toBeLessThanOrEqual(model.size)
      // The value a request sees: the model's entry with the longest path that path-matches.
      const candidates = [...model.entries()]
        .map(([k, v]) => ({ n: k.split(' ')[0]!, p: k.split(' ')[1]!, v }))
        .filter((c) => c.n === name && pathMatches(requestPath, c.p))
        .sort((a, b) => b.p.length - a.p.length)
      expect(cookieValue(jar, name, requestPath)).toBe(candidates[0]?.v ?? null)
    },
  )
})
