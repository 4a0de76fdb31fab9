/**
 * Review finding 1 (issue #16): importing an APEX app into a live workspace
 * that has browsers keeps them. The import rebuilds the engine over the same
 * state; before the fix it dropped the browsers, so Alice's next request
 * failed with "creates a browser that already exists" and her session's next
 * event with an internal error.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ApiResponse, MethodName } from '../../src-main/api/contract.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import { sharedFixture, skipSharedFixtureTests } from '../helpers/shared-fixtures.js'

const APPS = [
  {
    id: 100,
    name: 'HR',
    homePage: 1,
    pages: [
      { id: 1, name: 'Home', items: [{ name: 'P1_X' }] },
      { id: 2, name: 'Two' },
      { id: 5, name: 'Employee', argumentsMustHaveChecksum: true, items: [{ name: 'P5_EMPNO', checksumRequired: 'session' }] },
    ],
  },
]

let service: EngineService | null = null
afterEach(() => {
  service?.close()
  service = null
})

async function ok<M extends MethodName>(s: EngineService, method: M, payload: unknown) {
  const r = (await s.dispatch(method, payload)) as ApiResponse<M>
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.result
}

describe.skipIf(skipSharedFixtureTests)('importing an APEX app into a live workspace with browsers', () => {
  it("keeps the browsers: Alice's next request stays in her session, and an event naming no browser still runs", async () => {
    const s = (service = new EngineService())
    await ok(s, 'workspace.new', { apps: APPS, title: 'live' })
    const first = await ok(s, 'operate', { op: { type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' } })
    const alice = first.steps[0]!.session
    expect(first.steps[0]!.outcome).toBe('ok')

    await ok(s, 'workspace.importApexExport', { path: sharedFixture('oracle-samples-24.2/sample-collections.sql') })

    const again = await ok(s, 'operate', { op: { type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:2:&SESSION.' } })
    expect(again.steps.map((st) => [st.outcome, st.session, st.page])).toEqual([['ok', alice, 2]])
    // No second "browser created": the browser is the one from before the import.
    expect(again.steps[0]!.effects.filter((e) => e.op === 'browser')).toEqual([])

    const plain = await ok(s, 'operate', { op: { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.::NO::P1_X:hi' } })
    expect(plain.steps.map((st) => [st.outcome, st.session, st.page])).toEqual([['ok', alice, 1]])
  })

  it('keeps the checksum secret (review finding 2): a link Alice got signed before the import still verifies after it', async () => {
    const s = (service = new EngineService())
    // No seed: the engine signs with a random secret.
    await ok(s, 'workspace.new', { apps: APPS, title: 'live' })
    await ok(s, 'operate', { op: { type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' } })
    const signed = await ok(s, 'operate', { op: { type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:5:&SESSION.::NO::P5_EMPNO:7839', sign: 'session' } })
    const url = signed.steps[0]!.request!.url
    expect(url).toMatch(/&cs=3/)

    await ok(s, 'workspace.importApexExport', { path: sharedFixture('oracle-samples-24.2/sample-collections.sql') })

    const again = await ok(s, 'operate', { op: { type: 'request', browser: 'Alice', session: 'A', url } })
    expect(again.steps.map((st) => [st.outcome, st.reason])).toEqual([['ok', undefined]])
  })
})
