// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SessionsView } from '../../src-renderer/src/views/sessions/SessionsView.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'
import { call } from '../timeline/api-call.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const sessionRows = () => screen.queryAllByTestId('session-row')

describe('Sessions view', () => {
  it('lists sessions with alias, ID, user, status and times; clone groups as a tree', async () => {
    h = await harness('session-cloning')
    renderWith(h, <SessionsView />)
    await act(() => h!.services.actions.goTo({ step: 6, phase: null }))
    // The rows come from the engine once the playhead rests.
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.sessionAlias)).toEqual(['A', 'B', 'C']))
    const rows = sessionRows()
    expect(rows.map((r) => r.getAttribute('aria-level'))).toEqual(['1', '2', '2'])
    expect(rows[0]!.textContent).toMatch(/nobody/)
    expect(rows[0]!.textContent).toMatch(/active/)
    expect(rows[0]!.textContent).toMatch(/group ×3/)
    expect(rows[1]!.textContent).toMatch(/1:00/) // created at t=60 s
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.status)).toEqual(['deleted', 'deleted', 'deleted']))
  })

  it('shows expired sessions', async () => {
    h = await harness('timeouts-and-logout')
    renderWith(h, <SessionsView />)
    await act(() => h!.services.actions.goTo({ step: 3, phase: null }))
    await waitFor(() => expect(sessionRows()[0]?.dataset.status).toBe('expired'))
  })

  it('runs the actions live: new session, clone, login, logout, expire', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <SessionsView />)
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.sessionAlias)).toEqual(['A']))
    const click = async (name: string) => {
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name }))
      })
    }
    await click('Clone')
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.sessionAlias)).toEqual(['A', 'B']))
    // Login acts on the selected session: wait until the clone is it.
    await waitFor(() => expect(sessionRows()[1]!.getAttribute('aria-selected')).toBe('true'))
    // The clone is selected; log it in as SCOTT (the ID rotates).
    const beforeLogin = sessionRows()[1]!.dataset.sessionId
    await click('Login')
    await waitFor(() => expect(sessionRows()[1]!.textContent).toMatch(/SCOTT/))
    expect(sessionRows()[1]!.dataset.sessionId).not.toBe(beforeLogin)
    // Logging out of A logs out its whole clone group (B too).
    fireEvent.click(sessionRows()[0]!)
    await click('Logout')
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.status)).toEqual(['deleted', 'deleted']))
    await click('New session')
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.sessionAlias)).toEqual(['A', 'B', 'C']))
    await waitFor(() => expect(sessionRows()[2]!.getAttribute('aria-selected')).toBe('true'))
    await click('Expire')
    await waitFor(() => expect(sessionRows().find((r) => r.dataset.sessionAlias === 'C')!.dataset.status).toBe('expired'))
  })

  describe('Expire', () => {
    /** A live workspace with the given limits, session A requested at t = 0, then the clock and A's activity moved as asked. */
    async function liveWith(settings: { maxSessionIdleSec: number; maxSessionLengthSec: number }, ops: Record<string, unknown>[], sent: { method: string; payload: unknown }[]) {
      h = await harness(undefined, { sent })
      const r = await h.service.dispatch('workspace.new', { use: ['demo:onboarding'], settings, title: 'Limits' })
      expect(r.ok).toBe(true)
      await waitFor(() => expect(h!.services.engine.getState().workspace?.title).toBe('Limits'))
      const c = h.services.actions
      await c.operate({ type: 'request', url: 'f?p=HR:1', as: 'A' })
      for (const op of ops) await c.operate(op as never)
      renderWith(h, <SessionsView />)
      const a = h.services.engine.getState().sessions.find((x) => x.alias === 'A')!
      act(() => h!.services.ui.selection.getState().select(a.id))
      return a
    }
    const waitsSent = (sent: { method: string; payload: unknown }[]) =>
      sent.filter((x) => x.method === 'operate' && (x.payload as { op: { type: string } }).op.type === 'wait').map((x) => (x.payload as { op: { seconds: number } }).op.seconds)
    /** Presses Expire and waits until the waits sent are `expected` (the press's own `wait` is the last). */
    const pressExpire = async (sent: { method: string; payload: unknown }[], expected: number[]) => {
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Expire' }))
      })
      await waitFor(() => expect(waitsSent(sent)).toEqual(expected))
    }

    it('waits until exactly 1 s past the idle limit when that comes first', async () => {
      const sent: { method: string; payload: unknown }[] = []
      // Idle limit 600 s from the last activity (t = 0): deadline 600; the length limit (1800) comes later.
      await liveWith({ maxSessionIdleSec: 600, maxSessionLengthSec: 1800 }, [{ type: 'wait', seconds: 100 }], sent)
      const button = screen.getByRole('button', { name: 'Expire' })
      expect(button.title).toMatch(/^Wait 501 s: .*idle limit \(600 s/)
      expect(button.title).toMatch(/t = 601 s/)
      await pressExpire(sent, [100, 501])
      await waitFor(() => expect(sessionRows().find((r) => r.dataset.sessionAlias === 'A')!.dataset.status).toBe('expired'))
      expect(h!.services.engine.getState().t).toBe(601)
    })

    it('waits until exactly 1 s past the maximum length when that comes first', async () => {
      const sent: { method: string; payload: unknown }[] = []
      // A is active again at t = 450: idle deadline 1050, but the group started at 0 and may last 1000 s.
      await liveWith({ maxSessionIdleSec: 600, maxSessionLengthSec: 1000 }, [{ type: 'wait', seconds: 450 }, { type: 'request', session: 'A', url: 'f?p=HR:1:&SESSION.' }], sent)
      expect(screen.getByRole('button', { name: 'Expire' }).title).toMatch(/^Wait 551 s: .*maximum length \(1000 s/)
      await pressExpire(sent, [450, 551])
      await waitFor(() => expect(sessionRows().find((r) => r.dataset.sessionAlias === 'A')!.dataset.status).toBe('expired'))
      expect(h!.services.engine.getState().t).toBe(1001)
    })

    it('is just enough: one second less leaves the session active (the engine says so)', async () => {
      const sent: { method: string; payload: unknown }[] = []
      await liveWith({ maxSessionIdleSec: 600, maxSessionLengthSec: 1000 }, [{ type: 'wait', seconds: 450 }, { type: 'request', session: 'A', url: 'f?p=HR:1:&SESSION.' }, { type: 'wait', seconds: 550 }], sent)
      // At t = 1000 the group is exactly 1000 s old: not past its limit yet.
      const list = await call(h!.service, 'sessions.list', {})
      expect(list.find((x) => x.alias === 'A')?.status).toBe('active')
      expect(screen.getByRole('button', { name: 'Expire' }).title).toMatch(/^Wait 1 s:/)
      await pressExpire(sent, [450, 550, 1])
      await waitFor(async () => expect((await call(h!.service, 'sessions.list', {})).find((x) => x.alias === 'A')?.status).toBe('expired'))
    })

    it('goes to the end first when the playhead is in the past, and is disabled without limits', async () => {
      const sent: { method: string; payload: unknown }[] = []
      await liveWith({ maxSessionIdleSec: 600, maxSessionLengthSec: 1800 }, [{ type: 'wait', seconds: 100 }], sent)
      await act(() => h!.services.actions.goTo({ step: 0, phase: null }))
      expect(screen.getByRole('button', { name: 'Expire' }).title).toMatch(/^Go to the end of the timeline, then wait/)
      // From the end (t = 100), as before.
      await pressExpire(sent, [100, 501])
      h!.close()
      h = null
      cleanup()
      await liveWith({ maxSessionIdleSec: 0, maxSessionLengthSec: 0 }, [], [])
      const button = screen.getByRole('button', { name: 'Expire' }) as HTMLButtonElement
      expect(button.disabled).toBe(true)
      expect(button.title).toMatch(/never expires/)
    })
  })

  it('names a new session by the engine’s free alias at the end, not by the sessions at the playhead', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <SessionsView />)
    // Two more sessions at the end (B, C); the playhead goes back to step 0, where only A exists.
    await act(async () => {
      await h!.services.actions.operate({ type: 'request', url: 'f?p=HR:1', as: 'B' })
      await h!.services.actions.operate({ type: 'request', url: 'f?p=HR:1', as: 'C' })
    })
    await act(() => h!.services.actions.goTo({ step: 0, phase: null }))
    await waitFor(() => expect(h!.services.engine.getState().sessions.map((x) => x.alias)).toEqual(['A']))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'New session' }))
    })
    // Picked from the playhead's sessions it would be B: refused by the engine (B is live at the end).
    await waitFor(() => expect(h!.service.timeline.stateAt({ step: h!.service.timeline.stepCount - 1, phase: null }).sessions.map((x) => x.alias)).toEqual(['A', 'B', 'C', 'D']))
    expect(h.services.ui.toasts.getState().toasts.filter((t) => t.kind === 'error')).toEqual([])
  })
})
