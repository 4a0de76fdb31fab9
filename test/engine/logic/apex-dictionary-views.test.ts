/**
 * The APEX dictionary views the Oracle samples' report regions query: the
 * "About" regions (`select aa.version, to_char(aa.pages, …) … from
 * apex_applications aa`), Sample Dynamic Actions' saved-report cards
 * (APEX_APPLICATION_PAGE_IR_RPT) and Master Detail's activity pages
 * (APEX_ACTIVITY_LOG, empty in a simulation). Expected rows by hand from the
 * app below: app 300 with 2 pages, page 1's interactive report region id 77.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import type { ReportView } from '../../../src-main/engine/runtime/report-regions.js'
import { makeEngine, phase, show } from '../helpers/engine-helpers.js'

const APP = {
  id: 300,
  name: 'Dictionary',
  homePage: 1,
  version: '24.2.2',
  supportingObjects: { scripts: [{ name: 't', sequence: 1, text: 'create table t (id number primary key);\ninsert into t values (1);\n' }] },
  pages: [
    {
      id: 1,
      name: 'One',
      items: [{ name: 'P1_X' }],
      regions: [
        { name: 'About', type: 'NATIVE_SQL_REPORT', query: "select aa.version app_version, to_char(aa.pages, '999G999G990') pages, 'Oracle' vendor from apex_applications aa where aa.application_id = :APP_ID" },
        { name: 'Grid', type: 'NATIVE_IR', table: 'T', id: '77' },
        {
          name: 'Saved',
          type: 'NATIVE_SQL_REPORT',
          query: "select report_id, coalesce(report_name, 'Primary Report') title, report_type from apex_application_page_ir_rpt where application_id = :APP_ID and page_id = :APP_PAGE_ID and (status = 'PUBLIC' or (status = 'PRIVATE' and application_user = :APP_USER)) and report_type != 'SESSION'",
        },
        { name: 'Views', type: 'NATIVE_SQL_REPORT', query: "select count(*) n, count(distinct userid) users from apex_activity_log l where flow_id = :app_id and time_stamp > sysdate - 1" },
      ],
    },
    { id: 2, name: 'Two' },
  ],
} as unknown as AppDefinition

function reportsOf(engine: ReturnType<typeof makeEngine>): ReportView[] {
  const steps = show(engine, 'f?p=300:1', { as: 'A' })
  return (phase(steps[steps.length - 1]!, 'itemsRender').detail?.reports ?? []) as ReportView[]
}

describe('APEX dictionary views in report queries', () => {
  it('APEX_APPLICATIONS has VERSION and PAGES; the IR_RPT view lists the primary report of each interactive report; the activity log is empty', () => {
    const engine = makeEngine([APP])
    const byName = Object.fromEntries(reportsOf(engine).map((r) => [r.region, r]))
    // TO_CHAR(2, '999G999G990'): the 11-character mask plus Oracle's sign position, so 11 blanks then 2.
    expect(byName.About).toMatchObject({ rows: [['24.2.2', `${' '.repeat(11)}2`, 'Oracle']] })
    expect(byName.About!.error).toBeUndefined()
    expect(byName.Saved).toMatchObject({ rows: [['77', 'Primary Report', 'PRIMARY_DEFAULT']] })
    expect(byName.Views).toMatchObject({ rows: [['0', '0']] })
    engine.close()
  })

  it('without a version in the definition the column is null, and the query still runs', () => {
    const bare = { ...APP, version: undefined } as unknown as AppDefinition
    const engine = makeEngine([bare])
    const about = reportsOf(engine).find((r) => r.region === 'About')!
    expect(about.error).toBeUndefined()
    expect(about.rows).toHaveLength(1)
    expect(about.rows[0]).toEqual([null, `${' '.repeat(11)}2`, 'Oracle'])
    engine.close()
  })
})
