/**
 * Regions that read or write the app database: forms (their table, primary
 * key and which items are their columns) and reports (their query). Form
 * processes name their region by id; legacy Automatic Row Fetch / Processing
 * name the table in their attributes and use the page's "Database Column"
 * items instead (`legacyFormColumns`).
 */
import type { Region } from '../engine/model/app-definition.js'
import type { ExportCall } from './export-call.js'
import { argCode, argId, argNumber, argText, compareIds } from './export-call.js'
import type { RawPage } from './export-grouping.js'

/** Region types whose rows come from the database (others are static, charts, lists…). */
const DATA_REGION_TYPES = new Set(['NATIVE_FORM', 'NATIVE_SQL_REPORT', 'NATIVE_IR', 'NATIVE_IG', 'NATIVE_TABFORM'])

export interface MappedRegion extends Region {
  /** `p_edit_operations` of a form (`i:u:d`). */
  operations?: string
  /** Items of the form that are "Query Only": fetched, never written. */
  queryOnly?: string[]
}

export interface PageRegions {
  /** Region id → region, for the regions kept. */
  byId: Map<string, MappedRegion>
  /** Regions in display order, as kept in the page definition. */
  list: MappedRegion[]
}

export function mapRegions(raw: RawPage): PageRegions {
  const byId = new Map<string, MappedRegion>()
  const sequence = (call: ExportCall) => argNumber(call, 'p_plug_display_sequence') ?? argNumber(call, 'p_display_sequence') ?? 0
  const sortedCalls = [...raw.regions].sort((a, b) => sequence(a) - sequence(b) || compareIds(argId(a, 'p_id'), argId(b, 'p_id')))
  const list: MappedRegion[] = []
  const parts = reportPartsByRegion(raw)
  for (const call of sortedCalls) {
    const region = mapRegion(call, raw)
    if (region !== undefined && REPORT_REGION_TYPES.has(region.type)) addReportColumns(region, parts.get(call) ?? [])
    if (region === undefined) continue
    list.push(region)
    const id = argId(call, 'p_id')
    if (id !== undefined) byId.set(id, region)
  }
  return { byId, list }
}

/** Report regions: their rows show in the page simulator, paginated per session (runtime/report-regions.ts). */
const REPORT_REGION_TYPES = new Set(['NATIVE_SQL_REPORT', 'NATIVE_IR', 'NATIVE_IG'])

/**
 * `create_page_plug` names its fields `p_plug_*`; a classic report exported
 * as `create_report_region` (24.2 still writes it) names them without `plug`.
 */
function mapRegion(call: ExportCall, raw: RawPage): MappedRegion | undefined {
  const type = argCode(call, 'p_plug_source_type') ?? argCode(call, 'p_source_type') ?? ''
  const queryType = argCode(call, 'p_query_type')
  if (!DATA_REGION_TYPES.has(type) && queryType !== 'TABLE' && queryType !== 'SQL') return undefined
  const region: MappedRegion = { name: argText(call, 'p_plug_name') ?? argText(call, 'p_name') ?? '', type }
  const table = argText(call, 'p_query_table')
  const source = argText(call, 'p_plug_source') ?? argText(call, 'p_source')
  if (queryType === 'TABLE' && table !== undefined) {
    region.table = table.trim().toUpperCase()
    const where = argText(call, 'p_query_where')
    if (where !== undefined && where.trim() !== '') region.where = where
  } else if (source !== undefined && source.trim() !== '' && queryType === 'FUNC_BODY_RETURNING_SQL') {
    // PL/SQL that returns the query's text: the engine runs it, then the query (runtime/report-regions.ts).
    region.queryFunction = source
  } else if (source !== undefined && source.trim() !== '') {
    region.query = source
  }
  const id = argId(call, 'p_id')
  const items: Record<string, string> = {}
  const keys: string[] = []
  const queryOnly: string[] = []
  for (const item of raw.items) {
    if (id === undefined || argId(item, 'p_item_source_plug_id') !== id) continue
    const name = argText(item, 'p_name')?.trim().toUpperCase()
    const column = argText(item, 'p_source')?.trim().toUpperCase()
    if (!name || !column) continue
    items[name] = column
    if (argText(item, 'p_is_primary_key') === 'true') keys.push(column)
    if (argText(item, 'p_is_query_only') === 'true') queryOnly.push(name)
  }
  if (queryOnly.length > 0) region.queryOnly = queryOnly
  if (Object.keys(items).length > 0) region.items = items
  if (keys.length > 0) region.keys = keys
  // A form on a table without a primary key column uses ROWID (APEX's default).
  else if (type === 'NATIVE_FORM' && argText(call, 'p_include_rowid_column') === 'true') region.keys = ['ROWID']
  if (REPORT_REGION_TYPES.has(type)) {
    // The id names the region in pagination requests (pg_R_<id>); rows per page is the classic report's setting.
    const regionId = argId(call, 'p_id')
    if (regionId !== undefined) region.id = regionId
    const rows = argNumber(call, 'p_query_num_rows')
    if (rows !== undefined && rows > 0) region.rowsPerPage = rows
  }
  const operations = argText(call, 'p_edit_operations')
  if (operations !== undefined) region.operations = operations.toUpperCase()
  return region
}

