/**
 * semantics.md §3 Show (render) a page: the phases in order, Before Header
 * branches, computation/process order, the item render rules, the end of
 * request, and the access checks.
 */
import { describe, expect, it } from 'vitest'
import type { Point } from '../../../src-main/engine/model/app-definition.js'
import {
  cell,
  effectsIn,
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
  userSets,
  userValue,
  valueOf,
} from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'

const RENDER_POINTS: Point[] = ['beforeHeader', 'afterHeader', 'beforeRegions', 'afterRegions', 'beforeFooter', 'afterFooter']

/** App 10: a LOG item every component appends to, so the order of execution can be read back. */
function traceApp(): App {
  const append = (tag: string) => `NVL(:A_LOG, '') || '${tag};'`
  return {
    id: 10,
    name: 'Order of things',
    homePage: 1,
    items: [{ name: 'A_LOG' }, { name: 'A_ONI' }],
    computations: [
      { point: 'onNewInstance', item: 'A_ONI', expression: "'oni'" },
      ...RENDER_POINTS.map((p) => ({ point: p, item: 'A_LOG', expression: append(`${p}:app-comp`) })),
    ],
    processes: RENDER_POINTS.map((p) => ({ name: `app ${p}`, point: p, type: 'setItems' as const, items: { A_LOG: append(`${p}:app-proc`) } })),
    pages: [
      {
        id: 1,
        name: 'Traced',
        items: [{ name: 'P1_ITEM', source: ':A_LOG', sourceUsed: 'always' }, { name: 'P1_X' }, { name: 'P1_REQ' }],
        computations: [
          ...RENDER_POINTS.flatMap((p) => [
            { point: p, item: 'A_LOG', expression: append(`${p}:page-comp1`) },
            { point: p, item: 'A_LOG', expression: append(`${p}:page-comp2`) },
          ]),
          { point: 'beforeHeader', item: 'P1_REQ', expression: "NVL(:REQUEST, 'none')" },
        ],
        processes: RENDER_POINTS.map((p) => ({ name: `page ${p}`, point: p, type: 'setItems' as const, items: { A_LOG: append(`${p}:page-proc`) } })),
      },
      { id: 2, name: 'Target', items: [{ name: 'P2_A' }] },
    ],
  }
}

/** App 20: item render rules and storage at the end of the request. */
function renderApp(): App {
  return {
    id: 20,
    name: 'Render rules',
    homePage: 1,
    items: [{ name: 'A_SRC' }],
    pages: [
      {
        id: 1,
        name: 'Items',
        items: [
          { name: 'P1_OWN', source: "'from source'", default: "'from default'" },
          { name: 'P1_OWN_NULLSRC', source: ':A_SRC', default: "'from default'" },
          { name: 'P1_ALWAYS', source: "'from source'", sourceUsed: 'always', default: "'from default'" },
          { name: 'P1_ALWAYS_NULLSRC', source: ':A_SRC', sourceUsed: 'always', default: "'from default'" },
          { name: 'P1_ALWAYS_NULL_NODEF', source: ':A_SRC', sourceUsed: 'always' },
          { name: 'P1_ALWAYS_NOSRC', sourceUsed: 'always', default: "'from default'" },
          { name: 'P1_DEFAULT_ONLY', default: "'from default'" },
          { name: 'P1_PLAIN' },
          { name: 'P1_REQ', storage: 'request', default: "'request default'" },
          { name: 'P1_USR', storage: 'user', default: "'user default'" },
        ],
      },
    ],
  }
}

