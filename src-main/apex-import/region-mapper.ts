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
  for (const call of sortedCalls) {
    const region = mapRegion(call, raw)
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
