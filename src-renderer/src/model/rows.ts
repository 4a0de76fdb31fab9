/**
 * State-table rows at the playhead: one entry per stored value, with the
 * step and cause of its last change when that is known.
 */
export type RowStatus = 'I' | 'U' | 'R'

export interface RowEntry {
  key: string
  session: number
  app: number
  /** null for application items. */
  page: number | null
  item: string
  value: string | null
  status: RowStatus
  /** Step that last changed the row, when the timeline has been walked over it (or the engine said). */
  changedStep: number | null
  cause: string | null
}

export type ChangeKind = 'set' | 'reset' | 'removed'

export function rowKey(session: number, app: number, page: number | null, item: string): string {
  return `${session}|${app}|${page ?? ''}|${item}`
}

/** Which kind of change a set effect made, for highlighting. */
export function changeKindOf(to: string | null, toStatus: RowStatus | null): ChangeKind {
  if (toStatus === null) return 'removed'
  if (to === null || toStatus === 'R') return 'reset'
  return 'set'
}
