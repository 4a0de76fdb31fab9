// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TimelineView } from '../../src-renderer/src/views/timeline/TimelineView.js'
import { PlaybackBar } from '../../src-renderer/src/views/timeline/PlaybackBar.js'
import { installShortcuts } from '../../src-renderer/src/views/app/shortcuts.js'
import type { Breakpoint } from '../../src-renderer/src/transport/api-types.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
let uninstall: (() => void) | null = null
afterEach(() => {
  uninstall?.()
  uninstall = null
  cleanup()
  h?.close()
  h = null
  vi.useRealTimers()
})

const point = () => h!.services.engine.getState().point
const key = async (k: string, target: EventTarget = window) => {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: k === ' ' ? 'Space' : k, bubbles: true }))
    await new Promise((r) => setTimeout(r, 10))
  })
}

describe('Timeline', () => {
  it('lists steps with kind, session, URL or button, and a summary of effects', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <TimelineView />)
    await waitFor(() => expect(screen.getAllByTestId('timeline-step')[13]?.dataset.kind).toBe('show'))
    const steps = screen.getAllByTestId('timeline-step')
    expect(steps).toHaveLength(14)
    expect(steps[0]!.textContent).toMatch(/f\?p=HR:1/)
    expect(steps[0]!.textContent).toMatch(/1 set, session created/)
    expect(steps[1]!.dataset.kind).toBe('accept')
    expect(steps[1]!.textContent).toMatch(/button ADD/)
    expect(steps[5]!.textContent).toMatch(/validation failed/)
    expect(steps[0]!.getAttribute('aria-selected')).toBe('true')
    fireEvent.click(steps[4]!)
    await waitFor(() => expect(point().step).toBe(4))
  })

  it('steps with the keyboard anywhere but in a field', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, (
      <>
        <input aria-label="field" />
        <PlaybackBar />
      </>
    ))
    uninstall = installShortcuts(window, h.services)
    await key('ArrowRight')
    await key('ArrowRight')
    expect(point().step).toBe(2)
    await key('ArrowLeft')
    expect(point().step).toBe(1)
    await key('End')
    expect(point().step).toBe(13)
    await key('Home')
    expect(point().step).toBe(0)
    await key('ArrowRight', screen.getByLabelText('field'))
    expect(point().step).toBe(0)
    // ↓ steps into the step shown (step 0, the one the inspector shows), not into step 1.
    await key('ArrowDown')
    expect(point()).toEqual({ step: 0, phase: 0 })
    await key('ArrowDown')
    expect(point()).toEqual({ step: 0, phase: 1 })
    await key('ArrowUp')
    expect(point()).toEqual({ step: 0, phase: 0 })
    await key('b')
    expect(h.services.ui.playback.getState().stepBreakpoints.has(0)).toBe(true)
    await key(' ')
    expect(h.services.ui.playback.getState().playing).toBe(true)
    await key(' ')
    expect(h.services.ui.playback.getState().playing).toBe(false)
    expect(screen.getByTestId('playhead').textContent).toMatch(/step 0 \/ 13/)
  })

  it('plays at a speed and pauses at a breakpoint', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <PlaybackBar />)
    h.services.ui.playback.getState().toggleStepBreakpoint(3)
    h.services.ui.playback.getState().setSpeed(8)
    await act(async () => {
      fireEvent.click(screen.getByTestId('play-button'))
    })
    await waitFor(() => expect(h!.services.ui.playback.getState().playing).toBe(false))
    expect(point().step).toBe(3)
    expect(h.services.ui.toasts.getState().toasts.at(-1)?.title).toMatch(/Paused at step 3/)
  })

  it('a tick whose answer arrives after Pause does not move the playhead: Pause then Home stays at step 0', async () => {
    h = await harness('onboarding-wizard')
    const api = h.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
    const invoke = api.invoke.bind(api)
    // The first tick's answer is held back until after Pause and Home (a loaded machine's slow answer).
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    let asked = 0
    api.invoke = async (m, p) => {
      if (m === 'timeline.playback' && asked++ === 0) await held
      return invoke(m, p)
    }
    renderWith(h, <PlaybackBar />)
    h.services.ui.playback.getState().setSpeed(8)
    await act(async () => {
      h!.services.actions.goTo({ step: 5, phase: null })
    })
    await waitFor(() => expect(point().step).toBe(5))
    await act(async () => {
      fireEvent.click(screen.getByTestId('play-button'))
    })
    await waitFor(() => expect(asked).toBe(1))
    await act(async () => {
      fireEvent.click(screen.getByTestId('play-button'))
    })
    expect(h.services.ui.playback.getState().playing).toBe(false)
    await act(async () => {
      await h!.services.actions.goTo({ step: 0, phase: null })
    })
    expect(point().step).toBe(0)
    // The old tick's answer (step 6) now arrives: it belongs to the paused run.
    await act(async () => {
      release()
      await new Promise((r) => setTimeout(r, 100))
    })
    expect(point().step).toBe(0)
    expect(asked).toBe(1)
  })

  it('moves with the slider', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <PlaybackBar />)
    await act(async () => {
      fireEvent.change(screen.getByTestId('timeline-slider'), { target: { value: '9' } })
    })
    await waitFor(() => expect(point().step).toBe(9))
  })

  it('searches every step and jumps to a hit, marked on the slider', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, (
      <>
        <TimelineView />
        <PlaybackBar />
      </>
    ))
    fireEvent.change(screen.getByLabelText('Search all steps'), { target: { value: 'PRESIDENT' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Find' }))
    })
    const hits = await screen.findAllByTestId('search-hit')
    expect(hits.map((x) => x.dataset.step)).toEqual(['5'])
    // One hit marked on the slider: one line of the hits' path.
    expect(screen.getByTestId('slider-marks').dataset.hits).toBe('1')
    expect(document.querySelector('.mark-lines.hit path')?.getAttribute('d')).toBe(`M${5 / 13} 0V1`)
    await act(async () => {
      fireEvent.click(hits[0]!)
    })
    await waitFor(() => expect(point().step).toBe(5))
  })

  it('checks conditional breakpoints', async () => {
    h = await harness('onboarding-wizard')
    const s = (i: number) => h!.services.actions.step(i)!
    // The engine's timeline matches breakpoints (the renderer has no matcher of its own): what it says of one step.
    const breakpointHit = async (step: { index: number }, breakpoints: Breakpoint[]) => {
      const r = await h!.services.api.invoke('timeline.findBreakpoint', { from: { step: step.index - 1 }, direction: 'forward', breakpoints })
      if (!r.ok) throw new Error(r.error.message)
      return r.result && r.result.point.step === step.index ? r.result.reason : null
    }
    expect(await breakpointHit(s(5), [{ kind: 'outcomeNotOk' }])).toMatch(/validationFailed/)
    expect(await breakpointHit(s(3), [{ kind: 'itemChanges', item: 'p43_ename' }])).toMatch(/P43_ENAME changed/)
    await h.services.actions.ensurePages(0, 13)
    expect(await breakpointHit(s(13), [{ kind: 'event', events: ['clearCache'] }])).toMatch(/clearCache/)
    expect(await breakpointHit(s(4), [{ kind: 'event', events: ['clone', 'login'] }])).toBeNull()
  })

  it('edits conditional breakpoints and continues to the next one (F8)', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <TimelineView />)
    uninstall = installShortcuts(window, h.services)
    fireEvent.click(screen.getByText(/^Breakpoints/))
    fireEvent.click(screen.getByLabelText(/clearCache/))
    fireEvent.change(screen.getByLabelText('Break when this item changes'), { target: { value: 'p44_sal' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add' }))
    expect(h.services.ui.playback.getState().conditions).toEqual([{ kind: 'event', events: ['clearCache'] }, { kind: 'itemChanges', item: 'P44_SAL' }])
    await key('F8')
    await waitFor(() => expect(point().step).toBe(2)) // its URL clears 43,44,45
    await key('F8')
    await waitFor(() => expect(point().step).toBe(5))
    await key('F8')
    await waitFor(() => expect(point().step).toBe(6))
    await key('F8')
    await waitFor(() => expect(point().step).toBe(13))
    await key('F8', window)
    expect(point().step).toBe(13)
    expect(h.services.ui.toasts.getState().toasts.at(-1)?.title).toMatch(/No breakpoint after step 13/)
    fireEvent.click(screen.getAllByRole('button', { name: 'remove' })[0]!)
    expect(h.services.ui.playback.getState().conditions).toEqual([{ kind: 'event', events: ['clearCache'] }])
  })
})
