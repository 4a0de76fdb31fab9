/**
 * Writes an f?p URL: `{base}f?p=App:Page:…` (semantics §8).
 *
 * Decisions:
 * - Trailing empty parts are dropped (`f?p=100:1`, not `f?p=100:1:::::::`).
 * - Only what parseUrl would misread is percent-encoded: `%` `:` `#` `?`
 *   `+` (read as a space), whitespace and control characters, and `&` only
 *   where it would start an `&name=` parameter — so `&APP_SESSION.` stays
 *   readable. Everything else, unicode included, is written raw.
 * - In itemNames and clearCache, `,` is encoded (it separates the list).
 * - Item values: a value containing a comma is wrapped in backslashes
 *   (`\123,45\`), as Oracle documents. A backslash inside a value is always
 *   written `%5C`: the reader splits before it decodes, so an encoded
 *   backslash can never close or open a wrapper. That makes every value
 *   round-trip, even one with both a comma and a backslash.
 * - A null value is an empty slot.
 * - Extra parameters are written `&name=value` after the p value, names as
 *   they are. A name that is not letters/digits/`_`/`-` (possible only in a
 *   record converted from a friendly URL) cannot be read back as a parameter.
 */
import { startsFpParam } from './fp-param-boundary.js'
import { joinItemValues } from './item-values.js'
import { encodeWhere } from './percent-codec.js'
import type { UrlRequest } from './url-request.js'

type TextKind = 'plain' | 'list' | 'itemValue'

const ALWAYS = new Set(['%', ':', '#', '?', '+'])

function encodeFpText(s: string, kind: TextKind): string {
  return encodeWhere(s, (ch, index) => {
    if (ALWAYS.has(ch)) return true
    const code = ch.codePointAt(0) ?? 0
    if (code < 0x20 || code === 0x7f || /\s/.test(ch)) return true
    if (ch === '&') return startsFpParam(s, index)
    if (ch === ',') return kind === 'list'
    if (ch === '\\') return kind === 'itemValue'
    return false
  })
}

export function buildFpUrl(r: UrlRequest): string {
  const parts = [
    encodeFpText(r.app, 'plain'),
    encodeFpText(r.page, 'plain'),
    encodeFpText(r.session, 'plain'),
    encodeFpText(r.request, 'plain'),
    encodeFpText(r.debug, 'plain'),
    r.clearCache.map((t) => encodeFpText(t, 'list')).join(','),
    r.items.map((i) => encodeFpText(i.name, 'list')).join(','),
    joinItemValues(r.items.map((i) => (i.value === null ? null : encodeFpText(i.value, 'itemValue')))),
    encodeFpText(r.printerFriendly, 'plain'),
  ]
  while (parts.length > 2 && parts[parts.length - 1] === '') parts.pop()
  const extra = r.extra.map((p) => `&${p.name}=${encodeFpText(p.value, 'plain')}`).join('')
  return `${r.base}f?p=${parts.join(':')}${extra}`
}
