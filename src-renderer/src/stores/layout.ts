/**
 * The sizes of the debugger's resizable panes (issue #14), kept per user in
 * localStorage like the presenter's type size, and read back on the next
 * start. One entry per group of panes (the workbench's columns, the left
 * column's rows), keyed by the group and the panes it holds: presenter mode
 * shows fewer panes, and its layout is kept apart from the normal one.
 *
 * What is read back is checked: a stored layout that is not JSON, names
 * other panes, or whose sizes are not percentages adding up to 100 is
 * ignored (the defaults apply), never handed to the panes half-valid.
 */

/** Pane id → size in percent of its group, as react-resizable-panels' `Layout`. */
export type PaneLayout = Record<string, number>

export const PANE_LAYOUT_KEY = 'session-scope.layout.v1'

/** The storage the layouts are kept in (absent or refusing: sizes last for this page only). */
export interface LayoutStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** How far from 100 the sizes of a stored layout may add up to (rounding of each size). */
const SUM_TOLERANCE = 1

/** The key of one group's layout: the group and its panes, in order. */
export function groupKey(group: string, paneIds: readonly string[]): string {
  return `${group}:${paneIds.join(',')}`
}

/** `value` as a layout of exactly `paneIds`, or null when it is not one. */
export function validLayout(value: unknown, paneIds: readonly string[]): PaneLayout | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const entries = Object.entries(value as Record<string, unknown>)
  if (entries.length !== paneIds.length) return null
  let sum = 0
  const out: PaneLayout = {}
  for (const id of paneIds) {
    const size = (value as Record<string, unknown>)[id]
    if (typeof size !== 'number' || !Number.isFinite(size) || size < 0 || size > 100) return null
    out[id] = size
    sum += size
  }
  return Math.abs(sum - 100) <= SUM_TOLERANCE ? out : null
}

function readAll(storage: LayoutStorage | null): Record<string, unknown> {
  let text: string | null
  try {
    text = storage?.getItem(PANE_LAYOUT_KEY) ?? null
  } catch {
    return {} // a sandboxed page may refuse access
  }
  if (!text) return {}
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  } catch {
    return {} // written by something else, or cut short: the defaults apply
  }
}

/** The saved layout of a group of panes, or undefined (the panes' default sizes apply). */
export function readPaneLayout(storage: LayoutStorage | null, group: string, paneIds: readonly string[]): PaneLayout | undefined {
  return validLayout(readAll(storage)[groupKey(group, paneIds)], paneIds) ?? undefined
}

/** Keeps a group's layout beside the others' (an invalid one is not kept). */
export function savePaneLayout(storage: LayoutStorage | null, group: string, paneIds: readonly string[], layout: PaneLayout): void {
  const valid = validLayout(layout, paneIds)
  if (!valid || !storage) return
  const all = readAll(storage)
  all[groupKey(group, paneIds)] = valid
  try {
    storage.setItem(PANE_LAYOUT_KEY, JSON.stringify(all))
  } catch {
    // Storage full or refused: the sizes still apply to this page.
  }
}

export function defaultLayoutStorage(): LayoutStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}
