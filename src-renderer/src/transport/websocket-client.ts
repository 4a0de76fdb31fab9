/**
 * The browser-host transport: one same-origin WebSocket, id-correlated
 * request/response messages plus pushed events. Reconnects after a drop;
 * calls made while disconnected wait for the connection (and fail after a
 * timeout rather than hang forever).
 */
import type { ApiResponse, EngineApi, EventPayloads, EventTopic, MethodInput, MethodName } from './api-types.js'
import type { WsServerMessage } from './ws-protocol.js'
import { WS_PATH } from './ws-protocol.js'

type Pending = { resolve: (r: ApiResponse<MethodName>) => void; timer: ReturnType<typeof setTimeout> }

export interface WsTransportOptions {
  /** ws:// URL of the API endpoint (token included). */
  url: string
  /** How long a call may wait for its answer. */
  timeoutMs?: number
  WebSocketImpl?: typeof WebSocket
}

export function wsUrlFor(location: { protocol: string; host: string }, token: string | null): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${proto}//${location.host}${WS_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`
}

export function createWsTransport(opts: WsTransportOptions): EngineApi & { close(): void } {
  const WS = opts.WebSocketImpl ?? WebSocket
  const timeoutMs = opts.timeoutMs ?? 120_000
  const pending = new Map<number, Pending>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const queue: string[] = []
  let nextId = 1
  let socket: WebSocket | null = null
  let closed = false
  let retryMs = 250

  function connect(): void {
    const ws = new WS(opts.url)
    socket = ws
    ws.onopen = () => {
      retryMs = 250
      for (const msg of queue.splice(0)) ws.send(msg)
    }
    ws.onmessage = (ev: MessageEvent) => {
      let msg: WsServerMessage
      try {
        msg = JSON.parse(String(ev.data)) as WsServerMessage
      } catch {
        return
      }
      if ('event' in msg) {
        for (const cb of listeners.get(msg.event) ?? []) cb(msg.payload)
        return
      }
      if (typeof msg.id !== 'number') return
      const p = pending.get(msg.id)
      if (!p) return
      pending.delete(msg.id)
      clearTimeout(p.timer)
      p.resolve(msg.response)
    }
    ws.onclose = () => {
      socket = null
      if (closed) return
      setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 4000)
    }
  }
  connect()

  return {
    invoke<M extends MethodName>(method: M, payload: MethodInput<M>): Promise<ApiResponse<M>> {
      const id = nextId++
      const text = JSON.stringify({ id, method, payload })
      return new Promise<ApiResponse<M>>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          resolve({ ok: false, error: { code: 'internal', message: `${method}: no answer from the engine within ${Math.round(timeoutMs / 1000)} s` } })
        }, timeoutMs)
        pending.set(id, { resolve: resolve as (r: ApiResponse<MethodName>) => void, timer })
        if (socket && socket.readyState === 1) socket.send(text)
        else queue.push(text)
      })
    },
    subscribe<T extends EventTopic>(topic: T, cb: (payload: EventPayloads[T]) => void): () => void {
      let set = listeners.get(topic)
      if (!set) {
        set = new Set()
        listeners.set(topic, set)
      }
      const fn = cb as (p: unknown) => void
      set.add(fn)
      return () => set.delete(fn)
    },
    close() {
      closed = true
      socket?.close()
    },
  }
}
