/**
 * Session State Protection checksums (engine/url/checksum.ts): one test per
 * rule, and the property that a tampered URL never passes.
 */
import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { ChecksumContext, ChecksumScope, ProtectionRules } from '../../../src-main/engine/url/checksum.js'
import {
  APEX_SSP_VIOLATION,
  CHECKSUM_LEVEL,
  checkSessionStateProtection,
  checksumKey,
  computeChecksum,
  demandedChecksum,
  readChecksum,
  signUrl,
} from '../../../src-main/engine/url/checksum.js'
import { buildUrl, parseUrl } from '../../../src-main/engine/url/index.js'
import type { UrlRequest } from '../../../src-main/engine/url/index.js'

const KEY = checksumKey(42, 'SALT-A')
const CTX: ChecksumContext = { app: 100, page: 5, user: 'SCOTT', session: 1234567890123 }

function url(text: string): UrlRequest {
  const r = parseUrl(text)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}
const rules = (over: Partial<ProtectionRules> = {}): ProtectionRules => ({ enabled: true, argumentsMustHaveChecksum: false, itemScope: () => undefined, ...over })
const EMPNO_SESSION = (name: string): ChecksumScope | undefined => (name === 'P5_EMPNO' ? 'session' : undefined)
const EMPNO_APP = (name: string): ChecksumScope | undefined => (name === 'P5_EMPNO' ? 'application' : undefined)

describe('checksums', () => {
  it('are deterministic: the same key, scope, context and URL give the same cs', () => {
    const u = url('f?p=100:5:1234567890123::NO::P5_EMPNO:7839')
    expect(computeChecksum(checksumKey(42, 'SALT-A'), 'session', CTX, u)).toBe(computeChecksum(KEY, 'session', CTX, u))
  })

  it('begin with their level digit and carry 43 base64url characters', () => {
    const u = url('f?p=100:5:::NO::P5_EMPNO:7839')
    for (const [scope, digit] of [['application', '1'], ['user', '2'], ['session', '3']] as const) {
      expect(computeChecksum(KEY, scope, CTX, u)).toMatch(new RegExp(`^${digit}[A-Za-z0-9_-]{43}$`))
    }
  })

  it('differ per workspace secret and per app salt', () => {
    const u = url('f?p=100:5:::NO::P5_EMPNO:7839')
    const a = computeChecksum(KEY, 'application', CTX, u)
    expect(computeChecksum(checksumKey(43, 'SALT-A'), 'application', CTX, u)).not.toBe(a)
    expect(computeChecksum(checksumKey(42, 'SALT-B'), 'application', CTX, u)).not.toBe(a)
  })

  it('survive a round trip through the URL text, f?p and friendly', () => {
    const signed = signUrl(KEY, 'session', CTX, url('f?p=100:5:1234567890123::NO:RP:P5_EMPNO:7839'))
    expect(buildUrl(signed)).toMatch(/&cs=3/)
    expect(readChecksum(KEY, CTX, url(buildUrl(signed)))).toEqual({ state: 'valid', scope: 'session' })
    const friendly = signUrl(KEY, 'application', CTX, url('/ords/r/ws/hr/emp?p5_empno=7839&clear=RP'))
    expect(readChecksum(KEY, CTX, url(buildUrl(friendly)))).toEqual({ state: 'valid', scope: 'application' })
  })

  it('signing twice keeps one cs', () => {
    const once = signUrl(KEY, 'user', CTX, url('f?p=100:5:::NO::P5_EMPNO:7839&success_msg=x'))
    const twice = signUrl(KEY, 'user', CTX, once)
    expect(twice.extra.filter((p) => p.name === 'cs')).toHaveLength(1)
    expect(twice.extra[0]).toEqual({ name: 'success_msg', value: 'x' })
  })

  it('an application-level checksum holds in any session of any user; a session-level one only in its session', () => {
    const app = signUrl(KEY, 'application', CTX, url('f?p=100:5:::NO::P5_EMPNO:7839'))
    expect(readChecksum(KEY, { ...CTX, session: 1, user: 'KING' }, app).state).toBe('valid')
    const ses = signUrl(KEY, 'session', CTX, url('f?p=100:5:::NO::P5_EMPNO:7839'))
    expect(readChecksum(KEY, { ...CTX, session: 1 }, ses).state).toBe('invalid')
    const usr = signUrl(KEY, 'user', CTX, url('f?p=100:5:::NO::P5_EMPNO:7839'))
    expect(readChecksum(KEY, { ...CTX, session: 1, user: 'scott' }, usr).state).toBe('valid')
    expect(readChecksum(KEY, { ...CTX, user: 'KING' }, usr).state).toBe('invalid')
  })

  it('reads a malformed or doubled cs as invalid, with the reason', () => {
    expect(readChecksum(KEY, CTX, url('f?p=100:5:::NO::P5_EMPNO:7839&cs=abc'))).toMatchObject({ state: 'invalid', reason: expect.stringContaining('"abc"') })
    expect(readChecksum(KEY, CTX, url('f?p=100:5&cs=1x&cs=1y'))).toMatchObject({ state: 'invalid', reason: expect.stringContaining('2 checksums') })
    // A right level digit with a short or foreign body is refused by its shape, before any comparison.
    expect(readChecksum(KEY, CTX, url('f?p=100:5:::NO::P5_EMPNO:7839&cs=3abc'))).toMatchObject({ state: 'invalid', reason: expect.stringContaining('not one this app issues') })
  })
})

