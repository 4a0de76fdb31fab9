/**
 * Sorts the calls of an export into applications and pages.
 *
 * The export API is stateful: `create_page(p_id=>5)` makes page 5 current, and
 * the `create_page_item` calls after it belong to page 5 unless they name a page
 * themselves (`p_flow_step_id`, older exports). The application comes from
 * `create_flow`, or from the `p_default_application_id` of the
 * `import_begin`/`component_begin` call that opens every export file.
 * A new file closes the current page: in a split export each file is a
 * component of its own (a long page file is cut into several
 * `component_begin … component_end` blocks, so those do not close it).
 */
import type { ExportCall } from './export-call.js'
import { argId, argNumber, argText } from './export-call.js'
import type { ImportProblem } from './import-types.js'

export interface RawPage {
  id: number
  /** The `create_page` call; undefined when components name a page the export never creates. */
  create: ExportCall | undefined
  items: ExportCall[]
  buttons: ExportCall[]
  branches: ExportCall[]
  computations: ExportCall[]
  validations: ExportCall[]
  processes: ExportCall[]
  /** `create_page_plug`: regions (forms and reports read their table or query). */
  regions: ExportCall[]
  /** `create_page_da_event` / `create_page_da_action`: dynamic actions (their server-side code runs as Ajax calls). */
  daEvents: ExportCall[]
  daActions: ExportCall[]
  /**
   * A report region's columns and saved reports (`create_report_columns`,
   * `create_worksheet`, `create_worksheet_column`, `create_worksheet_rpt`):
   * they name no region and belong to the region exported just before them.
   */
  reportParts: ExportCall[]
}

export interface RawApp {
  id: number
  flow: ExportCall | undefined
  release: string | undefined
  userInterfaces: ExportCall[]
  items: ExportCall[]
  computations: ExportCall[]
  processes: ExportCall[]
  buildOptions: ExportCall[]
  /** Supporting objects: `create_install_script` and the `append_to_install_script` calls that continue one. */
  installScripts: ExportCall[]
  installAppends: ExportCall[]
  /** `create_message`: text messages. */
  messages: ExportCall[]
  /** `create_authentication`: authentication schemes (the current one names the session cookie). */
  authentications: ExportCall[]
  pages: Map<number, RawPage>
}

export interface GroupedExport {
  apps: RawApp[]
  problems: ImportProblem[]
  skippedCalls: Record<string, number>
}

/** Calls that only frame the import; they are neither used nor "skipped". */
const FRAMING = new Set(['import_begin', 'import_end', 'component_begin', 'component_end', 'set_environment'])

const PAGE_COMPONENTS: Record<string, keyof Omit<RawPage, 'id' | 'create'>> = {
  create_page_item: 'items',
  create_page_button: 'buttons',
  create_page_branch: 'branches',
  create_page_computation: 'computations',
  create_page_validation: 'validations',
  create_page_process: 'processes',
  create_page_plug: 'regions',
  // A classic report as 24.2 still exports it: a region with its own argument names (region-mapper.ts).
  create_report_region: 'regions',
  create_page_da_event: 'daEvents',
  create_page_da_action: 'daActions',
  create_report_columns: 'reportParts',
  create_worksheet: 'reportParts',
  create_worksheet_column: 'reportParts',
  create_worksheet_rpt: 'reportParts',
}

const APP_COMPONENTS: Record<string, 'items' | 'computations' | 'processes' | 'buildOptions' | 'userInterfaces' | 'installScripts' | 'installAppends' | 'messages' | 'authentications'> = {
  create_authentication: 'authentications',
  create_install_script: 'installScripts',
  append_to_install_script: 'installAppends',
  create_message: 'messages',
  create_flow_item: 'items',
  create_flow_computation: 'computations',
  create_flow_process: 'processes',
  create_build_option: 'buildOptions',
  create_user_interface: 'userInterfaces',
}

/**
 * @param fallbackAppId used when nothing in the export names the application
 *   (a lone page file): the number in an `fNNN` file or folder name, if any.
 */
