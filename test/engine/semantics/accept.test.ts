/**
 * semantics.md §6 Accept (submit) a page: session and posted-value checks,
 * the exact order of branch points, computations, validations and
 * processes, validation failure, redirect vs show branches, and the
 * no-branch redisplay.
 */
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../../src-main/engine/engine.js'
import type { Step } from '../../../src-main/engine/model/step.js'
import {
  cell,
  idOf,
  makeEngine,
  notices,
  only,
  phase,
  phaseKinds,
  rowOf,
  sessionOf,
  sets,
  show,
  userValue,
  valueOf,
} from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'

const log = (tag: string) => `NVL(:A_LOG, '') || '${tag};'`
const toPage2 = 'f?p=&APP_ID.:2:&SESSION.'

function acceptApp(): App {
  return {
    id: 80,
    name: 'Accept',
    homePage: 1,
    items: [{ name: 'A_LOG' }],
    computations: [{ point: 'afterSubmit', item: 'A_LOG', expression: log('app-comp') }],
    processes: [
      { name: 'app osbc', point: 'onSubmitBeforeComputation', type: 'setItems', items: { A_LOG: log('app-osbc') } },
      { name: 'app proc', point: 'processing', type: 'setItems', items: { A_LOG: log('app-proc') } },
    ],
    pages: [
      {
        id: 1,
        name: 'Form',
        items: [
          { name: 'P1_A' },
          { name: 'P1_T', storage: 'request' },
          { name: 'P1_LOCK', protection: 'I' },
          { name: 'P1_U', storage: 'user' },
          { name: 'P1_SEEN' },
          { name: 'P1_REQ' },
        ],
        buttons: ['B_AS', 'B_VAL', 'B_PROC', 'B_AP', 'B_NONE', 'B_SHOW', 'B_REDIR', 'B_LEAVE'].map((name) => ({ name })),
        computations: [
          { point: 'beforeHeader', item: 'A_LOG', expression: log('render') },
          { point: 'afterSubmit', item: 'A_LOG', expression: log('page-comp') },
          { point: 'afterSubmit', item: 'P1_SEEN', expression: "NVL(:P1_T, 'no temp')" },
          { point: 'afterSubmit', item: 'P1_REQ', expression: ':REQUEST' },
        ],
        processes: [
          { name: 'osbc', point: 'onSubmitBeforeComputation', type: 'setItems', items: { A_LOG: log('page-osbc') } },
          { name: 'proc', point: 'processing', type: 'setItems', items: { A_LOG: log('page-proc') } },
          { name: 'render proc', point: 'afterHeader', type: 'setItems', items: { A_LOG: log('render-proc') } },
        ],
        validations: [
          { name: 'first', expression: "NVL(:P1_A, 'x') <> 'bad'", message: 'A may not be &P1_A.', item: 'P1_A' },
          { name: 'second', expression: "NVL(:P1_A, 'x') <> 'bad'", message: 'really not bad' },
          { name: 'only for B_LEAVE', expression: '1 = 0', message: 'never shown', when: { button: 'B_LEAVE' } },
        ],
        branches: [
          { point: 'afterSubmit', target: toPage2 + '::::P2_FROM:afterSubmit', when: { button: 'B_AS' } },
          { point: 'validating', target: toPage2 + '::::P2_FROM:validating', when: { button: 'B_VAL' } },
          { point: 'processing', target: toPage2 + '::::P2_FROM:processing', when: { button: 'B_PROC' } },
          { point: 'afterProcessing', target: toPage2 + '::::P2_FROM:afterProcessing', when: { button: 'B_AP' } },
          { point: 'afterProcessing', target: toPage2 + '::::P2_FROM:second', when: { button: 'B_AP' } },
          { point: 'afterProcessing', type: 'show', target: toPage2, when: { button: 'B_SHOW' } },
          { point: 'afterProcessing', type: 'redirect', target: toPage2, when: { button: 'B_REDIR' } },
        ],
      },
      {
        id: 2,
        name: 'Target',
        items: [
          { name: 'P2_FROM' },
          { name: 'P2_SEEN_T', source: "NVL(:P1_T, 'gone')", sourceUsed: 'always' },
          { name: 'P2_SEEN_A', source: ':P1_A', sourceUsed: 'always' },
        ],
      },
    ],
  }
}

function ready(): Engine {
  const engine = makeEngine([acceptApp()])
  show(engine, 'f?p=80:1', { as: 'A' })
  engine.run({ type: 'setState', session: 'A', item: 'A_LOG', value: null })
  return engine
}

function logOf(engine: Engine): string[] {
  return (valueOf(engine, 'A', 'A_LOG') ?? '').split(';').filter(Boolean)
}

const submit = (request: string, values: Record<string, string | null> = {}) => ({ type: 'submit' as const, session: 'A', page: 1, request, values })

