/**
 * Issue #13: after a trace file opens, the engine makes while idle — in
 * slices this test runs one by one (counted, never timed) — the indexes its
 * queries need and the answers End gets: the jump's (for any sessions shown)
 * and the session list, Per User rows and tables asked once its table is
 * painted. A request arriving meanwhile is answered before the work ends;
 * End asked afterwards makes nothing; every answer equals the one of a
 * service that never warms up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { StateOptions } from '../../src-main/api/contract.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { call } from '../timeline/api-call.js'

const dir = mkdtempSync(join(tmpdir(), 'ss-end-warm-up-'))
const trace = join(dir, 'warm.sstrace')
writeFileSync(trace, generateTraceText({ events: 1500, sessions: 30, seed: 41, recorded: true }))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const services: EngineService[] = []
afterEach(() => {
  vi.restoreAllMocks()
  for (const s of services.splice(0)) s.close()
})

/** A service whose idle work runs only when the test says: one part per slice. */
function stepped() {
  const queue: (() => void)[] = []
  const s = new EngineService({ workspaceDir: join(dir, 'ws'), idleWork: { schedule: (fn) => void queue.push(fn), sliceMs: 0, idleMs: 0 } })
  services.push(s)
  return { s, queue, slice: () => queue.shift()!() }
}

/** A service that never does any idle work (the expected answers). */
function cold() {
  const s = new EngineService({ workspaceDir: join(dir, 'ws'), idleWork: { schedule: () => {} } })
  services.push(s)
  return s
}

/** What the renderer's jump asks (jumpState) and what it asks once the jump's table is painted (completeJump). */
const jump = (shown: number[]): StateOptions => ({ encoding: 'columns', here: true, userRows: false, tables: false, sessionList: false, sessionsShown: shown })
const rest: StateOptions = { sessions: [] }

describe('End warmed while the engine is idle', () => {
  it('answers a request that arrives meanwhile before the work ends, then End and what follows it without making them', async () => {
    const { s, queue, slice } = stepped()
    const last = (await call(s, 'workspace.openTraceFile', { path: trace })).steps - 1
    let ended: unknown = null
    void s.warmedUp.then((r) => (ended = r))
    slice()
    slice()
    // A request between two slices: answered now, with the work not done.
    const first = await call(s, 'timeline.state', { point: { step: 0, phase: null }, ...jump([]) })
    expect(queue.length).toBeGreaterThan(0)
    let slices = 2
    while (queue.length > 0) {
      slice()
      slices++
    }
    // Made in many slices, not one: each request waits for one part at most.
    expect(slices).toBeGreaterThan(10)
    await s.warmedUp
    expect(ended).toBe('done')

    const made = vi.spyOn(Timeline.prototype, 'stateAt')
    const end = { step: last, phase: null }
    const after = await call(s, 'timeline.state', { point: end, ...rest })
    // A session at the end, the selection of a view.
    const chosen = after.sessions[Math.floor(after.sessions.length / 2)]!.id
    const answers = {
      none: await call(s, 'timeline.state', { point: end, ...jump([]) }),
      one: await call(s, 'timeline.state', { point: end, ...jump([chosen]) }),
      rest: after,
    }
    expect(made).not.toHaveBeenCalled()
    made.mockRestore()

    const ref = cold()
    await call(ref, 'workspace.openTraceFile', { path: trace })
    expect(first).toEqual(await call(ref, 'timeline.state', { point: { step: 0, phase: null }, ...jump([]) }))
    expect(answers.none).toEqual(await call(ref, 'timeline.state', { point: end, ...jump([]) }))
    expect(answers.one).toEqual(await call(ref, 'timeline.state', { point: end, ...jump([chosen]) }))
    expect(answers.one.sessions.map((x) => x.id)).toEqual([chosen])
    expect(answers.rest).toEqual(await call(ref, 'timeline.state', { point: end, ...rest }))
    expect(answers.rest.userRows.length + answers.rest.tables.length).toBeGreaterThan(0)
  })

  it('stops when another workspace is opened', async () => {
    const { s, queue, slice } = stepped()
    await call(s, 'workspace.openTraceFile', { path: trace })
    slice()
    await call(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    while (queue.length > 0) slice()
    expect(await s.warmedUp).toBe('stopped')
  })
})
