/**
 * Real vs simulated (issue #15 part 2): each compared fact is a divergence
 * when the real answer disagrees; a side that lacks the fact is never one; an
 * answer built from the simulation's own steps never diverges, and altering
 * one of its facts gives exactly one divergence, at that event.
 *
 * Real answers here are written by hand (or, in the property test, by
 * `observedFromSteps` below, which reads the steps its own way — the follow-up
 * show's parsed request, the last rendered page — not through the module).
 */
import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { Engine } from '../../src-main/engine/engine.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import type { Operation } from '../../src-main/engine/model/operation.js'
import type { Step } from '../../src-main/engine/model/step.js'
import type { ObservedAnswer } from '../../src-main/trace/compare-observed.js'
import { compareObserved, itemOriginWords } from '../../src-main/trace/compare-observed.js'
import { replayText } from '../../src-main/trace/replay.js'
import onboarding from '../../resources/demos/apps/onboarding.json' with { type: 'json' }

const APP = onboarding as AppDefinition

/** A fresh engine on the onboarding demo that has walked to page 43 (session "A"). */
function engineOnPage43(): Engine {
  const e = new Engine({ apps: [APP], seed: 7 })
  e.run({ type: 'request', url: 'f?p=HR:1', as: 'A' })
  e.run({ type: 'submit', session: 'A', page: 1, request: 'ADD' })
  return e
}

