/**
 * Lexical rules for item names, shared by the parser, the formatter and text
 * substitution so that all three agree on what a bare name is.
 */

/** Oracle bind variables are identifiers of at most 30 characters (reference §7). */
export const MAX_BIND_NAME_LENGTH = 30

/** APEX item names may be up to 255 characters; quoted forms are limited to that. */
export const MAX_ITEM_NAME_LENGTH = 255

/** First character of an identifier: ASCII letters only (item names are basic ASCII). */
export function isIdentifierStart(ch: string | undefined): boolean {
  return ch !== undefined && /^[A-Za-z]$/.test(ch)
}

/** Later characters of an identifier. `$` and `#` are legal in Oracle identifiers. */
export function isIdentifierPart(ch: string | undefined): boolean {
  return ch !== undefined && /^[A-Za-z0-9_$#]$/.test(ch)
}

const BARE_BIND_NAME = /^[A-Za-z][A-Za-z0-9_$#]*$/

/** True when `name` can be written as `:NAME` without quotes. */
export function isBareBindName(name: string): boolean {
  return name.length <= MAX_BIND_NAME_LENGTH && BARE_BIND_NAME.test(name)
}
