// @vitest-environment happy-dom
/**
 * The Sessions panel always asks the engine for one window of its tree
 * (timeline.browsers): scrolling past the window asks for a new one, the
 * filter is sent to the engine (the renderer filters nothing), and a step
 * asks nothing until the playhead rests.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SessionsView } from '../../src-renderer/src/views/sessions/SessionsView.js'
import { SESSION_WINDOW_SETTLE_MS } from '../../src-renderer/src/views/sessions/session-window.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const sessionRows = () => screen.queryAllByTestId('session-row')
type WindowAsk = { offset: number; limit: number; filter?: string; liveOnly?: boolean; point: { step: number } }

describe('Sessions panel: a window from the engine', () => {
  it('in a huge workspace: asks for the visible window, a new one when scrolled past it, and sends the filter to the engine', async () => {
    const sent: { method: string; payload: unknown }[] = []
    h = await harness(undefined, { sent })
    // ~430 live sessions at the end of this trace.
    expect(await h.services.actions.openTraceText(generateTraceText({ events: 4000, sessions: 400, seed: 5, recorded: true }), 'many')).toBe(true)
    // What the workspace rule decides above LIST_ENDED_SESSIONS_UP_TO sessions: only live ones, and the panel pages.
    act(() => h!.services.engine.setState({ endedSessionsListed: false }))
    renderWith(h, <SessionsView />)
    const asks = () => sent.filter((x) => x.method === 'timeline.browsers').map((x) => x.payload as WindowAsk)
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(sessionRows().length).toBeGreaterThan(0))
    const first = asks()
    expect(first.length).toBe(1)
    expect(first[0]).toMatchObject({ offset: 0, liveOnly: true })
    expect(first[0]!.limit).toBeLessThan(200)
    const total = Number(screen.getByTestId('sessions-count').textContent)
    expect(total).toBeGreaterThan(400)

    // Scrolled to row 300: the rows there come from a new window around it.
    const tree = screen.getByTestId('sessions-tree')
    await act(async () => {
      tree.scrollTop = 300 * 26
      fireEvent.scroll(tree)
    })
    await waitFor(() => expect(asks().length).toBe(2))
    const second = asks()[1]!
    expect(second.offset).toBeGreaterThan(200)
    expect(second.offset).toBeLessThanOrEqual(300)
    const expected = await h.service.dispatch('timeline.browsers', { ...second })
    if (!expected.ok) throw new Error('timeline.browsers failed')
    const answer = expected.result as { rows: { session: { id: number } }[] }
    await waitFor(() => expect(sessionRows().map((r) => Number(r.dataset.sessionId))).toContain(answer.rows[30]!.session.id))

    // The filter goes to the engine; the rows shown are all its answer's.
    fireEvent.change(screen.getByTestId('session-filter'), { target: { value: 'maya75' } })
    await waitFor(() => expect(asks().some((a) => a.filter === 'maya75')).toBe(true))
    await waitFor(() => expect(sessionRows().length).toBeGreaterThan(0))
    expect(sessionRows().every((r) => /MAYA75/.test(r.textContent ?? ''))).toBe(true)
  })

  it('in a small workspace too: the filter asks the engine, and clearing it shows the full tree again', async () => {
    const sent: { method: string; payload: unknown }[] = []
    h = await harness('session-cloning', { sent })
    renderWith(h, <SessionsView />)
    await act(() => h!.services.actions.goTo({ step: 6, phase: null }))
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.sessionAlias)).toEqual(['A', 'B', 'C']))
    const unfiltered = sent.filter((x) => x.method === 'timeline.browsers').length
    // C's ID is 572479445489477: only C matches these digits.
    fireEvent.change(screen.getByTestId('session-filter'), { target: { value: '572479' } })
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.sessionAlias)).toEqual(['C']))
    expect(sent.filter((x) => x.method === 'timeline.browsers').slice(unfiltered).map((x) => (x.payload as WindowAsk).filter)).toEqual(['572479'])
    fireEvent.change(screen.getByTestId('session-filter'), { target: { value: '' } })
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.sessionAlias)).toEqual(['A', 'B', 'C']))
  })

  it('steps ask for no window while the playhead moves; one once it rests', async () => {
    const sent: { method: string; payload: unknown }[] = []
    h = await harness(undefined, { sent })
    expect(await h.services.actions.openTraceText(generateTraceText({ events: 600, sessions: 60, seed: 5, recorded: true }), 'some')).toBe(true)
    act(() => h!.services.engine.setState({ endedSessionsListed: false }))
    renderWith(h, <SessionsView />)
    await act(() => h!.services.actions.goTo({ step: 100, phase: null }))
    await waitFor(() => expect(sent.filter((x) => x.method === 'timeline.browsers').length).toBe(1))
    const count = () => sent.filter((x) => x.method === 'timeline.browsers').length
    // A held key: steps 50 ms apart, each in its own React commit, on a clock the test moves (only setTimeout
    // is faked, so the engine's answers still arrive).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      for (let i = 0; i < 5; i++) {
        await act(() => h!.services.actions.stepBy(1))
        await act(async () => {
          vi.advanceTimersByTime(50)
        })
      }
      expect(count()).toBe(1)
      // Rested one millisecond short of the settle time since the last step: still nothing asked.
      await act(async () => {
        vi.advanceTimersByTime(SESSION_WINDOW_SETTLE_MS - 50 - 1)
      })
      expect(count()).toBe(1)
      await act(async () => {
        vi.advanceTimersByTime(1)
      })
    } finally {
      vi.useRealTimers()
    }
    // At rest: the point arrived at is asked for, once.
    await waitFor(() => expect(count()).toBe(2))
    expect((sent.filter((x) => x.method === 'timeline.browsers').at(-1)!.payload as WindowAsk).point.step).toBe(105)
  })
})
