/**
 * The one record both APEX URL forms parse into (semantics §8), mirroring the
 * engine's own `t_p_arguments` record (reference §1.1): f?p and friendly URLs
 * carry the same nine facts, so the engine never needs to know which form a
 * request came in.
 *
 * Canonical form (what parseUrl returns, and what buildUrl round-trips):
 * app and page non-empty and trimmed, item names and clear-cache tokens
 * upper-cased and trimmed, item values non-empty strings or null.
 */

export type UrlForm = 'fp' | 'friendly'

/** `prefix-r`: /ords/{prefix}/r/{app}/{page} (20.1, 26.2 docs); `r-prefix`: /ords/r/{prefix}/{app}/{page} (23.1 docs, 24.2 engine). */
export type FriendlyLayout = 'prefix-r' | 'r-prefix'

export interface FriendlyPath {
  layout: FriendlyLayout
  /** The path prefix (defaults to the workspace name in APEX). In 'prefix-r' it may span several segments, e.g. "sfdw/sfdw". */
  prefix: string
}

export interface UrlItem {
  /** Upper-cased item name. */
  name: string
  /** null when the URL sets the item to null (empty slot / empty parameter): in Oracle the empty string is null. */
  value: string | null
}

export interface UrlParam {
  name: string
  value: string
}

export interface UrlRequest {
  form: UrlForm
  /** Text before `f?p=` (e.g. "https://host/ords/" or "") or, for friendly URLs, before "/ords" (scheme+host, may be ""). Kept so build() can reproduce it. */
  base: string
  /** Friendly URLs only: which path layout, and the path prefix (workspace). */
  friendly?: FriendlyPath
  /** Numeric id or alias, as written (trimmed). */
  app: string
  /** Numeric id or alias, as written (trimmed). */
  page: string
  /** '' when absent. */
  session: string
  /** '' when absent. */
  request: string
  /** '' when absent. */
  debug: string
  /** Comma tokens, trimmed, upper-cased, empty tokens dropped. */
  clearCache: string[]
  /** Names upper-cased; '' value => null (Oracle: empty is null). */
  items: UrlItem[]
  /** '' when absent. */
  printerFriendly: string
  /** Other query parameters (cs, success_msg, c, p_trace…), kept in order and ignored by the engine. */
  extra: UrlParam[]
}

export interface UrlError {
  /** Which part is wrong: 'url', 'query', 'path', 'p', 'app', 'page', 'session', 'request', 'debug', 'clearCache', 'itemNames', 'itemValues', 'printerFriendly'. */
  part: string
  /** 0-based offset in the input string, within [0, input.length]. */
  position: number
  message: string
}

export type UrlParseResult = { ok: true; value: UrlRequest } | { ok: false; error: UrlError }

/** Shorthand used by the parsers so every failure has the same shape. */
export function urlFailure(part: string, position: number, message: string): { ok: false; error: UrlError } {
  return { ok: false, error: { part, position, message } }
}
