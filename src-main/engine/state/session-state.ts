/**
 * The complete simulated state at one point in time, in memory.
 *
 * Everything the engine knows about sessions lives here: session and clone
 * group records, session-state rows, the Per User store and simulator tables.
 * It is changed only by applying effects (apply-effect.ts), which keeps every
 * change reversible and lets the timeline rebuild any point from checkpoints.
 */
import type { Browser } from '../browsers/browser.js'
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

/**
 * The session records, keyed by ID, with two indexes kept in step with every
 * `set` and `delete` (whoever calls them: effects, the store's load, the
 * timeline): alias → IDs and clone group → IDs. Resolving an alias and finding
 * a group's members ran a scan over every session ever created (tombstones
 * included) several times per request; with thousands of sessions that scan
 * was the engine's single largest cost. The indexes answer in the Map's own
 * iteration order (insertion order, which `seq` records), so every caller sees
 * exactly what a scan would have returned.
 */
export class SessionMap extends Map<number, SessionRecord> {
  /** Alias → IDs, and clone group → IDs, each list in iteration order. */
  private readonly byAlias = new Map<string, number[]>()
  private readonly byGroup = new Map<number, number[]>()
  /** Insertion number of each key: the Map iterates keys in ascending `seq`. */
  private readonly seq = new Map<number, number>()
  private nextSeq = 0

  constructor() {
    // No initial entries: Map's constructor would call `set` before the indexes exist.
    super()
  }

  override set(id: number, rec: SessionRecord): this {
    const old = super.get(id)
    if (old === undefined) {
      this.seq.set(id, this.nextSeq++)
      this.addTo(this.byGroup, rec.groupId, id)
      if (rec.alias !== null) this.addTo(this.byAlias, rec.alias, id)
    } else {
      if (old.groupId !== rec.groupId) {
        removeFrom(this.byGroup, old.groupId, id)
        this.addTo(this.byGroup, rec.groupId, id)
      }
      if (old.alias !== rec.alias) {
        if (old.alias !== null) removeFrom(this.byAlias, old.alias, id)
        if (rec.alias !== null) this.addTo(this.byAlias, rec.alias, id)
      }
    }
    return super.set(id, rec)
  }

  override delete(id: number): boolean {
    const old = super.get(id)
    if (old === undefined) return false
    removeFrom(this.byGroup, old.groupId, id)
    if (old.alias !== null) removeFrom(this.byAlias, old.alias, id)
    this.seq.delete(id)
    return super.delete(id)
  }

  override clear(): void {
    this.byAlias.clear()
    this.byGroup.clear()
    this.seq.clear()
    super.clear()
  }

  /** IDs of the sessions (live and ended) that carry this alias, in iteration order; the index's own list, not to be changed. */
  aliasIds(alias: string): readonly number[] | undefined {
    return this.byAlias.get(alias)
  }

  /** Sessions (live and ended) that carry this alias, in iteration order. */
  withAlias(alias: string): SessionRecord[] {
    return this.records(this.byAlias.get(alias))
  }

  /** Sessions (live and ended) of a clone group, in iteration order. */
  inGroup(groupId: number): SessionRecord[] {
    return this.records(this.byGroup.get(groupId))
  }

  private records(ids: readonly number[] | undefined): SessionRecord[] {
    if (ids === undefined) return []
    if (ids.length === 1) return [super.get(ids[0]!)!]
    return ids.map((id) => super.get(id)!)
  }

  /** Adds `id` to the list under `key`, keeping the list in iteration (`seq`) order. */
  private addTo<K>(index: Map<K, number[]>, key: K, id: number): void {
    const ids = index.get(key)
    if (!ids) {
      index.set(key, [id])
      return
    }
    const at = this.seq.get(id)!
    let i = ids.length
    while (i > 0 && this.seq.get(ids[i - 1]!)! > at) i--
    ids.splice(i, 0, id)
  }
}

