/**
 * The row-level rules of stored state (semantics §2): statuses I/U/R, the
 * empty string as null, and "no change, no effect" — a write of the value a
 * row already holds leaves it alone, as APEX's SET_SESSION_STATE does.
 */
import type { Value } from '../model/values.js'
import type { StepRecorder } from './step-recorder.js'
import type { SessionState } from '../state/session-state.js'
import { rowKey } from '../state/session-state.js'

export interface RowTarget {
  session: number
  app: number
  page: number | null
  item: string
}

/**
 * Sets a session-state row. Writing null to a missing row stores nothing.
 * `key` is the target's `rowKey`, when the caller has it at hand (an item's `ItemInfo.rowKey`).
 */
export function writeRow(state: SessionState, rec: StepRecorder, t: RowTarget, value: Value, cause: string, key = rowKey(t.app, t.page, t.item)): void {
  writeItemRow(state, rec, t.session, t.app, t.page, t.item, value, cause, key)
}

/**
 * writeRow with the target's parts as arguments: an item's write (RequestContext.setItem, every posted,
 * fetched and rendered value) then builds no target object for the one effect it may record.
 */
export function writeItemRow(state: SessionState, rec: StepRecorder, session: number, app: number, page: number | null, item: string, value: Value, cause: string, key: string): void {
  const row = state.rows.get(session)?.get(key)
  if (!row) {
    if (value === null) return
    rec.markInserted(session, key)
    rec.emitSet({ op: 'set', session, app, page, item, from: null, fromStatus: null, to: value, toStatus: 'I', cause }, key)
    return
  }
  if (row.value === value) return
  // Session state is committed at the end of the request: a row first written in
  // this request is one insert, however often the request changes it.
  const status = row.status === 'I' && rec.wasInserted(session, key) ? 'I' : 'U'
  rec.emitSet({ op: 'set', session, app, page, item, from: row.value, fromStatus: row.status, to: value, toStatus: status, cause }, key)
}

/** Resets a row to null with status R (clear cache). Rows are kept, never deleted. `key` as for writeRow. */
export function resetRow(state: SessionState, rec: StepRecorder, t: RowTarget, cause: string, key = rowKey(t.app, t.page, t.item)): boolean {
  const { session, app, page, item } = t
  const row = state.rows.get(session)?.get(key)
  if (!row) return false
  if (row.value === null && row.status === 'R') return false
  rec.emitSet({ op: 'set', session, app, page, item, from: row.value, fromStatus: row.status, to: null, toStatus: 'R', cause }, key)
  return true
}

/** Removes every row of a session (the session is being deleted). */
export function removeAllRows(state: SessionState, rec: StepRecorder, session: number, cause: string): void {
  for (const row of state.rowsOf(session)) {
    rec.emit({
      op: 'set',
      session,
      app: row.app,
      page: row.page,
      item: row.item,
      from: row.value,
      fromStatus: row.status,
      to: null,
      toStatus: null,
      cause,
    })
  }
}

/** Sets a Per User value of a logged-in user. */
export function writeUserValue(
  state: SessionState,
  rec: StepRecorder,
  user: string,
  app: number,
  item: string,
  value: Value,
  cause: string,
  session?: number,
): void {
  const from = state.getUserRow(user, app, item)?.value ?? null
  if (from === value) return
  rec.emit({ op: 'userSet', user, app, item, from, to: value, cause, ...(session !== undefined ? { session } : {}) })
}
