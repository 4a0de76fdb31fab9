/**
 * The complete simulated state at one point in time, in memory.
 *
 * Everything the engine knows about sessions lives here: session and clone
 * group records, session-state rows, the Per User store and simulator tables.
 * It is changed only by applying effects (apply-effect.ts), which keeps every
 * change reversible and lets the timeline rebuild any point from checkpoints.
 */
import type { GroupRecord, SessionRecord } from '../model/effect.js'
import type { RowStatus, Value } from '../model/values.js'
import { APP_ITEM_PAGE } from '../model/values.js'

export interface StateRow {
  session: number
  app: number
  /** null for application items. */
  page: number | null
  item: string
  value: Value
  status: RowStatus
}

export interface UserRow {
  user: string
  app: number
  item: string
  value: Value
}

export type TableRow = Record<string, Value>

export function rowKey(app: number, page: number | null, item: string): string {
  return `${app}\u0000${page ?? APP_ITEM_PAGE}\u0000${item}`
}

export function userKey(user: string, app: number, item: string): string {
  return `${user}\u0000${app}\u0000${item}`
}

export function tableKey(app: number, table: string): string {
  return `${app}\u0000${table}`
}

export class SessionState {
  readonly sessions = new Map<number, SessionRecord>()
  readonly groups = new Map<number, GroupRecord>()
  /** session ID → row key → row. */
  readonly rows = new Map<number, Map<string, StateRow>>()
  readonly userRows = new Map<string, UserRow>()
  readonly tables = new Map<string, TableRow[]>()

  getRow(session: number, app: number, page: number | null, item: string): StateRow | undefined {
    return this.rows.get(session)?.get(rowKey(app, page, item))
  }

  rowsOf(session: number): StateRow[] {
    const m = this.rows.get(session)
    return m ? [...m.values()] : []
  }

  getUserRow(user: string, app: number, item: string): UserRow | undefined {
    return this.userRows.get(userKey(user, app, item))
  }

  tableRows(app: number, table: string): TableRow[] {
    return this.tables.get(tableKey(app, table)) ?? []
  }

  /** Sessions that exist and have not ended. */
  liveSessions(): SessionRecord[] {
    return [...this.sessions.values()].filter((s) => s.ended === null)
  }

  /** A deep, independent copy (used for checkpoints and for tests of reversibility). */
  clone(): SessionState {
    const c = new SessionState()
    for (const [k, v] of this.sessions) c.sessions.set(k, { ...v, apps: [...v.apps] })
    for (const [k, v] of this.groups) c.groups.set(k, { ...v })
    for (const [k, m] of this.rows) {
      const copy = new Map<string, StateRow>()
      for (const [rk, r] of m) copy.set(rk, { ...r })
      c.rows.set(k, copy)
    }
    for (const [k, v] of this.userRows) c.userRows.set(k, { ...v })
    for (const [k, v] of this.tables) c.tables.set(k, v.map((r) => ({ ...r })))
    return c
  }

  /**
   * A canonical plain-object image: equal states give deep-equal snapshots,
   * whatever order their maps were filled in.
   */
  snapshot(): StateSnapshot {
    const byKey = <T>(entries: [string | number, T][]) =>
      entries.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0)).map((e) => e[1])
    const rows: StateRow[] = []
    for (const m of this.rows.values()) for (const r of m.values()) rows.push({ ...r })
    rows.sort(compareRows)
    return {
      sessions: byKey([...this.sessions.entries()]).map((s) => ({ ...s, apps: [...s.apps] })),
      groups: byKey([...this.groups.entries()]).map((g) => ({ ...g })),
      rows,
      userRows: byKey([...this.userRows.entries()]).map((r) => ({ ...r })),
      tables: byKey([...this.tables.entries()].map(([k, v]) => [k, { key: k, rows: v.map((r) => ({ ...r })) }] as [string, { key: string; rows: TableRow[] }])),
    }
  }
}

export interface StateSnapshot {
  sessions: SessionRecord[]
  groups: GroupRecord[]
  rows: StateRow[]
  userRows: UserRow[]
  tables: { key: string; rows: TableRow[] }[]
}

export function compareRows(a: StateRow, b: StateRow): number {
  return (
    a.session - b.session ||
    a.app - b.app ||
    (a.page ?? APP_ITEM_PAGE) - (b.page ?? APP_ITEM_PAGE) ||
    (a.item < b.item ? -1 : a.item > b.item ? 1 : 0)
  )
}
