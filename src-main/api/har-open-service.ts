/**
 * Opening a browser recording (HAR) like a trace (issue #15;
 * workspace.openHarFile and workspace.openHarText): the HAR importer
 * (src-main/har-import/) streams the recording into a trace file, which is
 * then loaded like any trace file — in the load worker, with progress, and
 * replacing the workspace only once it loaded. `load.progress` reports both
 * stages (the import by bytes of the recording, then the load); cancelling
 * stops whichever runs. A recording that yields no event fails with the
 * importer's first problem, naming its entry (`log.entries[17]…`); the
 * current workspace stays.
 *
 * The current workspace's app definitions (an imported APEX export, a demo)
 * go with the recording, written as files beside the trace and named in its
 * `appFiles`: the trace is then simulated, and every real answer is compared
 * with the simulation (trace/compare-observed.ts). Without app definitions
 * the trace is recorded-only: every request and answer is steppable, nothing
 * is compared.
 *
 * The files live in a folder of their own under the workspace directory (a
 * cache, like the index of an opened trace): the loaded workspace reads the
 * app files again when its engine continues, so they stay.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { AppDefinition } from '../engine/model/app-definition.js'
import { importHar } from '../har-import/index.js'
import type { HarImportSummary } from '../har-import/index.js'
import type { EventPayloads, HarOpenResult, WorkspaceSummary } from './contract.js'
import { ApiFailure } from './dispatcher.js'

/** What opening a recording needs from the engine service. */
export interface HarOpenHost {
  /** A folder for the trace and app files (created). */
  workspaceDir(): string
  /** The app definitions of the current workspace (none: the recording loads recorded-only). */
  currentApps(): AppDefinition[]
  /** Loads a trace file as the new workspace (worker, progress, cancel). */
  openTraceFile(path: string): Promise<WorkspaceSummary>
  progress(p: EventPayloads['load.progress']): void
  /** While the import runs, how workspace.cancelLoad stops it (null: nothing to stop). */
  setCancel(cancel: (() => void) | null): void
}

export type HarSource = { path: string } | { text: string; name?: string | undefined }

/** A page's file name as shown: its last path part (either slash), bounded; never a path. */
export function displayName(name: string | undefined): string {
  const last = (name ?? '').split(/[\\/]/).pop()!.trim().slice(0, 200)
  return last === '' || last === '.' || last === '..' ? 'recording.har' : last
}

/** A file name made from a display name: letters, digits, '.', '-', '_' only, no leading dot, without '.har'. */
export function fileStem(name: string): string {
  const stem = name.replace(/\.har$/i, '').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 100)
  return stem === '' ? 'recording' : stem
}

export async function openHar(host: HarOpenHost, source: HarSource): Promise<HarOpenResult> {
  const dir = join(host.workspaceDir(), `har-${randomUUID()}`)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  let input: string
  let name: string
  if ('path' in source) {
    name = basename(source.path)
    try {
      if (!statSync(source.path).isFile()) throw new Error('not a file')
    } catch {
      rmSync(dir, { recursive: true, force: true })
      throw new ApiFailure({ code: 'notFound', message: `${source.path}: no such file`, field: 'path' })
    }
    input = source.path
  } else {
    // Text a page read: written once so the importer streams it like a file (and knows its size for progress).
    // The name is the page's word, untrusted: only its last part is kept, and only as a display name.
    name = displayName(source.name)
    input = join(dir, 'recording.har')
    // Readable by this user only: the recording holds cookies and passwords until it is deleted below.
    writeFileSync(input, source.text, { mode: 0o600 })
  }

  const appFiles: string[] = []
  for (const app of host.currentApps()) {
    const file = `app-${app.id}.json`
    writeFileSync(join(dir, file), JSON.stringify(app))
    appFiles.push(file)
  }

  const tracePath = join(dir, `${fileStem(name)}.sstrace`)
  const controller = new AbortController()
  host.setCancel(() => controller.abort())
  let summary: HarImportSummary
  try {
    summary = await importHar(input, createWriteStream(tracePath), {
      signal: controller.signal,
      title: `${name} (browser recording)`,
      ...(appFiles.length > 0 ? { appFiles } : {}),
      onProgress: (bytesRead, totalBytes) =>
        host.progress({ fraction: totalBytes ? Math.min(1, bytesRead / totalBytes) : 0, etaSec: null, bytesRead, totalBytes, events: 0, stage: 'importHar' }),
    })
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw new ApiFailure({ code: 'internal', message: `${name}: the imported trace could not be written: ${(err as Error).message}; the current workspace stays` })
  } finally {
    host.setCancel(null)
    // The recording itself holds what the trace never does (cookies, passwords): a copy made here does not stay.
    if (!('path' in source)) rmSync(input, { force: true })
  }
  const failure = importFailure(summary, name)
  if (failure) {
    rmSync(dir, { recursive: true, force: true })
    throw failure
  }
  const workspace = await host.openTraceFile(tracePath)
  return { ...workspace, harImport: summary }
}

/**
 * Why an import cannot be opened: it was cancelled, or no event came out of
 * it. The message names the entry of the first problem. A recording that
 * stopped part-way but gave events opens with what could be read (the
 * result's `harImport.problems` say where it stopped).
 */
export function importFailure(summary: HarImportSummary, name: string): ApiFailure | null {
  if (summary.stopped?.cancelled) return new ApiFailure({ code: 'cancelled', message: `${name}: import cancelled; the current workspace stays` })
  if (summary.events > 0) return null
  const first = summary.problems[0]
  const where = first ? `${first.field}: ` : ''
  const why = first ? first.message : `no APEX request among its ${summary.entries} entries`
  return new ApiFailure({ code: 'invalidTrace', message: `${name}: ${where}${why}; nothing was opened, the current workspace stays`, ...(first ? { field: first.field } : {}) })
}