/** App 30: Before Header branches and access protection. */
function branchApp(): App {
  return {
    id: 30,
    alias: 'BR',
    name: 'Branches and access',
    homePage: 1,
    items: [{ name: 'A_FLAG' }, { name: 'A_LOCKED', protection: 'I' }],
    pages: [
      {
        id: 1,
        name: 'Guarded',
        items: [{ name: 'P1_X' }, { name: 'P1_GOT' }],
        computations: [
          { point: 'beforeHeader', item: 'A_FLAG', expression: "'set by computation'" },
          { point: 'afterHeader', item: 'P1_GOT', expression: "'rendered'" },
        ],
        branches: [
          // Evaluated before the computation above: on a first visit A_FLAG is still null.
          { point: 'beforeHeader', type: 'redirect', target: 'f?p=&APP_ID.:2:&SESSION.::::P2_FROM:redirect', when: { expression: ':A_FLAG IS NOT NULL' } },
        ],
      },
      { id: 2, name: 'Target', items: [{ name: 'P2_FROM' }, { name: 'P2_SEEN_X', source: ':P3_TEMP', sourceUsed: 'always' }] },
      {
        id: 3,
        name: 'Shows 4',
        items: [{ name: 'P3_TEMP', storage: 'request' }, { name: 'P3_Y' }],
        computations: [{ point: 'beforeHeader', item: 'P3_TEMP', expression: "'temp'" }],
        branches: [{ point: 'beforeHeader', type: 'show', target: 'f?p=&APP_ID.:no_url:&SESSION.', when: { expression: ':P3_Y IS NOT NULL' } }],
      },
      { id: 4, alias: 'no_url', name: 'No URL access', protection: 'D', items: [{ name: 'P4_SAW', source: ":P3_Y || '/' || NVL(:P3_TEMP, 'gone')", sourceUsed: 'always' }] },
      { id: 5, name: 'No arguments', protection: 'U', items: [{ name: 'P5_X' }] },
      {
        id: 6,
        name: 'Redirects to D',
        items: [{ name: 'P6_GO' }],
        branches: [{ point: 'beforeHeader', type: 'redirect', target: 'f?p=&APP_ID.:4:&SESSION.', when: { expression: ':P6_GO IS NOT NULL' } }],
      },
    ],
  }
}

