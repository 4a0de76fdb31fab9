/**
 * semantics.md §9 Steps and effects: every operation returns a step with its
 * input, outcome, phases and effects; every effect kind with its cause; and
 * applying a step's effects in reverse restores the previous state exactly.
 */
import { describe, expect, it } from 'vitest'
import { OperationInputError } from '../../../src-main/engine/engine.js'
import type { Engine } from '../../../src-main/engine/engine.js'
import { EffectSchema } from '../../../src-main/engine/model/effect.js'
import type { Effect } from '../../../src-main/engine/model/effect.js'
import type { Operation } from '../../../src-main/engine/model/operation.js'
import type { Step } from '../../../src-main/engine/model/step.js'
import {
  expectPhasesPartitionEffects,
  expectReversible,
  idOf,
  makeEngine,
  notices,
  only,
  sessionEvents,
  sets,
  show,
  userSets,
  warnings,
} from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'

function effectsApp(): App {
  return {
    id: 44,
    alias: 'FX',
    name: 'Effects',
    homePage: 1,
    tables: [{ name: 'EMP', columns: ['EMPNO', 'ENAME', 'JOB'] }],
    items: [{ name: 'A_COUNT' }, { name: 'A_PREF', storage: 'user' }],
    computations: [{ point: 'onNewInstance', item: 'A_COUNT', expression: "'0'" }],
    pages: [
      { id: 1, name: 'Home', items: [{ name: 'P1_X' }] },
      {
        id: 44,
        name: 'Job',
        items: [{ name: 'P44_JOB', default: "'CLERK'" }, { name: 'P44_ENAME' }, { name: 'P44_C1' }, { name: 'P44_C2' }, { name: 'P44_UNK' }],
        buttons: [{ name: 'SAVE' }],
        computations: [
          { point: 'afterHeader', item: 'P44_C1', expression: "'one'" },
          { point: 'afterHeader', item: 'P44_C2', expression: "'two'" },
          { point: 'afterHeader', item: 'P44_UNK', expression: ':NO_SUCH_ITEM' },
        ],
        validations: [{ name: 'Name', expression: ':P44_ENAME IS NOT NULL', message: 'Name needed', when: { button: 'SAVE' } }],
        processes: [
          { name: 'Insert', point: 'processing', type: 'insertRow', table: 'emp', columns: { EMPNO: 'TO_NUMBER(:A_COUNT) + 7000', ENAME: ':P44_ENAME' }, when: { button: 'SAVE' } },
          { name: 'Count', point: 'processing', type: 'setItems', items: { A_COUNT: 'TO_NUMBER(:A_COUNT) + 1' }, when: { button: 'SAVE' } },
        ],
        branches: [{ point: 'afterProcessing', target: 'f?p=&APP_ID.:1:&SESSION.', when: { button: 'SAVE' } }],
      },
    ],
  }
}

/** Runs a scenario touching every operation and effect kind; returns the steps of each operation with the states around them. */
function scenario(engine: Engine): { op: Operation; steps: Step[] }[] {
  const ops: Operation[] = [
    { type: 'request', url: 'f?p=44:44', as: 'A', note: 'start' },
    { type: 'submit', session: 'A', page: 44, request: 'SAVE', values: { P44_ENAME: null }, t: 10 },
    { type: 'submit', session: 'A', page: 44, request: 'SAVE', values: { P44_ENAME: 'KING' } },
    { type: 'request', session: 'A', url: 'f?p=44:44:&SESSION.::NO:44,RP,JUNK' },
    { type: 'setState', session: 'A', item: 'P1_X', value: 'x' },
    { type: 'clearCache', session: 'A', tokens: '1' },
    { type: 'clone', session: 'A', as: 'B' },
    { type: 'login', session: 'A', user: 'SCOTT' },
    { type: 'setState', session: 'A', item: 'A_PREF', value: 'dark' },
    { type: 'request', url: 'f?p=44:1:1234567890123' },
    { type: 'wait', seconds: 4000 },
    { type: 'request', session: 'A', url: 'f?p=44:1:&SESSION.' },
    { type: 'request', url: 'f?p=44:1', as: 'C' },
    { type: 'logout', session: 'C' },
    { type: 'request', url: 'f?p=44:99' },
  ]
  const out: { op: Operation; steps: Step[] }[] = []
  for (const op of ops) {
    const before = engine.state.clone()
    const steps = engine.run(op)
    expectReversible(before, steps, engine.state)
    out.push({ op, steps })
  }
  return out
}

