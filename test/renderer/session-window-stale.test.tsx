// @vitest-environment happy-dom
/**
 * Issue #14: the Sessions panel shows only the answer to its latest ask. An
 * answer about a point the playhead has left — still on its way when the
 * panel asked about the new point — is dropped, whether it arrives before or
 * after the new one. The engine's answers are held back by the test and let
 * go in the order each case needs; every wait is on the state asserted.
 */
import { act, cleanup, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useSessionWindow } from '../../src-renderer/src/views/sessions/session-window.js'
import type { EngineApi } from '../../src-renderer/src/transport/api-types.js'

afterEach(cleanup)

type Held = { step: number; answer: () => void }

/** An engine whose timeline.browsers answers wait until the test lets them go; each answer names its step in its one row. */
function heldEngine(): { api: EngineApi; held: Held[] } {
  const held: Held[] = []
  const api = {
    invoke: (method: string, payload: { point: { step: number } }) =>
      new Promise((resolve) => {
        if (method !== 'timeline.browsers') throw new Error(`unexpected ${method}`)
        const step = payload.point.step
        const session = { id: step, alias: `at step ${step}`, user: 'nobody', createdAt: 0, groupId: step, apps: [], currentApp: null, currentPage: null, ended: null, endedAt: null, status: 'active', idleSec: 0, groupCreatedAt: 0 }
        held.push({ step, answer: () => resolve({ ok: true, result: { grouped: false, browsers: 1, total: 1, sessions: 1, rows: [{ kind: 'session', session, browser: null, depth: 0, clones: 0 }] } }) })
      }),
    subscribe: () => () => {},
  } as unknown as EngineApi
  return { api, held }
}

function Panel({ api, step }: { api: EngineApi; step: number }) {
  const shown = useSessionWindow(api, { enabled: true, point: { step, phase: null }, filter: '', liveOnly: false, collapsed: [], refresh: 0, first: 0, last: 10 }, (err) => {
    throw err
  })
  return <p data-testid="shown">{shown ? shown.rows.map((r) => (r.kind === 'session' ? r.session.alias : '')).join(',') : 'nothing'}</p>
}

const shownText = () => screen.getByTestId('shown').textContent

/** Lets an answer go and returns once it has been handled: the promise chain behind it runs in microtasks, all done before the next macrotask. */
async function letGo(h: Held): Promise<void> {
  h.answer()
  await new Promise((resolve) => setTimeout(resolve, 0))
}

/** The panel asks once the point has rested (100 ms): on a loaded machine that may take a while, so the wait is generous. */
const patiently = { timeout: 10_000 }

describe('Sessions panel: a stale answer is dropped', () => {
  it('the old point answers after the new one: the new one stays', async () => {
    const { api, held } = heldEngine()
    const view = render(<Panel api={api} step={1} />)
    await waitFor(() => expect(held.map((x) => x.step)).toEqual([1]), patiently)
    view.rerender(<Panel api={api} step={2} />)
    await waitFor(() => expect(held.map((x) => x.step)).toEqual([1, 2]), patiently)
    await act(() => letGo(held[1]!))
    await waitFor(() => expect(shownText()).toBe('at step 2'))
    await act(() => letGo(held[0]!))
    // Step 1's answer has arrived and been handled: step 2's is still shown.
    expect(shownText()).toBe('at step 2')
  })

  it('the old point answers first, while the new one is on its way: it is never shown', async () => {
    const { api, held } = heldEngine()
    const view = render(<Panel api={api} step={1} />)
    await waitFor(() => expect(held.map((x) => x.step)).toEqual([1]), patiently)
    view.rerender(<Panel api={api} step={2} />)
    await waitFor(() => expect(held.map((x) => x.step)).toEqual([1, 2]), patiently)
    await act(() => letGo(held[0]!))
    expect(shownText()).toBe('nothing')
    await act(() => letGo(held[1]!))
    await waitFor(() => expect(shownText()).toBe('at step 2'))
  })
})