describe('§3 phases of a show', () => {
  it('§3 a show runs its phases in the order of §3: resolve, On New Instance, ClearCache, URL items, Before Header … After Footer, end of request', () => {
    const engine = makeEngine([traceApp()])
    const step = only(engine, { type: 'request', url: 'f?p=10:1::GO::1:P1_X:x', as: 'A' })
    expect(step.kind).toBe('show')
    expect(step.outcome).toBe('ok')
    expect(phaseKinds(step)).toEqual([
      'resolveSession',
      'onNewInstance',
      'clearCache',
      'setUrlItems',
      'beforeHeader',
      'afterHeader',
      'beforeRegions',
      'itemsRender',
      'afterRegions',
      'beforeFooter',
      'afterFooter',
      'endOfRequest',
    ])
  })

  it('§3.1–3.3 ClearCache is applied after On New Instance and before the URL’s item values', () => {
    const app = traceApp()
    app.computations!.push({ point: 'onNewInstance', item: 'P1_X', expression: "'oni value'" })
    const engine = makeEngine([app])
    const step = only(engine, { type: 'request', url: 'f?p=10:1:::::P1_X:url value', as: 'A' })
    // With no clear cache: ONI writes, then the URL overwrites. The row is new in this
    // request, so it is still one insert at the end-of-request commit (docs/decisions.md).
    expect(sets(step).filter((e) => e.item === 'P1_X').map((e) => [e.to, e.toStatus, e.cause])).toEqual([
      ['oni value', 'I', 'application computation #8 (P1_X)'],
      ['url value', 'I', 'URL f?p=10:1:::::P1_X:url value'],
    ])
    // On a new session with clear cache: ONI writes, the clear resets it, the URL then sets it.
    const step2 = only(engine, { type: 'request', url: 'f?p=10:1::::P1_X:P1_X:again', as: 'B' })
    expect(sets(step2).filter((e) => e.item === 'P1_X').map((e) => [e.to, e.toStatus])).toEqual([
      ['oni value', 'I'],
      [null, 'R'],
      ['again', 'U'],
    ])
    const oni = phase(step2, 'onNewInstance')
    const clear = phase(step2, 'clearCache')
    const items = phase(step2, 'setUrlItems')
    expect(oni.end).toBeLessThanOrEqual(clear.start)
    expect(clear.end).toBeLessThanOrEqual(items.start)
  })

  it('§3.3 the URL’s item values are set in order (a name given twice ends with its last value)', () => {
    const engine = makeEngine([traceApp()])
    const step = only(engine, { type: 'request', url: 'f?p=10:1:::::P1_X,P1_X:first,second', as: 'A' })
    expect(effectsIn(step, 'setUrlItems').map((e) => (e.op === 'set' ? [e.item, e.to, e.toStatus] : e.op))).toEqual([
      ['P1_X', 'first', 'I'],
      ['P1_X', 'second', 'I'],
    ])
    expect(valueOf(engine, 'A', 'P1_X')).toBe('second')
  })

  it('§3.3 REQUEST is set from the URL’s Request part for this request only (never stored)', () => {
    const engine = makeEngine([traceApp()])
    show(engine, 'f?p=10:1::MY_REQUEST', { as: 'A' })
    expect(valueOf(engine, 'A', 'P1_REQ')).toBe('MY_REQUEST')
    expect(engine.stateRows(idOf(engine, 'A')).some((r) => r.item === 'REQUEST')).toBe(false)
    show(engine, 'f?p=10:1:&SESSION.', { session: 'A' })
    expect(valueOf(engine, 'A', 'P1_REQ')).toBe('none')
  })

  it('§3.4–3.7 at each point computations run before processes, application components before the page’s, each in sequence order; points run in §3 order', () => {
    const engine = makeEngine([traceApp()])
    show(engine, 'f?p=10:1', { as: 'A' })
    const log = valueOf(engine, 'A', 'A_LOG')!.split(';').filter(Boolean)
    const expected = RENDER_POINTS.flatMap((p) => [`${p}:app-comp`, `${p}:page-comp1`, `${p}:page-comp2`, `${p}:app-proc`, `${p}:page-proc`])
    expect(log).toEqual(expected)
    // Items render between Before Regions and After Regions: P1_ITEM (always from A_LOG) saw exactly three points.
    expect(valueOf(engine, 'A', 'P1_ITEM')!.split(';').filter(Boolean)).toEqual(expected.slice(0, 15))
  })

  it('§3.4 Before Header branches are evaluated first, before the computations of that point', () => {
    const engine = makeEngine([branchApp()])
    // First visit: A_FLAG is null when the branch is checked, so the page renders; the computation sets it.
    const s1 = engine.run({ type: 'request', url: 'f?p=30:1', as: 'A' })
    expect(s1).toHaveLength(1)
    expect(phaseKinds(s1[0]!)).toContain('itemsRender')
    expect(valueOf(engine, 'A', 'A_FLAG')).toBe('set by computation')
    expect(valueOf(engine, 'A', 'P1_GOT')).toBe('rendered')
  })

  it('§3.4 a Before Header redirect branch that fires ends the render (nothing after it runs) and leaves for its target', () => {
    const engine = makeEngine([branchApp()])
    show(engine, 'f?p=30:1', { as: 'A' })
    engine.run({ type: 'clearCache', session: 'A', tokens: 'P1_GOT' })
    const steps = engine.run({ type: 'request', session: 'A', url: 'f?p=30:1:&SESSION.' })
    expect(steps).toHaveLength(2)
    const [leave, target] = steps as [(typeof steps)[0], (typeof steps)[0]]
    expect(phaseKinds(leave)).toEqual(['resolveSession', 'beforeHeader', 'branch', 'endOfRequest'])
    expect(phase(leave, 'branch').detail).toMatchObject({ type: 'redirect', target: `f?p=30:2:${idOf(engine, 'A')}::::P2_FROM:redirect` })
    // The page's own computations did not run: P1_GOT stays reset.
    expect(cell(engine, 'A', 'P1_GOT')).toEqual([null, 'R'])
    expect(target.causedBy).toBe(leave.index)
    expect(target.page).toBe(2)
    expect(valueOf(engine, 'A', 'P2_FROM')).toBe('redirect')
    expect(sessionOf(engine, 'A').currentPage).toBe(2)
  })

  it('§3.4 a Before Header show branch renders its target inside the same request (Per Request values still visible)', () => {
    const engine = makeEngine([branchApp()])
    const steps = engine.run({ type: 'request', url: 'f?p=30:3:::::P3_Y,P3_TEMP:y,from url', as: 'A' })
    expect(steps).toHaveLength(1)
    const step = steps[0]!
    expect(step.page).toBe(4)
    expect(phaseKinds(step)).toEqual([
      'resolveSession',
      'onNewInstance',
      'setUrlItems',
      'beforeHeader',
      'branch',
      'beforeHeader',
      'afterHeader',
      'beforeRegions',
      'itemsRender',
      'afterRegions',
      'beforeFooter',
      'afterFooter',
      'endOfRequest',
    ])
    // The Per Request value from the URL is still visible on the target page; it was never stored.
    expect(valueOf(engine, 'A', 'P4_SAW')).toBe('y/from url')
    expect(rowOf(engine, 'A', 'P3_TEMP')).toBeUndefined()
    expect(sessionOf(engine, 'A').currentPage).toBe(4)
  })
})

