/**
 * The request target of an HTTP request (`GET /api?token=… HTTP/1.1`), parsed
 * totally: any string gives a result or a reason, never an exception. A
 * target a browser sends to this host is in origin form (`/path?query`);
 * anything else — absolute form (`http://[`), `*`, a bare word — is refused
 * (400), since a malformed target once threw in the upgrade handler and
 * ended the process (issue #12).
 */

/** Longer targets are refused (Node already caps the whole head at 16 KiB). */
export const MAX_TARGET_LENGTH = 8192

export type RequestTarget = { ok: true; pathname: string; query: URLSearchParams } | { ok: false; why: string }

export function parseRequestTarget(target: string | undefined): RequestTarget {
  if (typeof target !== 'string' || target.length === 0) return { ok: false, why: 'no request target' }
  if (target.length > MAX_TARGET_LENGTH) return { ok: false, why: 'request target too long' }
  if (!target.startsWith('/')) return { ok: false, why: 'request target must be a path (/…)' }
  // Parsed under a fixed authority: the target starts with '/', so it can only be path and query — never a host.
  let url: URL
  try {
    url = new URL(`http://host.invalid${target}`)
  } catch {
    return { ok: false, why: 'malformed request target' }
  }
  if (url.host !== 'host.invalid') return { ok: false, why: 'malformed request target' }
  return { ok: true, pathname: url.pathname, query: url.searchParams }
}
