/**
 * Issue #13: End's answer grows with the rows the table shows, not with the
 * number of sessions. The jump is asked exactly as the renderer asks it
 * (jumpState with the sessions shown) of a generated trace with hundreds of
 * sessions; its JSON must fit a bound made of the rows it carries (their
 * columns, what the step changed, a short brief per session with rows) and
 * the shown session's record — the whole session list (~430 bytes a
 * session) does not fit.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { TimelineState } from '../../src-main/api/contract.js'
import { jumpState } from '../../src-renderer/src/stores/playhead.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'

/** Bytes allowed per session with rows: its ID, alias and creation time as JSON. */
const BRIEF_BYTES = 100
/** The point, clock, empty parts and field names. */
const FRAME_BYTES = 2048

let s: EngineService | null = null
afterEach(() => {
  s?.close()
  s = null
})

const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x) ?? '')

async function state(service: EngineService, payload: Record<string, unknown>): Promise<TimelineState> {
  const r = await service.dispatch('timeline.state', payload)
  if (!r.ok) throw new Error(r.error.message)
  return r.result as TimelineState
}

describe("End's answer", () => {
  it('is bounded by the rows it carries and the session shown, not by the session count', async () => {
    s = new EngineService()
    const opened = await s.dispatch('workspace.openTraceText', { text: generateTraceText({ events: 6000, sessions: 300, seed: 3, recorded: true }), name: 'many sessions' })
    if (!opened.ok) throw new Error(opened.error.message)
    const last = (opened.result as { steps: number }).steps - 1
    const point = { step: last, phase: null }
    const whole = await state(s, { point, sessions: [], userRows: false, tables: false })
    // Hundreds of sessions at the end: the list would dominate the answer.
    expect(whole.sessions.length).toBeGreaterThan(200)
    const selected = whole.sessions[whole.sessions.length - 1]!
    const end = await state(s, { point, ...jumpState(true, [selected.id]) })
    const runs = end.rowColumns!.sessionRuns.length / 2
    expect(runs).toBeGreaterThan(100)
    const bound = bytes(end.rowColumns) + bytes(end.here) + BRIEF_BYTES * runs + bytes(selected) + FRAME_BYTES
    expect(bytes(end)).toBeLessThanOrEqual(bound)
    // What the views need is there: the selected session's record, and every row's session's alias.
    expect(end.sessions.map((x) => x.id)).toEqual([selected.id])
    expect(end.sessionCount).toBe(whole.sessions.length)
    const aliases = new Map(whole.sessions.map((x) => [x.id, x.alias]))
    for (const b of end.rowSessions!) expect(b.alias).toBe(aliases.get(b.id))
  })
})
