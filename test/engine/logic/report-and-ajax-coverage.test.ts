/**
 * Report regions' queries and Ajax callbacks are components like any other:
 * counted by the coverage report (with the reason when they do not run),
 * planned when the app loads, and enough on their own for the app to get its
 * database. The hand-written app below has, by construction: a report on a
 * query, a broken report query, a report on a table (no code), a report
 * whose source is a function body, a non-report region, and one Ajax
 * callback with PL/SQL.
 */
import { describe, expect, it } from 'vitest'
import { appCoverage } from '../../../src-main/apex-import/coverage.js'
import { needsLogic } from '../../../src-main/engine/logic/app-logic.js'
import { componentRecords } from '../../../src-main/engine/logic/component-records.js'
import { oracleBackend } from '../../../src-main/engine/logic/oracle-backend.js'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'

const APP = {
  id: 400,
  name: 'Reports and Ajax',
  homePage: 1,
  onDemand: [{ name: 'GET_NAME', component: 'process', notSimulated: { kind: 'Ajax Callback process', text: "begin htp.p('x'); end;", language: 'plsql', run: 'plsqlBlock' } }],
  pages: [
    {
      id: 1,
      name: 'One',
      regions: [
        { name: 'Query', type: 'NATIVE_SQL_REPORT', query: 'select 1 from dual' },
        { name: 'Broken', type: 'NATIVE_IR', query: 'select level from dual' },
        { name: 'Table', type: 'NATIVE_IG', table: 'T' },
        { name: 'Function', type: 'NATIVE_SQL_REPORT', queryFunction: "return 'select 1 from dual';" },
        { name: 'Form', type: 'NATIVE_FORM', table: 'T' },
      ],
    },
  ],
} as unknown as AppDefinition

describe('report regions and Ajax callbacks in the component walk', () => {
  it('lists four report regions (not the form) and the Ajax callback, with their places', () => {
    const records = componentRecords(APP).filter((c) => c.kind === 'report region' || c.kind === 'ajax callback')
    expect(records.map((c) => [c.kind, c.where, c.record?.run ?? 'native'])).toEqual([
      ['ajax callback', "Ajax callback 'GET_NAME'", 'plsqlBlock'],
      ['report region', "report region 'Query' on page 1", 'sqlQuery'],
      ['report region', "report region 'Broken' on page 1", 'sqlQuery'],
      ['report region', "report region 'Table' on page 1", 'native'],
      ['report region', "report region 'Function' on page 1", 'plsqlFunctionBody'],
    ])
  })

  it('the coverage counts them: 3 of 4 report regions run, the LEVEL-without-CONNECT-BY one says why; the Ajax callback runs', () => {
    const c = appCoverage(APP, oracleBackend)
    expect(c.components.byKind['report region']).toEqual({ total: 4, runs: 3, notRun: 1, withCode: 0 })
    expect(c.components.byKind['ajax callback']).toEqual({ total: 1, runs: 1, notRun: 0, withCode: 0 })
    expect(Object.keys(c.components.reasons)).toEqual([expect.stringMatching(/LEVEL is only available in a CONNECT BY query/)])
  })

  it('an app whose only code is an Ajax callback, or a report query, needs the app database', () => {
    const ajaxOnly = { ...APP, pages: [{ id: 1, name: 'One' }] } as unknown as AppDefinition
    const reportOnly = { ...APP, onDemand: undefined, pages: [{ id: 1, name: 'One', regions: [{ name: 'Query', type: 'NATIVE_SQL_REPORT', query: 'select 1 from dual' }] }] } as unknown as AppDefinition
    const none = { ...APP, onDemand: undefined, pages: [{ id: 1, name: 'One', regions: [{ name: 'Table', type: 'NATIVE_IR', table: 'T' }] }] } as unknown as AppDefinition
    expect([needsLogic([ajaxOnly]), needsLogic([reportOnly]), needsLogic([none])]).toEqual([true, true, false])
  })
})
