/**
 * Page and application processes. Clear Session State becomes `clearCache`, a
 * PL/SQL body of plain item assignments becomes `setItems`; every other type
 * is a `notSimulated` process that keeps its code (or, for declarative types,
 * a description of its settings) and shows "not simulated" when reached.
 *
 * Ajax callbacks (`ON_DEMAND`) and points outside the page flow are returned
 * as `unplaced` entries: they are not steps of a page view. An Ajax
 * callback's PL/SQL keeps its code record (with `run`), so an `ajax` event
 * runs it.
 */
import type { FormSpec, GridSpec, NotSimulated, Process } from '../engine/model/app-definition.js'
import { parseStatement } from '../engine/sql/parser.js'
import { codeRecord } from './code-record.js'
import { clearCacheTokens, CLEAR_CACHE_TYPES } from './clear-session-state.js'
import { buildCondition, mapConditionExpression } from './condition-mapper.js'
import type { ExportCall } from './export-call.js'
import { argCode, argId, argText } from './export-call.js'
import { processPoint } from './execution-points.js'
import type { MapContext } from './map-context.js'
import { applyBuildOption, buttonName } from './map-context.js'
import { translateAssignments } from './plsql-assignments.js'

/** Builder labels of native process types, for the "not simulated: …" notice. */
const PROCESS_KINDS: Record<string, string> = {
  NATIVE_PLSQL: 'PL/SQL process',
  PLSQL: 'PL/SQL process',
  NATIVE_FORM_FETCH: 'Form - Automatic Row Fetch',
  NATIVE_FORM_PROCESS: 'Form - Automatic Row Processing (DML)',
  NATIVE_FORM_DML: 'Form - Automatic Row Processing (DML)',
  NATIVE_FORM_INIT: 'Form - Initialization',
  NATIVE_FORM_PAGINATION: 'Form - Pagination',
  NATIVE_IG_DML: 'Interactive Grid - Automatic Row Processing (DML)',
  NATIVE_TABFORM_UPDATE: 'Tabular Form - Multi Row Update',
  NATIVE_TABFORM_DELETE: 'Tabular Form - Multi Row Delete',
  NATIVE_CLOSE_WINDOW: 'Close Dialog',
  NATIVE_SEND_EMAIL: 'Send E-Mail',
  NATIVE_SEND_PUSH_NOTIFICATION: 'Send Push Notification',
  NATIVE_WEB_SERVICE: 'Web Service',
  NATIVE_WEB_SERVICE_LEGACY: 'Web Service (legacy)',
  NATIVE_INVOKE_API: 'Invoke API',
  NATIVE_EXECUTION_CHAIN: 'Execution Chain',
  NATIVE_DATA_LOADING: 'Data Loading',
  NATIVE_LOAD_UPLOADED_DATA: 'Data Loading',
  NATIVE_PARSE_UPLOADED_DATA: 'Data Loading',
  NATIVE_USER_PREFERENCES: 'User Preferences',
  NATIVE_WORKFLOW: 'Workflow',
  NATIVE_HUMAN_TASK_CREATE: 'Human Task - Create',
  NATIVE_GEOCODING: 'Geocoding',
  NATIVE_PRINT_REPORT: 'Print Report',
  NATIVE_DOWNLOAD: 'Download',
  NATIVE_GENERATE_TEXT_AI: 'Generate Text with AI',
}

export type MappedProcess =
  | { placed: true; process: Process }
  | { placed: false; entry: Record<string, unknown>; onDemand: boolean }

/**
 * @param pageId the process's page; undefined for application processes.
 */
