/**
 * Session records over time (semantics §1 and §5): creation, clone groups,
 * activity on the shared idle clock, expiry and deletion. Every change goes
 * through an effect so it can be stepped backward.
 */
import type { GroupRecord, SessionRecord } from '../model/effect.js'
import { ANONYMOUS_USER } from '../model/values.js'
import { cookieValueFor } from '../browsers/session-cookie.js'
import type { EngineContext, EffectiveSettings } from './engine-context.js'
import { removeAllRows } from './state-writes.js'
import type { StepRecorder } from './step-recorder.js'

export type SessionStatus = 'active' | 'expired' | 'deleted'

/** Creates a session in a new clone group of its own. */
export function createSession(
  ctx: EngineContext,
  rec: StepRecorder,
  opts: { alias: string | null; settings: EffectiveSettings; cause: string; browser?: string | null },
): SessionRecord {
  const id = ctx.ids.allocate()
  const group: GroupRecord = {
    id,
    createdAt: ctx.now,
    lastActivity: ctx.now,
    maxSessionLengthSec: opts.settings.maxSessionLengthSec,
    maxSessionIdleSec: opts.settings.maxSessionIdleSec,
  }
  rec.emit({ op: 'group', event: 'created', groupId: id, from: null, to: group, cause: opts.cause })
  const session: SessionRecord = {
    id,
    alias: opts.alias,
    user: ANONYMOUS_USER,
    createdAt: ctx.now,
    groupId: id,
    apps: [],
    currentApp: null,
    currentPage: null,
    ended: null,
    endedAt: null,
  }
  // Issue #16: a session an explicit browser starts records that browser and its cookie value;
  // one started without a browser keeps the exact record of older traces.
  const owned: SessionRecord = opts.browser ? { ...session, browser: opts.browser, cookie: cookieValueFor(id) } : session
  rec.emit({ op: 'session', event: 'created', session: id, from: null, to: owned, cause: opts.cause })
  return owned
}

/** Updates fields of a session record through an effect. */
export function updateSession(
  ctx: EngineContext,
  rec: StepRecorder,
  id: number,
  event: 'loggedIn' | 'joinedApp' | 'pageShown' | 'cloned' | 'cookieRenewed',
  patch: Partial<SessionRecord>,
  cause: string,
): SessionRecord {
  const from = ctx.state.sessions.get(id)
  if (!from) throw new Error(`internal: session ${id} does not exist`)
  // Most updates change nothing (the page shown again): decide that before copying anything.
  if (!changes(from, patch)) return from
  const to = sessionWith(from, patch)
  // `from` is the state's own record, which applying this effect replaces (records are never
  // changed in place), so the effect can keep it as its before-image without a copy.
  rec.emit({ op: 'session', event, session: id, from, to, cause })
  return to
}

/** Activity in any member refreshes the idle clock of the whole clone group. */
export function touchGroup(ctx: EngineContext, rec: StepRecorder, groupId: number, cause: string): void {
  const g = ctx.state.groups.get(groupId)
  if (!g || g.lastActivity === ctx.now) return
  // `g` leaves the state when the effect applies (records are never changed in place): it is the before-image.
  const to: GroupRecord = {
    id: g.id,
    createdAt: g.createdAt,
    lastActivity: ctx.now,
    maxSessionLengthSec: g.maxSessionLengthSec,
    maxSessionIdleSec: g.maxSessionIdleSec,
  }
  rec.emit({ op: 'group', event: 'touched', groupId, from: g, to, cause })
}

/** Why a session can no longer be used at `now`, or null when it is within its limits. */
export function expiryReason(group: GroupRecord | undefined, now: number): string | null {
  if (!group) return null
  if (group.maxSessionLengthSec > 0 && now - group.createdAt > group.maxSessionLengthSec)
    return `maximum session length of ${group.maxSessionLengthSec} s exceeded (session group started at ${group.createdAt} s, now ${now} s)`
  if (group.maxSessionIdleSec > 0 && now - group.lastActivity > group.maxSessionIdleSec)
    return `maximum idle time of ${group.maxSessionIdleSec} s exceeded (last activity at ${group.lastActivity} s, now ${now} s)`
  return null
}

