// @vitest-environment happy-dom
/**
 * Issue #13, End's first press: a window of the Sessions panel's rows arriving
 * from the engine renders as a transition: an urgent update committed meanwhile
 * (a key press) does not carry the rows with it. React renders pending
 * default-priority updates together with a sync one, so without the transition
 * the rows would be in that commit. What a commit contains, never time.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { flushSync } from 'react-dom'
import { useSyncExternalStore } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import './helpers/wait-limits.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { EngineApi } from '../../src-main/api/contract.js'
import { ServicesProvider, createServices } from '../../src-renderer/src/stores/app-context.js'
import type { AppServices } from '../../src-renderer/src/stores/app-context.js'
import { SessionsView } from '../../src-renderer/src/views/sessions/SessionsView.js'
import { inProcessApi } from './helpers/in-process.js'

/** An urgent update of its own, outside the panel (what a key press's commit stands for here). */
function createProbe() {
  let n = 0
  const listeners = new Set<() => void>()
  const subscribe = (l: () => void) => (listeners.add(l), () => listeners.delete(l))
  function Probe() {
    const value = useSyncExternalStore(subscribe, () => n)
    return <span data-testid="probe">{value}</span>
  }
  return {
    Probe,
    bump() {
      n++
      for (const l of listeners) l()
    },
  }
}

let close: (() => void) | null = null
afterEach(() => {
  cleanup()
  close?.()
  close = null
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
})

/** Services on the in-process engine with session-cloning open; `hold` keeps the Sessions panel's window answers until released. */
async function setup(): Promise<{ services: AppServices; held: (() => void)[]; holding: { on: boolean } }> {
  const service = new EngineService()
  const base = inProcessApi(service)
  const held: (() => void)[] = []
  const holding = { on: false }
  const api: EngineApi = {
    invoke: (method, payload) => {
      const answer = base.invoke(method, payload)
      if (!holding.on || method !== 'timeline.browsers') return answer
      return new Promise((resolve) => held.push(() => resolve(answer))) as typeof answer
    },
    subscribe: base.subscribe,
  }
  const services = createServices(api)
  await services.actions.init()
  if (!(await services.actions.openDemo('session-cloning'))) throw new Error('could not open session-cloning')
  close = () => {
    services.actions.dispose()
    service.close()
  }
  return { services, held, holding }
}

const aliases = () => screen.queryAllByTestId('session-row').map((r) => r.dataset.sessionAlias)
const microtasks = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

describe('Sessions panel: a key press never waits for its rows', () => {
  it('a window answer renders as a transition: a key press committed meanwhile does not render its rows', async () => {
    const { services, held, holding } = await setup()
    const probe = createProbe()
    render(
      <ServicesProvider services={services}>
        <SessionsView />
        <probe.Probe />
      </ServicesProvider>,
    )
    await act(() => services.actions.goTo({ step: 6, phase: null }))
    await waitFor(() => expect(aliases()).toEqual(['A', 'B', 'C']))
    // C's ID is 572479445489477: only C matches these digits. Its window is held on its way.
    holding.on = true
    fireEvent.change(screen.getByTestId('session-filter'), { target: { value: '572479' } })
    await waitFor(() => expect(held.length).toBe(1))
    ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false
    held[0]!()
    // The answer reaches the panel's state (its promise chain: microtasks, no task, so React has not rendered yet).
    await microtasks(50)
    flushSync(() => probe.bump())
    expect(screen.getByTestId('probe').textContent).toBe('1')
    // The urgent commit did not carry the rows: they are still the unfiltered ones…
    expect(aliases()).toEqual(['A', 'B', 'C'])
    // …and the transition renders them after.
    await waitFor(() => expect(aliases()).toEqual(['C']))
  })
})
