// @vitest-environment happy-dom
/**
 * Real vs simulated in the UI (issue #15): the timeline marks the steps of a
 * request whose real answer differs (a keyboard-reachable marker named by the
 * engine's sentence, and a ≠ on the rows), and the inspector shows "Real APEX
 * answered … / The simulation …" side by side. The trace is the onboarding
 * demo with real answers written by hand: page 43's NEXT branches to page 44
 * (resources/demos/apps/onboarding.json), the real server went to page 45.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { StepInspector } from '../../src-renderer/src/views/inspector/StepInspector.js'
import { TimelineView } from '../../src-renderer/src/views/timeline/TimelineView.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const SENTENCE = 'APEX redirected to page 45; the simulation branched to page 44 because branch #1 on page 43 fired (After Processing branches): the request was NEXT'

function trace(apps: boolean): string {
  const header = apps ? { format: 'session-trace', version: 1, title: 'real', seed: 5, use: ['demo:onboarding'] } : { format: 'session-trace', version: 1, title: 'real' }
  return [
    header,
    { type: 'request', url: 'f?p=HR:1', as: 'A', observed: { status: 200, app: 100, page: 1, items: { P1_X: '' }, ms: 12 } },
    { type: 'submit', session: 'A', page: 1, request: 'ADD', observed: { status: 302, location: 'f?p=100:43:9::NO:43,44,45', page: 43 } },
    { type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' }, observed: { status: 302, location: 'f?p=100:45:9', app: 100, page: 45, items: { P45_DEPTNO: '10' } } },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n')
}

async function opened(apps = true): Promise<Harness> {
  const x = await harness()
  const ok = await x.services.actions.openTraceText(trace(apps), 'real.sstrace')
  if (!ok) throw new Error(JSON.stringify(x.services.ui.toasts.getState().toasts))
  return x
}

describe('Timeline: divergence markers', () => {
  it('one marker per diverged request, reachable by Tab, named by the sentence; Enter/click jumps to its step; its rows carry ≠', async () => {
    h = await opened()
    renderWith(h, <TimelineView />)
    const markers = await screen.findAllByTestId('divergence-marker')
    expect(markers).toHaveLength(1)
    const marker = screen.getByRole('button', { name: `step 3: ${SENTENCE}` })
    expect(marker.tagName).toBe('BUTTON')
    expect(marker.tabIndex).toBe(0)
    expect(screen.getByTestId('divergence-markers').textContent).toContain('1 of 3 requests diverged')
    fireEvent.click(marker)
    await waitFor(() => expect(h!.services.engine.getState().point.step).toBe(3))
    await waitFor(() => expect(screen.getAllByTestId('diverged-step').length).toBe(2))
    // The request's submit (3) and its redirect show (4) are marked, the agreeing requests are not.
    const rows = screen.getAllByTestId('timeline-step')
    const marked = rows.filter((r) => within(r).queryByTestId('diverged-step')).map((r) => r.dataset.step)
    expect(marked).toEqual(['3', '4'])
    expect(within(rows[3]!).getByRole('img', { name: SENTENCE })).toBeTruthy()
  })

  it('no markers for a recorded-only trace (nothing was compared)', async () => {
    h = await opened(false)
    renderWith(h, <TimelineView />)
    await waitFor(() => expect(screen.getAllByTestId('timeline-step').length).toBeGreaterThan(0))
    expect(screen.queryByTestId('divergence-markers')).toBeNull()
    expect(screen.queryByTestId('diverged-step')).toBeNull()
  })
})

describe('Inspector: real vs simulated', () => {
  it('shows the real answer beside what the simulation did, with the sentence and why', async () => {
    h = await opened()
    renderWith(h, <StepInspector />)
    await act(() => h!.services.actions.goTo({ step: 3, phase: null }))
    const view = await screen.findByTestId('observed-answer')
    expect(view.dataset.field).toBe('redirect')
    expect(screen.getByTestId('observed-sentence').textContent).toBe(`≠ ${SENTENCE}`)
    const real = screen.getByTestId('observed-real')
    expect(within(real).getByRole('heading', { name: 'Real APEX answered' })).toBeTruthy()
    expect(real.textContent).toContain('APEX redirected to page 45')
    expect(real.textContent).toContain('Redirected tof?p=100:45:9')
    expect(real.textContent).toContain('P45_DEPTNO = "10"')
    const sim = screen.getByTestId('observed-simulated')
    expect(within(sim).getByRole('heading', { name: 'The simulation' })).toBeTruthy()
    expect(sim.textContent).toContain('branched to page 44')
    expect(sim.textContent).toContain('Because branch #1 on page 43 fired (After Processing branches): the request was NEXT.')
    // The redirect's show belongs to the same request.
    await act(() => h!.services.actions.goTo({ step: 4, phase: null }))
    await waitFor(() => expect(screen.getByTestId('inspector').dataset.step).toBe('4'))
    expect(screen.getByTestId('observed-sentence').textContent).toBe(`≠ ${SENTENCE}`)
  })

  it('a request whose real answer agrees says so; a recorded-only trace says nothing was compared', async () => {
    h = await opened()
    renderWith(h, <StepInspector />)
    await act(() => h!.services.actions.goTo({ step: 0, phase: null }))
    const view = await screen.findByTestId('observed-answer')
    expect(view.dataset.field).toBeUndefined()
    expect(screen.queryByTestId('observed-sentence')).toBeNull()
    expect(view.textContent).toContain('HTTP status200')
    expect(view.textContent).toContain('Server time12 ms')
    expect(screen.getByTestId('observed-simulated').textContent).toContain('Agrees with the real answer')
    cleanup()
    h.close()
    h = await opened(false)
    renderWith(h, <StepInspector />)
    await act(() => h!.services.actions.goTo({ step: 2, phase: null }))
    expect((await screen.findByTestId('observed-simulated')).textContent).toContain('Recorded only')
  })
})
