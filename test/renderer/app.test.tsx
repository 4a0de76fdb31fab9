// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { App } from '../../src-renderer/src/views/app/App.js'
import { SHORTCUTS, isActivatable, isTyping } from '../../src-renderer/src/views/app/shortcuts.js'
import { runShellCommand } from '../../src-renderer/src/views/app/shell-commands.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
  document.documentElement.removeAttribute('data-theme')
})

const press = async (key: string, opts: KeyboardEventInit = {}) => {
  await act(async () => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key, code: key, bubbles: true, ...opts }))
  })
}

describe('App', () => {
  it('starts on the empty state and opens a built-in demo at its first step', async () => {
    h = await harness()
    renderWith(h, <App />)
    const open = await screen.findByTestId('open-demo-onboarding-wizard')
    await act(async () => {
      fireEvent.click(open)
    })
    await waitFor(() => expect(screen.getByTestId('workspace-title').textContent).toMatch(/Onboard New Employee/))
    expect(screen.getByTestId('playhead').dataset.step).toBe('0')
    expect(screen.getAllByTestId('state-row').map((r) => r.dataset.item)).toEqual(['G_EMP_COUNT'])
    // Every view is there and reachable.
    for (const name of ['Sessions', 'State table', 'Timeline']) expect(screen.getByRole('region', { name })).toBeTruthy()
    expect(screen.getByRole('tabpanel', { name: 'Step inspector' })).toBeTruthy()
    expect(screen.getByRole('tab', { name: 'Inspector' }).getAttribute('aria-selected')).toBe('true')
  })

  it('has a help overlay (?) listing every shortcut, and number keys reach the views', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    await press('?', { shiftKey: true })
    const help = await screen.findByTestId('help-overlay')
    for (const sc of SHORTCUTS) expect(help.textContent).toContain(sc.does)
    await press('Escape')
    await waitFor(() => expect(screen.queryByTestId('help-overlay')).toBeNull())
    await press('5')
    await waitFor(() => expect(screen.getByRole('tabpanel', { name: 'Page simulator' })).toBeTruthy())
    await press('6')
    await waitFor(() => expect(screen.getByRole('tabpanel', { name: 'Flow diagram' })).toBeTruthy())
    await press('7')
    await waitFor(() => expect(screen.getByRole('tabpanel', { name: 'Tables' })).toBeTruthy())
    await press('ArrowRight')
    await waitFor(() => expect(screen.getByTestId('playhead').dataset.step).toBe('1'))
  })

  it('follows a theme choice and shows errors as non-blocking messages with details', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'dark' } })
    expect(document.documentElement.getAttribute('data-theme')).toBe('dark')
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'system' } })
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false)
    const input = screen.getByTestId('open-file-input') as HTMLInputElement
    const file = new File(['not a trace\n'], 'broken.sstrace', { type: 'text/plain' })
    await act(async () => {
      fireEvent.change(input, { target: { files: [file] } })
    })
    const toast = await screen.findByTestId('toast-error')
    expect(toast.textContent).toMatch(/broken.sstrace/)
    expect(toast.textContent).toMatch(/Details/)
    // The workspace stays.
    expect(screen.getByTestId('workspace-title').textContent).toMatch(/Onboard/)
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByTestId('toast-error')).toBeNull()
  })

  it('opens a trace file dropped on the window', async () => {
    h = await harness()
    renderWith(h, <App />)
    const text = (await import('node:fs')).readFileSync('resources/demos/traces/phone-number.sstrace', 'utf8')
    const file = new File([text], 'phone.sstrace')
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as Event & { dataTransfer: unknown }
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file], types: ['Files'] } })
    await act(async () => {
      window.dispatchEvent(drop)
    })
    await waitFor(() => expect(screen.getByTestId('workspace-title').textContent).toMatch(/phone/i))
  })

  it('saves the workspace as a trace file', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    let saved: Blob | null = null
    const orig = URL.createObjectURL
    URL.createObjectURL = ((b: Blob) => {
      saved = b
      return 'blob:x'
    }) as typeof URL.createObjectURL
    try {
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Save / export' }))
      })
      await waitFor(() => expect(saved).not.toBeNull())
    } finally {
      URL.createObjectURL = orig
    }
    const text = await saved!.text()
    expect(JSON.parse(text.split('\n')[0]!).format).toBe('session-trace')
  })

  it('runs desktop menu commands', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    await act(async () => {
      runShellCommand(h!.services, 'go.last')
    })
    await waitFor(() => expect(screen.getByTestId('playhead').dataset.step).toBe('13'))
    await act(async () => {
      runShellCommand(h!.services, 'view.theme.light')
    })
    expect(document.documentElement.getAttribute('data-theme')).toBe('light')
    expect(runShellCommand(h.services, 'no.such')).toBe(false)
  })

  it('knows when the user is typing', () => {
    const input = document.createElement('input')
    const box = document.createElement('input')
    box.type = 'checkbox'
    expect(isTyping(input)).toBe(true)
    expect(isTyping(box)).toBe(false)
    expect(isTyping(document.createElement('textarea'))).toBe(true)
    expect(isTyping(document.createElement('button'))).toBe(false)
    expect(isActivatable(document.createElement('button'))).toBe(true)
    expect(isActivatable(document.createElement('div'))).toBe(false)
  })

  it('shows a long load with progress and cancels it', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    await act(async () => {
      h!.services.engine.setState({ loading: { label: 'Loading trace: 1,000 events', fraction: 0.4, etaSec: 3 } })
    })
    const bar = screen.getByTestId('loading-bar')
    expect(bar.textContent).toMatch(/1,000 events/)
    expect(bar.textContent).toMatch(/3 s left/)
    expect((screen.getByLabelText('Progress') as HTMLProgressElement).value).toBe(40)
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    })
    await waitFor(() => expect(screen.queryByTestId('loading-bar')).toBeNull())
    expect(screen.getByTestId('workspace-title').textContent).toMatch(/Onboard/)
  })

  it('opens another demo from the toolbar', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <App />)
    await act(async () => {
      fireEvent.change(screen.getByLabelText('Open a built-in demo'), { target: { value: 'session-cloning' } })
    })
    await waitFor(() => expect(screen.getByTestId('workspace-title').textContent).toMatch(/Session cloning/))
    expect(screen.getByTestId('playhead').dataset.step).toBe('0')
  })
})
