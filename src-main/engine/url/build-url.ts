/**
 * buildUrl: the inverse of parseUrl (semantics §8: parse(build(r)) == r).
 * Pure and total: it only concatenates and escapes, so it never throws.
 */
import { buildFpUrl } from './build-fp.js'
import { buildFriendlyUrl } from './build-friendly.js'
import type { UrlRequest } from './url-request.js'

/** Writes the request in `r.form` (and, for friendly URLs, `r.friendly.layout`). */
export function buildUrl(r: UrlRequest): string {
  return r.form === 'friendly' ? buildFriendlyUrl(r) : buildFpUrl(r)
}
