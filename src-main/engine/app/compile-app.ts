/**
 * Loading app definitions: schema validation, indexing, and parsing every
 * expression, with all problems reported at once and each named by its place
 * (`apps[0].pages[2].computations[1].expression`, column N).
 */
import { tryParseExpression } from '../expression/index.js'
import type { Expr } from '../expression/index.js'
import { AppDefinitionSchema } from '../model/app-definition.js'
import type { AppDefinition, Condition, Page } from '../model/app-definition.js'
import { GLOBAL_APP, normalizeName } from '../model/values.js'
import { rowKey } from '../state/session-state.js'
import type { CompiledApp, CompiledPage, ItemInfo, Located } from './compiled-app.js'

export interface LoadProblem {
  /** Where in the definitions, e.g. "apps[0].pages[1].items[2].source". */
  path: string
  message: string
  /** 0-based offset in the expression text, for syntax errors. */
  position?: number
}

export class AppLoadError extends Error {
  constructor(readonly problems: LoadProblem[]) {
    super(
      `app definition has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.path}: ${p.message}`).join('\n'),
    )
    this.name = 'AppLoadError'
  }
}

/**
 * Validates and compiles apps. `basePath` prefixes problem paths (e.g. "header.apps").
 * Throws AppLoadError listing every problem found.
 */
export function compileApps(input: unknown[], basePath: string | string[] = 'apps'): CompiledApp[] {
  const problems: LoadProblem[] = []
  const apps: CompiledApp[] = []
  const seen = new Set<number>()
  input.forEach((raw, i) => {
    const path = Array.isArray(basePath) ? (basePath[i] ?? `apps[${i}]`) : `${basePath}[${i}]`
    const parsed = AppDefinitionSchema.safeParse(raw)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ path: joinPath(path, issue.path), message: issue.message })
      }
      return
    }
    if (seen.has(parsed.data.id)) {
      problems.push({ path: `${path}.id`, message: `app ${parsed.data.id} is defined twice` })
      return
    }
    seen.add(parsed.data.id)
    apps.push(compileApp(parsed.data, path, problems))
  })
  if (problems.length > 0) throw new AppLoadError(problems)
  return apps
}

function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : `.${String(s)}`
  return out
}

