/**
 * parseUrl: any string in, a UrlRequest or a UrlError out — never a throw
 * (semantics §8: "a malformed URL yields an error naming the part and
 * position, never a crash"). Positions are offsets in the original input.
 *
 * Decisions where the sources are silent:
 * - Leading and trailing whitespace is ignored (URLs are pasted from text).
 * - A `#fragment` is dropped: browsers never send it, so it cannot affect
 *   session state. (This also means an unexpanded `&success_msg=#SUCCESS_MSG#`
 *   reads as an empty success_msg.)
 * - Which form: a path matching a friendly layout after `/ords/` wins;
 *   otherwise a path whose last segment is `f` (any case, as the PL/SQL
 *   gateway does not care) is f?p. So `/ords/ws/r/app/f?p=1` is the friendly
 *   page "f" with an item P — it fits that layout exactly.
 * - Friendly URLs must have `/ords/` right after the optional scheme+host:
 *   the record has no field for another context root.
 */
import { parseFp } from './parse-fp.js'
import { matchFriendlyPath, parseFriendly } from './parse-friendly.js'
import { urlFailure, type UrlError, type UrlParseResult } from './url-request.js'

const AUTHORITY = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/[^/?#]*/
const BLANK = /\s/

export function parseUrl(input: string): UrlParseResult {
  // Callers from plain JS (trace files, IPC) may hand us anything.
  if (typeof input !== 'string') return urlFailure('url', 0, 'the URL is not a string')
  try {
    return parseText(input)
  } catch (e) {
    // Safety net only: the parsers are written not to throw, and the
    // property tests check this message never appears. A debugger must not
    // crash on a bad URL even if we missed a case.
    return urlFailure('url', 0, `internal error while parsing the URL: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** `BLANK.test(char)` for one UTF-16 unit, without the pattern for printable ASCII (nearly every character). */
function isBlank(code: number): boolean {
  if (code > 32 && code < 127) return false
  return BLANK.test(String.fromCharCode(code))
}

function parseText(s: string): UrlParseResult {
  let lo = 0
  let hi = s.length
  while (lo < hi && isBlank(s.charCodeAt(lo))) lo++
  const hash = s.indexOf('#', lo)
  if (hash !== -1) hi = hash
  while (hi > lo && isBlank(s.charCodeAt(hi - 1))) hi--
  if (lo === hi) return urlFailure('url', lo, 'the URL is empty')

  let q = s.indexOf('?', lo)
  if (q >= hi) q = -1
  const pathEnd = q === -1 ? hi : q
  // The authority needs a "//": most URLs (f?p=…) have none, and then the pattern need not run.
  const slashes = s.indexOf('//', lo)
  const authority = slashes !== -1 && slashes < pathEnd ? AUTHORITY.exec(s.slice(lo, pathEnd)) : null
  const pathStart = lo + (authority ? authority[0].length : 0)

  let friendlyError: UrlError | undefined
  if (s.startsWith('/ords/', pathStart)) {
    const match = matchFriendlyPath(s, pathStart + '/ords/'.length, pathEnd)
    if (match.kind === 'match') return parseFriendly(s, s.slice(lo, pathStart), match, q === -1 ? -1 : q + 1, hi)
    friendlyError = match.error
  }

  const f = pathEnd - 1
  const endsInF = f >= lo && (s.charAt(f) === 'f' || s.charAt(f) === 'F') && (f === lo || s.charAt(f - 1) === '/')
  if (endsInF) {
    if (q === -1) return urlFailure('query', hi, 'expected ?p= after f')
    return parseFp(s, s.slice(lo, f), q + 1, hi)
  }
  if (friendlyError) return { ok: false, error: friendlyError }
  return urlFailure('url', lo, 'not an APEX page URL: expected …f?p=App:Page… or …/ords/{prefix}/r/{app}/{page}')
}
