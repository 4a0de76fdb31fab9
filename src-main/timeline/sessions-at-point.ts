/**
 * The sessions at a point for the Sessions panel (timeline.sessions,
 * timeline.browsers, browser.open), read from the timeline's columns — the
 * same sessions, statuses and fields as the state at the point's session
 * list (state-at-point.ts), but built whole only for the rows a window shows.
 *
 * Why (issue #14): at 100,000 sessions building every session object at a
 * new point (record, apps, group, expiry) cost the engine 1.4–1.6 s for the
 * panel's first window, and the engine answered nothing meanwhile. Here a
 * point costs one pass over the slots that copies two indexes per session
 * (its record and its clone group's record); the panel's order and filter
 * read fields through them (session-filter.ts).
 *
 * One build per point serves all three methods: `sessionsAtPoint` keeps the
 * last few per timeline, apart from the state-answer cache, so the panel's
 * asks never push out timeline.state's answers that End and Home come back to.
 */
import { expiryReason } from '../engine/runtime/session-lifecycle.js'
import type { GroupRecord } from '../engine/model/effect.js'
import type { TimelineSession } from './results.js'
import { sessionView } from './session-view.js'
import { cloneTreeInSlices } from './session-filter.js'
import { SliceCounter, inOneSlice, runWhole } from './work-slices.js'
import { sortByCreationInSlices } from './index-sort.js'
import type { Sliced } from './work-slices.js'
import type { CloneTree, SessionColumns, SessionList } from './session-filter.js'
import type { Point, Timeline } from './timeline.js'
import { filterTreeInSlices, windowOf } from './session-window.js'
import type { SessionWindow, SessionWindowRequest } from './session-window.js'

/** The `ended` column's codes (columns/records.ts). */
const ENDED = [null, 'expired', 'loggedOut'] as const

type Extra = Record<string, unknown>

/** The sessions at one point, by index in the state's session list order (creation time, then ID). */
export class SessionsAtPoint implements SessionList {
  readonly length: number
  /** Trees and windows made from these sessions, by the request that made them (a few, most recent last). */
  readonly derived = new Map<string, unknown>()
  private readonly lower = new Map<number, string>()
  private byId: Map<number, number> | null = null

  constructor(
    private readonly tl: Timeline,
    /** Simulated time at the point (a session's status and idle time depend on it). */
    readonly now: number,
    /** Session record index of each session. */
    private readonly record: Int32Array,
    /** Its clone group's record index at the point (-1: no group record). */
    private readonly groupRecord: Int32Array,
    readonly columns: SessionColumns,
    /** Fields a record holds beyond (or instead of) the columns, by session index (columns/records.ts `extras`); mostly `browser`. */
    private readonly extra: ReadonlyMap<number, Extra>,
  ) {
    this.length = record.length
  }

  /** A field from the record's extras when it has it there (they override the columns, as SessionRecords.get does). */
  private field(i: number, name: string): { v: unknown } | null {
    const e = this.extra.get(i)
    return e && name in e ? { v: e[name] } : null
  }

  groupId(i: number): number {
    const f = this.field(i, 'groupId')
    return f ? (f.v as number) : this.tl.cols.sessionRecords.groupId.raw[this.record[i]!]!
  }

  alias(i: number): string | null {
    const f = this.field(i, 'alias')
    if (f) return f.v as string | null
    const a = this.tl.cols.sessionRecords.alias.raw[this.record[i]!]!
    return a < 0 ? null : this.tl.cols.names.get(a)
  }

  private ended(i: number): SessionRecordEnded {
    const f = this.field(i, 'ended')
    return f ? (f.v as SessionRecordEnded) : (ENDED[this.tl.cols.sessionRecords.ended.raw[this.record[i]!]!] ?? null)
  }

  private group(i: number): GroupRecord | undefined {
    const g = this.groupRecord[i]!
    return g < 0 ? undefined : this.tl.cols.groupRecords.get(g)
  }

