/**
 * semantics.md §7 References and expressions, as the engine uses them:
 * reference forms, built-ins, the lookup order, unknown names, the
 * language's operators and functions in computations, load-time syntax
 * errors, and conditions.
 */
import { describe, expect, it } from 'vitest'
import { AppLoadError } from '../../../src-main/engine/app/compile-app.js'
import { Engine } from '../../../src-main/engine/engine.js'
import { idOf, makeEngine, only, rowOf, show, valueOf, warnings } from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'

/** One page whose computations (beforeHeader, in order) set P1_OUT_<n>. */
function computeApp(expressions: string[], extra: Partial<App> = {}): App {
  return {
    id: 90,
    alias: 'EXPR',
    name: 'Expressions',
    homePage: 1,
    items: [{ name: 'A_APP' }, { name: 'A_USER', storage: 'user' }, ...(extra.items ?? [])],
    pages: [
      {
        id: 1,
        alias: 'calc',
        name: 'Calc',
        items: [
          { name: 'P1_A' },
          { name: 'P1_N' },
          { name: 'P1_TEMP', storage: 'request' },
          ...expressions.map((_, i) => ({ name: `P1_OUT_${i}` })),
        ],
        computations: expressions.map((expression, i) => ({ point: 'beforeHeader' as const, item: `P1_OUT_${i}`, expression })),
      },
      { id: 2, name: 'Other page', items: [{ name: 'P2_B' }] },
    ],
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'items')),
  }
}

function outputs(engine: Engine, alias: string, n: number): (string | null)[] {
  return Array.from({ length: n }, (_, i) => valueOf(engine, alias, `P1_OUT_${i}`))
}

function evalAll(expressions: string[], url = 'f?p=90:1:::::P1_A,P1_N:abc,41'): (string | null)[] {
  const engine = makeEngine([computeApp(expressions)])
  show(engine, url, { as: 'A' })
  return outputs(engine, 'A', expressions.length)
}

function loadError(app: unknown): AppLoadError {
  try {
    new Engine({ apps: [app] })
  } catch (e) {
    expect(e).toBeInstanceOf(AppLoadError)
    return e as AppLoadError
  }
  throw new Error('expected AppLoadError')
}

describe('§7 reference forms', () => {
  it('§7 :ITEM is case-insensitive and :"ITEM" is the quoted form', () => {
    expect(evalAll([':P1_A', ':p1_a', ':"P1_A"', ':"p1_a"', ':P1_a || :P1_N'])).toEqual(['abc', 'abc', 'abc', 'abc', 'abc41'])
  })

  it('§7 V(\'ITEM\') returns the value as text and NV(\'ITEM\') as a number', () => {
    expect(evalAll(["V('P1_A')", "V('p1_n') || 'x'", "NV('P1_N') + 1", "V('P1_' || 'A')"])).toEqual(['abc', '41x', '42', 'abc'])
  })

  it('§7 &ITEM. and &"ITEM". are substituted in text (validation messages, branch targets); null substitutes as the empty string', () => {
    const app = computeApp([])
    app.pages[0]!.buttons = [{ name: 'GO' }, { name: 'CHECK' }]
    app.pages[0]!.validations = [{ name: 'v', expression: '1 = 0', message: 'A=&P1_A. N=&"P1_N". none=[&P2_B.]', when: { button: 'CHECK' } }]
    app.pages[0]!.branches = [{ point: 'afterProcessing', target: 'f?p=&APP_ID.:2:&SESSION.::::P2_B:&P1_A.-&"p1_n".', when: { button: 'GO' } }]
    const engine = makeEngine([app])
    show(engine, 'f?p=90:1:::::P1_A,P1_N:abc,41', { as: 'A' })
    const failed = only(engine, { type: 'submit', session: 'A', page: 1, request: 'CHECK' })
    expect(failed.errors?.[0]?.message).toBe('A=abc N=41 none=[]')
    const steps = engine.run({ type: 'submit', session: 'A', page: 1, request: 'GO' })
    expect(steps[1]!.request?.url).toBe(`f?p=90:2:${idOf(engine, 'A')}::::P2_B:abc-41`)
    expect(valueOf(engine, 'A', 'P2_B')).toBe('abc-41')
  })

  it('§7 built-ins: APP_ID, APP_ALIAS, APP_PAGE_ID, APP_SESSION / SESSION, APP_USER, REQUEST, DEBUG, PRINTER_FRIENDLY', () => {
    const exprs = [':APP_ID', ':APP_ALIAS', ':APP_PAGE_ID', ':APP_SESSION', ':SESSION', ':APP_USER', ':REQUEST', ':DEBUG', ':PRINTER_FRIENDLY', "V('app_id')"]
    const engine = makeEngine([computeApp(exprs)])
    show(engine, 'f?p=EXPR:calc::GO:YES::::YES', { as: 'A' })
    const id = String(idOf(engine, 'A'))
    expect(outputs(engine, 'A', exprs.length)).toEqual(['90', 'EXPR', '1', id, id, 'nobody', 'GO', 'YES', 'YES', '90'])
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    show(engine, 'f?p=90:1:&SESSION.', { session: 'A' })
    const id2 = String(idOf(engine, 'A'))
    expect(outputs(engine, 'A', exprs.length)).toEqual(['90', 'EXPR', '1', id2, id2, 'SCOTT', null, 'NO', 'NO', '90'])
  })
})

