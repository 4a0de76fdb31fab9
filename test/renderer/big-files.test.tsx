// @vitest-environment happy-dom
/**
 * Big files: the refusal of a file too big for the picker says how to open
 * it (the browser host started with it, or the desktop Open dialog); the
 * loading bar is determinate with an estimate when the load reports how far
 * it is, and counts the time so far when it reports nothing.
 */
import { act, cleanup, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LoadingBar } from '../../src-renderer/src/views/app/LoadingBar.js'
import { readFileText } from '../../src-renderer/src/views/app/files.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  vi.useRealTimers()
  cleanup()
  h?.close()
  h = null
})

describe('big files', () => {
  it('a 373 MiB file is refused with how to open it by path', async () => {
    const file = new File(['{}'], 'million.sstrace')
    Object.defineProperty(file, 'size', { value: 373 * 1048576 })
    await expect(readFileText(file)).rejects.toThrow(
      'million.sstrace is 373 MiB; the largest trace a page can open from the picker or a drop is 64 MiB. ' +
        "Open it by path instead: start the browser host with the file (npm run web -- million.sstrace, with the file's full path), " +
        'or use Open… in the desktop app (its dialog opens files of any size, streamed with progress).',
    )
  })

  it('the bar is determinate with the percentage and the time left when the load reports bytes', async () => {
    h = await harness()
    renderWith(h, <LoadingBar />)
    await act(async () => h!.services.engine.setState({ loading: { label: 'Loading trace: 120,000 events', fraction: 0.25, etaSec: 62.2 } }))
    const bar = screen.getByLabelText('Progress') as HTMLProgressElement
    expect(bar.getAttribute('value')).toBe('25')
    expect(bar.getAttribute('aria-valuetext')).toBe('25%, about 1 min 3 s left')
    expect(screen.getByTestId('loading-percent').textContent).toBe('25%')
    expect(screen.getByTestId('loading-eta').textContent).toBe('about 1 min 3 s left')
    expect(screen.queryByTestId('loading-elapsed')).toBeNull()
  })

  it('a load that reports nothing shows the time so far, not an estimate', async () => {
    h = await harness()
    renderWith(h, <LoadingBar />)
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    await act(async () => h!.services.engine.setState({ loading: { label: 'Opening big.sstrace…', fraction: null, etaSec: null } }))
    const bar = screen.getByLabelText('Progress') as HTMLProgressElement
    expect(bar.hasAttribute('value')).toBe(false)
    await act(async () => void vi.advanceTimersByTime(3000))
    expect(screen.getByTestId('loading-elapsed').textContent).toBe('3 s so far')
    expect(bar.getAttribute('aria-valuetext')).toBe('Opening big.sstrace…, 3 s so far')
    expect(screen.queryByTestId('loading-eta')).toBeNull()
  })
})