describe('§9 steps', () => {
  it('§9 every operation returns a step: index, time, kind, input, session, app, page, outcome, phases, effects', () => {
    const engine = makeEngine([effectsApp()])
    const runs = scenario(engine)
    const all = runs.flatMap((r) => r.steps)
    expect(all.map((s) => s.index)).toEqual(all.map((_, i) => i))
    expect(engine.steps).toEqual(all)
    const kinds = runs.map((r) => r.steps[0]!.kind)
    expect(kinds).toEqual(['show', 'accept', 'accept', 'show', 'setState', 'clearCache', 'clone', 'login', 'setState', 'show', 'wait', 'show', 'show', 'logout', 'show'])
    for (const { op, steps } of runs) {
      expect(steps[0]!.input).toEqual(op)
      for (const s of steps) {
        expect(Object.keys(s)).toEqual(expect.arrayContaining(['index', 't', 'kind', 'input', 'session', 'app', 'page', 'outcome', 'phases', 'effects']))
        expectPhasesPartitionEffects(s)
      }
    }
    expect(runs[0]!.steps[0]!.note).toBe('start')
    expect(runs.map((r) => r.steps.at(-1)!.outcome)).toEqual([
      'ok',
      'validationFailed',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'expired',
      'ok',
      'ok',
      'error',
    ])
  })

  it('§9 outcomes other than ok carry a reason in words; ok steps do not', () => {
    const engine = makeEngine([effectsApp()])
    for (const s of scenario(engine).flatMap((r) => r.steps)) {
      if (s.outcome === 'ok') expect(s.reason).toBeUndefined()
      else expect(s.reason, s.outcome).toMatch(/\w+/)
    }
  })

  it('§9 a redirect’s follow-up show is a separate step linked by causedBy, with the same input', () => {
    const engine = makeEngine([effectsApp()])
    const runs = scenario(engine)
    const save = runs[2]!.steps
    expect(save).toHaveLength(2)
    expect(save[1]!.causedBy).toBe(save[0]!.index)
    expect(save[1]!.input).toBe(save[0]!.input)
    expect(save[1]!.note).toBeUndefined()
  })

  it('§9 run() throws OperationInputError (naming the field) only for schema-invalid input, and records nothing', () => {
    const engine = makeEngine([effectsApp()])
    for (const bad of [null, {}, { type: 'nope' }, { type: 'wait', seconds: -1 }, { type: 'submit', session: 'A' }, { type: 'request', url: 5 }, { type: 'login', session: '', user: 'x' }]) {
      expect(() => engine.run(bad)).toThrow(OperationInputError)
    }
    try {
      engine.run({ type: 'wait', seconds: 'soon' })
    } catch (e) {
      expect((e as OperationInputError).field).toBe('seconds')
      expect((e as Error).message).toMatch(/^invalid operation, field "seconds": /)
    }
    expect(engine.steps).toEqual([])
  })
})

