// @vitest-environment happy-dom
/**
 * Issue #13: a jump (End) comes without the whole session list — the
 * sessions the views show (selected, filtered) and the rows' sessions'
 * aliases instead; the list follows once the playhead rests. Every view that
 * names a session must still name the right one in between: here the
 * selected session is the last of the list, and the list's follow-up is held
 * back while the views are checked. Expected values come from the engine's
 * full answer, asked for separately.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { EngineApi, TimelineState } from '../../src-main/api/contract.js'
import { createServices } from '../../src-renderer/src/stores/app-context.js'
import { PageSimulator } from '../../src-renderer/src/views/simulator/PageSimulator.js'
import { StateTableView } from '../../src-renderer/src/views/state-table/StateTableView.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { inProcessApi, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

/** An engine whose answers to `timeline.state` asking for the whole session list wait while `held` is set. */
async function heldHarness() {
  const service = new EngineService()
  let release: (() => void) | null = null
  let gate: Promise<void> | null = null
  const inner = inProcessApi(service)
  const api: EngineApi = {
    invoke: async (method, payload) => {
      const listed = method === 'timeline.state' && (payload as { sessionList?: boolean }).sessionList !== false
      if (listed && gate) await gate
      return inner.invoke(method, payload)
    },
    subscribe: inner.subscribe,
  }
  const services = createServices(api)
  await services.actions.init()
  const harness: Harness = {
    service,
    services,
    close() {
      release?.()
      services.actions.dispose()
      service.close()
    },
  }
  return {
    harness,
    hold() {
      gate = new Promise<void>((r) => (release = r))
    },
    release() {
      gate = null
      release?.()
    },
  }
}

async function fullState(service: EngineService, step: number): Promise<TimelineState> {
  const r = await service.dispatch('timeline.state', { point: { step, phase: null } })
  if (!r.ok) throw new Error(r.error.message)
  return r.result as TimelineState
}

describe('a jump without the whole session list', () => {
  it('every view still names the selected session (the last of the list) before the list follows, and the list follows', async () => {
    const x = await heldHarness()
    h = x.harness
    const { services, service } = h
    expect(await services.actions.openTraceText(generateTraceText({ events: 2500, sessions: 40, seed: 7 }), 'gen.sstrace')).toBe(true)
    const last = services.engine.getState().stepCount - 1
    const end = await fullState(service, last)
    // The selected session: the last active one of the list at the end that shows a page, far from the list's start.
    const chosen = [...end.sessions].reverse().find((s) => s.status === 'active' && s.currentPage !== null && s.alias)!
    expect(chosen).toBeDefined()
    expect(end.sessions.findIndex((s) => s.id === chosen.id)).toBeGreaterThan(10)
    // A point far from the end: End is a jump there, not a diff from the rows shown.
    await services.actions.goTo({ step: 5, phase: null })
    services.ui.selection.getState().select(chosen.id)
    services.ui.filters.getState().set({ session: chosen.id })
    renderWith(h, (
      <>
        <PageSimulator />
        <StateTableView />
      </>
    ))

    x.hold()
    void services.actions.last()
    await waitFor(() => expect(services.engine.getState().point.step).toBe(last))
    const e = services.engine.getState()
    // Not the whole list: only the sessions shown (the selected one is also the filter's).
    expect(e.sessions.map((s) => s.id)).toEqual([chosen.id])
    // The simulator shows the selected session's page.
    const sim = await screen.findByTestId('sim-page')
    expect(sim.dataset.page).toBe(String(chosen.currentPage))
    expect(within(sim).getByText(new RegExp(`session ${chosen.alias} ${chosen.id}`))).toBeTruthy()
    // The table shows its rows, named by its alias (waited for: the views re-render after the store changes).
    const expectedRows = end.rows.filter((r) => r.session === chosen.id).length
    expect(expectedRows).toBeGreaterThan(0)
    await waitFor(() => expect(screen.getAllByTestId('state-row').length).toBe(expectedRows))
    const rows = screen.getAllByTestId('state-row')
    for (const r of rows) {
      expect(r.dataset.sessionId).toBe(String(chosen.id))
      expect(r.dataset.sessionAlias).toBe(chosen.alias)
    }
    // The session filter shows the filtered session.
    const filter = screen.getByLabelText<HTMLSelectElement>('Filter by session')
    await waitFor(() => expect(filter.value).toBe(String(chosen.id)))
    expect(filter.selectedOptions[0]!.textContent).toBe(`${chosen.alias} · ${chosen.id}`)
    // Expire's deadline, and the aliases the timeline reads for any session with rows.
    expect(chosen.expiry).toBeTruthy()
    expect(services.actions.expiryDeadline(chosen.id)).toEqual(chosen.expiry)
    const withRows = new Set(end.rows.map((r) => r.session))
    for (const s of end.sessions) if (withRows.has(s.id)) expect(e.knownSessions.get(s.id)?.alias).toBe(s.alias)
    // The table's order of sessions is the list's (creation time).
    expect([...e.knownSessions.keys()]).toEqual(end.sessions.filter((s) => withRows.has(s.id) || s.id === chosen.id).map((s) => s.id))

    // Once the playhead rests the whole list follows.
    x.release()
    await waitFor(() => expect(services.engine.getState().sessions.map((s) => s.id)).toEqual(end.sessions.map((s) => s.id)))
  })
})
