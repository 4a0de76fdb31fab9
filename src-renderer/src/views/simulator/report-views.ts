/**
 * The report regions a page showed: the engine puts one page of each report's
 * rows in the `itemsRender` phase's `detail.reports`, typed by the contract
 * (ItemsRenderDetail, the engine's ReportView). Each report is checked before
 * it is trusted: a step read back from a trace's `steps` extension or an older
 * workspace file keeps whatever detail it was written with.
 */
import type { ItemsRenderDetail, ReportView } from '../../../../src-main/api/contract.js'
import type { Step } from './sim-types.js'

/** The engine's report view under the name PageSimulator.tsx still imports. */
export type ReportRegionView = ReportView

const TYPE_WORDS: Record<string, string> = {
  NATIVE_SQL_REPORT: 'Classic report',
  NATIVE_IR: 'Interactive report',
  NATIVE_IG: 'Interactive grid',
}

export function reportTypeWords(type: string): string {
  return TYPE_WORDS[type] ?? type
}

export function reportsOf(step: Step | null | undefined): ReportView[] {
  if (!step) return []
  const phases = step.phases.filter((p) => p.kind === 'itemsRender')
  const detail = phases[phases.length - 1]?.detail as { [K in keyof ItemsRenderDetail]?: unknown } | undefined
  const list = detail?.reports
  if (!Array.isArray(list)) return []
  return list.flatMap((v: unknown) => {
    const r = checkedReport(v)
    return r ? [r] : []
  })
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

/** The report when it has the shape the views read; a report written before headings existed is headed by its column names. */
function checkedReport(v: unknown): ReportView | null {
  if (typeof v !== 'object' || v === null) return null
  const r = v as { [K in keyof ReportView]?: unknown }
  if (typeof r.region !== 'string' || typeof r.paginate !== 'string' || typeof r.type !== 'string' || !isStrings(r.columns)) return null
  if (typeof r.first !== 'number' || typeof r.last !== 'number' || typeof r.total !== 'number' || typeof r.pageSize !== 'number') return null
  if (!Array.isArray(r.rows) || !r.rows.every((row) => Array.isArray(row) && row.every((x) => x === null || typeof x === 'string'))) return null
  const headings = isStrings(r.headings) && r.headings.length === r.columns.length ? r.headings : r.columns
  const view: ReportView = { region: r.region, paginate: r.paginate, type: r.type, columns: r.columns, headings, rows: r.rows as ReportView['rows'], first: r.first, last: r.last, total: r.total, more: r.more === true, pageSize: r.pageSize }
  const sort = r.sort as { column?: unknown; direction?: unknown } | null | undefined
  if (typeof sort?.column === 'string' && (sort.direction === 'asc' || sort.direction === 'desc')) view.sort = { column: sort.column, direction: sort.direction }
  if (typeof r.error === 'string') view.error = r.error
  return view
}

/** "rows 1–15 of 42" (or "of more than 10000"); "no rows". */
export function rowsWords(r: ReportView): string {
  if (r.total === 0) return 'no rows'
  return `rows ${r.first}–${r.last} of ${r.more ? `more than ${r.total}` : r.total}`
}

/** The first row of the previous and next page; null where there is none. */
export function neighbours(r: ReportView): { previous: number | null; next: number | null } {
  const previous = r.first > 1 ? Math.max(1, r.first - r.pageSize) : null
  const next = r.last > 0 && (r.last < r.total || r.more) ? r.last + 1 : null
  return { previous, next }
}

/** The show URL of a pagination link, as APEX's classic reports sent it. */
export function paginationUrl(app: number | string, page: number, session: number, r: ReportView, firstRow: number): string {
  return `f?p=${app}:${page}:${session}:${r.paginate}:NO&pg_min_row=${firstRow}&pg_max_rows=${r.pageSize}`
}

/** The show URL that sorts an interactive report (the engine's stand-in for the IR widget's Ajax sort). */
export function sortUrl(app: number | string, page: number, session: number, r: ReportView, column: string, direction: 'asc' | 'desc'): string {
  return `f?p=${app}:${page}:${session}:${r.paginate}:NO&ir_sort=${encodeURIComponent(column)}&ir_dir=${direction}`
}

/** A heading click: ascending first, then the other way round. */
export function nextDirection(r: ReportView, column: string): 'asc' | 'desc' {
  return r.sort?.column === column.toUpperCase() && r.sort.direction === 'asc' ? 'desc' : 'asc'
}
