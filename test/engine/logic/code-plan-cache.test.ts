/**
 * CodePlans compiles a record's code once per role and keeps the plan; a
 * record whose code changed in place gets a new plan (a changed PL/SQL source
 * must never run the old program).
 */
import { describe, expect, it } from 'vitest'
import { CodePlans } from '../../../src-main/engine/logic/code-plan.js'
import { oracleBackend } from '../../../src-main/engine/logic/oracle-backend.js'
import type { LogicBackend } from '../../../src-main/engine/logic/backend.js'
import type { NotSimulated } from '../../../src-main/engine/model/app-definition.js'

/** The Oracle backend, counting compilations. */
function counting(): { backend: LogicBackend; compiled: string[] } {
  const compiled: string[] = []
  const backend: LogicBackend = {
    ...oracleBackend,
    compilePlsql: (text, kind) => {
      compiled.push(text)
      return oracleBackend.compilePlsql(text, kind)
    },
  }
  return { backend, compiled }
}

const block = (text: string): NotSimulated => ({ kind: 'PL/SQL process', text, language: 'plsql', run: 'plsqlBlock' })

describe('CodePlans', () => {
  it('compiles a record once per role, however often it is asked', () => {
    const { backend, compiled } = counting()
    const plans = new CodePlans(backend)
    const record = block('begin null; end;')
    const first = plans.of(record, 'process')
    expect(plans.of(record, 'process')).toBe(first)
    expect(compiled).toEqual(['begin null; end;'])
  })

  it('a record whose PL/SQL source changed gets a plan of the new source', () => {
    const { backend, compiled } = counting()
    const plans = new CodePlans(backend)
    const record = block('begin null; end;')
    expect(plans.of(record, 'process').ok).toBe(true)
    record.text = 'begin this is not pl/sql; end;'
    const changed = plans.of(record, 'process')
    expect(changed.ok).toBe(false)
    expect(compiled).toEqual(['begin null; end;', 'begin this is not pl/sql; end;'])
  })

  it('a record whose way of running changed gets a new plan', () => {
    const plans = new CodePlans(oracleBackend)
    const record: NotSimulated = { kind: 'SQL query source', text: 'select 1 from dual', language: 'sql', run: 'sqlQuery' }
    expect(plans.of(record, 'value')).toMatchObject({ ok: true, run: 'sqlQuery' })
    record.run = 'sqlColonList'
    expect(plans.of(record, 'value')).toMatchObject({ ok: true, run: 'sqlColonList' })
  })
})
