/**
 * Exercises (issue #14 part 5), engine side: workspace.exercises lists a
 * trace's expect lines with their line, the step they follow, their session,
 * what they check and the replay's verdict — listed during the load, kept
 * when the workspace reopens. Expected values are read by hand from
 * resources/demos/traces/phone-number.sstrace:
 *   line 2 request (step 0: show page 1)   line 3 expect page 1, P1_PHONENO null
 *   line 4 submit (step 1 accept, step 2 branch shows page 2)
 *   line 5 expect page 2, P1_PHONENO "555-0100", P2_PHONE_DISPLAY null
 *   line 6 request (step 3: show page 1)   line 7 expect page 1, P1_PHONENO "555-0100"
 */
import { afterAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EngineService, demoTracesDir } from '../../src-main/api/engine-service.js'
import { ExpectLineCollector } from '../../src-main/trace/expect-lines.js'
import { call } from '../timeline/api-call.js'

const phoneText = readFileSync(join(demoTracesDir(), 'phone-number.sstrace'), 'utf8')
const dir = mkdtempSync(join(tmpdir(), 'ss-exercise-'))
const services: EngineService[] = []
afterAll(() => {
  for (const s of services) s.close()
  rmSync(dir, { recursive: true, force: true })
})
function start(opts: ConstructorParameters<typeof EngineService>[0] = {}): EngineService {
  const s = new EngineService(opts)
  services.push(s)
  return s
}

const phoneLines = [
  {
    line: 3,
    step: 0,
    session: 'A',
    passed: true,
    checks: [
      { field: 'page', item: null, expected: 1, actual: 1, passed: true },
      { field: 'state', item: 'P1_PHONENO', expected: null, actual: null, passed: true },
    ],
  },
  {
    line: 5,
    step: 2,
    session: 'A',
    passed: true,
    checks: [
      { field: 'page', item: null, expected: 2, actual: 2, passed: true },
      { field: 'state', item: 'P1_PHONENO', expected: '555-0100', actual: '555-0100', passed: true },
      { field: 'state', item: 'P2_PHONE_DISPLAY', expected: null, actual: null, passed: true },
    ],
  },
  {
    line: 7,
    step: 3,
    session: 'A',
    passed: true,
    checks: [
      { field: 'page', item: null, expected: 1, actual: 1, passed: true },
      { field: 'state', item: 'P1_PHONENO', expected: '555-0100', actual: '555-0100', passed: true },
    ],
  },
]

