/**
 * Real vs simulated through the API (issue #15): the divergences are computed
 * once on the engine side while a trace replays — on the text path and in the
 * load worker — and served in the workspace summary; the steps keep the real
 * answer in their input for the inspector. A recorded-only trace has none.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { call } from '../timeline/api-call.js'

const dir = mkdtempSync(join(tmpdir(), 'ss-observed-api-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Onboarding demo: page 43's NEXT branches to page 44 (hand-read from resources/demos/apps/onboarding.json); the real server went to 45. */
function traceText(apps: boolean): string {
  const header = apps ? { format: 'session-trace', version: 1, title: 'real', seed: 5, use: ['demo:onboarding'] } : { format: 'session-trace', version: 1, title: 'real' }
  return [
    header,
    { type: 'request', url: 'f?p=HR:1', as: 'A', observed: { status: 200, app: 100, page: 1 } },
    { type: 'submit', session: 'A', page: 1, request: 'ADD', observed: { status: 302, location: 'f?p=100:43:9', page: 43 } },
    { type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' }, observed: { status: 302, location: 'f?p=100:45:9', page: 45 } },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n')
}

const EXPECTED = {
  line: 4,
  step: 3,
  lastStep: 4,
  field: 'redirect',
  real: 'redirected to page 45',
  simulated: 'branched to page 44',
  why: 'branch #1 on page 43 fired (After Processing branches): the request was NEXT',
}

describe('workspace summary: observed', () => {
  it('the text path serves the divergences and the step keeps its real answer', async () => {
    const s = new EngineService()
    const sum = await call(s, 'workspace.openTraceText', { text: traceText(true) })
    expect(sum.observed?.compared).toBe(3)
    expect(sum.observed?.divergences).toMatchObject([EXPECTED])
    expect((await call(s, 'workspace.summary', {})).observed?.divergences).toHaveLength(1)
    const [step] = await call(s, 'steps.range', { from: 3, count: 1 })
    expect((step!.input as { observed?: unknown }).observed).toEqual({ status: 302, location: 'f?p=100:45:9', page: 45 })
  })

  it('the load worker path serves the same, and a reused index keeps them', async () => {
    const file = join(dir, 'real.sstrace')
    writeFileSync(file, traceText(true) + '\n')
    const s = new EngineService({ workspaceDir: join(dir, 'ws') })
    const sum = await call(s, 'workspace.openTraceFile', { path: file })
    expect(sum.observed?.divergences).toMatchObject([EXPECTED])
    const again = new EngineService({ workspaceDir: join(dir, 'ws') })
    const reused = await call(again, 'workspace.openTraceFile', { path: file })
    expect(reused.file?.reused).toBe(true)
    expect(reused.observed?.divergences).toMatchObject([EXPECTED])
  })

  it('a recorded-only trace compares nothing', async () => {
    const s = new EngineService()
    const sum = await call(s, 'workspace.openTraceText', { text: traceText(false) })
    expect(sum.recordedOnly).toBe(true)
    expect(sum.observed).toBeUndefined()
  })
})
