/**
 * Sample Reporting's "Pipelined Functions" page (35, issue #11): its
 * interactive report reads `table(eba_demo_ir_pkg.incomingPageRefsReport())`
 * — a PIPELINED function that reads another one through a cursor over
 * TABLE() and a CONNECT BY over a WITH query — joined to
 * APEX_APPLICATION_PAGES. Expected rows by hand from the export: one row per
 * page (42 pages, 1…15, 17…42, 101), and the only branch into another page is
 * page 4's `f?p=&APP_ID.:1:…` (page 5's goes to itself, page 34's names the
 * alias in lower case, which Oracle's case-sensitive REGEXP_LIKE does not
 * match), so page 1 counts 1 branch and every total but page 1's is 0 (the
 * list, breadcrumb, tab and link views the definition cannot fill are empty).
 */
import { expect, it } from 'vitest'
import { importApexExport } from '../../../src-main/apex-import/index.js'
import { Engine } from '../../../src-main/engine/engine.js'
import type { ReportView } from '../../../src-main/engine/runtime/report-regions.js'
import { describeWithSharedFixtures, sharedFixture } from '../../helpers/shared-fixtures.js'

describeWithSharedFixtures('Sample Reporting, page 35: a pipelined function as a report', () => {
  it('shows one row per page with the counts of links into it', { timeout: 60_000 }, async () => {
    const app = (await importApexExport(sharedFixture('oracle-samples-24.2/sample-reporting.sql'))).apps[0]!
    const engine = new Engine({ seed: 1, apps: [app] })
    try {
      const steps = engine.run({ type: 'request', url: `f?p=${app.id}:35`, as: 'A' })
      const render = steps[steps.length - 1]!.phases.find((p) => p.kind === 'itemsRender')
      const report = ((render?.detail as { reports?: ReportView[] }).reports ?? []).find((r) => r.region === 'Pipelined Functions')!
      expect(report.error).toBeUndefined()
      expect(report.total).toBe(42)
      const pageIds = [...Array.from({ length: 15 }, (_, i) => i + 1), ...Array.from({ length: 26 }, (_, i) => i + 17), 101]
      expect(report.rows.map((r) => Number(r[0]))).toEqual(pageIds.slice(0, report.rows.length))
      // PAGE_ID, PAGE, LIST_LINK_COUNT, BRANCH_COUNT, BUTTON_COUNT, BREADCRUMB_COUNT, REPORTCOL_COUNT, IREPLINK_COUNT, TAB_COUNT, TOTAL
      expect(report.rows[0]).toEqual(['1', 'Interactive Report', '0', '1', '0', '0', '0', '0', '0', '1'])
      for (const row of report.rows.slice(1)) expect(row[9], `page ${row[0]}`).toBe('0')
    } finally {
      engine.close()
    }
  })
})
