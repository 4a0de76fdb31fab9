/**
 * Issue #16 in the timeline: browser and cookie effects are stored, checked
 * and decoded; `browsersAt` at any step — visited in random order, so the
 * answer is asked forward and backward — equals a replay of the effects
 * from the start; the session state around them seeks as before; and a saved
 * trace with browsers loads (fast validation included) and replays to the
 * same steps, re-simulated or from its recorded effects only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { Engine } from '../../src-main/engine/engine.js'
import type { Operation } from '../../src-main/engine/model/operation.js'
import type { Step } from '../../src-main/engine/model/step.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { browsersAt, browserOfSession } from '../../src-main/timeline/browser-state.js'
import { fastAcceptEvent } from '../../src-main/timeline/load/fast-validate.js'
import { indexTraceFile } from '../../src-main/timeline/load/index-file.js'
import { decodeEffect } from '../../src-main/timeline/effect-decoding.js'
import { allPoints, canonicalState, chainsOf, refState } from './helpers.js'
import { call } from './api-call.js'

const APPS: AppDefinition[] = [
  {
    id: 100,
    name: 'HR',
    homePage: 1,
    settings: { rejoinSessions: 'public' },
    pages: [
      { id: 1, name: 'Home', items: [{ name: 'P1_X' }] },
      { id: 2, name: 'Other', settings: { rejoinSessions: 'all' } },
    ],
  },
  { id: 200, name: 'Shop', homePage: 1, sessionCookie: { name: 'ORA_WWV_APP_100' }, pages: [{ id: 1, name: 'Home', items: [{ name: 'P1_Y' }] }] },
]
const SETTINGS = { rejoinSessions: 'all' as const }
const BROWSERS = ['Alice', 'Bob', 'Carol']

type Action = { kind: number; browser: number; pick: number; app: number; page: number; legacy: boolean }
const actionArb = fc.record({ kind: fc.nat(9), browser: fc.nat(2), pick: fc.nat(30), app: fc.constantFrom(100, 200), page: fc.constantFrom(1, 2), legacy: fc.boolean() })

/** Operations from named browsers, with a few that name none (they act from the session's owner). */
function operations(actions: readonly Action[]): (engine: Engine) => Operation[] {
  return (engine) => {
    const ops: Operation[] = []
    actions.forEach((a, i) => {
      const ids = [...engine.state.sessions.keys()]
      const id = ids.length === 0 ? null : ids[a.pick % ids.length]!
      const b = a.legacy && id !== null ? {} : { browser: BROWSERS[a.browser]! }
      const page = a.app === 200 ? 1 : a.page
      let op: Operation
      if (a.kind <= 3 || id === null) op = { type: 'request', ...b, url: `f?p=${a.app}:${page}:${a.kind === 0 || id === null ? '' : id}`, t: i }
      else if (a.kind === 4) op = { type: 'request', ...b, url: `f?p=100:1:${id}:APEX_CLONE_SESSION`, t: i }
      else if (a.kind === 5) op = { type: 'login', ...b, session: id, user: `U${i}`, t: i }
      else if (a.kind === 6) op = { type: 'logout', ...b, session: id, t: i }
      else if (a.kind === 7) op = { type: 'submit', ...b, session: id, page: 1, values: { P1_X: `v${i}` }, t: i }
      else op = { type: 'request', ...b, url: `f?p=100:1:::NO::P1_X:s${i}`, sign: 'session', t: i }
      engine.run(op)
      ops.push(op)
    })
    return ops
  }
}

function simulate(actions: readonly Action[]): { steps: Step[]; ops: Operation[] } {
  const engine = new Engine({ apps: structuredClone(APPS), seed: 3, settings: SETTINGS })
  const ops = operations(actions)(engine)
  const steps = [...engine.steps]
  engine.close()
  return { steps, ops }
}

