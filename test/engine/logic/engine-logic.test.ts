/**
 * The engine running an app's real logic through the logic backend (issue
 * #11): form fetch / DML by request, SQL sources, code conditions and
 * validations, PL/SQL processes, errors that roll the request back, Close
 * Dialog, execution chains, and row effects that reverse exactly. Expected
 * values come from the install script below, worked out by hand.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition, Process } from '../../../src-main/engine/model/app-definition.js'
import type { Effect, RowEffect } from '../../../src-main/engine/model/effect.js'
import type { Step } from '../../../src-main/engine/model/step.js'
import { makeEngine, notices, valueOf } from '../helpers/engine-helpers.js'
import { FakeCollections, fakeBackend } from './fake-backend.js'

const SCRIPT = [
  'create table dept (deptno integer primary key, dname text, loc text);',
  "insert into dept values (10, 'ACCOUNTING', 'NEW YORK');",
  "insert into dept values (20, 'RESEARCH', 'DALLAS');",
  "insert into dept values (30, 'SALES', 'CHICAGO');",
].join('\n')

const form = {
  table: 'DEPT',
  keys: [{ column: 'DEPTNO', item: 'P1_DEPTNO' }],
  columns: { P1_DEPTNO: 'DEPTNO', P1_DNAME: 'DNAME', P1_LOC: 'LOC' },
  operations: 'I:U:D',
}
const code = (kind: string, text: string, run: string, apexType = 'X') => ({ kind, text, language: run.startsWith('plsql') ? 'plsql' : 'sql', apexType, run })
const column = (name: string) => ({ name, storage: 'session' as const, notSimulated: { ...code('region source column', name.slice(3), 'formColumn', 'REGION_SOURCE_COLUMN'), role: 'source' } })

function app(extraProcesses: Process[] = []): AppDefinition {
  return {
    id: 100,
    name: 'Depts',
    homePage: 1,
    supportingObjects: { scripts: [{ name: 'tables', sequence: 10, text: SCRIPT }] },
    pages: [
      {
        id: 1,
        name: 'Dept',
        items: [
          column('P1_DEPTNO'),
          column('P1_DNAME'),
          column('P1_LOC'),
          { name: 'P1_COUNT', storage: 'request', sourceUsed: 'always', notSimulated: { ...code('SQL query source', 'select count(*) from dept', 'sqlQuery', 'QUERY'), role: 'source' } },
          { name: 'P1_NAMES', storage: 'request', sourceUsed: 'always', notSimulated: { ...code('SQL query source', 'select dname from dept order by deptno', 'sqlColonList', 'QUERY_COLON'), role: 'source' } },
          { name: 'P1_MSG', storage: 'session' },
        ],
        validations: [
          {
            name: 'Name unique',
            expression: '1 = 1',
            message: 'Name &P1_DNAME. is taken',
            notSimulated: code('SQL "no rows returned" validation', 'select 1 from dept where dname = :P1_DNAME and deptno <> :P1_DEPTNO', 'sqlNotExists', 'NOT_EXISTS'),
            when: { notSimulated: code('PL/SQL function body condition', 'return is_save;', 'plsqlFunctionBody', 'FUNCTION_BODY') },
          },
        ],
        processes: [
          { name: 'Fetch', point: 'beforeHeader', type: 'notSimulated', notSimulated: code('Form - Initialization', 'NATIVE_FORM_INIT', 'formFetch', 'NATIVE_FORM_INIT'), form },
          { name: 'DML', point: 'processing', type: 'notSimulated', notSimulated: code('Form - Automatic Row Processing (DML)', 'NATIVE_FORM_DML', 'formDml', 'NATIVE_FORM_DML'), form },
          { name: 'Note', point: 'processing', type: 'notSimulated', notSimulated: code('PL/SQL process', 'note;', 'plsqlBlock', 'NATIVE_PLSQL') },
          { name: 'Fail', point: 'processing', type: 'notSimulated', notSimulated: code('PL/SQL process', 'fail;', 'plsqlBlock', 'NATIVE_PLSQL'), when: { button: 'FAIL' } },
          { name: 'Odd', point: 'processing', type: 'notSimulated', notSimulated: code('PL/SQL process', 'unknown_construct;', 'plsqlBlock', 'NATIVE_PLSQL') },
          ...extraProcesses,
        ],
      },
    ],
  } as AppDefinition
}

function setup(extraProcesses: Process[] = []) {
  const backend = fakeBackend({
    'note;': (host) => {
      host.setItem('P1_MSG', `saved ${host.item('P1_DNAME')}`)
      return { ok: true }
    },
    'fail;': () => ({ ok: false, error: { message: 'ORA-20001: no changes today', line: 3, col: 5, oraCode: 20001 } }),
    'return is_save;': (host) => ({ ok: true, value: host.apex.request === 'SAVE' }),
    'collect;': (host) => {
      const store = host.apex.collections as FakeCollections
      store.members.push(host.item('P1_DNAME') ?? '')
      host.setItem('P1_MSG', store.members.join(','))
      return { ok: true }
    },
  })
  const engine = makeEngine([app(extraProcesses)], { logicBackend: backend })
  const db = backend.db!
  return { engine, db, backend }
}

const rowEffects = (steps: readonly Step[]): RowEffect[] => steps.flatMap((s) => s.effects).filter((e: Effect): e is RowEffect => e.op === 'row')
const submit = (request: string, values: Record<string, string | null>) => ({ type: 'submit' as const, session: 'A', page: 1, request, values })

describe('engine with app logic', () => {
  it('builds the database from the install script and fetches the row the key item names', () => {
    const { engine, db } = setup()
    expect(db.rows('dept').map((r) => r.DNAME)).toEqual(['ACCOUNTING', 'RESEARCH', 'SALES'])
    const [step] = engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'A' })
    expect(step?.outcome).toBe('ok')
    expect(valueOf(engine, 'A', 'P1_DNAME')).toBe('RESEARCH')
    expect(valueOf(engine, 'A', 'P1_LOC')).toBe('DALLAS')
    // Per Request SQL sources: read from the step's render phase.
    const render = step!.phases.find((p) => p.kind === 'itemsRender')!
    expect((render.detail as { values: Record<string, string | null> }).values).toMatchObject({ P1_COUNT: '3', P1_NAMES: 'ACCOUNTING:RESEARCH:SALES' })
    // The block that does not compile is named, with the backend's reason, when reached (not at render).
    expect(notices(step!, 'formFetch')).toHaveLength(1)
  })

  it('SAVE updates the row: one row effect with before and after images, the PL/SQL process writes an item', () => {
    const { engine, db } = setup()
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'A' })
    const steps = engine.run(submit('SAVE', { P1_DNAME: 'LAB', P1_LOC: 'DALLAS' }))
    expect(steps[0]?.outcome).toBe('ok')
    expect(rowEffects(steps)).toEqual([
      {
        op: 'row',
        app: 100,
        table: 'DEPT',
        key: '20',
        change: 'update',
        from: { DEPTNO: 20, DNAME: 'RESEARCH', LOC: 'DALLAS' },
        to: { DEPTNO: 20, DNAME: 'LAB', LOC: 'DALLAS' },
        session: steps[0]!.session,
        cause: "process 'DML' on page 1",
      },
    ])
    expect(db.rows('dept').find((r) => r.DEPTNO === 20)?.DNAME).toBe('LAB')
    expect(valueOf(engine, 'A', 'P1_MSG')).toBe('saved LAB')
    // The process that does not compile says why, with the backend's reason.
    expect(notices(steps[0]!, 'notSimulated').map((n) => n.message)).toEqual([
      "not simulated: PL/SQL process: UNKNOWN is not simulated: not in the test programs (line 1, column 1) process 'Odd' on page 1",
    ])
  })

  it('a SQL validation fails on a taken name and passes on a free one', () => {
    const { engine, db } = setup()
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'A' })
    const failed = engine.run(submit('SAVE', { P1_DNAME: 'SALES' }))[0]!
    expect(failed.outcome).toBe('validationFailed')
    expect(failed.errors).toEqual([{ validation: 'Name unique', message: 'Name SALES is taken' }])
    expect(db.rows('dept').find((r) => r.DEPTNO === 20)?.DNAME).toBe('RESEARCH')
    expect(engine.run(submit('SAVE', { P1_DNAME: 'RESEARCH LAB' }))[0]!.outcome).toBe('ok')
  })

  it('a PL/SQL process that raises ends the request with an error naming page, process and line; rows and items roll back', () => {
    const { engine, db } = setup()
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'A' })
    const before = db.rows('dept')
    const steps = engine.run(submit('FAIL', { P1_DNAME: 'ZZZ' }))
    expect(steps).toHaveLength(1)
    expect(steps[0]!.outcome).toBe('error')
    expect(steps[0]!.reason).toBe("process 'Fail' on page 1: ORA-20001: no changes today (line 3, column 5)")
    expect(steps[0]!.effects).toEqual([])
    // The DML process had updated the row before Fail ran: the transaction took it back.
    expect(db.rows('dept')).toEqual(before)
    expect(valueOf(engine, 'A', 'P1_DNAME')).toBe('RESEARCH')
  })

  it('CREATE inserts and returns the new key into the key item; DELETE removes the row', () => {
    const { engine, db } = setup()
    engine.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
    const created = engine.run(submit('CREATE', { P1_DEPTNO: null, P1_DNAME: 'OPS', P1_LOC: 'BOSTON' }))
    expect(rowEffects(created).map((e) => [e.change, e.key, e.to])).toEqual([['insert', '31', { DEPTNO: 31, DNAME: 'OPS', LOC: 'BOSTON' }]])
    expect(valueOf(engine, 'A', 'P1_DEPTNO')).toBe('31')
    const deleted = engine.run(submit('DELETE', {}))
    expect(rowEffects(deleted).map((e) => [e.change, e.key, e.from])).toEqual([['delete', '31', { DEPTNO: 31, DNAME: 'OPS', LOC: 'BOSTON' }]])
    expect(db.rows('dept').map((r) => r.DEPTNO)).toEqual([10, 20, 30])
  })

  it("applying a session's row effects backward restores every table exactly", () => {
    const { engine, db } = setup()
    const initial = db.rows('dept')
    const steps = [
      ...engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:10', as: 'A' }),
      ...engine.run(submit('SAVE', { P1_DNAME: 'BOOKS', P1_LOC: 'ROME' })),
      ...engine.run(submit('CREATE', { P1_DEPTNO: null, P1_DNAME: 'NEW', P1_LOC: 'OSLO' })),
      ...engine.run(submit('DELETE', {})),
      ...engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:30', session: 'A' }),
      ...engine.run(submit('DELETE', {})),
    ]
    const effects = rowEffects(steps)
    expect(effects.map((e) => e.change)).toEqual(['update', 'insert', 'delete', 'delete'])
    const after = db.rows('dept')
    for (const e of [...effects].reverse()) db.applyChange({ table: e.table, op: e.change, key: e.key, before: e.from, after: e.to }, 'backward')
    expect(db.rows('dept')).toEqual(initial)
    for (const e of effects) db.applyChange({ table: e.table, op: e.change, key: e.key, before: e.from, after: e.to }, 'forward')
    expect(db.rows('dept')).toEqual(after)
  })

  it('Close Dialog ends the request without a branch; an execution chain runs its processes', () => {
    const extra = [
      { name: 'Chain', point: 'processing', type: 'notSimulated', notSimulated: { kind: 'Execution Chain', text: 'NATIVE_EXECUTION_CHAIN', apexType: 'NATIVE_EXECUTION_CHAIN', run: 'executionChain' }, when: { button: 'CHAIN' } },
      { name: 'In chain', point: 'processing', type: 'notSimulated', notSimulated: code('process in an execution chain', 'note;', 'plsqlBlock', 'NATIVE_PLSQL'), chain: 'Chain' },
      { name: 'Close', point: 'processing', type: 'notSimulated', notSimulated: { kind: 'Close Dialog', text: 'NATIVE_CLOSE_WINDOW', apexType: 'NATIVE_CLOSE_WINDOW', run: 'closeDialog' } },
    ] as Process[]
    const { engine } = setup(extra)
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:10', as: 'A' })
    const plain = engine.run(submit('NOTHING', { P1_DNAME: 'ACCOUNTING' }))
    // Without CHAIN the chained process does not run; Close Dialog ends the request: no redirect step follows.
    expect(plain).toHaveLength(1)
    expect(notices(plain[0]!, 'closeDialog')).toHaveLength(1)
    expect(valueOf(engine, 'A', 'P1_MSG')).toBe('saved ACCOUNTING')
    engine.run({ type: 'setState', session: 'A', app: 100, page: 1, item: 'P1_MSG', value: null })
    const chained = engine.run(submit('CHAIN', { P1_DNAME: 'ACCOUNTING' }))
    expect(notices(chained[0]!, 'executionChain')).toHaveLength(1)
    expect(valueOf(engine, 'A', 'P1_MSG')).toBe('saved ACCOUNTING')
  })

  it('APEX collections are per session: a clone gets a copy, later changes stay apart', () => {
    const extra = [{ name: 'Collect', point: 'processing', type: 'notSimulated', notSimulated: code('PL/SQL process', 'collect;', 'plsqlBlock', 'NATIVE_PLSQL'), when: { button: 'COLLECT' } }] as Process[]
    const { engine } = setup(extra)
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:10', as: 'A' })
    engine.run(submit('COLLECT', { P1_DNAME: 'ACCOUNTING' }))
    expect(valueOf(engine, 'A', 'P1_MSG')).toBe('ACCOUNTING')
    engine.run({ type: 'clone', session: 'A', as: 'B' })
    engine.run({ type: 'submit', session: 'B', page: 1, request: 'COLLECT', values: { P1_DNAME: 'ACCOUNTING' } })
    expect(valueOf(engine, 'B', 'P1_MSG')).toBe('ACCOUNTING,ACCOUNTING')
    engine.run(submit('COLLECT', { P1_DNAME: 'ACCOUNTING' }))
    expect(valueOf(engine, 'A', 'P1_MSG')).toBe('ACCOUNTING,ACCOUNTING')
    engine.run(submit('COLLECT', { P1_DNAME: 'ACCOUNTING' }))
    expect(valueOf(engine, 'A', 'P1_MSG')).toBe('ACCOUNTING,ACCOUNTING,ACCOUNTING')
    expect(valueOf(engine, 'B', 'P1_MSG')).toBe('ACCOUNTING,ACCOUNTING')
  })

  it('without a backend the same app runs as before: every code part is a notice, nothing touches a database', () => {
    const engine = makeEngine([app()], { logicBackend: null })
    const [step] = engine.run({ type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'A' })
    expect(step?.outcome).toBe('ok')
    expect(valueOf(engine, 'A', 'P1_DNAME')).toBeNull()
    expect(notices(step!, 'notSimulated').length).toBeGreaterThan(0)
  })
})
