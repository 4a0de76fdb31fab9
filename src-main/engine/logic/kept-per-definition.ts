/**
 * What the engine works out once from a definition and keeps: a component's
 * plan (code-plan.ts: its SQL translated or its PL/SQL compiled), a form's
 * fetch and UPDATE statements (form-process.ts). One rule for all of them:
 *
 * - a value is kept with the definition object it was made from (a WeakMap:
 *   nothing here keeps a definition alive), per slot (the role a component's
 *   code plays; '' when there is one value);
 * - with it, a copy of the parts of the definition it was made from; it is
 *   used only while the definition's parts are still those, and made again
 *   when one changed — a definition edited in place never runs what was made
 *   from its old text;
 * - the check reads the parts one by one (texts by value, lists and maps
 *   entry by entry) and allocates nothing: it runs on every request.
 */
export interface Derivation<D extends object, S, V> {
  /** A copy of the parts of `definition` the value is made from, taken when it is made. */
  sourceOf(definition: D): S
  /** Whether `definition`'s parts are still the ones copied. */
  unchanged(definition: D, source: S): boolean
  make(definition: D, slot: string): V
}

interface Kept<S, V> {
  source: S
  value: V
}

export class KeptPerDefinition<D extends object, S, V> {
  private readonly kept = new WeakMap<D, Map<string, Kept<S, V>>>()

  constructor(private readonly derivation: Derivation<D, S, V>) {}

  get(definition: D, slot = ''): V {
    let bySlot = this.kept.get(definition)
    if (bySlot === undefined) this.kept.set(definition, (bySlot = new Map()))
    const kept = bySlot.get(slot)
    if (kept !== undefined && this.derivation.unchanged(definition, kept.source)) return kept.value
    // The source is copied before the value is made: what is kept can only be older than the value, never newer.
    const source = this.derivation.sourceOf(definition)
    const value = this.derivation.make(definition, slot)
    bySlot.set(slot, { source, value })
    return value
  }
}

/** Whether two string lists hold the same entries in the same order (either may be absent). */
export function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** A string map's entries in order (Object.entries), as a source copy for `sameEntries`; undefined for an absent map. */
export function entriesCopy(map: Readonly<Record<string, string>> | undefined): readonly (readonly [string, string])[] | undefined {
  return map === undefined ? undefined : Object.entries(map)
}

/** Whether a string map still holds the copied entries, in the same order (a form reads its columns in it). */
export function sameEntries(map: Readonly<Record<string, string>> | undefined, copy: readonly (readonly [string, string])[] | undefined): boolean {
  if (map === undefined || copy === undefined) return map === undefined && copy === undefined
  let i = 0
  // for…in visits own keys in Object.entries' order (plus inherited ones, skipped), without making a list.
  for (const key in map) {
    if (!Object.prototype.hasOwnProperty.call(map, key)) continue
    const entry = copy[i]
    if (entry === undefined || entry[0] !== key || entry[1] !== map[key]) return false
    i++
  }
  return i === copy.length
}
