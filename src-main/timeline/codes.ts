/**
 * Small integer codes the timeline stores instead of strings: effect ops,
 * step kinds, outcomes, phase kinds, session/group events, and per-step
 * flags used by breakpoints.
 */
import { GROUP_EVENTS, SESSION_EVENTS } from '../engine/model/effect.js'
import { OUTCOMES, PHASE_KINDS, STEP_KINDS } from '../engine/model/step.js'

export const OP_SET = 1
export const OP_USERSET = 2
export const OP_SESSION = 3
export const OP_GROUP = 4
export const OP_REKEY = 5
export const OP_INSERT = 6
export const OP_NOTICE = 7
export const OP_WARNING = 8
/**
 * An effect of a kind this build's timeline does not know (a newer engine's):
 * kept, exactly as
 * written, in its step's event line and given back with the step, but it
 * changes no state here (docs/architecture.md "A new effect kind").
 */
export const OP_OTHER = 9
/** A row of the app database changed (`op: 'row'`; app-table-rows.ts). Change kind in FromStatus (ROW_CHANGES). */
export const OP_ROW = 10
export const ROW_CHANGES = ['insert', 'update', 'delete'] as const
/**
 * Issue #16: a browser was created (`op: 'browser'`): its name in Item (a
 * names id). Indexed by browser-state.ts.
 */
export const OP_BROWSER = 11
/**
 * Issue #16: a browser's cookie changed (`op: 'cookie'`): cookie name in
 * Item, browser in Key, path in Page (names ids), values in From/To (value
 * ids, -1 = none), the session it points to in Session.
 */
export const OP_COOKIE = 12

// Step kinds, outcomes and phase kinds are coded by their index in the engine model's lists.
export { OUTCOMES, PHASE_KINDS, STEP_KINDS }

/** Phase kind code for a kind this build does not know (kept verbatim in the step's stored details). */
export const PHASE_KIND_OTHER = 255
export const PHASE_CLEAR_CACHE = PHASE_KINDS.indexOf('clearCache')

export const SESSION_EVENT_CODES = SESSION_EVENTS
export { GROUP_EVENTS }

/** Row status codes: 0 = no row. */
export const STATUS_CODES = [null, 'I', 'U', 'R'] as const
export function statusCode(s: unknown): number {
  return s === 'I' ? 1 : s === 'U' ? 2 : s === 'R' ? 3 : 0
}

// Step flags (what a step did), for breakpoints and the timeline's markers.
export const FLAG_CLONE = 1
export const FLAG_CLEAR_CACHE = 2
export const FLAG_LOGIN = 4
export const FLAG_LOGOUT = 8
export const FLAG_EXPIRY = 16
export const FLAG_NOT_OK = 32

export const EVENT_FLAGS = {
  clone: FLAG_CLONE,
  clearCache: FLAG_CLEAR_CACHE,
  login: FLAG_LOGIN,
  logout: FLAG_LOGOUT,
  expiry: FLAG_EXPIRY,
} as const

const codeTables = new WeakMap<readonly unknown[], Record<string, number>>()

/** Position of `v` in `list` (a small fixed vocabulary of strings), or `other`. */
export function codeOf<T>(list: readonly T[], v: T, other = 255): number {
  let t = codeTables.get(list)
  if (!t) {
    t = Object.create(null) as Record<string, number>
    list.forEach((x, i) => (t![String(x)] = i))
    codeTables.set(list, t)
  }
  return typeof v === 'string' ? (t[v] ?? other) : other
}

/** A table for codeOf's hot callers: `table[v] ?? other`. */
export function codeTable(list: readonly string[]): Record<string, number> {
  const t = Object.create(null) as Record<string, number>
  list.forEach((x, i) => (t[x] = i))
  return t
}

/** Marks an absent optional number (a notice without app or page). */
export const ABSENT = -2147483648

/** A value id meaning "null" (no value). */
export const NULL_VALUE = -1
