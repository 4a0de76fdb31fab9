/**
 * Sessions as clone-group trees: the group's first session is the root and
 * its clones hang below it, in creation order.
 */
import type { SessionEntry } from '../../model/state-at-playhead.js'

export interface TreeRow {
  session: SessionEntry
  depth: 0 | 1
  /** Number of clones under a root. */
  clones: number
}

export function sessionTree(sessions: readonly SessionEntry[]): TreeRow[] {
  const groups = new Map<number, SessionEntry[]>()
  for (const s of sessions) {
    let g = groups.get(s.groupId)
    if (!g) groups.set(s.groupId, (g = []))
    g.push(s)
  }
  const roots: { root: SessionEntry; members: SessionEntry[] }[] = []
  for (const members of groups.values()) {
    members.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
    roots.push({ root: members[0]!, members: members.slice(1) })
  }
  roots.sort((a, b) => a.root.createdAt - b.root.createdAt || a.root.id - b.root.id)
  const out: TreeRow[] = []
  for (const r of roots) {
    out.push({ session: r.root, depth: 0, clones: r.members.length })
    for (const m of r.members) out.push({ session: m, depth: 1, clones: 0 })
  }
  return out
}

/** A short alias not used yet: A, B, …, Z, then S27, S28, … */
export function nextAlias(sessions: readonly { alias: string | null }[]): string {
  const used = new Set(sessions.map((s) => s.alias))
  for (let i = 0; i < 26; i++) {
    const a = String.fromCharCode(65 + i)
    if (!used.has(a)) return a
  }
  for (let i = 27; ; i++) if (!used.has(`S${i}`)) return `S${i}`
}
