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
 *
 * One pass over the sessions in creation order gives both orders at once: a
 * group is met first through its earliest session (its root), and its members
 * arrive in creation order. Sorting is needed only when the sessions do not
 * come in that order already (checked in the same pass that reads their keys);
 * it sorts indexes by keys read once, not per-group arrays of sessions.
 */
export function cloneTreeOrder(sessions: readonly TimelineSession[]): CloneTreeRow[] {
  // Each field read once: a session's fields may be read through accessors, and a sort reads them ~17 times per session at 100,000.
  const n = sessions.length
  const createdAt = new Float64Array(n)
  const ids = new Float64Array(n)
  let inOrder = true
  for (let i = 0; i < n; i++) {
    const s = sessions[i]!
    createdAt[i] = s.createdAt
    ids[i] = s.id
    if (i > 0 && (createdAt[i - 1]! > createdAt[i]! || (createdAt[i - 1] === createdAt[i] && ids[i - 1]! > ids[i]!))) inOrder = false
  }
  const order = Array.from({ length: n }, (_, i) => i)
  if (!inOrder) order.sort((a, b) => createdAt[a]! - createdAt[b]! || ids[a]! - ids[b]!)
  const groups = new Map<number, TimelineSession[]>()
  for (const i of order) {
    const s = sessions[i]!
    const g = groups.get(s.groupId)
    if (g) g.push(s)
    else groups.set(s.groupId, [s])
  }
  const out: CloneTreeRow[] = []
  for (const members of groups.values()) {
    out.push({ session: members[0]!, depth: 0, clones: members.length - 1 })
    for (let i = 1; i < members.length; i++) out.push({ session: members[i]!, depth: 1, clones: 0 })
  }
  return out
}

/** Whether the session's ID, alias, user or status contains `needle` (already trimmed and lower-cased). */
export function sessionMatches(s: TimelineSession, needle: string): boolean {
  return String(s.id).includes(needle) || (s.alias ?? '').toLowerCase().includes(needle) || (s.user ?? '').toLowerCase().includes(needle) || s.status.includes(needle)
}
