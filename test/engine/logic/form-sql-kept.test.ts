/**
 * A form's fetch and UPDATE statements are made once per form spec and kept:
 * each form must still get its own statements, and a second call the same.
 */
import { describe, expect, it } from 'vitest'
import { fetchRow, writeRow } from '../../../src-main/engine/logic/form-process.js'
import type { FormSpec } from '../../../src-main/engine/model/app-definition.js'
import type { LogicDatabase } from '../../../src-main/engine/logic/backend.js'

function recordingDb(): LogicDatabase & { sent: string[] } {
  const sent: string[] = []
  const change = { table: 'T', op: 'update' as const, key: '1', before: {}, after: {} }
  return {
    sent,
    runScript: () => ({ script: '', statements: [] }),
    query: (sql) => (sent.push(sql), { columns: [], rows: [[1, 'a']] }),
    execute: (sql) => (sent.push(sql), { rowCount: 1, changes: [change] }),
    applyChange: () => undefined,
    begin: () => undefined,
    commit: () => undefined,
    rollback: () => undefined,
    tableNames: () => [],
  }
}

const emp: FormSpec = { table: 'EMP', keys: [{ column: 'EMPNO', item: 'P1_EMPNO' }], columns: { P1_EMPNO: 'EMPNO', P1_ENAME: 'ENAME' } }
const dept: FormSpec = { table: 'DEPT', keys: [{ column: 'DEPTNO', item: 'P2_DEPTNO' }], columns: { P2_DEPTNO: 'DEPTNO', P2_DNAME: 'DNAME' } }
const keysOnly: FormSpec = { table: 'K', keys: [{ column: 'ID', item: 'P3_ID' }], columns: { P3_ID: 'ID' } }

describe('kept form statements', () => {
  it('each form fetches and updates with its own statements, the same on every call', () => {
    const db = recordingDb()
    const io = { db, binds: () => '1', setItem: () => undefined }
    for (let round = 0; round < 2; round++) {
      fetchRow(emp, io)
      fetchRow(dept, io)
      writeRow(emp, 'update', io)
      writeRow(dept, 'update', io)
    }
    const once = [
      'select EMPNO, ENAME from EMP where EMPNO = :"P1_EMPNO"',
      'select DEPTNO, DNAME from DEPT where DEPTNO = :"P2_DEPTNO"',
      'update EMP set ENAME = :"P1_ENAME" where EMPNO = :"P1_EMPNO"',
      'update DEPT set DNAME = :"P2_DNAME" where DEPTNO = :"P2_DEPTNO"',
    ]
    expect(db.sent).toEqual([...once, ...once])
  })

  it('a form whose only items are its keys updates nothing, every time', () => {
    const db = recordingDb()
    const io = { db, binds: () => '1', setItem: () => undefined }
    expect(writeRow(keysOnly, 'update', io)).toEqual([])
    expect(writeRow(keysOnly, 'update', io)).toEqual([])
    expect(db.sent).toEqual([])
  })
})
