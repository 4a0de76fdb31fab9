/**
 * The real engine host (src-main/shell/engine-host.ts) in a child process,
 * driven by the real EngineClient: the same code path the desktop app uses,
 * with Node's child_process in place of Electron's utilityProcess.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EngineClient } from '../../src-main/shell/engine-client.js'
import { forkNodeHost } from './helpers/node-host.js'

let clients: EngineClient[] = []
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close(2000)))
  clients = []
})

function start(env: Record<string, string> = {}, opts: ConstructorParameters<typeof EngineClient>[1] = {}) {
  const children: ChildProcess[] = []
  const c = new EngineClient(() => forkNodeHost(env, (child) => children.push(child)), opts)
  clients.push(c)
  return { c, children }
}

describe('the engine host process', () => {
  it('serves the contract and forwards events', async () => {
    const { c } = start()
    await c.start()
    expect(await c.dispatch('engine.info', {})).toMatchObject({ ok: true, result: { product: 'Session Scope', traceFormatVersions: [1] } })
    expect(await c.dispatch('steps.range', { from: -1, count: 1 })).toMatchObject({ ok: false, error: { code: 'invalidPayload', field: 'from' } })
    expect(await c.dispatch('no.such', {})).toMatchObject({ ok: false, error: { code: 'unknownMethod' } })
    const changed = vi.fn()
    c.subscribe('workspace.changed', changed)
    const opened = await c.dispatch('workspace.openDemo', { name: 'onboarding-wizard' })
    expect(opened).toMatchObject({ ok: true, result: { expects: { failed: 0 } } })
    await vi.waitFor(() => expect(changed).toHaveBeenCalledWith(expect.objectContaining({ title: expect.stringContaining('Onboard') })), { timeout: 15_000 })
    const steps = await c.dispatch('steps.count', {})
    expect(steps.ok && (steps.result as { count: number }).count).toBeGreaterThan(5)
  })

  it('survives a SIGKILL of the host: the call in flight fails typed, the next one works', async () => {
    const onRestart = vi.fn()
    const { c, children } = start({}, { onRestart })
    await c.start()
    // Frozen first, so the host cannot answer before the kill: the call is surely in flight when it dies.
    children[0]!.kill('SIGSTOP')
    const pending = c.dispatch('workspace.openDemo', { name: 'session-cloning' })
    children[0]!.kill('SIGKILL')
    const r = await pending
    expect(r).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('stopped unexpectedly') } })
    await vi.waitFor(() => expect(children).toHaveLength(2), { timeout: 10_000 })
    expect(onRestart).toHaveBeenCalled()
    expect(await c.dispatch('engine.info', {})).toMatchObject({ ok: true })
  })

  it('keeps the workspace in SESSION_SCOPE_WORKSPACE: recorded steps survive a restart of the host; a damaged file is kept aside with a notice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-host-ws-'))
    try {
      const env = { SESSION_SCOPE_WORKSPACE: join(dir, 'workspace', 'current.ssws') }
      const first = start(env).c
      await first.start()
      expect(await first.dispatch('workspace.new', { use: ['demo:onboarding'], seed: 3, title: 'Kept' })).toMatchObject({ ok: true })
      const op = await first.dispatch('operate', { op: { type: 'request', url: 'f?p=100:43', as: 'A' } })
      expect(op).toMatchObject({ ok: true })
      await first.close(10_000)
      const second = start(env).c
      await second.start()
      expect(await second.dispatch('steps.count', {})).toEqual({ ok: true, result: { count: (op as { result: { steps: unknown[] } }).result.steps.length } })
      expect(await second.dispatch('sessions.list', {})).toMatchObject({ ok: true, result: [{ alias: 'A', status: 'active' }] })
      await second.close(10_000)

      writeFileSync(env.SESSION_SCOPE_WORKSPACE, 'not a workspace')
      const onNotice = vi.fn()
      const third = start(env, { onNotice }).c
      await third.start()
      expect(onNotice).toHaveBeenCalledWith(expect.stringMatching(/could not be reopened.*kept as .*current\.ssws\.damaged-/s))
      expect(await third.dispatch('steps.count', {})).toEqual({ ok: true, result: { count: 0 } })
      expect(readdirSync(join(dir, 'workspace')).some((f) => f.startsWith('current.ssws.damaged-'))).toBe(true)
    } finally {
      await Promise.all(clients.map((c) => c.close(10_000)))
      clients = []
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)

  it('refuses to start with a bad native binding and says why', async () => {
    const { c } = start({ SESSION_SCOPE_SQLITE_BINDING: '/nowhere/better_sqlite3.node' })
    await expect(c.start()).rejects.toThrow(/SESSION_SCOPE_SQLITE_BINDING points to a missing file/)
    expect(await c.dispatch('engine.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } })
  })
})
