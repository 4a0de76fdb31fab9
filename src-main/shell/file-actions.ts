/**
 * The File menu's work in the main process: Open Trace (dialog, recent list,
 * drag and drop, file association, second instance), Save Trace As, Export
 * State as CSV/JSON, Import APEX Export. The renderer never sees a path: main opens the dialog and
 * calls the engine itself. Electron and the file system come in through `deps`,
 * so all of it is unit-tested with fakes.
 */
import { basename, extname } from 'node:path'
import type { ApiError, ApiResponse, MethodName, MethodResults, WorkspaceSummary } from '../api/contract.js'
import { MAX_INLINE_TRACE_BYTES } from '../api/contract.js'
import { stateRowsToCsv, stateToJson } from '../engine/model/state-export.js'
import { TRACE_EXTENSION } from './ipc-channels.js'

export interface FileDialogs {
  openFile(opts: { title: string; filters: { name: string; extensions: string[] }[] }): Promise<string | null>
  saveFile(opts: { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[] }): Promise<string | null>
  error(title: string, detail: string): Promise<void> | void
  /** Picks an APEX export: a `.sql` file or a split-export folder (see pickExportPath). Falls back to openFile. */
  openExport?(opts: { title: string; filters: { name: string; extensions: string[] }[] }): Promise<string | null>
  /** Asks before something the user may not want; true when they chose `action`. */
  confirm?(opts: { title: string; message: string; detail: string; action: string }): Promise<boolean>
  /**
   * The workspace has live steps no file holds, and `what` would replace it:
   * save them first, discard them, or keep the workspace (cancel).
   */
  unsaved(opts: { count: number; what: string }): Promise<UnsavedChoice>
}

export type UnsavedChoice = 'save' | 'discard' | 'cancel'

export interface FileSystem {
  size(path: string): Promise<number>
  readText(path: string): Promise<string>
  writeText(path: string, text: string): Promise<void>
}

export interface FileActionDeps {
  dispatch(method: MethodName, payload: unknown): Promise<ApiResponse<MethodName>>
  dialogs: FileDialogs
  fs: FileSystem
  /** A trace opened successfully: remember it (recent list, OS recent documents, title). */
  opened(path: string, summary: WorkspaceSummary): void
  /** A recent entry whose file is gone. */
  missing(path: string): void
  /** Taskbar progress: 0..1, or -1 to clear. */
  progress(value: number): void
}

export const TRACE_FILTERS = [
  { name: 'Session Scope traces', extensions: [TRACE_EXTENSION] },
  { name: 'Browser recordings (HAR)', extensions: ['har'] },
  { name: 'All files', extensions: ['*'] },
]

export type ActionResult = { ok: true } | { ok: false; error: ApiError } | { ok: 'cancelled' }

async function call<M extends MethodName>(deps: FileActionDeps, method: M, payload: unknown): Promise<{ ok: true; result: MethodResults[M] } | { ok: false; error: ApiError }> {
  return (await deps.dispatch(method, payload)) as ApiResponse<M>
}

function describe(error: ApiError): string {
  return `${error.message}${error.line !== undefined ? ` (line ${error.line})` : ''}`
}

/** True while workspace.openTraceFile is still the placeholder of engine-service.ts. */
function notImplemented(error: ApiError): boolean {
  return error.code === 'internal' && /not available in this build yet/.test(error.message)
}

/**
 * Opens a trace by path: `workspace.openTraceFile` (streams, with
 * `load.progress` events, in the engine process); where the engine does not
 * have that method yet, reads the file here and sends its text.
 */