/** Page items sourced from a "Database Column" (legacy forms): item → column. */
export function legacyFormColumns(raw: RawPage): Record<string, string> {
  const columns: Record<string, string> = {}
  for (const item of raw.items) {
    if (argCode(item, 'p_source_type') !== 'DB_COLUMN') continue
    const name = argText(item, 'p_name')?.trim().toUpperCase()
    const column = argText(item, 'p_source')?.trim().toUpperCase()
    if (name && column) columns[name] = column
  }
  return columns
}

/** Page items with a format mask: item → mask (forms convert dates and numbers with it). */
export function formatMasks(raw: RawPage): Record<string, string> {
  const masks: Record<string, string> = {}
  for (const item of raw.items) {
    const name = argText(item, 'p_name')?.trim().toUpperCase()
    const mask = argText(item, 'p_format_mask')?.trim()
    if (name && mask) masks[name] = mask
  }
  return masks
}

/** Each report part goes to the region exported last before it in the same file. */
function reportPartsByRegion(raw: RawPage): Map<ExportCall, ExportCall[]> {
  const out = new Map<ExportCall, ExportCall[]>()
  if (raw.reportParts.length === 0) return out
  for (const part of raw.reportParts) {
    let owner: ExportCall | undefined
    for (const r of raw.regions) if (r.file === part.file && r.line < part.line && (owner === undefined || r.line > owner.line)) owner = r
    if (owner === undefined) continue
    const list = out.get(owner)
    if (list) list.push(part)
    else out.set(owner, [part])
  }
  return out
}

/**
 * What the page shows of a report's columns: their headings, and which are
 * hidden (a classic report's hidden columns; an interactive report's columns
 * its default report does not list, or shown as HIDDEN). An interactive
 * report's rows per page are its default report's.
 */
function addReportColumns(region: MappedRegion, parts: readonly ExportCall[]): void {
  const headings: Record<string, string> = {}
  const hidden = new Set<string>()
  let shown: string[] | undefined
  for (const p of parts) {
    if (p.name === 'create_report_columns') {
      const name = argText(p, 'p_column_alias')?.trim().toUpperCase()
      if (!name) continue
      const heading = argText(p, 'p_column_heading')
      if (heading !== undefined && heading.trim() !== '') headings[name] = heading
      if (argText(p, 'p_hidden_column') === 'Y') hidden.add(name)
    } else if (p.name === 'create_worksheet_column') {
      const name = argText(p, 'p_db_column_name')?.trim().toUpperCase()
      if (!name) continue
      const label = argText(p, 'p_column_label')
      if (label !== undefined && label.trim() !== '') headings[name] = label
      if (argCode(p, 'p_display_text_as') === 'HIDDEN') hidden.add(name)
    } else if (p.name === 'create_worksheet_rpt' && shown === undefined && argText(p, 'p_is_default') === 'Y') {
      const columns = argText(p, 'p_report_columns')
      if (columns !== undefined) shown = columns.split(':').map((c) => c.trim().toUpperCase()).filter((c) => c !== '')
      const rows = argNumber(p, 'p_display_rows')
      if (rows !== undefined && rows > 0) region.rowsPerPage = rows
    }
  }
  if (shown !== undefined) {
    const visible = new Set(shown)
    for (const name of Object.keys(headings)) if (!visible.has(name)) hidden.add(name)
  }
  if (Object.keys(headings).length > 0) region.headings = headings
  if (hidden.size > 0) region.hiddenColumns = [...hidden]
}