describe('§7 lookup order', () => {
  it('§7 the current request’s values come first (a Per Request value set by the URL is visible in the request)', () => {
    expect(evalAll([':P1_TEMP', "NVL(:P1_TEMP, 'none')"], 'f?p=90:1:::::P1_TEMP:t')).toEqual(['t', 't'])
  })

  it('§7 then session state: page items of any page of the app by name, application items, GLOBAL items of the session', () => {
    const shared: App = { id: 91, name: 'Shares a GLOBAL', homePage: 1, items: [{ name: 'G_ONLY_91', scope: 'GLOBAL' }], pages: [{ id: 1, name: 'x' }] }
    const engine = makeEngine([computeApp([':P2_B', ':A_APP', ':G_ONLY_91']), shared])
    show(engine, 'f?p=91:1', { as: 'A' })
    engine.run({ type: 'setState', session: 'A', item: 'G_ONLY_91', value: 'global' })
    show(engine, 'f?p=90:2:&SESSION.::::P2_B:from page 2', { session: 'A' })
    engine.run({ type: 'setState', session: 'A', item: 'A_APP', value: 'app item' })
    show(engine, 'f?p=90:1:&SESSION.', { session: 'A' })
    expect(outputs(engine, 'A', 3)).toEqual(['from page 2', 'app item', 'global'])
  })

  it('§7 then the Per User store (for a logged-in user; Decision: the Per User value wins over a session value)', () => {
    const engine = makeEngine([computeApp([':A_USER'])])
    show(engine, 'f?p=90:1', { as: 'A' })
    engine.run({ type: 'setState', session: 'A', item: 'A_USER', value: 'session value' })
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    show(engine, 'f?p=90:1:&SESSION.', { session: 'A' })
    expect(valueOf(engine, 'A', 'P1_OUT_0')).toBe('session value')
    engine.run({ type: 'setState', session: 'A', item: 'A_USER', value: 'user value' })
    show(engine, 'f?p=90:1:&SESSION.', { session: 'A' })
    expect(valueOf(engine, 'A', 'P1_OUT_0')).toBe('user value')
  })

  it('§7 an unknown name yields null plus a warning effect (and a GLOBAL item of an app the session has not joined is unknown)', () => {
    const shared: App = { id: 91, name: 'Shares a GLOBAL', homePage: 1, items: [{ name: 'G_ONLY_91', scope: 'GLOBAL' }], pages: [{ id: 1, name: 'x' }] }
    const engine = makeEngine([computeApp([":NOPE || 'x'", "NVL(V('NOPE2'), 'null')", ':G_ONLY_91']), shared])
    const step = only(engine, { type: 'request', url: 'f?p=90:1', as: 'A' })
    expect(outputs(engine, 'A', 3)).toEqual(['x', 'null', null])
    expect(warnings(step).map((w) => w.message)).toEqual([
      'computation #1 on page 1: unknown item NOPE',
      'computation #2 on page 1: unknown item NOPE2',
      'computation #3 on page 1: unknown item G_ONLY_91',
    ])
    expect(warnings(step)[0]).toMatchObject({ session: idOf(engine, 'A'), app: 90, page: 1 })
  })

  it('§7 an unknown name in substituted text becomes the empty string with a warning', () => {
    const app = computeApp([])
    app.pages[0]!.validations = [{ name: 'v', expression: '1 = 0', message: '[&NOPE.]' }]
    const engine = makeEngine([app])
    show(engine, 'f?p=90:1', { as: 'A' })
    const step = engine.run({ type: 'submit', session: 'A', page: 1 })[0]!
    expect(step.errors?.[0]?.message).toBe('[]')
    expect(warnings(step).map((w) => w.message)).toEqual(["validation 'v' on page 1: unknown item NOPE"])
  })
})

