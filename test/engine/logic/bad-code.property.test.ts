/**
 * Property (issue #11, "Bad input"): whatever SQL or PL/SQL text an app
 * carries, loading it and running a request never throws and never ends in
 * an internal error: the code runs, is named as not simulated, or fails the
 * request with a message naming its component.
 */
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import { makeEngine } from '../helpers/engine-helpers.js'

const pieces = fc.constantFrom(
  'select', 'from', 'dual', 'where', '1', "'x'", ':P1_A', 'begin', 'end;', 'null;', 'loop', 'end loop;', 'raise_application_error(-20001, \'no\');',
  'if', 'then', 'end if;', ':=', 'declare', 'n number;', 'return', 'true', ';', '(', ')', 'dept', 'count(*)', 'into', 'n', '--', '/*', "q'[", '"',
)
const codeText = fc.oneof(fc.string({ maxLength: 40 }), fc.array(pieces, { maxLength: 25 }).map((p) => p.join(' ')))

function app(sourceSql: string, block: string, condition: string): AppDefinition {
  return {
    id: 100,
    name: 'Bad code',
    homePage: 1,
    supportingObjects: { scripts: [{ name: 'tables', sequence: 1, text: 'create table dept (deptno number primary key, dname varchar2(20));\ninsert into dept values (10, \'A\');\n' }] },
    pages: [
      {
        id: 1,
        name: 'P',
        items: [
          { name: 'P1_A' },
          { name: 'P1_B', notSimulated: { kind: 'SQL query source', text: sourceSql, language: 'sql', apexType: 'QUERY', run: 'sqlQuery', role: 'source' } },
        ],
        processes: [
          {
            name: 'Run it',
            point: 'beforeHeader',
            type: 'notSimulated',
            notSimulated: { kind: 'PL/SQL process', text: block, language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' },
            when: { notSimulated: { kind: 'PL/SQL expression condition', text: condition, language: 'plsql', apexType: 'PLSQL_EXPRESSION', run: 'plsqlExpression' } },
          },
        ],
      },
    ],
  } as AppDefinition
}

test.prop([codeText, codeText, codeText], {
  numRuns: 60,
  // One known raise, so the error path is always among the runs.
  examples: [['select dname from dept', "begin raise_application_error(-20001, 'no'); end;", 'true']],
})('any code text: no throw, no internal error', (sourceSql, block, condition) => {
  const engine = makeEngine([app(sourceSql, block, condition)])
  const steps = engine.run({ type: 'request', url: 'f?p=100:1:::::P1_A:1', as: 'A' })
  for (const s of steps) {
    expect(s.reason ?? '').not.toMatch(/internal error/)
    if (s.outcome === 'error') expect(s.reason).toMatch(/on page 1|of item P1_B/)
  }
  engine.close()
})
