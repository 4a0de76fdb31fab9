/**
 * When a live session stops being usable on the simulated clock — the
 * engine's expiry rule (expiryReason in engine/runtime/session-lifecycle.ts)
 * turned into a deadline, so a client can show a countdown without a copy of
 * the rule: the session is expired at any time strictly after `at`.
 */
import type { GroupRecord } from '../engine/model/effect.js'

export interface ExpiryDeadline {
  /** Simulated seconds after which the session counts as expired. */
  at: number
  /** Which limit comes first: the clone group's idle time or its session length. */
  limit: 'idle' | 'length'
  /** That limit in seconds. */
  seconds: number
}

/** The earlier of the group's idle deadline (last activity + maximum idle) and length deadline (start + maximum length); null without a limit. */
export function expiryDeadline(group: GroupRecord | null | undefined): ExpiryDeadline | null {
  if (!group) return null
  const idle = group.maxSessionIdleSec > 0 ? group.lastActivity + group.maxSessionIdleSec : Infinity
  const length = group.maxSessionLengthSec > 0 ? group.createdAt + group.maxSessionLengthSec : Infinity
  if (idle === Infinity && length === Infinity) return null
  // At equal deadlines the engine names the length limit first.
  return length <= idle ? { at: length, limit: 'length', seconds: group.maxSessionLengthSec } : { at: idle, limit: 'idle', seconds: group.maxSessionIdleSec }
}