  /** Whether the session's clone group is past a limit at the point (expiryReason, read from the columns). */
  private groupExpired(i: number): boolean {
    const g = this.groupRecord[i]!
    if (g < 0) return false
    const groups = this.tl.cols.groupRecords
    if (groups.extras.has(g)) return expiryReason(groups.get(g), this.now) !== null
    const maxLen = groups.maxLen.raw[g]!
    const maxIdle = groups.maxIdle.raw[g]!
    return (maxLen > 0 && this.now - groups.createdAt.raw[g]! > maxLen) || (maxIdle > 0 && this.now - groups.lastActivity.raw[g]! > maxIdle)
  }

  status(i: number): TimelineSession['status'] {
    const ended = this.ended(i)
    return ended === 'expired' ? 'expired' : ended ? 'deleted' : this.groupExpired(i) ? 'expired' : 'active'
  }

  /** A name from the names table, lower-cased once per point. */
  private lowerName(id: number): string {
    let s = this.lower.get(id)
    if (s === undefined) this.lower.set(id, (s = this.tl.cols.names.get(id).toLowerCase()))
    return s
  }

  /**
   * sessionMatches (session-filter.ts) without building the session. The fields it looks at are made into
   * one lower-case text per session on the first filter at this point (ID, alias, user and status joined
   * by NUL, which no typed filter holds), so each later filter typed there is one `includes` per session.
   */
  matches(i: number, needle: string): boolean {
    if (needle.includes('\u0000')) return this.matchesByField(i, needle)
    // Made session by session as the filter reaches them (not all at the first), so a filter in slices is sliced here too.
    const texts = (this.texts ??= new Array<string | undefined>(this.length))
    return (texts[i] ??= this.filterText(i)).includes(needle)
  }

  private texts: (string | undefined)[] | null = null

  /** What the filter looks at, lower-cased: ID, alias, user, status, NUL between them. */
  private filterText(i: number): string {
    const r = this.record[i]!
    const sr = this.tl.cols.sessionRecords
    const alias = this.field(i, 'alias')
    const user = this.field(i, 'user')
    const aliasText = alias ? ((alias.v as string | null) ?? '').toLowerCase() : sr.alias.raw[r]! >= 0 ? this.lowerName(sr.alias.raw[r]!) : ''
    const userText = user ? ((user.v as string | null) ?? '').toLowerCase() : sr.user.raw[r]! >= 0 ? this.lowerName(sr.user.raw[r]!) : ''
    return `${String(this.columns.id[i])}\u0000${aliasText}\u0000${userText}\u0000${this.status(i)}`
  }

  /** The same, field by field (a filter holding NUL). */
  private matchesByField(i: number, needle: string): boolean {
    if (String(this.columns.id[i]).includes(needle)) return true
    const r = this.record[i]!
    const sr = this.tl.cols.sessionRecords
    const alias = this.field(i, 'alias')
    if (alias) {
      if (((alias.v as string | null) ?? '').toLowerCase().includes(needle)) return true
    } else if (sr.alias.raw[r]! >= 0 && this.lowerName(sr.alias.raw[r]!).includes(needle)) return true
    const user = this.field(i, 'user')
    if (user) {
      if (((user.v as string | null) ?? '').toLowerCase().includes(needle)) return true
    } else if (sr.user.raw[r]! >= 0 && this.lowerName(sr.user.raw[r]!).includes(needle)) return true
    return this.status(i).includes(needle)
  }

  /** The session as the state's session list gives it (with its group and expiry). */
  session(i: number): TimelineSession {
    return sessionView(this.tl.cols.sessionRecords.get(this.record[i]!), this.group(i), this.now, true)
  }

  /** The alias of the session with this ID among these sessions (null: none, or no alias); the map is made on first use. */
  aliasOf(id: number): string | null {
    if (!this.byId) runWhole(this.indexIds(new SliceCounter(Infinity)))
    const i = this.byId!.get(id)
    return i === undefined ? null : this.alias(i)
  }

  /** Makes aliasOf's map (ID → index) in slices, when it is not made yet: a cookie's session is named through it. */
  *indexIds(slice = new SliceCounter()): Sliced<void> {
    if (this.byId) return
    const byId = new Map<number, number>()
    for (let i = 0; i < this.length; i++) {
      if (slice.add()) yield
      byId.set(this.columns.id[i]!, i)
    }
    this.byId = byId
  }

  /** The browser the session's record names (undefined: its clone group's implicit one). */
  browser(i: number): string | undefined {
    const b = this.columns.browser[i]!
    return b < 0 ? undefined : this.columns.browserNames[b]
  }

