/**
 * SQL that calls a package function during a request runs it with that
 * request's session (AppLogic.activeCode: the code host of the component
 * running now, whose interpreter host is made only when such a call comes).
 * The function reads and writes the session's items; outside a request the
 * same function has no session and says so.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import { makeEngine, only, valueOf } from '../helpers/engine-helpers.js'

const PACKAGE = `create or replace package greet as
  function hello return varchar2;
end greet;
/
create or replace package body greet as
  function hello return varchar2 is
  begin
    :P1_CALLS := nvl(to_number(:P1_CALLS), 0) + 1;
    return 'Hello ' || v('P1_NAME');
  end hello;
end greet;
/
`
const app = {
  id: 100,
  name: 'Greeting',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'greet', sequence: 10, text: PACKAGE }] },
  pages: [
    {
      id: 1,
      name: 'Greeting',
      items: [
        { name: 'P1_NAME' },
        { name: 'P1_CALLS' },
        {
          name: 'P1_GREETING',
          sourceUsed: 'always',
          notSimulated: { kind: 'SQL query source', text: 'select greet.hello() from dual', language: 'sql', apexType: 'QUERY', run: 'sqlQuery', role: 'source' },
        },
      ],
    },
  ],
} as unknown as AppDefinition

describe('a package function called from a request\'s SQL', () => {
  it("reads and writes the request's session state", () => {
    const engine = makeEngine([app])
    const step = only(engine, { type: 'request', url: 'f?p=100:1:::::P1_NAME:Ada', as: 'A' })
    expect(step.outcome, step.reason).toBe('ok')
    expect(valueOf(engine, 'A', 'P1_GREETING')).toBe('Hello Ada')
    expect(valueOf(engine, 'A', 'P1_CALLS')).toBe('1')
    only(engine, { type: 'request', url: 'f?p=100:1:&SESSION.::::P1_NAME:Bob', session: 'A' })
    expect(valueOf(engine, 'A', 'P1_GREETING')).toBe('Hello Bob')
    expect(valueOf(engine, 'A', 'P1_CALLS')).toBe('2')
  })
})
