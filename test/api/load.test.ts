/**
 * Opening trace files through the API: off-thread loading with progress,
 * cancel that leaves the previous workspace intact, errors with line and
 * field, reuse of an existing index, workspace files, responsiveness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { EventPayloads } from '../../src-main/api/contract.js'
import { generateTraceText, writeGeneratedTrace } from '../../scripts/trace-generator/index.js'
import { call, failure } from '../timeline/api-call.js'

let dir: string
let small: string
let smallApps: string
let big: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ss-load-'))
  small = join(dir, 'small.sstrace')
  writeFileSync(small, generateTraceText({ events: 2000, sessions: 20, seed: 4, recorded: true }))
  smallApps = join(dir, 'apps.sstrace')
  writeFileSync(smallApps, generateTraceText({ events: 600, sessions: 10, seed: 4 }))
  big = join(dir, 'big.sstrace')
  await writeGeneratedTrace(big, { events: 60_000, sessions: 100, seed: 2, recorded: true })
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function service(): EngineService {
  return new EngineService({ workspaceDir: join(dir, `ws-${Math.random()}`) })
}

describe('workspace.openTraceFile', () => {
  {
    it('loads in a worker, with progress, to the same steps as the text path', async () => {
      const s = new EngineService({ workspaceDir: join(dir, `ws-${Math.random()}`) })
      const progress: EventPayloads['load.progress'][] = []
      s.subscribe('load.progress', (p) => progress.push(p))
      const sum = await call(s, 'workspace.openTraceFile', { path: small })
      expect(sum.recordedOnly).toBe(true)
      expect(sum.file?.reused).toBe(false)
      expect(progress.length).toBeGreaterThan(0)
      expect(progress[progress.length - 1]!.fraction).toBe(1)
      expect(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1]!.fraction)).toBe(true)
      const text = new EngineService()
      await call(text, 'workspace.openTraceText', { text: readFileSync(small, 'utf8') })
      const n = (await call(s, 'steps.count', {})).count
      expect(n).toBe((await call(text, 'steps.count', {})).count)
      expect(await call(s, 'steps.range', { from: 0, count: 5000 })).toEqual(await call(text, 'steps.range', { from: 0, count: 5000 }))
      expect(await call(s, 'timeline.state', { point: { step: Math.floor(n / 2), phase: 0 } })).toEqual(await call(text, 'timeline.state', { point: { step: Math.floor(n / 2), phase: 0 } }))
      expect((await call(s, 'workspace.exportTraceText', {})).text).toBe(readFileSync(small, 'utf8'))
      text.close()
      s.close()
    })
  }

  it('a trace with apps is simulated in the worker and the engine continues in the service', async () => {
    const s = service()
    const sum = await call(s, 'workspace.openTraceFile', { path: smallApps })
    expect(sum.recordedOnly).toBe(false)
    const text = new EngineService()
    await call(text, 'workspace.openTraceText', { text: readFileSync(smallApps, 'utf8') })
    const n = (await call(s, 'steps.count', {})).count
    expect(await call(s, 'steps.range', { from: 0, count: 5000 })).toEqual(await call(text, 'steps.range', { from: 0, count: 5000 }))
    // Live operations after loading: same steps (indexes, session IDs) as a workspace that never left memory.
    const op = { type: 'request' as const, url: 'f?p=200:1', as: 'late', t: 1e7 }
    const a = await call(s, 'operate', { op })
    const b = await call(text, 'operate', { op })
    expect(a.steps).toEqual(b.steps)
    expect(a.steps[0]!.index).toBe(n)
    const byId = (l: { id: number }[]) => [...l].sort((x, y) => x.id - y.id)
    expect(byId(await call(s, 'sessions.list', {}))).toEqual(byId(await call(text, 'sessions.list', {})))
    text.close()
    s.close()
  })

  it('reopens an indexed trace without parsing it again', async () => {
    const wsDir = join(dir, 'reuse')
    const s1 = new EngineService({ workspaceDir: wsDir })
    const first = await call(s1, 'workspace.openTraceFile', { path: small })
    expect(first.file?.reused).toBe(false)
    const steps = await call(s1, 'steps.range', { from: 100, count: 50 })
    // The workspace file is completed in the background; the service says so with workspace.changed.
    const changed = new Promise<EventPayloads['workspace.changed']>((r) => s1.subscribe('workspace.changed', r))
    await s1.current.ready
    expect((await changed).file?.workspace).toMatch(/\.ssws$/)
    expect(await call(s1, 'steps.range', { from: 100, count: 50 })).toEqual(steps)
    s1.close()
    const s2 = new EngineService({ workspaceDir: wsDir })
    const sum = await call(s2, 'workspace.openTraceFile', { path: small })
    expect(sum.file?.reused).toBe(true)
    expect(await call(s2, 'steps.range', { from: 100, count: 50 })).toEqual(steps)
    s2.close()
  })

  it('opens a saved workspace file, and refuses a damaged one keeping the current workspace', async () => {
    const s = service()
    await call(s, 'workspace.openTraceFile', { path: small })
    const saved = join(dir, 'saved.ssws')
    await call(s, 'workspace.save', { path: saved })
    const other = service()
    await call(other, 'workspace.openDemo', { name: 'phone-number' })
    const sum = await call(other, 'workspace.openTraceFile', { path: saved })
    expect(sum.steps).toBe((await call(s, 'steps.count', {})).count)
    // Damage it: the current workspace stays.
    const bytes = readFileSync(saved)
    writeFileSync(saved, bytes.subarray(0, bytes.length >> 1))
    const before = await call(other, 'steps.count', {})
    const e = await failure(other, 'workspace.openTraceFile', { path: saved })
    expect(e.code).toBe('invalidWorkspace')
    expect(e.message).toContain(saved)
    expect(await call(other, 'steps.count', {})).toEqual(before)
    // Garbage under a workspace file's name: refused as a workspace, not parsed as a trace.
    const garbage = join(dir, 'garbage.ssws')
    writeFileSync(garbage, 'no database here\n'.repeat(50))
    const g = await failure(other, 'workspace.openTraceFile', { path: garbage })
    expect(g.code).toBe('invalidWorkspace')
    expect(g.message).toMatch(/not a Session Scope workspace/)
    expect(await call(other, 'steps.count', {})).toEqual(before)
    s.close()
    other.close()
  })

  it('reports the first problem of a bad file with line and field; the current workspace stays', async () => {
    const s = service()
    await call(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    const before = await call(s, 'steps.count', {})
    const lines = readFileSync(small, 'utf8').split('\n')
    lines[500] = '{"type":"wait","seconds":"ten"}'
    lines[900] = 'not json at all'
    const bad = join(dir, 'bad.sstrace')
    writeFileSync(bad, lines.join('\n'))
    const e = await failure(s, 'workspace.openTraceFile', { path: bad })
    expect(e.code).toBe('invalidTrace')
    expect(e.line).toBe(501)
    expect(e.field).toBe('seconds')
    expect(await call(s, 'steps.count', {})).toEqual(before)
    expect(s.summary().title).toMatch(/onboard/i)
    s.close()
  })

  it('a cancelled load leaves the previous workspace intact, and the service answers while loading', async () => {
    const s = service()
    await call(s, 'workspace.openDemo', { name: 'session-cloning' })
    const before = await call(s, 'steps.range', { from: 0, count: 100 })
    let cancelled: Promise<{ cancelled: boolean }> | null = null
    let asked = false
    let fractionWhenAnswered = -1
    let lastFraction = 0
    s.subscribe('load.progress', (p) => {
      lastFraction = p.fraction
      if (asked || p.fraction < 0.05) return
      asked = true
      // The dispatching thread is free: a query during the load is answered while the load goes on.
      // Shown by order, not by a clock: the answer comes before the load ends, so the cancel sent
      // after it still finds the load running.
      void call(s, 'steps.count', {}).then(() => {
        fractionWhenAnswered = lastFraction
        cancelled = call(s, 'workspace.cancelLoad', {})
      })
    })
    const e = await failure(s, 'workspace.openTraceFile', { path: big })
    expect(e.code).toBe('cancelled')
    expect(cancelled).not.toBeNull()
    expect((await cancelled!).cancelled).toBe(true)
    expect(fractionWhenAnswered).toBeGreaterThanOrEqual(0.05)
    expect(fractionWhenAnswered).toBeLessThan(1)
    expect(await call(s, 'steps.range', { from: 0, count: 100 })).toEqual(before)
    expect(s.summary().title).toMatch(/clon/i)
    expect((await call(s, 'workspace.cancelLoad', {})).cancelled).toBe(false)
    s.close()
  })
})