function compileApp(def: AppDefinition, path: string, problems: LoadProblem[]): CompiledApp {
  const expressions = new Map<string, Expr>()
  const expr = (source: string | undefined, where: string) => {
    if (source === undefined || expressions.has(source)) return
    const r = tryParseExpression(source)
    if (r.ok) expressions.set(source, r.expr)
    else problems.push({ path: where, message: `syntax error at position ${r.error.position} (line ${r.error.line}, column ${r.error.column}): ${r.error.reason}`, position: r.error.position })
  }
  const condition = (c: Condition | undefined, where: string) => {
    if (c?.expression !== undefined) expr(c.expression, `${where}.when.expression`)
  }

  const app: CompiledApp = {
    def,
    id: def.id,
    alias: def.alias ? normalizeName(def.alias) : null,
    pages: new Map(),
    pageAliases: new Map(),
    items: new Map(),
    computations: [],
    processes: [],
    tables: new Map(),
    expressions,
    ajaxConditionErrors: new Map(),
    byPoint: new Map(),
    text: {
      onNewInstance: `On New Instance (app ${def.id})`,
      afterLogin: `After Authentication (app ${def.id})`,
    },
  }

  for (const t of def.tables ?? []) app.tables.set(normalizeName(t.name), t)

  ;(def.items ?? []).forEach((item, i) => {
    const name = normalizeName(item.name)
    if (app.items.has(name)) {
      problems.push({ path: `${path}.items[${i}].name`, message: `item ${name} is defined twice` })
      return
    }
    const scope = item.scope ?? 'APP'
    app.items.set(name, {
      name,
      storageApp: scope === 'GLOBAL' ? GLOBAL_APP : def.id,
      page: null,
      kind: 'app',
      scope,
      storage: item.storage ?? 'session',
      protection: item.protection ?? 'N',
      def: item,
      rowKey: rowKey(scope === 'GLOBAL' ? GLOBAL_APP : def.id, null, name),
      cacheLabel: `app:${name}`,
    })
  })

  // Button display conditions (issue #11) are compiled leniently: one that does not parse leaves the
  // button's display unknown (never hidden) instead of refusing an app that loaded before.
  for (const page of def.pages) {
    for (const button of page.buttons ?? []) {
      const source = ((button as Record<string, unknown>).displayWhen as Condition | undefined)?.expression
      if (source === undefined || expressions.has(source)) continue
      const r = tryParseExpression(source)
      if (r.ok) expressions.set(source, r.expr)
    }
  }

  // Ajax code's conditions (On Demand processes of the app and its pages, dynamic actions' server-side code) are kept
  // loose beside the definitions: parsed here, at load, and leniently — one that does not parse is kept with its error,
  // and a call of that code reports it and does not run the code, as before (operations/ajax.ts).
  const ajaxCondition = (entry: unknown): void => {
    const source = ((entry as { when?: unknown } | null)?.when as { expression?: unknown } | null | undefined)?.expression
    if (typeof source !== 'string' || expressions.has(source) || app.ajaxConditionErrors.has(source)) return
    const r = tryParseExpression(source)
    if (r.ok) expressions.set(source, r.expr)
    else app.ajaxConditionErrors.set(source, r.error)
  }
  const looseList = (owner: object, name: 'onDemand' | 'ajaxActions'): unknown[] => {
    const list = (owner as Record<string, unknown>)[name]
    return Array.isArray(list) ? list : []
  }
  for (const entry of looseList(def, 'onDemand')) ajaxCondition(entry)
  for (const page of def.pages) {
    for (const entry of looseList(page, 'onDemand')) ajaxCondition(entry)
    for (const entry of looseList(page, 'ajaxActions')) ajaxCondition(entry)
  }

  def.pages.forEach((page, pi) => {
    const ppath = `${path}.pages[${pi}]`
    if (app.pages.has(page.id)) {
      problems.push({ path: `${ppath}.id`, message: `page ${page.id} is defined twice` })
      return
    }
    const compiled = compilePage(page, ppath, def.id, app, problems, expr, condition)
    app.pages.set(page.id, compiled)
    if (compiled.alias) app.pageAliases.set(compiled.alias, page.id)
  })

  ;(def.computations ?? []).forEach((c, i) => {
    const where = `${path}.computations[${i}]`
    expr(c.expression, `${where}.expression`)
    condition(c.when, where)
    checkItem(app, c.item, `${where}.item`, problems)
    app.computations.push({ def: c, index: i, label: `application computation #${i + 1} (${normalizeName(c.item)})` })
  })
  ;(def.processes ?? []).forEach((p, i) => {
    const where = `${path}.processes[${i}]`
    compileProcessExpressions(p, where, expr, condition)
    app.processes.push({ def: p, index: i, label: `application process '${p.name}'` })
  })

  // Second pass, once every page is indexed: names used by pages must exist.
  def.pages.forEach((page, pi) => {
    const ppath = `${path}.pages[${pi}]`
    ;(page.computations ?? []).forEach((c, i) => checkItem(app, c.item, `${ppath}.computations[${i}].item`, problems))
    ;(page.processes ?? []).forEach((p, i) => {
      if (p.type === 'setItems') for (const name of Object.keys(p.items)) checkItem(app, name, `${ppath}.processes[${i}].items.${name}`, problems)
      if (p.type === 'insertRow' && !app.tables.has(normalizeName(p.table)))
        problems.push({ path: `${ppath}.processes[${i}].table`, message: `table ${p.table} is not declared in the app's tables` })
    })
  })
  ;(def.processes ?? []).forEach((p, i) => {
    if (p.type === 'setItems') for (const name of Object.keys(p.items)) checkItem(app, name, `${path}.processes[${i}].items.${name}`, problems)
    if (p.type === 'insertRow' && !app.tables.has(normalizeName(p.table)))
      problems.push({ path: `${path}.processes[${i}].table`, message: `table ${p.table} is not declared in the app's tables` })
  })
  if (!app.pages.has(def.homePage) && def.pages.length > 0)
    problems.push({ path: `${path}.homePage`, message: `home page ${def.homePage} is not one of the app's pages` })
  return app
}

