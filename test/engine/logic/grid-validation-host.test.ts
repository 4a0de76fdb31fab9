/**
 * A grid row's PL/SQL validation runs with an interpreter host whose items
 * are the row's columns first, then session state (request-logic.ts
 * RowCodeHost) — and which can still write items, as every other PL/SQL in
 * a request can: the host made for a row was once a spread copy of the
 * request's host, which dropped its methods, so `:P1_X := …` in a row
 * validation failed with an internal error.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import { makeEngine, rowOf } from '../helpers/engine-helpers.js'

const app = {
  id: 100,
  name: 'Tasks',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'task', sequence: 10, text: 'create table task (id number primary key, name varchar2(30));\ninsert into task values (1, \'Plan\');' }] },
  pages: [
    {
      id: 1,
      name: 'Grid',
      items: [{ name: 'P1_LAST_CHECKED' }, { name: 'P1_LIMIT' }],
      validations: [
        {
          name: 'Name short',
          expression: '1 = 1',
          message: 'Name too long',
          notSimulated: {
            kind: 'PL/SQL function body (returning Boolean) validation',
            // The row's :NAME first, session state's :P1_LIMIT next; the write goes to session state.
            text: 'begin :P1_LAST_CHECKED := :NAME; return length(:NAME) <= to_number(:P1_LIMIT); end;',
            language: 'plsql',
            apexType: 'FUNC_BODY_RETURNING_BOOLEAN',
            run: 'plsqlFunctionBody',
          },
          grid: { region: 'R1', regionName: 'Tasks', column: 'NAME' },
        },
      ],
    },
  ],
} as unknown as AppDefinition

describe('a grid row validation in PL/SQL', () => {
  it('reads the row and session state, and writes an item', () => {
    const engine = makeEngine([app])
    engine.run({ type: 'request', url: 'f?p=100:1:::::P1_LIMIT:5', as: 'A' })
    const [step] = engine.run({
      type: 'submit',
      session: 'A',
      page: 1,
      request: 'SAVE',
      grids: { R1: [{ status: 'U', values: { ID: '1', NAME: 'Plan' } }, { status: 'C', values: { ID: '2', NAME: 'Too long a name' } }] },
    })
    expect(step?.outcome, step?.reason).toBe('validationFailed')
    expect(step?.errors).toEqual([{ validation: 'Name short', message: 'Name too long (grid Tasks row 2, new)' }])
    // Each row's run wrote the item; the second row's value is the one left.
    expect(rowOf(engine, 'A', 'P1_LAST_CHECKED')?.value).toBe('Too long a name')
  })
})
