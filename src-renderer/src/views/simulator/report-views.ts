/**
 * The report regions a page showed: the engine puts one page of each report's
 * rows in the `itemsRender` phase's `detail.reports` (engine
 * runtime/report-regions.ts). Read defensively: a step from an older or
 * newer engine may carry none, or a shape this build does not know.
 */
import type { Step } from './sim-types.js'

export interface ReportRegionView {
  region: string
  /** The request a pagination link sends (`pg_R_<id>`). */
  paginate: string
  type: string
  columns: string[]
  /** Headings of the columns (absent from an older engine: the column names). */
  headings?: string[]
  rows: (string | null)[][]
  first: number
  last: number
  total: number
  more: boolean
  pageSize: number
  /** An interactive report's sort kept in the session. */
  sort?: { column: string; direction: 'asc' | 'desc' }
  error?: string
}

const TYPE_WORDS: Record<string, string> = {
  NATIVE_SQL_REPORT: 'Classic report',
  NATIVE_IR: 'Interactive report',
  NATIVE_IG: 'Interactive grid',
}

export function reportTypeWords(type: string): string {
  return TYPE_WORDS[type] ?? type
}

export function reportsOf(step: Step | null | undefined): ReportRegionView[] {
  if (!step) return []
  const phases = step.phases.filter((p) => p.kind === 'itemsRender')
  const list = phases[phases.length - 1]?.detail?.reports
  if (!Array.isArray(list)) return []
  return list.filter(isReportView)
}

function isReportView(v: unknown): v is ReportRegionView {
  if (typeof v !== 'object' || v === null) return false
  const r = v as Record<string, unknown>
  return (
    typeof r.region === 'string' &&
    typeof r.paginate === 'string' &&
    Array.isArray(r.columns) &&
    Array.isArray(r.rows) &&
    typeof r.first === 'number' &&
    typeof r.last === 'number' &&
    typeof r.total === 'number' &&
    typeof r.pageSize === 'number'
  )
}

/** "rows 1–15 of 42" (or "of more than 10000"); "no rows". */
export function rowsWords(r: ReportRegionView): string {
  if (r.total === 0) return 'no rows'
  return `rows ${r.first}–${r.last} of ${r.more ? `more than ${r.total}` : r.total}`
}

/** The first row of the previous and next page; null where there is none. */
export function neighbours(r: ReportRegionView): { previous: number | null; next: number | null } {
  const previous = r.first > 1 ? Math.max(1, r.first - r.pageSize) : null
  const next = r.last > 0 && (r.last < r.total || r.more) ? r.last + 1 : null
  return { previous, next }
}

/** The show URL of a pagination link, as APEX's classic reports sent it. */
export function paginationUrl(app: number | string, page: number, session: number, r: ReportRegionView, firstRow: number): string {
  return `f?p=${app}:${page}:${session}:${r.paginate}:NO&pg_min_row=${firstRow}&pg_max_rows=${r.pageSize}`
}

/** The show URL that sorts an interactive report (the engine's stand-in for the IR widget's Ajax sort). */
export function sortUrl(app: number | string, page: number, session: number, r: ReportRegionView, column: string, direction: 'asc' | 'desc'): string {
  return `f?p=${app}:${page}:${session}:${r.paginate}:NO&ir_sort=${encodeURIComponent(column)}&ir_dir=${direction}`
}

/** A heading click: ascending first, then the other way round. */
export function nextDirection(r: ReportRegionView, column: string): 'asc' | 'desc' {
  return r.sort?.column === column.toUpperCase() && r.sort.direction === 'asc' ? 'desc' : 'asc'
}
