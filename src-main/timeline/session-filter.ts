/**
 * How the Sessions panel orders and filters sessions, in one place for both
 * of its answers: timeline.sessions (session-window.ts, the flat list) and
 * timeline.browsers (browser-window.ts, the same trees under browsers). A
 * change to the order or to what the filter looks at is made here once.
 */
import type { TimelineSession } from './results.js'

/** A session in clone-group tree order. */
export interface CloneTreeRow {
  session: TimelineSession
  /** 0: a clone group's root; 1: a clone under it. */
  depth: 0 | 1
  /** Number of clones under a root (0 for a clone). */
  clones: number
}

/**
 * Clone-group trees: a group's first session is the root, its clones below
 * it in creation order, roots in creation order (ties by ID).
 */
export function cloneTreeOrder(sessions: readonly TimelineSession[]): CloneTreeRow[] {
  const groups = new Map<number, TimelineSession[]>()
  for (const s of sessions) {
    let g = groups.get(s.groupId)
    if (!g) groups.set(s.groupId, (g = []))
    g.push(s)
  }
  const byCreation = (a: TimelineSession, b: TimelineSession) => a.createdAt - b.createdAt || a.id - b.id
  const trees = [...groups.values()].map((members) => members.sort(byCreation))
  trees.sort((a, b) => byCreation(a[0]!, b[0]!))
  const out: CloneTreeRow[] = []
  for (const [root, ...clones] of trees) {
    out.push({ session: root!, depth: 0, clones: clones.length })
    for (const c of clones) out.push({ session: c, depth: 1, clones: 0 })
  }
  return out
}

/** Whether the session's ID, alias, user or status contains `needle` (already trimmed and lower-cased). */
export function sessionMatches(s: TimelineSession, needle: string): boolean {
  return String(s.id).includes(needle) || (s.alias ?? '').toLowerCase().includes(needle) || (s.user ?? '').toLowerCase().includes(needle) || s.status.includes(needle)
}
