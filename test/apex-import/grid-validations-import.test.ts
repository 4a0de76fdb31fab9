/**
 * Grid / tabular form row validations mapped from real exports (issue #11):
 * each keeps the grid it checks — named as that grid's DML process names it
 * — and runs (a code record for expressions, a column check for the
 * declarative types), so coverage counts it as running. Expected values read
 * off the export text by hand.
 */
import { expect, it } from 'vitest'
import { importApexExport } from '../../src-main/apex-import/index.js'
import { appCoverage } from '../../src-main/apex-import/coverage.js'
import { oracleBackend } from '../../src-main/engine/logic/oracle-backend.js'
import type { AppDefinition, Validation } from '../../src-main/engine/model/app-definition.js'
import { describeWithSharedFixtures, sharedFixture } from '../helpers/shared-fixtures.js'

type GridValidationDef = Validation & { grid?: { region: string; regionName?: string; column?: string; check?: { type: string; column: string; pattern?: string } } }

async function gridValidations(file: string): Promise<{ app: AppDefinition; list: { page: number; v: GridValidationDef; dmlRegions: string[] }[] }> {
  const app = (await importApexExport(sharedFixture(file))).apps[0] as AppDefinition
  const list = app.pages.flatMap((p) =>
    (p.validations ?? [])
      .filter((v) => (v as GridValidationDef).grid !== undefined)
      .map((v) => ({ page: p.id, v: v as GridValidationDef, dmlRegions: (p.processes ?? []).flatMap((x) => ((x as { grid?: { region: string } }).grid ? [(x as { grid: { region: string } }).grid.region] : [])) })),
  )
  return { app, list }
}

describeWithSharedFixtures('grid row validations of real exports', () => {
  it('Sample Master Detail: 4 grid validations, each on a grid its page writes, all running', async () => {
    const { app, list } = await gridValidations('oracle-samples-24.2/sample-master-detail.sql')
    expect(list.map(({ page, v }) => [page, v.name, v.grid?.region, v.grid?.column])).toEqual([
      [17, 'Start Date <= End Date', 'R7528357300933935500', 'END_DATE'],
      [17, 'New', 'R3934279026056094391', 'URL'],
      [22, 'New', 'R4984485217093413424', 'URL'],
      [33, 'Start Date <= End Date', 'R5674356130246664895', 'END_DATE'],
    ])
    for (const { v, dmlRegions } of list) expect(dmlRegions).toContain(v.grid!.region)
    // ,p_validation=>':START_DATE <= :END_DATE' ,p_validation2=>'PLSQL' ,p_validation_type=>'EXPRESSION'
    expect(list[0]!.v.notSimulated).toMatchObject({ text: ':START_DATE <= :END_DATE', run: 'plsqlExpression' })
    expect(list[1]!.v.grid!.check).toEqual({ type: 'REGULAR_EXPRESSION', column: 'URL', pattern: "^http[s]?://[-a-zA-Z0-9_.:]+[-a-zA-Z0-9_:@&?=+,.!/~*'%$]*$" })
    const cov = appCoverage(app, oracleBackend)
    expect(cov.components.reasons['tabular form column validation']).toBeUndefined()
    expect(cov.components.byKind.validation).toMatchObject({ total: 9, runs: 9 })
  })

  it('f130 page 16: the 4 tabular form checks (numeric, timestamp) run on the rows, naming no page item', async () => {
    const { app, list } = await gridValidations('f130-apex21.1/f130.sql')
    expect(list.map(({ page, v }) => [page, v.grid?.check?.type, v.grid?.check?.column, v.item])).toEqual([
      [16, 'ITEM_IS_NUMERIC', 'STATUS_ID', undefined],
      [16, 'ITEM_IS_NUMERIC', 'TYPE_ID', undefined],
      [16, 'ITEM_IS_TIMESTAMP', 'LAST_ADVISOR_DATE', undefined],
      [16, 'ITEM_IS_TIMESTAMP', 'LAST_SECURITY_DATE', undefined],
    ])
    expect(appCoverage(app, oracleBackend).components.reasons['tabular form column validation']).toBeUndefined()
  })
})