describe('Session State Protection', () => {
  it('page C: a URL with item values and no checksum fails with APEX\'s words', () => {
    const v = checkSessionStateProtection(KEY, CTX, url('f?p=100:5:::NO::P5_X:1'), rules({ argumentsMustHaveChecksum: true }))
    expect(v).toEqual({
      ok: false,
      checksum: 'missing',
      reason: 'page 5 has access protection "Arguments Must Have Checksum" (C) and the URL sets item values (P5_X), but the URL has no checksum (cs=)',
      apexMessage: APEX_SSP_VIOLATION,
    })
  })

  it('page C: a request or clear cache is payload too', () => {
    expect(checkSessionStateProtection(KEY, CTX, url('f?p=100:5::SAVE'), rules({ argumentsMustHaveChecksum: true })).ok).toBe(false)
    expect(checkSessionStateProtection(KEY, CTX, url('f?p=100:5::::RP'), rules({ argumentsMustHaveChecksum: true })).ok).toBe(false)
  })

  it('page C: a URL without payload needs no checksum', () => {
    expect(checkSessionStateProtection(KEY, CTX, url('f?p=100:5:1234567890123::NO'), rules({ argumentsMustHaveChecksum: true }))).toEqual({ ok: true, checksum: 'missing' })
  })

  it('page C: any valid checksum will do', () => {
    const signed = signUrl(KEY, 'application', CTX, url('f?p=100:5:::NO::P5_X:1'))
    expect(checkSessionStateProtection(KEY, CTX, signed, rules({ argumentsMustHaveChecksum: true }))).toEqual({ ok: true, checksum: 'valid' })
  })

  it('an item with Checksum Required fails without a checksum even on an unrestricted page', () => {
    const v = checkSessionStateProtection(KEY, CTX, url('f?p=100:5:::NO::P5_EMPNO:7839'), rules({ itemScope: EMPNO_APP }))
    expect(v).toMatchObject({ ok: false, reason: 'item P5_EMPNO has Session State Protection "Checksum Required - Application Level", but the URL has no checksum (cs=)' })
  })

  it('an item demanding the session level refuses an application-level checksum', () => {
    const signed = signUrl(KEY, 'application', CTX, url('f?p=100:5:::NO::P5_EMPNO:7839'))
    const v = checkSessionStateProtection(KEY, CTX, signed, rules({ itemScope: EMPNO_SESSION }))
    expect(v).toMatchObject({ ok: false, checksum: 'valid', reason: expect.stringContaining('application-level, weaker than the session-level one demanded') })
  })

  it('a stricter checksum satisfies a weaker demand (session-level for an application-level item)', () => {
    const signed = signUrl(KEY, 'session', CTX, url('f?p=100:5:::NO::P5_EMPNO:7839'))
    expect(checkSessionStateProtection(KEY, CTX, signed, rules({ itemScope: EMPNO_APP })).ok).toBe(true)
  })

  it('a tampered value fails', () => {
    const signed = buildUrl(signUrl(KEY, 'session', CTX, url('f?p=100:5:::NO::P5_EMPNO:7839')))
    const tampered = url(signed.replace('7839', '7566'))
    const v = checkSessionStateProtection(KEY, CTX, tampered, rules({ itemScope: EMPNO_SESSION }))
    expect(v).toMatchObject({ ok: false, checksum: 'invalid', reason: expect.stringContaining('does not match') })
  })

  it('unprotected items need no checksum', () => {
    expect(checkSessionStateProtection(KEY, CTX, url('f?p=100:5:::NO::P5_X:1'), rules()).ok).toBe(true)
  })

  it('demandedChecksum names the weakest scope that satisfies, or null', () => {
    const u = url('f?p=100:5:::NO::P5_X,P5_EMPNO:1,7839')
    expect(demandedChecksum(5, u, rules())).toBeNull()
    expect(demandedChecksum(5, u, rules({ argumentsMustHaveChecksum: true }))?.scope).toBe('application')
    expect(demandedChecksum(5, u, rules({ argumentsMustHaveChecksum: true, itemScope: EMPNO_SESSION }))).toEqual({
      scope: 'session',
      because: 'item P5_EMPNO has Session State Protection "Checksum Required - Session Level"',
    })
    expect(demandedChecksum(5, u, rules({ enabled: false, itemScope: EMPNO_SESSION }))).toBeNull()
  })

  it('Session State Protection off: nothing is demanded', () => {
    expect(checkSessionStateProtection(KEY, CTX, url('f?p=100:5:::NO::P5_EMPNO:7839'), rules({ enabled: false, argumentsMustHaveChecksum: true, itemScope: EMPNO_SESSION })).ok).toBe(true)
  })
})

