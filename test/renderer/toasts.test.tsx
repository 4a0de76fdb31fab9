// @vitest-environment happy-dom
/**
 * Toasts: a notice goes after 6 s of nobody pointing at or focusing it;
 * an error stays until dismissed; every toast goes when another workspace
 * opens (a demo, a trace, a new live workspace).
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Toasts } from '../../src-renderer/src/views/app/Toasts.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  vi.useRealTimers()
  cleanup()
  h?.close()
  h = null
})

const advance = (ms: number) => act(async () => void vi.advanceTimersByTime(ms))
const titles = () => [...document.querySelectorAll('.toasts > li')].map((li) => li.querySelector('.toast-title')?.textContent)

describe('toasts', () => {
  it('a notice times out after 6 s, paused while hovered or focused; an error stays', async () => {
    h = await harness()
    renderWith(h, <Toasts />)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const toasts = h.services.ui.toasts.getState()
    await act(async () => {
      toasts.push({ kind: 'error', title: 'Could not open x.jsonl' })
      toasts.push({ kind: 'info', title: 'Saved 3 steps' })
    })
    await advance(5999)
    expect(titles()).toEqual(['Could not open x.jsonl', 'Saved 3 steps'])
    // Pointed at with 1 ms left: it stays however long the pointer stays.
    const notice = screen.getByTestId('toast-info')
    fireEvent.mouseEnter(notice)
    await advance(60_000)
    expect(titles()).toEqual(['Could not open x.jsonl', 'Saved 3 steps'])
    fireEvent.mouseLeave(notice)
    await advance(1)
    expect(titles()).toEqual(['Could not open x.jsonl'])

    // Focus in a notice (its Dismiss button) pauses it too.
    await act(async () => toasts.push({ kind: 'info', title: 'Imported 2 apps' }))
    await advance(3000)
    const dismiss = screen.getByTestId('toast-info').querySelector('button')!
    await act(async () => dismiss.focus())
    await advance(60_000)
    expect(titles()).toEqual(['Could not open x.jsonl', 'Imported 2 apps'])
    await act(async () => dismiss.blur())
    await advance(2999)
    expect(titles()).toEqual(['Could not open x.jsonl', 'Imported 2 apps'])
    await advance(1)
    // The error is still there after more than a minute: it goes only when dismissed.
    expect(titles()).toEqual(['Could not open x.jsonl'])
    fireEvent.click(screen.getByTestId('toast-error').querySelector('button')!)
    expect(titles()).toEqual([])
  })

  it('all toasts go when another workspace opens', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <Toasts />)
    const toasts = h.services.ui.toasts.getState()
    await act(async () => {
      toasts.push({ kind: 'error', title: 'P44_SAL: not a number' })
      toasts.push({ kind: 'info', title: 'Breakpoint set' })
    })
    expect(titles()).toEqual(['P44_SAL: not a number', 'Breakpoint set'])
    await act(async () => void expect(await h!.services.actions.openDemo('session-cloning')).toBe(true))
    expect(titles()).toEqual([])
    await act(async () => toasts.push({ kind: 'error', title: 'Could not clone' }))
    await act(async () => void expect(await h!.services.actions.newLiveWorkspace(['demo:onboarding'], 'Live')).toBe(true))
    expect(titles()).toEqual([])
  })
})
