/**
 * Issue #14: the Sessions panel's sessions at a point, read from the
 * timeline's columns (sessions-at-point.ts) and built whole only for the rows
 * a window shows, equal the old full build — the state's session list
 * (Timeline.stateAt with groups) — on random traces with clones, named and
 * unnamed browsers, logins, logouts, waits past the idle limit and expiries;
 * at points asked in random order (so kept builds are reused after the cursor
 * moved); every one and live ones only; whole, windowed and filtered (the
 * filter written out over the full build), flat and under browsers.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { Engine } from '../../src-main/engine/engine.js'
import type { Operation } from '../../src-main/engine/model/operation.js'
import type { Step } from '../../src-main/engine/model/step.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import type { TimelineSession } from '../../src-main/timeline/results.js'
import { flatCloneTreeInSlices, sessionsAtPoint, sessionsAtPointInSlices, sessionsWindowInSlices } from '../../src-main/timeline/sessions-at-point.js'
import { sessionWindow } from '../../src-main/timeline/session-window.js'
import { browserTreeInSlices, browserWindow } from '../../src-main/timeline/browser-window.js'
import { SliceCounter } from '../../src-main/timeline/work-slices.js'
import type { Sliced } from '../../src-main/timeline/work-slices.js'
import type { BrowserFacts } from '../../src-main/timeline/browser-window.js'
import { browsersAtEffect } from '../../src-main/timeline/browser-state.js'
import { allPoints, chainsOf } from './helpers.js'

const APPS: AppDefinition[] = [
  { id: 100, name: 'HR', homePage: 1, pages: [{ id: 1, name: 'Home', items: [{ name: 'P1_X' }] }, { id: 2, name: 'Other' }] },
  { id: 200, name: 'Shop', homePage: 1, pages: [{ id: 1, name: 'Home' }] },
]
const SETTINGS = { rejoinSessions: 'all' as const, cloneSessionEnabled: true, maxSessionIdleSec: 30 }
const BROWSERS = ['Alice', 'Bob', 'Carol']

type Action = { kind: number; browser: number; pick: number; app: number; legacy: boolean; as: boolean }
const actionArb = fc.record({ kind: fc.nat(9), browser: fc.nat(2), pick: fc.nat(30), app: fc.constantFrom(100, 200), legacy: fc.boolean(), as: fc.boolean() })

function simulate(actions: readonly Action[]): Step[] {
  const engine = new Engine({ apps: structuredClone(APPS), seed: 7, settings: SETTINGS })
  actions.forEach((a, i) => {
    const ids = [...engine.state.sessions.keys()]
    const id = ids.length === 0 ? null : ids[a.pick % ids.length]!
    // Some requests name no browser: their sessions belong to implicit ones.
    const b = a.legacy ? {} : { browser: BROWSERS[a.browser]! }
    let op: Operation
    if (a.kind <= 2 || id === null) op = { type: 'request', ...b, url: `f?p=${a.app}:1:${a.kind === 0 || id === null ? '' : id}`, ...(a.as ? { as: `Sx${i}` } : {}) }
    else if (a.kind === 3) op = { type: 'request', ...b, url: `f?p=100:1:${id}:APEX_CLONE_SESSION` }
    else if (a.kind === 4) op = { type: 'login', ...b, session: id, user: `User${i}` }
    else if (a.kind === 5) op = { type: 'logout', ...b, session: id }
    else if (a.kind === 6) op = { type: 'wait', seconds: 10 * (1 + (a.pick % 3)) }
    else if (a.kind === 7) op = { type: 'submit', ...b, session: id, page: 1, values: { P1_X: `v${i}` } }
    else op = { type: 'request', ...b, url: `f?p=100:2:${id}` }
    engine.run(op)
  })
  const steps = [...engine.steps]
  engine.close()
  return steps
}

function timelineOf(steps: Step[], every: number): Timeline {
  const tl = new Timeline({ checkpointEvery: every })
  for (const chain of chainsOf(steps)) tl.appendEvent(chain)
  return tl
}

/** The old full build: every session at the point as the state's session list gives it. */
function fullBuild(tl: Timeline, p: { step: number; phase: number | null }, liveOnly: boolean): TimelineSession[] {
  // In the session list's order, creation time then ID (a no-op where the state already gives that order).
  return [...tl.stateAt(p, { groups: true, liveOnly, sessions: [], userRows: false, tables: false }).sessions].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
}