function compilePage(
  page: Page,
  ppath: string,
  appId: number,
  app: CompiledApp,
  problems: LoadProblem[],
  expr: (s: string | undefined, where: string) => void,
  condition: (c: Condition | undefined, where: string) => void,
): CompiledPage {
  const items: ItemInfo[] = []
  ;(page.items ?? []).forEach((item, i) => {
    const name = normalizeName(item.name)
    const where = `${ppath}.items[${i}]`
    if (app.items.has(name)) {
      problems.push({ path: `${where}.name`, message: `item ${name} is defined twice in app ${appId} (item names are unique per app)` })
      return
    }
    expr(item.source, `${where}.source`)
    expr(item.default, `${where}.default`)
    const info: ItemInfo = {
      name,
      storageApp: appId,
      page: page.id,
      kind: 'page',
      scope: 'APP',
      storage: item.storage ?? 'session',
      protection: item.protection ?? 'N',
      def: item,
      rowKey: rowKey(appId, page.id, name),
      cacheLabel: `${page.id}:${name}`,
    }
    app.items.set(name, info)
    items.push(info)
  })
  const located = <T>(list: T[] | undefined, what: string): Located<T>[] =>
    (list ?? []).map((def, index) => ({ def, index, label: `${what} #${index + 1} on page ${page.id}` }))
  const computations = located(page.computations, 'computation')
  computations.forEach((c, i) => {
    expr(c.def.expression, `${ppath}.computations[${i}].expression`)
    condition(c.def.when, `${ppath}.computations[${i}]`)
  })
  const validations = located(page.validations, 'validation').map((v) => ({ ...v, label: `validation '${v.def.name}' on page ${page.id}` }))
  validations.forEach((v, i) => {
    expr(v.def.expression, `${ppath}.validations[${i}].expression`)
    condition(v.def.when, `${ppath}.validations[${i}]`)
  })
  const processes = located(page.processes, 'process').map((p) => ({ ...p, label: `process '${p.def.name}' on page ${page.id}` }))
  processes.forEach((p, i) => compileProcessExpressions(p.def, `${ppath}.processes[${i}]`, expr, condition))
  const branches = located(page.branches, 'branch')
  branches.forEach((b, i) => condition(b.def.when, `${ppath}.branches[${i}]`))
  return {
    def: page,
    id: page.id,
    alias: page.alias ? normalizeName(page.alias) : null,
    protection: page.protection ?? 'N',
    items,
    buttons: new Set((page.buttons ?? []).map((b) => normalizeName(b.name))),
    computations,
    validations,
    processes,
    branches,
    byPoint: new Map(),
    text: {
      itemsRender: `Items render (page ${page.id})`,
      shown: `page ${page.id} of app ${appId} shown`,
      submit: `submit of page ${page.id}`,
      posted: `posted value (submit of page ${page.id})`,
      noBranch: `No branch: redirect to page ${page.id}`,
      cloneRender: `Render page ${page.id} in the new session`,
      postValues: new Map(),
    },
  }
}

function compileProcessExpressions(
  p: import('../model/app-definition.js').Process,
  where: string,
  expr: (s: string | undefined, where: string) => void,
  condition: (c: Condition | undefined, where: string) => void,
): void {
  condition(p.when, where)
  if (p.type === 'setItems') for (const [k, v] of Object.entries(p.items)) expr(v, `${where}.items.${k}`)
  if (p.type === 'insertRow') for (const [k, v] of Object.entries(p.columns)) expr(v, `${where}.columns.${k}`)
}

function checkItem(app: CompiledApp, name: string, where: string, problems: LoadProblem[]): void {
  if (!app.items.has(normalizeName(name))) problems.push({ path: where, message: `item ${normalizeName(name)} is not defined in app ${app.id}` })
}
