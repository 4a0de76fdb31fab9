/**
 * Report regions of a page (classic reports, interactive reports, interactive
 * grids): their SQL runs on the app database with the request's binds, and
 * the page shows one page of rows. Which page is per-session state (database.md
 * §4), kept as a pseudo item of the page, so time travel, diff, search, clone
 * and the clear-cache tokens treat it as they treat any value
 * (docs/decisions.md "Report pagination is a pseudo item"):
 *
 *   RP$<page>$<REGION NAME>   the first row shown (null: row 1)
 *   RR$<page>$<REGION NAME>   an interactive report's sort, "COLUMN ASC|DESC" (null: the query's order)
 *
 * A pagination link is a show of the page with the request `pg_R_<region id>`
 * and `pg_min_row=N` (the URL APEX's classic reports used before Ajax
 * pagination): it moves that region's first row before the rows are read.
 * The same request with `ir_sort=COLUMN` (and `ir_dir=desc`) sorts an
 * interactive report and takes it back to row 1 (this simulator's stand-in
 * for the IR widget's Ajax sort; docs/decisions.md).
 */
import type { CompiledApp, CompiledPage } from '../app/compiled-app.js'
import type { NotSimulated, Region } from '../model/app-definition.js'
import { normalizeName } from '../model/values.js'
import { AppLogicError } from '../logic/app-logic-error.js'
import { rowKey } from '../state/session-state.js'
import type { SessionState } from '../state/session-state.js'
import type { RequestContext } from './request-context.js'
import type { StepRecorder } from './step-recorder.js'
import { resetRow, writeRow } from './state-writes.js'

/** Region types whose rows the page shows. */
export const REPORT_TYPES: ReadonlySet<string> = new Set(['NATIVE_SQL_REPORT', 'NATIVE_IR', 'NATIVE_IG'])

/** Rows per page when the region does not say (the samples' interactive reports default to 15 too). */
export const DEFAULT_ROWS_PER_PAGE = 15

/** Rows read from a report's query at most; beyond it the count says "more than". */
export const MAX_REPORT_ROWS = 10_000

/** What the page simulator shows of one report region (the `itemsRender` phase's `detail.reports`). */
export interface ReportView {
  region: string
  /** What a pagination request names: `pg_R_<id>`. */
  paginate: string
  type: string
  /** The query's column names shown (hidden ones and ROWID left out). */
  columns: string[]
  /** What each shown column is headed with: the export's heading, else its name. */
  headings: string[]
  /** The shown page of rows, values as text (null for NULL). */
  rows: (string | null)[][]
  /** 1-based first and last row shown; 0 and 0 when there are none. */
  first: number
  last: number
  /** Rows the query returned (at most MAX_REPORT_ROWS; `more` when it stopped there). */
  total: number
  more: boolean
  pageSize: number
  /** An interactive report's sort kept in the session. */
  sort?: { column: string; direction: 'asc' | 'desc' }
  /** Why no rows are shown (the query failed or cannot run). */
  error?: string
}

/** A report region of a page definition, with what the engine needs of its loose fields. */
interface ReportRegion {
  def: Region
  id: string
  pageSize: number
  /** A "Function Body returning SQL Query" source: PL/SQL that returns the query's text. */
  queryFunction?: NotSimulated
}

/** Per compiled page (definitions never change after load): every render asks, most pages have none. */
const REGIONS = new WeakMap<CompiledPage, ReportRegion[]>()

/** The page's report regions whose SQL is known, in display order. */
export function reportRegions(page: CompiledPage): ReportRegion[] {
  let known = REGIONS.get(page)
  if (known === undefined) REGIONS.set(page, (known = findReportRegions(page)))
  return known
}

