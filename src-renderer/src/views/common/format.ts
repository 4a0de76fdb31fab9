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

export function sessionLabel(s: { id: number; alias: string | null } | undefined, id?: number): string {
  if (!s) return id !== undefined ? String(id) : '?'
  return s.alias ? `${s.alias} (${s.id})` : String(s.id)
}