describe('§3.6 items render', () => {
  it('§3.6 sourceUsed=onlyWhenNull (default): the stored value if not null, else the source, else the default', () => {
    const engine = makeEngine([renderApp()])
    show(engine, 'f?p=20:1', { as: 'A' })
    expect(valueOf(engine, 'A', 'P1_OWN')).toBe('from source')
    expect(valueOf(engine, 'A', 'P1_OWN_NULLSRC')).toBe('from default')
    expect(valueOf(engine, 'A', 'P1_DEFAULT_ONLY')).toBe('from default')
    expect(rowOf(engine, 'A', 'P1_PLAIN')).toBeUndefined()
    // A stored value wins over source and default.
    engine.run({ type: 'setState', session: 'A', item: 'P1_OWN', value: 'stored' })
    engine.run({ type: 'setState', session: 'A', item: 'P1_OWN_NULLSRC', value: 'stored too' })
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=20:1:&SESSION.' })
    expect(valueOf(engine, 'A', 'P1_OWN')).toBe('stored')
    expect(valueOf(engine, 'A', 'P1_OWN_NULLSRC')).toBe('stored too')
    expect(phase(step, 'itemsRender').detail).toMatchObject({ values: { P1_OWN: 'stored', P1_OWN_NULLSRC: 'stored too' } })
  })

  it('§3.6 sourceUsed=always: the source replaces any stored value; if that yields null, the default', () => {
    const engine = makeEngine([renderApp()])
    show(engine, 'f?p=20:1:::::P1_ALWAYS,P1_ALWAYS_NULLSRC:typed,typed', { as: 'A' })
    expect(valueOf(engine, 'A', 'P1_ALWAYS')).toBe('from source')
    expect(valueOf(engine, 'A', 'P1_ALWAYS_NULLSRC')).toBe('from default')
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=20:1:&SESSION.::::P1_ALWAYS:typed again' })
    expect(sets(effectsIn(step, 'itemsRender')).filter((e) => e.item === 'P1_ALWAYS').map((e) => [e.from, e.to, e.cause])).toEqual([
      ['typed again', 'from source', 'source of P1_ALWAYS'],
    ])
    // Source given and null, no default: the stored value is replaced by null.
    engine.run({ type: 'setState', session: 'A', item: 'P1_ALWAYS_NULL_NODEF', value: 'stored' })
    show(engine, 'f?p=20:1:&SESSION.', { session: 'A' })
    expect(cell(engine, 'A', 'P1_ALWAYS_NULL_NODEF')).toEqual([null, 'U'])
    // Once the source has a value, it is used.
    engine.run({ type: 'setState', session: 'A', item: 'A_SRC', value: 'src' })
    show(engine, 'f?p=20:1:&SESSION.', { session: 'A' })
    expect(valueOf(engine, 'A', 'P1_ALWAYS_NULLSRC')).toBe('src')
    expect(valueOf(engine, 'A', 'P1_ALWAYS_NULL_NODEF')).toBe('src')
  })

  it('§3.6 sourceUsed=always with no source keeps the stored value (the default only when it is null)', () => {
    const engine = makeEngine([renderApp()])
    show(engine, 'f?p=20:1', { as: 'A' })
    expect(valueOf(engine, 'A', 'P1_ALWAYS_NOSRC')).toBe('from default')
    show(engine, 'f?p=20:1:&SESSION.::::P1_ALWAYS_NOSRC:mine', { session: 'A' })
    expect(valueOf(engine, 'A', 'P1_ALWAYS_NOSRC')).toBe('mine')
  })

  it('§3.6 a default is used only when no value came from the stored value or the source', () => {
    const engine = makeEngine([renderApp()])
    const step = only(engine, { type: 'request', url: 'f?p=20:1', as: 'A' })
    const causes = Object.fromEntries(sets(effectsIn(step, 'itemsRender')).map((e) => [e.item, e.cause]))
    expect(causes).toEqual({
      P1_OWN: 'source of P1_OWN',
      P1_OWN_NULLSRC: 'default of P1_OWN_NULLSRC',
      P1_ALWAYS: 'source of P1_ALWAYS',
      P1_ALWAYS_NULLSRC: 'default of P1_ALWAYS_NULLSRC',
      P1_ALWAYS_NOSRC: 'default of P1_ALWAYS_NOSRC',
      P1_DEFAULT_ONLY: 'default of P1_DEFAULT_ONLY',
      P1_USR: 'default of P1_USR',
    })
  })

  it('§3.6 an item’s stored value is the request’s value when this request set it (a Per Request URL value counts)', () => {
    const engine = makeEngine([renderApp()])
    const step = only(engine, { type: 'request', url: 'f?p=20:1:::::P1_REQ,P1_OWN:from url,also url', as: 'A' })
    expect(phase(step, 'itemsRender').detail).toMatchObject({ values: { P1_REQ: 'from url', P1_OWN: 'also url' } })
    expect(rowOf(engine, 'A', 'P1_REQ')).toBeUndefined()
    // The next request does not have it: the default applies (and is again not stored).
    const next = only(engine, { type: 'request', session: 'A', url: 'f?p=20:1:&SESSION.' })
    expect(phase(next, 'itemsRender').detail).toMatchObject({ values: { P1_REQ: 'request default' } })
    expect(rowOf(engine, 'A', 'P1_REQ')).toBeUndefined()
  })

  it('§3.6 for a user item of a logged-in user the stored value comes from the Per User store', () => {
    const engine = makeEngine([renderApp()])
    show(engine, 'f?p=20:1', { as: 'A' })
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    engine.run({ type: 'submit', session: 'A', page: 1, values: { P1_USR: 'mine' } })
    engine.run({ type: 'clearCache', session: 'A', tokens: 'P1_USR' })
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=20:1:&SESSION.' })
    expect(phase(step, 'itemsRender').detail).toMatchObject({ values: { P1_USR: 'mine' } })
    expect(userSets(step)).toEqual([])
  })
})

