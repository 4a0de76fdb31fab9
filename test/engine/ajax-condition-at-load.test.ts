/**
 * Ajax code's server-side conditions (On Demand processes of a page or the
 * app, dynamic actions' server-side code) are parsed when the app loads, not
 * on the call (compile-app.ts), and leniently: a condition that does not parse
 * does not refuse the app; every call of that code says why it did not run,
 * naming the component, and the code does not run (ajax.ts).
 */
import { describe, expect, it } from 'vitest'
import { compileApps } from '../../src-main/engine/app/compile-app.js'
import { tryParseExpression } from '../../src-main/engine/expression/index.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import { makeEngine, notices, only, phase, show, valueOf } from './helpers/engine-helpers.js'

const plsql = (text: string) => ({ kind: 'Ajax Callback process', text, language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' })
const BAD = ':P1_X = = 1'
const GOOD_PAGE = ':P1_X IS NOT NULL'
const GOOD_APP = ":P1_X = 'app'"
const BAD_ACTION = "(:P1_X = 'on'"

const APP = {
  id: 100,
  name: 'Ajax',
  homePage: 1,
  supportingObjects: { scripts: [{ name: 'none', sequence: 1, text: 'create table t (x number);' }] },
  onDemand: [{ component: 'process', apexPoint: 'ON_DEMAND', name: 'SHARED', notSimulated: plsql(":P1_Y := 'shared ran';"), when: { expression: GOOD_APP } }],
  pages: [
    {
      id: 1,
      name: 'One',
      items: [{ name: 'P1_X' }, { name: 'P1_Y' }],
      onDemand: [
        { component: 'process', apexPoint: 'ON_DEMAND', name: 'BROKEN', notSimulated: plsql(":P1_Y := 'broken ran';"), when: { expression: BAD } },
        { component: 'process', apexPoint: 'ON_DEMAND', name: 'FINE', notSimulated: plsql(":P1_Y := 'fine ran';"), when: { expression: GOOD_PAGE } },
      ],
      ajaxActions: [{ name: 'Toggle', notSimulated: plsql(":P1_Y := 'action ran';"), when: { expression: BAD_ACTION } }],
    },
  ],
} as unknown as AppDefinition

/** The notice a call gives for a condition that does not parse, from the parser's own account of the text. */
function expectedNotice(component: string, source: string): string {
  const parsed = tryParseExpression(source)
  if (parsed.ok) throw new Error(`${source} parses`)
  return `not simulated: condition of ${component} (${parsed.error.reason} at line ${parsed.error.line}, column ${parsed.error.column}); treated as false`
}

describe('Ajax conditions', () => {
  it('are parsed when the app loads; one that does not parse is kept with its error, not refused', () => {
    const [app] = compileApps([APP])
    expect(app!.expressions.has(GOOD_PAGE)).toBe(true)
    expect(app!.expressions.has(GOOD_APP)).toBe(true)
    expect([...app!.ajaxConditionErrors.keys()].sort()).toEqual([BAD_ACTION, BAD].sort())
    expect(app!.expressions.has(BAD)).toBe(false)
  })

  it('a condition that did not parse: each call names the component and does not run its code', () => {
    const engine = makeEngine([APP])
    show(engine, 'f?p=100:1', { as: 'A' })
    for (let call = 0; call < 2; call++) {
      const step = only(engine, { type: 'ajax', session: 'A', page: 1, process: 'BROKEN', values: { P1_X: '1' } })
      expect(step.outcome, step.reason).toBe('ok')
      expect(notices(step, 'notSimulated').map((n) => n.message)).toEqual([expectedNotice("Ajax Callback process 'BROKEN' on page 1", BAD)])
      expect(phase(step, 'ajaxRun').detail).toMatchObject({ ran: false })
    }
    const action = only(engine, { type: 'ajax', session: 'A', page: 1, action: 'Toggle' })
    expect(notices(action, 'notSimulated').map((n) => n.message)).toEqual([expectedNotice("dynamic action 'Toggle' on page 1", BAD_ACTION)])
    expect(valueOf(engine, 'A', 'P1_Y')).toBeNull()
  })

  it('conditions that parsed decide as written', () => {
    const engine = makeEngine([APP])
    show(engine, 'f?p=100:1', { as: 'A' })
    only(engine, { type: 'ajax', session: 'A', page: 1, process: 'FINE', values: { P1_X: '' } })
    expect(valueOf(engine, 'A', 'P1_Y')).toBeNull()
    only(engine, { type: 'ajax', session: 'A', page: 1, process: 'FINE', values: { P1_X: '1' } })
    expect(valueOf(engine, 'A', 'P1_Y')).toBe('fine ran')
    only(engine, { type: 'ajax', session: 'A', page: 1, process: 'SHARED', values: { P1_X: 'app' } })
    expect(valueOf(engine, 'A', 'P1_Y')).toBe('shared ran')
  })
})
