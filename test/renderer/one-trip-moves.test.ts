/**
 * A move is one round trip before it is painted: an arrow key asks
 * `timeline.navigate` once (the diff from the point shown and what the step
 * changed come with it), a jump asks `timeline.state` once without the Per
 * User rows and tables. What the panels beside the table show follows —
 * and ends up exactly the engine's state at the point (expected values from
 * the engine's own timeline.state, asked separately).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { harness } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'
import { tableKey } from '../../src-renderer/src/model/state-at-playhead.js'
import { rowKey } from '../../src-renderer/src/model/rows.js'
import type { TimelineState } from '../../src-main/api/contract.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'

let h: Harness | null = null
afterEach(() => {
  h?.close()
  h = null
})

/** The engine's own answer at a step: rows as `item=value`, Per User rows, tables by key. */
async function engineAt(x: Harness, step: number) {
  const r = await x.service.dispatch('timeline.state', { point: { step, phase: null } })
  if (!r.ok) throw new Error(r.error.message)
  const st = r.result as TimelineState
  return {
    rows: st.rows.map((row) => `${row.session}|${row.item}=${row.value}`).sort(),
    userRows: st.userRows,
    tables: new Map(st.tables.map((t) => [tableKey(t.app, t.table), t.rows])),
    sessions: st.sessions.map((s) => s.id).sort(),
  }
}

/** The rows the step at `step` changed, with how, as the engine's `here` says. */
async function hereAt(x: Harness, step: number): Promise<string[]> {
  const r = await x.service.dispatch('timeline.state', { point: { step, phase: null }, here: true })
  if (!r.ok) throw new Error(r.error.message)
  return (r.result as TimelineState).here!.changes.map((c) => `${rowKey(c.session, c.app, c.page, c.item)}=${c.kind}`).sort()
}

const highlights = (x: Harness) => [...x.services.engine.getState().changes].map(([k, kind]) => `${k}=${kind}`).sort()

const shownRows = (x: Harness) =>
  x.services.engine
    .getState()
    .rows.map((row) => `${row.session}|${row.item}=${row.value}`)
    .sort()

describe('one round trip per move', () => {
  it('an arrow key asks timeline.navigate once and paints from its answer; the sessions and tables there follow', async () => {
    const sent: { method: string; payload: unknown }[] = []
    h = await harness('onboarding-wizard', { sent })
    const a = h.services.actions
    await a.goTo({ step: 11, phase: null })
    // Let the jump's Per User rows and tables arrive before counting.
    await vi.waitFor(() => expect(sent.at(-1)?.method).toBe('timeline.state'))
    const from = sent.length
    await a.stepBy(1)
    const e = h.services.engine.getState()
    expect(e.point).toEqual({ step: 12, phase: null })
    // Painted after exactly one call to the engine about time travel.
    expect(sent.slice(from).filter((m) => m.method.startsWith('timeline.')).map((m) => m.method)).toEqual(['timeline.navigate'])
    const expected = await engineAt(h, 12)
    expect(shownRows(h)).toEqual(expected.rows)
    // What the step changed (from the diff across it, on →) is what the engine's `here` names.
    expect(highlights(h)).toEqual(await hereAt(h, 12))
    expect(highlights(h).length).toBeGreaterThan(0)
    // ← asks for `here` itself: the highlights of the step arrived at.
    await a.stepBy(-1)
    expect(h.services.engine.getState().point).toEqual({ step: 11, phase: null })
    expect(highlights(h)).toEqual(await hereAt(h, 11))
    await a.stepBy(1)
    // Step 12 inserts the EMP row: the table follows once the playhead settles.
    expect(expected.tables.get('100|EMP')).toHaveLength(1)
    await vi.waitFor(() => expect(h!.services.engine.getState().tables.get('100|EMP')).toEqual(expected.tables.get('100|EMP')))
    expect(h.services.engine.getState().sessions.map((s) => s.id).sort()).toEqual(expected.sessions)
  })

  it('a jump asks for the state once without Per User rows and tables, then for those; the store ends at the engine’s state', async () => {
    const sent: { method: string; payload: unknown }[] = []
    h = await harness(undefined, { sent })
    const a = h.services.actions
    // Far enough for a jump (not a diff from the point shown), with Per User values and tables.
    expect(await a.openTraceText(generateTraceText({ events: 1500, sessions: 20, seed: 5, recorded: true }), 'gen.sstrace')).toBe(true)
    const last = h.services.engine.getState().stepCount - 1
    expect(last).toBeGreaterThan(1000)
    const from = sent.length
    await a.last()
    const states = sent.slice(from).filter((m) => m.method === 'timeline.state')
    expect(states).toHaveLength(2)
    // Issue #13: the jump comes without the whole session list too (the sessions shown, the rows' sessions' aliases); the list follows with the rest.
    const selected = h.services.ui.selection.getState().session
    expect(selected).not.toBeNull()
    expect(states[0]!.payload).toMatchObject({ point: { step: last }, userRows: false, tables: false, sessionList: false, sessionsShown: [selected] })
    expect(states[1]!.payload).toMatchObject({ point: { step: last }, sessions: [] })
    expect(states[1]!.payload).not.toHaveProperty('sessionList')
    const expected = await engineAt(h, last)
    expect(expected.userRows.length).toBeGreaterThan(0)
    expect(expected.tables.size).toBeGreaterThan(0)
    const e = h.services.engine.getState()
    expect(shownRows(h)).toEqual(expected.rows)
    expect(e.tables).toEqual(expected.tables)
    expect(e.userRows).toEqual(expected.userRows)
    expect(e.sessions.map((x) => x.id).sort()).toEqual(expected.sessions)
  })
  it('an arrow key pressed while a move is on its way takes the longer way once; the next key, pressed once that step is painted, is one round trip again', async () => {
    const sent: { method: string; payload: unknown }[] = []
    h = await harness('onboarding-wizard', { sent })
    const a = h.services.actions
    const engine = h.services.engine
    const timelineCalls = (from: number) => sent.slice(from).filter((m) => m.method.startsWith('timeline.')).map((m) => m.method)
    // A jump, and → before it is done: the step cannot be one trip (a move is on its way).
    void a.goTo({ step: 11, phase: null })
    void a.stepBy(1)
    await vi.waitFor(() => expect(engine.getState().point).toEqual({ step: 12, phase: null }))
    // Pressed as soon as that step is painted, as a held or quickly repeated key is, without waiting for what follows it.
    const from = sent.length
    void a.stepBy(1)
    await vi.waitFor(() => expect(engine.getState().point).toEqual({ step: 13, phase: null }))
    expect(timelineCalls(from)).toEqual(['timeline.navigate'])
    const from2 = sent.length
    void a.stepBy(-1)
    await vi.waitFor(() => expect(engine.getState().point).toEqual({ step: 12, phase: null }))
    expect(timelineCalls(from2)).toEqual(['timeline.navigate'])
    expect(shownRows(h)).toEqual((await engineAt(h, 12)).rows)
  })
})