// ---- property: a tampered URL never passes -------------------------------

const ITEMS = ['P5_A', 'P5_B', 'P5_C', 'P5_D']
const SCOPES: ChecksumScope[] = ['application', 'user', 'session']

const valueArb = fc.option(fc.string({ minLength: 1, maxLength: 6 }), { nil: null, freq: 5 })
const payloadArb = fc.record({
  request: fc.constantFrom('', 'SAVE', 'DELETE'),
  clearCache: fc.subarray(['RP', '5', 'P5_A']),
  items: fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 4 }).chain((names) => fc.tuple(...names.map((n) => valueArb.map((value) => ({ name: n, value }))))),
})
const protectionArb = fc.record({
  argumentsMustHaveChecksum: fc.boolean(),
  scopes: fc.dictionary(fc.constantFrom(...ITEMS), fc.constantFrom(...SCOPES), { maxKeys: 4 }),
})

type Tamper =
  | { kind: 'value'; index: number; to: string }
  | { kind: 'drop'; index: number }
  | { kind: 'add'; name: string; value: string }
  | { kind: 'request'; to: string }
  | { kind: 'clear'; to: string }
  | { kind: 'swap' }
  | { kind: 'cs'; at: number }
  | { kind: 'noCs' }
  | { kind: 'session' }
  | { kind: 'user' }
  | { kind: 'page' }
  | { kind: 'otherApp' }
