import { describe, expect, it, vi } from 'vitest'
import { EngineClient } from '../../src-main/shell/engine-client.js'
import type { HostProcess } from '../../src-main/shell/engine-client.js'
import type { HostMessage, HostRequest } from '../../src-main/shell/engine-protocol.js'

class FakeHost implements HostProcess {
  sent: HostRequest[] = []
  private msg: ((m: unknown) => void)[] = []
  private exit: ((c: number | null) => void)[] = []
  killed = false
  post(m: HostRequest) {
    this.sent.push(m)
  }
  onMessage(cb: (m: unknown) => void) {
    this.msg.push(cb)
  }
  onExit(cb: (c: number | null) => void) {
    this.exit.push(cb)
  }
  kill() {
    this.killed = true
  }
  emit(m: HostMessage | unknown) {
    for (const cb of this.msg) cb(m)
  }
  die(code: number | null = null) {
    for (const cb of this.exit) cb(code)
  }
  ready() {
    this.emit({ kind: 'ready', pid: 1, sqliteBinding: null })
  }
  answer(i = 0, result: unknown = { count: 1 }) {
    const req = this.sent[i] as Extract<HostRequest, { kind: 'invoke' }>
    this.emit({ kind: 'result', id: req.id, response: { ok: true, result } })
  }
}

function client(opts: ConstructorParameters<typeof EngineClient>[1] = {}) {
  const hosts: FakeHost[] = []
  const c = new EngineClient(() => {
    const h = new FakeHost()
    hosts.push(h)
    return h
  }, opts)
  return { c, hosts }
}

describe('EngineClient', () => {
  it('queues calls until the host is ready, then correlates responses by id', async () => {
    const { c, hosts } = client()
    const started = c.start()
    const a = c.dispatch('steps.count', {})
    const b = c.dispatch('engine.info', {})
    expect(hosts[0]!.sent).toEqual([])
    hosts[0]!.ready()
    await started
    expect(hosts[0]!.sent.map((m) => m.kind === 'invoke' && m.method)).toEqual(['steps.count', 'engine.info'])
    hosts[0]!.answer(1, { product: 'Session Scope' })
    hosts[0]!.answer(0, { count: 3 })
    expect(await a).toEqual({ ok: true, result: { count: 3 } })
    expect(await b).toEqual({ ok: true, result: { product: 'Session Scope' } })
  })

  it('fans events out to subscribers and ignores junk', () => {
    const { c, hosts } = client()
    void c.start()
    const cb = vi.fn()
    const off = c.subscribe('steps.appended', cb)
    hosts[0]!.emit({ kind: 'event', topic: 'steps.appended', payload: { from: 0, count: 1 } })
    hosts[0]!.emit({ kind: 'nonsense' })
    hosts[0]!.emit(null)
    off()
    hosts[0]!.emit({ kind: 'event', topic: 'steps.appended', payload: { from: 1, count: 1 } })
    expect(cb).toHaveBeenCalledTimes(1)
  })

  it('fails calls in flight with a typed error when the host crashes, then restarts it', async () => {
    const onRestart = vi.fn()
    const { c, hosts } = client({ onRestart })
    void c.start()
    hosts[0]!.ready()
    const inFlight = c.dispatch('operate', { op: { type: 'wait', seconds: 1 } })
    hosts[0]!.die(null)
    expect(await inFlight).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('stopped unexpectedly') } })
    expect(hosts).toHaveLength(2)
    expect(onRestart).toHaveBeenCalledTimes(1)
    // A message from the dead host is ignored; the new one serves.
    hosts[0]!.emit({ kind: 'result', id: 1, response: { ok: true, result: 'stale' } })
    const next = c.dispatch('steps.count', {})
    hosts[1]!.ready()
    hosts[1]!.answer(0)
    expect(await next).toEqual({ ok: true, result: { count: 1 } })
  })

  it('does not replay undelivered calls on the new host', async () => {
    const { c, hosts } = client()
    void c.start()
    const queued = c.dispatch('operate', { op: { type: 'wait', seconds: 1 } })
    hosts[0]!.die(1)
    expect((await queued).ok).toBe(false)
    hosts[1]!.ready()
    expect(hosts[1]!.sent).toEqual([])
  })

  it('stops restarting a host that keeps crashing', async () => {
    let t = 0
    const onGiveUp = vi.fn()
    const { c, hosts } = client({ maxRestarts: 2, restartWindowMs: 1000, onGiveUp, now: () => t })
    void c.start().catch(() => {})
    for (let i = 0; i < 3; i++) {
      hosts[i]!.ready()
      hosts[i]!.die(1)
      t += 10
    }
    expect(hosts).toHaveLength(3)
    expect(onGiveUp).toHaveBeenCalledWith(expect.stringContaining('not restarting'))
    expect(await c.dispatch('steps.count', {})).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('not running') } })
  })

  it('a host that cannot start (fatal) is not restarted, and start() rejects with its reason', async () => {
    const onGiveUp = vi.fn()
    const { c, hosts } = client({ onGiveUp })
    const started = c.start()
    const call = c.dispatch('steps.count', {})
    hosts[0]!.emit({ kind: 'fatal', message: 'better-sqlite3 was built for a different runtime' })
    await expect(started).rejects.toThrow('different runtime')
    expect(await call).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(hosts[0]!.killed).toBe(true)
    hosts[0]!.die(1)
    expect(hosts).toHaveLength(1)
    expect(onGiveUp).toHaveBeenCalledTimes(1)
    expect(c.failure).toContain('different runtime')
  })

  it("passes the host's start notice (e.g. a damaged saved workspace kept aside) to onNotice, once per start", async () => {
    const onNotice = vi.fn()
    const { c, hosts } = client({ onNotice })
    const started = c.start()
    hosts[0]!.emit({ kind: 'ready', pid: 1, sqliteBinding: null, workspace: '/u/workspace/current.ssws', notice: 'kept as current.ssws.damaged-x' })
    await started
    expect(onNotice).toHaveBeenCalledWith('kept as current.ssws.damaged-x')
    hosts[0]!.die(null)
    hosts[1]!.ready()
    expect(onNotice).toHaveBeenCalledTimes(1)
  })

  it('close() asks the host to shut down and does not restart it', async () => {
    const { c, hosts } = client()
    void c.start()
    hosts[0]!.ready()
    const closing = c.close(1000)
    expect(hosts[0]!.sent.at(-1)).toEqual({ kind: 'shutdown' })
    hosts[0]!.die(0)
    await closing
    expect(hosts).toHaveLength(1)
    expect(await c.dispatch('steps.count', {})).toMatchObject({ ok: false })
  })
})
