// @vitest-environment happy-dom
/**
 * "Why" and "break when this row changes" on a row of the app database in
 * the Tables view (issue #11), against the real engine in-process: a form
 * SAVE changes DEPT 20's DNAME from RESEARCH to LAB (values by hand from the
 * install script below); the row's "why" names that step with before and
 * after; its "break" sets a row breakpoint that F8 stops at.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { continueToBreakpoint } from '../../src-renderer/src/stores/breakpoints.js'
import { BreakpointsEditor, parseRowBreakpoint } from '../../src-renderer/src/views/timeline/BreakpointsEditor.js'
import { TablesView } from '../../src-renderer/src/views/tables/TablesView.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const SCRIPT = ['create table dept (deptno number primary key, dname varchar2(20));', "insert into dept (deptno, dname) values (10, 'ACCOUNTING');", "insert into dept (deptno, dname) values (20, 'RESEARCH');"].join('\n')
const form = { table: 'DEPT', keys: [{ column: 'DEPTNO', item: 'P1_DEPTNO' }], columns: { P1_DEPTNO: 'DEPTNO', P1_DNAME: 'DNAME' }, operations: 'I:U:D' }
const code = (kind: string, run: string, apexType: string) => ({ kind, text: apexType, language: 'sql', apexType, run })
const column = (name: string) => ({ name, storage: 'session', notSimulated: { ...code('region source column', 'formColumn', 'REGION_SOURCE_COLUMN'), text: name.slice(3), role: 'source' } })
const header = {
  format: 'session-trace',
  version: 1,
  title: 'Depts',
  seed: 3,
  startTime: '2026-01-01T00:00:00Z',
  apps: [
    {
      id: 100,
      name: 'Depts',
      homePage: 1,
      supportingObjects: { scripts: [{ name: 'tables', sequence: 10, text: SCRIPT }] },
      pages: [
        {
          id: 1,
          name: 'Dept',
          items: [column('P1_DEPTNO'), column('P1_DNAME')],
          processes: [
            { name: 'Fetch', point: 'beforeHeader', type: 'notSimulated', notSimulated: code('Form - Initialization', 'formFetch', 'NATIVE_FORM_INIT'), form },
            { name: 'DML', point: 'processing', type: 'notSimulated', notSimulated: code('Form - Automatic Row Processing (DML)', 'formDml', 'NATIVE_FORM_DML'), form },
          ],
        },
      ],
    },
  ],
}
const events = [
  { type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'A' },
  { type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_DNAME: 'LAB' } },
  { type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:10', session: 'A' },
]

it('answers why a database row looks as it does, and sets a breakpoint F8 stops at', async () => {
  h = await harness()
  expect(await h.services.actions.openTraceText([header, ...events].map((e) => JSON.stringify(e)).join('\n') + '\n', 'depts.sstrace')).toBe(true)
  renderWith(
    h,
    <>
      <TablesView />
      <BreakpointsEditor />
    </>,
  )
  await act(() => h!.services.actions.goTo({ step: 2, phase: null }))
  await waitFor(() => expect(screen.getByTestId('sim-table').dataset.table).toBe('DEPT'))
  const rows = screen.getAllByTestId('sim-table-row')
  expect(rows.map((r) => r.textContent)).toEqual(['20LABwhy break'])
  const whyButton = screen.getByRole('button', { name: 'Why does row 1 of DEPT look like this' })
  // A real button: reachable with Tab, pressed with Enter or Space.
  expect(whyButton.tagName).toBe('BUTTON')
  fireEvent.click(whyButton)
  await waitFor(() => expect(screen.getByTestId('row-note').textContent).toMatch(/^Row 1: DEPT\[\d+\] last changed at step 1, phase \d+: updated DNAME \(.*DML.*\) — DNAME: "RESEARCH" → "LAB"$/))

  fireEvent.click(screen.getByRole('button', { name: 'Break when row 1 of DEPT changes' }))
  await waitFor(() => expect(screen.getByTestId('row-note').textContent).toMatch(/F8 now stops where DEPT\[\d+\] changes/))
  const conditions = h.services.ui.playback.getState().conditions
  expect(conditions).toHaveLength(1)
  expect(conditions[0]).toMatchObject({ kind: 'rowChanges', app: 100, table: 'DEPT' })
  expect(screen.getByText(/^DEPT\[\d+\] changes \(app 100\)/)).toBeTruthy()
  // F8 from the start stops at the SAVE; again from there finds nothing more.
  await act(() => h!.services.actions.goTo({ step: 0, phase: null }))
  const ctx = { api: h.services.api, engine: h.services.engine, ui: h.services.ui }
  expect(await continueToBreakpoint(ctx as never, h.services.actions, 'forward')).toBe(true)
  expect(h.services.engine.getState().point.step).toBe(1)
  expect(await continueToBreakpoint(ctx as never, h.services.actions, 'forward')).toBe(false)
})

it('reads a typed row breakpoint: table, row, column', () => {
  expect(parseRowBreakpoint('dept')).toEqual({ kind: 'rowChanges', table: 'DEPT' })
  expect(parseRowBreakpoint(' DEPT[20] ')).toEqual({ kind: 'rowChanges', table: 'DEPT', key: '20' })
  expect(parseRowBreakpoint('dept[20].dname')).toEqual({ kind: 'rowChanges', table: 'DEPT', key: '20', column: 'DNAME' })
  expect(parseRowBreakpoint('dept[')).toBeNull()
  expect(parseRowBreakpoint('')).toBeNull()
})
