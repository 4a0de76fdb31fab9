// @vitest-environment happy-dom
/**
 * Live steps no file holds are not lost without asking: opening a demo (or a
 * trace, or a new workspace) over them shows the prompt — Cancel (and Esc)
 * keeps every step, Don't save replaces, Save trace… downloads the trace,
 * marks its steps saved and then replaces. Nothing is asked when nothing is
 * unsaved, and the window's shortcuts do not step behind the prompt.
 */
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { createServices } from '../../src-renderer/src/stores/app-context.js'
import { App } from '../../src-renderer/src/views/app/App.js'
import { runShellCommand } from '../../src-renderer/src/views/app/shell-commands.js'
import { inProcessApi, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  h?.close()
  h = null
})

const settle = (ms = 50) => act(async () => void (await new Promise((r) => setTimeout(r, ms))))

/** A live workspace with `n` steps recorded live, the App rendered; `sent` lists the methods called. */
async function liveWith(n: number) {
  const service = new EngineService()
  const sent: { method: string; payload: unknown }[] = []
  const services = createServices(inProcessApi(service, { sent }))
  await services.actions.init()
  h = {
    service,
    services,
    close() {
      services.actions.dispose()
      service.close()
    },
  }
  expect(await services.actions.newLiveWorkspace(['demo:onboarding'], 'Live: Onboard New Employee')).toBe(true)
  for (let i = 0; i < n; i++) expect(await services.actions.operate({ type: 'request', url: 'f?p=HR:43' })).not.toBeNull()
  renderWith(h, <App />)
  await settle()
  return { service, services, sent }
}

async function chooseDemo(name: string) {
  await act(async () => {
    fireEvent.change(document.getElementById('demo-select')!, { target: { value: name } })
    await new Promise((r) => setTimeout(r, 30))
  })
}

const title = () => screen.getByTestId('workspace-title').textContent