export async function openTracePath(deps: FileActionDeps, path: string): Promise<ActionResult> {
  if (!(await mayReplaceWorkspace(deps, `Opening ${basename(path)}`))) return { ok: 'cancelled' }
  deps.progress(0)
  try {
    // A browser recording goes through the HAR importer (with the workspace's apps), then loads like a trace.
    let r = /\.har$/i.test(path) ? await call(deps, 'workspace.openHarFile', { path }) : await call(deps, 'workspace.openTraceFile', { path })
    if (!r.ok && notImplemented(r.error)) r = await openAsText(deps, path)
    if (!r.ok) {
      if (r.error.code === 'notFound') deps.missing(path)
      await deps.dialogs.error(`Could not open ${basename(path)}`, describe(r.error))
      return { ok: false, error: r.error }
    }
    deps.opened(path, r.result)
    return { ok: true }
  } finally {
    deps.progress(-1)
  }
}

async function openAsText(deps: FileActionDeps, path: string): Promise<ApiResponse<'workspace.openTraceText'>> {
  let size: number
  try {
    size = await deps.fs.size(path)
  } catch (err) {
    return { ok: false, error: { code: 'notFound', message: `${path}: ${(err as Error).message}` } }
  }
  if (size > MAX_INLINE_TRACE_BYTES) return { ok: false, error: { code: 'invalidTrace', message: `${basename(path)} is ${Math.round(size / 1048576)} MB; this build opens traces up to ${MAX_INLINE_TRACE_BYTES / 1048576} MB` } }
  const text = await deps.fs.readText(path)
  return call(deps, 'workspace.openTraceText', { text, name: basename(path) })
}

/**
 * Before something replaces the workspace: when it holds live steps that no
 * file has (workspace.summary's `unsavedSteps`), the user saves them first,
 * discards them, or cancels. True when the replace may go on. A summary that
 * cannot be had does not block (the engine is the one that would know).
 */
export async function mayReplaceWorkspace(deps: FileActionDeps, what: string): Promise<boolean> {
  // Read again after each answer: steps recorded meanwhile (the window, another window) were not part of it.
  let answered = 0
  for (;;) {
    const s = await call(deps, 'workspace.summary', {})
    const count = s.ok ? (s.result.unsavedSteps ?? 0) : 0
    if (count === 0 || count <= answered) return true
    const choice = await deps.dialogs.unsaved({ count, what })
    if (choice === 'cancel') return false
    // Saved only if the trace was written: a cancelled or failed save keeps the workspace.
    if (choice === 'save' && (await saveTraceAs(deps, s.ok ? s.result.title : 'workspace')).ok !== true) return false
    answered = count
  }
}

export async function openTraceDialog(deps: FileActionDeps): Promise<ActionResult> {
  const path = await deps.dialogs.openFile({ title: 'Open Trace', filters: TRACE_FILTERS })
  if (!path) return { ok: 'cancelled' }
  return openTracePath(deps, path)
}

/** A file name from a workspace title: no separators or reserved characters, not empty. */
export function safeFileName(title: string, fallback = 'workspace'): string {
  const cleaned = [...title]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
    .replace(/^\.+/, '')
  return cleaned || fallback
}

export function withExtension(path: string, ext: string): string {
  return extname(path).toLowerCase() === `.${ext}` ? path : `${path}.${ext}`
}

export async function saveTraceAs(deps: FileActionDeps, title: string): Promise<ActionResult> {
  const chosen = await deps.dialogs.saveFile({ title: 'Save Trace As', defaultPath: `${safeFileName(title)}.${TRACE_EXTENSION}`, filters: TRACE_FILTERS.slice(0, 1) })
  if (!chosen) return { ok: 'cancelled' }
  const r = await call(deps, 'workspace.exportTraceText', {})
  if (!r.ok) {
    await deps.dialogs.error('Could not save the trace', describe(r.error))
    return { ok: false, error: r.error }
  }
  const written = await write(deps, withExtension(chosen, TRACE_EXTENSION), r.result.text)
  // The steps in the file are saved now: replacing the workspace no longer asks about them.
  if (written.ok === true && r.result.steps !== undefined) await call(deps, 'workspace.markSaved', { steps: r.result.steps })
  return written
}