describe('§7 the expression language in computations', () => {
  it('§7 string and number literals, ||, + - * /, parentheses', () => {
    expect(evalAll(["'it''s'", '42', '1.5', "'a' || 'b' || 1", '1 + 2 * 3', '(1 + 2) * 3', '10 / 4', '7 - 10', ':P1_N + 1', '-:P1_N'])).toEqual([
      "it's",
      '42',
      '1.5',
      'ab1',
      '7',
      '9',
      '2.5',
      '-3',
      '42',
      '-41',
    ])
  })

  it('§7 comparisons, AND OR NOT and IS [NOT] NULL (as conditions)', () => {
    const conds = ['1 < 2', "'b' > 'a'", ':P1_N = 41', ':P1_N <> 41', ':P1_A IS NOT NULL', ':P2_B IS NULL', 'NOT (1 = 1)', '1 = 1 AND 2 = 2', '1 = 2 OR 2 = 2', '1 = 2 OR NULL = 1']
    const app = computeApp(conds.map(() => "'yes'"))
    app.pages[0]!.computations = conds.map((c, i) => ({ point: 'beforeHeader' as const, item: `P1_OUT_${i}`, expression: "'yes'", when: { expression: c } }))
    const engine = makeEngine([app])
    show(engine, 'f?p=90:1:::::P1_A,P1_N:abc,41', { as: 'A' })
    expect(outputs(engine, 'A', conds.length)).toEqual(['yes', 'yes', 'yes', null, 'yes', 'yes', null, 'yes', 'yes', null])
  })

  it('§7 functions NVL UPPER LOWER TRIM LENGTH SUBSTR TO_NUMBER TO_CHAR', () => {
    expect(
      evalAll([
        "NVL(:P2_B, 'fallback')",
        'UPPER(:P1_A)',
        "LOWER('ABC')",
        "TRIM('  x  ')",
        'LENGTH(:P1_A)',
        "SUBSTR('abcdef', 2, 3)",
        "TO_NUMBER('007') + 1",
        'TO_CHAR(3 * 4)',
      ]),
    ).toEqual(['fallback', 'ABC', 'abc', 'x', '3', 'bcd', '8', '12'])
  })

  it('§7 a run-time problem (e.g. TO_NUMBER of text) is a warning and a null, never a failed request', () => {
    const engine = makeEngine([computeApp(['TO_NUMBER(:P1_A)', '1 / 0'])])
    const step = only(engine, { type: 'request', url: 'f?p=90:1:::::P1_A:abc', as: 'A' })
    expect(step.outcome).toBe('ok')
    expect(outputs(engine, 'A', 2)).toEqual([null, null])
    expect(warnings(step).length).toBe(2)
    expect(warnings(step)[0]!.message).toMatch(/^computation #1 on page 1: 'abc' is not a number in TO_NUMBER\(:P1_A\)/)
  })
})

describe('§7 syntax errors at load', () => {
  it('§7 a syntax error is reported with its path and position when the app definition is loaded (Engine constructor throws AppLoadError)', () => {
    const err = loadError(computeApp(["'ok'", "1 + * 2"]))
    expect(err.problems).toHaveLength(1)
    expect(err.problems[0]).toMatchObject({ path: 'apps[0].pages[0].computations[1].expression', position: 4 })
    expect(err.problems[0]!.message).toMatch(/^syntax error at position 4\b/)
    expect(err.message).toContain('apps[0].pages[0].computations[1].expression: syntax error at position 4')
  })

  it('§7 every expression place is checked and all problems are reported at once', () => {
    const app = computeApp([])
    app.computations = [{ point: 'onNewInstance', item: 'A_APP', expression: "'open" }]
    app.processes = [{ name: 'p', point: 'afterHeader', type: 'setItems', items: { A_APP: 'UPPER(' } }]
    app.pages[0]!.items = [{ name: 'P1_A', source: '1 +', default: ')' }]
    app.pages[0]!.validations = [{ name: 'v', expression: 'AND', message: 'm', when: { expression: '1 = = 1' } }]
    app.pages[0]!.branches = [{ point: 'afterProcessing', target: 'f?p=90:1', when: { expression: 'NOT' } }]
    const err = loadError(app)
    expect(err.problems.map((p) => p.path).sort()).toEqual(
      [
        'apps[0].computations[0].expression',
        'apps[0].processes[0].items.A_APP',
        'apps[0].pages[0].items[0].source',
        'apps[0].pages[0].items[0].default',
        'apps[0].pages[0].validations[0].expression',
        'apps[0].pages[0].validations[0].when.expression',
        'apps[0].pages[0].branches[0].when.expression',
      ].sort(),
    )
    for (const p of err.problems) expect(typeof p.position).toBe('number')
  })

  it('§7 the language is sandboxed: JavaScript is not an expression (syntax errors at load, nothing runs)', () => {
    for (const js of ['process.exit(1)', 'globalThis', '`x`', '(() => 1)()', 'eval("1")', 'this', '[1]']) {
      const err = loadError(computeApp([js]))
      expect(err.problems[0]!.path, js).toBe('apps[0].pages[0].computations[0].expression')
    }
  })

  it('§7 a bare :ITEM name is at most 30 characters (longer needs the quoted form)', () => {
    const long = 'P1_' + 'X'.repeat(28) // 31 characters
    const app = computeApp([`:${long}`])
    const err = loadError(app)
    expect(err.problems[0]!.path).toBe('apps[0].pages[0].computations[0].expression')
    const ok = computeApp([`:"${long}"`])
    ok.pages[0]!.items!.push({ name: long })
    const engine = makeEngine([ok])
    show(engine, `f?p=90:1:::::${long}:long`, { as: 'A' })
    expect(valueOf(engine, 'A', 'P1_OUT_0')).toBe('long')
  })

  it('§7 a load problem outside expressions is reported with its path too (unknown computation target, schema errors)', () => {
    const app = computeApp([])
    app.pages[0]!.computations = [{ point: 'beforeHeader', item: 'NOPE', expression: "'x'" }]
    expect(loadError(app).problems).toEqual([{ path: 'apps[0].pages[0].computations[0].item', message: 'item NOPE is not defined in app 90' }])
    expect(loadError({ id: 'x', name: 1, pages: [] }).problems.map((p) => p.path).sort()).toEqual(['apps[0].homePage', 'apps[0].id', 'apps[0].name'])
  })
})

describe('§7 conditions', () => {
  function condApp(): App {
    const app = computeApp([])
    app.pages[0]!.items!.push({ name: 'P1_BTN' }, { name: 'P1_EXP' }, { name: 'P1_BOTH' }, { name: 'P1_NONE' })
    app.pages[0]!.buttons = [{ name: 'GO' }, { name: 'OTHER' }]
    app.pages[0]!.processes = [
      { name: 'by button', point: 'processing', type: 'setItems', items: { P1_BTN: "'ran'" }, when: { button: 'GO' } },
      { name: 'by expression', point: 'processing', type: 'setItems', items: { P1_EXP: "'ran'" }, when: { expression: ":P1_A = 'yes'" } },
      { name: 'by both', point: 'processing', type: 'setItems', items: { P1_BOTH: "'ran'" }, when: { button: 'go', expression: ":P1_A = 'yes'" } },
      { name: 'no condition', point: 'processing', type: 'setItems', items: { P1_NONE: "'ran'" } },
    ]
    return app
  }

  function ranWith(button: string, a: string): Record<string, string | null> {
    const engine = makeEngine([condApp()])
    show(engine, 'f?p=90:1', { as: 'A' })
    engine.run({ type: 'submit', session: 'A', page: 1, request: button, values: { P1_A: a } })
    return Object.fromEntries(['P1_BTN', 'P1_EXP', 'P1_BOTH', 'P1_NONE'].map((n) => [n, valueOf(engine, 'A', n)]))
  }

  it('§7 {"button"} holds when REQUEST is that button (case-insensitive); {"expression"} when it is true; both must hold when both are given', () => {
    expect(ranWith('GO', 'yes')).toEqual({ P1_BTN: 'ran', P1_EXP: 'ran', P1_BOTH: 'ran', P1_NONE: 'ran' })
    expect(ranWith('GO', 'no')).toEqual({ P1_BTN: 'ran', P1_EXP: null, P1_BOTH: null, P1_NONE: 'ran' })
    expect(ranWith('OTHER', 'yes')).toEqual({ P1_BTN: null, P1_EXP: 'ran', P1_BOTH: null, P1_NONE: 'ran' })
    expect(ranWith('OTHER', 'no')).toEqual({ P1_BTN: null, P1_EXP: null, P1_BOTH: null, P1_NONE: 'ran' })
  })

  it('§7 an expression condition that is null (unknown) does not hold', () => {
    const engine = makeEngine([condApp()])
    show(engine, 'f?p=90:1', { as: 'A' })
    engine.run({ type: 'submit', session: 'A', page: 1, request: 'GO', values: { P1_A: null } })
    expect(valueOf(engine, 'A', 'P1_EXP')).toBeNull()
    expect(rowOf(engine, 'A', 'P1_BOTH')).toBeUndefined()
  })
})
