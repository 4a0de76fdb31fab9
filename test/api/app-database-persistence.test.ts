/**
 * The app database persisted with the workspace (issue #11): a workspace
 * closed after form DML and reopened has, in the engine's app database, the
 * rows its steps produced — so the next live fetch shows the changed row —
 * the sequences where they were (a new insert takes the next key, never one a
 * step already used), and the rows no step touched exactly as the install
 * scripts made them when the workspace began (not re-made at the reopened
 * clock). Expected values are worked out by hand from SCRIPT below.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { MethodInput } from '../../src-main/api/contract.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import type { Effect, RowEffect } from '../../src-main/engine/model/effect.js'
import type { Step } from '../../src-main/engine/model/step.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { chainsOf, engineTrace } from '../timeline/helpers.js'
import { call } from '../timeline/api-call.js'

const SLOW = { timeout: 120_000 }
const dir = mkdtempSync(join(tmpdir(), 'ss-appdb-persist-'))
const open: EngineService[] = []
afterAll(() => {
  for (const s of open) s.close()
  rmSync(dir, { recursive: true, force: true })
})

const SCRIPT = [
  'create table dept (deptno number primary key, dname varchar2(20), since date);',
  'create sequence dept_seq start with 40;',
  'create or replace trigger dept_bi before insert on dept for each row',
  'begin',
  '  if :new.deptno is null then',
  '    :new.deptno := dept_seq.nextval;',
  '  end if;',
  'end;',
  '/',
  "insert into dept (deptno, dname, since) values (10, 'ACCOUNTING', sysdate);",
  "insert into dept (deptno, dname, since) values (20, 'RESEARCH', sysdate);",
].join('\n')

const form = { table: 'DEPT', keys: [{ column: 'DEPTNO', item: 'P1_DEPTNO' }], columns: { P1_DEPTNO: 'DEPTNO', P1_DNAME: 'DNAME', P1_SINCE: 'SINCE' }, operations: 'I:U:D' }
const code = (kind: string, run: string, apexType: string) => ({ kind, text: apexType, language: 'sql', apexType, run })
const column = (name: string) => ({ name, storage: 'session' as const, notSimulated: { ...code('region source column', 'formColumn', 'REGION_SOURCE_COLUMN'), text: name.slice(3), role: 'source' } })

const APP = {
  id: 100,
  name: 'Depts',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'tables', sequence: 10, text: SCRIPT }] },
  pages: [
    {
      id: 1,
      name: 'Dept',
      items: [column('P1_DEPTNO'), column('P1_DNAME'), column('P1_SINCE')],
      processes: [
        { name: 'Fetch', point: 'beforeHeader', type: 'notSimulated', notSimulated: code('Form - Initialization', 'formFetch', 'NATIVE_FORM_INIT'), form },
        { name: 'DML', point: 'processing', type: 'notSimulated', notSimulated: code('Form - Automatic Row Processing (DML)', 'formDml', 'NATIVE_FORM_DML'), form },
      ],
    },
  ],
} as unknown as AppDefinition

const LIVE: MethodInput<'workspace.new'> = { apps: [APP] as never, seed: 11, title: 'Depts', startTime: '2026-01-01T00:00:00Z' }

function start(path: string): EngineService {
  const s = new EngineService({ workspacePath: path, workspaceDir: join(dir, 'cache') })
  open.push(s)
  return s
}
function stop(s: EngineService): void {
  s.close()
  open.splice(open.indexOf(s), 1)
}

type OperateResult = { steps: { outcome: string; effects: Effect[]; reason?: string }[] }
async function operate(s: EngineService, op: unknown): Promise<OperateResult['steps']> {
  return ((await call(s, 'operate', { op } as never)) as OperateResult).steps
}
/** The value the step wrote into an item (the last set effect of that item). */
function setTo(steps: OperateResult['steps'], item: string): unknown {
  const sets = steps.flatMap((s) => s.effects).filter((e) => e.op === 'set' && (e as { item: string }).item === item)
  return sets.length === 0 ? undefined : (sets[sets.length - 1] as { to: unknown }).to
}