const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({ kind: fc.constant('value' as const), index: fc.nat(), to: fc.string({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('drop' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), name: fc.constantFrom(...ITEMS), value: fc.string({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('request' as const), to: fc.constantFrom('', 'SAVE', 'X') }),
  fc.record({ kind: fc.constant('clear' as const), to: fc.constantFrom('', 'APP', 'SESSION') }),
  fc.constant({ kind: 'swap' as const }),
  fc.record({ kind: fc.constant('cs' as const), at: fc.integer({ min: 1, max: 43 }) }),
  fc.constant({ kind: 'noCs' as const }),
  fc.constant({ kind: 'session' as const }),
  fc.constant({ kind: 'user' as const }),
  fc.constant({ kind: 'page' as const }),
  fc.constant({ kind: 'otherApp' as const }),
)

/** The strictest level the page and items demand for `u` (0: none) — restated here, not taken from the code under test. */
function demanded(u: UrlRequest, p: { argumentsMustHaveChecksum: boolean; scopes: Partial<Record<string, ChecksumScope>> }): number {
  let level = p.argumentsMustHaveChecksum && (u.request !== '' || u.clearCache.length > 0 || u.items.length > 0) ? 1 : 0
  for (const i of u.items) {
    const s = p.scopes[i.name]
    if (s !== undefined) level = Math.max(level, CHECKSUM_LEVEL[s])
  }
  return level
}

describe('property', () => {
  propTest.prop([payloadArb, protectionArb, fc.constantFrom(...SCOPES), tamperArb], { numRuns: 400 })(
    'a URL signed by the app passes; the same URL tampered never passes while it still demands a checksum',
    (payload, protection, signScope, tamper) => {
      const base: UrlRequest = { form: 'fp', base: '', app: '100', page: '5', session: '', request: payload.request, debug: '', clearCache: payload.clearCache, items: payload.items, printerFriendly: '', extra: [] }
      const need = demanded(base, protection)
      // The app signs at the strictest demanded scope, or stronger.
      const scope = SCOPES[Math.max(need, CHECKSUM_LEVEL[signScope]) - 1]!
      const signed = signUrl(KEY, scope, CTX, base)
      const r: ProtectionRules = { enabled: true, argumentsMustHaveChecksum: protection.argumentsMustHaveChecksum, itemScope: (n) => protection.scopes[n] }
      expect(checkSessionStateProtection(KEY, CTX, signed, r).ok).toBe(true)

      let u: UrlRequest = signed
      let ctx = CTX
      let key = KEY
      switch (tamper.kind) {
        case 'value': {
          const i = signed.items[tamper.index % Math.max(1, signed.items.length)]
          fc.pre(i !== undefined && i.value !== tamper.to)
          u = { ...signed, items: signed.items.map((x) => (x === i ? { ...x, value: tamper.to } : x)) }
          break
        }
        case 'drop':
          fc.pre(signed.items.length > 0)
          u = { ...signed, items: signed.items.filter((_, k) => k !== tamper.index % signed.items.length) }
          break
        case 'add':
          fc.pre(!signed.items.some((i) => i.name === tamper.name))
          u = { ...signed, items: [...signed.items, { name: tamper.name, value: tamper.value }] }
          break
        case 'request':
          fc.pre(tamper.to !== signed.request)
          u = { ...signed, request: tamper.to }
          break
        case 'clear':
          u = { ...signed, clearCache: tamper.to === '' ? [] : [...signed.clearCache, tamper.to] }
          fc.pre(u.clearCache.join() !== signed.clearCache.join())
          break
        case 'swap':
          fc.pre(signed.items.length >= 2)
          u = { ...signed, items: [...signed.items].reverse() }
          break
        case 'cs': {
          const cs = signed.extra[0]!.value
          const c = cs.charAt(tamper.at)
          u = { ...signed, extra: [{ name: 'cs', value: cs.slice(0, tamper.at) + (c === 'A' ? 'B' : 'A') + cs.slice(tamper.at + 1) }] }
          break
        }
        case 'noCs':
          u = { ...signed, extra: [] }
          break
        case 'session':
          fc.pre(scope === 'session')
          ctx = { ...CTX, session: CTX.session + 1 }
          break
        case 'user':
          fc.pre(scope === 'user')
          ctx = { ...CTX, user: 'KING' }
          break
        case 'page':
          ctx = { ...CTX, page: 6 }
          break
        case 'otherApp':
          key = checksumKey(42, 'SALT-OTHER')
          break
      }
      fc.pre(demanded(u, protection) > 0)
      expect(checkSessionStateProtection(key, ctx, u, r).ok).toBe(false)
    },
  )
})
