// @vitest-environment happy-dom
/**
 * The flow diagram and the session list (issue #13): after a jump the session
 * list arrives ~250 ms after the table (and again when the playhead rests);
 * only the diagram's session picker reads it, so the diagram (its graph, its
 * drawing) is not rendered again then. Renders of the diagram are counted
 * through useFlowGraph, which it calls once per render, wrapped here.
 */
import { act, cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FlowDiagram } from '../../src-renderer/src/views/flow/FlowDiagram.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

const renders = vi.hoisted(() => ({ diagram: 0 }))

vi.mock('../../src-renderer/src/views/flow/use-flow-graph.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-renderer/src/views/flow/use-flow-graph.js')>()
  return {
    ...real,
    useFlowGraph: (...args: Parameters<typeof real.useFlowGraph>) => {
      renders.diagram++
      return real.useFlowGraph(...args)
    },
  }
})

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

describe('Flow diagram and the session list', () => {
  it('a new session list re-renders the picker only: the picker lists it, the diagram is not rendered again', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <FlowDiagram />)
    await act(() => h!.services.actions.goTo({ step: 6, phase: null }))
    await waitFor(() => expect(screen.getAllByTestId('flow-node').length).toBeGreaterThan(0))
    const sessions = h.services.engine.getState().sessions
    expect(sessions.length).toBeGreaterThan(0)
    const picker = screen.getByTestId('flow-session')
    const options = () => within(picker).getAllByRole('option').length
    // The list as a jump's answer has it (only the sessions shown: none), then as it arrives when the playhead rests.
    act(() => h!.services.engine.setState({ sessions: [] }))
    expect(options()).toBe(1)
    renders.diagram = 0
    act(() => h!.services.engine.setState({ sessions: [...sessions] }))
    // The picker follows the list …
    expect(options()).toBe(1 + sessions.length)
    // … and the diagram around it did not render again.
    expect(renders.diagram).toBe(0)
  })
})
