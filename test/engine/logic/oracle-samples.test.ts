/**
 * Oracle's sample apps run on the engine (issue #11). Expected values are
 * read by hand from the exports' supporting objects:
 * - Sample Dynamic Actions installs EBA_DEMO_DA_EMP with KING first:
 *   (7839, 'KING', 'PRESIDENT', null, to_date('17-11-81','DD-MM-RR'), 5000,
 *   null, 10), so his ROWID is 1; page 3's Automatic Row Fetch reads the row
 *   by P3_ROWID, and P3_HIREDATE has the format mask DD-MON-YYYY (RR: 81 in
 *   2026 is 1981).
 * - Sample Master Detail's load_sample_data inserts task 51 of project 1
 *   named 'Identify Server Requirements'; page 31 computes P31_TASK_NAME with
 *   `select name from eba_demo_md_tasks where id = :P31_TASK_ID`.
 */
import { expect, it } from 'vitest'
import { importApexExport } from '../../../src-main/apex-import/index.js'
import type { RowEffect } from '../../../src-main/engine/model/effect.js'
import { describeWithSharedFixtures, sharedFixture } from '../../helpers/shared-fixtures.js'
import { makeEngine, valueOf } from '../helpers/engine-helpers.js'

const SAMPLES = sharedFixture('oracle-samples-24.2')

describeWithSharedFixtures('Oracle sample apps on the engine', () => {
  it('Dynamic Actions: the employee form fetches KING, saves a new salary as a row effect, and reads it back', async () => {
    const { apps } = await importApexExport(`${SAMPLES}/sample-dynamic-actions.sql`)
    const engine = makeEngine(apps)
    engine.run({ type: 'request', url: 'f?p=7840:3:::::P3_ROWID:1', as: 'A' })
    const state = Object.fromEntries(['P3_EMPNO', 'P3_ENAME', 'P3_JOB', 'P3_MGR', 'P3_HIREDATE', 'P3_SAL', 'P3_DEPTNO'].map((n) => [n, valueOf(engine, 'A', n)]))
    expect(state).toEqual({ P3_EMPNO: '7839', P3_ENAME: 'KING', P3_JOB: 'PRESIDENT', P3_MGR: null, P3_HIREDATE: '17-NOV-1981', P3_SAL: '5000', P3_DEPTNO: '10' })
    const values = { P3_ROWID: '1', P3_EMPNO: '7839', P3_ENAME: 'KING', P3_JOB: 'PRESIDENT', P3_MGR: '', P3_HIREDATE: '17-NOV-1981', P3_SAL: '5500', P3_COMM: '', P3_DEPTNO: '10' }
    const steps = engine.run({ type: 'submit', session: 'A', page: 3, request: 'SAVE', values })
    expect(steps[0]?.outcome).toBe('ok')
    const rows = steps.flatMap((s) => s.effects).filter((e): e is RowEffect => e.op === 'row')
    expect(rows.map((e) => [e.change, e.table, e.key, e.from?.SAL, e.to?.SAL])).toEqual([['update', 'EBA_DEMO_DA_EMP', '1', 5000, 5500]])
    engine.run({ type: 'request', url: 'f?p=7840:3:::::P3_ROWID:1', session: 'A' })
    expect(valueOf(engine, 'A', 'P3_SAL')).toBe('5500')
    engine.close()
  })

  it('Master Detail: a SQL computation names task 51 from the sample data', async () => {
    const { apps } = await importApexExport(`${SAMPLES}/sample-master-detail.sql`)
    const engine = makeEngine(apps)
    engine.run({ type: 'request', url: 'f?p=7860:31:0::::P31_TASK_ID,P31_PROJECT_ID:51,1', as: 'A' })
    expect(valueOf(engine, 'A', 'P31_TASK_NAME')).toBe('Identify Server Requirements')
    engine.close()
  })
})
