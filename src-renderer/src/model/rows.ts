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
  /** Step that last changed the row: from the engine's timeline (timeline.state, timeline.why), or the steps walked over. */
  changedStep: number | null
  /** Phase of that step the change happened in, when known. */
  changedPhase?: number | null
  cause: string | null
}

/**
 * A row entry whose key string is made only when something asks for it: a
 * jump materialises 50,000 rows, and only the few on screen (and, later,
 * when idle, the row index) need their keys — building every key first
 * costs the first paint tens of milliseconds.
 */
export class Row implements RowEntry {
  private k: string | null = null
  constructor(
    readonly session: number,
    readonly app: number,
    readonly page: number | null,
    readonly item: string,
    readonly value: string | null,
    readonly status: RowStatus,
    readonly changedStep: number | null,
    readonly changedPhase: number | null,
    readonly cause: string | null,
    key: string | null = null,
  ) {
    this.k = key
  }

  get key(): string {
    return (this.k ??= rowKey(this.session, this.app, this.page, this.item))
  }
}

/** A copy of a row with its last change replaced. */
export function withLastChange(r: RowEntry, step: number | null, phase: number | null, cause: string | null): RowEntry {
  return new Row(r.session, r.app, r.page, r.item, r.value, r.status, step, phase, cause, r.key)
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
