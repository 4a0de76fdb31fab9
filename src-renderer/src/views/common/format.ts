/** Small formatting helpers shared by views. */
export function fmtClock(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '—'
  const s = Math.max(0, Math.round(sec))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = s % 60
  return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : String(m)}:${String(r).padStart(2, '0')}`
}

export { fmtCount } from '../../model/numbers.js'

export function fmtValue(v: string | null): string {
  return v === null ? 'null' : v
}

/** Session IDs longer than this are shortened to their last SHORT_ID_DIGITS digits beside an alias. */
const LONG_ID = 6
const SHORT_ID_DIGITS = 4

/** The end of a session ID, enough to tell two sessions of one alias apart (a login gives a new ID): "…7215". */
export function shortId(id: number): string {
  const s = String(id)
  return s.length > LONG_ID ? `…${s.slice(-SHORT_ID_DIGITS)}` : s
}

/**
 * A session as every view of this part names it (issue #14 "aliases
 * consistent from step 0"): its alias from the trace with a short ID —
 * "A (…7215)" — whether or not the session exists at the playhead, has ended
 * or was given a new ID by a login; its whole ID when it has no alias.
 */
export function sessionName(id: number | null | undefined, alias: string | null | undefined): string {
  if (id === null || id === undefined) return '—'
  return alias ? `${alias} (${shortId(id)})` : String(id)
}

/** A session entry (or just an ID) by sessionName. */
export function sessionLabel(s: { id: number; alias: string | null } | undefined, id?: number): string {
  if (!s) return id !== undefined ? String(id) : '?'
  return sessionName(s.id, s.alias)
}