describe('§3.8 end of request', () => {
  it('§3.8 every value this request gave a session item is stored, whatever gave it (URL, computation, process, source, default)', () => {
    const app = renderApp()
    app.pages[0]!.items!.push({ name: 'P1_BY_COMP' }, { name: 'P1_BY_PROC' })
    app.pages[0]!.computations = [{ point: 'afterHeader', item: 'P1_BY_COMP', expression: "'c'" }]
    app.pages[0]!.processes = [{ name: 'p', point: 'afterFooter', type: 'setItems', items: { P1_BY_PROC: "'p'" } }]
    const engine = makeEngine([app])
    const step = only(engine, { type: 'request', url: 'f?p=20:1:::::P1_PLAIN:u', as: 'A' })
    const stored = Object.fromEntries(engine.stateRows(idOf(engine, 'A')).map((r) => [r.item, [r.value, r.status]]))
    expect(stored).toEqual({
      P1_PLAIN: ['u', 'I'],
      P1_BY_COMP: ['c', 'I'],
      P1_BY_PROC: ['p', 'I'],
      P1_OWN: ['from source', 'I'],
      P1_OWN_NULLSRC: ['from default', 'I'],
      P1_ALWAYS: ['from source', 'I'],
      P1_ALWAYS_NULLSRC: ['from default', 'I'],
      P1_ALWAYS_NOSRC: ['from default', 'I'],
      P1_DEFAULT_ONLY: ['from default', 'I'],
      P1_USR: ['user default', 'I'], // user item of nobody: session state
    })
    expect(notices(step, 'requestValuesDropped').map((n) => n.message)).toEqual(['Per Request values dropped at end of request: P1_REQ'])
    expect(phaseKinds(step).at(-1)).toBe('endOfRequest')
  })

  it('§3.8 user items of a logged-in user go to the Per User store', () => {
    const engine = makeEngine([renderApp()])
    show(engine, 'f?p=20:1', { as: 'A' })
    engine.run({ type: 'clearCache', session: 'A', tokens: 'P1_USR' })
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=20:1:&SESSION.' })
    // The session row is R (null): the default applies and goes to SCOTT's store.
    expect(userSets(step).map((e) => [e.user, e.item, e.to, e.cause])).toEqual([['SCOTT', 'P1_USR', 'user default', 'default of P1_USR']])
    expect(userValue(engine, 'SCOTT', 20, 'P1_USR')).toBe('user default')
    expect(cell(engine, 'A', 'P1_USR')).toEqual([null, 'R'])
  })
})

