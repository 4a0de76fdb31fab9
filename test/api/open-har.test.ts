/**
 * Opening a browser recording (HAR) like a trace (issue #15): imported with
 * the current workspace's app definitions, then loaded — so the real answers
 * are compared with the simulation — or recorded-only when there are none; a
 * recording with no APEX request fails naming the entry and the current
 * workspace stays; cancel stops the import; a page may not open a host path.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { HOST_PATH_METHODS } from '../../src-main/web-host/ws-transport.js'
import { call, failure } from '../timeline/api-call.js'

const HAR = new URL('../fixtures/har/onboarding-next-to-45.constructed.har', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'ss-open-har-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const service = () => new EngineService({ workspaceDir: join(dir, `ws-${Math.random()}`) })

describe('workspace.openHarText / openHarFile', () => {
  it('with the onboarding demo open, the recording is simulated with its apps and diverges where the fixture was altered', async () => {
    const wsDir = join(dir, 'ws-text')
    const s = new EngineService({ workspaceDir: wsDir })
    await call(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    const r = await call(s, 'workspace.openHarText', { text: readFileSync(HAR, 'utf8'), name: 'session.har' })
    expect(r.recordedOnly).toBe(false)
    expect(r.title).toBe('session.har (browser recording)')
    expect(r.harImport.events).toBe(6)
    expect(r.harImport.skippedByKind.stylesheet).toBe(1)
    expect(r.observed?.compared).toBe(6)
    expect(r.observed?.divergences).toMatchObject([{ line: 6, field: 'redirect', message: 'APEX redirected to page 45; the simulation branched to page 44 because branch #1 on page 43 fired (After Processing branches): the request was NEXT' }])
    expect((await call(s, 'workspace.summary', {})).observed?.divergences).toHaveLength(1)
    // The page's copy of the recording (it holds a Cookie header) is not kept; the trace never had it.
    const kept = readdirSync(wsDir, { recursive: true }).map(String)
    expect(kept.some((f) => f.endsWith('.sstrace'))).toBe(true)
    expect(kept.filter((f) => f.endsWith('.har'))).toEqual([])
    for (const f of kept.filter((x) => x.endsWith('.sstrace'))) expect(readFileSync(join(wsDir, f), 'utf8')).not.toContain('ORA_WWV-secret')
  })

  it('by path, with no app definition in the workspace: recorded-only, every request steppable, nothing compared', async () => {
    const s = service()
    const progress: number[] = []
    const stages: (string | undefined)[] = []
    s.subscribe('load.progress', (p) => {
      progress.push(p.fraction)
      if (stages.at(-1) !== p.stage || stages.length === 0) stages.push(p.stage)
    })
    const r = await call(s, 'workspace.openHarFile', { path: HAR })
    expect(r.recordedOnly).toBe(true)
    expect(r.observed).toBeUndefined()
    expect(r.steps).toBe(6)
    expect(progress.length).toBeGreaterThan(0)
    // The import reports its stage, then the trace's load reports as any load does.
    expect(stages).toEqual(['importHar', undefined])
    const steps = await call(s, 'steps.range', { from: 0, count: 6 })
    expect((steps[4]!.input as { observed?: { page?: number } }).observed?.page).toBe(45)
  })

  it('a recording with no APEX request fails naming the entry, and the current workspace stays', async () => {
    const s = service()
    await call(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    const before = await call(s, 'workspace.summary', {})
    const broken = JSON.stringify({ log: { version: '1.2', entries: [{ request: 5 }] } })
    const e = await failure(s, 'workspace.openHarText', { text: broken, name: 'broken.har' })
    expect(e.code).toBe('invalidTrace')
    expect(e.message).toMatch(/^broken\.har: log\.entries\[0\]/)
    expect(e.message).toMatch(/the current workspace stays/)
    const notHar = await failure(s, 'workspace.openHarText', { text: '{"hello": 1}', name: 'x.har' })
    expect(notHar.message).toMatch(/log\.entries/)
    const after = await call(s, 'workspace.summary', {})
    expect(after.title).toBe(before.title)
    expect(after.steps).toBe(before.steps)
    expect((await failure(s, 'workspace.openHarFile', { path: join(dir, 'missing.har') })).code).toBe('notFound')
  })

  it('cancel stops the import; the current workspace stays', async () => {
    // A recording big enough that the import is still reading when the cancel arrives (~12 MB of page views).
    const entries = Array.from({ length: 40_000 }, (_, i) => ({
      startedDateTime: new Date(Date.UTC(2026, 1, 1) + i * 1000).toISOString(),
      time: 1,
      request: { method: 'GET', url: `https://apex.example.com/ords/f?p=100:1:${1000 + (i % 7)}`, httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: -1 },
      response: { status: 200, statusText: '', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: 'text/html' }, redirectURL: '', headersSize: -1, bodySize: -1 },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    }))
    const big = join(dir, 'big.har')
    writeFileSync(big, JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }))
    const s = service()
    await call(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
    const started = s.dispatch('workspace.openHarFile', { path: big })
    let cancelled = false
    const unsubscribe = s.subscribe('load.progress', () => {
      if (cancelled) return
      cancelled = true
      void call(s, 'workspace.cancelLoad', {})
    })
    const r = await started
    unsubscribe()
    expect(cancelled).toBe(true)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('cancelled')
    expect((await call(s, 'workspace.summary', {})).title).toMatch(/Onboard/)
  })

  it('a page of the browser host may not open a host path', () => {
    expect(HOST_PATH_METHODS.has('workspace.openHarFile')).toBe(true)
    expect(HOST_PATH_METHODS.has('workspace.openHarText')).toBe(false)
  })
})