describe('§6.1 checks', () => {
  it('§6.1 the session must exist (else error) and be valid (else expired)', () => {
    const engine = makeEngine([acceptApp()], { settings: { maxSessionIdleSec: 10 } })
    const unknownAlias = only(engine, { type: 'submit', session: 'NOPE', page: 1 })
    expect(unknownAlias.outcome).toBe('error')
    expect(unknownAlias.reason).toBe('unknown session "NOPE"')
    const unknownId = only(engine, { type: 'submit', session: 1234567890123, page: 1, app: 80 })
    expect(unknownId.outcome).toBe('error')
    expect(unknownId.reason).toBe('session 1234567890123 not found')
    show(engine, 'f?p=80:1', { as: 'A' })
    engine.run({ type: 'wait', seconds: 11 })
    const expired = only(engine, { type: 'submit', session: 'A', page: 1, values: { P1_A: 'x' } })
    expect(expired.outcome).toBe('expired')
    expect(engine.sessionStatus('A')).toBe('expired')
  })

  it('§6.1 posted values may name only items of the submitted page (else error, nothing changes)', () => {
    const engine = ready()
    const extras: Record<string, string>[] = [{ P2_FROM: 'x' }, { A_LOG: 'x' }, { NOPE: 'x' }]
    for (const values of extras) {
      const before = engine.snapshot()
      const step = only(engine, { type: 'submit', session: 'A', page: 1, values: { P1_A: 'ok', ...values } })
      expect(step.outcome).toBe('error')
      expect(step.reason).toBe(`posted item ${Object.keys(values)[0]} is not an item of page 1`)
      expect(engine.snapshot()).toEqual(before)
    }
  })

  it('§6.1 protection I items may not be posted (error, nothing changes)', () => {
    const engine = ready()
    const before = engine.snapshot()
    const step = only(engine, { type: 'submit', session: 'A', page: 1, values: { P1_A: 'ok', p1_lock: 'x' } })
    expect(step.outcome).toBe('error')
    expect(step.reason).toBe('item P1_LOCK is protected (I: may not be set from the browser) and cannot be posted')
    expect(engine.snapshot()).toEqual(before)
  })

  it('§6.1 the submitted page must exist in the app', () => {
    const engine = ready()
    const step = only(engine, { type: 'submit', session: 'A', page: 9 })
    expect(step.outcome).toBe('error')
    expect(step.reason).toBe('application 80 has no page 9')
  })
})

describe('§6.2–6.3 order of an accept', () => {
  it('§6.2 posted values enter the request (Per Request ones too) and are visible below; REQUEST is the button name', () => {
    const engine = ready()
    const steps = engine.run(submit('B_NONE', { P1_A: 'a', P1_T: 'temp' }))
    const accept = steps[0]!
    expect(phase(accept, 'postValues').label).toBe('Posted values (REQUEST = B_NONE)')
    expect(valueOf(engine, 'A', 'P1_SEEN')).toBe('temp')
    expect(valueOf(engine, 'A', 'P1_REQ')).toBe('B_NONE')
    expect(rowOf(engine, 'A', 'P1_T')).toBeUndefined()
    expect(cell(engine, 'A', 'P1_A')).toEqual(['a', 'I'])
    expect(sets(accept).find((e) => e.item === 'P1_A')!.cause).toBe('posted value (submit of page 1)')
  })

  it('§6.3 with no branch firing, the order is: After Submit processes, After Submit computations, validations, processes (app before page each time)', () => {
    const engine = ready()
    const accept = engine.run(submit('B_NONE', { P1_A: 'fine' }))[0]!
    expect(phaseKinds(accept)).toEqual(['resolveSession', 'postValues', 'afterSubmit', 'validating', 'validations', 'processing', 'afterProcessing', 'branch', 'endOfRequest'])
    // The follow-up render of page 1 adds its own render entries afterwards.
    expect(logOf(engine)).toEqual(['app-osbc', 'page-osbc', 'app-comp', 'page-comp', 'app-proc', 'page-proc', 'render', 'render-proc'])
  })

  it('§6.3 an After Submit branch is taken before anything else runs', () => {
    const engine = ready()
    const steps = engine.run(submit('B_AS', { P1_A: 'bad' }))
    expect(phaseKinds(steps[0]!)).toEqual(['resolveSession', 'postValues', 'afterSubmit', 'branch', 'endOfRequest'])
    expect(logOf(engine)).toEqual([])
    expect(valueOf(engine, 'A', 'P2_FROM')).toBe('afterSubmit')
    expect(notices(steps[0]!, 'validationFailed')).toEqual([])
  })

  it('§6.3 a Validating branch is taken after the After Submit processes and computations, before validations', () => {
    const engine = ready()
    const steps = engine.run(submit('B_VAL', { P1_A: 'bad' }))
    expect(steps[0]!.outcome).toBe('ok')
    expect(phaseKinds(steps[0]!)).toEqual(['resolveSession', 'postValues', 'afterSubmit', 'validating', 'branch', 'endOfRequest'])
    expect(logOf(engine)).toEqual(['app-osbc', 'page-osbc', 'app-comp', 'page-comp'])
    expect(valueOf(engine, 'A', 'P2_FROM')).toBe('validating')
  })

  it('§6.3 a Processing branch is taken after the validations, before the processes', () => {
    const engine = ready()
    const steps = engine.run(submit('B_PROC', { P1_A: 'fine' }))
    expect(phaseKinds(steps[0]!)).toEqual(['resolveSession', 'postValues', 'afterSubmit', 'validating', 'validations', 'processing', 'branch', 'endOfRequest'])
    expect(logOf(engine)).toEqual(['app-osbc', 'page-osbc', 'app-comp', 'page-comp'])
    expect(valueOf(engine, 'A', 'P2_FROM')).toBe('processing')
    // And it is not taken when a validation fails.
    const failed = ready().run(submit('B_PROC', { P1_A: 'bad' }))
    expect(failed).toHaveLength(1)
    expect(failed[0]!.outcome).toBe('validationFailed')
  })

  it('§6.3 an After Processing branch is taken after the processes; the first branch whose condition holds wins', () => {
    const engine = ready()
    const steps = engine.run(submit('B_AP', { P1_A: 'fine' }))
    expect(steps).toHaveLength(2)
    expect(phase(steps[0]!, 'branch').detail).toMatchObject({ branch: 'branch #4 on page 1' })
    expect(logOf(engine)).toEqual(['app-osbc', 'page-osbc', 'app-comp', 'page-comp', 'app-proc', 'page-proc'])
    expect(valueOf(engine, 'A', 'P2_FROM')).toBe('afterProcessing')
  })
})

