/**
 * Reads an f?p URL: `[base]f?p=App:Page:Session:Request:Debug:ClearCache:itemNames:itemValues:PrinterFriendly[&name=value…]`
 * (semantics §8, reference §1).
 *
 * Decisions where the sources are silent:
 * - The p value is split on `:` (and lists on `,`) *before* percent-decoding,
 *   so `%3A` and `%2C` are data, never separators. That is what lets a value
 *   hold a colon at all, and what makes build/parse exact inverses. (Real
 *   APEX may decode first — Oracle says values "cannot contain colons".)
 * - Every part is form-decoded: `%XX` as UTF-8, `+` as a space, as ORDS does
 *   for any query string.
 * - App and page are trimmed; empty (or blank) is an error naming the part.
 *   Session, request, debug and printerFriendly are kept exactly as written.
 * - More than nine parts is an error (part 'p', at the stray colon).
 * - itemValues has fewer slots than itemNames: the missing values are null —
 *   the same as an empty slot, and it is how `…:P1_A,P1_B` (no values part)
 *   reads naturally. More slots than names: error 'itemValues' at the first
 *   surplus slot, because a value with no name would otherwise be lost silently.
 * - An empty item name (`A,,B`) is an error 'itemNames': dropping it would
 *   shift every following value onto the wrong item.
 * - Repeated item names are all kept, in order (the last one wins when set).
 */
import { normalizeName } from '../model/values.js'
import { startsFpParam } from './fp-param-boundary.js'
import { scanItemValues, type ItemValueSlot } from './item-values.js'
import { decodePart } from './percent-codec.js'
import { urlFailure, type UrlItem, type UrlParam, type UrlParseResult } from './url-request.js'

const PART_NAMES = ['app', 'page', 'session', 'request', 'debug', 'clearCache', 'itemNames', 'itemValues', 'printerFriendly'] as const

/*
 * Where parts 0–8 start and end: scratch space reused by every call (parseFp
 * never runs inside itself), since every request URL is parsed and a list of
 * span objects per URL was a good share of what a request allocated.
 */
const STARTS = new Int32Array(9)
const ENDS = new Int32Array(9)

/**
 * @param s the whole input (positions in errors are offsets in it)
 * @param base text before the `f`
 * @param queryStart offset just after `?`
 * @param end end of the URL proper (trailing blanks and any `#fragment` already cut off)
 */
