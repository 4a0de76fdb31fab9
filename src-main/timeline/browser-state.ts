/**
 * Which browsers exist at a step, with their cookies (issue #16) — for the
 * Sessions view's browser level, the URL bar and the state at a point.
 *
 * The timeline keeps a per-trace index of the positions of `browser` and
 * `cookie` effects only (a browser's first event, a new session, a login, a
 * logout), appended as effects are stored (effect-checking.ts), or built by
 * one scan of the op column for a timeline restored from its parts. Which
 * sessions a browser owns is not kept here: every session record names its
 * browser, so the state at a point already says it (a `pageShown` of an owned
 * session is not a browser change, and indexing it made the index grow by a
 * request). Cookie effects can still be one per request that starts a
 * session, so the index keeps a snapshot of the browsers every few thousand
 * entries: an answer copies the nearest snapshot before the point and applies
 * fewer entries than that, never the whole index. It is the same whether the
 * timeline was reached by seeking forward, backward or by replaying from the
 * start.
 *
 * Sessions started by events that name no browser (every trace older than
 * issue #16) belong to implicit browsers that are not materialised: they are
 * not listed here. `implicitBrowserOf` names the one a session without a
 * `browser` belongs to, for a view that wants to show it.
 */
import type { SessionRecord } from '../engine/model/effect.js'
import { I32 } from './columns/growable.js'
import { OP_BROWSER, OP_COOKIE } from './codes.js'
import type { TimelineColumns } from './timeline-columns.js'

/** One cookie a browser holds. */
export interface BrowserCookie {
  name: string
  path: string
  value: string
  /** The session the cookie pointed to when it was set (null when the effect named none). */
  session: number | null
}

/** A browser at a step. */
export interface BrowserAtStep {
  name: string
  /** Cookies in the order they were first set. */
  cookies: BrowserCookie[]
}

/** Browser name → its cookies by `name NUL path`, in first-set order. */
type Jars = Map<string, Map<string, BrowserCookie>>

/** Positions of browser and cookie effects, kept in step with the effect columns, and snapshots along them. */
interface BrowserIndex {
  list: I32
  /** Effects up to here have been looked at. */
  upTo: number
  /** Index entries between snapshots (four of the timeline's checkpoint intervals: 4,096 by default). */
  every: number
  /** snapshots[k]: the browsers after the first (k + 1) * every index entries. */
  snapshots: Jars[]
  /** The browsers after the first `applied` entries, carried forward to make the next snapshot. */
  building: Jars
  applied: number
}

const indexes = new WeakMap<TimelineColumns, BrowserIndex>()

function indexOf(cols: TimelineColumns): BrowserIndex {
  let idx = indexes.get(cols)
  if (!idx) indexes.set(cols, (idx = { list: new I32(), upTo: 0, every: 4 * cols.checkpointEvery, snapshots: [], building: new Map(), applied: 0 }))
  const op = cols.effectOp.raw
  const n = cols.effectCount
  for (let i = idx.upTo; i < n; i++) {
    const o = op[i]
    if (o === OP_BROWSER || o === OP_COOKIE) idx.list.push(i)
  }
  idx.upTo = n
  return idx
}

/** The index of browser and cookie effect positions, brought up to the last stored effect (the op column is looked at once per effect, ever). */
export function browserEffectPositions(cols: TimelineColumns): I32 {
  return indexOf(cols).list
}

/** Forgets the index (effects were dropped: TimelineColumns.truncateTo). */
export function forgetBrowserState(cols: TimelineColumns): void {
  indexes.delete(cols)
  heads.delete(cols)
}

/** Browsers and their cookies (name NUL path → value) after every stored effect, for checking the next one. */
interface Head {
  list: I32
  applied: number
  browsers: Map<string, Map<string, string>>
}
const heads = new WeakMap<TimelineColumns, Head>()

/**
 * The browsers as of the last stored effect, kept up to date incrementally:
 * effect-checking.ts checks each new browser or cookie effect against it in
 * constant time, however many came before.
 */
