/**
 * Which session does this request join? (issue #16) — a pure function of
 * the browser's cookie, the URL's session ID, the Rejoin Sessions setting,
 * whether the candidate session is public or authenticated, whether the URL
 * carries a payload and whether its checksum is valid. The answer says why,
 * in words a teacher can read out.
 *
 * The rules (sources and decisions: docs/decisions.md, "Issue 16"):
 * 1. A URL naming a live session this browser's cookie holds joins it.
 * 2. A URL naming a live session the cookie does NOT hold (a pasted link,
 *    another browser's session) never joins it: a new session starts and
 *    its cookie replaces the browser's — which is why "a pasted link logs
 *    you out" (seed 001 §3.5.2; Pretius, "APEX application links").
 * 3. A URL naming no session (empty or 0) or an unknown one starts a new
 *    session, unless Rejoin Sessions lets it continue the session the
 *    cookie holds: `public` for a session nobody has logged into, `all`
 *    also for an authenticated one, but then only when the URL has no
 *    payload (request, clear cache, item values) or a valid checksum
 *    (reference §8.3, PE property 736; Oracle Support 2377733.1).
 */
import type { CookieJar } from './cookie-jar.js'
import { cookieValue } from './cookie-jar.js'
import type { EffectiveRejoin } from './rejoin-sessions.js'
import { rejoinLabel } from './rejoin-sessions.js'
import type { SessionCookieSpec } from './session-cookie.js'

/** What the decision needs to know about a live session. */
export interface SessionView {
  id: number
  /** The session record's cookie value (clones share it; login renews it). */
  cookie: string
  /** Someone logged into it (APEX: not a public session). */
  authenticated: boolean
  /** Creation time on the simulated clock: the original of a clone group is the earliest. */
  createdAt: number
}

/** The outcome of the URL's checksum, as engine/url/checksum.ts reports it. */
export type ChecksumState = 'valid' | 'missing' | 'invalid'

export interface JoinQuestion {
  /** The requesting browser's jar (any of its tabs: they share it). */
  jar: CookieJar
  /** The app's session cookie. */
  cookie: SessionCookieSpec
  /** The URL's session part as written: '' / '0' (none) or digits. Anything else is the caller's error to report first. */
  urlSession: string
  /** Live sessions (not expired, not logged out) by ID. */
  live: ReadonlyMap<number, SessionView>
  /** The Rejoin Sessions setting that applies to the requested page. */
  rejoin: EffectiveRejoin
  /** The URL sets a request, clear cache or item values. */
  payload: boolean
  checksum: ChecksumState
}

export type JoinDecision =
  | {
      kind: 'join'
      session: number
      /** 'url': the URL named it and the cookie holds it; 'rejoin': found through the cookie (Rejoin Sessions). */
      via: 'url' | 'rejoin'
      reason: string
    }
  | {
      kind: 'new'
      /** The URL named this live session but the browser does not hold it: it is left alone, not joined. */
      refused: number | null
      /** The session the browser's cookie held before, which the new session's cookie replaces (it stays on the server until it times out). */
      replaces: number | null
      reason: string
    }

export function decideJoin(q: JoinQuestion): JoinDecision {
  const held = cookieValue(q.jar, q.cookie.name, q.cookie.path)
  const heldSession = held === null ? undefined : originalOf(q.live, held)
  const cookieWords = `this browser's cookie ${q.cookie.name}`
  const slot = q.urlSession.trim()
  // The lifecycle refuses a non-numeric session part before asking (show.ts); a caller that does not gets told where.
  if (slot !== '' && !/^\d+$/.test(slot)) throw new RangeError(`decideJoin: the URL's session part ${JSON.stringify(q.urlSession)} is not a session ID (digits, '', or 0)`)
  const named = slot === '' || /^0+$/.test(slot) ? null : Number(slot)
  // Past 2^53 digits no longer name one number (…993 reads as …992): such an ID names no live session.
  if (named !== null && !Number.isSafeInteger(named)) {
    const opening = `session ${slot} does not exist (too many digits for a session ID)`
    return heldSession === undefined
      ? { kind: 'new', refused: null, replaces: null, reason: `${opening} and ${cookieWords} holds no live session: a new session starts` }
      : { kind: 'new', refused: null, replaces: heldSession.id, reason: `${opening}: a new session starts and replaces session ${heldSession.id} in this browser (it seems logged out)` }
  }

  if (named !== null) {
    const target = q.live.get(named)
    if (target !== undefined) {
      // Rule 1 and 2: the cookie is the proof of ownership, whatever the URL says.
      if (held !== null && target.cookie === held) return { kind: 'join', session: named, via: 'url', reason: `session ${named} is held by ${cookieWords}` }
      return {
        kind: 'new',
        refused: named,
        replaces: heldSession?.id ?? null,
        reason:
          `session ${named} is not held by ${cookieWords}${held === null ? ' (no such cookie)' : ''}: APEX does not join a session from another browser, ` +
          `so a new session starts${heldSession ? ` and replaces session ${heldSession.id} in this browser (it seems logged out)` : ''}`,
      }
    }
  }

  // Rule 3: no usable session in the URL.
  const opening = named === null ? 'the URL names no session' : `session ${named} does not exist`
  if (heldSession === undefined) return { kind: 'new', refused: null, replaces: null, reason: `${opening} and ${cookieWords} holds no live session: a new session starts` }
  const lose = `${opening}; Rejoin Sessions is ${rejoinLabel(q.rejoin.setting)} (${q.rejoin.why})`
  const fresh = (why: string): JoinDecision => ({
    kind: 'new',
    refused: null,
    replaces: heldSession.id,
    reason: `${lose}: ${why}, so a new session starts and replaces session ${heldSession.id} in this browser (it seems logged out)`,
  })
  if (q.rejoin.setting === 'disabled') return fresh('no session is rejoined')
  if (!heldSession.authenticated)
    return { kind: 'join', session: heldSession.id, via: 'rejoin', reason: `${lose}: the public session ${heldSession.id} held by ${cookieWords} is rejoined` }
  if (q.rejoin.setting === 'public') return fresh(`session ${heldSession.id} is authenticated and only public sessions are rejoined`)
  if (q.payload && q.checksum !== 'valid')
    return fresh(`the URL sets a request, clear cache or item values ${q.checksum === 'missing' ? 'without a checksum' : 'with a checksum that does not verify'}, which an authenticated session is only rejoined with`)
  return {
    kind: 'join',
    session: heldSession.id,
    via: 'rejoin',
    reason: `${lose}: the authenticated session ${heldSession.id} held by ${cookieWords} is rejoined (${q.payload ? 'the URL\'s checksum is valid' : 'the URL carries no payload'})`,
  }
}

/**
 * The session a cookie value points to. Clones share the value (reference §9),
 * so several live sessions may match; decision: the earliest created (the
 * group's original), ties by the lower ID — APEX does not document which.
 */
export function originalOf(live: ReadonlyMap<number, SessionView>, cookie: string): SessionView | undefined {
  let best: SessionView | undefined
  for (const s of live.values()) {
    if (s.cookie !== cookie) continue
    if (best === undefined || s.createdAt < best.createdAt || (s.createdAt === best.createdAt && s.id < best.id)) best = s
  }
  return best
}
