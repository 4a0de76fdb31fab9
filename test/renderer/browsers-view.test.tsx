// @vitest-environment happy-dom
/**
 * Browsers in the Sessions panel and the URL bar (issue #16), against the
 * real engine in-process: sessions grouped under the browsers that own them
 * (with their cookies), the flat list for traces that name no browser, the
 * keyboard tree, the filter, opening a browser live, and the URL bar's
 * browser chooser sending an explicit `browser`.
 */
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SessionsView } from '../../src-renderer/src/views/sessions/SessionsView.js'
import { PageSimulator } from '../../src-renderer/src/views/simulator/PageSimulator.js'
import { SESSION_WINDOW_SETTLE_MS } from '../../src-renderer/src/views/sessions/session-window.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const header = { format: 'session-trace', version: 1, title: 'Two browsers', use: ['demo:onboarding'] }
/** Alice opens the app as A; Bob opens it as B; Bob pastes a link carrying A's session: not joined, a new session in Bob's browser. */
const TWO_BROWSERS = [header, { type: 'request', browser: 'Alice', url: 'f?p=HR:1', as: 'A' }, { type: 'request', browser: 'Bob', url: 'f?p=HR:1', as: 'B', t: 10 }, { type: 'request', browser: 'Bob', session: 'A', url: 'f?p=HR:1:&SESSION.', t: 30 }]
  .map((x) => JSON.stringify(x))
  .join('\n')

/** The tree's rows in words: "browser:NAME" or "ALIAS|ID@level". */
const treeWords = () =>
  [...screen.getByTestId('sessions-tree').querySelectorAll<HTMLElement>('[role=treeitem]')].map((r) =>
    r.dataset.testid === 'browser-row' ? `browser:${r.dataset.browser}` : `${r.dataset.sessionAlias ?? 'new'}@${r.getAttribute('aria-level')}`,
  )

async function twoBrowsers(sent?: { method: string; payload: unknown }[]): Promise<Harness> {
  h = await harness(undefined, sent ? { sent } : {})
  expect(await h.services.actions.openTraceText(TWO_BROWSERS + '\n', 'two-browsers.sstrace')).toBe(true)
  return h
}

