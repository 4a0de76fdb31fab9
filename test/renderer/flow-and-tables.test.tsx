// @vitest-environment happy-dom
import { act, cleanup, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { FlowDiagram } from '../../src-renderer/src/views/flow/FlowDiagram.js'
import { TablesView } from '../../src-renderer/src/views/tables/TablesView.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

describe('Flow diagram', () => {
  it('draws the render → submit → branch path and follows the playhead', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <FlowDiagram />)
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(screen.getAllByTestId('flow-node').length).toBeGreaterThan(5))
    const nodes = screen.getAllByTestId('flow-node')
    expect(nodes.map((n) => n.dataset.page)).toEqual(['1', '43', '44', '44', '43', '44', '45', '1'])
    expect(nodes[1]!.textContent).toMatch(/submit ADD/)
    expect(nodes[1]!.textContent).toMatch(/clear 43,44,45/)
    expect(nodes[3]!.textContent).toMatch(/validation failed/)
    expect(nodes.at(-1)!.getAttribute('aria-current')).toBe('step')
    await act(() => h!.services.actions.goTo({ step: 4, phase: null }))
    const current = screen.getAllByTestId('flow-node').find((n) => n.getAttribute('aria-current') === 'step')
    expect(current?.dataset.step).toBe('4')
  })

  it('marks a clone', async () => {
    h = await harness('session-cloning')
    renderWith(h, <FlowDiagram />)
    await act(() => h!.services.actions.goTo({ step: 3, phase: null }))
    await waitFor(() => expect(screen.getAllByTestId('flow-node').some((n) => /clone/.test(n.textContent ?? ''))).toBe(true))
  })
})

describe('Tables', () => {
  it('shows the rows of simulator tables at the playhead', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <TablesView />)
    await act(() => h!.services.actions.goTo({ step: 11, phase: null }))
    expect(screen.getByTestId('sim-table').dataset.table).toBe('EMP')
    expect(screen.queryAllByTestId('sim-table-row')).toHaveLength(0)
    await act(() => h!.services.actions.goTo({ step: 12, phase: null }))
    const rows = screen.getAllByTestId('sim-table-row')
    expect(rows).toHaveLength(1)
    expect(rows[0]!.textContent).toBe('7001KINGking@example.comPRESIDENT500010')
  })
})
