/**
 * Writes a friendly URL: `{base}/ords/{prefix}/r/{app}/{page}?…` or
 * `{base}/ords/r/{prefix}/{app}/{page}?…` (semantics §8, reference §2).
 *
 * Decisions:
 * - Path segments escape everything but RFC 3986 unreserved characters.
 * - In 'prefix-r' a prefix with "/" is written as several segments (e.g.
 *   "sfdw/sfdw"), unless a piece would be empty — then it is one segment
 *   with "/" escaped, the only way to read it back unchanged. In 'r-prefix'
 *   the prefix is always one segment.
 * - Without `friendly` the layout is 'r-prefix' (the 24.2 engine's own form)
 *   and the prefix is empty, which no parser accepts: the caller must say
 *   which workspace (see toForm).
 * - Query values are encoded as URLSearchParams does (space as `+`), except
 *   that `clear` keeps its commas raw, as the APEX server writes it.
 * - session, request, clear, debug, printerFriendly are written in that
 *   order and only when non-empty — or when `extra` repeats one of them, so
 *   the first occurrence stays the one that counts.
 * - Item names are written lower-case (`p2_id=10`), unless lower-casing
 *   would not read back as the same upper-case name (rare unicode, e.g. "İ").
 * - An item whose name is a reserved parameter (SESSION, CS, C, …) cannot be
 *   expressed in a friendly URL: it reads back as that parameter.
 */
import { normalizeName } from '../model/values.js'
import { formEncode, pathSegmentEncode } from './percent-codec.js'
import type { UrlRequest } from './url-request.js'

export function buildFriendlyUrl(r: UrlRequest): string {
  const layout = r.friendly?.layout ?? 'r-prefix'
  const prefix = r.friendly?.prefix ?? ''
  const pieces = prefix.split('/')
  const prefixPath =
    layout === 'prefix-r' && pieces.every((p) => p !== '') ? pieces.map(pathSegmentEncode).join('/') : pathSegmentEncode(prefix)
  const app = pathSegmentEncode(r.app)
  const page = pathSegmentEncode(r.page)
  const path = layout === 'prefix-r' ? `${prefixPath}/r/${app}/${page}` : `r/${prefixPath}/${app}/${page}`

  const repeated = new Set(r.extra.map((p) => normalizeName(p.name)))
  const query: string[] = []
  const field = (name: string, encoded: string): void => {
    if (encoded !== '' || repeated.has(name.toUpperCase())) query.push(`${name}=${encoded}`)
  }
  field('session', formEncode(r.session))
  field('request', formEncode(r.request))
  field('clear', r.clearCache.map(formEncode).join(','))
  field('debug', formEncode(r.debug))
  field('printerFriendly', formEncode(r.printerFriendly))
  for (const item of r.items) {
    const lower = item.name.toLowerCase()
    const name = normalizeName(lower) === item.name ? lower : item.name
    query.push(`${formEncode(name)}=${formEncode(item.value ?? '')}`)
  }
  for (const p of r.extra) query.push(`${formEncode(p.name)}=${formEncode(p.value)}`)

  return `${r.base}/ords/${path}${query.length > 0 ? `?${query.join('&')}` : ''}`
}
