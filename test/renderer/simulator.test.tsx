// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { PageSimulator } from '../../src-renderer/src/views/simulator/PageSimulator.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

describe('Page simulator', () => {
  it('shows the session’s current page as a form with storage badges and submits it live', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <PageSimulator />)
    await act(() => h!.services.actions.goTo({ step: 4, phase: null }))
    expect(screen.getByTestId('sim-page').dataset.page).toBe('44')
    // In the past the form is read-only: live actions run at the end.
    expect((screen.getByLabelText(/^Job/) as HTMLInputElement).readOnly).toBe(true)
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Go to the last step to simulate' }))
    })
    await waitFor(() => expect(screen.getByTestId('sim-page').dataset.page).toBe('1'))
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Onboard new employee' }))
    })
    await waitFor(() => expect(screen.getByTestId('sim-page').dataset.page).toBe('43'))
    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'KING' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Next >' }))
    })
    await waitFor(() => expect(screen.getByTestId('sim-page').dataset.page).toBe('44'))
    const job = screen.getByLabelText(/^Job/) as HTMLInputElement
    expect(job.value).toBe('CLERK')
    expect(screen.getAllByText('Per Session').length).toBeGreaterThan(0)
    fireEvent.change(job, { target: { value: 'MANAGER' } })
    fireEvent.change(screen.getByLabelText(/^Salary/), { target: { value: '-1' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Next >' }))
    })
    await waitFor(() => expect(screen.getByTestId('inline-error').textContent).toMatch(/Salary must be a positive number/))
    const e = h.services.engine.getState()
    expect(e.point.step).toBe(e.stepCount - 1)
    expect(h.services.actions.step(e.point.step)?.outcome).toBe('validationFailed')
    expect(e.rows.find((r) => r.item === 'P44_JOB')?.value).toBe('MANAGER')
    fireEvent.change(screen.getByLabelText(/^Salary/), { target: { value: '3000' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Next >' }))
    })
    await waitFor(() => expect(screen.getByTestId('sim-page').dataset.page).toBe('45'))
    expect(screen.getByText('Per Request')).toBeTruthy()
    expect((screen.getByLabelText(/^Summary/) as HTMLInputElement).value).toBe('KING (MANAGER)')
  })

  it('runs f?p and friendly URLs from the URL bar', async () => {
    h = await harness('onboarding-wizard')
    renderWith(h, <PageSimulator />)
    await act(() => h!.services.actions.last())
    const bar = screen.getByLabelText('URL (f?p or friendly)')
    fireEvent.change(bar, { target: { value: 'f?p=HR:43' } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    })
    await waitFor(() => expect(h!.services.engine.getState().sessions).toHaveLength(2))
    await waitFor(() => expect(screen.getByTestId('sim-page').dataset.page).toBe('43'))
    const id = h.services.engine.getState().sessions[1]!.id
    fireEvent.change(screen.getByLabelText('URL (f?p or friendly)'), { target: { value: `/ords/r/ws/hr/job?session=${id}` } })
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    })
    await waitFor(() => expect(screen.getByTestId('sim-page').dataset.page).toBe('44'))
  })
})
