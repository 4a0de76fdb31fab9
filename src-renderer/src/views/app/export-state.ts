/**
 * Export State as CSV / JSON from the toolbar. In the desktop app main does
 * it (File → Export → State as CSV… / JSON…: a native save dialog, the file
 * written by path); in a browser the page asks the engine for the same
 * answers main uses (state.rows, sessions.list, state.userRows), builds the
 * same file and downloads it (a Blob URL: downloads are not subject to the
 * host's CSP, which allows blob: for images only).
 *
 * The formatting mirrors src-main/shell/export-state.ts, which the renderer
 * may not import (docs/architecture.md rule 4); test/renderer/export-state.test.tsx
 * checks both give the same bytes for the same rows.
 */
import { call } from '../../stores/api-call.js'
import type { AppServices } from '../../stores/app-context.js'
import type { SessionView, StateRow, UserRow } from '../../transport/api-types.js'
import { preloadBridge } from '../../transport/ipc-transport.js'
import { downloadText } from './files.js'
import { traceFileName } from './save-trace.js'

export type StateFormat = 'csv' | 'json'

const CSV_COLUMNS = ['session', 'app', 'page', 'item', 'value', 'status'] as const

/**
 * One CSV field (RFC 4180: quoted when needed, quotes doubled). A text value a
 * spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`, tab, CR) gets a
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

export function stateToJson(data: { workspace: string; sessions: SessionView[]; rows: StateRow[]; userRows: UserRow[] }, now: Date = new Date()): string {
  return JSON.stringify({ format: 'session-scope-state', version: 1, exportedAt: now.toISOString(), ...data }, null, 2) + '\n'
}

/** "onboarding-wizard state.csv": the workspace's download name with " state" and the format. */
export function stateFileName(title: string | undefined, format: StateFormat): string {
  return `${traceFileName(title).replace(/\.sstrace$/, '')} state.${format}`
}

/** True when the file was handed over (the desktop dialog may still be cancelled: main says nothing then). */
export async function exportState(s: AppServices, format: StateFormat): Promise<boolean> {
  const api = s.api
  try {
    if (preloadBridge() !== null) {
      await call(api, 'shell.run', { command: format === 'csv' ? 'file.exportStateCsv' : 'file.exportStateJson' })
      return true
    }
    const title = s.engine.getState().workspace?.title
    const rows = await call(api, 'state.rows', {})
    let text: string
    if (format === 'csv') text = stateRowsToCsv(rows)
    else {
      const [sessions, userRows] = await Promise.all([call(api, 'sessions.list', {}), call(api, 'state.userRows', {})])
      text = stateToJson({ workspace: title ?? 'workspace', sessions, rows, userRows })
    }
    downloadText(stateFileName(title, format), text, format === 'csv' ? 'text/csv' : 'application/json')
    return true
  } catch (err) {
    s.actions.reportError(err, 'Could not export the state')
    return false
  }
}
