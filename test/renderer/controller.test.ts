import { afterEach, describe, expect, it } from 'vitest'
import { harness, inProcessApi } from './helpers/in-process.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import { createServices } from '../../src-renderer/src/stores/services.js'
import { benchTrace } from '../../bench/ui.bench.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  h?.close()
  h = null
})

const valueOf = (x: Harness, item: string) => x.services.engine.getState().rows.find((r) => r.item === item)

describe('the renderer’s actions', () => {
  it('opens a demo at its first step and steps through it', async () => {
    h = await harness('onboarding-wizard')
    const e = h.services.engine
    expect(e.getState().workspace?.title).toMatch(/Onboard New Employee/)
    expect(e.getState().stepCount).toBe(14)
    expect(e.getState().point).toEqual({ step: 0, phase: null })
    expect(e.getState().rows.map((r) => `${r.item}=${r.value}`)).toEqual(['G_EMP_COUNT=0'])
    expect(e.getState().sessions.map((s) => s.alias)).toEqual(['A'])
    await h.services.actions.stepBy(3)
    expect(valueOf(h, 'P43_ENAME')?.value).toBe('KING')
    expect(e.getState().changes.get(valueOf(h, 'P43_ENAME')!.key)).toBe('set')
    await h.services.actions.last()
    expect(valueOf(h, 'P43_ENAME')?.value).toBeNull()
    expect(valueOf(h, 'P43_ENAME')?.status).toBe('R')
    expect(e.getState().changes.get(valueOf(h, 'P43_ENAME')!.key)).toBe('reset')
    expect(e.getState().tables.get('100|EMP')).toHaveLength(1)
    await h.services.actions.first()
    expect(e.getState().rows).toHaveLength(1)
    expect(e.getState().tables.get('100|EMP') ?? []).toHaveLength(0)
  })

  it('key presses faster than the engine answers are all counted: three → pressed at once move three steps', async () => {
    h = await harness('onboarding-wizard')
    const a = h.services.actions
    // Not awaited in between: like a person pressing → three times while the first move is still in flight.
    await Promise.all([a.stepBy(1), a.stepBy(1), a.stepBy(1)])
    expect(h.services.engine.getState().point).toEqual({ step: 3, phase: null })
    expect(valueOf(h, 'P43_ENAME')?.value).toBe('KING')
  })

  it('steps into a clear-cache step phase by phase and out again', async () => {
    h = await harness('onboarding-wizard')
    const c = h.services.actions
    const e = h.services.engine
    await c.goTo({ step: 12, phase: null })
    await c.stepInto()
    expect(e.getState().point).toEqual({ step: 13, phase: 0 })
    // Before the clear-cache phase the wizard's values are still there, marked as about to be reset.
    expect(valueOf(h, 'P44_JOB')?.value).toBe('PRESIDENT')
    expect(e.getState().pending.has(valueOf(h, 'P44_JOB')!.key)).toBe(true)
    await c.stepInto()
    expect(e.getState().point).toEqual({ step: 13, phase: 1 })
    expect(valueOf(h, 'P44_JOB')?.value).toBeNull()
    expect(e.getState().changes.size).toBe(5)
    await c.stepOut()
    expect(e.getState().point).toEqual({ step: 13, phase: 0 })
    expect(valueOf(h, 'P44_JOB')?.value).toBe('PRESIDENT')
    await c.stepBy(1)
    expect(e.getState().point).toEqual({ step: 13, phase: null })
    await c.stepBy(-1)
    expect(e.getState().point).toEqual({ step: 12, phase: null })
  })

  it('runs live operations and follows them to the end', async () => {
    h = await harness('onboarding-wizard')
    const c = h.services.actions
    await c.last()
    const steps = await c.operate({ type: 'clone', session: 'A', as: 'B' })
    expect(steps).toHaveLength(1)
    const e = h.services.engine.getState()
    expect(e.stepCount).toBe(15)
    expect(e.point.step).toBe(14)
    expect(e.sessions.map((s) => s.alias)).toEqual(['A', 'B'])
    expect(e.sessions[1]!.groupId).toBe(e.sessions[0]!.groupId)
  })

  it('searches values over all steps and diffs against a pinned step', async () => {
    h = await harness('onboarding-wizard')
    const c = h.services.actions
    await c.search('king@')
    const pb = h.services.ui.playback.getState()
    expect(pb.searchHits.map((x) => [x.step, x.item])).toEqual([[3, 'P43_EMAIL']])
    await c.goTo({ step: 13, phase: null })
    const diff = await c.diff(3)
    const job = diff.find((d) => d.item === 'P44_JOB')
    expect(job?.before).toBeNull()
    expect(job?.after).toEqual({ value: null, status: 'R' })
    const ename = diff.find((d) => d.item === 'P43_ENAME')
    expect(ename?.before).toEqual({ value: 'KING', status: 'I' })
  })

  it('opens the engine’s current workspace when it connects late (workspace.summary)', async () => {
    const service = new EngineService()
    const opened = await service.dispatch('workspace.openDemo', { name: 'session-cloning' })
    expect(opened.ok).toBe(true)
    const calls: string[] = []
    // A window that connects now: no workspace.changed event will come (the IPC transport sends none on connect).
    const late = createServices(inProcessApi(service, { calls }))
    try {
      await late.actions.init()
      expect(calls).toContain('workspace.summary')
      const e = late.engine.getState()
      // The title is the summary's (the step count alone could not tell it).
      expect(e.workspace?.title).toBe((opened.ok && (opened.result as { title: string }).title) || 'no title')
      expect(e.workspace?.steps).toBe(service.timeline.stepCount)
      expect(e.point).toEqual({ step: 0, phase: null })
      expect(e.rows.length).toBeGreaterThan(0)
    } finally {
      late.actions.dispose()
      service.close()
    }
  })

  it('shows an engine error as a toast with details', async () => {
    h = await harness()
    const ok = await h.services.actions.openTraceText('{"format":"nope"}\n', 'bad.sstrace')
    expect(ok).toBe(false)
    const t = h.services.ui.toasts.getState().toasts.at(-1)!
    expect(t.kind).toBe('error')
    expect(t.title).toMatch(/bad.sstrace/)
    expect(t.detail).toMatch(/code: invalidTrace/)
  })

  it('uses the engine’s timeline.state for the start and for far jumps, and steps without fetching every row again', async () => {
    const sent: { method: string; payload: unknown }[] = []
    h = await harness(undefined, { fakeTimeline: true, sent })
    const c = h.services.actions
    expect(await c.openTraceText(benchTrace(20, 5, 1500), 'bench.sstrace')).toBe(true)
    const e = h.services.engine
    expect(e.getState().rows).toHaveLength(5)
    // The whole state (every row); a step asks for the difference, and the state without rows.
    const stateCalls = () => sent.filter((m) => m.method === 'timeline.state' && (m.payload as { sessions?: number[] }).sessions === undefined).length
    const before = stateCalls()
    await c.goTo({ step: 1200, phase: null })
    expect(stateCalls()).toBe(before + 1)
    expect(e.getState().rows).toHaveLength(100)
    const atJump = e.getState().rows.map((r) => `${r.key}=${r.value}`)
    await c.stepBy(1)
    await c.stepBy(-1)
    expect(e.getState().rows.map((r) => `${r.key}=${r.value}`)).toEqual(atJump)
    expect(stateCalls()).toBe(before + 1)
    // The same point from the engine's own timeline.state gives the same rows.
    const local = await harness()
    try {
      await local.services.actions.openTraceText(benchTrace(20, 5, 1500), 'bench.sstrace')
      await local.services.actions.goTo({ step: 1200, phase: null })
      expect(local.services.engine.getState().rows.map((r) => r.item + '=' + r.value)).toEqual(e.getState().rows.map((r) => r.item + '=' + r.value))
    } finally {
      local.close()
    }
  })
})