describe('workspace.exercises', () => {
  it("lists a demo's expect lines with their line, step, session and checks", async () => {
    const s = start()
    await call(s, 'workspace.openDemo', { name: 'phone-number' })
    const exercises = await call(s, 'workspace.exercises', {})
    expect(exercises).toMatchObject({ lines: phoneLines, leftOut: 0 })
    expect(exercises!.lines[1]!.note).toBe('Page 2 displayed the number from session state; its display item is Per Request, so it is not stored')
    // The same list when asked again (computed once, kept with the workspace).
    expect(await call(s, 'workspace.exercises', {})).toEqual(exercises)
  })

  it('is not part of the summary: workspace.changed, the open answer and workspace.summary carry no list (it reaches megabytes)', async () => {
    const s = start()
    const changed: object[] = []
    s.subscribe('workspace.changed', (summary) => changed.push(summary))
    const opened = await call(s, 'workspace.openDemo', { name: 'phone-number' })
    expect(changed).toHaveLength(1)
    for (const summary of [changed[0]!, opened, await call(s, 'workspace.summary', {})]) {
      expect(summary).toMatchObject({ expects: { total: 3, passed: 3, failed: 0 } })
      expect(Object.keys(summary)).not.toContain('exercises')
      expect(JSON.stringify(summary)).not.toContain('P2_PHONE_DISPLAY')
    }
  })

  it('is an empty list for a live workspace without a trace', async () => {
    const s = start()
    await call(s, 'workspace.new', { use: [], title: 'live' })
    expect(await call(s, 'workspace.exercises', {})).toEqual({ lines: [], leftOut: 0 })
  })

  it('a failed expect is listed as failed with what the replay computed; the line stays listed among the others', async () => {
    const wrong = phoneText.replace('{"type":"expect","session":"A","page":1,"state":{"P1_PHONENO":"555-0100"}}', '{"type":"expect","session":"A","page":2,"state":{"p1_phoneno":"555-0199"}}')
    expect(wrong).not.toBe(phoneText)
    const s = start()
    const summary = await call(s, 'workspace.openTraceText', { text: wrong, name: 'wrong.sstrace' })
    expect(summary.expects).toEqual({ total: 3, passed: 2, failed: 1 })
    const exercises = await call(s, 'workspace.exercises', {})
    const line7 = exercises!.lines.find((l) => l.line === 7)!
    expect(line7).toMatchObject({
      step: 3,
      passed: false,
      checks: [
        { field: 'page', expected: 2, actual: 1, passed: false },
        { field: 'state', item: 'P1_PHONENO', expected: '555-0199', actual: '555-0100', passed: false },
      ],
    })
    expect(line7.checks[1]!.message).toMatch(/P1_PHONENO/)
    expect(exercises!.lines.filter((l) => l.passed).map((l) => l.line)).toEqual([3, 5])
  })

  it('a recorded-only trace lists its expects too, checked against the recorded state', async () => {
    // The recorded effects are the phone demo's own (taken from the engine as input): the request, then the submit.
    const demo = start()
    await call(demo, 'workspace.openDemo', { name: 'phone-number' })
    const [show, accept, branch] = demo.steps
    const text = [
      '{"format":"session-trace","version":1,"title":"recorded"}',
      JSON.stringify({ type: 'request', url: 'f?p=200:1', as: 'A', effects: show!.effects }),
      JSON.stringify({ type: 'submit', session: 'A', page: 1, request: 'SUBMIT', values: { P1_PHONENO: '555-0100' }, t: 20, effects: [...accept!.effects, ...branch!.effects] }),
      '{"type":"expect","session":"A","state":{"P1_PHONENO":"555-0199"}}',
    ].join('\n')
    const s = start()
    const summary = await call(s, 'workspace.openTraceText', { text, name: 'recorded.sstrace' })
    expect(summary.recordedOnly).toBe(true)
    expect((await call(s, 'workspace.exercises', {}))!.lines).toMatchObject([{ line: 4, step: 1, session: 'A', passed: false, checks: [{ field: 'state', item: 'P1_PHONENO', expected: '555-0199', actual: '555-0100', passed: false }] }])
  })

  it('survives a reopen of the workspace file (a trace file indexed by the load worker)', { timeout: 120_000 }, async () => {
    const path = join(dir, 'ws', 'current.ssws')
    mkdirSync(join(dir, 'ws'), { recursive: true })
    const trace = join(dir, 'ws', 'phone-number.sstrace')
    // The demo's `use` names demo apps, resolved wherever the file is.
    writeFileSync(trace, phoneText)
    const a = start({ workspacePath: path, workspaceDir: join(dir, 'cache') })
    await call(a, 'workspace.openTraceFile', { path: trace })
    expect(await call(a, 'workspace.exercises', {})).toMatchObject({ lines: phoneLines, leftOut: 0 })
    a.close()
    services.splice(services.indexOf(a), 1)
    const b = start({ workspacePath: path, workspaceDir: join(dir, 'cache') })
    expect(await call(b, 'workspace.exercises', {})).toMatchObject({ lines: phoneLines, leftOut: 0 })
  })
})

describe('ExpectLineCollector', () => {
  it('lists at most its bound and counts the lines left out', () => {
    const c = new ExpectLineCollector(2)
    for (let i = 0; i < 5; i++) c.add({ type: 'expect', session: 'A', page: i }, 10 + i, i)
    const r = c.result([])
    expect(r.lines.map((l) => l.line)).toEqual([10, 11])
    expect(r.leftOut).toBe(3)
  })

  it('a session the trace never created fails every check but the outcome (which the replay checked before it)', () => {
    const c = new ExpectLineCollector()
    c.add({ type: 'expect', session: 'Z', outcome: 'ok', page: 1 }, 4, 2)
    const r = c.result([{ line: 4, step: 2, session: 'Z', item: null, field: 'session', expected: 'Z', actual: null, message: 'session "Z" names no session' }])
    expect(r.lines[0]!.checks.map((x) => [x.field, x.passed])).toEqual([
      ['session', false],
      ['outcome', true],
      ['page', false],
    ])
    expect(r.lines[0]!.passed).toBe(false)
  })
})