/** The panel's filter written out over whole sessions: ID, alias, user or status contains it, ignoring case. */
const matchesByHand = (s: TimelineSession, needle: string) =>
  [String(s.id), s.alias ?? '', s.user ?? '', s.status].some((field) => field.toLowerCase().includes(needle.trim().toLowerCase()))

// Some would match across two fields if the fields were simply run together ('1active': a user ending in 1, then
// its status); one holds NUL, which the engine's joined texts use between fields.
const FILTERS = ['', 'sx', 'SX1', 'user', 'expired', 'active', 'deleted', '1', ' 2 ', 'alice', '~', 'zzz', '1active', '3active', '2sx', 'x1\u0000']

/** What the random traces gave (checked at the end: the property saw every kind of session). */
const seen = new Set<string>()

describe('the sessions at a point for the Sessions panel', () => {
  test.prop(
    [
      fc.array(actionArb, { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.record({ k: fc.nat(), live: fc.boolean(), filter: fc.constantFrom(...FILTERS), offset: fc.nat(12), limit: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 12 }),
    ],
    { numRuns: 60 },
  )('equal the full build, whole, windowed and filtered, flat and under browsers, at points asked in any order', (actions, every, asks) => checkAsks(actions, every, asks))

  it('equal the full build on a trace with every kind of session: implicit and named browsers, a clone, a login, expired by the clock, ended, logged out', () => {
    // Every point of the trace (k runs past the number of points), every one and live only, with and without a filter.
    const asks = Array.from({ length: 80 }, (_, k) => k).flatMap((k) => [true, false].flatMap((live) => ['', 'expired'].map((filter) => ({ k, live, filter, offset: 0, limit: 12 }))))
    checkAsks(
      [
        { kind: 0, browser: 0, pick: 0, app: 100, legacy: true, as: true },
        { kind: 0, browser: 1, pick: 0, app: 100, legacy: false, as: false },
        { kind: 3, browser: 1, pick: 1, app: 100, legacy: false, as: false },
        { kind: 4, browser: 1, pick: 1, app: 100, legacy: false, as: false },
        { kind: 0, browser: 0, pick: 0, app: 200, legacy: false, as: false },
        { kind: 5, browser: 0, pick: 0, app: 100, legacy: true, as: false },
        { kind: 6, browser: 0, pick: 2, app: 100, legacy: false, as: false },
        { kind: 6, browser: 0, pick: 0, app: 100, legacy: false, as: false },
        { kind: 0, browser: 2, pick: 0, app: 200, legacy: false, as: false },
      ],
      2,
      asks,
    )
  })
})

type Ask = { k: number; live: boolean; filter: string; offset: number; limit: number }

/** The sessions at each asked point, whole, windowed and filtered, flat and under browsers, against the full build. */
function checkAsks(actions: readonly Action[], every: number, asks: readonly Ask[]): void {
  {
    const steps = simulate(actions)
    const tl = timelineOf(steps, every)
    const points = allPoints(steps)
    for (const ask of asks) {
      const rp = points[ask.k % points.length]!
      const p = { step: rp.step, phase: rp.phase }
      const where = `at ${p.step}/${p.phase}${ask.live ? ' (live only)' : ''}`
      const at = sessionsAtPoint(tl, p, ask.live)
      const full = fullBuild(tl, p, ask.live)
      expect(at.all(), `sessions ${where}`).toEqual(full)
      for (const x of full) seen.add(x.status).add(x.browser === undefined ? 'implicit browser' : 'named browser').add(x.groupId !== x.id ? 'clone' : 'root')

      // Flat list: the filter applied by hand to the full build's clone-group trees, then the window.
      const req = { offset: ask.offset, limit: ask.limit, filter: ask.filter }
      const expected = sessionWindow(full, { offset: 0, limit: 10_000 })
        .rows.filter((r) => matchesByHand(r.session, ask.filter))
      const got = sessionWindow(at, req)
      expect(got.total, `filtered total ${where} '${ask.filter}'`).toBe(expected.length)
      expect(got.rows, `window ${where} '${ask.filter}'`).toEqual(expected.slice(ask.offset, ask.offset + ask.limit))

      // Under browsers: the same tree as from the full build.
      const every = fullBuild(tl, p, false)
      const aliasOf = (id: number) => every.find((s) => s.id === id)?.alias ?? null
      const facts: BrowserFacts[] = browsersAtEffect(tl.cols, tl.positionOf(p)).map((b) => ({
        name: b.name,
        implicit: false,
        opened: false,
        cookies: b.cookies.map((c) => ({ ...c, alias: c.session === null ? null : aliasOf(c.session), apps: [] })),
      }))
      expect(browserWindow(at, facts, req), `browser tree ${where} '${ask.filter}'`).toEqual(browserWindow(full, facts, req))
      expect(at.aliasOf(full[0]?.id ?? -1), 'alias by ID').toBe(full[0]?.alias ?? null)
    }
  }
}

/**
 * Runs sliced work to its end, calling `between` where the engine would answer other calls (a key
 * press's navigate moves the timeline's shared cursor there); counts the slices.
 */
function drive<T>(work: Sliced<T>, between: () => void): { value: T; slices: number } {
  let r = work.next()
  let slices = 1
  while (!r.done) {
    between()
    r = work.next()
    slices++
  }
  return { value: r.value, slices }
}

/** How many sliced builds took more than one slice (checked at the end: the property saw slicing happen). */
let slicedBuilds = 0

describe('the same built in slices, the cursor moved elsewhere between slices (issue #14: a key press answered meanwhile)', () => {
  test.prop(
    [
      fc.array(actionArb, { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 5 }),
      fc.array(fc.record({ k: fc.nat(), live: fc.boolean(), filter: fc.constantFrom(...FILTERS), offset: fc.nat(12), limit: fc.integer({ min: 1, max: 12 }), elsewhere: fc.nat() }), { minLength: 1, maxLength: 8 }),
    ],
    { numRuns: 60 },
  )('equal the full build, flat and under browsers', (actions, every, sliceSize, asks) => {
    const steps = simulate(actions)
    // A timeline of its own: no build kept from another check, so each point's first ask is built in slices.
    const tl = timelineOf(steps, every)
    const points = allPoints(steps)
    for (const ask of asks) {
      const rp = points[ask.k % points.length]!
      const p = { step: rp.step, phase: rp.phase }
      const where = `at ${p.step}/${p.phase}${ask.live ? ' (live only)' : ''} in slices of ${sliceSize}`
      let moves = ask.elsewhere
      const moveCursor = () => {
        const q = points[moves++ % points.length]!
        tl.seek({ step: q.step, phase: q.phase })
      }
      const full = fullBuild(tl, p, ask.live)
      const req = { offset: ask.offset, limit: ask.limit, filter: ask.filter }
      const got = drive(sessionsWindowInSlices(tl, p, ask.live, req, new SliceCounter(sliceSize)), moveCursor)
      if (got.slices > 1) slicedBuilds++
      expect(got.value, `window ${where} '${ask.filter}'`).toEqual(sessionWindow(full, req))

      const at = drive(sessionsAtPointInSlices(tl, p, ask.live, new SliceCounter(sliceSize)), moveCursor).value
      expect(at.all(), `sessions ${where}`).toEqual(full)
      const everyone = fullBuild(tl, p, false)
      const aliasOf = (id: number) => everyone.find((s) => s.id === id)?.alias ?? null
      const facts: BrowserFacts[] = browsersAtEffect(tl.cols, tl.positionOf(p)).map((b) => ({
        name: b.name,
        implicit: false,
        opened: false,
        cookies: b.cookies.map((c) => ({ ...c, alias: c.session === null ? null : aliasOf(c.session), apps: [] })),
      }))
      const slice = new SliceCounter(sliceSize)
      const tree = drive(browserTreeInSlices(at, facts, req, () => flatCloneTreeInSlices(at, slice), slice), moveCursor).value
      const expected = browserWindow(full, facts, req)
      expect({ grouped: tree.grouped, browsers: tree.browsers, total: tree.total, sessions: tree.sessions, rows: tree.rows(req.offset, req.limit) }, `browser tree ${where} '${ask.filter}'`).toEqual(expected)
    }
  })
})

describe('the kinds of session the checks above saw', () => {
  it('some sliced builds took several slices', () => {
    expect(slicedBuilds).toBeGreaterThan(10)
  })

  it('the random traces had active, expired and ended sessions, clones, and named and implicit browsers', () => {
    expect([...seen].sort()).toEqual(['active', 'clone', 'deleted', 'expired', 'implicit browser', 'named browser', 'root'])
  })
})
