/**
 * Where an f?p query parameter starts.
 *
 * Decision: in an f?p URL only `&name=` (an ASCII name of letters, digits,
 * `_` or `-`, then `=`) starts a new parameter. A bare `&` — above all an
 * unexpanded substitution such as `&APP_SESSION.` or `&P1_ID.`, whose names
 * end in a dot — stays part of the value. APEX link targets are full of
 * those, and splitting at them would silently drop the rest of the URL.
 * buildUrl escapes `&` exactly when it would otherwise satisfy this rule.
 */

const PARAM_START = /&[A-Za-z0-9_-]+=/y

/** True when s[i] is an `&` that starts an `&name=` parameter. */
export function startsFpParam(s: string, i: number): boolean {
  PARAM_START.lastIndex = i
  return PARAM_START.test(s)
}

/** Names that buildUrl can write so that parseUrl reads them back as a parameter. */
export function isFpParamName(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name)
}
