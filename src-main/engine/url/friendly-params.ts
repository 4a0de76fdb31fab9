/**
 * Query-parameter vocabulary of friendly URLs (reference §2.3). In a friendly
 * URL every other parameter is an item, so these lists decide which names are
 * *not* items. Keys are compared after normalizeName (trimmed, upper-cased),
 * the same way item names are, so that a name can never be an item on one
 * read and a reserved parameter on the next (e.g. "ſession" upper-cases to
 * "SESSION").
 */

/** Parameters that fill UrlRequest fields; keys are upper-cased parameter names. */
export const FRIENDLY_FIELD_PARAMS = {
  SESSION: 'session',
  REQUEST: 'request',
  CLEAR: 'clear',
  DEBUG: 'debug',
  PRINTERFRIENDLY: 'printerFriendly',
} as const

export type FriendlyFieldParam = (typeof FRIENDLY_FIELD_PARAMS)[keyof typeof FRIENDLY_FIELD_PARAMS]

/**
 * Known non-item parameters: kept in `extra`, ignored by the engine. From the
 * engine's friendly-URL record (`t_p_arguments`, reference §1.1) and observed URLs.
 */
export const FRIENDLY_EXTRA_PARAMS: readonly string[] = [
  'cs',
  'success_msg',
  'notification_msg',
  'p_trace',
  'c',
  'lang',
  'territory',
  'tz',
  'x01',
  'dialogCs',
  'hash',
  'fsp_region_id',
  'pg_max_rows',
  'pg_min_row',
  'pg_rows_fetched',
]

const EXTRA_KEYS = new Set(FRIENDLY_EXTRA_PARAMS.map((n) => n.toUpperCase()))

/** Which UrlRequest field a friendly parameter key (upper-cased name) fills, if any. */
export function friendlyFieldOf(key: string): FriendlyFieldParam | undefined {
  return Object.prototype.hasOwnProperty.call(FRIENDLY_FIELD_PARAMS, key)
    ? FRIENDLY_FIELD_PARAMS[key as keyof typeof FRIENDLY_FIELD_PARAMS]
    : undefined
}

/** True for a key (upper-cased name) of a known non-item parameter. */
export function isFriendlyExtraKey(key: string): boolean {
  return EXTRA_KEYS.has(key)
}

/** True when an item of this (upper-cased) name cannot be passed in a friendly URL: its parameter means something else. */
export function isReservedFriendlyName(key: string): boolean {
  return friendlyFieldOf(key) !== undefined || isFriendlyExtraKey(key)
}