describe('compareObserved: each fact a divergence', () => {
  it('redirect target: APEX went to page 45, the branch went to page 44 (with the branch and its condition)', () => {
    const e = engineOnPage43()
    const steps = e.run({ type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' } })
    const d = compareObserved({ status: 302, location: 'f?p=100:45:123', page: 45 }, steps, { branchCondition: () => 'the request was NEXT' })
    expect(d).toEqual({
      field: 'redirect',
      real: 'redirected to page 45',
      simulated: 'branched to page 44',
      why: 'branch #1 on page 43 fired (After Processing branches): the request was NEXT',
      message: 'APEX redirected to page 45; the simulation branched to page 44 because branch #1 on page 43 fired (After Processing branches): the request was NEXT',
    })
  })

  it('redirect target: the same page but another clear cache, where both URLs carry one', () => {
    const e = new Engine({ apps: [APP], seed: 7 })
    e.run({ type: 'request', url: 'f?p=HR:1', as: 'A' })
    const steps = e.run({ type: 'submit', session: 'A', page: 1, request: 'ADD' })
    const d = compareObserved({ status: 302, location: 'f?p=100:43:123::NO:43,44', page: 43 }, steps)
    expect(d?.field).toBe('redirect')
    expect(d?.real).toBe('redirected to page 43 with clear cache 43,44')
    expect(d?.simulated).toBe('branched to page 43 with clear cache 43,44,45')
    // The real URL carries no clear cache: a fact it lacks, not a divergence.
    expect(compareObserved({ status: 302, location: 'f?p=100:43:123::NO::', page: 43 }, steps)).toBeNull()
    // Same tokens in another order.
    expect(compareObserved({ status: 302, location: 'f?p=100:43:123::NO:45,43,44', page: 43 }, steps)).toBeNull()
  })

  it('redirect vs none: APEX redirected, the simulation failed validation and showed the page again', () => {
    const e = engineOnPage43()
    e.run({ type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' } })
    const steps = e.run({ type: 'submit', session: 'A', page: 44, request: 'NEXT', values: { P44_SAL: 'lots' } })
    const d = compareObserved({ status: 302, location: 'f?p=100:45:1', page: 45 }, steps)
    expect(d?.field).toBe('redirect')
    expect(d?.message).toBe(
      `APEX redirected to page 45; the simulation showed page 44 without a redirect because validation 'Salary is a positive number' failed ("Salary must be a positive number.")`,
    )
  })

  it('page shown: the request showed page 1 in the simulation, page 43 on the server', () => {
    const e = new Engine({ apps: [APP], seed: 7 })
    const steps = e.run({ type: 'request', url: 'f?p=HR:1', as: 'A' })
    const d = compareObserved({ status: 200, app: 100, page: 43 }, steps)
    expect(d?.field).toBe('page')
    expect(d?.message).toBe('APEX showed page 43; the simulation showed page 1 because the request asked for page 1 and no Before Header branch fired')
    expect(compareObserved({ status: 200, app: 100, page: 1 }, steps)).toBeNull()
  })

  it('validation errors: count and messages, lenient on whitespace', () => {
    const e = engineOnPage43()
    e.run({ type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' } })
    const steps = e.run({ type: 'submit', session: 'A', page: 44, request: 'NEXT', values: { P44_SAL: 'lots' } })
    const none = compareObserved({ status: 200, page: 44, errors: [] }, steps)
    expect(none?.field).toBe('errors')
    expect(none?.real).toBe('showed no validation error')
    expect(none?.simulated).toBe('found 1 error: "Salary must be a positive number."')
    const other = compareObserved({ status: 200, page: 44, errors: ['Salary must be a number.'] }, steps)
    expect(other?.field).toBe('errors')
    const two = compareObserved({ status: 200, page: 44, errors: ['Salary must be a positive number.', 'Job is required.'] }, steps)
    expect(two?.real).toBe('showed 2 errors: "Salary must be a positive number.", "Job is required."')
    expect(compareObserved({ status: 200, page: 44, errors: ['  Salary must be a\n  positive number. '] }, steps)).toBeNull()
  })

  it('rendered item values: a differing value names the item and where the simulated value came from', () => {
    const e = engineOnPage43()
    const steps = e.run({ type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' } })
    const d = compareObserved({ status: 302, location: 'f?p=100:44:1', page: 44, items: { P44_JOB: 'MANAGER' } }, steps)
    expect(d).toMatchObject({ field: 'item', item: 'P44_JOB', real: 'rendered P44_JOB = "MANAGER" on page 44', simulated: 'rendered P44_JOB = "CLERK"', why: 'its value came from default of P44_JOB' })
    // Null and empty text are the same value (APEX stores an empty value as null); names are case-insensitive.
    expect(compareObserved({ status: 302, location: 'f?p=100:44:1', page: 44, items: { p44_job: 'CLERK', P44_SAL: '' } }, steps)).toBeNull()
    // A value the importer masked (--mask) is unknown, not different.
    expect(compareObserved({ status: 302, location: 'f?p=100:44:1', page: 44, items: { P44_JOB: '[masked]' } }, steps)).toBeNull()
    // An item only the real page rendered is not compared.
    expect(compareObserved({ status: 302, location: 'f?p=100:44:1', page: 44, items: { P44_BONUS: '5' } }, steps)).toBeNull()
  })

  it('redirect given as a JSON answer’s redirectURL (status 200): the importer writes it as location', () => {
    const e = engineOnPage43()
    const steps = e.run({ type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' } })
    expect(compareObserved({ status: 200, location: 'f?p=100:44:1', page: 44 }, steps)).toBeNull()
    expect(compareObserved({ status: 200, location: 'f?p=100:1:1', page: 1 }, steps)?.field).toBe('redirect')
  })

  it('status: an HTTP error against a simulation that answered, and the other way round', () => {
    const e = new Engine({ apps: [APP], seed: 7 })
    const ok = e.run({ type: 'request', url: 'f?p=HR:1', as: 'A' })
    expect(compareObserved({ status: 500 }, ok)?.field).toBe('status')
    const failed = e.run({ type: 'request', url: 'f?p=HR:99', session: 'A' })
    const d = compareObserved({ status: 200, page: 99 }, failed)
    expect(d?.field).toBe('status')
    expect(d?.simulated).toBe('ended in an error')
    expect(d?.why).toContain('no page 99')
    expect(compareObserved({ status: 404 }, failed)).toBeNull()
  })

  it('the Ajax answer: returned items against the ajax step’s answer', () => {
    const step: Step = {
      index: 4,
      t: 0,
      kind: 'ajax' as Step['kind'],
      input: { type: 'ajax', session: 'A', page: 1, process: 'GET_NAME' } as unknown as Operation,
      session: 1,
      app: 100,
      page: 1,
      outcome: 'ok',
      phases: [{ kind: 'ajaxReturn' as Step['phases'][number]['kind'], label: 'Answer', start: 0, end: 0, detail: { answer: { P1_NAME: 'KING', P1_JOB: null } } }],
      effects: [],
    }
    const d = compareObserved({ status: 200, json: { item: [{ id: 'P1_NAME', value: 'SMITH' }] } }, [step])
    expect(d).toMatchObject({ field: 'ajax', item: 'P1_NAME', real: 'answered the Ajax call with P1_NAME = "SMITH"', simulated: 'answered P1_NAME = "KING"' })
    expect(compareObserved({ status: 200, json: { item: [{ id: 'P1_NAME', value: 'KING' }, { id: 'P1_JOB', value: '' }] } }, [step])).toBeNull()
    expect(compareObserved({ status: 200, items: { P1_NAME: 'JONES' } }, [step])?.item).toBe('P1_NAME')
    // No JSON and no items: the real side lacks the answer.
    expect(compareObserved({ status: 200 }, [step])).toBeNull()
  })
})

describe('compareObserved: Ajax calls run by the engine', () => {
  const plsql = (text: string) => ({ kind: 'Ajax Callback process', text, language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' })
  const AJAX_APP = {
    id: 100,
    name: 'Ajax',
    homePage: 1,
    // An app database, so the process's PL/SQL runs.
    supportingObjects: { scripts: [{ name: 't', sequence: 1, text: 'create table t (x number);\n' }] },
    pages: [{ id: 1, name: 'Emp', items: [{ name: 'P1_ENAME' }], onDemand: [{ component: 'process', apexPoint: 'ON_DEMAND', name: 'GET_NAME', notSimulated: plsql(":P1_ENAME := 'KING';") }] }],
  } as unknown as AppDefinition

  it('the returned item differs from what the process set; a plug-in the simulation cannot run is not compared', () => {
    const e = new Engine({ apps: [AJAX_APP], seed: 3 })
    e.run({ type: 'request', url: 'f?p=100:1', as: 'A' })
    const steps = e.run({ type: 'ajax', session: 'A', page: 1, process: 'GET_NAME', returnItems: ['P1_ENAME'] })
    expect(steps[0]!.outcome).toBe('ok')
    const d = compareObserved({ status: 200, json: { item: [{ id: 'P1_ENAME', value: 'SMITH' }] } }, steps)
    expect(d?.field).toBe('ajax')
    expect(d?.message).toBe('APEX answered the Ajax call with P1_ENAME = "SMITH"; the simulation answered P1_ENAME = "KING" because its value came from ' + d!.why!.replace('its value came from ', ''))
    expect(d?.why).toMatch(/GET_NAME/)
    expect(compareObserved({ status: 200, json: { item: [{ id: 'P1_ENAME', value: 'KING' }] } }, steps)).toBeNull()
    const plugin = e.run({ type: 'ajax', session: 'A', page: 1, plugin: 'XYZ', returnItems: ['P1_ENAME'] })
    expect(compareObserved({ status: 200, json: { item: [{ id: 'P1_ENAME', value: 'SMITH' }] } }, plugin)).toBeNull()
  })
})

describe('itemOriginWords: where a rendered value no step changed came from', () => {
  it('names the source and default, and says a Per Request item is never stored', () => {
    expect(itemOriginWords('P45_SUMMARY', { storage: 'request', source: ":P43_ENAME || ' (' || :P44_JOB || ')'", sourceUsed: 'always' })).toBe(
      "P45_SUMMARY is Per Request (never stored), so it rendered its source :P43_ENAME || ' (' || :P44_JOB || ')' (always replaces the stored value)",
    )
    expect(itemOriginWords('P10_NAME', { storage: 'request' })).toBe('P10_NAME is Per Request (never stored): it rendered the value this request gave it (a form fetch, a URL item or a computation)')
    expect(itemOriginWords('P44_JOB', { default: "'CLERK'" })).toBe("P44_JOB rendered its default 'CLERK'")
    expect(itemOriginWords('P1_X', {})).toBe('P1_X rendered its stored value')
  })
})

describe('compareObserved: a side that lacks a fact is not a divergence', () => {
  it('an answer with a status only compares nothing else', () => {
    const e = engineOnPage43()
    const steps = e.run({ type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' } })
    expect(compareObserved({ status: 302 }, steps)).toBeNull()
    expect(compareObserved({ status: 200 }, e.run({ type: 'request', url: 'f?p=HR:1', session: 'A' }))).toBeNull()
  })

  it('status 0 (no answer: the browser cancelled the request) compares nothing', () => {
    const e = new Engine({ apps: [APP], seed: 7 })
    expect(compareObserved({ status: 0, page: 43 }, e.run({ type: 'request', url: 'f?p=HR:1', as: 'A' }))).toBeNull()
  })

  it('APEX redirecting a page request to the same page (a new session ID) is the same answer; a submit is not let off so', () => {
    const e = new Engine({ apps: [APP], seed: 7 })
    const first = e.run({ type: 'request', url: 'f?p=HR:1', as: 'A' })
    expect(compareObserved({ status: 302, location: 'f?p=HR:1:123', page: 1 }, first)).toBeNull()
    expect(compareObserved({ status: 302, location: 'f?p=HR:43:123', page: 43 }, first)?.field).toBe('redirect')
    e.run({ type: 'submit', session: 'A', page: 1, request: 'ADD' })
    e.run({ type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' } })
    const failed = e.run({ type: 'submit', session: 'A', page: 44, request: 'NEXT', values: { P44_SAL: 'lots' } })
    // The simulation showed page 44 again (validation failed); APEX branched to page 44 itself: that differs.
    expect(compareObserved({ status: 302, location: 'f?p=100:44:123', page: 44 }, failed)?.field).toBe('redirect')
  })

  it('a friendly URL names the page by alias: the app definition gives its number (onboarding page 1 is "employees")', () => {
    const e = new Engine({ apps: [APP], seed: 7 })
    const first = e.run({ type: 'request', url: 'f?p=HR:1', as: 'A' })
    const friendly = { status: 302, location: 'https://apex.example.com/ords/r/ws/hr/employees?session=123' }
    // Without the definition the alias is unknown: the real page is not a number, so it is not the page shown.
    expect(compareObserved(friendly, first)?.field).toBe('redirect')
    expect(compareObserved(friendly, first, { pageNumber: (app, alias) => (app === 100 && alias === 'employees' ? 1 : null) })).toBeNull()
    // The replay asks the engine's app definitions.
    const header = { format: 'session-trace', version: 1, title: 'alias', seed: 7, apps: [APP] }
    const trace = [header, { type: 'request', url: 'f?p=HR:1', as: 'A', observed: friendly }].map((l) => JSON.stringify(l)).join('\n')
    const r = replayText(trace)
    expect(r.summary().observed).toEqual({ compared: 1, divergences: [] })
    r.close()
  })

  it('a request that shows no page in the simulation (logout) has no redirect to compare', () => {
    const e = new Engine({ apps: [APP], seed: 7 })
    e.run({ type: 'request', url: 'f?p=HR:1', as: 'A' })
    expect(compareObserved({ status: 302, location: 'f?p=100:1:0', page: 1 }, e.run({ type: 'logout', session: 'A' }))).toBeNull()
  })

  it('validation errors come first: they decide whether a branch runs', () => {
    const e = engineOnPage43()
    const steps = e.run({ type: 'submit', session: 'A', page: 43, request: 'NEXT', values: { P43_ENAME: 'KING' } })
    const d = compareObserved({ status: 200, page: 43, errors: ['Email must have a value'] }, steps)
    expect(d?.field).toBe('errors')
    expect(d?.message).toBe('APEX showed 1 error: "Email must have a value"; the simulation found no validation error because every validation passed')
  })

  it('a request (not a submit) has no validation errors to compare', () => {
    const e = new Engine({ apps: [APP], seed: 7 })
    expect(compareObserved({ status: 200, page: 1, errors: ['Something'] }, e.run({ type: 'request', url: 'f?p=HR:1', as: 'A' }))).toBeNull()
  })
})

// ---------------------------------------------------------------------------
// Property: answers made from the simulation's own steps never diverge

/**
 * What a real server would have answered if it behaved exactly like the
 * simulation, read from the steps independently of the module: the status from
 * the outcome and the follow-up shows, the location from the follow-up show's
 * own parsed request, the page and items from the last rendered page, the
 * messages of the first step's errors (with extra whitespace).
 */
function observedFromSteps(steps: Step[]): ObservedAnswer {
  if (steps.some((s) => s.outcome === 'error')) return { status: 500 }
  const follow = steps.find((s) => s.causedBy !== undefined)
  const o: ObservedAnswer = { status: follow ? 302 : 200 }
  if (follow?.request) o.location = follow.request.url
  const last = steps[steps.length - 1]!
  const rendered = last.phases.filter((p) => p.kind === 'itemsRender').pop()
  if (rendered && last.page !== null) {
    o.app = last.app!
    o.page = last.page
    // A real page renders an empty item as value="": null arrives as empty text.
    o.items = Object.fromEntries(Object.entries((rendered.detail as { values: Record<string, string | null> }).values).map(([k, v]) => [k, v ?? '']))
  }
  if (steps[0]!.kind === 'accept') o.errors = (steps[0]!.errors ?? []).map((e) => ` ${e.message.split(' ').join('  ')}\n`)
  return o
}

const PAGES = [1, 43, 44, 45] as const
const BUTTONS = ['ADD', 'NEXT', 'PREVIOUS', 'CANCEL', 'FINISH', 'NOPE']
const ITEMS: Record<number, string[]> = { 1: [], 43: ['P43_ENAME', 'P43_EMAIL'], 44: ['P44_JOB', 'P44_SAL'], 45: ['P45_DEPTNO'] }
const VALUE = fc.constantFrom('', 'KING', 'lots', '5', '  x ', null)

const operationArb: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ type: fc.constant('request' as const), url: fc.constantFrom(...PAGES).map((p) => `f?p=HR:${p}`), session: fc.constant('A') }),
  fc.constantFrom(...PAGES).chain((page) =>
    fc.record({
      type: fc.constant('submit' as const),
      session: fc.constant('A'),
      page: fc.constant(page),
      request: fc.constantFrom(...BUTTONS),
      values: fc.dictionary(fc.constantFrom(...(ITEMS[page]!.length > 0 ? ITEMS[page]! : ['P43_ENAME'])), VALUE, { maxKeys: 2 }),
    }),
  ),
) as fc.Arbitrary<Operation>

type Alteration = 'status' | 'page' | 'item' | 'errors' | 'clearCache'

/** Changes one fact of a real answer; null when the answer lacks that fact. */
function alter(o: ObservedAnswer, what: Alteration, pick: number): ObservedAnswer | null {
  const copy: ObservedAnswer = JSON.parse(JSON.stringify(o)) as ObservedAnswer
  switch (what) {
    case 'status':
      copy.status = o.status === 500 ? 200 : 500
      return copy
    case 'page':
      if (o.page === undefined || o.status === 500) return null
      copy.page = o.page + 1000
      return copy
    case 'item': {
      const names = Object.keys(o.items ?? {})
      if (names.length === 0) return null
      const name = names[pick % names.length]!
      copy.items![name] = `${o.items![name] ?? ''}Δ`
      return copy
    }
    case 'errors':
      if (o.errors === undefined) return null
      copy.errors!.push('A message the simulation never shows')
      return copy
    case 'clearCache': {
      // The redirect target's clear-cache tokens (f?p=App:Page:Session:Request:Debug:ClearCache:…), when it has some.
      const m = o.location === undefined ? null : /^([^:]*:[^:]*:[^:]*:[^:]*:[^:]*:)([^:]+)(.*)$/.exec(o.location)
      if (!m) return null
      copy.location = `${m[1]}${m[2]},99${m[3]}`
      return copy
    }
  }
}

describe('compareObserved: answers built from the simulation itself', () => {
  propTest.prop(
    [fc.array(operationArb, { minLength: 1, maxLength: 10 }), fc.nat(), fc.constantFrom<Alteration>('status', 'page', 'item', 'errors', 'clearCache'), fc.nat()],
    { numRuns: 60 },
  )('never diverge; altering one fact of one event gives exactly one divergence, at that event', (ops, at, what, pick) => {
    const all: Operation[] = [{ type: 'request', url: 'f?p=HR:1', as: 'A' }, ...ops]
    const engine = new Engine({ apps: [APP], seed: 11 })
    const observed = all.map((op) => observedFromSteps(engine.run(op)))
    engine.close()
    const header = { format: 'session-trace', version: 1, title: 'property', seed: 11, apps: [APP] }
    const trace = (answers: ObservedAnswer[]) => [header, ...all.map((op, i) => ({ ...op, observed: answers[i] }))].map((l) => JSON.stringify(l)).join('\n')

    const clean = replayText(trace(observed))
    const summary = clean.summary()
    clean.close()
    expect(summary.observed.compared).toBe(all.length)
    expect(summary.observed.divergences).toEqual([])

    const target = at % all.length
    const altered = alter(observed[target]!, what, pick)
    fc.pre(altered !== null)
    const answers = observed.slice()
    answers[target] = altered!
    const r = replayText(trace(answers))
    const divergences = r.summary().observed.divergences
    r.close()
    expect(divergences).toHaveLength(1)
    expect(divergences[0]!.line).toBe(target + 2)
    const expected: Record<Alteration, string[]> = { status: ['status'], page: ['redirect', 'page'], item: ['item'], errors: ['errors'], clearCache: ['redirect'] }
    expect(expected[what]).toContain(divergences[0]!.field)
  })
})
