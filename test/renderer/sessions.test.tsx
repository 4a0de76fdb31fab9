// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SessionsView } from '../../src-renderer/src/views/sessions/SessionsView.js'
import { nextAlias, sessionTree } from '../../src-renderer/src/views/sessions/session-tree.js'
import type { SessionEntry } from '../../src-renderer/src/model/playhead-state.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const sessionRows = () => screen.queryAllByTestId('session-row')

describe('Sessions view', () => {
  it('lists sessions with alias, ID, user, status and times; clone groups as a tree', async () => {
    h = await harness('session-cloning')
    renderWith(h, <SessionsView />)
    await act(() => h!.services.controller.goTo({ step: 6, phase: null }))
    const rows = sessionRows()
    expect(rows.map((r) => r.dataset.sessionAlias)).toEqual(['A', 'B', 'C'])
    expect(rows.map((r) => r.getAttribute('aria-level'))).toEqual(['1', '2', '2'])
    expect(rows[0]!.textContent).toMatch(/nobody/)
    expect(rows[0]!.textContent).toMatch(/active/)
    expect(rows[0]!.textContent).toMatch(/group ×3/)
    expect(rows[1]!.textContent).toMatch(/1:00/) // created at t=60 s
    await act(() => h!.services.controller.last())
    expect(sessionRows().map((r) => r.dataset.status)).toEqual(['deleted', 'deleted', 'deleted'])
  })

  it('shows expired sessions', async () => {
    h = await harness('timeouts-and-logout')
    renderWith(h, <SessionsView />)
    await act(() => h!.services.controller.goTo({ step: 3, phase: null }))
    expect(sessionRows()[0]!.dataset.status).toBe('expired')
  })

  it('runs the actions live: new session, clone, login, logout, expire', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <SessionsView />)
    await act(() => h!.services.controller.last())
    const click = async (name: string) => {
      await act(async () => {
        fireEvent.click(screen.getByRole('button', { name }))
        await new Promise((r) => setTimeout(r, 20))
      })
    }
    await click('Clone')
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.sessionAlias)).toEqual(['A', 'B']))
    // The clone is selected; log it in as SCOTT (the ID rotates).
    const beforeLogin = sessionRows()[1]!.dataset.sessionId
    await click('Login')
    await waitFor(() => expect(sessionRows()[1]!.textContent).toMatch(/SCOTT/))
    expect(sessionRows()[1]!.dataset.sessionId).not.toBe(beforeLogin)
    // Logging out of A logs out its whole clone group (B too).
    fireEvent.click(sessionRows()[0]!)
    await click('Logout')
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.status)).toEqual(['deleted', 'deleted']))
    await click('New session')
    await waitFor(() => expect(sessionRows().map((r) => r.dataset.sessionAlias)).toEqual(['A', 'B', 'C']))
    await click('Expire')
    await waitFor(() => expect(sessionRows().find((r) => r.dataset.sessionAlias === 'C')!.dataset.status).toBe('expired'))
  })

  it('builds trees and picks free aliases', () => {
    const s = (id: number, groupId: number, createdAt: number, alias: string | null): SessionEntry =>
      ({ id, groupId, createdAt, alias, user: 'nobody', apps: [], currentApp: null, currentPage: null, ended: null, endedAt: null, status: 'active', idleSec: 0 }) as SessionEntry
    const tree = sessionTree([s(3, 1, 5, 'C'), s(1, 1, 0, 'A'), s(2, 2, 1, 'B')])
    expect(tree.map((r) => [r.session.id, r.depth])).toEqual([
      [1, 0],
      [3, 1],
      [2, 0],
    ])
    expect(nextAlias([{ alias: 'A' }, { alias: 'B' }])).toBe('C')
  })
})
