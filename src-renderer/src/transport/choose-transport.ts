/**
 * Picks the transport at start: the preload bridge inside Electron, else the
 * browser host's WebSocket. The page URL's one-time token is read once, kept
 * in memory, and removed from the address bar (a projected classroom screen
 * must not show it); a reload is still authorised by the host's cookie.
 */
import type { EngineApi } from './api-types.js'
import { createIpcTransport, preloadBridge } from './ipc-transport.js'
import { createWsTransport, wsUrlFor } from './websocket-client.js'

export interface StartOptions {
  /** `step` query parameter: open at this step ("last" or a number). */
  startStep: string | null
}

export function chooseTransport(): { api: EngineApi; kind: 'ipc' | 'ws'; start: StartOptions } {
  const url = new URL(window.location.href)
  const start: StartOptions = { startStep: url.searchParams.get('step') }
  const bridge = preloadBridge()
  if (bridge) return { api: createIpcTransport(bridge), kind: 'ipc', start }
  const token = url.searchParams.get('token')
  if (token !== null) {
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.pathname + (url.search === '?' ? '' : url.search) + url.hash)
  }
  return { api: createWsTransport({ url: wsUrlFor(window.location, token) }), kind: 'ws', start }
}