describe('§6.4 validation failure', () => {
  it('§6.4 Decision: all validations run and all failures are reported; outcome validationFailed', () => {
    const engine = ready()
    const steps = engine.run(submit('B_AP', { P1_A: 'bad' }))
    expect(steps).toHaveLength(1)
    const step = steps[0]!
    expect(step.outcome).toBe('validationFailed')
    expect(step.errors).toEqual([
      { validation: 'first', item: 'P1_A', message: 'A may not be bad' },
      { validation: 'second', message: 'really not bad' },
    ])
    expect(step.reason).toBe('A may not be bad; really not bad')
    expect(notices(step, 'validationFailed').map((n) => n.message)).toEqual([
      "validation 'first' on page 1 failed: A may not be bad",
      "validation 'second' on page 1 failed: really not bad",
    ])
  })

  it('§6.4 later computations, processes and branches are skipped; the posted Per Session values are stored', () => {
    const engine = ready()
    const step = engine.run(submit('B_AP', { P1_A: 'bad', P1_T: 'temp', P1_U: 'u' }))[0]!
    expect(logOf(engine)).toEqual(['app-osbc', 'page-osbc', 'app-comp', 'page-comp'])
    expect(cell(engine, 'A', 'P1_A')).toEqual(['bad', 'I'])
    expect(cell(engine, 'A', 'P1_U')).toEqual(['u', 'I']) // user item of nobody: session state
    expect(rowOf(engine, 'A', 'P1_T')).toBeUndefined()
    expect(phaseKinds(step)).not.toContain('processing')
    expect(phaseKinds(step)).not.toContain('branch')
  })

  it('§6.4 the same page is shown again in the same request, without its render-time computations and processes', () => {
    const engine = ready()
    const steps = engine.run(submit('B_AP', { P1_A: 'bad' }))
    expect(steps).toHaveLength(1)
    const step = steps[0]!
    expect(phaseKinds(step)).toEqual(['resolveSession', 'postValues', 'afterSubmit', 'validating', 'validations', 'redisplay', 'itemsRender', 'endOfRequest'])
    expect(phase(step, 'redisplay').label).toBe('Validation failed: page 1 shown again with 2 errors')
    expect(logOf(engine)).not.toContain('render')
    expect(logOf(engine)).not.toContain('render-proc')
    expect(step.page).toBe(1)
    expect(sessionOf(engine, 'A').currentPage).toBe(1)
  })

  it('§6.4 validations whose condition does not hold do not run', () => {
    const engine = ready()
    const step = engine.run(submit('B_LEAVE', { P1_A: 'fine' }))[0]!
    expect(step.outcome).toBe('validationFailed')
    expect(step.errors).toEqual([{ validation: 'only for B_LEAVE', message: 'never shown' }])
    const other = ready().run(submit('B_NONE', { P1_A: 'fine' }))[0]!
    expect(other.outcome).toBe('ok')
  })
})

