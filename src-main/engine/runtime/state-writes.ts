/**
 * The row-level rules of stored state (semantics §2): statuses I/U/R, the
 * empty string as null, and "no change, no effect" — a write of the value a
 * row already holds leaves it alone, as APEX's SET_SESSION_STATE does.
 */
import type { Value } from '../model/values.js'
import type { StepRecorder } from './step-recorder.js'
import type { SessionState } from '../state/session-state.js'

export interface RowTarget {
  session: number
  app: number
  page: number | null
  item: string
}

/** Sets a session-state row. Writing null to a missing row stores nothing. */
export function writeRow(state: SessionState, rec: StepRecorder, t: RowTarget, value: Value, cause: string): void {
  const row = state.getRow(t.session, t.app, t.page, t.item)
  const key = `${t.session}\u0000${t.app}\u0000${t.page}\u0000${t.item}`
  if (!row) {
    if (value === null) return
    rec.inserted.add(key)
    rec.emit({ op: 'set', ...t, from: null, fromStatus: null, to: value, toStatus: 'I', cause })
    return
  }
  if (row.value === value) return
  // Session state is committed at the end of the request: a row first written in
  // this request is one insert, however often the request changes it.
  const status = rec.inserted.has(key) && row.status === 'I' ? 'I' : 'U'
  rec.emit({ op: 'set', ...t, from: row.value, fromStatus: row.status, to: value, toStatus: status, cause })
}

/** Resets a row to null with status R (clear cache). Rows are kept, never deleted. */
export function resetRow(state: SessionState, rec: StepRecorder, t: RowTarget, cause: string): boolean {
  const row = state.getRow(t.session, t.app, t.page, t.item)
  if (!row) return false
  if (row.value === null && row.status === 'R') return false
  rec.emit({ op: 'set', ...t, from: row.value, fromStatus: row.status, to: null, toStatus: 'R', cause })
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