/** The reference: browsers of the engine's own state after replaying the first `pos` effects. */
function refBrowsers(steps: readonly Step[], pos: number) {
  const st = refState(steps, pos)
  return [...st.browsers.values()]
    .map((b) => ({
      name: b.name,
      cookies: [...b.jar.cookies.values()].map((c) => `${c.name}@${c.path}=${c.value}`).sort(),
    }))
    .sort((x, y) => (x.name < y.name ? -1 : 1))
}

function timelineBrowsers(tl: Timeline, step: number) {
  return browsersAt(tl.cols, step)
    .map((b) => ({ name: b.name, cookies: b.cookies.map((c) => `${c.name}@${c.path}=${c.value}`).sort() }))
    .sort((x, y) => (x.name < y.name ? -1 : 1))
}

function timelineOf(steps: Step[], every: number): Timeline {
  const tl = new Timeline({ checkpointEvery: every })
  for (const chain of chainsOf(steps)) tl.appendEvent(chain)
  return tl
}

describe('browsers in the timeline', () => {
  test.prop([fc.array(actionArb, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 30 })], { numRuns: 40 })(
    'browsersAt any step, asked in any order, equals a replay from the start; sessions seek as before',
    (actions, every, order) => {
      const { steps } = simulate(actions)
      const tl = timelineOf(steps, every)
      const ends = [-1, ...steps.map((s) => s.index)]
      let pos = 0
      const posAfter = new Map<number, number>([[-1, 0]])
      for (const s of steps) posAfter.set(s.index, (pos += s.effects.length))
      const points = allPoints(steps)
      for (const k of order) {
        const step = ends[k % ends.length]!
        expect(timelineBrowsers(tl, step), `browsers after step ${step}`).toEqual(refBrowsers(steps, posAfter.get(step)!))
        const p = points[k % points.length]!
        const state = tl.stateAt({ step: p.step, phase: p.phase })
        const sessions = state.sessions.map(({ status: _s, idleSec: _i, groupCreatedAt: _g, ...rec }) => rec).sort((a, b) => a.id - b.id)
        expect(sessions, `sessions at ${p.step}/${p.phase}`).toEqual(canonicalState(refState(steps, p.pos).snapshot()).sessions)
      }
      // Every stored browser and cookie effect decodes to what the engine emitted.
      let i = 0
      for (const s of steps)
        for (const e of s.effects) {
          if (e.op === 'browser' || e.op === 'cookie') expect(decodeEffect(tl.cols, i)).toEqual(JSON.parse(JSON.stringify(e)))
          i++
        }
    },
  )

  it('a run with a browser created, a cookie set, replaced and cleared, seeks to the right browsers at each step', () => {
    const engine = new Engine({ apps: structuredClone(APPS), seed: 3, settings: SETTINGS })
    for (const op of [
      { type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' },
      { type: 'request', browser: 'Bob', session: 'A', url: 'f?p=100:1:&SESSION.', as: 'B' },
      { type: 'login', browser: 'Alice', session: 'A', user: 'ALICE' },
      { type: 'logout', browser: 'Alice', session: 'A' },
      { type: 'request', session: 'B', url: 'f?p=100:2:&SESSION.' },
    ] as Operation[])
      engine.run(op)
    const steps = [...engine.steps]
    engine.close()
    const cookies = steps.flatMap((s) => s.effects).filter((e) => e.op === 'cookie')
    expect(cookies.map((e) => [e.browser, e.from === null ? 'set' : e.to === null ? 'cleared' : 'replaced'])).toEqual([
      ['Alice', 'set'],
      ['Bob', 'set'],
      ['Alice', 'replaced'],
      ['Alice', 'cleared'],
    ])
    const tl = timelineOf(steps, 2)
    const at = (step: number) => timelineBrowsers(tl, step).map((b) => `${b.name}:${b.cookies.length}`)
    // Backward first, then forward: the same answers as a replay from the start.
    for (const step of [4, 3, 2, 1, 0, -1, 0, 1, 2, 3, 4]) expect(timelineBrowsers(tl, step)).toEqual(refBrowsers(steps, steps.slice(0, step + 1).reduce((n, s) => n + s.effects.length, 0)))
    expect(at(-1)).toEqual([])
    expect(at(0)).toEqual(['Alice:1'])
    expect(at(1)).toEqual(['Alice:1', 'Bob:1'])
    expect(at(3)).toEqual(['Alice:0', 'Bob:1'])
  })

  it('an old trace lists no browsers; its sessions belong to implicit browsers, one per clone group', () => {
    const engine = new Engine({ apps: structuredClone(APPS), seed: 3 })
    engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
    engine.run({ type: 'clone', session: 'A', as: 'A2' })
    const steps = [...engine.steps]
    const tl = timelineOf(steps, 2)
    expect(browsersAt(tl.cols, steps.length - 1)).toEqual([])
    const recs = [...engine.state.sessions.values()]
    expect(new Set(recs.map(browserOfSession))).toEqual(new Set([`~${recs[0]!.groupId}`]))
    engine.close()
  })

  it('a recorded cookie effect whose before-image is not the browser\'s cookie is refused, naming it', () => {
    const { steps } = simulate([{ kind: 0, browser: 0, pick: 0, app: 100, page: 1, legacy: false }])
    const tl = new Timeline({ checkpointEvery: 4 })
    const bad = structuredClone(steps[0]!)
    const c = bad.effects.find((e) => e.op === 'cookie')!
    ;(c as { from: string | null }).from = 'ORA_WWV-1'
    expect(() => tl.appendEvent([bad])).toThrow(/cookie ORA_WWV_APP_100 of browser Alice\) says the cookie was "ORA_WWV-1", but it is null/)
  })
})

