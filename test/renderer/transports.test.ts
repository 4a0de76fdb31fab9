import { describe, expect, it } from 'vitest'
import { createIpcTransport } from '../../src-renderer/src/transport/ipc-transport.js'
import { createWsTransport, wsUrlFor } from '../../src-renderer/src/transport/websocket-client.js'

class FakeSocket {
  static last: FakeSocket | null = null
  readyState = 0
  sent: string[] = []
  onopen: (() => void) | null = null
  onmessage: ((e: { data: string }) => void) | null = null
  onclose: (() => void) | null = null
  constructor(readonly url: string) {
    FakeSocket.last = this
  }
  send(t: string) {
    this.sent.push(t)
  }
  close() {
    this.readyState = 3
    this.onclose?.()
  }
  open() {
    this.readyState = 1
    this.onopen?.()
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) })
  }
}

describe('WebSocket transport', () => {
  it('builds the same-origin URL with the token', () => {
    expect(wsUrlFor({ protocol: 'http:', host: '127.0.0.1:8080' }, 'a b')).toBe('ws://127.0.0.1:8080/api?token=a%20b')
    expect(wsUrlFor({ protocol: 'https:', host: 'x' }, null)).toBe('wss://x/api')
  })

  it('queues calls until open, correlates answers by id, and forwards events', async () => {
    const t = createWsTransport({ url: 'ws://h/api?token=t', WebSocketImpl: FakeSocket as unknown as typeof WebSocket })
    const ws = FakeSocket.last!
    const events: unknown[] = []
    t.subscribe('steps.appended', (p) => events.push(p))
    const a = t.invoke('steps.count', {})
    const b = t.invoke('engine.info', {})
    expect(ws.sent).toHaveLength(0)
    ws.open()
    const sent = ws.sent.map((x) => JSON.parse(x) as { id: number; method: string })
    expect(sent.map((x) => x.method)).toEqual(['steps.count', 'engine.info'])
    ws.receive({ id: sent[1]!.id, response: { ok: false, error: { code: 'internal', message: 'x' } } })
    ws.receive({ id: sent[0]!.id, response: { ok: true, result: { count: 3 } } })
    ws.receive({ event: 'steps.appended', payload: { from: 3, count: 1 } })
    expect(await a).toEqual({ ok: true, result: { count: 3 } })
    expect((await b).ok).toBe(false)
    expect(events).toEqual([{ from: 3, count: 1 }])
    t.close()
  })

  it('answers with an error instead of hanging when the engine is silent', async () => {
    const t = createWsTransport({ url: 'ws://h/api', timeoutMs: 20, WebSocketImpl: FakeSocket as unknown as typeof WebSocket })
    FakeSocket.last!.open()
    const r = await t.invoke('steps.count', {})
    expect(r.ok).toBe(false)
    t.close()
  })
})

describe('IPC transport', () => {
  it('passes calls and events through the preload bridge, and turns a rejected call into an error', async () => {
    const listeners: ((p: unknown) => void)[] = []
    const t = createIpcTransport({
      invoke: async (method) => {
        if (method === 'boom') throw new Error('gone')
        return { ok: true, result: { method } }
      },
      subscribe: (_topic, cb) => {
        listeners.push(cb)
        return () => undefined
      },
    })
    expect(await t.invoke('steps.count', {})).toEqual({ ok: true, result: { method: 'steps.count' } })
    expect((await t.invoke('boom' as 'steps.count', {})).ok).toBe(false)
    const got: unknown[] = []
    t.subscribe('workspace.changed', (p) => got.push(p))
    listeners[0]!({ title: 'x' })
    expect(got).toEqual([{ title: 'x' }])
  })
})
