/**
 * The engine API over a WebSocket: each message is checked for shape and
 * size before `service.dispatch` (which validates the payload like an IPC
 * payload); events are forwarded to every connected page. On connect the
 * page gets the current workspace summary as a `workspace.changed` event.
 *
 * One connection may not take the host down (issue #12):
 *  - answers and events wait in memory only while the page reads them: when
 *    more than `maxBufferedBytes` are still unsent, the page is not reading,
 *    and the connection is closed (CLOSE_NOT_READING) instead of buffering on;
 *  - requests wait in a per-connection queue; past `maxWaitingRequests` (or
 *    `maxWaitingBytes`) the host stops reading that connection's socket until
 *    the queue drains (TCP pushes back on the sender), so the queue is bounded;
 *  - between two requests the host yields to the event loop (other pages are
 *    served in between), and a request whose connection has closed meanwhile
 *    is dropped, not executed;
 *  - a message larger than MAX_MESSAGE_BYTES is refused by ws (`maxPayload`,
 *    close 1009) from its frame header, before it is buffered.
 */
import type { RawData, WebSocket } from 'ws'
import type { ApiResponse, EventTopic, MethodName } from '../api/contract.js'
import { EVENT_TOPICS, MAX_INLINE_TRACE_BYTES } from '../api/contract.js'
import type { EngineService } from '../api/engine-service.js'
import { ANSWERED_IN_SLICES } from '../api/sessions-panel-service.js'

/**
 * Methods that take a path on the host's disk: only the desktop shell (whose
 * user picked the file in a native dialog) may call them. A page — even one
 * with the token — never reads or writes the host's files by name.
 */
export const HOST_PATH_METHODS: ReadonlySet<string> = new Set(['workspace.openTraceFile', 'workspace.openHarFile', 'workspace.exportTraceFile', 'workspace.save', 'workspace.importApexExport'])

/** Largest message accepted: an inline trace plus its JSON envelope. */
export const MAX_MESSAGE_BYTES = MAX_INLINE_TRACE_BYTES + 1024 * 1024

/** Close code when a page does not read its answers (private-use range 4000-4999). */
export const CLOSE_NOT_READING = 4008

export interface WsLimits {
  /** Answer/event bytes waiting to be sent on one connection before it counts as not reading. */
  maxBufferedBytes: number
  /** Requests received but not yet answered on one connection before its socket is paused. */
  maxWaitingRequests: number
  /** Their bytes, likewise (one large inline trace already reaches it). */
  maxWaitingBytes: number
}

/**
 * Defaults: an answer is at most about one inline trace (exportTraceText), so
 * twice that is more than a reading page ever has in flight; 256 requests is
 * far more than the page pipelines.
 */
export const DEFAULT_WS_LIMITS: WsLimits = {
  maxBufferedBytes: 2 * MAX_MESSAGE_BYTES,
  maxWaitingRequests: 256,
  maxWaitingBytes: MAX_MESSAGE_BYTES,
}

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

