// @vitest-environment happy-dom
/**
 * The not-simulated blocks and badges against the real engine in-process: an
 * app whose page 1 has a PL/SQL process and an item source with no way to run
 * (no `run`), a request to page 1, then the inspector shows the engine's
 * reasons with the original code and the simulator badges the item.
 */
import { act, cleanup, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { StepInspector } from '../../src-renderer/src/views/inspector/StepInspector.js'
import { PageSimulator } from '../../src-renderer/src/views/simulator/PageSimulator.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const PROCESS = "begin\n  execute immediate 'truncate table t';\nend;"
const SOURCE = "select xmltype('<a/>').getstringval() from dual"
const header = {
  format: 'session-trace',
  version: 1,
  title: 'not simulated',
  seed: 1,
  apps: [
    {
      id: 100,
      name: 'Demo',
      homePage: 1,
      pages: [
        {
          id: 1,
          name: 'Home',
          items: [{ name: 'P1_XML', notSimulated: { kind: 'SQL query source', text: SOURCE } }],
          processes: [{ name: 'Truncate', point: 'beforeHeader', type: 'notSimulated', notSimulated: { kind: 'PL/SQL process', text: PROCESS } }],
          buttons: [{ name: 'GO' }],
        },
      ],
    },
  ],
}

it('shows the reason and original code of what a step could not run, and badges the field', async () => {
  h = await harness()
  expect(await h.services.actions.openTraceText(JSON.stringify(header) + '\n', 'ns.sstrace')).toBe(true)
  await act(async () => void (await h!.services.actions.operate({ type: 'request', url: 'f?p=100:1' })))
  renderWith(
    h,
    <>
      <StepInspector />
      <PageSimulator />
    </>,
  )
  await waitFor(() => expect(screen.getAllByTestId('not-simulated').length).toBe(2))
  const [process, item] = screen.getAllByTestId('not-simulated')
  expect(process!.querySelector('p')!.textContent).toBe("Not simulated: PL/SQL process process 'Truncate' on page 1")
  expect(within(process!).getByTestId('original-code').textContent).toBe(PROCESS)
  expect(item!.querySelector('p')!.textContent).toBe('Not simulated: SQL query source of item P1_XML')
  expect(within(item!).getByTestId('original-code').textContent).toBe(SOURCE)
  const badge = await screen.findByTestId('not-simulated-badge')
  expect(badge.getAttribute('title')).toBe('Not simulated: SQL query source of item P1_XML')
  expect(badge.closest('label')!.getAttribute('for')).toBe('sim-P1_XML')
})