export async function exportState(deps: FileActionDeps, format: 'csv' | 'json', title: string): Promise<ActionResult> {
  const chosen = await deps.dialogs.saveFile({
    title: `Export State as ${format.toUpperCase()}`,
    defaultPath: `${safeFileName(title)} state.${format}`,
    filters: [{ name: format === 'csv' ? 'CSV' : 'JSON', extensions: [format] }],
  })
  if (!chosen) return { ok: 'cancelled' }
  const rows = await call(deps, 'state.rows', {})
  if (!rows.ok) return reportError(deps, rows.error)
  let text: string
  if (format === 'csv') text = stateRowsToCsv(rows.result)
  else {
    const sessions = await call(deps, 'sessions.list', {})
    if (!sessions.ok) return reportError(deps, sessions.error)
    const userRows = await call(deps, 'state.userRows', {})
    if (!userRows.ok) return reportError(deps, userRows.error)
    text = stateToJson({ workspace: title, sessions: sessions.result, rows: rows.result, userRows: userRows.result })
  }
  return write(deps, withExtension(chosen, format), text)
}

async function reportError(deps: FileActionDeps, error: ApiError): Promise<ActionResult> {
  await deps.dialogs.error('Could not export the state', describe(error))
  return { ok: false, error }
}

async function write(deps: FileActionDeps, path: string, text: string): Promise<ActionResult> {
  try {
    await deps.fs.writeText(path, text)
    return { ok: true }
  } catch (err) {
    const error: ApiError = { code: 'internal', message: `${path}: ${(err as Error).message}` }
    await deps.dialogs.error(`Could not write ${basename(path)}`, error.message)
    return { ok: false, error }
  }
}

// ---------------------------------------------------------------------------
// Import APEX Export… (workspace.importApexExport; the summary reaches the UI as the apex.imported event)

export const APEX_EXPORT_FILTERS = [
  { name: 'APEX export (.sql)', extensions: ['sql'] },
  { name: 'All files', extensions: ['*'] },
]

/**
 * How to pick "a file or a folder": macOS has one dialog for both; Windows and
 * Linux dialogs pick one kind, so the user is asked which first.
 */
export async function pickExportPath(
  platform: NodeJS.Platform,
  ui: { ask(): Promise<'file' | 'folder' | null>; open(kinds: ('openFile' | 'openDirectory')[]): Promise<string | null> },
): Promise<string | null> {
  if (platform === 'darwin') return ui.open(['openFile', 'openDirectory'])
  const kind = await ui.ask()
  if (kind === null) return null
  return ui.open([kind === 'file' ? 'openFile' : 'openDirectory'])
}

export async function importApexDialog(deps: FileActionDeps): Promise<ActionResult> {
  const pick = deps.dialogs.openExport ?? deps.dialogs.openFile
  const path = await pick({ title: 'Import APEX Export', filters: APEX_EXPORT_FILTERS })
  if (!path) return { ok: 'cancelled' }
  return importApexPath(deps, path)
}

/**
 * Imports by path. When the engine would have to close a workspace with
 * recorded steps (`needsConfirmation`), the user is asked first; without a
 * yes nothing changes.
 */
export async function importApexPath(deps: FileActionDeps, path: string): Promise<ActionResult> {
  let r = await call(deps, 'workspace.importApexExport', { path })
  if (r.ok && r.result.action === 'needsConfirmation') {
    const yes = (await deps.dialogs.confirm?.({ title: 'Import APEX Export', message: `Start a new workspace for ${basename(path)}?`, detail: r.result.message, action: 'Start New Workspace' })) ?? false
    if (!yes) return { ok: 'cancelled' }
    // The new workspace closes this one: its unsaved live steps are asked about like any replace.
    if (!(await mayReplaceWorkspace(deps, `Importing ${basename(path)}`))) return { ok: 'cancelled' }
    r = await call(deps, 'workspace.importApexExport', { path, newWorkspace: true })
  }
  if (!r.ok) {
    await deps.dialogs.error(`Could not import ${basename(path)}`, describe(r.error))
    return { ok: false, error: r.error }
  }
  return { ok: true }
}
