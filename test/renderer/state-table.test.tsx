// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { StateTableView } from '../../src-renderer/src/views/state-table/StateTableView.js'
import { harness, renderWith } from './helpers/in-process.js'
import { benchTrace } from '../../bench/ui.bench.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const rows = () => screen.queryAllByTestId('state-row')

describe('State table', () => {
  it('shows one row per value with the data attributes tests and tools rely on', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <StateTableView />)
    await act(() => h!.services.actions.goTo({ step: 6, phase: null }))
    const table = screen.getByTestId('state-table')
    expect(table.getAttribute('data-step')).toBe('6')
    const byItem = Object.fromEntries(rows().map((r) => [r.dataset.item, r]))
    expect(Object.keys(byItem).sort()).toEqual(['G_EMP_COUNT', 'P43_EMAIL', 'P43_ENAME', 'P44_JOB', 'P44_SAL'])
    const sal = byItem.P44_SAL!
    expect(sal.dataset.sessionAlias).toBe('A')
    expect(sal.dataset.app).toBe('100')
    expect(sal.dataset.page).toBe('44')
    expect(sal.dataset.value).toBe('5000')
    expect(sal.dataset.status).toBe('U')
    expect(sal.dataset.change).toBe('set')
    expect(byItem.G_EMP_COUNT!.dataset.page).toBe('')
    expect(within(sal).getByText(/step 6/)).toBeTruthy()
    expect(sal.textContent).toMatch(/posted value/)
  })

  it('highlights rows reset by the current step and leaves data-value out for null', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <StateTableView />)
    await act(() => h!.services.actions.last())
    const job = rows().find((r) => r.dataset.item === 'P44_JOB')!
    expect(job.hasAttribute('data-value')).toBe(false)
    expect(job.dataset.status).toBe('R')
    expect(job.dataset.change).toBe('reset')
    expect(job.className).toMatch(/changed-reset/)
    expect(screen.getByText(/5 changed by this step/)).toBeTruthy()
  })

  it('filters by page, searches names and values, and groups by page', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <StateTableView />)
    await act(() => h!.services.actions.goTo({ step: 11, phase: null }))
    fireEvent.change(screen.getByLabelText('Search state by item name or value'), { target: { value: 'king' } })
    expect(rows().map((r) => r.dataset.item).sort()).toEqual(['P43_EMAIL', 'P43_ENAME'])
    fireEvent.change(screen.getByLabelText('Search state by item name or value'), { target: { value: '' } })
    fireEvent.change(screen.getByLabelText('Filter by app'), { target: { value: '100' } })
    fireEvent.change(screen.getByLabelText('Filter by page'), { target: { value: '44' } })
    expect(rows().map((r) => r.dataset.item)).toEqual(['P44_JOB', 'P44_SAL'])
    fireEvent.change(screen.getByLabelText('Filter by page'), { target: { value: 'app' } })
    expect(rows().map((r) => r.dataset.item)).toEqual(['G_EMP_COUNT'])
    fireEvent.change(screen.getByLabelText('Filter by page'), { target: { value: '' } })
    fireEvent.click(screen.getByLabelText(/Group by page/))
    expect(screen.getAllByTestId('state-group').map((g) => g.textContent)).toEqual([
      expect.stringMatching(/application items/),
      expect.stringMatching(/page 43 \(Employee\)/),
      expect.stringMatching(/page 44 \(Job\)/),
      expect.stringMatching(/page 45 \(Review\)/),
    ])
  })

  it('compares sessions side by side after a clone diverges', async () => {
    h = await harness('session-cloning')
    renderWith(h, <StateTableView />)
    await act(() => h!.services.actions.goTo({ step: 5, phase: null }))
    fireEvent.click(screen.getByLabelText('Compare'))
    const lines = screen.getAllByTestId('compare-row')
    const job = lines.find((l) => l.dataset.item === 'P44_JOB')!
    const cells = job.querySelectorAll('[data-session-id]')
    expect(cells).toHaveLength(2)
    expect([...cells].map((c) => c.getAttribute('data-value'))).toEqual(['ANALYST', 'CLERK'])
    expect(job.className).toMatch(/differs/)
  })

  it('marks Per User values', async () => {
    h = await harness('per-user')
    renderWith(h, <StateTableView />)
    await act(() => h!.services.actions.goTo({ step: 0, phase: null }))
    const theme = rows().find((r) => r.dataset.item === 'P1_THEME')!
    expect(within(theme).getByText('Per User')).toBeTruthy()
    expect(theme.textContent).toMatch(/user/)
  })

  it('shows rows a step removed struck through', async () => {
    h = await harness('timeouts-and-logout')
    renderWith(h, <StateTableView />)
    await act(() => h!.services.actions.goTo({ step: 4, phase: null }))
    expect(screen.getAllByTestId('state-row-removed').length).toBeGreaterThan(0)
    expect(rows().filter((r) => r.dataset.item === 'P43_ENAME')).toHaveLength(0)
  })

  it('shows every row’s last change from the engine’s timeline after a jump, and keeps it right stepping back and forth', async () => {
    h = await harness()
    await h.services.actions.openTraceText(benchTrace(20, 5, 1500), 'bench.sstrace')
    renderWith(h, <StateTableView />)
    const why = async (step: number, r: HTMLElement) => {
      const res = await h!.service.dispatch('timeline.why', {
        point: { step },
        session: Number(r.dataset.sessionId),
        app: Number(r.dataset.app),
        page: r.dataset.page === '' ? null : Number(r.dataset.page),
        item: r.dataset.item!,
      })
      const w = res.ok ? (res.result as { step: number; phase: number; cause: string } | null) : null
      return w && { step: String(w.step), phase: String(w.phase), cause: w.cause }
    }
    const shown = (r: HTMLElement) => {
      const cell = r.querySelector('.c-changed') as HTMLElement
      return cell.dataset.changedStep === undefined ? null : { step: cell.dataset.changedStep, phase: cell.dataset.changedPhase, cause: cell.querySelector('.cause')?.textContent?.trim() ?? '' }
    }
    const expectAllFromEngine = async (step: number) => {
      const all = rows()
      expect(all.length).toBeGreaterThan(10)
      for (const r of all) expect(shown(r), `${r.dataset.sessionId} ${r.dataset.item}`).toEqual(await why(step, r))
    }
    await act(() => h!.services.actions.goTo({ step: 1200, phase: null }))
    expect(screen.queryAllByRole('button', { name: 'why?' })).toHaveLength(0)
    await expectAllFromEngine(1200)
    // Back over step 1200: the rows it changed get the change before it (asked of timeline.why once settled).
    const changedBy1200 = [...h.services.engine.getState().changes.keys()]
    expect(changedBy1200.length).toBeGreaterThan(0)
    await act(async () => {
      await h!.services.actions.stepBy(-1)
      await new Promise((r) => setTimeout(r, 50))
    })
    expect(screen.getByTestId('state-table').dataset.step).toBe('1199')
    await waitFor(() => expect(screen.queryAllByRole('button', { name: 'why?' })).toHaveLength(0))
    await expectAllFromEngine(1199)
    await act(() => h!.services.actions.stepBy(2))
    await expectAllFromEngine(1201)
  })

  it('asks the timeline why a value is there after a jump, where the state came without last changes', async () => {
    // An engine whose timeline.state rows do not carry their last change (the helper's stand-in): the table offers "why?".
    h = await harness(undefined, { fakeTimeline: true })
    await h.services.actions.openTraceText(benchTrace(20, 5, 1500), 'bench.sstrace')
    renderWith(h, <StateTableView />)
    await act(() => h!.services.actions.goTo({ step: 1200, phase: null }))
    const row = rows().find((r) => within(r).queryByRole('button', { name: 'why?' }))!
    expect(row).toBeTruthy()
    await act(async () => {
      fireEvent.click(within(row).getByRole('button', { name: 'why?' }))
      await new Promise((r) => setTimeout(r, 20))
    })
    const same = rows().find((r) => r.dataset.sessionId === row.dataset.sessionId && r.dataset.item === row.dataset.item)!
    expect(within(same).getByRole('button', { name: /Go to step \d+/ })).toBeTruthy()
    expect(same.textContent).toMatch(/SET_SESSION_STATE|default/)
  })
})
