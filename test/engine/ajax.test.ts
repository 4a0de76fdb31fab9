/**
 * The `ajax` event (docs/trace-format.md "Event `ajax`"): Items to Submit are
 * stored, the named code runs, the Items to Return answer with their values
 * after it ran. Every expected value below is worked out by hand from the
 * app definition in this file.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import { importApexExport } from '../../src-main/apex-import/index.js'
import type { RowEffect } from '../../src-main/engine/model/effect.js'
import { replayText } from '../../src-main/trace/replay.js'
import { describeWithSharedFixtures, sharedFixture } from '../helpers/shared-fixtures.js'
import { expectReversible, makeEngine, notices, only, phase, phaseKinds, sets, show, valueOf } from './helpers/engine-helpers.js'

const plsql = (text: string) => ({ kind: 'Ajax Callback process', text, language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' })

const APP: AppDefinition = {
  id: 100,
  name: 'Ajax',
  homePage: 1,
  supportingObjects: {
    scripts: [{ name: 'emp', sequence: 1, text: "create table emp (empno number primary key, ename varchar2(20), sal number);\ninsert into emp values (7839, 'KING', 5000);\ninsert into emp values (7566, 'JONES', 2975);\n" }],
  },
  items: [{ name: 'G_COUNT' }],
  pages: [
    {
      id: 1,
      name: 'Emp',
      items: [{ name: 'P1_EMPNO' }, { name: 'P1_ENAME' }, { name: 'P1_SAL' }, { name: 'P1_LOCKED', protection: 'I' }],
      onDemand: [
        { component: 'process', apexPoint: 'ON_DEMAND', name: 'GET_EMP', notSimulated: plsql('select ename, sal into :P1_ENAME, :P1_SAL from emp where empno = :P1_EMPNO;') },
        { component: 'process', apexPoint: 'ON_DEMAND', name: 'RAISE', notSimulated: plsql("begin :P1_ENAME := 'half'; raise_application_error(-20001, 'Not allowed'); end;") },
        { component: 'process', apexPoint: 'ON_DEMAND', name: 'XS', notSimulated: plsql("begin :P1_ENAME := apex_application.g_x01 || '/' || apex_application.g_f01(2); end;") },
        { component: 'process', apexPoint: 'ON_DEMAND', name: 'COUNT', notSimulated: plsql(":G_COUNT := 'page';") },
      ],
      ajaxActions: [{ name: 'Raise salary', notSimulated: plsql('update emp set sal = sal + 100 where empno = :P1_EMPNO;'), itemsToSubmit: ['P1_EMPNO', 'P1_SAL'], itemsToReturn: ['P1_EMPNO'] }],
    } as AppDefinition['pages'][number],
  ],
  onDemand: [
    { component: 'process', apexPoint: 'ON_DEMAND', name: 'COUNT', notSimulated: plsql(":G_COUNT := 'app';") },
    { component: 'process', apexPoint: 'ON_DEMAND', name: 'APP_ONLY', notSimulated: plsql(":G_COUNT := 'only app';") },
  ],
} as AppDefinition

function started() {
  const engine = makeEngine([APP])
  show(engine, 'f?p=100:1', { as: 'A' })
  return engine
}

describe('ajax event', () => {
  it('stores Items to Submit, runs the Ajax Callback, answers with Items to Return', () => {
    const engine = started()
    const step = only(engine, { type: 'ajax', session: 'A', page: 1, process: 'GET_EMP', values: { P1_EMPNO: '7566' }, returnItems: ['P1_ENAME', 'P1_SAL'] })
    expect(step.kind).toBe('ajax')
    expect(step.outcome).toBe('ok')
    expect(phaseKinds(step)).toEqual(['resolveSession', 'ajaxSubmit', 'ajaxRun', 'ajaxReturn', 'endOfRequest'])
    // Row 7566 is JONES, 2975 (the script above).
    expect(phase(step, 'ajaxReturn').detail).toEqual({ answer: { P1_ENAME: 'JONES', P1_SAL: '2975' } })
    expect(phase(step, 'ajaxReturn').label).toBe('Answer: P1_ENAME = "JONES", P1_SAL = "2975"')
    expect(valueOf(engine, 'A', 'P1_EMPNO')).toBe('7566')
    expect(valueOf(engine, 'A', 'P1_ENAME')).toBe('JONES')
    // The submitted value is stored in the submit phase, the fetched ones in the run phase.
    const submit = step.effects.slice(phase(step, 'ajaxSubmit').start, phase(step, 'ajaxSubmit').end)
    expect(sets(submit).map((e) => [e.item, e.to])).toEqual([['P1_EMPNO', '7566']])
    const ran = step.effects.slice(phase(step, 'ajaxRun').start, phase(step, 'ajaxRun').end)
    expect(sets(ran).map((e) => [e.item, e.to, e.cause])).toEqual([
      ['P1_ENAME', 'JONES', "Ajax Callback process 'GET_EMP' on page 1"],
      ['P1_SAL', '2975', "Ajax Callback process 'GET_EMP' on page 1"],
    ])
    // No render: the session's current page is the one that called, and no pageShown effect.
    expect(step.effects.some((e) => e.op === 'session' && e.event === 'pageShown')).toBe(false)
  })

  it('a page Ajax Callback wins over the application process of the same name; the application one is found otherwise', () => {
    const engine = started()
    only(engine, { type: 'ajax', session: 'A', page: 1, process: 'COUNT' })
    expect(valueOf(engine, 'A', 'G_COUNT')).toBe('page')
    only(engine, { type: 'ajax', session: 'A', page: 1, process: 'APP_ONLY', returnItems: ['G_COUNT'] })
    expect(valueOf(engine, 'A', 'G_COUNT')).toBe('only app')
  })

  it('an error in the code is an error step naming the process, and nothing it did stays', () => {
    const engine = started()
    only(engine, { type: 'ajax', session: 'A', page: 1, process: 'GET_EMP', values: { P1_EMPNO: '7839' } })
    const step = only(engine, { type: 'ajax', session: 'A', page: 1, process: 'RAISE', values: { P1_EMPNO: '7566' } })
    expect(step.outcome).toBe('error')
    expect(step.reason).toMatch(/Ajax Callback process 'RAISE' on page 1/)
    expect(step.reason).toMatch(/Not allowed/)
    // Rolled back: the submitted value and the half-done assignment are gone.
    expect(valueOf(engine, 'A', 'P1_EMPNO')).toBe('7839')
    expect(valueOf(engine, 'A', 'P1_ENAME')).toBe('KING')
  })

  it('x01 and f01 reach the code as APEX_APPLICATION.G_X01 and G_F01', () => {
    const engine = started()
    const step = only(engine, { type: 'ajax', session: 'A', page: 1, process: 'XS', x: { x01: 'a' }, f: { f01: ['b', 'c'] }, returnItems: ['P1_ENAME'] })
    expect(phase(step, 'ajaxReturn').detail).toEqual({ answer: { P1_ENAME: 'a/c' } })
  })

  it('a dynamic action runs its server-side code; its own Items to Return answer', () => {
    const engine = started()
    const step = only(engine, { type: 'ajax', session: 'A', page: 1, action: 'Raise salary', values: { P1_EMPNO: '7839' } })
    expect(step.outcome).toBe('ok')
    expect(phase(step, 'ajaxReturn').detail).toEqual({ answer: { P1_EMPNO: '7839' } })
    const rows = step.effects.filter((e) => e.op === 'row')
    expect(rows).toHaveLength(1)
    // KING's 5000 + 100.
    expect(rows[0]).toMatchObject({ table: 'EMP', change: 'update', to: { EMPNO: 7839, SAL: 5100 } })
    // P1_SAL is one of its Items to Submit, but the event gave it no value: said, not invented.
    expect(notices(step, 'ajaxItemsNotGiven').map((n) => n.message)).toEqual([
      "dynamic action 'Raise salary' on page 1 submits P1_SAL, which this call gives no value: the code reads them from session state",
    ])
  })

  it('a plug-in request runs nothing, says so, and still stores the Items to Submit', () => {
    const engine = started()
    const step = only(engine, { type: 'ajax', session: 'A', page: 1, plugin: 'ABC123', values: { P1_SAL: '1' } })
    expect(step.outcome).toBe('ok')
    expect(notices(step, 'notSimulated').map((n) => n.message)).toEqual(['not simulated: plug-in Ajax request ABC123 on page 1 (its code is the plug-in\'s, not the app\'s)'])
    expect(valueOf(engine, 'A', 'P1_SAL')).toBe('1')
  })

  it('refuses unknown processes, unknown items and protected items, changing nothing', () => {
    const engine = started()
    const unknown = only(engine, { type: 'ajax', session: 'A', page: 1, process: 'NOPE', values: { P1_SAL: '9' } })
    expect(unknown.outcome).toBe('error')
    expect(unknown.reason).toMatch(/no Ajax Callback process "NOPE" on page 1/)
    const badItem = only(engine, { type: 'ajax', session: 'A', page: 1, process: 'GET_EMP', values: { P9_X: '1' } })
    expect(badItem.reason).toMatch(/item to submit P9_X is not an item of app 100/)
    const locked = only(engine, { type: 'ajax', session: 'A', page: 1, process: 'GET_EMP', values: { P1_LOCKED: '1' } })
    expect(locked.reason).toMatch(/P1_LOCKED is protected/)
    for (const s of [unknown, badItem, locked]) expect(sets(s)).toEqual([])
    expect(valueOf(engine, 'A', 'P1_SAL')).toBe(null)
  })

  it('stepping back over ajax steps restores the session values exactly', () => {
    const engine = started()
    const before = engine.state.clone()
    const steps = [
      ...engine.run({ type: 'ajax', session: 'A', page: 1, process: 'GET_EMP', values: { P1_EMPNO: '7566' } }),
      ...engine.run({ type: 'ajax', session: 'A', page: 1, process: 'COUNT' }),
      ...engine.run({ type: 'ajax', session: 'A', page: 1, plugin: 'X', values: { P1_SAL: '1' } }),
    ]
    expect(steps.map((s) => s.outcome)).toEqual(['ok', 'ok', 'ok'])
    expectReversible(before, steps, engine.state)
  })

  it('the operation schema refuses an ajax event naming no target or two', () => {
    const engine = started()
    expect(() => engine.run({ type: 'ajax', session: 'A', page: 1 } as never)).toThrow(/exactly one of "process", "plugin" or "action"/)
    expect(() => engine.run({ type: 'ajax', session: 'A', page: 1, process: 'A', plugin: 'B' } as never)).toThrow(/not "process" and "plugin"/)
  })
})

describe('ajax in a trace', () => {
  it('replays, and an expect after it sees the values the code set', () => {
    const header = { format: 'session-trace', version: 1, title: 'ajax', seed: 3, apps: [APP] }
    const lines = [
      header,
      { type: 'request', url: 'f?p=100:1', as: 'A' },
      { type: 'ajax', session: 'A', page: 1, process: 'GET_EMP', values: { P1_EMPNO: 7839 }, returnItems: ['P1_ENAME'] },
      { type: 'expect', session: 'A', state: { P1_EMPNO: '7839', P1_ENAME: 'KING', P1_SAL: '5000' }, page: 1, outcome: 'ok' },
      { type: 'ajax', session: 'A', page: 1, process: 'RAISE' },
      { type: 'expect', session: 'A', outcome: 'error', state: { P1_ENAME: 'KING' } },
    ]
    const replay = replayText(lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
    const summary = replay.summary()
    expect(summary.failures).toEqual([])
    expect(summary.expects).toEqual({ total: 2, passed: 2, failed: 0 })
    expect(summary.unexpectedErrors).toEqual([])
    expect(summary.steps).toBe(3)
  })
})

/**
 * Sample Dynamic Actions (7840), page 11 "Execute PL/SQL Code": its dynamic
 * action UPDATE SALARY runs `update eba_demo_da_emp set sal = sal * 1.1`
 * (export line 6560). The supporting objects insert the 14 classic EMP rows,
 * KING 5000 and JONES 2975 among them: 5500 and 3272.5 after the call.
 */
describeWithSharedFixtures('ajax on Sample Dynamic Actions', () => {
  it("the UPDATE SALARY dynamic action's server-side code updates every employee", async () => {
    const { apps } = await importApexExport(sharedFixture('oracle-samples-24.2/sample-dynamic-actions.sql'))
    const engine = makeEngine(apps)
    show(engine, 'f?p=7840:11', { as: 'A' })
    const step = only(engine, { type: 'ajax', session: 'A', page: 11, action: 'UPDATE SALARY' })
    expect(step.outcome).toBe('ok')
    expect(phase(step, 'ajaxRun').detail).toMatchObject({ code: "dynamic action 'UPDATE SALARY' on page 11", ran: true })
    const rows = step.effects.filter((e): e is RowEffect => e.op === 'row')
    expect(rows).toHaveLength(14)
    const sal = (name: string) => rows.find((r) => r.to?.ENAME === name)?.to?.SAL
    expect(sal('KING')).toBe(5500)
    expect(sal('JONES')).toBe(3272.5)
    engine.close()
  })
})
