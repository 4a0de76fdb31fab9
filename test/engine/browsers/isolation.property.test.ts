/**
 * Issue #16's isolation property: no sequence of requests from browser B ever
 * joins a session owned by browser A — except through a clone (made in A's
 * own tab) or a documented rejoin (through A's own cookie), both of which
 * stay inside the browser that owns the session.
 */
import { fc, test as propTest } from '@fast-check/vitest'
import { afterAll, describe, expect } from 'vitest'
import type { Action, AppSpec } from './browser-world.js'
import { apply, newWorld } from './browser-world.js'
import type { RejoinSessions } from '../../../src-main/engine/browsers/index.js'

const BROWSERS = ['A', 'B', 'C']
const rejoinArb = fc.constantFrom<RejoinSessions>('disabled', 'public', 'all')
const appsArb: fc.Arbitrary<AppSpec[]> = fc.record({ shared: fc.boolean(), r100: fc.option(rejoinArb, { nil: undefined }), r200: fc.option(rejoinArb, { nil: undefined }) }).map(({ shared, r100, r200 }) => [
  { id: 100, rejoin: r100, ...(shared ? { sessionCookie: { name: 'SHARED' } } : {}) },
  { id: 200, rejoin: r200, ...(shared ? { sessionCookie: { name: 'SHARED' } } : {}) },
])
const browserArb = fc.constantFrom(...BROWSERS)
const appArb = fc.constantFrom(100, 200)
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      browser: browserArb,
      app: appArb,
      url: fc.oneof(fc.constant('none' as const), fc.constant('zero' as const), fc.constant('unknown' as const), fc.record({ issued: fc.nat() })),
      payload: fc.boolean(),
      checksum: fc.constantFrom('valid' as const, 'missing' as const, 'invalid' as const),
      pageRejoin: fc.option(rejoinArb, { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clone' as const), browser: browserArb, app: appArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('login' as const), browser: browserArb, app: appArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('logout' as const), browser: browserArb, app: appArb }) },
)

// Decisions seen across all runs, so the property is known to have exercised joins of both kinds and refused foreign links.
const seen = { url: 0, rejoin: 0, refused: 0 }

describe('browsers never share sessions', () => {
  propTest.prop([appsArb, rejoinArb, fc.array(actionArb, { minLength: 1, maxLength: 40 })], { numRuns: 300 })(
    'every session a request joins belongs to the requesting browser',
    (apps, instance, actions) => {
      const w = newWorld(BROWSERS)
      for (const a of actions) {
        const d = apply(w, apps, instance, a)
        if (d === null) continue
        if (d.decision.kind === 'new') {
          // A pasted link to another browser's live session: refused (counted to show the case is exercised).
          if (d.owner !== null && d.owner !== d.browser) seen.refused++
          continue
        }
        seen[d.decision.via]++
        expect(d.owner, `${d.browser} joined a session of ${d.owner}: ${d.decision.reason}`).toBe(d.browser)
      }
    },
  )

  afterAll(() => {
    // Not vacuous: pasted links were tried, and both kinds of join happened.
    expect(seen.url).toBeGreaterThan(0)
    expect(seen.rejoin).toBeGreaterThan(0)
    expect(seen.refused).toBeGreaterThan(0)
  })
})
