/**
 * Only pages served by this host may talk to it: a request that carries an
 * `Origin` must name exactly this host, and the `Host` header must be the
 * loopback address we listen on (no DNS-rebinding names). Both are compared
 * as whole strings against the allowed ones, never parsed, so a malformed
 * value (`[`, `http://[`, `null`) is simply not allowed: 403, no exception.
 */
import type { IncomingMessage } from 'node:http'

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
}

/** Why the request is refused (403), or null when it may go on. */
export function originProblem(req: IncomingMessage, port: number): string | null {
  const host: unknown = req.headers.host
  if (typeof host !== 'string' || !allowedHosts(port).has(host.toLowerCase())) return 'unexpected Host header'
  const origin: unknown = req.headers.origin
  if (origin !== undefined && (typeof origin !== 'string' || !allowedOrigins(port).has(origin.toLowerCase()))) return 'foreign Origin'
  return null
}
