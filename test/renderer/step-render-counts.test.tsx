// @vitest-environment happy-dom
/**
 * What one step press re-renders (issue #13: the page's script per press grew
 * as views were added). Renders are counted through a function each view calls
 * once per render, wrapped here:
 *
 *  - the inspector's body (phases, effects, diff): DiffView, its last child,
 *    rendered once per body render — once per step, not on the press's urgent
 *    render (its deferred playhead still the old point) nor when a page of other
 *    steps arrives in the cache;
 *  - the timeline search box: timelineSearchOf, called once per render — never
 *    when the timeline around it re-renders for a step;
 *  - the playback bar: fmtClock, called once per render — not when a page of
 *    steps arrives (it re-renders per step: the slider follows the playhead).
 */
import { act, cleanup, screen } from '@testing-library/react'
import { createElement } from 'react'
import type { ComponentProps } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { StepInspector } from '../../src-renderer/src/views/inspector/StepInspector.js'
import { TimelineView } from '../../src-renderer/src/views/timeline/TimelineView.js'
import { PlaybackBar } from '../../src-renderer/src/views/timeline/PlaybackBar.js'
import { timelineSearchOf } from '../../src-renderer/src/stores/timeline-search.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

const renders = vi.hoisted(() => ({ inspectorBody: 0, search: 0, playbackBar: 0 }))

vi.mock('../../src-renderer/src/views/inspector/DiffView.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-renderer/src/views/inspector/DiffView.js')>()
  return {
    DiffView: (props: ComponentProps<typeof real.DiffView>) => {
      renders.inspectorBody++
      return createElement(real.DiffView, props)
    },
  }
})
vi.mock('../../src-renderer/src/stores/timeline-search.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-renderer/src/stores/timeline-search.js')>()
  return {
    ...real,
    timelineSearchOf: (s: Parameters<typeof real.timelineSearchOf>[0]) => {
      renders.search++
      return real.timelineSearchOf(s)
    },
  }
})
vi.mock('../../src-renderer/src/views/common/format.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-renderer/src/views/common/format.js')>()
  return {
    ...real,
    fmtClock: (sec: Parameters<typeof real.fmtClock>[0]) => {
      renders.playbackBar++
      return real.fmtClock(sec)
    },
  }
})

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const reset = () => Object.assign(renders, { inspectorBody: 0, search: 0, playbackBar: 0 })
/** What onLoaded does when a page of steps arrives in the cache (stores/services.ts). */
const pageArrived = (x: Harness) => act(() => x.services.engine.setState((e) => ({ stepsVersion: e.stepsVersion + 1 })))

describe('one step press re-renders only what shows the new step', () => {
  it('the inspector body renders once per step, and not when a page of other steps arrives', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <StepInspector />)
    await act(() => h!.services.actions.goTo({ step: 2, phase: null }))
    expect(screen.getByTestId('inspector').dataset.step).toBe('2')
    reset()
    const presses = 5
    for (let i = 1; i <= presses; i++) {
      await act(() => h!.services.actions.stepBy(1))
      // Memoised, not frozen: the body shows the step pressed to.
      expect(screen.getByTestId('inspector').dataset.step).toBe(String(2 + i))
    }
    expect(renders.inspectorBody).toBe(presses)
    reset()
    await pageArrived(h)
    expect(renders.inspectorBody).toBe(0)
  })

  it('the search box does not re-render with the timeline around it when stepping', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <TimelineView />)
    // A search with hits listed: the box has something to re-render.
    await act(() => timelineSearchOf(h!.services).getState().search('P44'))
    expect(screen.getAllByTestId('search-hit').length).toBeGreaterThan(0)
    await act(() => h!.services.actions.goTo({ step: 2, phase: null }))
    reset()
    for (let i = 0; i < 5; i++) await act(() => h!.services.actions.stepBy(1))
    // The timeline followed the playhead (it re-rendered) …
    expect(screen.getAllByTestId('timeline-step').find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.step).toBe('7')
    // … and the box inside it did not.
    expect(renders.search).toBe(0)
  })

  it('the playback bar follows the playhead but does not re-render when a page of steps arrives; its phase words come from the cache', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <PlaybackBar />)
    await act(() => h!.services.actions.goTo({ step: 13, phase: 0 }))
    const readout = screen.getByTestId('playhead')
    expect(readout.textContent).toMatch(/step 13 \/ 13 · phase 1\/\d+: /)
    reset()
    await pageArrived(h)
    expect(renders.playbackBar).toBe(0)
    await act(() => h!.services.actions.goTo({ step: 12, phase: null }))
    expect(renders.playbackBar).toBeGreaterThan(0)
    expect(screen.getByTestId('playhead').textContent).toMatch(/^step 12 \/ 13 · t /)
  })
})