export function parseFp(s: string, base: string, queryStart: number, end: number): UrlParseResult {
  // "p=" in any case ('P' is the only character whose lower case is 'p').
  const p = s.charCodeAt(queryStart)
  if (!((p === 112 || p === 80) && s.charCodeAt(queryStart + 1) === 61) || queryStart + 2 > end) {
    return urlFailure('query', queryStart, 'f? must be followed by p=')
  }
  const pStart = queryStart + 2
  const pEnd = nextParam(s, pStart, end)

  // Parts 0-6 end at the next colon; part 7 (itemValues) ends at the first
  // colon outside a backslash-wrapped value; part 8 runs to the end.
  let n = 0
  let i = pStart
  let slots: ItemValueSlot[] = []
  while (n < 9) {
    let stop: number
    if (n === 7) {
      const scan = scanItemValues(s, i, pEnd, true)
      slots = scan.slots
      stop = scan.stop
    } else {
      stop = s.indexOf(':', i)
      if (stop === -1 || stop > pEnd) stop = pEnd
    }
    STARTS[n] = i
    ENDS[n] = stop
    n++
    if (stop >= pEnd) break
    i = stop + 1
    if (n === 9) {
      return urlFailure('p', stop, 'more than 9 colon-separated parts: a value contains an unencoded ":" (write %3A)')
    }
  }

  // The single-valued parts, decoded in order (lists are split before decoding: see header).
  let app = ''
  let page = ''
  let session = ''
  let request = ''
  let debug = ''
  let printerFriendly = ''
  for (let k = 0; k < n; k++) {
    if (k === 5 || k === 6 || k === 7) continue
    const decoded = decodePart(s, STARTS[k]!, ENDS[k]!, true)
    if (typeof decoded !== 'string') return urlFailure(PART_NAMES[k]!, decoded.position, decoded.message)
    if (k === 0) app = decoded
    else if (k === 1) page = decoded
    else if (k === 2) session = decoded
    else if (k === 3) request = decoded
    else if (k === 4) debug = decoded
    else printerFriendly = decoded
  }

  app = app.trim()
  if (app === '') return urlFailure('app', pStart, 'the application (id or alias) is empty')
  page = page.trim()
  if (n < 2 || page === '') {
    return urlFailure('page', n >= 2 ? STARTS[1]! : pEnd, 'the page (id or alias) is empty')
  }

  const clearCache: string[] = []
  if (n > 5) {
    // Comma-separated tokens of part 5; an empty list is one empty token.
    const last = ENDS[5]!
    let from = STARTS[5]!
    for (let j = from; j <= last; j++) {
      if (j !== last && s.charCodeAt(j) !== 44 /* , */) continue
      const decoded = decodePart(s, from, j, true)
      if (typeof decoded !== 'string') return urlFailure('clearCache', decoded.position, decoded.message)
      const t = decoded.trim().toUpperCase()
      if (t !== '') clearCache.push(t)
      from = j + 1
    }
  }

  const names: string[] = []
  if (n > 6 && ENDS[6]! > STARTS[6]!) {
    const last = ENDS[6]!
    let from = STARTS[6]!
    for (let j = from; j <= last; j++) {
      if (j !== last && s.charCodeAt(j) !== 44 /* , */) continue
      const decoded = decodePart(s, from, j, true)
      if (typeof decoded !== 'string') return urlFailure('itemNames', decoded.position, decoded.message)
      const name = normalizeName(decoded)
      if (name === '') return urlFailure('itemNames', from, 'empty item name in the itemNames list')
      names.push(name)
      from = j + 1
    }
  }

  const values: (string | null)[] = []
  for (const slot of slots) {
    if (values.length === names.length) {
      const at = slot.wrapped ? slot.start - 1 : slot.start
      return urlFailure('itemValues', at, `more item values than item names (${names.length})`)
    }
    const decoded = decodePart(s, slot.start, slot.end, true)
    if (typeof decoded !== 'string') return urlFailure('itemValues', decoded.position, decoded.message)
    values.push(decoded === '' ? null : decoded)
  }
  // A loop, not names.map: a callback per parse (every request URL) for what is usually one or two items.
  const items: UrlItem[] = []
  for (let k = 0; k < names.length; k++) items.push({ name: names[k]!, value: values[k] ?? null })

  // Read last so that errors are reported left to right.
  const extra = readExtraParams(s, pEnd, end)
  if (!Array.isArray(extra)) return extra

  return {
    ok: true,
    value: { form: 'fp', base, app, page, session, request, debug, clearCache, items, printerFriendly, extra },
  }
}

/** The offset of the first `&name=` at or after `from` (see fp-param-boundary), else `end`. */
function nextParam(s: string, from: number, end: number): number {
  let i = from
  for (;;) {
    const amp = s.indexOf('&', i)
    if (amp === -1 || amp >= end) return end
    if (startsFpParam(s, amp)) return amp
    i = amp + 1
  }
}

/** The `&name=value` parameters after the p value; each value runs to the next `&name=`. */
function readExtraParams(s: string, from: number, end: number): UrlParam[] | ReturnType<typeof urlFailure> {
  const params: UrlParam[] = []
  let i = from
  while (i < end) {
    const eq = s.indexOf('=', i)
    const next = nextParam(s, eq + 1, end)
    const value = decodePart(s, eq + 1, next, true)
    if (typeof value !== 'string') return urlFailure('query', value.position, value.message)
    params.push({ name: s.slice(i + 1, eq), value })
    i = next
  }
  return params
}
