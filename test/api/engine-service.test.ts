import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { EngineService } from '../../src-main/api/engine-service.js'
import { replayText } from '../../src-main/trace/replay.js'

const onboarding = JSON.parse(readFileSync(new URL('../../resources/demos/apps/onboarding.json', import.meta.url), 'utf8'))

describe('dispatcher: payload validation', () => {
  it('refuses an unknown method with a typed error', async () => {
    const s = new EngineService()
    const r = await s.dispatch('engine.shutdown', {})
    expect(r).toEqual({ ok: false, error: { code: 'unknownMethod', message: 'unknown method "engine.shutdown"' } })
    s.close()
  })

  it('names the field of an invalid payload', async () => {
    const s = new EngineService()
    const r = await s.dispatch('steps.range', { from: -1, count: 5 })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('invalidPayload')
      expect(r.error.field).toBe('from')
    }
    const extra = await s.dispatch('sessions.list', { sneaky: true })
    expect(extra.ok).toBe(false)
    s.close()
  })

  it('refuses operations whose shape is wrong before they reach the engine', async () => {
    const s = new EngineService()
    const r = await s.dispatch('operate', { op: { type: 'submit', page: 'x' } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.field).toMatch(/^op\./)
    s.close()
  })
})

describe('engine service: workspaces', () => {
  it('opens a demo, reports its expects and lists its steps', async () => {
    const s = new EngineService()
    const r = await s.dispatch('workspace.openDemo', { name: 'onboarding-wizard' })
    expect(r.ok).toBe(true)
    if (r.ok && r.result && 'expects' in r.result) {
      expect(r.result.expects.failed).toBe(0)
      expect(r.result.expects.total).toBeGreaterThan(3)
    }
    const count = await s.dispatch('steps.count', {})
    expect(count.ok && count.result).toEqual({ count: s.steps.length })
    const range = await s.dispatch('steps.range', { from: 0, count: 2 })
    expect(range.ok && Array.isArray(range.result) && range.result.length).toBe(2)
    s.close()
  })

  it('keeps the current workspace when a trace fails to load, and says where', async () => {
    const s = new EngineService()
    await s.dispatch('workspace.openDemo', { name: 'phone-number' })
    const before = s.steps.length
    const bad = '{"format":"session-trace","version":1,"title":"x","apps":[]}\n{"type":"request","url":"f?p=1:1"}\n{"type":"nope"}\n'
    const r = await s.dispatch('workspace.openTraceText', { text: bad, name: 'bad.sstrace' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('invalidTrace')
      expect(r.error.line).toBe(3)
    }
    expect(s.steps.length).toBe(before)
    expect(s.summary().title).toMatch(/phone/i)
    s.close()
  })

  it('runs live operations, emits steps.appended, and exports a trace that replays to the same state', async () => {
    const s = new EngineService()
    await s.dispatch('workspace.new', { apps: [onboarding], seed: 3 })
    const seen: { from: number; count: number }[] = []
    s.subscribe('steps.appended', (p) => seen.push(p))
    const r1 = await s.dispatch('operate', { op: { type: 'request', url: 'f?p=HR:43', as: 'A' } })
    expect(r1.ok).toBe(true)
    await s.dispatch('operate', { op: { type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'WARD' } } })
    expect(seen).toEqual([
      { from: 0, count: 1 },
      { from: 1, count: 2 },
    ])
    const exported = await s.dispatch('workspace.exportTraceText', {})
    expect(exported.ok).toBe(true)
    if (!exported.ok || !exported.result || !('text' in exported.result)) return
    const replay = replayText(exported.result.text)
    const summary = replay.summary()
    expect(summary.divergences).toEqual([])
    expect(summary.rows).toEqual(s.engine!.snapshot().rows)
    replay.close()
    s.close()
  })

  it('refuses to operate a recorded-only trace', async () => {
    const s = new EngineService()
    const text = '{"format":"session-trace","version":1,"title":"recorded"}\n{"type":"wait","seconds":5}\n'
    const opened = await s.dispatch('workspace.openTraceText', { text })
    expect(opened.ok && opened.result && 'recordedOnly' in opened.result && opened.result.recordedOnly).toBe(true)
    const r = await s.dispatch('operate', { op: { type: 'wait', seconds: 1 } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('forbidden')
    s.close()
  })

  it('lists the built-in demos with their titles', async () => {
    const s = new EngineService()
    const r = await s.dispatch('demos.list', {})
    expect(r.ok).toBe(true)
    if (r.ok && Array.isArray(r.result)) {
      const names = (r.result as { name: string }[]).map((d) => d.name)
      expect(names).toContain('onboarding-wizard')
      expect(names).toContain('session-cloning')
    }
    s.close()
  })
})
