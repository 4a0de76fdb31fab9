/**
 * Session records over time (semantics §1 and §5): creation, clone groups,
 * activity on the shared idle clock, expiry and deletion. Every change goes
 * through an effect so it can be stepped backward.
 */
import type { GroupRecord, SessionRecord } from '../model/effect.js'
import { ANONYMOUS_USER } from '../model/values.js'
import type { EngineContext, EffectiveSettings } from './engine-context.js'
import { removeAllRows } from './state-writes.js'
import type { StepRecorder } from './step-recorder.js'

export type SessionStatus = 'active' | 'expired' | 'deleted'

/** Creates a session in a new clone group of its own. */
export function createSession(
  ctx: EngineContext,
  rec: StepRecorder,
  opts: { alias: string | null; settings: EffectiveSettings; cause: string },
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
  rec.emit({ op: 'session', event: 'created', session: id, from: null, to: session, cause: opts.cause })
  return session
}

/** Updates fields of a session record through an effect. */
export function updateSession(
  ctx: EngineContext,
  rec: StepRecorder,
  id: number,
  event: 'loggedIn' | 'joinedApp' | 'pageShown' | 'cloned',
  patch: Partial<SessionRecord>,
  cause: string,
): SessionRecord {
  const from = ctx.state.sessions.get(id)
  if (!from) throw new Error(`internal: session ${id} does not exist`)
  const to: SessionRecord = { ...from, ...patch, apps: patch.apps ?? [...from.apps] }
  if (sameSession(from, to)) return from
  rec.emit({ op: 'session', event, session: id, from: { ...from, apps: [...from.apps] }, to, cause })
  return to
}

/** Activity in any member refreshes the idle clock of the whole clone group. */
export function touchGroup(ctx: EngineContext, rec: StepRecorder, groupId: number, cause: string): void {
  const g = ctx.state.groups.get(groupId)
  if (!g || g.lastActivity === ctx.now) return
  rec.emit({ op: 'group', event: 'touched', groupId, from: { ...g }, to: { ...g, lastActivity: ctx.now }, cause })
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
  const to: SessionRecord = { ...s, apps: [...s.apps], ended: how, endedAt: ctx.now }
  rec.emit({ op: 'session', event: how === 'expired' ? 'expired' : 'deleted', session: id, from: { ...s, apps: [...s.apps] }, to, cause })
  const stillLive = ctx.state.liveSessions().some((x) => x.groupId === s.groupId)
  const g = ctx.state.groups.get(s.groupId)
  if (!stillLive && g) rec.emit({ op: 'group', event: 'deleted', groupId: g.id, from: { ...g }, to: null, cause })
}

/** The live members of a session's clone group (itself included). */
export function groupMembers(ctx: EngineContext, groupId: number): SessionRecord[] {
  return ctx.state.liveSessions().filter((s) => s.groupId === groupId)
}

function sameSession(a: SessionRecord, b: SessionRecord): boolean {
  for (const key of Object.keys(b) as (keyof SessionRecord)[]) {
    if (key === 'apps') continue
    if (a[key] !== b[key]) return false
  }
  return a.apps.length === b.apps.length && a.apps.every((x, i) => x === b.apps[i])
}