describe('Sessions panel: browsers', () => {
  it('groups sessions under the browsers that own them, each with its cookie', async () => {
    await twoBrowsers()
    renderWith(h!, <SessionsView />)
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(treeWords()).toEqual(['browser:Alice', 'A@2', 'browser:Bob', 'B@2', 'new@2']))
    expect(screen.getByTestId('sessions-tree').dataset.grouped).toBe('true')
    const alice = screen.getAllByTestId('browser-row')[0]!
    expect(alice.getAttribute('aria-level')).toBe('1')
    expect(alice.getAttribute('aria-expanded')).toBe('true')
    // Alice's cookie holds A; Bob's now holds the new session (the pasted link was not joined).
    const cookies = screen.getAllByTestId('browser-cookies').map((c) => c.textContent)
    expect(cookies[0]).toMatch(/^ORA_WWV_APP_100 → A \(…\d{6}\)$/)
    const fresh = screen.getAllByTestId('session-row').find((r) => r.dataset.sessionAlias === undefined)!
    expect(cookies[1]).toBe(`ORA_WWV_APP_100 → ${fresh.dataset.sessionId}`)
    expect(screen.getByTestId('sessions-count').textContent).toBe('3')
    // The full ID is in the title of a cell that may be cut.
    expect(fresh.querySelector('.sid')!.getAttribute('title')).toContain(fresh.dataset.sessionId!)
  })

  it('shows the flat clone-group list when no browser is named (an old trace)', async () => {
    h = await harness('session-cloning')
    renderWith(h, <SessionsView />)
    await act(() => h!.services.actions.goTo({ step: 6, phase: null }))
    await waitFor(() => expect(treeWords()).toEqual(['A@1', 'B@2', 'C@2']))
    expect(screen.getByTestId('sessions-tree').dataset.grouped).toBe('false')
    expect(screen.queryAllByTestId('browser-row')).toEqual([])
  })

  it('is a keyboard tree: arrows move, ← closes a browser, → opens it, Enter selects a session', async () => {
    await twoBrowsers()
    renderWith(h!, <SessionsView />)
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(treeWords()).toHaveLength(5))
    const tree = screen.getByTestId('sessions-tree')
    const active = () => document.getElementById(tree.getAttribute('aria-activedescendant') ?? '')
    tree.focus()
    expect(active()?.dataset.browser).toBe('Alice')
    fireEvent.keyDown(tree, { key: 'ArrowDown' })
    expect(active()?.dataset.sessionAlias).toBe('A')
    fireEvent.keyDown(tree, { key: 'Enter' })
    expect(h!.services.ui.selection.getState().session).toBe(Number(active()!.dataset.sessionId))
    // ← from a session goes to its browser; ← again closes it (asked of the engine).
    fireEvent.keyDown(tree, { key: 'ArrowLeft' })
    expect(active()?.dataset.browser).toBe('Alice')
    fireEvent.keyDown(tree, { key: 'ArrowLeft' })
    await waitFor(() => expect(treeWords()).toEqual(['browser:Alice', 'browser:Bob', 'B@2', 'new@2']))
    expect(screen.getAllByTestId('browser-row')[0]!.getAttribute('aria-expanded')).toBe('false')
    fireEvent.keyDown(tree, { key: 'End' })
    expect(active()?.dataset.sessionAlias).toBeUndefined()
    expect(active()?.dataset.browser).toBe('Bob')
    fireEvent.keyDown(tree, { key: 'Home' })
    fireEvent.keyDown(tree, { key: 'ArrowRight' })
    await waitFor(() => expect(treeWords()).toHaveLength(5))
  })

  it('filters in the engine: by browser name; nothing matching says so', async () => {
    const sent: { method: string; payload: unknown }[] = []
    await twoBrowsers(sent)
    renderWith(h!, <SessionsView />)
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(treeWords()).toHaveLength(5))
    fireEvent.change(screen.getByTestId('session-filter'), { target: { value: 'bob' } })
    await waitFor(() => expect(treeWords()).toEqual(['browser:Bob', 'B@2', 'new@2']))
    expect(sent.some((x) => x.method === 'timeline.browsers' && (x.payload as { filter?: string }).filter === 'bob')).toBe(true)
    fireEvent.change(screen.getByTestId('session-filter'), { target: { value: 'nobody-at-all' } })
    await waitFor(() => expect(screen.getByText('No session matches the filter.')).toBeTruthy())
  })

  it('opens a second browser live, and the URL bar sends its requests from it: a pasted link is not joined', async () => {
    const sent: { method: string; payload: unknown }[] = []
    h = await harness('onboarding-wizard', { sent })
    renderWith(
      h,
      <>
        <SessionsView />
        <PageSimulator />
      </>,
    )
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(treeWords()).toEqual(['A@1']))
    const a = Number(screen.getAllByTestId('session-row')[0]!.dataset.sessionId)
    await act(async () => {
      fireEvent.click(screen.getByTestId('open-browser'))
    })
    // The old trace's implicit browser and the new one: now grouped.
    await waitFor(() => expect(treeWords()).toEqual([`browser:~${a}`, 'A@2', 'browser:B1']))
    expect(screen.getAllByTestId('browser-row')[1]!.textContent).toMatch(/opened/)
    const choice = screen.getByTestId('browser-choice') as HTMLSelectElement
    expect(choice.value).toBe('B1')
    fireEvent.change(screen.getByLabelText('URL (f?p or friendly)'), { target: { value: `f?p=HR:1:${a}` } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    })
    await waitFor(() => expect(sent.some((x) => x.method === 'operate')).toBe(true))
    const request = sent.filter((x) => x.method === 'operate').at(-1)!.payload as { op: { type: string; browser?: string; url: string } }
    expect(request.op).toMatchObject({ type: 'request', browser: 'B1', url: `f?p=HR:1:${a}` })
    await waitFor(() => expect(treeWords()).toEqual([`browser:~${a}`, 'A@2', 'browser:B1', 'new@2']))
    expect(screen.getByTestId('url-notice').textContent).toMatch(/not held by this browser/)
    // Choosing the session's own browser again: A's browser is implicit and cannot be named, so the request opens a new one and names it.
    fireEvent.change(choice, { target: { value: '' } })
    fireEvent.click(screen.getAllByTestId('session-row')[0]!)
    const operations = sent.filter((x) => x.method === 'operate').length
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    })
    await waitFor(() => expect(sent.filter((x) => x.method === 'operate')).toHaveLength(operations + 1))
    const again = sent.filter((x) => x.method === 'operate').at(-1)!.payload as { op: { browser?: string } }
    expect(again.op.browser).toBe('B2')
    await waitFor(() => expect(choice.value).toBe('B2'))
  })

  const TAMPERING_APPS = [
    {
      id: 100,
      name: 'HR',
      homePage: 1,
      pages: [
        { id: 1, name: 'Home' },
        { id: 5, name: 'Employee', argumentsMustHaveChecksum: true, items: [{ name: 'P5_EMPNO', checksumRequired: 'session' }] },
      ],
    },
  ]

  it('checks a typed URL for its checksum even when no browser was named (the session’s browser is implicit): the refusal is shown', async () => {
    const sent: { method: string; payload: unknown }[] = []
    h = await harness(undefined, { sent })
    // A live workspace whose first session came from an event naming no browser (its browser is implicit).
    const trace = [{ format: 'session-trace', version: 1, title: 'Tampering by typing', apps: TAMPERING_APPS }, { type: 'request', url: 'f?p=100:1', as: 'A' }]
    expect(await h.services.actions.openTraceText(trace.map((x) => JSON.stringify(x)).join('\n') + '\n', 'typing.sstrace')).toBe(true)
    renderWith(
      h,
      <>
        <SessionsView />
        <PageSimulator />
      </>,
    )
    await act(() => h!.services.actions.last())
    await waitFor(() => expect(treeWords()).toEqual(['A@1']))
    const a = Number(screen.getAllByTestId('session-row')[0]!.dataset.sessionId)
    fireEvent.click(screen.getAllByTestId('session-row')[0]!)
    // The employee page with an item value and no checksum, typed: APEX refuses it.
    fireEvent.change(screen.getByLabelText('URL (f?p or friendly)'), { target: { value: `f?p=100:5:${a}::NO::P5_EMPNO:7566` } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    })
    await waitFor(() => expect(screen.getByTestId('url-notice').textContent).toMatch(/checksum/i))
    const request = sent.filter((x) => x.method === 'operate').at(-1)!.payload as { op: { browser?: string } }
    expect(request.op.browser).toBe('B1')
    expect(h.services.engine.getState().stepCount).toBe(2)
  })

  it('asks nothing while the playhead moves; once when it rests', async () => {
    const sent: { method: string; payload: unknown }[] = []
    await twoBrowsers(sent)
    renderWith(h!, <SessionsView />)
    await act(() => h!.services.actions.goTo({ step: 0, phase: null }))
    await waitFor(() => expect(treeWords()).toEqual(['browser:Alice', 'A@2']))
    const asks = () => sent.filter((x) => x.method === 'timeline.browsers').length
    const before = asks()
    // Two steps 30 ms apart on a clock the test moves (only setTimeout is faked: the engine's answers still arrive).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      for (let i = 0; i < 2; i++) {
        await act(() => h!.services.actions.stepBy(1))
        await act(async () => {
          vi.advanceTimersByTime(30)
        })
      }
      expect(asks()).toBe(before)
      // One millisecond short of the settle time since the last step: still nothing.
      await act(async () => {
        vi.advanceTimersByTime(SESSION_WINDOW_SETTLE_MS - 30 - 1)
      })
      expect(asks()).toBe(before)
      await act(async () => {
        vi.advanceTimersByTime(1)
      })
    } finally {
      vi.useRealTimers()
    }
    // At rest: the point arrived at is asked for, once.
    await waitFor(() => expect(asks()).toBe(before + 1))
    expect((sent.filter((x) => x.method === 'timeline.browsers').at(-1)!.payload as { point: { step: number } }).point.step).toBe(2)
  })

  it('asks nothing while the panel is off screen, and asks once it shows again', async () => {
    // Chromium says when the panel leaves the screen; happy-dom has no layout, so the observer is played here.
    const observers: ((entries: { isIntersecting: boolean }[]) => void)[] = []
    const original = globalThis.IntersectionObserver
    globalThis.IntersectionObserver = class {
      constructor(cb: (entries: { isIntersecting: boolean }[]) => void) {
        observers.push(cb)
      }
      observe() {}
      disconnect() {}
    } as unknown as typeof IntersectionObserver
    try {
      const sent: { method: string; payload: unknown }[] = []
      await twoBrowsers(sent)
      renderWith(h!, <SessionsView />)
      await act(() => h!.services.actions.goTo({ step: 0, phase: null }))
      await waitFor(() => expect(treeWords()).toEqual(['browser:Alice', 'A@2']))
      const asks = () => sent.filter((x) => x.method === 'timeline.browsers').length
      const before = asks()
      act(() => observers.forEach((cb) => cb([{ isIntersecting: false }])))
      // Off screen, the playhead moves and rests well past the settle time (a clock the test moves): nothing is asked.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      try {
        await act(() => h!.services.actions.goTo({ step: 2, phase: null }))
        await act(async () => {
          vi.advanceTimersByTime(SESSION_WINDOW_SETTLE_MS * 3)
        })
      } finally {
        vi.useRealTimers()
      }
      expect(asks()).toBe(before)
      act(() => observers.forEach((cb) => cb([{ isIntersecting: true }])))
      await waitFor(() => expect(asks()).toBe(before + 1))
      await waitFor(() => expect(treeWords()).toHaveLength(5))
    } finally {
      globalThis.IntersectionObserver = original
    }
  })
})