export function sessionStatus(ctx: { state: EngineContext['state'] }, id: number, now: number): SessionStatus {
  const s = ctx.state.sessions.get(id)
  if (!s) return 'deleted'
  if (s.ended === 'expired') return 'expired'
  if (s.ended) return 'deleted'
  return expiryReason(ctx.state.groups.get(s.groupId), now) ? 'expired' : 'active'
}

/**
 * Ends a session: its rows go, its record stays as a tombstone (so the UI
 * and `expect status` can tell expired from logged out), and its clone group
 * goes when no live member is left.
 */
export function endSession(ctx: EngineContext, rec: StepRecorder, id: number, how: 'expired' | 'loggedOut', cause: string): void {
  const s = ctx.state.sessions.get(id)
  if (!s || s.ended) return
  removeAllRows(ctx.state, rec, id, cause)
  const to = sessionWith(s, { ended: how, endedAt: ctx.now })
  // The state's records are replaced (never changed in place) when these effects apply: they are the before-images.
  rec.emit({ op: 'session', event: how === 'expired' ? 'expired' : 'deleted', session: id, from: s, to, cause })
  const stillLive = ctx.state.liveInGroup(s.groupId).length > 0
  const g = ctx.state.groups.get(s.groupId)
  if (!stillLive && g) rec.emit({ op: 'group', event: 'deleted', groupId: g.id, from: g, to: null, cause })
}

/** The live members of a session's clone group (itself included). */
export function groupMembers(ctx: EngineContext, groupId: number): SessionRecord[] {
  return ctx.state.liveInGroup(groupId)
}

/**
 * `{ ...rec, ...patch }` written out as one literal. The engine's records
 * always have exactly these fields in this order (createSession, the clone
 * record, the store's load), so the result is the same object a spread makes;
 * a spread, though, gives it a separate property store, an extra object per
 * update that lived as long as the step. Unless the patch brings its own,
 * `apps` is the record's own array: records and their arrays are never
 * changed in place, so the two records can share it.
 */
function sessionWith(rec: SessionRecord, patch: Partial<SessionRecord>): SessionRecord {
  // Issue #16: a session owned by a browser keeps its owner and cookie (older records have neither).
  if (rec.browser !== undefined || patch.browser !== undefined) return { ...plainWith(rec, patch), browser: patch.browser ?? rec.browser, cookie: patch.cookie ?? rec.cookie }
  return plainWith(rec, patch)
}

function plainWith(rec: SessionRecord, patch: Partial<SessionRecord>): SessionRecord {
  return {
    id: patch.id !== undefined ? patch.id : rec.id,
    alias: patch.alias !== undefined ? patch.alias : rec.alias,
    user: patch.user !== undefined ? patch.user : rec.user,
    createdAt: patch.createdAt !== undefined ? patch.createdAt : rec.createdAt,
    groupId: patch.groupId !== undefined ? patch.groupId : rec.groupId,
    apps: patch.apps ?? rec.apps,
    currentApp: patch.currentApp !== undefined ? patch.currentApp : rec.currentApp,
    currentPage: patch.currentPage !== undefined ? patch.currentPage : rec.currentPage,
    ended: patch.ended !== undefined ? patch.ended : rec.ended,
    endedAt: patch.endedAt !== undefined ? patch.endedAt : rec.endedAt,
  }
}

/** Two lists of app IDs element by element (a loop, not a callback made per session update). */
function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Whether applying `patch` to `rec` changes any field (apps compared element by element). */
function changes(rec: SessionRecord, patch: Partial<SessionRecord>): boolean {
  for (const key in patch) {
    const k = key as keyof SessionRecord
    if (k === 'apps') {
      const a = patch.apps
      if (a !== undefined && !sameList(a, rec.apps)) return true
    } else if (patch[k] !== rec[k]) return true
  }
  return false
}
