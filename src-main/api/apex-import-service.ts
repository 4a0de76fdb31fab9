/**
 * APEX export import into the workspace (workspace.importApexExport and
 * workspace.importApexFiles): the imported application runs live, and its
 * home page opens in a new session — a `request` step without a session, so
 * the engine creates one — appended to the timeline.
 *
 * What happens to the current workspace (docs/decisions.md, "APEX import"):
 *
 * - it has no recorded steps → a new live workspace with the imported apps
 *   (nothing is lost: there is nothing recorded);
 * - it has recorded steps and a live engine, and the apps' ids and aliases are
 *   free there → the apps join it: the engine continues with the same state,
 *   clock and session-ID generator plus the new apps, and the timeline goes on
 *   (every recorded step stays);
 * - otherwise (a recorded-only trace, or an app id/alias already there) →
 *   nothing changes: the answer is `needsConfirmation`, and the client asks the
 *   user and calls again with `newWorkspace: true`, which always starts a new
 *   live workspace (closing the current one).
 *
 * An export from which nothing can be imported is an `invalidExport` error
 * naming the file and line; the workspace is untouched.
 */
import { randomUUID } from 'node:crypto'
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ImportProblem, ImportResult } from '../apex-import/index.js'
import { listMemoryExportFiles, normalizeExportPath } from '../apex-import/import-apex-files.js'
import { Engine } from '../engine/engine.js'
import type { AppDefinition } from '../engine/model/app-definition.js'
import type { Step } from '../engine/model/step.js'
import { sessionScopeTmpDir } from '../timeline/load/index-file.js'
import { writeEngineStore } from '../timeline/engine-store-file.js'
import { Workspace } from '../timeline/workspace.js'
import type { TraceHeader } from '../trace/schema.js'
import type { ApexImportResult, ApexImportSummary, EventPayloads, EventTopic, WorkspaceSummary } from './contract.js'
import { ApiFailure } from './dispatcher.js'

/** Problems listed in a result; a damaged export can yield thousands. */
export const MAX_RESULT_PROBLEMS = 1000

/** What the import may do with the engine service's workspace. */
export interface ApexImportHost {
  current(): Workspace
  /** A trace load is in progress (its result would replace whatever the import does). */
  loading(): boolean
  /** A workspace from trace text (errors become ApiFailures). */
  fromText(text: string, name: string): Workspace
  /** Makes `next` the workspace, closing the current one; emits workspace.changed. */
  replace(next: Workspace): WorkspaceSummary
  /** Makes `next` the workspace without closing the current one (they share the timeline). */
  swap(next: Workspace): void
  emit<T extends EventTopic>(topic: T, payload: EventPayloads[T]): void
  summary(): WorkspaceSummary
}

let importCount = 0

/**
 * Runs one import. `read` produces the importer's result (from a path or from
 * files); `what` names the export in messages; `field` is the payload field an
 * error is about.
 */
