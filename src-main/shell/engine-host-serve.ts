/**
 * The engine host's message loop, independent of how the process was started
 * (utilityProcess `parentPort` or Node `process.send`): subscribes to every
 * contract event and forwards it, runs each `invoke` through the service's
 * dispatcher and posts the typed response.
 */
import { EVENT_TOPICS } from '../api/contract.js'
import type { ApiResponse, EventPayloads, EventTopic, MethodName } from '../api/contract.js'
import type { HostMessage, HostRequest } from './engine-protocol.js'
import { isHostRequest } from './engine-protocol.js'

export interface HostPort {
  post(message: HostMessage): void
  onMessage(cb: (message: unknown) => void): void
}

export interface ServedEngine {
  dispatch(method: unknown, payload: unknown): Promise<ApiResponse<MethodName>>
  subscribe<T extends EventTopic>(topic: T, cb: (payload: EventPayloads[T]) => void): () => void
  close(): void
}

export function serveEngine(port: HostPort, service: ServedEngine, onShutdown: () => void): void {
  for (const topic of EVENT_TOPICS) service.subscribe(topic, (payload) => port.post({ kind: 'event', topic, payload }))
  port.onMessage((raw) => {
    if (!isHostRequest(raw)) return
    const msg: HostRequest = raw
    if (msg.kind === 'shutdown') {
      try {
        service.close()
      } finally {
        onShutdown()
      }
      return
    }
    void service.dispatch(msg.method, msg.payload).then(
      (response) => port.post({ kind: 'result', id: msg.id, response }),
      (err: unknown) => port.post({ kind: 'result', id: msg.id, response: { ok: false, error: { code: 'internal', message: String((err as Error)?.message ?? err) } } }),
    )
  })
}
