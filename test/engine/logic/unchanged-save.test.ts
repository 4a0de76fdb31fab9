/**
 * Saving a form whose values did not change (the user opens a row and presses
 * SAVE): APEX's Automatic Row Processing updates the row to the same values
 * and the request succeeds. The statement matched one row, though no column
 * changed, so there is no row effect and no "row was changed or deleted"
 * error. Only a key that matches no row is that error.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import { makeEngine } from '../helpers/engine-helpers.js'

const code = (kind: string, text: string, run: string) => ({ kind, text, language: 'sql', apexType: text, run })
const column = (name: string) => ({ name, storage: 'session' as const, notSimulated: { ...code('region source column', name.slice(3), 'formColumn'), role: 'source' } })
const form = { table: 'DEPT', keys: [{ column: 'DEPTNO', item: 'P1_DEPTNO' }], columns: { P1_DEPTNO: 'DEPTNO', P1_DNAME: 'DNAME' }, operations: 'I:U:D' }

const app = {
  id: 100,
  name: 'Depts',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'tables', sequence: 10, text: "create table dept (deptno number primary key, dname varchar2(14));\ninsert into dept values (10, 'ACCOUNTING');" }] },
  pages: [
    {
      id: 1,
      name: 'Dept',
      items: [column('P1_DEPTNO'), column('P1_DNAME')],
      processes: [
        { name: 'Fetch', point: 'beforeHeader', type: 'notSimulated', notSimulated: code('Form - Initialization', 'NATIVE_FORM_INIT', 'formFetch'), form },
        { name: 'DML', point: 'processing', type: 'notSimulated', notSimulated: code('Form - Automatic Row Processing (DML)', 'NATIVE_FORM_DML', 'formDml'), form },
      ],
    },
  ],
} as unknown as AppDefinition

describe('form DML: saving an unchanged row', () => {
  it('succeeds with no row effect', () => {
    const engine = makeEngine([app])
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:10', as: 'A' })
    const steps = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_DNAME: 'ACCOUNTING' } })
    expect(steps[0]?.outcome).toBe('ok')
    expect(steps.flatMap((s) => s.effects).filter((e) => e.op === 'row')).toEqual([])
  })

  it('a key that matches no row is still the lost-row error', () => {
    const engine = makeEngine([app])
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:10', as: 'A' })
    const steps = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_DEPTNO: '99', P1_DNAME: 'X' } })
    expect(steps[0]?.outcome).toBe('error')
    expect(steps[0]?.reason).toMatch(/no row of DEPT with DEPTNO = 99/)
  })
})
