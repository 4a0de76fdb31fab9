// @vitest-environment happy-dom
/**
 * Copy value / copy row in the state table (issue #14): by the buttons over
 * the table and by keyboard in it (↑/↓ choose the row, Ctrl+C the value,
 * Ctrl+Shift+C the row), through navigator.clipboard; when the clipboard is
 * refused the text is shown in a notice instead of being lost.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { StateTableView } from '../../src-renderer/src/views/state-table/StateTableView.js'
import { installShortcuts } from '../../src-renderer/src/views/app/shortcuts.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
let writeText: ReturnType<typeof vi.fn<(text: string) => Promise<void>>>

beforeEach(() => {
  writeText = vi.fn<(text: string) => Promise<void>>(() => Promise.resolve())
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
})
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const row = (item: string) => screen.getAllByTestId('state-row').find((r) => r.dataset.item === item)!
const selected = () => screen.getAllByTestId('state-row').filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.dataset.item)

async function wizardAtStep6() {
  h = await harness('onboarding-wizard')
  renderWith(h, <StateTableView />)
  await act(() => h!.services.actions.goTo({ step: 6, phase: null }))
}

describe('copy value and copy row', () => {
  it('the buttons copy the selected row’s value, and the row as a header line and a tab-separated line', async () => {
    await wizardAtStep6()
    const copyValue = screen.getByTestId('copy-value') as HTMLButtonElement
    expect(copyValue.disabled).toBe(true) // nothing selected yet
    fireEvent.click(row('P44_SAL'))
    expect(copyValue.disabled).toBe(false)
    fireEvent.click(copyValue)
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1))
    expect(writeText).toHaveBeenLastCalledWith('5000')

    fireEvent.click(screen.getByTestId('copy-row'))
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(2))
    const sal = row('P44_SAL')
    const cause = sal.querySelector('.cause')!.textContent!.trim()
    expect(cause).toMatch(/posted value/)
    expect(writeText).toHaveBeenLastCalledWith(
      `Item\tValue\tSession\tAlias\tApp\tPage\tLast changed\tStatus\tStorage\nP44_SAL\t5000\t${sal.dataset.sessionId}\tA\t100\t44\tstep 6 ${cause}\tU\tsession`,
    )
    const notes = h!.services.ui.toasts.getState().toasts.map((t) => t.title)
    expect(notes).toEqual(['Copied the value of P44_SAL', 'Copied the row of P44_SAL'])
  })

  it('by keyboard: ↑/↓ in the table choose the row, Ctrl+C copies its value, Ctrl+Shift+C the row', async () => {
    await wizardAtStep6()
    // The window's shortcuts are on (↓/↑ step into and out of phases anywhere else).
    const stepOut = vi.spyOn(h!.services.actions, 'stepOut')
    const uninstall = installShortcuts(window, h!.services)
    const table = screen.getByTestId('state-table')
    table.focus()
    const order = screen.getAllByTestId('state-row').map((r) => r.dataset.item)
    expect(order.length).toBeGreaterThan(2)
    fireEvent.keyDown(table, { key: 'ArrowDown' })
    expect(selected()).toEqual([order[0]])
    fireEvent.keyDown(table, { key: 'ArrowDown' })
    fireEvent.keyDown(table, { key: 'ArrowDown' })
    fireEvent.keyDown(table, { key: 'ArrowUp' })
    expect(selected()).toEqual([order[1]])
    expect(stepOut).not.toHaveBeenCalled()
    // The playhead did not move: in the table the arrows are the table's (its moves are one engine round trip: let any finish).
    await act(() => h!.services.actions.ensurePages(0, 20))
    await act(() => new Promise((r) => setTimeout(r, 0)))
    expect(h!.services.engine.getState().point).toMatchObject({ step: 6, phase: null })

    const key = fireEvent.keyDown(table, { key: 'c', ctrlKey: true })
    expect(key).toBe(false) // handled (default prevented)
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1))
    expect(writeText).toHaveBeenLastCalledWith(row(order[1]!).dataset.value ?? '')
    fireEvent.keyDown(table, { key: 'C', ctrlKey: true, shiftKey: true })
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(2))
    expect(writeText.mock.lastCall![0].split('\n')[1]!.split('\t')[0]).toBe(order[1])
    uninstall()
  })

  it('a refused clipboard puts the text in a notice to copy by hand', async () => {
    writeText.mockImplementation(() => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')))
    await wizardAtStep6()
    fireEvent.click(row('P43_EMAIL'))
    fireEvent.click(screen.getByTestId('copy-value'))
    await waitFor(() => expect(h!.services.ui.toasts.getState().toasts).toHaveLength(1))
    const [note] = h!.services.ui.toasts.getState().toasts
    expect(note!.title).toBe('Could not copy the value of P43_EMAIL (Write permission denied.): select it here and copy it')
    expect(note!.detail).toBe('king@example.com')
  })

  it('a page without a clipboard says so, with the text', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true })
    await wizardAtStep6()
    fireEvent.click(row('P43_ENAME'))
    fireEvent.click(screen.getByTestId('copy-value'))
    await waitFor(() => expect(h!.services.ui.toasts.getState().toasts).toHaveLength(1))
    const [note] = h!.services.ui.toasts.getState().toasts
    expect(note!.title).toMatch(/^Could not copy the value of P43_ENAME \(this page has no clipboard access\)/)
    expect(note!.detail).toBe('KING')
  })
})
