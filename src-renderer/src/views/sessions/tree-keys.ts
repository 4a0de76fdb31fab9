/**
 * What a key does in the Sessions tree (WAI-ARIA tree pattern): ↑/↓ move,
 * Home/End go to the ends, → opens a collapsed browser or goes to its first
 * session, ← closes an open browser or goes to the row's parent, Enter and
 * Space act on the row (select a session, open or close a browser). Pure:
 * the view applies the answer.
 */
import type { TreeRow } from './tree-rows.js'

export type TreeKeyAction = { kind: 'move'; to: number } | { kind: 'toggle'; browser: string } | { kind: 'activate' }

/** How far back ← looks for a parent among the loaded rows (a clone group is never longer in practice; the window holds ±30). */
const PARENT_SEARCH = 1000

export function treeKeyAction(key: string, current: number, total: number, rowAt: (i: number) => TreeRow | undefined): TreeKeyAction | null {
  if (total === 0) return null
  const row = rowAt(current)
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', to: Math.min(total - 1, current + 1) }
    case 'ArrowUp':
      return { kind: 'move', to: Math.max(0, current - 1) }
    case 'Home':
      return { kind: 'move', to: 0 }
    case 'End':
      return { kind: 'move', to: total - 1 }
    case 'Enter':
    case ' ':
      return row ? { kind: 'activate' } : null
    case 'ArrowRight':
      if (row?.kind === 'browser') return row.expanded ? { kind: 'move', to: Math.min(total - 1, current + 1) } : { kind: 'toggle', browser: row.browser.name }
      return null
    case 'ArrowLeft': {
      if (!row) return null
      if (row.kind === 'browser') return row.expanded ? { kind: 'toggle', browser: row.browser.name } : null
      if (row.depth === 0) return null
      for (let i = current - 1; i >= Math.max(0, current - PARENT_SEARCH); i--) {
        const up = rowAt(i)
        if (!up) return null
        if (up.depth < row.depth) return { kind: 'move', to: i }
      }
      return null
    }
    default:
      return null
  }
}
