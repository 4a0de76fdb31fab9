/**
 * Messages of the browser host's WebSocket (`/api?token=…`), shared by the
 * client (websocket-client.ts) and the server in src-main/web-host/ws-transport.ts (which
 * checks them again: it never trusts the page).
 *
 *   client → server  { id, method, payload }
 *   server → client  { id, response }            (one per request, same id)
 *                    { event, payload }          (pushed events)
 */
import type { ApiResponse, EventTopic, MethodName } from './api-types.js'

export interface WsRequest {
  id: number
  method: string
  payload: unknown
}

export interface WsResponse {
  id: number | null
  response: ApiResponse<MethodName>
}

export interface WsEvent {
  event: EventTopic
  payload: unknown
}

export type WsServerMessage = WsResponse | WsEvent

export const WS_PATH = '/api'
