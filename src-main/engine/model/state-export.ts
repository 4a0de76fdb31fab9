/**
 * The state export files (File → Export State in the desktop app, the
 * toolbar's State CSV / JSON in a browser): every session's rows as CSV for a
 * spreadsheet, or sessions, rows and Per User values as a versioned JSON
 * document for a bug report. Pure formatting of the contract's answers
 * (state.rows, sessions.list, state.userRows), kept in the renderer-safe model
 * so the shell and the page write the file with this one module — the
 * renderer reaches it through the contract (docs/architecture.md rule 3).
 */
import type { SessionView } from '../engine.js'
import type { StateRow, UserRow } from '../state/session-state.js'

export const CSV_COLUMNS = ['session', 'app', 'page', 'item', 'value', 'status'] as const

/**
 * One CSV field (RFC 4180: quoted when needed, quotes doubled). A text value
 * a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`, tab, CR) gets a
 * leading `'`, unless it is a plain number such as `-5` (OWASP CSV injection).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text
}

/** CRLF line ends (RFC 4180), a header row, rows ordered by session, app, page, item. */
export function stateRowsToCsv(rows: readonly StateRow[]): string {
  const sorted = [...rows].sort((a, b) => a.session - b.session || a.app - b.app || (a.page ?? -1) - (b.page ?? -1) || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0))
  const lines = [CSV_COLUMNS.join(',')]
  for (const r of sorted) lines.push([r.session, r.app, r.page, r.item, r.value, r.status].map(csvField).join(','))
  return lines.join('\r\n') + '\r\n'
}

/** The JSON document, version 1. */
export interface StateExport {
  format: 'session-scope-state'
  version: 1
  exportedAt: string
  workspace: string
  sessions: SessionView[]
  rows: StateRow[]
  userRows: UserRow[]
}

export function stateToJson(data: { workspace: string; sessions: SessionView[]; rows: StateRow[]; userRows: UserRow[] }, now: Date = new Date()): string {
  const out: StateExport = { format: 'session-scope-state', version: 1, exportedAt: now.toISOString(), ...data }
  return JSON.stringify(out, null, 2) + '\n'
}