function findReportRegions(page: CompiledPage): ReportRegion[] {
  const out: ReportRegion[] = []
  for (const r of page.def.regions ?? []) {
    const loose = r as Record<string, unknown>
    const fn = typeof loose.queryFunction === 'string' && loose.queryFunction.trim() !== '' ? loose.queryFunction : undefined
    if (!REPORT_TYPES.has(r.type) || (r.query === undefined && r.table === undefined && fn === undefined)) continue
    const id = typeof loose.id === 'string' && loose.id !== '' ? loose.id : r.name
    const rows = loose.rowsPerPage
    const region: ReportRegion = { def: r, id, pageSize: typeof rows === 'number' && Number.isInteger(rows) && rows > 0 ? rows : DEFAULT_ROWS_PER_PAGE }
    if (r.query === undefined && r.table === undefined && fn !== undefined) {
      region.queryFunction = { kind: 'region source (function body returning SQL query)', text: fn, language: 'plsql', apexType: 'FUNC_BODY_RETURNING_SQL', run: 'plsqlFunctionBody' }
    }
    out.push(region)
  }
  return out
}

/** The pseudo item that holds a report's first shown row (see the file comment). */
export function paginationItem(page: number, region: Region): string {
  return `RP$${page}$${normalizeName(region.name)}`
}

/** The pseudo item that holds an interactive report's settings (its sort). */
export function settingsItem(page: number, region: Region): string {
  return `RR$${page}$${normalizeName(region.name)}`
}

/**
 * Runs the page's report regions: applies a pagination request for one of
 * them, then reads each one's rows. Never fails the request: a query that
 * cannot run shows its reason in the region (as APEX shows the error in the
 * region and renders the rest of the page).
 */
export function renderReports(rc: RequestContext): ReportView[] {
  const regions = reportRegions(rc.page)
  if (regions.length === 0) return []
  applyPaginationRequest(rc, regions)
  return regions.map((r) => reportView(rc, r))
}

function applyPaginationRequest(rc: RequestContext, regions: readonly ReportRegion[]): void {
  const request = rc.request
  if (request === null || !/^pg_R_/i.test(request)) return
  const named = request.slice(5)
  const region = regions.find((r) => r.id === named) ?? regions.find((r) => normalizeName(r.def.name) === normalizeName(named))
  if (!region) {
    rc.rec.warning(`pagination request ${request}: page ${rc.page.id} has no report region ${named}`, { session: rc.sessionId, app: rc.app.id })
    return
  }
  const param = (name: string) => rc.urlExtra.find((p) => p.name.toLowerCase() === name)?.value
  const sortBy = param('ir_sort')
  if (sortBy !== undefined) {
    applySort(rc, region, request, sortBy, param('ir_dir'))
    return
  }
  const raw = param('pg_min_row') ?? '1'
  const min = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN
  if (!Number.isSafeInteger(min) || min < 1) {
    rc.rec.warning(`pagination request ${request}: pg_min_row "${raw}" is not a row number; pagination unchanged`, { session: rc.sessionId, app: rc.app.id })
    return
  }
  writeRow(
    rc.ctx.state,
    rc.rec,
    { session: rc.sessionId, app: rc.app.id, page: rc.page.id, item: paginationItem(rc.page.id, region.def) },
    String(min),
    `pagination of report '${region.def.name}' (request ${request}, pg_min_row=${min})`,
  )
}