export function createWsHub(
  service: Pick<EngineService, 'dispatch' | 'subscribe' | 'summary'>,
  limitsGiven: Partial<WsLimits> = {},
  dispatch: Dispatch = service.dispatch,
): WsHub {
  const limits: WsLimits = { ...DEFAULT_WS_LIMITS, ...limitsGiven }
  const clients = new Set<WebSocket>()
  const sendTo = (ws: WebSocket, msg: unknown): void => send(ws, msg, limits)
  const unsubs = EVENT_TOPICS.map((topic: EventTopic) =>
    service.subscribe(topic, (payload) => {
      const msg = { event: topic, payload }
      for (const ws of clients) sendTo(ws, msg)
    }),
  )
  return {
    attach(ws) {
      clients.add(ws)
      ws.on('close', () => clients.delete(ws))
      ws.on('error', () => clients.delete(ws))
      // Messages are handled one at a time per connection, in order. The Sessions panel's asks are answered in
      // slices (api/sessions-panel-service.ts): they start in their turn, one at a time, and the requests after
      // one (a key press) are handled between its slices instead of after it, as the desktop host does.
      let chain: Promise<void> = Promise.resolve()
      let panelAsks: Promise<void> = Promise.resolve()
      let waiting = 0
      let waitingBytes = 0
      const overLimit = () => waiting >= limits.maxWaitingRequests || waitingBytes >= limits.maxWaitingBytes
      ws.on('message', (data, isBinary) => {
        const size = byteLength(data)
        waiting++
        waitingBytes += size
        if (overLimit() && !ws.isPaused) ws.pause()
        const run = (after: Promise<void>) =>
          after
            .then(async () => {
              // Let other connections and I/O (a close) in between two requests of this one.
              await nextTurn()
              if (ws.readyState !== ws.OPEN) return // the page went away: its queued work is dropped
              await handle(ws, data, isBinary)
            })
            .catch(() => {
              // handle() answers its own errors; anything else must not stop this connection's queue.
            })
            .finally(() => {
              waiting--
              waitingBytes -= size
              if (ws.isPaused && !overLimit() && ws.readyState === ws.OPEN) ws.resume()
            })
        if (isBinary || size > PANEL_ASK_MAX_BYTES || !isPanelAsk(data.toString())) chain = run(chain)
        else chain = chain.then(() => void (panelAsks = run(panelAsks)))
      })
      try {
        sendTo(ws, { event: 'workspace.changed', payload: service.summary() })
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

  async function handle(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return sendTo(ws, { id: null, response: fail('messages must be text (JSON)') })
    const parsed = parseRequest(data.toString())
    if (!parsed.ok) return sendTo(ws, { id: parsed.id, response: fail(parsed.message) })
    let response: ApiResponse<MethodName>
    if (HOST_PATH_METHODS.has(parsed.req.method)) {
      response = {
        ok: false,
        error: { code: 'forbidden', message: `${parsed.req.method} takes a file path on the host and is not served to pages; open traces and import APEX exports through the page (file picker: workspace.openTraceText, workspace.importApexFiles), save by download` },
      }
      return sendTo(ws, { id: parsed.req.id, response })
    }
    try {
      response = await dispatch(parsed.req.method, parsed.req.payload)
    } catch (err) {
      response = { ok: false, error: { code: 'internal', message: `${parsed.req.method} failed: ${(err as Error)?.message ?? String(err)}` } }
    }
    sendTo(ws, { id: parsed.req.id, response })
  }
}

/** Larger messages are never a Sessions panel ask (a thousand collapsed browser names is ~70 KB): not parsed twice. */
const PANEL_ASK_MAX_BYTES = 128 * 1024

function isPanelAsk(text: string): boolean {
  const parsed = parseRequest(text)
  return parsed.ok && ANSWERED_IN_SLICES.has(parsed.req.method)
}

function fail(message: string): ApiResponse<MethodName> {
  return { ok: false, error: { code: 'invalidPayload', message } }
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0)
  return data.byteLength
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/**
 * Sends when the page keeps up; closes the connection when it does not (more
 * than `maxBufferedBytes` still unsent), instead of buffering without limit.
 */
function send(ws: WebSocket, msg: unknown, limits: WsLimits): void {
  if (ws.readyState !== ws.OPEN) return
  if (ws.bufferedAmount > limits.maxBufferedBytes) return closeNotReading(ws)
  ws.send(JSON.stringify(msg))
}

function closeNotReading(ws: WebSocket): void {
  const waiting = ws.bufferedAmount
  ws.close(CLOSE_NOT_READING, `closed: the page is not reading its answers (${waiting} bytes unsent)`)
  // The close frame waits behind what is unsent; a page that never reads never takes it, so the socket goes after a grace period.
  setTimeout(() => ws.terminate(), 2000).unref()
}
