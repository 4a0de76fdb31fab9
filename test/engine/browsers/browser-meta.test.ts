/**
 * Review finding 3 (issue #16): an engine on a store file writes, per step,
 * only the browsers and session owners that step changed — not the whole set
 * of browser-owned sessions again (which made a browser trace quadratic). A
 * second engine opening the same store file still knows every owner and
 * cookie, so it continues as the first would have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Engine } from '../../../src-main/engine/engine.js'
import type { Operation } from '../../../src-main/engine/model/operation.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ss-browsermeta-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const APPS = [{ id: 100, name: 'HR', homePage: 1, pages: [{ id: 1, name: 'Home', items: [{ name: 'P1_X' }] }, { id: 2, name: 'Two' }] }]
const SESSIONS = 300

/** Alice opens SESSIONS sessions one after another (each request without a session starts one and resets her cookie); Bob one. */
function first(): Operation[] {
  const ops: Operation[] = []
  for (let i = 0; i < SESSIONS; i++) ops.push({ type: 'request', browser: 'Alice', url: 'f?p=100:1', t: i + 1 })
  ops.push({ type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A', t: SESSIONS + 1 })
  ops.push({ type: 'request', browser: 'Bob', url: 'f?p=100:1', as: 'B', t: SESSIONS + 2 })
  return ops
}
const MORE: Operation[] = [
  { type: 'submit', browser: 'Bob', session: 'A', page: 1, values: { P1_X: 'bob' }, t: 1000 },
  { type: 'submit', browser: 'Alice', session: 'A', page: 1, values: { P1_X: 'alice' }, t: 1001 },
  { type: 'login', browser: 'Alice', session: 'A', user: 'ALICE', t: 1002 },
  { type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:2:&SESSION.', t: 1003 },
  { type: 'logout', browser: 'Bob', session: 'B', t: 1004 },
  { type: 'request', browser: 'Bob', session: 'B', url: 'f?p=100:2:&SESSION.', t: 1005 },
]

const summary = (steps: readonly { outcome: string; session: number | null; reason?: string; effects: unknown[] }[]) =>
  steps.map((s) => [s.outcome, s.session, s.reason, s.effects])

describe('browser metadata in a store file', () => {
  it('is written per change (no meta value grows with the number of sessions) and read back by an engine reopening the file', () => {
    const storePath = join(dir, 'engine.sqlite')
    const a = new Engine({ apps: structuredClone(APPS), seed: 5, storePath })
    for (const op of first()) a.run(op)
    // Aliases are the trace's; the reopened engine learns them from the first engine's steps.
    a.close()

    const db = new Database(storePath, { readonly: true })
    const largest = db.prepare('SELECT key, length(value) AS n FROM meta ORDER BY n DESC LIMIT 1').get() as { key: string; n: number }
    const owners = db.prepare("SELECT count(*) FROM meta WHERE key LIKE 'browserOwner:%'").pluck().get() as number
    db.close()
    // One small value per browser or owner: the largest is a browser's cookie list, not a list of all 300 sessions.
    expect(largest.n).toBeLessThan(400)
    expect(owners).toBe(SESSIONS + 2)

    const straight = new Engine({ apps: structuredClone(APPS), seed: 5 })
    for (const op of first()) straight.run(op)
    const b = new Engine({ apps: structuredClone(APPS), seed: 5, storePath })
    // The reopened engine resolves the aliases by session ID.
    const ids = new Map([...straight.steps].filter((s) => s.input.as !== undefined).map((s) => [s.input.as!, String(s.session)]))
    const outcomes: string[] = []
    for (const op of MORE) {
      const resolved = { ...op, ...('session' in op && op.session !== undefined ? { session: ids.get(op.session as string) ?? op.session } : {}) } as Operation
      const got = b.run(resolved)
      outcomes.push(got[0]!.outcome)
      expect(summary(got), JSON.stringify(op)).toEqual(summary(straight.run(resolved)))
    }
    // Bob does not hold Alice's session (the owners came back); everything else runs.
    expect(outcomes).toEqual(['error', 'ok', 'ok', 'ok', 'ok', 'ok'])
    b.close()
    straight.close()
  })
})
