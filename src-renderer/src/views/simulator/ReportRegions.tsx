/**
 * The report regions of the simulated page: each one's shown page of rows as
 * a table with its headings, "rows 16–30 of 73", and ‹ › buttons that send
 * the pagination request to the engine (a step of its own, so the session's
 * page of the report is state like any value). An interactive report's
 * headings are buttons that sort it, the same way.
 */
import './report.css'
import type { ReportView } from '../../../../src-main/api/contract.js'
import { neighbours, nextDirection, reportTypeWords, rowsWords } from './report-views.js'

export interface ReportRegionsProps {
  reports: readonly ReportView[]
  /** Pagination is live only at the end of the timeline, in a live session. */
  canPage: boolean
  onPage: (report: ReportView, firstRow: number) => void
  /** Sorts an interactive report; absent: headings are plain text. */
  onSort?: (report: ReportView, column: string, direction: 'asc' | 'desc') => void
}

export function ReportRegions({ reports, canPage, onPage, onSort }: ReportRegionsProps) {
  if (reports.length === 0) return null
  return (
    <div className="sim-reports">
      {reports.map((r, i) => (
        <ReportRegion key={`${r.paginate}-${i}`} report={r} canPage={canPage} onPage={onPage} onSort={onSort} />
      ))}
    </div>
  )
}

function ReportRegion({ report: r, canPage, onPage, onSort }: { report: ReportView; canPage: boolean } & Pick<ReportRegionsProps, 'onPage' | 'onSort'>) {
  const { previous, next } = neighbours(r)
  const sortable = r.type === 'NATIVE_IR' && onSort !== undefined
  const headingId = `report-${r.paginate}`
  return (
    <section className="sim-report" aria-labelledby={headingId} data-testid="sim-report">
      <h3 id={headingId}>
        {r.region} <span className="muted">{reportTypeWords(r.type)}</span>
      </h3>
      {r.error !== undefined ? (
        <p className="sim-report-error" role="note">
          Rows not shown: {r.error}
        </p>
      ) : r.total === 0 ? (
        <p className="muted">No data found.</p>
      ) : (
        // Focusable so a keyboard can scroll a wide report: a scrolling region must be reachable by
        // keyboard (WCAG 2.1.1; axe's scrollable-region-focusable), though it is no control itself.
        // eslint-disable-next-line jsx-a11y-x/no-noninteractive-tabindex
        <div className="sim-report-scroll" tabIndex={0} role="region" aria-label={`${r.region}: ${rowsWords(r)}`}>
          <table>
            <thead>
              <tr>
                {r.columns.map((c, i) => {
                  const sorted = r.sort?.column === c.toUpperCase() ? r.sort.direction : null
                  const heading = r.headings[i] ?? c
                  return (
                    <th key={i} scope="col" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                      {sortable ? (
                        <button type="button" className="link" disabled={!canPage} title={`Sort ${r.region} by ${heading}`} onClick={() => onSort!(r, c, nextDirection(r, c))}>
                          {heading}
                          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                        </button>
                      ) : (
                        heading
                      )}
                    </th>
                  )
                })}
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((v, j) => (
                    <td key={j} className={v === null ? 'null' : undefined}>
                      {v ?? ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="sim-report-pagination">
        <button type="button" disabled={!canPage || previous === null} aria-label={`Previous rows of ${r.region}`} onClick={() => previous !== null && onPage(r, previous)}>
          ‹
        </button>
        <span aria-live="polite" data-testid="report-rows">
          {rowsWords(r)}
        </span>
        <button type="button" disabled={!canPage || next === null} aria-label={`Next rows of ${r.region}`} onClick={() => next !== null && onPage(r, next)}>
          ›
        </button>
      </div>
    </section>
  )
}
