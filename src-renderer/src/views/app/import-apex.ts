/**
 * Importing an APEX export from the UI (issue 6; docs/ui.md "Import APEX
 * export"). In a browser the page reads the picked `.sql` file or the `.sql`
 * files of a picked split-export folder and sends them with
 * `workspace.importApexFiles`; in the desktop app main runs File → Import
 * APEX Export… (`shell.run`), with its native dialogs. Either way the engine
 * announces a finished import with the `apex.imported` event: the UI then
 * shows the app's home-page step and the import summary.
 *
 * When the import would close a workspace with recorded steps the engine
 * answers `needsConfirmation`; the UI asks and calls again with
 * `newWorkspace: true`.
 */
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { ApexImportResult } from '../../../../src-main/api/contract.js'
import { call } from '../../stores/api-call.js'
import type { AppServices } from '../../stores/app-context.js'
import type { MethodName } from '../../transport/api-types.js'
import { preloadBridge } from '../../transport/ipc-transport.js'

/** = MAX_APEX_IMPORT_CHARS of the contract: the files' bytes (≥ their characters) must fit. */
export const MAX_EXPORT_BYTES = 32 * 1024 * 1024
/** = MAX_APEX_IMPORT_FILES of the contract. */
export const MAX_EXPORT_FILES = 5000

export interface ExportFile {
  path: string
  text: string
}

export interface ImportApexState {
  busy: boolean
  /** The engine asks before closing a workspace with recorded steps. */
  confirm: { message: string; files: ExportFile[] } | null
  /** The summary on screen. */
  shown: ApexImportResult | null
  /** The last import handled (an import's response and event carry the same id). */
  lastId: number
}

const stores = new WeakMap<AppServices, StoreApi<ImportApexState>>()

export function importStore(s: AppServices): StoreApi<ImportApexState> {
  let store = stores.get(s)
  if (!store) {
    store = createStore<ImportApexState>()(() => ({ busy: false, confirm: null, shown: null, lastId: 0 }))
    stores.set(s, store)
  }
  return store
}

/** Inside the desktop app (the preload's bridge is there): main's menu command does the import. */
export function isDesktop(): boolean {
  return preloadBridge() !== null
}

/** File → Import APEX Export… in main: the native dialog, then the engine by path. */
export async function runDesktopImport(s: AppServices): Promise<void> {
  const r = await s.api.invoke('shell.run' as MethodName, { command: 'file.importApexExport' } as never)
  if (!r.ok) s.actions.reportError(new Error(r.error.message), 'Could not import the APEX export')
}

/**
 * The files of a pick: one file as it is; from a folder only the `.sql`
 * files, with their paths relative to the picked folder's parent
 * (`webkitRelativePath`). Throws with a message for the user.
 */
export async function readExportFiles(list: ArrayLike<File>, fromFolder: boolean): Promise<ExportFile[]> {
  const all = Array.from(list)
  const picked = fromFolder ? all.filter((f) => pathOf(f).toLowerCase().endsWith('.sql')) : all.slice(0, 1)
  if (picked.length === 0) throw new Error(fromFolder ? 'The folder has no .sql files: pick an APEX split-export folder (the one with install.sql) or an f123.sql file.' : 'No file was picked.')
  if (picked.length > MAX_EXPORT_FILES) throw new Error(`The folder has ${picked.length} .sql files; at most ${MAX_EXPORT_FILES} can be imported here.`)
  const bytes = picked.reduce((n, f) => n + f.size, 0)
  if (bytes > MAX_EXPORT_BYTES) {
    throw new Error(`The export is ${(bytes / 1048576).toFixed(1)} MiB; at most ${MAX_EXPORT_BYTES / 1048576} MiB can be imported in the browser. Use the desktop app or npx session-scope import-apex.`)
  }
  return Promise.all(picked.map(async (f) => ({ path: pathOf(f), text: await f.text() })))
}

function pathOf(f: File): string {
  return f.webkitRelativePath || f.name
}

/** Sends the files; a `needsConfirmation` answer waits in the store for the user's choice. */
export async function importFiles(s: AppServices, files: ExportFile[], newWorkspace = false): Promise<ApexImportResult | null> {
  const store = importStore(s)
  store.setState({ busy: true, confirm: null })
  s.engine.setState({ loading: { label: 'Importing the APEX export…', fraction: null, etaSec: null } })
  try {
    const result = await call(s.api, 'workspace.importApexFiles', { files, ...(newWorkspace ? { newWorkspace: true } : {}) })
    if (result.action === 'needsConfirmation') store.setState({ confirm: { message: result.message, files } })
    else await showImported(s, result)
    return result
  } catch (err) {
    s.actions.reportError(err, 'Could not import the APEX export')
    return null
  } finally {
    store.setState({ busy: false })
    if (s.engine.getState().loading?.label === 'Importing the APEX export…') s.engine.setState({ loading: null })
  }
}

/** Picks then imports (the file inputs call this). */
export async function importPicked(s: AppServices, list: ArrayLike<File> | null, fromFolder: boolean): Promise<void> {
  if (!list || list.length === 0) return
  let files: ExportFile[]
  try {
    files = await readExportFiles(list, fromFolder)
  } catch (err) {
    s.actions.reportError(err, 'Could not import the APEX export')
    return
  }
  await importFiles(s, files)
}

/** "Start new workspace": the current one is closed, so its unsaved live steps are asked about first. */
export async function confirmImport(s: AppServices): Promise<ApexImportResult | null> {
  const pending = importStore(s).getState().confirm
  if (!pending) return null
  if (!(await s.actions.mayReplace('Importing the APEX export into a new workspace'))) return null
  return importFiles(s, pending.files, true)
}

export function cancelImport(s: AppServices): void {
  importStore(s).setState({ confirm: null })
}

export function closeSummary(s: AppServices): void {
  importStore(s).setState({ shown: null })
}

/**
 * A finished import (response or event, whichever comes first): a new
 * workspace opens by itself (workspace.changed) at its first step, the
 * home page; an app added to the current workspace needs its definition
 * (apps.list, for the simulator) and the playhead on the new step.
 */
export async function showImported(s: AppServices, result: ApexImportResult): Promise<void> {
  const store = importStore(s)
  if (result.id <= store.getState().lastId) return
  store.setState({ lastId: result.id, shown: result, confirm: null })
  const home = result.home
  if (result.action !== 'added' || !home) return
  try {
    const apps = await call(s.api, 'apps.list', {})
    s.engine.setState({ apps })
    await s.actions.goTo({ step: home.step + home.steps - 1, phase: null })
    if (home.session !== null) s.ui.selection.getState().select(home.session)
  } catch (err) {
    s.actions.reportError(err, 'Could not show the imported application')
  }
}

/** Listens for imports done elsewhere (the desktop menu, another page). */
export function installImportEvents(s: AppServices): () => void {
  return s.api.subscribe('apex.imported', (result) => void showImported(s, result))
}
