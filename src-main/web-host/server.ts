/**
 * The loopback browser host: serves the built renderer and the engine API
 * (a same-origin WebSocket at /api) on 127.0.0.1 only. Every request and
 * connection needs the run's token (query or cookie) — else 401 — and a
 * foreign Origin (or a Host that is not our loopback address) gets 403, a
 * malformed request target 400. Parsing of every header and the target is
 * total (request-target.ts, token.ts, origin-check.ts): a malformed request
 * is answered, it never throws — the upgrade handler once did, and the
 * process exited (issue #12).
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { EngineService } from '../api/engine-service.js'
import { originProblem } from './origin-check.js'
import { securityHeaders, serveStatic } from './static-files.js'
import { parseRequestTarget } from './request-target.js'
import { newToken, requestToken, tokenCookie, tokensEqual } from './token.js'
import { MAX_MESSAGE_BYTES, createWsHub } from './ws-transport.js'
import type { WsLimits } from './ws-transport.js'

export const HOST = '127.0.0.1'
const WS_PATH = '/api'

export interface WebHostOptions {
  service: Pick<EngineService, 'dispatch' | 'subscribe' | 'summary'>
  /** Folder of the built renderer (index.html + assets). */
  staticDir: string
  /** 0 = any free port. */
  port?: number
  /** Given for tests; a random one otherwise. */
  token?: string
  /** Per-connection limits of the WebSocket API (defaults: DEFAULT_WS_LIMITS); tests give small ones. */
  limits?: Partial<WsLimits>
}

export interface WebHost {
  readonly port: number
  readonly token: string
  /** The page URL, token included. */
  readonly url: string
  readonly server: Server
  close(): Promise<void>
}

type RefusalStatus = 400 | 401 | 403 | 404 | 405

function refuse(res: ServerResponse, status: RefusalStatus, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders() })
  res.end(`${status} ${message}\n`)
}

function refuseUpgrade(socket: Duplex, status: RefusalStatus, message: string): void {
  if (socket.destroyed) return
  socket.write(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${message.length}\r\n\r\n${message}`)
  socket.destroy()
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? newToken()
  let port = 0
  const hub = createWsHub(opts.service, opts.limits)
  // maxPayload: a larger message is refused as its frame header arrives (close 1009), before it is buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  /** Origin and Host first (403), then the target's syntax (400), then the token (401). */
  const authorise = (req: IncomingMessage): { status: 400 | 401 | 403; why: string } | { status: 200; pathname: string; from: 'query' | 'cookie' } => {
    const problem = originProblem(req, port)
    if (problem) return { status: 403, why: problem }
    const target = parseRequestTarget(req.url)
    if (!target.ok) return { status: 400, why: target.why }
    const t = requestToken(req, target.query)
    if (!tokensEqual(token, t.token)) return { status: 401, why: 'a valid token is required' }
    return { status: 200, pathname: target.pathname, from: t.from! }
  }
  const refusal = (auth: { status: 400 | 401 | 403; why: string }): string =>
    auth.status === 401 ? 'Unauthorized: open the URL the host printed (it carries the token)' : auth.status === 400 ? `Bad Request: ${auth.why}` : `Forbidden: ${auth.why}`

  const server = createServer((req, res) => {
    void (async () => {
      const auth = authorise(req)
      if (auth.status !== 200) return refuse(res, auth.status, refusal(auth))
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method Not Allowed')
      const extra: Record<string, string> = auth.from === 'query' ? { 'Set-Cookie': tokenCookie(token) } : {}
      const served = await serveStatic(opts.staticDir, auth.pathname, res, extra)
      if (!served) refuse(res, 404, 'Not Found')
    })().catch(() => {
      if (!res.headersSent) refuse(res, 400, 'Bad Request')
      else res.destroy()
    })
  })

  server.on('upgrade', (req, socket, head) => {
    // Before anything can fail: an error on this raw socket (a reset) must not become an uncaught exception.
    socket.on('error', () => socket.destroy())
    try {
      const auth = authorise(req)
      if (auth.status !== 200) return refuseUpgrade(socket, auth.status, auth.status === 401 ? 'Unauthorized' : auth.status === 400 ? 'Bad Request' : 'Forbidden')
      if (auth.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found')
      wss.handleUpgrade(req, socket, head, (ws) => hub.attach(ws))
    } catch {
      // Nothing above should throw; if it does, this request fails, not the host.
      refuseUpgrade(socket, 400, 'Bad Request')
    }
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    port,
    token,
    url: `http://${HOST}:${port}/?token=${token}`,
    server,
    close: async () => {
      hub.close()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