export function groupExportCalls(calls: readonly ExportCall[], fallbackAppId: number | undefined): GroupedExport {
  const problems: ImportProblem[] = []
  const skippedCalls: Record<string, number> = {}
  const apps = new Map<number, RawApp>()
  let currentAppId: number | undefined
  let currentPage: RawPage | undefined
  let warnedNoApp = false
  let currentFile: string | undefined

  const appFor = (call: ExportCall): RawApp => {
    let id = currentAppId ?? fallbackAppId
    if (id === undefined) {
      id = 100
      if (!warnedNoApp) {
        warnedNoApp = true
        problems.push({ file: call.file, line: call.line, message: 'the export does not say which application it is; assuming application 100' })
      }
    }
    let app = apps.get(id)
    if (app === undefined) {
      app = {
        id,
        flow: undefined,
        release: undefined,
        userInterfaces: [],
        items: [],
        computations: [],
        processes: [],
        buildOptions: [],
        installScripts: [],
        installAppends: [],
        messages: [],
        authentications: [],
        pages: new Map(),
      }
      apps.set(id, app)
    }
    return app
  }

  const pageOf = (app: RawApp, id: number): RawPage => {
    let page = app.pages.get(id)
    if (page === undefined) {
      page = { id, create: undefined, items: [], buttons: [], branches: [], computations: [], validations: [], processes: [], regions: [], daEvents: [], daActions: [], reportParts: [] }
      app.pages.set(id, page)
    }
    return page
  }

  for (const call of calls) {
    const name = call.name
    if (call.file !== currentFile) {
      currentFile = call.file
      currentPage = undefined
    }
    if (name === 'import_begin' || name === 'component_begin') {
      const id = argNumber(call, 'p_default_application_id')
      if (id !== undefined && Number.isInteger(id) && id > 0) currentAppId = id
      const release = argText(call, 'p_release')
      if (release !== undefined) appFor(call).release ??= release
      continue
    }
    if (FRAMING.has(name)) continue
    if (name === 'create_flow') {
      const id = argNumber(call, 'p_id')
      if (id !== undefined && Number.isInteger(id) && id > 0) currentAppId = id
      const app = appFor(call)
      if (app.flow !== undefined) problems.push({ file: call.file, line: call.line, message: `application ${app.id} is created twice; the later definition is used` })
      app.flow = call
      continue
    }
    const appList = APP_COMPONENTS[name]
    if (appList !== undefined) {
      appFor(call)[appList].push(call)
      continue
    }
    if (name === 'set_flow_process_sql') {
      patchSource(appFor(call).processes, call, 'p_process_sql', problems)
      continue
    }
    if (name === 'create_page') {
      const id = argNumber(call, 'p_id')
      if (id === undefined || !Number.isInteger(id) || id < 0) {
        problems.push({ file: call.file, line: call.line, message: 'create_page without a page number; its components are skipped' })
        currentPage = undefined
        continue
      }
      const app = appFor(call)
      const existing = app.pages.get(id)
      if (existing?.create !== undefined) {
        problems.push({ file: call.file, line: call.line, message: `page ${id} is created twice; the later definition is used` })
        app.pages.delete(id)
      }
      currentPage = pageOf(app, id)
      currentPage.create = call
      continue
    }
    const list = PAGE_COMPONENTS[name]
    if (list !== undefined || name === 'set_page_process_source') {
      const explicit = argNumber(call, 'p_flow_step_id') ?? argNumber(call, 'p_page_id')
      const page = explicit !== undefined && Number.isInteger(explicit) && explicit >= 0 ? pageOf(appFor(call), explicit) : currentPage
      if (page === undefined) {
        problems.push({ file: call.file, line: call.line, message: `${name} outside of a page (no create_page before it); skipped` })
        continue
      }
      if (list !== undefined) page[list].push(call)
      else patchSource(page.processes, call, 'p_process_sql_clob', problems)
      continue
    }
    skippedCalls[name] = (skippedCalls[name] ?? 0) + 1
  }

  for (const app of apps.values()) {
    for (const page of app.pages.values()) {
      if (page.create === undefined) {
        const first = [...page.items, ...page.buttons, ...page.branches, ...page.computations, ...page.validations, ...page.processes][0]
        problems.push({
          file: first?.file ?? '',
          line: first?.line ?? 0,
          message: `components name page ${page.id}, which the export does not create; the page is imported with its number as name`,
        })
      }
    }
  }
  return { apps: [...apps.values()].sort((a, b) => a.id - b.id), problems, skippedCalls }
}

/** `set_page_process_source` / `set_flow_process_sql`: large process code sent after the process. */
function patchSource(processes: ExportCall[], call: ExportCall, sourceArg: string, problems: ImportProblem[]): void {
  const id = argId(call, 'p_id')
  const target = processes.find((p) => argId(p, 'p_id') === id)
  const source = call.args[sourceArg] ?? call.args['p_process_sql_clob'] ?? call.args['p_process_sql']
  if (target === undefined || source === undefined) {
    problems.push({ file: call.file, line: call.line, message: `${call.name} for an unknown process; skipped` })
    return
  }
  target.args['p_process_sql_clob'] = source
}
