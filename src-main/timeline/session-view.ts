/**
 * A session as the state at a point lists it: its record with its status,
 * idle time and clone group's start on the simulated clock, and (`withGroup`)
 * the group and the deadline of its expiry. One builder for the state's
 * session list (state-at-point.ts) and the Sessions panel's windows
 * (sessions-at-point.ts), so both say the same of a session.
 */
import { expiryReason } from '../engine/runtime/session-lifecycle.js'
import type { GroupRecord, SessionRecord } from '../engine/model/effect.js'
import type { TimelineSession } from './results.js'
import { expiryDeadline } from './session-expiry.js'

export function sessionView(rec: SessionRecord, group: GroupRecord | undefined, now: number, withGroup: boolean): TimelineSession {
  const status = rec.ended === 'expired' ? 'expired' : rec.ended ? 'deleted' : expiryReason(group, now) ? 'expired' : 'active'
  const view: TimelineSession = { ...rec, apps: [...rec.apps], status, idleSec: group ? now - group.lastActivity : 0, groupCreatedAt: group?.createdAt ?? rec.createdAt }
  if (withGroup) {
    view.group = group ?? null
    view.expiry = rec.ended ? null : expiryDeadline(group)
  }
  return view
}
