/**
 * The engine API over a WebSocket: each message is checked for shape and
 * size before `service.dispatch` (which validates the payload like an IPC
 * payload); events are forwarded to every connected page. On connect the
 * page gets the current workspace summary as a `workspace.changed` event.
 */
import type { WebSocket } from 'ws'
import type { ApiResponse, EventTopic, MethodName } from '../api/contract.js'
import { EVENT_TOPICS, MAX_INLINE_TRACE_BYTES } from '../api/contract.js'
import type { EngineService } from '../api/engine-service.js'

/**
 * Methods that take a path on the host's disk: only the desktop shell (whose
 * user picked the file in a native dialog) may call them. A page — even one
 * with the token — never reads or writes the host's files by name.
 */
export const HOST_PATH_METHODS: ReadonlySet<string> = new Set(['workspace.openTraceFile', 'workspace.exportTraceFile', 'workspace.save', 'workspace.importApexExport'])

/** Largest message accepted: an inline trace plus its JSON envelope. */
export const MAX_MESSAGE_BYTES = MAX_INLINE_TRACE_BYTES + 1024 * 1024

export type Dispatch = (method: unknown, payload: unknown) => Promise<ApiResponse<MethodName>>

export interface ParsedRequest {
  id: number
  method: string
  payload: unknown
}

/** A well-formed request, or the error to answer with. */
export function parseRequest(data: string): { ok: true; req: ParsedRequest } | { ok: false; id: number | null; message: string } {
  let msg: unknown
  try {
    msg = JSON.parse(data)
  } catch {
    return { ok: false, id: null, message: 'message is not JSON' }
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return { ok: false, id: null, message: 'message must be an object {id, method, payload}' }
  const m = msg as Record<string, unknown>
  const id = typeof m.id === 'number' && Number.isSafeInteger(m.id) && m.id >= 0 ? m.id : null
  if (id === null) return { ok: false, id: null, message: 'field "id": a non-negative integer is required' }
  if (typeof m.method !== 'string' || m.method.length === 0 || m.method.length > 100) return { ok: false, id, message: 'field "method": a method name is required' }
  const extra = Object.keys(m).filter((k) => k !== 'id' && k !== 'method' && k !== 'payload')
  if (extra.length) return { ok: false, id, message: `unknown field "${extra[0]}"` }
  return { ok: true, req: { id, method: m.method, payload: m.payload ?? {} } }
}

export interface WsHub {
  attach(ws: WebSocket): void
  close(): void
}

export function createWsHub(service: Pick<EngineService, 'dispatch' | 'subscribe' | 'summary'>, dispatch: Dispatch = service.dispatch): WsHub {
  const clients = new Set<WebSocket>()
  const unsubs = EVENT_TOPICS.map((topic: EventTopic) =>
    service.subscribe(topic, (payload) => {
      const text = JSON.stringify({ event: topic, payload })
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text)
    }),
  )
  return {
    attach(ws) {
      clients.add(ws)
      ws.on('close', () => clients.delete(ws))
      ws.on('error', () => clients.delete(ws))
      // Messages are handled one at a time per connection, in order.
      let chain: Promise<void> = Promise.resolve()
      ws.on('message', (data, isBinary) => {
        chain = chain.then(async () => {
          if (isBinary) return send(ws, { id: null, response: fail('messages must be text (JSON)') })
          const parsed = parseRequest(data.toString())
          if (!parsed.ok) return send(ws, { id: parsed.id, response: fail(parsed.message) })
          let response: ApiResponse<MethodName>
          if (HOST_PATH_METHODS.has(parsed.req.method)) {
            response = {
              ok: false,
              error: { code: 'forbidden', message: `${parsed.req.method} takes a file path on the host and is not served to pages; open traces and import APEX exports through the page (file picker: workspace.openTraceText, workspace.importApexFiles), save by download` },
            }
            return send(ws, { id: parsed.req.id, response })
          }
          try {
            response = await dispatch(parsed.req.method, parsed.req.payload)
          } catch (err) {
            response = { ok: false, error: { code: 'internal', message: `${parsed.req.method} failed: ${(err as Error)?.message ?? String(err)}` } }
          }
          send(ws, { id: parsed.req.id, response })
        })
      })
      try {
        send(ws, { event: 'workspace.changed', payload: service.summary() })
      } catch {
        // no summary yet: the page asks for what it needs
      }
    },
    close() {
      for (const u of unsubs) u()
      for (const ws of clients) ws.close(1001, 'host shutting down')
      clients.clear()
    },
  }
}

function fail(message: string): ApiResponse<MethodName> {
  return { ok: false, error: { code: 'invalidPayload', message } }
}

function send(ws: WebSocket, msg: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
}
