/**
 * Interactive Grid - Automatic Row Processing (DML) mapped from real exports
 * (issue #11): the process gets `run: 'gridDml'` and a `grid` read from its
 * region — the one table the region's query selects from, the plain columns it
 * selects (computed and aliased ones are not written), ROWID as key when the
 * query selects it. Expected specs are read off the export text by hand.
 */
import { expect, it } from 'vitest'
import { importApexExport } from '../../src-main/apex-import/index.js'
import type { AppDefinition, Process } from '../../src-main/engine/model/app-definition.js'
import { describeWithSharedFixtures, sharedFixture } from '../helpers/shared-fixtures.js'

const SAMPLES = sharedFixture('oracle-samples-24.2/')

async function gridProcesses(file: string): Promise<(Process & { grid?: unknown })[]> {
  const app = (await importApexExport(`${SAMPLES}${file}`)).apps[0] as AppDefinition
  return app.pages.flatMap((p) => p.processes ?? []).filter((p) => p.type === 'notSimulated' && p.notSimulated.kind === 'Interactive Grid - Automatic Row Processing (DML)')
}

describeWithSharedFixtures('Interactive Grid DML processes of the Oracle samples', () => {
  it("Sample Reporting, page 17: the grid 'Projects' writes EBA_DEMO_IR_PROJECTS by ROWID", async () => {
    const [p] = await gridProcesses('sample-reporting.sql')
    expect(p?.type === 'notSimulated' && p.notSimulated.run).toBe('gridDml')
    // select ROWID, ID, PROJECT, TASK_NAME, START_DATE, END_DATE, STATUS, ASSIGNED_TO, COST, BUDGET, budget - cost available_budget from EBA_DEMO_IR_PROJECTS
    expect(p?.grid).toEqual({
      region: 'R4505232120523002294',
      regionName: 'Projects',
      table: 'EBA_DEMO_IR_PROJECTS',
      keys: ['ROWID'],
      columns: ['ROWID', 'ID', 'PROJECT', 'TASK_NAME', 'START_DATE', 'END_DATE', 'STATUS', 'ASSIGNED_TO', 'COST', 'BUDGET'],
    })
  })

  it("Sample Master Detail: the milestones grid writes EBA_DEMO_MD_MILESTONES by its primary key (read from the database at run time); the task count subquery is not written", async () => {
    const grids = (await gridProcesses('sample-master-detail.sql')).map((p) => p.grid as { table: string; keys: string[]; columns: string[] } | undefined)
    const milestones = grids.find((g) => g?.table === 'EBA_DEMO_MD_MILESTONES')
    expect(milestones?.keys).toEqual([])
    expect(milestones?.columns).toEqual(['ID', 'PROJECT_ID', 'NAME', 'DESCRIPTION', 'DUE_DATE', 'CREATED', 'CREATED_BY', 'UPDATED', 'UPDATED_BY'])
    // 15 grid DML processes in the export, all simulated: the two 'Comments - Save Interactive Grid Data' (pages 17
    // and 33), whose grid's query calls apex_page.get_url(p_page => 13, …), run since SQL takes named arguments.
    const processes = await gridProcesses('sample-master-detail.sql')
    expect(processes).toHaveLength(15)
    expect(processes.filter((p) => p.grid === undefined).map((p) => p.name)).toEqual([])
    expect(processes.filter((p) => p.grid !== undefined && p.type === 'notSimulated' && p.notSimulated.run === 'gridDml')).toHaveLength(15)
  })
})
