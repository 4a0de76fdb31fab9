// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
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
  const nodes = () => screen.getAllByTestId('flow-node')
  const node = (page: string) => nodes().find((n) => n.dataset.page === page)!
  const edge = (from: string, to: string, kind: string) => screen.getAllByTestId('flow-edge').find((e) => e.dataset.from === from && e.dataset.to === to && e.dataset.kind === kind)

  it('draws the wizard as a graph: each page once, the loop back to 43 and the failed validation on 44 as edges, the path to the playhead highlighted', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <FlowDiagram />)
    await act(() => h!.services.actions.goTo({ step: 6, phase: null }))
    await waitFor(() => expect(nodes().map((n) => n.dataset.node).sort()).toEqual(['page:100:1', 'page:100:43', 'page:100:44', 'page:100:45', 'start']))
    // One node per page, named for screen readers with its count over the session.
    expect(node('44').getAttribute('aria-label')).toBe('Page 44 Job: shown 3 times')
    expect(node('45').getAttribute('aria-label')).toMatch(/^Page 45 .*: shown 1 time$/)
    // The loop: 43 → 44 twice, back 44 → 43 once, and 44 → 44 on the failed validation.
    expect(edge('page:100:43', 'page:100:44', 'branch')?.dataset.count).toBe('2')
    expect(edge('page:100:44', 'page:100:43', 'branch')?.dataset.count).toBe('1')
    expect(edge('page:100:44', 'page:100:44', 'redisplay')?.textContent).toMatch(/NEXT: validation failed/)
    expect(edge('page:100:45', 'page:100:1', 'branch')?.querySelector('text')?.textContent).toBe('FINISH · clears 43,44,45')
    // At step 6 (PREVIOUS pressed, page 43 not shown yet): the session is on 44; four edges walked, the back edge not yet.
    await waitFor(() => expect(node('44').getAttribute('aria-current')).toBe('location'))
    const walked = screen.getAllByTestId('flow-edge').filter((e) => e.classList.contains('traversed'))
    expect(walked.map((e) => e.dataset.edge).sort()).toEqual(['page:100:1>page:100:43:branch:ADD', 'page:100:43>page:100:44:branch:NEXT', 'page:100:44>page:100:44:redisplay:NEXT', 'start>page:100:1:url'])
    expect(edge('page:100:44', 'page:100:43', 'branch')!.classList.contains('traversed')).toBe(false)
    expect(edge('page:100:44', 'page:100:44', 'redisplay')!.classList.contains('last')).toBe(true)
    // Following the playhead: at the end the back edge is walked and the session is on page 1.
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(node('1').getAttribute('aria-current')).toBe('location'))
    expect(edge('page:100:44', 'page:100:43', 'branch')!.classList.contains('traversed')).toBe(true)
  })

  it('nodes take focus by Tab and arrow keys; Enter goes to the step the session arrived there', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <FlowDiagram />)
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(nodes()).toHaveLength(5))
    for (const n of nodes()) expect(n.getAttribute('tabindex')).toBe('0')
    const start = nodes().find((n) => n.dataset.node === 'start')!
    act(() => start.focus())
    expect(document.activeElement).toBe(start)
    // Laid out top to bottom in first-visit order: ↓ from the start reaches page 1, then 43; ↑ goes back.
    fireEvent.keyDown(start, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(node('1'))
    fireEvent.keyDown(node('1'), { key: 'ArrowDown' })
    expect(document.activeElement).toBe(node('43'))
    fireEvent.keyDown(node('43'), { key: 'ArrowUp' })
    expect(document.activeElement).toBe(node('1'))
    // Enter on page 43: its last arrival up to the playhead is step 7 (PREVIOUS's redirect).
    await act(async () => {
      fireEvent.keyDown(node('43'), { key: 'Enter' })
    })
    await waitFor(() => expect(h!.services.engine.getState().point.step).toBe(7))
  })

  it('zooms with the buttons and with + / − on the diagram', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <FlowDiagram />)
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(nodes()).toHaveLength(5))
    const scale = () => screen.getByTestId('flow-scale').textContent
    const svg = screen.getByTestId('flow-svg')
    const width = Number(svg.getAttribute('width'))
    expect(scale()).toBe('100%')
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }))
    expect(scale()).toBe('125%')
    expect(Number(svg.getAttribute('width'))).toBeCloseTo(width * 1.25, -1)
    fireEvent.keyDown(node('1'), { key: '-' })
    fireEvent.keyDown(node('1'), { key: '-' })
    expect(scale()).toBe('80%')
  })

  it('shows another session when picked: a clone starts on the page it was cloned on', async () => {
    h = await harness('session-cloning')
    renderWith(h, <FlowDiagram />)
    await act(() => h!.services.actions.goTo({ step: 5, phase: null }))
    await waitFor(() => expect(nodes().map((n) => n.dataset.node).sort()).toEqual(['page:100:43', 'page:100:44', 'page:100:45', 'start']))
    const b = h.services.engine.getState().sessions.find((x) => x.alias === 'B')!
    fireEvent.change(screen.getByTestId('flow-session'), { target: { value: String(b.id) } })
    await waitFor(() => expect(nodes().map((n) => n.dataset.node).sort()).toEqual(['end', 'page:100:44', 'start']))
    expect(edge('start', 'page:100:44', 'clone')?.classList.contains('traversed')).toBe(true)
    // B is logged out at step 10, after the playhead: drawn, not walked.
    expect(edge('page:100:44', 'end', 'logout')?.classList.contains('traversed')).toBe(false)

    // The same demo opened again is another workspace: the choice is forgotten, the step's session is shown.
    await act(async () => void (await h!.services.actions.openDemo('session-cloning')))
    await waitFor(() => expect((screen.getByTestId('flow-session') as HTMLSelectElement).value).toBe(''))
    await act(() => h!.services.actions.goTo({ step: 5, phase: null }))
    await waitFor(() => expect(nodes().map((n) => n.dataset.node).sort()).toEqual(['page:100:43', 'page:100:44', 'page:100:45', 'start']))
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
