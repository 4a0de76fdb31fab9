/**
 * One rule keeps what is worked out from a definition (kept-per-definition.ts):
 * made once per definition object and slot, used while the parts it was made
 * from are unchanged, made again when one changed. Tested on its own, on the
 * part comparisons (property-tested against comparing Object.entries), and on
 * its two users: component plans (code-plan-cache.test.ts has more) and a
 * form's statements, edited in place part by part.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { entriesCopy, KeptPerDefinition, sameEntries, sameList } from '../../../src-main/engine/logic/kept-per-definition.js'
import { fetchRow, writeRow } from '../../../src-main/engine/logic/form-process.js'
import type { LogicDatabase } from '../../../src-main/engine/logic/backend.js'
import type { FormSpec } from '../../../src-main/engine/model/app-definition.js'

interface Def {
  text: string
}

function counting(): { kept: KeptPerDefinition<Def, string, string>; made: string[] } {
  const made: string[] = []
  const kept = new KeptPerDefinition<Def, string, string>({
    sourceOf: (d) => d.text,
    unchanged: (d, text) => d.text === text,
    make: (d, slot) => {
      made.push(`${slot}:${d.text}`)
      return `${slot}(${d.text})`
    },
  })
  return { kept, made }
}

describe('KeptPerDefinition', () => {
  it('makes a value once per definition and slot, however often asked', () => {
    const { kept, made } = counting()
    const a = { text: 'a' }
    const b = { text: 'a' }
    for (let i = 0; i < 3; i++) {
      expect(kept.get(a, 'x')).toBe('x(a)')
      expect(kept.get(a, 'y')).toBe('y(a)')
      expect(kept.get(b)).toBe('(a)')
    }
    // Two definitions with equal text are two definitions: nothing is shared between objects.
    expect(made).toEqual(['x:a', 'y:a', ':a'])
  })

  it('makes it again when the part it was made from changed, and keeps the new one', () => {
    const { kept, made } = counting()
    const a = { text: 'a' }
    kept.get(a, 'x')
    a.text = 'b'
    expect(kept.get(a, 'x')).toBe('x(b)')
    expect(kept.get(a, 'x')).toBe('x(b)')
    a.text = 'a'
    expect(kept.get(a, 'x')).toBe('x(a)')
    expect(made).toEqual(['x:a', 'x:b', 'x:a'])
  })
})

const smallMap = fc.dictionary(fc.constantFrom('A', 'B', 'C', '1', '2', 'toString', '__proto__'), fc.constantFrom('x', 'y', ''), { maxKeys: 4 })
/** A map and a copy of it edited once (a value changed, a key dropped or added, two keys swapped) or not at all. */
const mapAndEdit = fc
  .tuple(smallMap, fc.constantFrom('none', 'value', 'drop', 'add', 'swap'), fc.nat(), fc.constantFrom('x', 'y', 'z'))
  .map(([map, edit, at, value]) => {
    const entries: [string, string][] = Object.entries(map)
    const i = entries.length === 0 ? 0 : at % entries.length
    if (edit === 'value' && entries[i]) entries[i] = [entries[i]![0], value]
    if (edit === 'drop') entries.splice(i, 1)
    if (edit === 'add' && !entries.some(([k]) => k === 'D')) entries.push(['D', value])
    if (edit === 'swap' && entries.length > 1) entries.reverse()
    const edited: Record<string, string> = {}
    for (const [k, v] of entries) Object.defineProperty(edited, k, { value: v, enumerable: true, writable: true, configurable: true })
    return [map, edited] as const
  })

