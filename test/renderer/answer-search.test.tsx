// @vitest-environment happy-dom
/**
 * Timeline search in a trace made from a browser recording (issue #15): hits
 * in what the real server answered are listed apart from changes, in words,
 * and a click goes to the request's step. The trace is written here by hand
 * (events without effects, so its steps name no session: shown as –):
 * a recorded-only trace whose third request's answer rendered
 * P45_SUMMARY = 'KING (CLERK)' (step 2) and whose second was redirected.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { TimelineView } from '../../src-renderer/src/views/timeline/TimelineView.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const TRACE = [
  { format: 'session-trace', version: 1, title: 'recorded' },
  { type: 'request', url: 'f?p=100:1', as: 'A', observed: { status: 200, app: 100, page: 1 } },
  { type: 'submit', session: 'A', page: 1, request: 'ADD', observed: { status: 302, location: 'f?p=100:45:9', page: 45 } },
  { type: 'request', session: 'A', url: 'f?p=100:45:&SESSION.', observed: { status: 200, app: 100, page: 45, items: { P45_SUMMARY: 'KING (CLERK)' }, messages: ['Employee added'] } },
]
  .map((l) => JSON.stringify(l))
  .join('\n')

describe('Timeline search: the real server’s answers', () => {
  it('lists answer hits apart, in words, and jumps to the request', async () => {
    h = await harness()
    expect(await h.services.actions.openTraceText(TRACE, 'recorded.sstrace')).toBe(true)
    renderWith(h, <TimelineView />)
    fireEvent.change(screen.getByLabelText('Search all steps'), { target: { value: 'clerk' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Find' }))
    })
    const hit = await screen.findByTestId('answer-hit')
    expect(hit.textContent).toBe('step 2 · – · real page showed P45_SUMMARY = KING (CLERK)')
    expect(screen.getByTestId('answer-count').textContent).toBe('1 in the real server’s answers')
    expect(screen.queryAllByTestId('search-hit')).toEqual([])
    await act(async () => {
      fireEvent.click(hit)
    })
    await waitFor(() => expect(h!.services.engine.getState().point.step).toBe(2))
  })

  it('a redirect target and a message are found by their text', async () => {
    h = await harness()
    expect(await h.services.actions.openTraceText(TRACE, 'recorded.sstrace')).toBe(true)
    renderWith(h, <TimelineView />)
    for (const [query, words] of [
      ['100:45', 'step 1 · – · real server redirected to f?p=100:45:9'],
      ['added', 'step 2 · – · real server said: Employee added'],
    ] as const) {
      fireEvent.change(screen.getByLabelText('Search all steps'), { target: { value: query } })
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name: 'Find' }))
      })
      await waitFor(() => expect(screen.getAllByTestId('answer-hit').map((x) => x.textContent)).toEqual([words]))
    }
  })
})