describe('unsaved live steps', () => {
  it('asks before a demo replaces them; Cancel and Esc keep every step', async () => {
    const { service } = await liveWith(2)
    const steps = service.timeline.stepCount
    // The toolbar says so before anything is asked.
    expect(screen.getByTestId('unsaved-badge').getAttribute('data-count')).toBe(String(steps))
    await chooseDemo('onboarding-wizard')
    const prompt = await screen.findByTestId('unsaved-prompt')
    expect(prompt.getAttribute('data-count')).toBe(String(steps))
    expect(prompt.textContent).toMatch(/Opening the demo onboarding-wizard replaces this workspace/)
    expect(document.activeElement).toBe(screen.getByTestId('unsaved-save'))
    await act(async () => {
      fireEvent.click(screen.getByTestId('unsaved-cancel'))
    })
    await settle()
    expect(screen.queryByTestId('unsaved-prompt')).toBeNull()
    expect(title()).toBe('Live: Onboard New Employee')
    expect(service.timeline.stepCount).toBe(steps)

    await chooseDemo('onboarding-wizard')
    await screen.findByTestId('unsaved-prompt')
    await act(async () => {
      fireEvent.keyDown(screen.getByTestId('unsaved-save'), { key: 'Escape' })
    })
    await settle()
    expect(screen.queryByTestId('unsaved-prompt')).toBeNull()
    expect(service.timeline.stepCount).toBe(steps)
  })

  it("replaces after Don't save", async () => {
    const { service } = await liveWith(1)
    await chooseDemo('onboarding-wizard')
    await act(async () => {
      fireEvent.click(await screen.findByTestId('unsaved-discard'))
    })
    await settle(150)
    expect(screen.queryByTestId('unsaved-prompt')).toBeNull()
    expect(title()).toMatch(/Onboard/)
    expect(title()).not.toBe('Live: Onboard New Employee')
    expect((await service.dispatch('workspace.summary', {})).ok).toBe(true)
  })

  it('Save trace… downloads the trace, marks its steps saved, then replaces', async () => {
    const { service, sent } = await liveWith(2)
    const liveSteps = service.timeline.stepCount
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob)
      return 'blob:test'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const downloads: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download)
    })
    await chooseDemo('onboarding-wizard')
    await act(async () => {
      fireEvent.click(await screen.findByTestId('unsaved-save'))
    })
    await settle(150)
    expect(downloads).toEqual(['live-onboard-new-employee.sstrace'])
    const text = await blobs[0]!.text()
    const again = new EngineService()
    try {
      expect((await again.dispatch('workspace.openTraceText', { text })).ok).toBe(true)
      expect(again.timeline.stepCount).toBe(liveSteps)
    } finally {
      again.close()
    }
    const methods = sent.map((x) => x.method)
    const marked = methods.indexOf('workspace.markSaved')
    expect(marked).toBeGreaterThan(-1)
    expect(sent[marked]!.payload).toEqual({ steps: liveSteps })
    expect(methods.indexOf('workspace.openDemo')).toBeGreaterThan(marked)
    expect(title()).not.toBe('Live: Onboard New Employee')
  })

  it('does not ask when nothing is unsaved, and keeps shortcuts from stepping behind the prompt', async () => {
    const { services, service } = await liveWith(0)
    await chooseDemo('onboarding-wizard')
    await settle(150)
    expect(screen.queryByTestId('unsaved-prompt')).toBeNull()
    expect(title()).not.toBe('Live: Onboard New Employee')
    // A live step on the demo: unsaved now.
    expect(await services.actions.operate({ type: 'request', url: 'f?p=HR:43' })).not.toBeNull()
    await settle()
    const at = services.engine.getState().point.step
    expect(at).toBe(service.timeline.stepCount - 1)
    const opening = services.actions.newLiveWorkspace(['demo:onboarding'], 'Live')
    await screen.findByTestId('unsaved-prompt')
    await act(async () => {
      fireEvent.keyDown(document.body, { key: 'ArrowLeft' })
      fireEvent.keyDown(document.body, { key: 'Home' })
    })
    await settle()
    expect(services.engine.getState().point.step).toBe(at)
    // Menu keys of the desktop shell (F8, Ctrl+Home, …) come as shell.command: ignored too, but the theme.
    await act(async () => {
      expect(runShellCommand(services, 'go.first')).toBe(true)
      expect(runShellCommand(services, 'view.theme.dark')).toBe(true)
    })
    await settle()
    expect(services.engine.getState().point.step).toBe(at)
    expect(services.ui.layout.getState().theme).toBe('dark')
    await act(async () => {
      fireEvent.click(screen.getByTestId('unsaved-cancel'))
    })
    expect(await opening).toBe(false)
  })

  it('an answer counts only for the request it was shown for', async () => {
    const { services } = await liveWith(0)
    const prompt = services.ui.unsaved
    const first = prompt.getState().ask(3, 'A new workspace')
    const firstShown = prompt.getState().pending
    // A newer replace takes the prompt: the first is not wanted any more.
    const second = prompt.getState().ask(4, 'Opening x.sstrace')
    expect(await first).toBe(false)
    // A save of the first request finishing late does not answer the second.
    act(() => prompt.getState().answer(true, firstShown))
    expect(prompt.getState().pending).toMatchObject({ count: 4 })
    act(() => prompt.getState().answer(false, prompt.getState().pending))
    expect(await second).toBe(false)
    expect(prompt.getState().pending).toBeNull()
  })

  it('the toolbar badge counts live steps and goes when they are saved, by this page or by another saver', async () => {
    const { services, service } = await liveWith(2)
    const badge = () => screen.queryByTestId('unsaved-badge')?.getAttribute('data-count') ?? null
    expect(badge()).toBe(String(service.timeline.stepCount))
    expect(await services.actions.operate({ type: 'request', url: 'f?p=HR:43' })).not.toBeNull()
    await settle()
    expect(badge()).toBe(String(service.timeline.stepCount))
    // Saved elsewhere (main's Save Trace As… marks them through the engine): the workspace.saved event clears it.
    const count = service.timeline.stepCount
    await act(async () => {
      expect((await service.dispatch('workspace.markSaved', { steps: count - 1 })).ok).toBe(true)
    })
    expect(badge()).toBe('1')
    await act(async () => {
      expect((await service.dispatch('workspace.markSaved', { steps: count })).ok).toBe(true)
    })
    expect(badge()).toBeNull()
  })
})
