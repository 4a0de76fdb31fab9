/**
 * How the importer writes pieces of the engine's expression language
 * (semantics §7). One place, so every mapper quotes and references alike.
 */

/** `'it''s'`: a string literal, quotes doubled as in SQL. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

const BARE_BIND = /^[A-Za-z][A-Za-z0-9_$#]*$/

/**
 * `:P1_NAME`, or `:"NAME"` for names a bind variable cannot spell (longer than
 * 30 characters, odd characters). Names are upper-cased: the engine keys items
 * upper-case and APEX item names are case-insensitive.
 */
export function itemRef(name: string): string {
  const upper = name.trim().toUpperCase()
  return upper.length <= 30 && BARE_BIND.test(upper) ? `:${upper}` : `:"${upper.replace(/"/g, '')}"`
}

/** The expression that is never true (APEX condition "Never", excluded build options). */
export const NEVER_EXPRESSION = '1 = 0'

/** `x IN ('a', 'b')` for a list of literal values. */
export function inList(subject: string, values: readonly string[], negated = false): string {
  return `${subject} ${negated ? 'NOT IN' : 'IN'} (${values.map(quoteLiteral).join(', ')})`
}
