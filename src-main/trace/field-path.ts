/**
 * Renders a schema issue path as the field name an error message shows.
 *
 * The notation is the one people type in JavaScript and jq, so a path can be
 * read back without a legend: `apps[0].pages[2].items[1].source`,
 * `values.P1_X`, and bracketed quotes for keys that are not plain identifiers
 * (`state["100:P1_X"]`), so an item name with a colon or a dot stays one key.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

export function formatFieldPath(path: readonly PropertyKey[]): string | null {
  if (path.length === 0) return null
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'symbol') out += `[${String(key)}]`
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(key)}]`
  }
  return out
}
