/**
 * Export State as CSV / JSON from the toolbar. In the desktop app main does
 * it (File → Export → State as CSV… / JSON…: a native save dialog, the file
 * written by path); in a browser the page asks the engine for the same
 * answers main uses (state.rows, sessions.list, state.userRows), builds the
 * same file and downloads it (a Blob URL: downloads are not subject to the
 * host's CSP, which allows blob: for images only).
 *
 * The file is formatted by the same module main uses (engine/model/state-export.ts,
 * reached through the contract): the two give the same bytes by construction,
 * and test/renderer/export-state.test.tsx compares the two files. The contract
 * is loaded only when a file is exported: its values bring zod and the model's
 * schemas (about 100 KB) that the first paint does not need.
 */
import { call } from '../../stores/api-call.js'
import type { AppServices } from '../../stores/app-context.js'
import { preloadBridge } from '../../transport/ipc-transport.js'
import { downloadText } from './files.js'
import { traceFileName } from './save-trace.js'

export type StateFormat = 'csv' | 'json'

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
    const [{ stateRowsToCsv, stateToJson }, rows] = await Promise.all([import('../../../../src-main/api/contract.js'), call(api, 'state.rows', {})])
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
