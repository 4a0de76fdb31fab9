/**
 * Reads a friendly URL (APEX 20.1+, reference §2): `[scheme://host]/ords/…path…[?query]`
 * in either layout, `/ords/{prefix}/r/{app}/{page}` or `/ords/r/{prefix}/{app}/{page}`.
 *
 * Decisions where the sources are silent:
 * - Layout: after `/ords/`, a first segment that is literally `r` with exactly
 *   four segments is 'r-prefix'; otherwise a `r` third from the end is
 *   'prefix-r', and everything before it is the prefix — so a multi-segment
 *   prefix like `/ords/sfdw/sfdw/r/app/page` (seen in the wild) reads as
 *   prefix "sfdw/sfdw".
 * - A prefix literally named "r": `/ords/r/r/app/page` fits both layouts and
 *   names the same prefix, app and page either way; it reads as 'r-prefix'.
 *   So {layout: 'prefix-r', prefix: 'r'} builds a URL that parses back with
 *   layout 'r-prefix' — the same request, another layout tag.
 * - Segments are compared after percent-decoding (`%72` is `r`), so the
 *   layout does not depend on how a segment happens to be escaped.
 * - One trailing `/` is tolerated; other empty segments are errors.
 * - Query parameter names are matched case-insensitively (after trimming);
 *   the first session/request/clear/debug/printerFriendly wins and any repeat
 *   is kept in `extra`, so nothing in the URL is lost. Known non-item names
 *   and empty names also go to `extra`; every other name is an item.
 * - A parameter without `=` is an item set to null, like `name=`.
 * - Malformed percent escapes are errors (URLSearchParams would keep them raw):
 *   the debugger should show the user a URL that APEX would not read.
 */
import { normalizeName } from '../model/values.js'
import { friendlyFieldOf, isFriendlyExtraKey } from './friendly-params.js'
import { percentDecode } from './percent-codec.js'
import { urlFailure, type FriendlyLayout, type UrlError, type UrlItem, type UrlParam, type UrlParseResult } from './url-request.js'

interface Segment {
  start: number
  end: number
  text: string
}

export type FriendlyPathMatch =
  | { kind: 'match'; layout: FriendlyLayout; prefix: Segment[]; app: Segment; page: Segment }
  | { kind: 'none'; error: UrlError }

/** Matches the path after `/ords/` (s[start, end)) against the two layouts; 'none' carries the error to report if nothing else fits. */
export function matchFriendlyPath(s: string, start: number, end: number): FriendlyPathMatch {
  const segments: Segment[] = []
  let from = start
  for (let i = start; i <= end; i++) {
    if (i === end || s.charAt(i) === '/') {
      const decoded = percentDecode(s, from, i, false)
      if (!decoded.ok) return { kind: 'none', error: { part: 'path', position: decoded.position, message: decoded.message } }
      segments.push({ start: from, end: i, text: decoded.value })
      from = i + 1
    }
  }
  const last = segments[segments.length - 1]
  if (last !== undefined && last.start === last.end) segments.pop() // trailing "/"

  const n = segments.length
  const text = (k: number): string | undefined => segments[k]?.text
  const seg = (k: number): Segment => segments[k] ?? { start: end, end, text: '' }
  if (n === 4 && text(0) === 'r') {
    return { kind: 'match', layout: 'r-prefix', prefix: [seg(1)], app: seg(2), page: seg(3) }
  }
  if (n >= 4 && text(n - 3) === 'r') {
    return { kind: 'match', layout: 'prefix-r', prefix: segments.slice(0, n - 3), app: seg(n - 2), page: seg(n - 1) }
  }
  const routerAt = text(0) === 'r' ? 0 : text(1) === 'r' ? 1 : -1
  if (routerAt >= 0 && n < 4) {
    // What comes after the router segment: prefix, app, page — or app, page.
    const after = routerAt === 0 ? ['path', 'app', 'page'] : ['app', 'page']
    const missing = after[n - routerAt - 1] ?? 'page'
    return { kind: 'none', error: { part: missing, position: end, message: `the friendly URL path ends before the ${missing === 'path' ? 'path prefix' : missing}` } }
  }
  if (text(0) === 'r' && n > 4) {
    return { kind: 'none', error: { part: 'path', position: seg(4).start, message: 'unexpected path segment after /ords/r/{prefix}/{app}/{page}' } }
  }
  return {
    kind: 'none',
    error: { part: 'path', position: start, message: 'expected /ords/{prefix}/r/{app}/{page} or /ords/r/{prefix}/{app}/{page}' },
  }
}

/**
 * @param base scheme+host before `/ords/` ('' for a relative URL)
 * @param path a successful matchFriendlyPath result
 * @param queryStart offset just after `?`, or -1
 * @param end end of the URL proper (trailing blanks and any `#fragment` already cut off)
 */
export function parseFriendly(
  s: string,
  base: string,
  path: Extract<FriendlyPathMatch, { kind: 'match' }>,
  queryStart: number,
  end: number,
): UrlParseResult {
  for (const p of path.prefix) {
    if (p.text === '') return urlFailure('path', p.start, 'the path prefix (workspace) is empty')
  }
  const app = path.app.text.trim()
  if (app === '') return urlFailure('app', path.app.start, 'the application (id or alias) is empty')
  const page = path.page.text.trim()
  if (page === '') return urlFailure('page', path.page.start, 'the page (id or alias) is empty')

  const fields = { session: '', request: '', clear: '', debug: '', printerFriendly: '' }
  const seen = new Set<string>()
  const items: UrlItem[] = []
  const extra: UrlParam[] = []

  if (queryStart >= 0) {
    let from = queryStart
    for (let i = queryStart; i <= end; i++) {
      if (i < end && s.charAt(i) !== '&') continue
      const pieceStart = from
      from = i + 1
      if (i === pieceStart) continue // "&&" or a bare "?": nothing there, as URLSearchParams
      let eq = s.indexOf('=', pieceStart)
      if (eq === -1 || eq > i) eq = i
      const name = percentDecode(s, pieceStart, eq, true)
      if (!name.ok) return urlFailure('query', name.position, name.message)
      const key = normalizeName(name.value)
      const field = friendlyFieldOf(key)
      const role =
        field !== undefined && !seen.has(field) ? 'field' : field === undefined && key !== '' && !isFriendlyExtraKey(key) ? 'item' : 'extra'
      const part = role === 'item' ? 'itemValues' : role === 'extra' || field === undefined ? 'query' : field === 'clear' ? 'clearCache' : field
      const value = percentDecode(s, Math.min(eq + 1, i), i, true)
      if (!value.ok) return urlFailure(part, value.position, value.message)
      if (role === 'field' && field !== undefined) {
        seen.add(field)
        fields[field] = value.value
      } else if (role === 'item') {
        items.push({ name: key, value: value.value === '' ? null : value.value })
      } else {
        extra.push({ name: name.value, value: value.value })
      }
    }
  }

  return {
    ok: true,
    value: {
      form: 'friendly',
      base,
      friendly: { layout: path.layout, prefix: path.prefix.map((p) => p.text).join('/') },
      app,
      page,
      session: fields.session,
      request: fields.request,
      debug: fields.debug,
      // The clear value keeps the f?p ClearCache vocabulary; commas separate
      // tokens after decoding, as APEX's page.js treats `%2C` like `,`.
      clearCache: fields.clear
        .split(',')
        .map((t) => t.trim().toUpperCase())
        .filter((t) => t !== ''),
      items,
      printerFriendly: fields.printerFriendly,
      extra,
    },
  }
}
