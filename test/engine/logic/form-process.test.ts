/**
 * Form processes' pure parts: which DML a request asks for, which operations
 * a form allows, and the SQL text a fetch and a write send (read off APEX's
 * documented request lists and the form spec below).
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { dmlOperation, fetchRow, operationAllowed, writeRow } from '../../../src-main/engine/logic/form-process.js'
import type { DmlResult, LogicDatabase, QueryResult } from '../../../src-main/engine/logic/backend.js'
import { planCode } from '../../../src-main/engine/logic/code-plan.js'
import { fakeBackend } from './fake-backend.js'

describe('dmlOperation', () => {
  it.each([
    ['CREATE', 'insert'],
    ['create_again', 'insert'],
    ['SAVE', 'update'],
    ['APPLY CHANGES', 'update'],
    ['GET_NEXT_ID', 'update'],
    ['DELETE', 'delete'],
    ['DROP', 'delete'],
  ] as const)('%s → %s', (request, op) => {
    expect(dmlOperation(request, false, false)).toBe(op)
  })

  it('any other request: a Form region inserts a row without a key and updates one with it; legacy processing does nothing', () => {
    expect(dmlOperation('GO', true, true)).toBe('insert')
    expect(dmlOperation('GO', false, true)).toBe('update')
    expect(dmlOperation('GO', false, false)).toBeUndefined()
    expect(dmlOperation(null, true, false)).toBeUndefined()
  })
})

describe('operationAllowed', () => {
  it('reads I:U:D lists, any case; an absent list allows everything', () => {
    expect(operationAllowed('I:U', 'delete')).toBe(false)
    expect(operationAllowed('i:u:d', 'delete')).toBe(true)
    expect(operationAllowed(undefined, 'insert')).toBe(true)
    expect(operationAllowed('U', 'insert')).toBe(false)
  })
})

/** A database that records the SQL it is sent and answers with canned results. */
function recordingDb(rows: QueryResult['rows'], changes: DmlResult['changes'] = []): LogicDatabase & { sent: string[] } {
  const sent: string[] = []
  return {
    sent,
    runScript: () => ({ script: '', statements: [] }),
    query: (sql) => (sent.push(sql), { columns: [], rows }),
    execute: (sql) => (sent.push(sql), { rowCount: changes.length, changes }),
    applyChange: () => undefined,
    begin: () => undefined,
    commit: () => undefined,
    rollback: () => undefined,
    tableNames: () => [],
  }
}

const form = {
  table: 'EMP',
  keys: [{ column: 'EMPNO', item: 'P3_EMPNO' }],
  columns: { P3_EMPNO: 'EMPNO', P3_ENAME: 'ENAME', P3_HIREDATE: 'HIREDATE', P3_SAL: 'SAL', P3_CREATED: 'CREATED' },
  queryOnly: ['P3_CREATED'],
  masks: { P3_HIREDATE: 'DD-MON-YYYY', P3_SAL: 'FM999G990' },
}

describe('form SQL', () => {
  it('fetch reads every item, masked ones with TO_CHAR, by the key binds', () => {
    const db = recordingDb([[7839, 'KING', '17-NOV-1981', '5,000', '2020-01-01 00:00:00']])
    const set: Record<string, string | null> = {}
    const values: Record<string, string | null> = { P3_EMPNO: '7839' }
    expect(fetchRow(form, { db, binds: (n) => values[n], setItem: (n, v) => (set[n] = v) })).toBe(true)
    expect(db.sent).toEqual([
      `select EMPNO, ENAME, to_char(HIREDATE, 'DD-MON-YYYY'), to_char(SAL, 'FM999G990'), CREATED from EMP where EMPNO = :"P3_EMPNO"`,
    ])
    expect(set).toEqual({ P3_EMPNO: '7839', P3_ENAME: 'KING', P3_HIREDATE: '17-NOV-1981', P3_SAL: '5,000', P3_CREATED: '2020-01-01 00:00:00' })
  })

  it('update writes the non-key, non-query-only items, dates with TO_DATE and numbers with TO_NUMBER', () => {
    const change = { table: 'EMP', op: 'update' as const, key: '1', before: {}, after: {} }
    const db = recordingDb([], [change])
    writeRow(form, 'update', { db, binds: () => 'x', setItem: () => undefined })
    expect(db.sent).toEqual([
      `update EMP set ENAME = :"P3_ENAME", HIREDATE = to_date(:"P3_HIREDATE", 'DD-MON-YYYY'), SAL = to_number(:"P3_SAL", 'FM999G990') where EMPNO = :"P3_EMPNO"`,
    ])
  })

  it('an update that matches no row is an error (the row changed underneath)', () => {
    const db = recordingDb([], [])
    expect(() => writeRow(form, 'update', { db, binds: () => '1', setItem: () => undefined })).toThrow(/update: no row of EMP with EMPNO = 1/)
  })
})

describe('planCode', () => {
  const backend = fakeBackend()
  test.prop([fc.record({ kind: fc.string(), text: fc.string(), run: fc.option(fc.string(), { nil: undefined }) }), fc.constantFrom('condition', 'value', 'validation', 'process' as const)])(
    'never throws on any record: it plans it or says why not',
    (record, role) => {
      const plan = planCode(record, role as 'condition', backend)
      expect(plan.ok || typeof plan.reason === 'string').toBe(true)
    },
  )

  it('a run that does not suit the place is not run, and says so', () => {
    expect(planCode({ kind: 'sequence default', text: 's', run: 'sqlSequence' }, 'condition', backend)).toEqual({
      ok: false,
      reason: 'sequence default: sqlSequence does not run as a condition',
    })
  })
})
