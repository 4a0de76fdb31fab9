/**
 * sessionViews looks for the sessions holding a cookie value in one clone
 * group (the group of the session the value names) instead of every session
 * record. Checked against the full scan it replaced, after every step of
 * random browser traces with clones, logins, logouts and submits.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { Engine } from '../../../src-main/engine/engine.js'
import type { Operation } from '../../../src-main/engine/model/operation.js'
import type { EngineContext } from '../../../src-main/engine/runtime/engine-context.js'
import { sessionViews } from '../../../src-main/engine/runtime/browser-cookies.js'

const APPS = [
  { id: 100, name: 'HR', homePage: 1, settings: { rejoinSessions: 'public' }, pages: [{ id: 1, name: 'Home', items: [{ name: 'P1_X' }] }, { id: 2, name: 'Other' }] },
  { id: 200, name: 'Shop', homePage: 1, sessionCookie: { name: 'ORA_WWV_APP_100' }, pages: [{ id: 1, name: 'Home' }] },
]
const BROWSERS = ['Alice', 'Bob', 'Carol']

/** The rule before: every live session record whose cookie equals the value. */
function fullScan(ctx: EngineContext, held: string): number[] {
  return [...ctx.state.sessions.values()].filter((s) => s.ended === null && s.cookie === held).map((s) => s.id)
}

describe('sessionViews', () => {
  test.prop([fc.array(fc.record({ kind: fc.nat(7), browser: fc.nat(2), pick: fc.nat(30), app: fc.constantFrom(100, 200) }), { minLength: 1, maxLength: 30 })], { numRuns: 60 })(
    'finds the same sessions for every cookie a browser holds as a scan of every session',
    (actions) => {
      const engine = new Engine({ apps: structuredClone(APPS), seed: 9, settings: { rejoinSessions: 'all' } })
      const ctx = (engine as unknown as { ctx: EngineContext }).ctx
      let checked = 0
      actions.forEach((a, i) => {
        const ids = [...engine.state.sessions.keys()]
        const id = ids.length === 0 ? null : ids[a.pick % ids.length]!
        const browser = BROWSERS[a.browser]!
        let op: Operation
        if (a.kind <= 2 || id === null) op = { type: 'request', browser, url: `f?p=${a.app}:1:${a.kind === 0 || id === null ? '' : id}`, t: i }
        else if (a.kind === 3) op = { type: 'request', browser, url: `f?p=100:1:${id}:APEX_CLONE_SESSION`, t: i }
        else if (a.kind === 4) op = { type: 'login', browser, session: id, user: `U${i}`, t: i }
        else if (a.kind === 5) op = { type: 'logout', browser, session: id, t: i }
        else op = { type: 'submit', browser, session: id, page: 1, values: { P1_X: `v${i}` }, t: i }
        engine.run(op)
        for (const b of engine.state.browsers.values())
          for (const c of b.jar.cookies.values()) {
            expect([...sessionViews(ctx, null, c.value).keys()].sort(), `${b.name} ${c.value} after ${JSON.stringify(op)}`).toEqual(fullScan(ctx, c.value).sort())
            checked++
          }
      })
      engine.close()
      // Every run starts with a browser request, so at least one cookie was compared.
      expect(checked).toBeGreaterThan(0)
    },
  )
})
