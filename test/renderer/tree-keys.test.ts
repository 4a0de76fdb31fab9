/**
 * The Sessions tree's keys (WAI-ARIA tree pattern) on a hand-written tree:
 * browser Alice (open) › A › clone A1, browser Bob (closed).
 */
import { describe, expect, it } from 'vitest'
import { treeKeyAction } from '../../src-renderer/src/views/sessions/tree-keys.js'
import type { TreeRow } from '../../src-renderer/src/views/sessions/tree-rows.js'

const browser = (name: string, expanded: boolean) => ({ kind: 'browser', browser: { name, implicit: false, opened: false, cookies: [], sessions: 0 }, expanded, depth: 0 }) as TreeRow
const session = (id: number, depth: 0 | 1 | 2, under: string | null) => ({ kind: 'session', session: { id }, browser: under, depth, clones: 0 }) as unknown as TreeRow
const ROWS: TreeRow[] = [browser('Alice', true), session(1, 1, 'Alice'), session(2, 2, 'Alice'), browser('Bob', false)]
const at = (i: number) => ROWS[i]
const key = (k: string, current: number) => treeKeyAction(k, current, ROWS.length, at)

describe('Sessions tree keys', () => {
  it('moves with the arrows and Home/End, staying inside the tree', () => {
    expect(key('ArrowDown', 0)).toEqual({ kind: 'move', to: 1 })
    expect(key('ArrowDown', 3)).toEqual({ kind: 'move', to: 3 })
    expect(key('ArrowUp', 0)).toEqual({ kind: 'move', to: 0 })
    expect(key('Home', 2)).toEqual({ kind: 'move', to: 0 })
    expect(key('End', 0)).toEqual({ kind: 'move', to: 3 })
  })

  it('← goes to the parent (a clone to its root, a root to its browser) and closes an open browser', () => {
    expect(key('ArrowLeft', 2)).toEqual({ kind: 'move', to: 1 })
    expect(key('ArrowLeft', 1)).toEqual({ kind: 'move', to: 0 })
    expect(key('ArrowLeft', 0)).toEqual({ kind: 'toggle', browser: 'Alice' })
    expect(key('ArrowLeft', 3)).toBeNull()
  })

  it('→ opens a closed browser and enters an open one; Enter and Space act on the row', () => {
    expect(key('ArrowRight', 3)).toEqual({ kind: 'toggle', browser: 'Bob' })
    expect(key('ArrowRight', 0)).toEqual({ kind: 'move', to: 1 })
    expect(key('ArrowRight', 1)).toBeNull()
    expect(key('Enter', 1)).toEqual({ kind: 'activate' })
    expect(key(' ', 3)).toEqual({ kind: 'activate' })
    expect(key('a', 1)).toBeNull()
  })

  it('does nothing in an empty tree or on a row still on its way', () => {
    expect(treeKeyAction('ArrowDown', 0, 0, () => undefined)).toBeNull()
    expect(treeKeyAction('Enter', 5, 10, () => undefined)).toBeNull()
    expect(treeKeyAction('ArrowLeft', 5, 10, () => undefined)).toBeNull()
  })
})
