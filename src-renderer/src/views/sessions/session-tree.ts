/**
 * A free alias for the session a live action creates. (The clone-group
 * trees the panel shows are built by the engine: timeline.browsers.)
 */

/** A short alias not used yet: A, B, …, Z, then S27, S28, … */
export function nextAlias(sessions: readonly { alias: string | null }[]): string {
  const used = new Set(sessions.map((s) => s.alias))
  for (let i = 0; i < 26; i++) {
    const a = String.fromCharCode(65 + i)
    if (!used.has(a)) return a
  }
  for (let i = 27; ; i++) if (!used.has(`S${i}`)) return `S${i}`
}
