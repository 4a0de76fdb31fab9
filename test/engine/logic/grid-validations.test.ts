/**
 * Grid / tabular form row validations (issue #11): a validation tied to a
 * grid runs once per created or updated row the submit carries, the row's
 * columns as binds ahead of session state; each failing row is an error
 * naming the row; deleted rows are not validated; nothing is written when a
 * row fails. Expected values worked out by hand from the rows submitted.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { columnCheckPasses, readsAsDate, readsAsNumber } from '../../../src-main/engine/logic/grid-validations.js'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import { makeEngine } from '../helpers/engine-helpers.js'

const SCRIPT = `create table task (id number primary key, name varchar2(30), start_date date, end_date date, url varchar2(200));
insert into task values (1, 'Plan', date '2026-01-05', date '2026-01-09', 'https://example.com/plan');
insert into task values (2, 'Build', date '2026-01-10', date '2026-02-20', null);
`
const grid = { region: 'R77', regionName: 'Tasks', table: 'TASK', keys: ['ID'], columns: ['ID', 'NAME', 'START_DATE', 'END_DATE', 'URL'] }
const app = {
  id: 100,
  name: 'Tasks',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'task', sequence: 10, text: SCRIPT }] },
  pages: [
    {
      id: 1,
      name: 'Grid',
      items: [{ name: 'P1_LIMIT' }],
      validations: [
        {
          name: 'Start Date <= End Date',
          expression: '1 = 1',
          message: 'Start Date can not be after End Date',
          notSimulated: { kind: 'PL/SQL expression validation', text: ':START_DATE <= :END_DATE', language: 'plsql', apexType: 'EXPRESSION', run: 'plsqlExpression' },
          grid: { region: 'R77', regionName: 'Tasks', column: 'END_DATE' },
        },
        {
          name: 'URL',
          expression: '1 = 1',
          message: '#COLUMN_HEADER# must be a web address.',
          grid: { region: 'R77', regionName: 'Tasks', column: 'URL', heading: 'Link', check: { type: 'REGULAR_EXPRESSION', column: 'URL', pattern: '^https?://' } },
        },
        {
          // Session state answers binds the row does not have (:P1_LIMIT).
          name: 'Name length',
          expression: '1 = 1',
          message: 'Name too long',
          notSimulated: { kind: 'SQL expression validation', text: 'length(:NAME) <= to_number(:P1_LIMIT)', language: 'sql', apexType: 'SQL_EXPRESSION', run: 'sqlExpression' },
          grid: { region: 'R77', regionName: 'Tasks', column: 'NAME' },
        },
      ],
      processes: [
        {
          name: 'Save grid',
          point: 'processing',
          type: 'notSimulated',
          notSimulated: { kind: 'Interactive Grid - Automatic Row Processing (DML)', text: 'NATIVE_IG_DML', apexType: 'NATIVE_IG_DML', run: 'gridDml' },
          grid,
        },
      ],
    },
  ],
} as unknown as AppDefinition

const names = (engine: ReturnType<typeof makeEngine>) => engine.appLogic!.db.query('select id, name from task order by id', () => undefined).rows

describe('grid row validations', () => {
  it('fail per row with the row named, skip deleted rows, and stop the grid DML', () => {
    const engine = makeEngine([app])
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_LIMIT:8', as: 'A' })
    const [step] = engine.run({
      type: 'submit',
      session: 'A',
      page: 1,
      request: 'SAVE',
      grids: {
        R77: [
          { status: 'U', values: { ID: '1', NAME: 'Plan', START_DATE: '2026-01-05', END_DATE: '2026-01-09', URL: 'https://example.com/plan' } },
          // Ends before it starts, and its URL is no web address.
          { status: 'U', values: { ID: '2', NAME: 'Build', START_DATE: '2026-03-01', END_DATE: '2026-02-20', URL: 'ftp://x' } },
          // A deleted row is not validated, however wrong.
          { status: 'D', values: { ID: '1', NAME: 'Plan', START_DATE: '2026-12-31', END_DATE: '2026-01-01', URL: 'nope' } },
          // New, name 10 characters long > P1_LIMIT 8; no URL (NULL passes a regular expression).
          { status: 'C', values: { ID: '3', NAME: 'Documents', START_DATE: '2026-01-01', END_DATE: '2026-01-02', URL: '' } },
        ],
      },
    })
    expect(step?.outcome).toBe('validationFailed')
    expect(step?.errors).toEqual([
      { validation: 'Start Date <= End Date', message: 'Start Date can not be after End Date (grid Tasks row 2)' },
      { validation: 'URL', message: 'Link must be a web address. (grid Tasks row 2)' },
      { validation: 'Name length', message: 'Name too long (grid Tasks row 4, new)' },
    ])
    // Nothing written: the processing never ran.
    expect(names(engine)).toEqual([[1, 'Plan'], [2, 'Build']])
  })

  it('rows that pass let the grid DML write them', () => {
    const engine = makeEngine([app])
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_LIMIT:20', as: 'A' })
    const [step] = engine.run({
      type: 'submit',
      session: 'A',
      page: 1,
      request: 'SAVE',
      grids: { Tasks: [{ status: 'U', values: { ID: '2', NAME: 'Build it', START_DATE: '2026-01-10', END_DATE: '2026-02-20', URL: 'http://b' } }] },
    })
    expect(step?.outcome, step?.reason).toBe('ok')
    expect(names(engine)).toEqual([[1, 'Plan'], [2, 'Build it']])
  })
})

describe('column checks', () => {
  it('decide as APEX reads them; NULL passes all but not null', () => {
    expect(columnCheckPasses('ITEM_IS_NUMERIC', ' 12.5 ')).toBe(true)
    expect(columnCheckPasses('ITEM_IS_NUMERIC', '-.5e3')).toBe(true)
    expect(columnCheckPasses('ITEM_IS_NUMERIC', '12a')).toBe(false)
    expect(columnCheckPasses('ITEM_IS_NUMERIC', null)).toBe(true)
    expect(columnCheckPasses('ITEM_NOT_NULL', null)).toBe(false)
    expect(columnCheckPasses('ITEM_IS_TIMESTAMP', '2026-02-29 10:00')).toBe(false)
    expect(columnCheckPasses('ITEM_IS_TIMESTAMP', '2024-02-29 23:59:59.123')).toBe(true)
    expect(columnCheckPasses('ITEM_IS_TIMESTAMP', '05-JAN-26 10:30 PM')).toBe(true)
    expect(columnCheckPasses('ITEM_IS_DATE', '13/01/2026')).toBe(false)
    expect(columnCheckPasses('ITEM_IS_DATE', '13.01.2026')).toBe(true)
    expect(columnCheckPasses('ITEM_IS_DATE', 'tomorrow')).toBe(false)
    expect(() => columnCheckPasses('REGULAR_EXPRESSION', 'x', '(')).toThrow(/regular expression "\(" does not compile/)
  })

  test.prop([fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true })])('every real day reads as a date in each format; the day after a month ends does not', (d) => {
    const y = d.getUTCFullYear()
    const m = d.getUTCMonth() + 1
    const day = d.getUTCDate()
    const p = (n: number) => String(n).padStart(2, '0')
    const mon = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'][m - 1]
    for (const text of [`${y}-${p(m)}-${p(day)}`, `${p(day)}-${mon}-${y}`, `${p(m)}/${p(day)}/${y}`, `${p(day)}.${p(m)}.${y} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`]) expect(readsAsDate(text), text).toBe(true)
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
    expect(readsAsDate(`${y}-${p(m)}-${last + 1}`)).toBe(false)
  })

  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])('every number JavaScript writes reads as a number', (x) => {
    expect(readsAsNumber(String(x))).toBe(true)
  })
})
