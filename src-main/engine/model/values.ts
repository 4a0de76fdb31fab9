/**
 * The primitive vocabulary of session state, shared by every layer.
 *
 * Values are strings or null. As in Oracle, the empty string *is* null:
 * every write goes through `toStoredValue` so "" can never be stored.
 */

/** A session-state value. `null` means "no value" (never the empty string). */
export type Value = string | null

/** Row status, as in APEX's WWV_FLOW_DATA: Inserted, Updated, Reset to null. */
export type RowStatus = 'I' | 'U' | 'R'

/** Where an item keeps its value (APEX "Session State > Storage"). */
export type ItemStorage = 'session' | 'request' | 'user'

/** Application item scope: private to the app, or shared by the apps of one session. */
export type ItemScope = 'APP' | 'GLOBAL'

/** The user of a session before login. Per User storage behaves as Per Session for it. */
export const ANONYMOUS_USER = 'nobody'

/**
 * Storage key used for page-less rows (application items). SQLite primary keys
 * treat NULLs as distinct, so the store uses this sentinel; the API shows `null`.
 */
export const APP_ITEM_PAGE = -1

/**
 * App id under which GLOBAL application items are stored: they belong to the
 * session, not to one app (semantics §2: shared by every app of the session).
 */
export const GLOBAL_APP = 0

/** Normalises anything a trace or a form may hand us into a session-state value. */
export function toStoredValue(input: unknown): Value {
  if (input === null || input === undefined) return null
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null
    return numberToString(input)
  }
  if (typeof input === 'boolean') return input ? 'TRUE' : 'FALSE'
  const s = String(input)
  return s === '' ? null : s
}

/** Decimal string for a number, without exponent notation for ordinary magnitudes. */
export function numberToString(n: number): string {
  if (Object.is(n, -0)) return '0'
  const plain = String(n)
  if (!/e/i.test(plain)) return plain
  // Expand exponent notation so that values stay comparable as text.
  if (Math.abs(n) < 1) return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '')
  return BigInt(Math.trunc(n)).toString()
}

/** `/^\d+$/.test(s)` without a pattern: a request asks it of its app, page and session parts. */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

/** Item names are case-insensitive everywhere; the engine keys them in upper case. */
export function normalizeName(name: string): string {
  return name.trim().toUpperCase()
}

/**
 * Longest item value, in UTF-8 bytes (1 MiB): the limit the trace reader
 * enforces on every value it reads (trace/limits.ts re-exports it). The engine
 * applies it to what it computes and what it is given live, so that every
 * value it holds can be written to a trace and read back.
 */
export const MAX_VALUE_BYTES = 1024 * 1024

/** UTF-8 length of `s` (a lone surrogate counts 3 bytes, as its replacement character encodes). */
export function utf8Length(s: string): number {
  let bytes = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/**
 * UTF-8 length of `s` when it is longer than `maxBytes`, else null. Cheap for
 * the usual short value: every UTF-16 unit takes at most 3 bytes, so a string
 * of at most maxBytes/3 units is never counted.
 */
export function bytesOverLimit(s: string, maxBytes: number = MAX_VALUE_BYTES): number | null {
  if (s.length * 3 <= maxBytes) return null
  if (s.length > maxBytes) return utf8Length(s)
  const bytes = utf8Length(s)
  return bytes > maxBytes ? bytes : null
}

/** "10.0 MiB", "1 MiB", "512 KiB": how limits and sizes read in messages. */
export function formatBytes(bytes: number): string {
  const mib = 1024 * 1024
  if (bytes >= mib) return Number.isInteger(bytes / mib) ? `${bytes / mib} MiB` : `${(bytes / mib).toFixed(1)} MiB`
  if (bytes >= 1024) return Number.isInteger(bytes / 1024) ? `${bytes / 1024} KiB` : `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} bytes`
}

/** The trace reader's words for a value over the limit, so the engine and the reader refuse it alike. */
export function valueTooLongMessage(bytes: number, maxBytes: number = MAX_VALUE_BYTES): string {
  return `value too long: ${formatBytes(bytes)}; a single value may hold at most ${formatBytes(maxBytes)}`
}