  /** Every session, built whole (for tests and small lists). */
  all(): TimelineSession[] {
    return Array.from({ length: this.length }, (_, i) => this.session(i))
  }
}

type SessionRecordEnded = TimelineSession['ended']

/**
 * One pass over the slots at the point: which sessions are there (and, with `liveOnly`, not ended), with
 * their records and the columns the panel reads; then the list's order — by creation time, then ID (a
 * slot keeps its place when a login gives its session a new ID, so slot order is not it), sorted only
 * when the slots do not already give it.
 */
function* build(tl: Timeline, p: Point, liveOnly: boolean, slice: SliceCounter): Sliced<SessionsAtPoint> {
  tl.seek(p)
  const now = tl.timeAt(p)
  const c = tl.cols
  const cursor = tl.state
  const sr = c.sessionRecords
  const endedCol = sr.ended.raw
  const idCol = sr.id.raw
  const createdCol = sr.createdAt.raw
  const groupCol = sr.groupId.raw
  let slotRecord = cursor.slotRecord
  const slots = c.slotFirstSession.length
  const record = new Int32Array(slots)
  const groupRecord = new Int32Array(slots)
  const id = new Float64Array(slots)
  const createdAt = new Float64Array(slots)
  const group = new Int32Array(slots)
  const browser = new Int32Array(slots).fill(-1)
  const extraBySlot = new Map<number, Extra>()
  /** Groups the timeline does not know (a record naming a group with no record): numbered past its own. */
  const strayGroups = new Map<number, number>()
  const browserIndex = new Map<string, number>()
  let n = 0
  let sorted = true
  for (let s = 0; s < slots; s++) {
    if (slice.add()) {
      yield
      // Calls answered between two slices move the shared cursor (a key press's navigate): back to this point.
      // The timeline itself did not change (answerInSlices checks its counts), so the columns read still hold.
      tl.seek(p)
      slotRecord = cursor.slotRecord
    }
    // A slot left empty by a checkpoint is absent or a tombstone (ended): not live.
    if (liveOnly && slotRecord[s] === -1) continue
    const r = cursor.recordOf(s)
    if (r < 0) continue
    const e = sr.extras.get(r)
    if (liveOnly && (e && 'ended' in e ? e.ended : (ENDED[endedCol[r]!] ?? null)) !== null) continue
    const groupId = e && 'groupId' in e ? (e.groupId as number) : groupCol[r]!
    let g = c.groupIndexOf(groupId)
    record[n] = r
    groupRecord[n] = g < 0 ? -1 : cursor.groupRecord[g]!
    if (g < 0) {
      g = strayGroups.get(groupId) ?? -1
      if (g < 0) strayGroups.set(groupId, (g = strayGroups.size))
      g += c.groupIds.length
    }
    group[n] = g
    id[n] = e && 'id' in e ? (e.id as number) : idCol[r]!
    createdAt[n] = e && 'createdAt' in e ? (e.createdAt as number) : createdCol[r]!
    if (e) {
      extraBySlot.set(n, e)
      if (e.browser !== undefined) {
        const name = e.browser as string
        let b = browserIndex.get(name) ?? -1
        if (b < 0) browserIndex.set(name, (b = browserIndex.size))
        browser[n] = b
      }
    }
    if (n > 0 && (createdAt[n - 1]! - createdAt[n]! || id[n - 1]! - id[n]!) > 0) sorted = false
    n++
  }
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  if (!sorted) yield* sortByCreationInSlices(order, createdAt, id, slice)
  const pick = <T extends Int32Array | Float64Array>(col: T, make: (len: number) => T): T => {
    const out = make(n)
    for (let i = 0; i < n; i++) out[i] = col[order[i]!]!
    return out
  }
  const extra = new Map<number, Extra>()
  // Sliced: a trace naming browsers gives every session extras, and 100,000 map reads and writes are tens of ms.
  if (extraBySlot.size > 0)
    for (let i = 0; i < n; i++) {
      if (slice.add()) yield
      const e = extraBySlot.get(order[i]!)
      if (e) extra.set(i, e)
    }
  const ints = (len: number) => new Int32Array(len)
  const floats = (len: number) => new Float64Array(len)
  const columns: SessionColumns = {
    id: pick(id, floats),
    createdAt: pick(createdAt, floats),
    group: pick(group, ints),
    groupCount: c.groupIds.length + strayGroups.size,
    browser: pick(browser, ints),
    browserNames: [...browserIndex.keys()],
  }
  return new SessionsAtPoint(tl, now, pick(record, ints), pick(groupRecord, ints), columns, extra)
}