export async function runApexImport(host: ApexImportHost, read: () => Promise<ImportResult>, opts: { what: string; field: (file: string) => string; newWorkspace?: boolean | undefined }): Promise<ApexImportResult> {
  if (host.loading()) throw new ApiFailure({ code: 'busy', message: 'a trace is loading; cancel it first (workspace.cancelLoad)' })
  const result = await read()
  const summary = summaryOf(result)
  if (result.apps.length === 0) throw nothingImported(opts.what, result.problems, opts.field)
  // A trace load started while the export was read: it replaces the workspace when done, so do not touch it now.
  if (host.loading()) throw new ApiFailure({ code: 'busy', message: 'a trace started loading during the import; import again once it is open' })
  // The read was asynchronous: look at the workspace as it is now.
  const current = host.current()
  const id = ++importCount
  const apps = result.apps
  const first = apps[0] as AppDefinition
  const names = apps.map((a) => `${a.name || 'application'} (${a.id})`).join(', ')

  const steps = current.timeline.stepCount
  const blocker = opts.newWorkspace ? null : addBlocker(current, apps)
  if (!opts.newWorkspace && steps > 0 && blocker !== null) {
    return {
      id,
      action: 'needsConfirmation',
      message: `${blocker} Importing ${names} starts a new workspace and closes this one with its ${steps} recorded step${steps === 1 ? '' : 's'}; save it first to keep it.`,
      summary,
      home: null,
      workspace: host.summary(),
    }
  }

  if (!opts.newWorkspace && steps > 0) {
    // Add the apps to the live workspace: the engine continues with them, the timeline goes on.
    const { next, storePath } = withApps(current, apps)
    let homeSteps: Step[]
    try {
      homeSteps = next.operate(homeRequest(next, first))
    } catch (err) {
      // Only the new engine goes: the timeline and its file stay with the current workspace.
      next.engine?.close()
      removeStore(storePath)
      throw err
    }
    host.swap(next)
    // The superseded engine goes with its temporary store; timeline and file live on in `next`.
    current.releaseEngine()
    host.emit('steps.appended', { from: steps, count: homeSteps.length })
    return finish(host, {
      id,
      action: 'added',
      message: `${names} joined this workspace; its home page opened in a new session.`,
      summary,
      home: homeOf(next, first, homeSteps),
      workspace: host.summary(),
    })
  }

  const header: TraceHeader = { format: 'session-trace', version: 1, title: titleOf(apps), apps }
  const next = host.fromText(JSON.stringify(header) + '\n', opts.what)
  let homeSteps: Step[]
  try {
    homeSteps = next.operate(homeRequest(next, first))
  } catch (err) {
    next.close()
    throw err
  }
  const workspace = host.replace(next)
  return finish(host, {
    id,
    action: 'newWorkspace',
    message: `A new live workspace runs ${names}; its home page opened in a new session.`,
    summary,
    home: homeOf(next, first, homeSteps),
    workspace,
  })
}

function finish(host: ApexImportHost, result: ApexImportResult): ApexImportResult {
  host.emit('apex.imported', result)
  return result
}

/** The payload field of the file a problem names (`files.3`), for importApexFiles errors. */
export function fileField(files: readonly { path: string }[]): (file: string) => string {
  const norm = (p: string) => normalizeExportPath(p)
  const index = new Map(files.map((f, i) => [norm(f.path), i]))
  return (file) => {
    const i = index.get(norm(file))
    return i === undefined ? 'files' : `files.${i}`
  }
}

/** How an upload is named in messages: its one file, or its folder. */
export function uploadName(files: readonly { path: string }[]): string {
  const root = listMemoryExportFiles(files.map((f) => ({ path: f.path, text: '' }))).root
  return files.length === 1 ? root : root ? `the folder ${root}` : 'the uploaded files'
}

/** A path the import can read: it exists (the importer reports the rest as problems). */
export function checkImportPath(path: string): void {
  try {
    statSync(path)
  } catch {
    throw new ApiFailure({ code: 'notFound', message: `${path}: no such file or folder`, field: 'path' })
  }
}

/** The CLI's `--json` document, problems capped. */
export function summaryOf(result: ImportResult): ApexImportSummary {
  const summary: ApexImportSummary = { apps: result.summary, problems: result.problems.slice(0, MAX_RESULT_PROBLEMS), skippedCalls: result.skippedCalls }
  if (result.problems.length > MAX_RESULT_PROBLEMS) summary.moreProblems = result.problems.length - MAX_RESULT_PROBLEMS
  return summary
}

/** Why the apps cannot simply join the current workspace, or null when they can. */
function addBlocker(current: Workspace, apps: readonly AppDefinition[]): string | null {
  const engine = current.engine
  if (!engine) return 'This workspace is a recorded trace without app definitions, so no application can join it.'
  const aliases = new Map<string, number>()
  for (const app of engine.apps.values()) if (app.def.alias) aliases.set(app.def.alias.toUpperCase(), app.id)
  for (const app of apps) {
    if (engine.apps.has(app.id)) return `This workspace already has an application ${app.id}.`
    const other = app.alias ? aliases.get(app.alias.toUpperCase()) : undefined
    if (other !== undefined) return `This workspace's application ${other} already has the alias ${app.alias}.`
  }
  return null
}

