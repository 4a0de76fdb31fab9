/**
 * Fuzz target: the browser host as a whole, on 127.0.0.1 — random request
 * targets, cookies, Host and Origin headers, as page requests and WebSocket
 * upgrades, over raw sockets. Property: every request gets an HTTP answer
 * (200, 400, 401, 403, 404, or Node's own 400 for what its parser refuses)
 * and the host keeps serving; no input reaches an exception. Fewer inputs
 * than the pure-function targets: each one is a TCP round trip.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebHost } from '../../src-main/web-host/server.js'
import type { WebHost } from '../../src-main/web-host/server.js'
import { rawExchange, statusOf } from '../security/helpers/raw-ws.js'
import { anyText, fuzzAsync, textOf } from './fuzz-runs.js'

let host: WebHost
const service = {
  dispatch: async () => ({ ok: true, result: {} }),
  subscribe: () => () => {},
  summary: () => ({}),
} as unknown as Parameters<typeof startWebHost>[0]['service']

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ss-fuzz-host-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html>')
  host = await startWebHost({ service, staticDir: dir, port: 0 })
})
afterAll(() => host.close())

/** Header-safe text: what a client can put on the wire (no CR/LF; Node refuses other control bytes itself). */
const headerText = (pieces: string[]) => fc.oneof(textOf(pieces, 12), anyText(40)).map((s) => s.replace(/[\r\n]/g, ''))

describe('fuzz: the browser host over raw sockets', () => {
  it('answers every request with an HTTP status and keeps serving', async () => {
    const request = fc.record({
      // Mostly requests that pass the Host/Origin check, so the target and cookie parsing behind it is reached.
      // Origin form (/path?query), absolute form (http://host/path, which a proxy sends), and anything.
      target: fc
        .oneof(
          fc.constant('/api'),
          headerText(['/api', '?token=', '%', '%zz', '..', '//', '#', 'x']).map((t) => `/${t}`),
          headerText(['[', ']', '::1', '127.0.0.1', ':', '/api', '%', '@']).map((t) => `http://${t}`),
          headerText(['/', '*', 'http://[', '[', '%', ' ', 'x']),
        )
        .map((t) => t.replace(/ /g, '%20') || '/'),
      cookie: fc.option(headerText(['ss_token=', '%', ';', '=', '"', ' ']), { nil: undefined, freq: 3 }),
      host: fc.oneof({ weight: 4, arbitrary: fc.constant('OURS') }, { weight: 1, arbitrary: headerText(['127.0.0.1', ':', 'localhost', '[', '%']) }),
      origin: fc.option(headerText(['http://', '127.0.0.1', ':', '[', 'null', '%']), { nil: undefined, freq: 4 }),
      upgrade: fc.boolean(),
    })
    await fuzzAsync('browser host (raw requests)', request, 300, async (r) => {
      const hostHeader = r.host === 'OURS' ? `127.0.0.1:${host.port}` : r.host
      const head =
        `GET ${r.target} HTTP/1.1\r\nHost: ${hostHeader}\r\n` +
        (r.cookie !== undefined ? `Cookie: ${r.cookie}\r\n` : '') +
        (r.origin !== undefined ? `Origin: ${r.origin}\r\n` : '') +
        (r.upgrade ? 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' : 'Connection: close\r\n') +
        '\r\n'
      const status = statusOf(await rawExchange(host.port, head, 1000))
      expect([101, 200, 400, 401, 403, 404, 431]).toContain(status)
    })
    // Still serving.
    expect(statusOf(await rawExchange(host.port, `GET /?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`))).toBe(200)
  }, 120_000)
})