export function mapProcess(call: ExportCall, context: MapContext, pageId: number | undefined): MappedProcess {
  const name = argText(call, 'p_process_name') ?? ''
  const type = argCode(call, 'p_process_type') ?? 'PLSQL'
  const pointCode = argCode(call, 'p_process_point') ?? 'AFTER_SUBMIT'
  const point = processPoint(pointCode)
  const code = argText(call, 'p_process_sql_clob') ?? argText(call, 'p_process_sql')

  let body: Record<string, unknown>
  if (type === 'NATIVE_SESSION_STATE' || CLEAR_CACHE_TYPES.has(type)) {
    const mapped = clearCacheTokens(call, context.appId, pageId)
    body =
      'tokens' in mapped
        ? { type: 'clearCache', tokens: mapped.tokens }
        : { type: 'notSimulated', notSimulated: { kind: 'Clear Session State process', text: `${describe(call)} (${mapped.unsupported})` } }
  } else if (type === 'NATIVE_RESET_PAGINATION' || type === 'RESET_PAGINATION') {
    // Pagination is not session state: the `RP` token records it without changing items.
    body = { type: 'clearCache', tokens: 'RP' }
  } else if ((type === 'NATIVE_PLSQL' || type === 'PLSQL') && code !== undefined && argText(call, 'p_parent_process_id') === undefined) {
    const items = translateAssignments(code, context)
    const unknown = Object.keys(items ?? {}).filter((name) => !context.knownItems.has(name))
    if (unknown.length > 0) {
      context.problems.push({ file: call.file, line: call.line, message: `PL/SQL process sets ${unknown.join(', ')}, not an item of this export; kept as not simulated` })
    }
    // The PL/SQL stays beside its translation, so the original is never lost.
    body =
      items !== undefined && unknown.length === 0
        ? { type: 'setItems', items, plsql: code }
        : { type: 'notSimulated', notSimulated: codeRecord('PL/SQL process', code, type, 'plsqlBlock') }
  } else {
    body = { type: 'notSimulated', notSimulated: declarativeRecord(call, type, code, context) }
    const form = formOf(call, type, context)
    if (form !== undefined) body.form = form
    const grid = type === 'NATIVE_IG_DML' ? gridOf(call, context) : undefined
    if (grid !== undefined) body.grid = grid
  }
  // Children of an execution chain run only inside their chain.
  const parentId = argId(call, 'p_parent_process_id')
  if (parentId !== undefined) {
    const record: NotSimulated =
      body.type === 'notSimulated'
        ? { ...(body.notSimulated as NotSimulated), kind: 'process in an execution chain' }
        : code !== undefined && (type === 'NATIVE_PLSQL' || type === 'PLSQL')
          ? codeRecord('process in an execution chain', code, type, 'plsqlBlock')
          : { kind: 'process in an execution chain', text: code ?? describe(call) }
    body = { ...body, type: 'notSimulated', notSimulated: record, chain: context.page?.processNames.get(parentId) ?? `#${parentId}` }
    delete body.items
    delete body.tokens
  }

  const process = {
    name,
    point: point ?? 'processing',
    ...body,
  } as Process & Record<string, unknown>
  const when = buildCondition(
    buttonName(call, 'p_process_when_button_id', context),
    mapConditionExpression(
      { type: argText(call, 'p_process_when_type'), expr1: argText(call, 'p_process_when'), expr2: argText(call, 'p_process_when2') },
      context,
    ),
  )
  if (when !== undefined) process.when = when
  const result = applyBuildOption(process, call, context)
  if (point === undefined) {
    const onDemand = pointCode === 'ON_DEMAND'
    const { point: _point, type: _type, ...rest } = result
    const kind = onDemand ? 'Ajax Callback process' : `process at point ${pointCode}`
    // An Ajax Callback's PL/SQL keeps how it runs: an `ajax` event runs it (engine/operations/ajax.ts).
    const runs = onDemand && code !== undefined && (type === 'NATIVE_PLSQL' || type === 'PLSQL')
    return {
      placed: false,
      onDemand,
      entry: {
        component: 'process',
        apexPoint: pointCode,
        ...rest,
        notSimulated: runs ? codeRecord(kind, code, type, 'plsqlBlock') : { kind, text: code ?? describe(call) },
      },
    }
  }
  return { placed: true, process: result }
}

/** The record of a process that is neither a clear cache nor plain item assignments. */
function declarativeRecord(call: ExportCall, type: string, code: string | undefined, context: MapContext): NotSimulated {
  const kind = PROCESS_KINDS[type] ?? `${type} process`
  const text = code ?? describe(call)
  switch (type) {
    case 'NATIVE_PLSQL':
    case 'PLSQL':
      return code !== undefined ? codeRecord(kind, code, type, 'plsqlBlock') : { kind, text }
    case 'NATIVE_FORM_FETCH':
    case 'NATIVE_FORM_INIT':
    case 'DML_FETCH_ROW':
      return formOf(call, type, context) !== undefined ? codeRecord(kind, text, type, 'formFetch') : { kind, text }
    case 'NATIVE_FORM_PROCESS':
    case 'NATIVE_FORM_DML':
    case 'DML_PROCESS_ROW':
      return formOf(call, type, context) !== undefined ? codeRecord(kind, text, type, 'formDml') : { kind, text }
    case 'NATIVE_IG_DML':
      return gridOf(call, context) !== undefined ? codeRecord(kind, text, type, 'gridDml') : { kind, text }
    case 'NATIVE_CLOSE_WINDOW':
      // Declarative: no language, the engine knows what to do.
      return { kind, text, apexType: type, run: 'closeDialog' }
    case 'NATIVE_EXECUTION_CHAIN':
      return { kind, text, apexType: type, run: 'executionChain' }
    default:
      return { kind, text }
  }
}

/**
 * The table, keys and item mapping of a form process. Form regions (19.1+)
 * name their region, whose items carry their column; legacy Automatic Row
 * Fetch / Processing name table and key in attributes 02–06 and map the
 * page's "Database Column" items.
 */
