// @vitest-environment happy-dom
/**
 * Report regions in the page simulator, against the real engine in-process:
 * the rows of a report as a table with its headings, "rows 1–15 of 42", and
 * ‹ › buttons that send the pagination request (a step; the session keeps the
 * report's page). Expected rows by hand: the app inserts ids 1…42 named E1…E42.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PageSimulator } from '../../src-renderer/src/views/simulator/PageSimulator.js'
import { ReportRegions } from '../../src-renderer/src/views/simulator/ReportRegions.js'
import { reportsOf } from '../../src-renderer/src/views/simulator/report-views.js'
import type { ReportView } from '../../src-main/api/contract.js'
import type { Step } from '../../src-renderer/src/views/simulator/sim-types.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const inserts = Array.from({ length: 42 }, (_, i) => `insert into emp (id, name) values (${i + 1}, 'E${i + 1}');`).join('\n')
const header = {
  format: 'session-trace',
  version: 1,
  title: 'reports',
  seed: 1,
  apps: [
    {
      id: 200,
      name: 'Reports',
      homePage: 1,
      supportingObjects: { scripts: [{ name: 'emp', sequence: 1, text: `create table emp (id number primary key, name varchar2(20));\n${inserts}\n` }] },
      pages: [{ id: 1, name: 'List', items: [{ name: 'P1_X' }], regions: [{ name: 'Employees', type: 'NATIVE_SQL_REPORT', query: 'select id, name from emp order by id', id: '11' }] }],
    },
  ],
}

const cells = (table: HTMLElement) => within(table).getAllByRole('row').slice(1).map((tr) => within(tr).getAllByRole('cell').map((td) => td.textContent))

describe('report regions in the page simulator', () => {
  it('shows the rows with headings and pages through them with the ‹ › buttons', async () => {
    h = await harness()
    expect(await h.services.actions.openTraceText(JSON.stringify(header) + '\n', 'reports.sstrace')).toBe(true)
    await act(async () => void (await h!.services.actions.operate({ type: 'request', url: 'f?p=200:1', as: 'A' })))
    renderWith(h, <PageSimulator />)
    const region = await screen.findByTestId('sim-report')
    expect(within(region).getByRole('heading').textContent).toBe('Employees Classic report')
    const table = within(region).getByRole('table')
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['ID', 'NAME'])
    expect(cells(table)).toHaveLength(15)
    expect(cells(table)[0]).toEqual(['1', 'E1'])
    expect(within(region).getByTestId('report-rows').textContent).toBe('rows 1–15 of 42')
    const previous = within(region).getByRole('button', { name: 'Previous rows of Employees' }) as HTMLButtonElement
    expect(previous.disabled).toBe(true)

    const stepsBefore = h.services.engine.getState().stepCount
    await act(async () => {
      fireEvent.click(within(region).getByRole('button', { name: 'Next rows of Employees' }))
    })
    await waitFor(() => expect(screen.getByTestId('report-rows').textContent).toBe('rows 16–30 of 42'))
    expect(cells(screen.getByRole('table'))[0]).toEqual(['16', 'E16'])
    // The click was one step, and the session keeps the report's page as a value.
    const e = h.services.engine.getState()
    expect(e.stepCount).toBe(stepsBefore + 1)
    expect(e.rows.find((r) => r.item === 'RP$1$EMPLOYEES')?.value).toBe('16')

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Next rows of Employees' }))
    })
    await waitFor(() => expect(screen.getByTestId('report-rows').textContent).toBe('rows 31–42 of 42'))
    expect((screen.getByRole('button', { name: 'Next rows of Employees' }) as HTMLButtonElement).disabled).toBe(true)
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Previous rows of Employees' }))
    })
    await waitFor(() => expect(screen.getByTestId('report-rows').textContent).toBe('rows 16–30 of 42'))
  })

  it('in the past the rows show as they were and the buttons are off', async () => {
    h = await harness()
    expect(await h.services.actions.openTraceText(JSON.stringify(header) + '\n', 'reports.sstrace')).toBe(true)
    await act(async () => void (await h!.services.actions.operate({ type: 'request', url: 'f?p=200:1', as: 'A' })))
    await act(async () => void (await h!.services.actions.operate({ type: 'request', session: 'A', url: 'f?p=200:1:&SESSION.:pg_R_11:NO&pg_min_row=16' })))
    renderWith(h, <PageSimulator />)
    await waitFor(() => expect(screen.getByTestId('report-rows').textContent).toBe('rows 16–30 of 42'))
    await act(() => h!.services.actions.goTo({ step: 0, phase: null }))
    await waitFor(() => expect(screen.getByTestId('report-rows').textContent).toBe('rows 1–15 of 42'))
    expect((screen.getByRole('button', { name: 'Next rows of Employees' }) as HTMLButtonElement).disabled).toBe(true)
  })
})

describe('ReportRegions on its own', () => {
  const view = (over: Partial<ReportView>): ReportView => ({
    region: 'R',
    paginate: 'pg_R_1',
    type: 'NATIVE_IR',
    columns: ['A'],
    headings: ['A'],
    rows: [['x'], [null]],
    first: 3,
    last: 4,
    total: 9,
    more: false,
    pageSize: 2,
    ...over,
  })

  it('asks for the neighbouring pages by their first row, and says why rows are missing', () => {
    const onPage = vi.fn()
    render(<ReportRegions reports={[view({}), view({ region: 'Broken', paginate: 'pg_R_2', error: 'ORA-00942: table or view does not exist' })]} canPage onPage={onPage} />)
    fireEvent.click(screen.getByRole('button', { name: 'Previous rows of R' }))
    fireEvent.click(screen.getByRole('button', { name: 'Next rows of R' }))
    expect(onPage.mock.calls.map((c) => c[1])).toEqual([1, 5])
    expect(screen.getByRole('note').textContent).toBe('Rows not shown: ORA-00942: table or view does not exist')
    expect(screen.getAllByRole('table')).toHaveLength(1)
  })

  it('an interactive report\'s headings sort it: ascending first, then descending; a classic report\'s are text', () => {
    const onSort = vi.fn()
    const headed = { columns: ['A', 'B'], headings: ['Alpha', 'B'], rows: [['x', 'y']] }
    const { rerender } = render(<ReportRegions reports={[view(headed)]} canPage onPage={() => undefined} onSort={onSort} />)
    // The heading shows; the sort names the column.
    fireEvent.click(screen.getByRole('button', { name: 'Alpha' }))
    expect(onSort.mock.calls.at(-1)!.slice(1)).toEqual(['A', 'asc'])
    rerender(<ReportRegions reports={[view({ ...headed, sort: { column: 'A', direction: 'asc' } })]} canPage onPage={() => undefined} onSort={onSort} />)
    expect(screen.getAllByRole('columnheader')[0]!.getAttribute('aria-sort')).toBe('ascending')
    fireEvent.click(screen.getByRole('button', { name: 'Alpha ▲' }))
    expect(onSort.mock.calls.at(-1)!.slice(1)).toEqual(['A', 'desc'])
    rerender(<ReportRegions reports={[view({ type: 'NATIVE_SQL_REPORT', columns: ['A'], rows: [['x']] })]} canPage onPage={() => undefined} onSort={onSort} />)
    expect(within(screen.getAllByRole('columnheader')[0]!).queryByRole('button')).toBeNull()
  })

  it('a report with more rows than were read still offers the next page', () => {
    render(<ReportRegions reports={[view({ first: 1, last: 2, total: 2, more: true })]} canPage onPage={() => undefined} />)
    expect(screen.getByTestId('report-rows').textContent).toBe('rows 1–2 of more than 2')
    expect((screen.getByRole('button', { name: 'Next rows of R' }) as HTMLButtonElement).disabled).toBe(false)
  })
})

describe('reportsOf: the itemsRender detail, typed by the contract and checked', () => {
  const stepWith = (detail: Record<string, unknown>): Step => ({ phases: [{ kind: 'itemsRender', label: 'Render', start: 0, end: 0, detail }] }) as unknown as Step

  it("reads the engine's report views as the engine sent them", async () => {
    h = await harness()
    expect(await h.services.actions.openTraceText(JSON.stringify(header) + '\n', 'reports.sstrace')).toBe(true)
    const steps = await h.services.actions.operate({ type: 'request', url: 'f?p=200:1', as: 'A' })
    const shown = steps!.at(-1)!
    const sent = shown.phases.find((p) => p.kind === 'itemsRender')!.detail!.reports
    expect(reportsOf(shown)).toEqual(sent)
    expect(reportsOf(shown)[0]).toMatchObject({ region: 'Employees', paginate: 'pg_R_11', columns: ['ID', 'NAME'], headings: ['ID', 'NAME'], first: 1, last: 15, total: 42, more: false, pageSize: 15 })
  })

  it('heads a report written before headings existed by its columns, and drops or trims what does not fit the shape', () => {
    const base = { region: 'R', paginate: 'pg_R_1', type: 'NATIVE_IR', columns: ['A', 'B'], rows: [['x', null]], first: 1, last: 1, total: 1, more: false, pageSize: 15 }
    const list = reportsOf(
      stepWith({
        reports: [
          base,
          { ...base, region: 'Rows of objects', rows: [[{ html: '<b>' }]] },
          { ...base, region: 'No paginate', paginate: 7 },
          'not a report',
          { ...base, region: 'Odd extras', headings: ['only one'], sort: { column: 'A', direction: 'sideways' }, error: { message: 'x' } },
        ],
      }),
    )
    expect(list).toEqual([
      { ...base, headings: ['A', 'B'] },
      { ...base, region: 'Odd extras', headings: ['A', 'B'] },
    ])
    expect(reportsOf(stepWith({ reports: 'none' }))).toEqual([])
    expect(reportsOf(null)).toEqual([])
  })
})