describe('§3 access checks', () => {
  function refused(url: string, setup?: (e: ReturnType<typeof makeEngine>) => void) {
    const engine = makeEngine([branchApp()])
    show(engine, 'f?p=30:2', { as: 'A' })
    setup?.(engine)
    engine.run({ type: 'wait', seconds: 5 })
    const before = engine.snapshot()
    const steps = engine.run({ type: 'request', session: 'A', url })
    expect(steps).toHaveLength(1)
    expect(engine.snapshot()).toEqual(before) // no state change at all, not even the idle clock
    return steps[0]!
  }

  it('§3 an item with protection I named in a URL: outcome error with a clear reason and no state change', () => {
    const step = refused('f?p=30:2:&SESSION.::::A_LOCKED:x')
    expect(step.outcome).toBe('error')
    expect(step.reason).toBe('item A_LOCKED is protected (I: may not be set from the browser) and cannot be set in a URL')
    expect(step.effects).toEqual([])
  })

  it('§3 protection I also refuses the URL that would create a new session (no session is created)', () => {
    const engine = makeEngine([branchApp()])
    const before = engine.snapshot()
    const step = only(engine, { type: 'request', url: 'f?p=30:1:::::A_LOCKED:x' })
    expect(step.outcome).toBe('error')
    expect(engine.snapshot()).toEqual(before)
    expect(engine.sessions()).toEqual([])
  })

  it('§3 a page with access protection U refuses a Request, ClearCache or item values in its URL; a bare URL is fine', () => {
    for (const url of ['f?p=30:5:&SESSION.:GO', 'f?p=30:5:&SESSION.:::5', 'f?p=30:5:&SESSION.::::P5_X:1']) {
      const step = refused(url)
      expect(step.outcome, url).toBe('error')
      expect(step.reason).toBe('page 5 has access protection "No Arguments Supported" (U): the URL may not carry a request, clear cache or item values')
    }
    const engine = makeEngine([branchApp()])
    expect(only(engine, { type: 'request', url: 'f?p=30:5', as: 'A' }).outcome).toBe('ok')
    expect(only(engine, { type: 'request', session: 'A', url: 'f?p=30:5:&SESSION.' }).outcome).toBe('ok')
  })

  it('§3 a page with access protection D cannot be requested by URL (nor by a redirect branch) — no state change', () => {
    const step = refused('f?p=30:4:&SESSION.')
    expect(step.outcome).toBe('error')
    expect(step.reason).toBe('page 4 has access protection "No URL Access" (D): it can only be reached by a show branch')
    // A redirect branch is a URL request too: the follow-up step is refused, the leaving step stands.
    const engine = makeEngine([branchApp()])
    show(engine, 'f?p=30:6', { as: 'A' })
    const steps = engine.run({ type: 'request', session: 'A', url: 'f?p=30:6:&SESSION.::::P6_GO:1' })
    expect(steps.map((s) => s.outcome)).toEqual(['ok', 'error'])
    expect(steps[1]!.causedBy).toBe(steps[0]!.index)
    expect(steps[1]!.effects).toEqual([])
    expect(sessionOf(engine, 'A').currentPage).toBe(6)
  })

  it('§3 a page with access protection D stays reachable by a show branch', () => {
    const engine = makeEngine([branchApp()])
    const step = only(engine, { type: 'request', url: 'f?p=30:3:::::P3_Y:ok', as: 'A' })
    expect(step.outcome).toBe('ok')
    expect(step.page).toBe(4)
    // P3_TEMP was not computed (the branch fired before the page's computations), so it reads as gone.
    expect(valueOf(engine, 'A', 'P4_SAW')).toBe('ok/gone')
  })
})