/** How many points' sessions are kept per timeline (the point shown, the one before, Home, End). */
const KEPT = 4

interface Kept {
  counts: string
  points: Map<string, SessionsAtPoint>
}
const keptByTimeline = new WeakMap<Timeline, Kept>()

/**
 * The sessions at a point (every one, or with `liveOnly` the live ones), built once and kept while the
 * timeline is as it was (a timeline only grows; its step and effect counts say whether they still hold).
 */
export function sessionsAtPoint(tl: Timeline, p: Point, liveOnly: boolean): SessionsAtPoint {
  return runWhole(sessionsAtPointInSlices(tl, p, liveOnly))
}

/** The same, in slices (work-slices.ts): kept only once built whole, so work dropped between slices leaves nothing half made. */
export function* sessionsAtPointInSlices(tl: Timeline, p: Point, liveOnly: boolean, slice = new SliceCounter()): Sliced<SessionsAtPoint> {
  const counts = `${tl.stepCount}/${tl.effectCount}`
  const key = `${p.step}|${p.phase ?? null}|${liveOnly}`
  const found = keptByTimeline.get(tl)
  let at = found?.counts === counts ? found.points.get(key) : undefined
  at ??= yield* build(tl, p, liveOnly, slice)
  // Read again: while this was built, nothing changed the timeline (or the work would have been dropped), but another ask may have kept its own.
  let kept = keptByTimeline.get(tl)
  if (kept?.counts !== counts) keptByTimeline.set(tl, (kept = { counts, points: new Map() }))
  kept.points.delete(key)
  // Most recently asked last: the first is the one to drop.
  kept.points.set(key, at)
  if (kept.points.size > KEPT) kept.points.delete(kept.points.keys().next().value!)
  return at
}

/** What `make` made from these sessions for `key` (a tree, a filtered tree), kept with them: a scroll costs a slice. */
export function derivedFrom<T>(at: SessionsAtPoint, key: string, make: () => T): T {
  return runWhole(derivedInSlices(at, key, () => inOneSlice(make)))
}

/** The same, `make` in slices; kept once made whole. */
export function* derivedInSlices<T>(at: SessionsAtPoint, key: string, make: () => Sliced<T>): Sliced<T> {
  let v = at.derived.get(key) as T | undefined
  if (v === undefined) v = yield* make()
  else at.derived.delete(key)
  at.derived.set(key, v)
  if (at.derived.size > KEPT) at.derived.delete(at.derived.keys().next().value!)
  return v
}

/** The clone-group trees of every session at the point, made once and kept with them (timeline.sessions and timeline.browsers' flat list). */
export function flatCloneTree(at: SessionsAtPoint): CloneTree {
  return runWhole(flatCloneTreeInSlices(at))
}

export function flatCloneTreeInSlices(at: SessionsAtPoint, slice = new SliceCounter()): Sliced<CloneTree> {
  return derivedInSlices(at, 'tree', () => cloneTreeInSlices(at, undefined, undefined, slice))
}

/**
 * timeline.sessions' answer in slices: one window of the flat list at a point, filtered. The sessions, their
 * trees and each filter's result are kept with the point, so the next window or the same filter costs a slice.
 */
export function* sessionsWindowInSlices(tl: Timeline, p: Point, liveOnly: boolean, req: SessionWindowRequest, slice = new SliceCounter()): Sliced<SessionWindow> {
  const sessions = yield* sessionsAtPointInSlices(tl, p, liveOnly, slice)
  const filtered = yield* derivedInSlices(sessions, JSON.stringify(['sessions', (req.filter ?? '').trim().toLowerCase()]), function* () {
    return yield* filterTreeInSlices(sessions, yield* flatCloneTreeInSlices(sessions, slice), req.filter, slice)
  })
  return windowOf(sessions, filtered, req.offset, req.limit)
}
