/**
 * SQL's three-valued logic: null is "unknown". FALSE AND unknown is FALSE,
 * TRUE OR unknown is TRUE, NOT unknown is unknown.
 */
export type Truth = boolean | null

export function and3(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false
  return a === true && b === true ? true : null
}

export function or3(a: Truth, b: Truth): Truth {
  if (a === true || b === true) return true
  return a === false && b === false ? false : null
}

export function not3(a: Truth): Truth {
  return a === null ? null : !a
}