function formOf(call: ExportCall, type: string, context: MapContext): FormSpec | undefined {
  const page = context.page
  if (page === undefined) return undefined
  if (type === 'NATIVE_FORM_INIT' || type === 'NATIVE_FORM_DML') {
    const regionId = argId(call, 'p_region_id')
    const region = regionId === undefined ? undefined : page.regions.byId.get(regionId)
    if (region?.table === undefined || region.items === undefined) return undefined
    const columns = region.items
    const keys = (region.keys ?? []).flatMap((column) => {
      const item = Object.keys(columns).find((name) => columns[name] === column)
      return item === undefined ? [] : [{ column, item }]
    })
    if (keys.length === 0) return undefined
    const form: FormSpec = { table: region.table, keys, columns }
    if (region.operations !== undefined) form.operations = region.operations
    if (region.queryOnly !== undefined) form.queryOnly = region.queryOnly
    return withMasks(form, page.formatMasks)
  }
  if (type === 'NATIVE_FORM_FETCH' || type === 'NATIVE_FORM_PROCESS' || type === 'DML_FETCH_ROW' || type === 'DML_PROCESS_ROW') {
    const table = argText(call, 'p_attribute_02')?.trim().toUpperCase()
    const keys: FormSpec['keys'] = []
    for (const [itemArg, columnArg] of [['p_attribute_03', 'p_attribute_04'], ['p_attribute_05', 'p_attribute_06']] as const) {
      const item = argText(call, itemArg)?.trim().toUpperCase()
      const column = argText(call, columnArg)?.trim().toUpperCase()
      if (item && column) keys.push({ column, item })
    }
    if (!table || keys.length === 0) return undefined
    const form: FormSpec = { table, keys, columns: { ...page.dbColumns } }
    const operations = argText(call, 'p_attribute_11')
    if (type !== 'NATIVE_FORM_FETCH' && operations !== undefined && operations.trim() !== '') form.operations = operations.trim().toUpperCase()
    return withMasks(form, page.formatMasks)
  }
  return undefined
}

/**
 * What an Interactive Grid's row processing writes, read from its region: the
 * region's table (query type Table) or the one table its SQL selects from,
 * and the columns the query selects as they are (computed and aliased columns
 * are not written). A grid selecting ROWID is keyed by it; otherwise by the
 * table's primary key, which the engine reads from the app database (the
 * region columns' "Primary Key" flags are not in the mapped region). Targets
 * other than the region source (PL/SQL code) stay not simulated.
 */
function gridOf(call: ExportCall, context: MapContext): GridSpec | undefined {
  const target = argText(call, 'p_attribute_01')
  const regionId = argId(call, 'p_region_id')
  const region = regionId === undefined ? undefined : context.page?.regions.byId.get(regionId)
  if (region === undefined || (target !== undefined && target !== 'REGION_SOURCE' && target !== 'TABLE')) return undefined
  let table = target === 'TABLE' ? argText(call, 'p_attribute_03')?.trim().toUpperCase() : region.table
  let columns: string[] = []
  if (target !== 'TABLE' && region.table === undefined) {
    if (region.query === undefined) return undefined
    let statement
    try {
      statement = parseStatement(region.query)
    } catch {
      return undefined
    }
    if (statement.k !== 'query' || statement.q.k !== 'select' || statement.q.from.length !== 1) return undefined
    const from = statement.q.from[0]!
    if (from.k !== 'table') return undefined
    table = from.name[from.name.length - 1]!.name
    columns = statement.q.items.flatMap((item) => {
      if (item.expr.k !== 'col') return []
      const name = item.expr.parts[item.expr.parts.length - 1]!.name
      return item.alias === undefined || item.alias.name === name ? [name] : []
    })
  }
  if (table === undefined || table === '') return undefined
  const regionName = region.name
  return { region: region.id !== undefined ? `R${region.id}` : regionName, regionName, table, keys: columns.includes('ROWID') ? ['ROWID'] : [], columns }
}

/** The format masks of the form's items, when any has one. */
function withMasks(form: FormSpec, masks: Record<string, string>): FormSpec {
  const own = Object.fromEntries(Object.keys(form.columns).flatMap((item) => (masks[item] !== undefined ? [[item, masks[item]]] : [])))
  if (Object.keys(own).length > 0) form.masks = own
  return form
}

/** A declarative process has no code: its settings are the text worth keeping. */
function describe(call: ExportCall): string {
  const parts = [argCode(call, 'p_process_type') ?? 'PLSQL']
  for (let n = 1; n <= 15; n++) {
    const arg = `p_attribute_${String(n).padStart(2, '0')}`
    const value = argText(call, arg)
    if (value !== undefined && value !== '') parts.push(`attribute_${String(n).padStart(2, '0')}=${value}`)
  }
  for (const arg of ['p_region_id', 'p_return_key_into_item1', 'p_return_key_into_item2']) {
    const value = argText(call, arg)
    if (value !== undefined && value !== '') parts.push(`${arg.slice(2)}=${value}`)
  }
  return parts.join(', ')
}