describe('§9 effects and their causes', () => {
  function allEffects(): { engine: Engine; effects: Effect[]; runs: { op: Operation; steps: Step[] }[] } {
    const engine = makeEngine([effectsApp()])
    const runs = scenario(engine)
    return { engine, runs, effects: runs.flatMap((r) => r.steps.flatMap((s) => s.effects)) }
  }

  it('§9 every effect is of a known kind and valid against the effect schema (so traces can record it)', () => {
    const { effects } = allEffects()
    for (const e of effects) expect(EffectSchema.safeParse(e).success, JSON.stringify(e)).toBe(true)
    expect(new Set(effects.map((e) => e.op))).toEqual(new Set(['set', 'userSet', 'session', 'group', 'rekey', 'insertRow', 'notice', 'warning']))
  })

  it('§9 session events: created, cloned, loggedIn, joinedApp, pageShown, expired, deleted; group events: created, touched, deleted', () => {
    const { effects } = allEffects()
    const sessionEventsSeen = new Set(effects.flatMap((e) => (e.op === 'session' ? [e.event] : [])))
    expect(sessionEventsSeen).toEqual(new Set(['created', 'cloned', 'loggedIn', 'joinedApp', 'pageShown', 'expired', 'deleted']))
    const groupEvents = new Set(effects.flatMap((e) => (e.op === 'group' ? [e.event] : [])))
    expect(groupEvents).toEqual(new Set(['created', 'touched', 'deleted']))
  })

  it('§9 a value change names session, app, page, item, old value and status, new value and status, and its cause', () => {
    const { runs, engine } = allEffects()
    const first = runs[0]!.steps[0]!
    const a0 = first.session!
    expect(sets(first)).toEqual([
      { op: 'set', session: a0, app: 44, page: null, item: 'A_COUNT', from: null, fromStatus: null, to: '0', toStatus: 'I', cause: 'application computation #1 (A_COUNT)' },
      { op: 'set', session: a0, app: 44, page: 44, item: 'P44_C1', from: null, fromStatus: null, to: 'one', toStatus: 'I', cause: 'computation #1 on page 44' },
      { op: 'set', session: a0, app: 44, page: 44, item: 'P44_C2', from: null, fromStatus: null, to: 'two', toStatus: 'I', cause: 'computation #2 on page 44' },
      { op: 'set', session: a0, app: 44, page: 44, item: 'P44_JOB', from: null, fromStatus: null, to: 'CLERK', toStatus: 'I', cause: 'default of P44_JOB' },
    ])
    // Posted values, processes, ClearCache in a URL, SET_SESSION_STATE, clone.
    const saved = runs[2]!.steps[0]!
    expect(sets(saved).map((e) => e.cause)).toEqual(['posted value (submit of page 44)', "process 'Count' on page 44"])
    const clearUrl = runs[3]!.steps[0]!
    expect(sets(clearUrl).filter((e) => e.toStatus === 'R').map((e) => e.cause)[0]).toBe(`ClearCache token 44 in URL f?p=44:44:${a0}::NO:44,RP,JUNK`)
    expect(sets(runs[4]!.steps[0]!)[0]!.cause).toBe("APEX_UTIL.SET_SESSION_STATE('P1_X')")
    expect(sets(runs[5]!.steps[0]!)[0]!.cause).toBe('ClearCache token 1 in APEX_UTIL clear-cache call (1)')
    const clone = runs[6]!.steps[0]!
    expect(sets(clone).every((e) => e.cause === `clone of session ${a0}` || e.session === idOf(engine, 'B'))).toBe(true)
    expect(sets(clone)[0]!.cause).toBe(`clone of session ${a0}`)
  })

  it('§9 the other effect kinds: userSet, rekey, insertRow, notices and warnings', () => {
    const { runs, engine } = allEffects()
    const saved = runs[2]!.steps[0]!
    expect(saved.effects.filter((e) => e.op === 'insertRow')).toEqual([
      { op: 'insertRow', app: 44, table: 'EMP', index: 0, row: { EMPNO: '7000', ENAME: 'KING', JOB: null }, session: saved.session, cause: "process 'Insert' on page 44" },
    ])
    expect(engine.tableRows(44, 'emp')).toEqual([{ EMPNO: '7000', ENAME: 'KING', JOB: null }])
    const login = runs[7]!.steps[0]!
    expect(login.effects[0]).toMatchObject({ op: 'rekey', from: saved.session, to: idOf(engine, 'A') })
    expect(sessionEvents(login).map((e) => [e.event, e.cause])).toEqual([['loggedIn', 'login of SCOTT']])
    expect(userSets(runs[8]!.steps[0]!)).toEqual([
      { op: 'userSet', user: 'SCOTT', app: 44, item: 'A_PREF', from: null, to: 'dark', cause: "APEX_UTIL.SET_SESSION_STATE('A_PREF')", session: idOf(engine, 'A') },
    ])
    const clearUrl = runs[3]!.steps[0]!
    expect(notices(clearUrl, 'reportReset')).toHaveLength(1)
    expect(warnings(clearUrl, 'unknownToken')).toHaveLength(1)
    expect(warnings(runs[0]!.steps[0]!).map((w) => w.message)).toEqual(['computation #3 on page 44: unknown item NO_SUCH_ITEM'])
    expect(notices(runs[9]!.steps[0]!, 'sessionNotFound')).toHaveLength(1)
    expect(notices(runs[10]!.steps[0]!, 'pastLimit').length).toBeGreaterThan(0)
  })

  it('§9 session effects carry the whole record before and after (created from null; ended records stay)', () => {
    const { runs } = allEffects()
    const created = sessionEvents(runs[0]!.steps[0]!)[0]!
    expect(created).toMatchObject({ event: 'created', from: null, to: { alias: 'A', user: 'nobody', ended: null } })
    const expired = sessionEvents(runs[11]!.steps[0]!).find((e) => e.event === 'expired')!
    expect(expired.from).toMatchObject({ ended: null })
    expect(expired.to).toMatchObject({ ended: 'expired', endedAt: 4010 })
    const deleted = sessionEvents(runs[13]!.steps[0]!).find((e) => e.event === 'deleted')!
    expect(deleted.to).toMatchObject({ ended: 'loggedOut', alias: 'C' })
  })
})

describe('§9 reversibility', () => {
  it('§9 applying a step’s effects in reverse restores the previous state exactly (every step of a scenario with every effect kind)', () => {
    // scenario() checks each step with expectReversible; here the whole timeline is rewound to the start.
    const engine = makeEngine([effectsApp()])
    const start = engine.state.clone()
    const steps = scenario(engine).flatMap((r) => r.steps)
    const snaps = expectReversible(start, steps, engine.state)
    expect(snaps).toHaveLength(steps.length + 1)
    expect(snaps[0]).toEqual(start.snapshot())
  })

  it('§9 effects of an engine on a store file replay onto a fresh state to the same snapshot', () => {
    const engine = makeEngine([effectsApp()])
    show(engine, 'f?p=44:44', { as: 'A' })
    only(engine, { type: 'login', session: 'A', user: 'SCOTT' })
    const fresh = makeEngine([effectsApp()]).state
    const replayed = fresh.clone()
    expectReversible(replayed, engine.steps, engine.state)
  })
})
