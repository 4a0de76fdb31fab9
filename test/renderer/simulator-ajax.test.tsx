// @vitest-environment happy-dom
/**
 * Ajax calls from the page simulator, against the real engine in-process: a
 * button per Ajax Callback / dynamic action; a call is one `ajax` step; a
 * dynamic action sends its Items to Submit with the form's values; the
 * answer shows. Expected values by hand: EMP holds 7839 KING 5000.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { PageSimulator } from '../../src-renderer/src/views/simulator/PageSimulator.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const plsql = (text: string) => ({ kind: 'Ajax Callback process', text, language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' })
const header = {
  format: 'session-trace',
  version: 1,
  title: 'ajax',
  seed: 1,
  apps: [
    {
      id: 100,
      name: 'Ajax',
      homePage: 1,
      supportingObjects: { scripts: [{ name: 'emp', sequence: 1, text: "create table emp (empno number primary key, ename varchar2(20), sal number);\ninsert into emp values (7839, 'KING', 5000);\n" }] },
      onDemand: [{ name: 'PING', notSimulated: plsql("raise_application_error(-20001, 'Nobody home');") }],
      pages: [
        {
          id: 1,
          name: 'Emp',
          items: [{ name: 'P1_EMPNO', label: 'Employee' }, { name: 'P1_SAL', label: 'Salary' }],
          onDemand: [{ name: 'GET_SAL', notSimulated: plsql('select sal into :P1_SAL from emp where empno = :P1_EMPNO;') }],
          ajaxActions: [{ name: 'Fetch salary', notSimulated: plsql('select sal into :P1_SAL from emp where empno = :P1_EMPNO;'), itemsToSubmit: ['P1_EMPNO'], itemsToReturn: ['P1_SAL'] }],
        },
      ],
    },
  ],
}

it('calls a dynamic action with the form value, shows its answer, and names a failing process', async () => {
  h = await harness()
  expect(await h.services.actions.openTraceText(JSON.stringify(header) + '\n', 'ajax.sstrace')).toBe(true)
  await act(async () => void (await h!.services.actions.operate({ type: 'request', url: 'f?p=100:1', as: 'A' })))
  renderWith(h, <PageSimulator />)
  const calls = await screen.findByRole('region', { name: 'Ajax calls' })
  expect([...calls.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['GET_SAL', 'PING', 'Fetch salary'])
  fireEvent.change(screen.getByLabelText(/^Employee/), { target: { value: '7839' } })
  const before = h.services.engine.getState().stepCount
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Fetch salary' }))
  })
  await waitFor(() => expect(screen.getByTestId('ajax-answer').textContent).toBe('Fetch salary: P1_SAL = "5000"'))
  // The answer is written into the page's field, as the browser does with Items to Return.
  await waitFor(() => expect((screen.getByLabelText(/^Salary/) as HTMLInputElement).value).toBe('5000'))
  // The field it submitted keeps the value typed.
  expect((screen.getByLabelText(/^Employee/) as HTMLInputElement).value).toBe('7839')
  const e = h.services.engine.getState()
  expect(e.stepCount).toBe(before + 1)
  expect(h.services.actions.step(e.stepCount - 1)?.kind).toBe('ajax')
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'PING' }))
  })
  await waitFor(() => expect(screen.getByTestId('ajax-answer').textContent).toMatch(/^PING: failed: application process 'PING' \(On Demand\): ORA-20001: Nobody home/))
})
