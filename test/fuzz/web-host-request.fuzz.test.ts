/**
 * Fuzz target: what the browser host parses of a request before it answers —
 * the request target (request-target.ts), the Host and Origin checks
 * (origin-check.ts), and the WebSocket message envelope (ws-transport.ts).
 * A malformed target (`http://[`) once threw in the upgrade handler and ended
 * the process. Property: any input gives a result or a reason, never a throw;
 * an accepted target is a path, under no other host.
 */
import type { IncomingMessage } from 'node:http'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { originProblem } from '../../src-main/web-host/origin-check.js'
import { parseRequestTarget } from '../../src-main/web-host/request-target.js'
import { parseRequest } from '../../src-main/web-host/ws-transport.js'
import { anyText, fuzz, textOf } from './fuzz-runs.js'

const targetPieces = ['/', '//', 'http://', 'http://[', '[', ']', '::1', '?', '&', '#', 'token=', '%', '%2e', '..', '.', '@', ':', '\\', 'api', '127.0.0.1', ' ', '*', '%00', '%zz']
const hostPieces = ['127.0.0.1', 'localhost', ':', '8080', '[', ']', '::1', 'http://', '%', 'null', '.', 'evil.example', '/', ' ', 'LOCALHOST']

describe('fuzz: request target, Host and Origin', () => {
  it('parseRequestTarget never throws; an accepted target is a path under no other host', () => {
    fuzz('request target', fc.oneof(anyText(300), textOf(targetPieces)), 5000, (target) => {
      const r = parseRequestTarget(target)
      if (!r.ok) return typeof r.why === 'string'
      return r.pathname.startsWith('/') && target.startsWith('/')
    })
  })

  it('originProblem never throws and allows only the exact loopback host and origin', () => {
    const port = 8080
    const header = fc.option(fc.oneof(anyText(60), textOf(hostPieces, 8)), { nil: undefined })
    fuzz('Host/Origin check', fc.tuple(header, header), 5000, ([host, origin]) => {
      const req = { headers: { host, origin } } as unknown as IncomingMessage
      const problem = originProblem(req, port)
      const hostOk = host !== undefined && ['127.0.0.1:8080', 'localhost:8080'].includes(host.toLowerCase())
      const originOk = origin === undefined || ['http://127.0.0.1:8080', 'http://localhost:8080'].includes(origin.toLowerCase())
      return (problem === null) === (hostOk && originOk)
    })
  })

  it('parseRequest (the WebSocket message envelope) never throws', () => {
    const envelope = fc.oneof(
      anyText(200),
      fc.json({ maxDepth: 3 }),
      fc.record({ id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)), method: fc.oneof(fc.string({ maxLength: 120 }), fc.integer()), payload: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    )
    fuzz('WebSocket message envelope', envelope, 5000, (data) => {
      const r = parseRequest(data)
      if (r.ok) expect(Number.isSafeInteger(r.req.id) && r.req.method.length > 0).toBe(true)
      else expect(typeof r.message).toBe('string')
    })
  })
})
