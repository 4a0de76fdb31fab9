/** JavaScript string order (what `compareRows` and the engine's snapshots sort by), without locale rules. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