function removeFrom<K>(index: Map<K, number[]>, key: K, id: number): void {
  const ids = index.get(key)
  if (!ids) return
  const i = ids.indexOf(id)
  if (i >= 0) ids.splice(i, 1)
  if (ids.length === 0) index.delete(key)
}

export class SessionState {
  readonly sessions = new SessionMap()
  readonly groups = new Map<number, GroupRecord>()
  /** session ID → row key → row. */
  readonly rows = new Map<number, Map<string, StateRow>>()
  readonly userRows = new Map<string, UserRow>()
  readonly tables = new Map<string, TableRow[]>()
  /**
   * Issue #16: browsers a trace named (or made implicit), with their cookie
   * jars, in creation order. Empty for every trace that names no browser:
   * sessions without a `browser` field belong to implicit browsers that are
   * never materialised (docs/browsers-and-sessions.md §4).
   */
  readonly browsers = new Map<string, Browser>()

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
    const out: SessionRecord[] = []
    for (const s of this.sessions.values()) if (s.ended === null) out.push(s)
    return out
  }

  /** The first live session (in iteration order) with this alias, as `liveSessions().find(alias)` would give. */
  liveWithAlias(alias: string): SessionRecord | undefined {
    for (const id of this.sessions.aliasIds(alias) ?? []) {
      const s = this.sessions.get(id)!
      if (s.ended === null) return s
    }
    return undefined
  }

  /** The live members of a clone group, in iteration order (as filtering `liveSessions()` would give). */
  liveInGroup(groupId: number): SessionRecord[] {
    return this.sessions.inGroup(groupId).filter((s) => s.ended === null)
  }

  /** The browser that owns a session (its record's `browser`), or undefined for a session of an implicit, unmaterialised browser. */
  ownerOf(sessionId: number): string | undefined {
    return this.sessions.get(sessionId)?.browser
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
    // Browsers and their jars are immutable values: sharing them is a copy.
    for (const [k, v] of this.browsers) c.browsers.set(k, v)
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
    const snap: StateSnapshot = {
      sessions: byKey([...this.sessions.entries()]).map((s) => ({ ...s, apps: [...s.apps] })),
      groups: byKey([...this.groups.entries()]).map((g) => ({ ...g })),
      rows,
      userRows: byKey([...this.userRows.entries()]).map((r) => ({ ...r })),
      tables: byKey([...this.tables.entries()].map(([k, v]) => [k, { key: k, rows: v.map((r) => ({ ...r })) }] as [string, { key: string; rows: TableRow[] }])),
    }
    // Only when a trace has browsers, so the snapshots of every older trace keep their exact shape.
    if (this.browsers.size > 0) snap.browsers = browserSnapshots(this.browsers)
    return snap
  }
}

export interface StateSnapshot {
  sessions: SessionRecord[]
  groups: GroupRecord[]
  rows: StateRow[]
  userRows: UserRow[]
  tables: { key: string; rows: TableRow[] }[]
  /** Issue #16: present only when some browser exists. */
  browsers?: BrowserSnapshot[]
}

/** A browser as a plain object: its cookies sorted by name and path. */
export interface BrowserSnapshot {
  name: string
  cookies: { name: string; path: string; value: string }[]
}

function browserSnapshots(browsers: ReadonlyMap<string, Browser>): BrowserSnapshot[] {
  return [...browsers.values()]
    .map((b) => ({
      name: b.name,
      cookies: [...b.jar.cookies.values()]
        .map((c) => ({ name: c.name, path: c.path, value: c.value }))
        .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.path < y.path ? -1 : x.path > y.path ? 1 : 0)),
    }))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
}

export function compareRows(a: StateRow, b: StateRow): number {
  return (
    a.session - b.session ||
    a.app - b.app ||
    (a.page ?? APP_ITEM_PAGE) - (b.page ?? APP_ITEM_PAGE) ||
    (a.item < b.item ? -1 : a.item > b.item ? 1 : 0)
  )
}