describe('a saved trace with browsers', () => {
  it('exports, passes the fast validation, indexes from a file, and loads to the same steps re-simulated and recorded-only', async () => {
    const live = new EngineService()
    await call(live, 'workspace.new', { apps: structuredClone(APPS), seed: 5, settings: SETTINGS })
    const engine = new Engine({ apps: structuredClone(APPS), seed: 5, settings: SETTINGS })
    const ops = operations([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => ({ kind: n % 10, browser: n % 3, pick: n * 5, app: n % 4 === 0 ? 200 : 100, page: 1 + (n % 2), legacy: n === 7 })))(engine)
    engine.close()
    for (const op of ops) await call(live, 'operate', { op })
    const { count } = await call(live, 'steps.count', {})
    const original = await call(live, 'steps.range', { from: 0, count })
    const text = (await call(live, 'workspace.exportTraceText', {})).text
    live.close()
    expect(text).toContain('"op":"cookie"')
    const lines = text.split('\n').filter((l) => l !== '')
    // The loader's fast path accepts every event line, browser and cookie effects included (it never needs zod for them).
    for (const line of lines.slice(1)) {
      const ev = JSON.parse(line) as { type: string; sign?: unknown }
      if (ev.type !== 'expect' && ev.sign === undefined) expect(fastAcceptEvent(ev, 1 << 20), line.slice(0, 120)).toBe(true)
    }
    const dir = mkdtempSync(join(tmpdir(), 'ss-browsers-'))
    try {
      const path = join(dir, 'browsers.sstrace')
      writeFileSync(path, text)
      const r = indexTraceFile(path, { workspacePath: `${path}.ssws` })
      r.indexer.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const again = new EngineService()
    const sum = await call(again, 'workspace.openTraceText', { text })
    expect(sum.divergences).toEqual([])
    expect(await call(again, 'steps.range', { from: 0, count })).toEqual(original)
    again.close()
    const [head, ...rest] = text.split('\n')
    const h = JSON.parse(head!) as Record<string, unknown>
    delete h.apps
    const rec = new EngineService()
    const sum2 = await call(rec, 'workspace.openTraceText', { text: [JSON.stringify(h), ...rest].join('\n') })
    expect(sum2.recordedOnly).toBe(true)
    expect(await call(rec, 'steps.range', { from: 0, count })).toEqual(original)
    rec.close()
  })
})