describe('part comparisons', () => {
  test.prop([fc.option(smallMap, { nil: undefined }), fc.option(smallMap, { nil: undefined })])('sameEntries says what comparing Object.entries says', (a, b) => {
    const expected = a === undefined || b === undefined ? a === b : JSON.stringify(Object.entries(a)) === JSON.stringify(Object.entries(b))
    expect(sameEntries(a, entriesCopy(b))).toBe(expected)
  })

  test.prop([mapAndEdit])('sameEntries tells a map from its copy edited in place', ([map, edited]) => {
    expect(sameEntries(edited, entriesCopy(map))).toBe(JSON.stringify(Object.entries(edited)) === JSON.stringify(Object.entries(map)))
  })

  test.prop([fc.option(fc.array(fc.constantFrom('a', 'b', '')), { nil: undefined }), fc.option(fc.array(fc.constantFrom('a', 'b', '')), { nil: undefined })])(
    'sameList says what comparing the lists entry by entry says',
    (a, b) => {
      expect(sameList(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b))
    },
  )

  it('sameEntries reads order: the same entries in another order are another map', () => {
    expect(sameEntries({ A: 'x', B: 'y' }, entriesCopy({ B: 'y', A: 'x' }))).toBe(false)
    expect(sameEntries({ A: 'x', B: 'y' }, entriesCopy({ A: 'x', B: 'y' }))).toBe(true)
  })
})

/** A database that records the SQL it is sent. */
function recordingDb(): LogicDatabase & { sent: string[] } {
  const sent: string[] = []
  return {
    sent,
    query: (sql: string) => (sent.push(sql), { columns: [], rows: [['1', 'a', 'b']] }),
    execute: (sql: string) => (sent.push(sql), { rowCount: 1, changes: [] }),
  } as unknown as LogicDatabase & { sent: string[] }
}

describe("a form's statements, edited in place", () => {
  it('follow every part of the form: table, keys, columns, masks, query-only items', () => {
    const form: FormSpec = { table: 'EMP', keys: [{ column: 'EMPNO', item: 'P1_EMPNO' }], columns: { P1_EMPNO: 'EMPNO', P1_ENAME: 'ENAME' } }
    const db = recordingDb()
    const io = { db, binds: () => '1', setItem: () => undefined }
    const both = (): string[] => {
      db.sent.length = 0
      fetchRow(form, io)
      writeRow(form, 'update', io)
      return [...db.sent]
    }
    expect(both()).toEqual(['select EMPNO, ENAME from EMP where EMPNO = :"P1_EMPNO"', 'update EMP set ENAME = :"P1_ENAME" where EMPNO = :"P1_EMPNO"'])
    form.columns.P1_JOB = 'JOB'
    expect(both()).toEqual(['select EMPNO, ENAME, JOB from EMP where EMPNO = :"P1_EMPNO"', 'update EMP set ENAME = :"P1_ENAME", JOB = :"P1_JOB" where EMPNO = :"P1_EMPNO"'])
    form.queryOnly = ['P1_JOB']
    expect(both()[1]).toBe('update EMP set ENAME = :"P1_ENAME" where EMPNO = :"P1_EMPNO"')
    form.queryOnly.push('P1_ENAME')
    // Nothing left to set: no UPDATE is sent.
    expect(both()).toEqual(['select EMPNO, ENAME, JOB from EMP where EMPNO = :"P1_EMPNO"'])
    form.queryOnly = undefined
    form.masks = { P1_ENAME: 'FM999' }
    expect(both()).toEqual([
      "select EMPNO, to_char(ENAME, 'FM999'), JOB from EMP where EMPNO = :\"P1_EMPNO\"",
      "update EMP set ENAME = to_number(:\"P1_ENAME\", 'FM999'), JOB = :\"P1_JOB\" where EMPNO = :\"P1_EMPNO\"",
    ])
    form.masks.P1_ENAME = 'DD-MON-YYYY'
    expect(both()[1]).toBe("update EMP set ENAME = to_date(:\"P1_ENAME\", 'DD-MON-YYYY'), JOB = :\"P1_JOB\" where EMPNO = :\"P1_EMPNO\"")
    form.masks = undefined
    form.keys[0]!.item = 'P1_ID'
    // P1_EMPNO is no key item any more: the UPDATE sets its column too.
    expect(both()).toEqual(['select EMPNO, ENAME, JOB from EMP where EMPNO = :"P1_ID"', 'update EMP set EMPNO = :"P1_EMPNO", ENAME = :"P1_ENAME", JOB = :"P1_JOB" where EMPNO = :"P1_ID"'])
    form.table = 'EMP_COPY'
    expect(both()[0]).toBe('select EMPNO, ENAME, JOB from EMP_COPY where EMPNO = :"P1_ID"')
  })
})