/**
 * The current workspace with `apps` added: a new engine over the same state
 * (written to a private store file, as a loaded trace's engine is), with the
 * same clock and session-ID generator, sharing the timeline.
 */
function withApps(current: Workspace, apps: readonly AppDefinition[]): { next: Workspace; storePath: string } {
  const engine = current.engine as Engine
  const defs = [...[...engine.apps.values()].map((a) => a.def), ...apps]
  const storePath = join(sessionScopeTmpDir(), `engine-${randomUUID()}.sqlite`)
  let engineNext: Engine
  try {
    writeEngineStore(storePath, engine.state, { clock: engine.now, idState: engine.idState, checksumSecret: engine.checksumSecret })
    const h = current.header
    engineNext = new Engine({
      apps: defs,
      appPaths: defs.map((a, i) => (i < defs.length - apps.length ? `workspace app ${a.id}` : `imported app ${a.id}`)),
      storePath,
      ...(h.settings ? { settings: h.settings } : {}),
      ...(h.seed !== undefined ? { seed: h.seed } : {}),
      ...(h.startTime ? { startTime: h.startTime } : {}),
    })
  } catch (err) {
    removeStore(storePath)
    throw err
  }
  const header: TraceHeader = { ...current.header, apps: defs }
  delete header.use
  delete (header as { appFiles?: unknown }).appFiles
  const next = new Workspace({
    header,
    timeline: current.timeline,
    engine: engineNext,
    engineBase: current.timeline.stepCount,
    summary: current.summary(),
    traceDir: current.traceDir,
    file: current.file,
    source: current.source,
    reused: current.reused,
    tempFiles: [storePath],
  })
  return { next, storePath }
}

function removeStore(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
}

/** A request to the home page with no session: the engine creates one, named by the next free letter. */
function homeRequest(ws: Workspace, app: AppDefinition) {
  // Aliases of ended sessions could be reused; not reusing any keeps the timeline unambiguous.
  const used = new Set((ws.engine?.sessions() ?? []).map((s) => s.alias))
  let as = ''
  for (let i = 0; i < 26 && !as; i++) if (!used.has(String.fromCharCode(65 + i))) as = String.fromCharCode(65 + i)
  for (let i = 27; !as; i++) if (!used.has(`S${i}`)) as = `S${i}`
  return { type: 'request' as const, url: `f?p=${app.id}:${app.homePage}`, as, note: `Imported ${app.name || `application ${app.id}`}: home page` }
}

function homeOf(ws: Workspace, app: AppDefinition, steps: Step[]): ApexImportResult['home'] {
  const firstStep = steps[0]
  const last = steps[steps.length - 1]
  if (!firstStep || !last) return null
  const session = firstStep.session
  const alias = session === null ? null : (ws.engine?.sessions().find((s) => s.id === (last.session ?? session))?.alias ?? null)
  return { app: app.id, page: app.homePage, session, alias, step: firstStep.index, steps: steps.length, outcome: last.outcome }
}

function titleOf(apps: readonly AppDefinition[]): string {
  const first = apps[0] as AppDefinition
  const more = apps.length > 1 ? ` and ${apps.length - 1} more` : ''
  return `${first.name || 'APEX application'} (APEX app ${first.id}${more}, imported)`.slice(0, 500)
}

/** Nothing could be imported: the first problem with a line (else the first) names file and line. */
function nothingImported(what: string, problems: readonly ImportProblem[], field: (file: string) => string): ApiFailure {
  const lined = problems.filter((p) => p.line > 0)
  const shown = [...lined, ...problems.filter((p) => p.line === 0)]
  const first = shown[0]
  const where = (p: ImportProblem) => `${p.file}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}`
  const listed = shown.slice(0, 3).map(where)
  const more = shown.length > 3 ? ` (and ${shown.length - 3} more problems)` : ''
  return new ApiFailure({
    code: 'invalidExport',
    message: `${what} is not an APEX application export that can be imported: ${listed.join('; ') || 'no application definition found'}${more}`,
    ...(first ? { field: field(first.file) } : {}),
    ...(first && first.line > 0 ? { line: first.line } : {}),
  })
}
