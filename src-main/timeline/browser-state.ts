/**
 * Which browsers exist at a step, with their cookies and the sessions each
 * owns (issue #16) — for the Sessions view's browser level and the URL bar.
 *
 * Browser and cookie effects are rare (a browser's first event, a login, a
 * logout, a new session), and so are sessions that name their browser. The
 * timeline therefore keeps a small per-trace index of the positions of those
 * effects — `browser`, `cookie`, the `session` effects whose record names a
 * browser, and every `rekey` (a login moves an owned session to a new ID) —
 * appended as effects are stored (effect-checking.ts), or built by one scan
 * of the op column for a timeline restored from its parts. An answer replays
 * only that index up to the step, never the whole effect list, so it is the
 * same whether the timeline was reached by seeking forward, backward or by
 * replaying from the start.
 *
 * Sessions started by events that name no browser (every trace older than
 * issue #16) belong to implicit browsers that are not materialised: they are
 * not listed here. `implicitBrowserOf` names the one a session without a
 * `browser` belongs to, for a view that wants to show it.
 */
import type { SessionRecord } from '../engine/model/effect.js'
import { I32 } from './columns/growable.js'
import { OP_BROWSER, OP_COOKIE, OP_REKEY, OP_SESSION } from './codes.js'
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
  /** Live sessions (not ended) whose record names this browser, in creation order. */
  sessions: number[]
}

/** Positions of browser, cookie, owned-session and rekey effects, kept in step with the effect columns. */
interface BrowserIndex {
  list: I32
  /** Effects up to here have been looked at. */
  upTo: number
}

const indexes = new WeakMap<TimelineColumns, BrowserIndex>()

/**
 * The index, brought up to the last stored effect. The op column is looked
 * at once per effect, ever (incrementally); only a `session` effect costs a
 * record lookup, and only when its record carries extra fields.
 */
export function browserEffectPositions(cols: TimelineColumns): I32 {
  let idx = indexes.get(cols)
  if (!idx) indexes.set(cols, (idx = { list: new I32(), upTo: 0 }))
  const op = cols.effectOp.raw
  const n = cols.effectCount
  for (let i = idx.upTo; i < n; i++) {
    const o = op[i]
    if (o === OP_BROWSER || o === OP_COOKIE || o === OP_REKEY || (o === OP_SESSION && sessionEffectNamesBrowser(cols, i))) idx.list.push(i)
  }
  idx.upTo = n
  return idx.list
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

function recordBrowser(cols: TimelineColumns, rec: number): string | undefined {
  if (rec < 0) return undefined
  const b = cols.sessionRecords.extras.get(rec)?.browser
  return typeof b === 'string' ? b : undefined
}

function sessionEffectNamesBrowser(cols: TimelineColumns, i: number): boolean {
  return recordBrowser(cols, cols.effectFrom.get(i)) !== undefined || recordBrowser(cols, cols.effectTo.get(i)) !== undefined
}

/** The browsers after the effects before position `end` (an effect position: 0 = before anything). */
export function browsersAtEffect(cols: TimelineColumns, end: number): BrowserAtStep[] {
  const list = browserEffectPositions(cols)
  const browsers = new Map<string, { cookies: Map<string, BrowserCookie> }>()
  /** Owned live session ID → its browser, in creation order. */
  const owned = new Map<number, string>()
  for (let k = 0; k < list.length; k++) {
    const i = list.get(k)
    if (i >= end) break
    switch (cols.effectOp.get(i)) {
      case OP_BROWSER:
        browsers.set(cols.names.get(cols.effectItem.get(i)), { cookies: new Map() })
        break
      case OP_COOKIE: {
        const b = browsers.get(cols.names.get(cols.effectKey.get(i)))
        if (!b) break
        const name = cols.names.get(cols.effectItem.get(i))
        const path = cols.names.get(cols.effectPage.get(i))
        const to = cols.effectTo.get(i)
        const key = `${name}\u0000${path}`
        if (to < 0) b.cookies.delete(key)
        else {
          const sess = cols.effectSession.get(i)
          b.cookies.set(key, { name, path, value: cols.values.get(to), session: sess < 0 ? null : cols.sessionIds.get(sess) })
        }
        break
      }
      case OP_REKEY: {
        const from = cols.sessionIds.get(cols.effectSession.get(i))
        const b = owned.get(from)
        if (b !== undefined) {
          owned.delete(from)
          owned.set(cols.sessionIds.get(cols.effectKey.get(i)), b)
        }
        break
      }
      case OP_SESSION: {
        const id = cols.sessionIds.get(cols.effectSession.get(i))
        const to = cols.effectTo.get(i)
        const b = recordBrowser(cols, to)
        // ended: 0 = live (records.ts codes null, 'expired', 'loggedOut' as 0, 1, 2).
        if (b === undefined || cols.sessionRecords.ended.get(to) !== 0) owned.delete(id)
        else if (!owned.has(id)) owned.set(id, b)
        break
      }
    }
  }
  const out: BrowserAtStep[] = []
  for (const [name, b] of browsers) out.push({ name, cookies: [...b.cookies.values()], sessions: [] })
  const byName = new Map(out.map((b) => [b.name, b]))
  for (const [id, b] of owned) byName.get(b)?.sessions.push(id)
  return out
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
