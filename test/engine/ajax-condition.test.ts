/**
 * An Ajax Callback / On Demand process's server-side condition (issue #11):
 * evaluated after the Items to Submit are stored (so it can read them); when
 * false the code does not run, the step is ok, the answer is the Items to
 * Return as they are and a notice says why (docs/decisions.md "An Ajax
 * process's condition"). A SQL condition runs on the app database. Values
 * worked out by hand from the definition below.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import { makeEngine, notices, only, phase, show, valueOf } from './helpers/engine-helpers.js'

const plsql = (text: string) => ({ kind: 'Ajax Callback process', text, language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' })

const APP = {
  id: 100,
  name: 'Ajax',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'emp', sequence: 1, text: "create table emp (empno number primary key, ename varchar2(20));\ninsert into emp values (7839, 'KING');\n" }] },
  items: [{ name: 'G_MODE' }],
  pages: [
    {
      id: 1,
      name: 'Emp',
      items: [{ name: 'P1_EMPNO' }, { name: 'P1_ENAME' }],
      onDemand: [
        // Runs only when the submitted P1_EMPNO is not null (an engine expression).
        { component: 'process', apexPoint: 'ON_DEMAND', name: 'GET_EMP', notSimulated: plsql('select ename into :P1_ENAME from emp where empno = :P1_EMPNO;'), when: { expression: ':P1_EMPNO IS NOT NULL' } },
        // A SQL "rows returned" condition on the app database.
        {
          component: 'process',
          apexPoint: 'ON_DEMAND',
          name: 'IF_EXISTS',
          notSimulated: plsql(":P1_ENAME := 'exists';"),
          when: { notSimulated: { kind: 'SQL "rows returned" condition', text: 'select 1 from emp where empno = :P1_EMPNO', language: 'sql', apexType: 'EXISTS', run: 'sqlExists' } },
        },
      ],
      ajaxActions: [{ name: 'Mode', notSimulated: plsql(":G_MODE := 'ran';"), when: { expression: ":G_MODE = 'on'" } }],
    },
  ],
} as unknown as AppDefinition

function started() {
  const engine = makeEngine([APP])
  show(engine, 'f?p=100:1', { as: 'A' })
  return engine
}

describe("an Ajax process's condition", () => {
  it('true: the process runs', () => {
    const engine = started()
    const step = only(engine, { type: 'ajax', session: 'A', page: 1, process: 'GET_EMP', values: { P1_EMPNO: '7839' }, returnItems: ['P1_ENAME'] })
    expect(step.outcome, step.reason).toBe('ok')
    expect(phase(step, 'ajaxReturn').detail).toEqual({ answer: { P1_ENAME: 'KING' } })
  })

  it('false (reading the item just submitted): stored, not run, answered as it is, with a notice', () => {
    const engine = started()
    only(engine, { type: 'ajax', session: 'A', page: 1, process: 'GET_EMP', values: { P1_EMPNO: '7839' } })
    const step = only(engine, { type: 'ajax', session: 'A', page: 1, process: 'GET_EMP', values: { P1_EMPNO: '' }, returnItems: ['P1_ENAME', 'P1_EMPNO'] })
    expect(step.outcome).toBe('ok')
    expect(phase(step, 'ajaxRun').label).toBe("Ajax Callback process 'GET_EMP' on page 1 not run: its condition is false")
    expect(phase(step, 'ajaxRun').detail).toMatchObject({ ran: false, condition: false })
    // P1_ENAME keeps KING from the first call; P1_EMPNO was stored (null) before the condition was asked.
    expect(phase(step, 'ajaxReturn').detail).toEqual({ answer: { P1_ENAME: 'KING', P1_EMPNO: null } })
    expect(notices(step, 'ajaxConditionFalse')).toHaveLength(1)
  })

  it('a SQL condition runs on the app database', () => {
    const engine = started()
    only(engine, { type: 'ajax', session: 'A', page: 1, process: 'IF_EXISTS', values: { P1_EMPNO: '1' } })
    expect(valueOf(engine, 'A', 'P1_ENAME')).toBeNull()
    only(engine, { type: 'ajax', session: 'A', page: 1, process: 'IF_EXISTS', values: { P1_EMPNO: '7839' } })
    expect(valueOf(engine, 'A', 'P1_ENAME')).toBe('exists')
  })

  it("a dynamic action's server-side code with a condition", () => {
    const engine = started()
    only(engine, { type: 'ajax', session: 'A', page: 1, action: 'Mode' })
    expect(valueOf(engine, 'A', 'G_MODE')).toBeNull()
  })
})
