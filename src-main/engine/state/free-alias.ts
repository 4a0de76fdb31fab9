/**
 * The alias a new session or clone made from the Sessions panel gets: the
 * first letter A–Z no session of the workspace has, then S27, S28, … . Ended
 * sessions count too: the engine would let a new session take a logged-out
 * session's alias (operations/show.ts and clone.ts refuse only a live one's),
 * but two "A"s in one list would confuse. The engine owns the rule because
 * only it knows every session at the end of the timeline, where the operation
 * runs — the renderer holds the sessions at the playhead, and after a far
 * jump only those shown.
 */
export function freeAlias(aliasesInUse: Iterable<string | null>): string {
  const used = new Set(aliasesInUse)
  for (let i = 0; i < 26; i++) {
    const a = String.fromCharCode(65 + i)
    if (!used.has(a)) return a
  }
  for (let i = 27; ; i++) if (!used.has(`S${i}`)) return `S${i}`
}