describe('the app database across a close and reopen of the persisted workspace', SLOW, () => {
  it('keeps the rows steps changed, the sequences, and the untouched rows as installed', async () => {
    const path = join(dir, 'case-1', 'workspace', 'current.ssws')
    const a = start(path)
    await call(a, 'workspace.new', LIVE)
    await operate(a, { type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'A' })
    const saved = await operate(a, { type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_DNAME: 'LAB' } })
    expect(saved[0]?.outcome).toBe('ok')
    // CREATE with no key: the trigger takes dept_seq's first value, 40, and the form writes it back.
    const created = await operate(a, { type: 'submit', session: 'A', page: 1, request: 'CREATE', values: { P1_DEPTNO: null, P1_DNAME: 'OPS' } })
    expect(created[0]?.outcome).toBe('ok')
    expect(setTo(created, 'P1_DEPTNO')).toBe('40')
    // A day passes before the workspace is closed: a rebuilt database must not take this clock for its install.
    await operate(a, { type: 'wait', seconds: 86_400 })
    stop(a)

    const b = start(path)
    expect(b.startupNotice).toBeNull()
    // A fresh session fetches the row the SAVE changed: the engine's database has it.
    const fetched = await operate(b, { type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'B' })
    expect(fetched[0]?.outcome).toBe('ok')
    expect(setTo(fetched, 'P1_DNAME')).toBe('LAB')
    // The row the CREATE inserted is there too.
    expect(setTo(await operate(b, { type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:40', session: 'B' }), 'P1_DNAME')).toBe('OPS')
    // A row no step touched: installed at the workspace's start (SYSDATE = startTime), not at the reopened clock.
    expect(setTo(await operate(b, { type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:10', as: 'D' }), 'P1_SINCE')).toBe('2026-01-01 00:00:00')
    // The sequence goes on after 40: the next insert is 41 (not 40 again, which would be ORA-00001).
    const next = await operate(b, { type: 'submit', session: 'B', page: 1, request: 'CREATE', values: { P1_DEPTNO: null, P1_DNAME: 'QA' } })
    expect(next[0]?.outcome, next[0]?.reason).toBe('ok')
    expect(setTo(next, 'P1_DEPTNO')).toBe('41')
    // Reopened once more: the rows and the sequence of both lives are kept.
    stop(b)
    const c = start(path)
    expect(setTo(await operate(c, { type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:41', as: 'C' }), 'P1_DNAME')).toBe('QA')
    const last = await operate(c, { type: 'submit', session: 'C', page: 1, request: 'CREATE', values: { P1_DEPTNO: null, P1_DNAME: 'HR' } })
    expect(setTo(last, 'P1_DEPTNO')).toBe('42')
  })
})

describe('a trace file with apps, opened and continued live', SLOW, () => {
  it("the engine continuing after the load has the trace's rows and sequences", async () => {
    const file = join(dir, 'depts.sstrace')
    const header = { format: 'session-trace', version: 1, title: 'Depts', apps: [APP], seed: 3, startTime: '2026-01-01T00:00:00Z' }
    const events = [
      { type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'A' },
      { type: 'submit', session: 'A', page: 1, request: 'SAVE', values: { P1_DNAME: 'LAB' } },
      { type: 'submit', session: 'A', page: 1, request: 'CREATE', values: { P1_DEPTNO: null, P1_DNAME: 'OPS' } },
    ]
    writeFileSync(file, [header, ...events].map((e) => JSON.stringify(e)).join('\n') + '\n')
    const s = new EngineService({ workspaceDir: join(dir, 'cache-2') })
    open.push(s)
    const sum = await call(s, 'workspace.openTraceFile', { path: file })
    expect(sum.recordedOnly).toBe(false)
    expect(setTo(await operate(s, { type: 'request', url: 'f?p=100:1:::::P1_DEPTNO:20', as: 'B' }), 'P1_DNAME')).toBe('LAB')
    // The trace's CREATE took 40; the next one takes 41.
    expect(setTo(await operate(s, { type: 'submit', session: 'B', page: 1, request: 'CREATE', values: { P1_DEPTNO: null, P1_DNAME: 'QA' } }), 'P1_DEPTNO')).toBe('41')
  })
})

describe('the timeline and rows it has not seen (from the install scripts)', () => {
  const base = engineTrace(7, 3, 1).steps
  const installed = { DEPTNO: 20, DNAME: 'RESEARCH' }
  const row = (change: RowEffect['change'], from: RowEffect['from'], to: RowEffect['to']): RowEffect => ({ op: 'row', app: 100, table: 'DEPT', key: '2', change, from, to, cause: 'test' })
  const timelineOf = (effects: RowEffect[]): Timeline => {
    const steps: Step[] = [{ ...base[0]!, effects: [...base[0]!.effects, ...effects] }]
    const tl = new Timeline()
    for (const chain of chainsOf(steps)) tl.appendEvent(chain)
    return tl
  }

  it("accepts the first change of a row it has not seen, with the row's before-image", () => {
    const tl = timelineOf([row('update', installed, { ...installed, DNAME: 'LAB' })])
    expect(tl.stepCount).toBe(1)
    expect(tl.stateAt({ step: 0 }, { changes: false }).tables.filter((t) => t.source === 'database').map((t) => t.rows)).toEqual([[{ DEPTNO: '20', DNAME: 'LAB' }]])
    expect(timelineOf([row('delete', installed, null)]).stepCount).toBe(1)
  })

  it('refuses a later change whose before-image is not the row as the timeline has it', () => {
    expect(() => timelineOf([row('update', installed, { ...installed, DNAME: 'LAB' }), row('update', installed, { ...installed, DNAME: 'X' })])).toThrow(/row DEPT\[2\] update: the row is/)
    // Deleted by a step, it is not "unseen" again.
    expect(() => timelineOf([row('delete', installed, null), row('update', installed, installed)])).toThrow(/row DEPT\[2\] update: the row is absent/)
  })
})