/** An interactive report's sort: kept as its settings, and the report goes back to row 1. */
function applySort(rc: RequestContext, region: ReportRegion, request: string, column: string, dir: string | undefined): void {
  const where = { session: rc.sessionId, app: rc.app.id }
  if (region.def.type !== 'NATIVE_IR') {
    rc.rec.warning(`sort request ${request}: report '${region.def.name}' is no interactive report; sort unchanged`, where)
    return
  }
  const name = normalizeName(column)
  const direction = dir === undefined || dir.trim().toLowerCase() === 'asc' ? 'ASC' : dir.trim().toLowerCase() === 'desc' ? 'DESC' : null
  if (!/^[A-Z_$#][A-Z0-9_$#]*$/.test(name) || direction === null) {
    rc.rec.warning(`sort request ${request}: "${column}" ${dir ?? ''} is no column and direction; sort unchanged`, where)
    return
  }
  const target = { session: rc.sessionId, app: rc.app.id, page: rc.page.id }
  const cause = `sort of report '${region.def.name}' (request ${request}, ir_sort=${name} ${direction})`
  writeRow(rc.ctx.state, rc.rec, { ...target, item: settingsItem(rc.page.id, region.def) }, `${name} ${direction}`, cause)
  resetRow(rc.ctx.state, rc.rec, { ...target, item: paginationItem(rc.page.id, region.def) }, cause)
}

/** The sort an interactive report keeps in the session, or null. */
function storedSort(state: SessionState, session: number, app: number, page: number, region: Region): { column: string; direction: 'asc' | 'desc' } | null {
  if (region.type !== 'NATIVE_IR') return null
  const v = state.rows.get(session)?.get(rowKey(app, page, settingsItem(page, region)))?.value ?? null
  const m = v === null ? null : /^(\S+) (ASC|DESC)$/.exec(v)
  return m ? { column: m[1]!, direction: m[2] === 'DESC' ? 'desc' : 'asc' } : null
}

/**
 * Oracle's order for ORDER BY col [DESC]: numbers by value, text by its
 * characters (binary), NULLs last ascending and first descending.
 */
function compareCells(a: unknown, b: unknown): number {
  const an = a === null || a === undefined || a === ''
  const bn = b === null || b === undefined || b === ''
  if (an || bn) return an === bn ? 0 : an ? 1 : -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

function reportView(rc: RequestContext, r: ReportRegion): ReportView {
  const stored = storedPagination(rc.ctx.state, rc.sessionId, rc.app.id, rc.page.id, r.def)
  const view: ReportView = {
    region: r.def.name,
    paginate: `pg_R_${r.id}`,
    type: r.def.type,
    columns: [],
    headings: [],
    rows: [],
    first: 0,
    last: 0,
    total: 0,
    more: false,
    pageSize: r.pageSize,
  }
  const logic = rc.logic
  const where = `report region '${r.def.name}' on page ${rc.page.id}`
  if (logic === null) {
    view.error = 'not simulated: no app database (the app has no supporting objects or code that runs)'
    return view
  }
  let result
  try {
    let sql = reportSql(r.def)
    if (r.queryFunction !== undefined) {
      const plan = logic.plan(r.queryFunction, 'value')
      if (!plan.ok) throw new AppLogicError(where, `not simulated: ${plan.reason}`)
      const text = logic.value(plan, `source of ${where}`)
      // undefined: the function needs an object the app database lacks (a notice already says so).
      if (text === undefined || text === null) throw new AppLogicError(where, text === null ? 'the function body returned no query' : 'its function body cannot run here')
      sql = text
    }
    result = logic.query(where, sql, MAX_REPORT_ROWS + 1)
  } catch (e) {
    if (!(e instanceof AppLogicError)) throw e
    view.error = e.problem
    rc.rec.notice(`not simulated: ${where}: ${e.problem}`, { code: 'notSimulated', session: rc.sessionId, app: rc.app.id })
    return view
  }
  // APEX never shows a ROWID column (it is the row's link key), nor the columns the report hides.
  const loose = r.def as Record<string, unknown>
  const hidden = new Set(Array.isArray(loose.hiddenColumns) ? (loose.hiddenColumns as unknown[]).filter((c): c is string => typeof c === 'string').map(normalizeName) : [])
  const headings = typeof loose.headings === 'object' && loose.headings !== null ? (loose.headings as Record<string, unknown>) : {}
  const keep = result.columns.map((c, i) => (normalizeName(c) === 'ROWID' || hidden.has(normalizeName(c)) ? -1 : i)).filter((i) => i >= 0)
  view.columns = keep.map((i) => result.columns[i]!)
  view.headings = view.columns.map((c) => {
    const h = headings[normalizeName(c)]
    return typeof h === 'string' ? h : c
  })
  view.more = result.rows.length > MAX_REPORT_ROWS
  let all = view.more ? result.rows.slice(0, MAX_REPORT_ROWS) : result.rows
  const sort = storedSort(rc.ctx.state, rc.sessionId, rc.app.id, rc.page.id, r.def)
  if (sort !== null) {
    const at = result.columns.findIndex((c) => normalizeName(c) === sort.column)
    if (at < 0) {
      rc.rec.warning(`report '${r.def.name}': the kept sort column ${sort.column} is not a column of its query; rows in the query's order`, { session: rc.sessionId, app: rc.app.id })
    } else {
      view.sort = sort
      const sign = sort.direction === 'desc' ? -1 : 1
      // Array.prototype.sort is stable: equal keys keep the query's order.
      all = [...all].sort((a, b) => sign * compareCells(a[at], b[at]))
    }
  }
  view.total = all.length
  if (all.length === 0) return view
  // A first row past the end (rows deleted since) shows the last page, as APEX does.
  let first = stored ?? 1
  if (first > all.length) first = Math.floor((all.length - 1) / r.pageSize) * r.pageSize + 1
  const shown = all.slice(first - 1, first - 1 + r.pageSize)
  view.first = first
  view.last = first + shown.length - 1
  view.rows = shown.map((row) => keep.map((i) => cellText(row[i])))
  return view
}

/** The first shown row the session keeps for a report; null when it keeps none (row 1). */
export function storedPagination(state: SessionState, session: number, app: number, page: number, region: Region): number | null {
  const v = state.rows.get(session)?.get(rowKey(app, page, paginationItem(page, region)))?.value ?? null
  if (v === null || !/^\d+$/.test(v)) return null
  const n = Number(v)
  return n >= 1 ? n : null
}

/** A region's query: its SQL, or every column of its table (with its Where Clause). */
export function reportSql(region: Region): string {
  if (region.query !== undefined) return region.query
  const where = (region as Record<string, unknown>).where
  return `select * from ${region.table}${typeof where === 'string' && where.trim() !== '' ? ` where ${where}` : ''}`
}

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v === '' ? null : v
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  // BLOBs and the like: shown as their kind, never as bytes.
  return `(${typeof v})`
}

/**
 * The clear-cache tokens on report settings (semantics §4, seed 3-5): which
 * regions each one resets. RP and RR reset every report's pagination (RR its
 * settings too); CR, RIR and CIR only interactive reports'.
 */
export function reportsReset(token: string, page: CompiledPage): Region[] {
  const regions = reportRegions(page).map((r) => r.def)
  if (token === 'RP' || token === 'RR') return regions
  return regions.filter((r) => r.type === 'NATIVE_IR')
}

/** The pseudo items a report token names on `page`: RP the pagination, every other token the settings too. */
function tokenItems(token: string, page: CompiledPage): string[] {
  return reportsReset(token, page).flatMap((region) =>
    token === 'RP' ? [paginationItem(page.id, region)] : [paginationItem(page.id, region), settingsItem(page.id, region)],
  )
}

/**
 * Resets the rows a report token names on `page`: `items` are their labels
 * ("PAGE:NAME", as a clear-cache resolution lists items), `reset` the ones
 * that held something.
 */
export function resetReports(
  state: SessionState,
  rec: StepRecorder,
  session: number,
  app: CompiledApp,
  page: CompiledPage,
  token: string,
  cause: string,
): { items: string[]; reset: string[] } {
  const items = tokenItems(token, page)
  const reset = items.filter((item) => resetRow(state, rec, { session, app: app.id, page: page.id, item }, cause))
  return { items: items.map((i) => `${page.id}:${i}`), reset: reset.map((i) => `${page.id}:${i}`) }
}
