/**
 * Percent-decoding and -encoding for URL parts, written by hand instead of
 * using decodeURIComponent/encodeURIComponent because those throw (on "%ZZ",
 * on invalid UTF-8, on lone surrogates) and the URL layer must never throw:
 * a malformed escape has to become an error that names its exact offset.
 */

export type DecodeResult = { ok: true; value: string } | { ok: false; position: number; message: string }

const HEX = '0123456789ABCDEF'

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48 // 0-9
  if (code >= 65 && code <= 70) return code - 55 // A-F
  if (code >= 97 && code <= 102) return code - 87 // a-f
  return -1
}

/**
 * Decodes s[start, end): "%XX" runs as UTF-8 bytes, and "+" as a space when
 * `plusIsSpace` (query strings are application/x-www-form-urlencoded: ORDS
 * and URLSearchParams both read "+" as a space; paths keep "+" literally).
 * Errors carry the offset of the offending "%" in `s`.
 */
export function percentDecode(s: string, start: number, end: number, plusIsSpace: boolean): DecodeResult {
  const r = decodePart(s, start, end, plusIsSpace)
  return typeof r === 'string' ? { ok: true, value: r } : r
}

/**
 * percentDecode without the result object: the decoded text, or the failure.
 * The URL parser decodes every part of every request URL this way.
 */
export function decodePart(s: string, start: number, end: number, plusIsSpace: boolean): string | Extract<DecodeResult, { ok: false }> {
  // Most parts hold no escape at all: then the text is the value.
  let plain = true
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k)
    if (c === 37 /* % */ || (c === 43 /* + */ && plusIsSpace)) {
      plain = false
      break
    }
  }
  if (plain) return s.slice(start, end)
  let out = ''
  let i = start
  while (i < end) {
    const ch = s.charAt(i)
    if (ch === '+' && plusIsSpace) {
      out += ' '
      i++
      continue
    }
    if (ch !== '%') {
      // Everything else (raw unicode, even lone surrogates) passes through untouched.
      out += ch
      i++
      continue
    }
    // Collect a run of consecutive escapes: one UTF-8 character may span several.
    const bytes: number[] = []
    const positions: number[] = []
    while (i < end && s.charAt(i) === '%') {
      const hi = i + 1 < end ? hexValue(s.charCodeAt(i + 1)) : -1
      const lo = i + 2 < end ? hexValue(s.charCodeAt(i + 2)) : -1
      if (hi < 0 || lo < 0) {
        return { ok: false, position: i, message: 'malformed percent escape: "%" must be followed by two hex digits' }
      }
      bytes.push(hi * 16 + lo)
      positions.push(i)
      i += 3
    }
    const decoded = decodeUtf8(bytes, positions)
    if (!decoded.ok) return decoded
    out += decoded.value
  }
  return out
}

/** Strict UTF-8 (no overlongs, no surrogates, max U+10FFFF), reporting the offset of the bad sequence's first escape. */
function decodeUtf8(bytes: number[], positions: number[]): DecodeResult {
  let out = ''
  let k = 0
  while (k < bytes.length) {
    const b = bytes[k] ?? 0
    const at = positions[k] ?? 0
    if (b < 0x80) {
      out += String.fromCharCode(b)
      k++
      continue
    }
    let length: number
    let cp: number
    let min: number
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2
      cp = b & 0x1f
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3
      cp = b & 0x0f
      min = 0x800
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4
      cp = b & 0x07
      min = 0x10000
    } else {
      return { ok: false, position: at, message: 'malformed percent escape: not a valid UTF-8 sequence' }
    }
    if (k + length > bytes.length) {
      return { ok: false, position: at, message: 'malformed percent escape: truncated UTF-8 sequence' }
    }
    for (let j = 1; j < length; j++) {
      const c = bytes[k + j] ?? 0
      if ((c & 0xc0) !== 0x80) {
        return { ok: false, position: at, message: 'malformed percent escape: not a valid UTF-8 sequence' }
      }
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return { ok: false, position: at, message: 'malformed percent escape: not a valid UTF-8 sequence' }
    }
    out += String.fromCodePoint(cp)
    k += length
  }
  return { ok: true, value: out }
}

const utf8 = new TextEncoder()

/** "%XX" escapes of one character's UTF-8 bytes (a lone surrogate becomes U+FFFD, as URLSearchParams does). */
export function percentEscape(ch: string): string {
  let out = ''
  for (const b of utf8.encode(ch)) out += '%' + HEX.charAt(b >> 4) + HEX.charAt(b & 15)
  return out
}

/** Encodes the characters (code points) of `s` for which `mustEncode` says so, leaving the rest raw. */
export function encodeWhere(s: string, mustEncode: (ch: string, index: number) => boolean): string {
  let out = ''
  let index = 0
  for (const ch of s) {
    out += mustEncode(ch, index) ? percentEscape(ch) : ch
    index += ch.length
  }
  return out
}

const FORM_SAFE = /^[A-Za-z0-9*\-._]$/

/** application/x-www-form-urlencoded serialisation, byte for byte what URLSearchParams writes. */
export function formEncode(s: string): string {
  let out = ''
  for (const ch of s) {
    if (ch === ' ') out += '+'
    else if (FORM_SAFE.test(ch)) out += ch
    else out += percentEscape(ch)
  }
  return out
}

const PATH_SAFE = /^[A-Za-z0-9\-._~]$/

/** One path segment: everything but RFC 3986 unreserved characters is escaped, so "/" in an alias cannot split the path. */
export function pathSegmentEncode(s: string): string {
  let out = ''
  for (const ch of s) out += PATH_SAFE.test(ch) ? ch : percentEscape(ch)
  return out
}
