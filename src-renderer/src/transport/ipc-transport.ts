/**
 * The Electron transport: the sandboxed preload exposes
 * `window.sessionScope = { invoke, subscribe }` (src-main/shell/preload.ts).
 */
import type { ApiResponse, EngineApi, EventPayloads, EventTopic, MethodInput, MethodName } from './api-types.js'

interface PreloadBridge {
  invoke(method: string, payload: unknown): Promise<unknown>
  subscribe(topic: string, cb: (payload: unknown) => void): () => void
}

export function preloadBridge(): PreloadBridge | null {
  const w = globalThis as { sessionScope?: PreloadBridge }
  const b = w.sessionScope
  return b && typeof b.invoke === 'function' && typeof b.subscribe === 'function' ? b : null
}

export function createIpcTransport(bridge: PreloadBridge): EngineApi {
  return {
    invoke<M extends MethodName>(method: M, payload: MethodInput<M>): Promise<ApiResponse<M>> {
      return bridge.invoke(method, payload).then(
        (r) => r as ApiResponse<M>,
        (err: unknown) => ({ ok: false as const, error: { code: 'internal' as const, message: `IPC failed: ${(err as Error)?.message ?? String(err)}` } }),
      )
    },
    subscribe<T extends EventTopic>(topic: T, cb: (payload: EventPayloads[T]) => void): () => void {
      return bridge.subscribe(topic, (p) => cb(p as EventPayloads[T]))
    },
  }
}