describe('§6.5 branches', () => {
  it('§6.5 a redirect branch ends the request (Per Session and Per User values stored, Per Request dropped); the target runs as a new, linked show', () => {
    const engine = ready()
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    const steps = engine.run(submit('B_REDIR', { P1_A: 'kept', P1_T: 'temp', P1_U: 'mine' }))
    expect(steps).toHaveLength(2)
    const [leave, target] = steps as [Step, Step]
    expect(leave.kind).toBe('accept')
    expect(leave.outcome).toBe('ok')
    expect(phaseKinds(leave).slice(-2)).toEqual(['branch', 'endOfRequest'])
    expect(notices(leave, 'requestValuesDropped').map((n) => n.message)).toEqual(['Per Request values dropped at end of request: P1_T'])
    expect(target.kind).toBe('show')
    expect(target.causedBy).toBe(leave.index)
    expect(target.request?.url).toBe(`f?p=80:2:${idOf(engine, 'A')}`)
    expect(valueOf(engine, 'A', 'P2_SEEN_A')).toBe('kept')
    expect(valueOf(engine, 'A', 'P2_SEEN_T')).toBe('gone')
    expect(userValue(engine, 'SCOTT', 80, 'P1_U')).toBe('mine')
    expect(sessionOf(engine, 'A').currentPage).toBe(2)
  })

  it('§6.5 a show branch renders the target inside the same request, so Per Request values are still visible there', () => {
    const engine = ready()
    const steps = engine.run(submit('B_SHOW', { P1_A: 'kept', P1_T: 'temp' }))
    expect(steps).toHaveLength(1)
    const step = steps[0]!
    expect(step.kind).toBe('accept')
    expect(step.page).toBe(2)
    expect(phaseKinds(step).slice(-9)).toEqual(['branch', 'beforeHeader', 'afterHeader', 'beforeRegions', 'itemsRender', 'afterRegions', 'beforeFooter', 'afterFooter', 'endOfRequest'])
    expect(valueOf(engine, 'A', 'P2_SEEN_T')).toBe('temp')
    expect(valueOf(engine, 'A', 'P2_SEEN_A')).toBe('kept')
    expect(rowOf(engine, 'A', 'P1_T')).toBeUndefined()
    expect(sessionOf(engine, 'A').currentPage).toBe(2)
  })

  it('§6.5 Decision: a show branch may not leave its app (error step)', () => {
    const app = acceptApp()
    app.pages[0]!.branches!.unshift({ point: 'afterProcessing', type: 'show', target: 'f?p=999:1:&SESSION.', when: { button: 'B_LEAVE' } })
    app.pages[0]!.validations = []
    const engine = makeEngine([app])
    show(engine, 'f?p=80:1', { as: 'A' })
    const step = only(engine, submit('B_LEAVE'))
    expect(step.outcome).toBe('error')
    expect(step.reason).toBe('branch #1 on page 1: a show branch cannot leave app 80 (target f?p=999:1:' + idOf(engine, 'A') + ')')
  })

  it('§6.6 with no branch firing the submitted page is shown again, as a redirect to itself (a second, linked step)', () => {
    const engine = ready()
    const steps = engine.run(submit('B_NONE', { P1_A: 'v' }))
    expect(steps).toHaveLength(2)
    const [accept, again] = steps as [Step, Step]
    expect(phase(accept, 'branch').label).toBe('No branch: redirect to page 1')
    expect(again.kind).toBe('show')
    expect(again.causedBy).toBe(accept.index)
    expect(again.page).toBe(1)
    expect(again.request?.url).toBe(`f?p=80:1:${idOf(engine, 'A')}`)
    // The redisplay is a full render (its render-time logic runs).
    expect(logOf(engine).slice(-2)).toEqual(['render', 'render-proc'])
  })

  it('§6 a submit without `app` goes to the session’s current app; `app` names another app of the session', () => {
    const other: App = { id: 81, name: 'Other', homePage: 1, pages: [{ id: 1, name: 'O', items: [{ name: 'O1_X' }] }] }
    const engine = makeEngine([acceptApp(), other])
    show(engine, 'f?p=80:1', { as: 'A' })
    show(engine, 'f?p=81:1:&SESSION.', { session: 'A' })
    const toCurrent = engine.run({ type: 'submit', session: 'A', page: 1, values: { O1_X: 'o' } })
    expect(toCurrent[0]!.app).toBe(81)
    expect(rowOf(engine, 'A', 'O1_X')).toMatchObject({ app: 81, value: 'o' })
    const named = engine.run({ type: 'submit', session: 'A', app: 80, page: 1, values: { P1_A: 'a' } })
    expect(named[0]!.app).toBe(80)
    expect(rowOf(engine, 'A', 'P1_A')).toMatchObject({ app: 80, value: 'a' })
  })
})