export function browsersAtHead(cols: TimelineColumns): ReadonlyMap<string, ReadonlyMap<string, string>> {
  const list = browserEffectPositions(cols)
  let h = heads.get(cols)
  if (!h || h.list !== list) heads.set(cols, (h = { list, applied: 0, browsers: new Map() }))
  for (; h.applied < list.length; h.applied++) {
    const i = list.get(h.applied)
    const op = cols.effectOp.get(i)
    if (op === OP_BROWSER) h.browsers.set(cols.names.get(cols.effectItem.get(i)), new Map())
    else if (op === OP_COOKIE) {
      const jar = h.browsers.get(cols.names.get(cols.effectKey.get(i)))
      if (!jar) continue
      const key = `${cols.names.get(cols.effectItem.get(i))}\u0000${cols.names.get(cols.effectPage.get(i))}`
      const to = cols.effectTo.get(i)
      if (to < 0) jar.delete(key)
      else jar.set(key, cols.values.get(to))
    }
  }
  return h.browsers
}

/** Applies index entry at effect position `i` to `jars`. */
function apply(cols: TimelineColumns, jars: Jars, i: number): void {
  if (cols.effectOp.get(i) === OP_BROWSER) {
    jars.set(cols.names.get(cols.effectItem.get(i)), new Map())
    return
  }
  const jar = jars.get(cols.names.get(cols.effectKey.get(i)))
  if (!jar) return
  const name = cols.names.get(cols.effectItem.get(i))
  const path = cols.names.get(cols.effectPage.get(i))
  const to = cols.effectTo.get(i)
  const key = `${name}\u0000${path}`
  if (to < 0) jar.delete(key)
  else {
    const sess = cols.effectSession.get(i)
    jar.set(key, { name, path, value: cols.values.get(to), session: sess < 0 ? null : cols.sessionIds.get(sess) })
  }
}

/** A copy (cookies are never changed in place, only replaced, so the inner maps' values are shared). */
const copyJars = (jars: Jars): Jars => new Map([...jars].map(([name, jar]) => [name, new Map(jar)]))

/** How many index entries lie before effect position `end` (positions ascend). */
function entriesBefore(list: I32, end: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list.get(mid) < end) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The browsers after the effects before position `end` (an effect position: 0 = before anything). */
export function browsersAtEffect(cols: TimelineColumns, end: number): BrowserAtStep[] {
  const idx = indexOf(cols)
  const k = entriesBefore(idx.list, end)
  const snapshot = Math.floor(k / idx.every)
  // Snapshots are made once, in order, as answers first need them.
  while (idx.snapshots.length < snapshot) {
    const upTo = (idx.snapshots.length + 1) * idx.every
    for (; idx.applied < upTo; idx.applied++) apply(cols, idx.building, idx.list.get(idx.applied))
    idx.snapshots.push(copyJars(idx.building))
  }
  const jars = snapshot === 0 ? new Map() : copyJars(idx.snapshots[snapshot - 1]!)
  for (let e = snapshot * idx.every; e < k; e++) apply(cols, jars, idx.list.get(e))
  return [...jars].map(([name, jar]) => ({ name, cookies: [...jar.values()] }))
}

/**
 * The browsers after step `step` (all its effects applied); `step` -1 is
 * before the first step. A step past the end answers the state at the end.
 */
export function browsersAt(cols: TimelineColumns, step: number): BrowserAtStep[] {
  if (!Number.isInteger(step) || step < -1) throw new RangeError(`browsersAt: step ${step} is not a step number (-1 or more)`)
  const end = step + 1 >= cols.stepCount ? cols.effectCount : cols.stepFirstEffect.get(step + 1)
  return browsersAtEffect(cols, end)
}

/**
 * The implicit browser a session without a `browser` belongs to: one per
 * clone group (clones share the cookie), named `~` and the group's ID. It is
 * a name for display; the engine never holds such a browser.
 */
export function implicitBrowserOf(rec: Pick<SessionRecord, 'groupId'>): string {
  return `~${rec.groupId}`
}

/** The browser a session belongs to: its record's, else its implicit one. */
export function browserOfSession(rec: Pick<SessionRecord, 'groupId' | 'browser'>): string {
  return rec.browser ?? implicitBrowserOf(rec)
}
