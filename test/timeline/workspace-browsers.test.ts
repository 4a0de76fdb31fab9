/**
 * Issue #16: a saved workspace with browsers reopens with them. The engine
 * that continues it (through its store file) still knows which browser holds
 * which session, so the next operations give the very steps the original
 * workspace gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Operation } from '../../src-main/engine/model/operation.js'
import { Workspace } from '../../src-main/timeline/workspace.js'
import { Engine } from '../../src-main/engine/engine.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ss-wsbrowsers-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const APPS = [{ id: 100, name: 'HR', homePage: 1, settings: { rejoinSessions: 'public' }, pages: [{ id: 1, name: 'Home', items: [{ name: 'P1_X' }] }, { id: 2, name: 'Two' }] }]

const FIRST: Operation[] = [
  { type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A', t: 1 },
  { type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:1:&SESSION.::NO::P1_X:hello', t: 2 },
  { type: 'request', browser: 'Bob', url: 'f?p=100:1', as: 'B', t: 3 },
]
const MORE: Operation[] = [
  { type: 'request', browser: 'Alice', url: 'f?p=100:2', t: 10 },
  { type: 'submit', browser: 'Bob', session: 'A', page: 1, values: { P1_X: 'bob' }, t: 11 },
  { type: 'submit', browser: 'Alice', session: 'A', page: 1, values: { P1_X: 'alice' }, t: 12 },
  { type: 'login', browser: 'Alice', session: 'A', user: 'ALICE', t: 13 },
  { type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:1:&SESSION.', t: 14 },
  { type: 'logout', browser: 'Bob', session: 'B', t: 15 },
]

describe('a saved workspace with browsers', () => {
  it('reopens and continues with the same browsers, cookies and owners', () => {
    const header = { format: 'session-trace', version: 1, title: 'browsers', apps: APPS, seed: 4 }
    const ws = Workspace.fromText(JSON.stringify(header) + '\n', null, { checkpointEvery: 2 })
    for (const op of FIRST) ws.operate(op)
    const path = join(dir, 'browsers.ssws')
    ws.save(path)
    const back = Workspace.openFile(path)
    for (const op of MORE) expect(back.operate(op), JSON.stringify(op)).toEqual(ws.operate(op))
    // And both equal a straight simulation.
    const engine = new Engine({ apps: structuredClone(APPS), seed: 4 })
    for (const op of [...FIRST, ...MORE]) engine.run(op)
    const n = engine.steps.length
    expect(back.timeline.steps(0, n).map((s) => [s.outcome, s.session, s.effects])).toEqual(engine.steps.map((s) => [s.outcome, s.session, s.effects]))
    engine.close()
    back.close()
    ws.close()
  })
})

/** Review finding 2: without a seed the engine signs with a random secret; the workspace keeps it. */
describe('a workspace without a seed keeps its checksum secret', () => {
  const SSP_APPS = [{ id: 100, name: 'HR', homePage: 1, pages: [{ id: 1, name: 'Home' }, { id: 5, name: 'Employee', argumentsMustHaveChecksum: true, items: [{ name: 'P5_EMPNO', checksumRequired: 'session' }] }] }]
  function signedIn(): { ws: Workspace; url: string } {
    const header = { format: 'session-trace', version: 1, title: 'no seed', apps: SSP_APPS }
    const ws = Workspace.fromText(JSON.stringify(header) + '\n', null)
    ws.operate({ type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' })
    const [signed] = ws.operate({ type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:5:&SESSION.::NO::P5_EMPNO:7839', sign: 'session' })
    expect(signed!.outcome).toBe('ok')
    const url = signed!.request!.url
    expect(url).toMatch(/&cs=3/)
    // The same link typed again verifies in the workspace that signed it.
    expect(ws.operate({ type: 'request', browser: 'Alice', session: 'A', url })[0]!.outcome).toBe('ok')
    return { ws, url }
  }

  it('a link signed before save still verifies after reopening', () => {
    const { ws, url } = signedIn()
    const path = join(dir, 'no-seed.ssws')
    ws.save(path)
    const back = Workspace.openFile(path)
    const [again] = back.operate({ type: 'request', browser: 'Alice', session: 'A', url })
    expect([again!.outcome, again!.reason]).toEqual(['ok', undefined])
    back.close()
    ws.close()
  })

  it('a link signed before an export still verifies when the exported trace is simulated again', () => {
    // Application level: the re-simulated trace has new session IDs (no seed), so only a session-free checksum can match.
    const apps = [{ ...SSP_APPS[0]!, pages: [{ id: 1, name: 'Home', items: [{ name: 'P1_EMPNO', checksumRequired: 'application' }] }] }]
    const header = { format: 'session-trace', version: 1, title: 'no seed', apps }
    const ws = Workspace.fromText(JSON.stringify(header) + '\n', null)
    ws.operate({ type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' })
    const [signed] = ws.operate({ type: 'request', browser: 'Alice', session: 'A', url: 'f?p=100:1:&SESSION.::NO::P1_EMPNO:7839', sign: 'application' })
    const cs = /&cs=([^&]+)$/.exec(signed!.request!.url)![1]!
    const url = `f?p=100:1:&SESSION.::NO::P1_EMPNO:7839&cs=${cs}`
    const back = Workspace.fromText([...ws.exportLines()].join('\n') + '\n', null)
    const [again] = back.operate({ type: 'request', browser: 'Alice', session: 'A', url })
    expect([again!.outcome, again!.reason]).toEqual(['ok', undefined])
    back.close()
    ws.close()
  })
})
