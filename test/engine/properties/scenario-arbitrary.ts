/**
 * fast-check arbitraries for whole engine scenarios: 1–2 small, random but
 * valid apps, settings, a seed, and a sequence of operations against several
 * sessions (aliases A–E): show requests with random URLs (f?p and
 * friendly, clear cache, items, APEX_CLONE_SESSION, unknown IDs), submits,
 * clones, logins, logouts, waits, setState and clearCache.
 *
 * Everything is generated as small random choices (indices, flags) and then
 * built by pure functions, so every app is valid by construction (all
 * expressions parse, every referenced item exists) and shrinking stays
 * meaningful.
 */
import { fc } from '@fast-check/vitest'
import type { AppDefinition, Point } from '../../../src-main/engine/model/app-definition.js'
import type { Operation } from '../../../src-main/engine/model/operation.js'

export interface Scenario {
  apps: AppDefinition[]
  seed: number
  settings: { maxSessionIdleSec: number; maxSessionLengthSec: number; cloneSessionEnabled: boolean }
  ops: Operation[]
}

export const ALIASES = ['A', 'B', 'C', 'D', 'E'] as const
/** Aliases for sessions an operation creates: mostly free ones, sometimes a clash. */
const NEW_ALIASES = ['D', 'E', 'D', 'E', 'A'] as const
const USERS = ['SCOTT', 'ADAMS'] as const
const VALUES = ['v', 'w2', '', 'a,b', '42', '-1.5', 'x\\y'] as const
const RENDER_POINTS: Point[] = ['beforeHeader', 'afterHeader', 'beforeRegions', 'afterRegions', 'beforeFooter', 'afterFooter']
const COMPUTATION_POINTS: Point[] = [...RENDER_POINTS, 'afterSubmit', 'onNewInstance', 'afterLogin']
const PROCESS_POINTS: Point[] = [...RENDER_POINTS, 'onSubmitBeforeComputation', 'processing', 'onNewInstance', 'afterLogin']
const BRANCH_POINTS: Point[] = ['beforeHeader', 'afterSubmit', 'validating', 'processing', 'afterProcessing']
const BUTTONS = ['GO', 'SAVE'] as const
const PAGE_PROTECTION = ['N', 'N', 'N', 'N', 'U', 'D'] as const

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!

// ---------------------------------------------------------------- raw choices

const nat = fc.nat({ max: 1000 })

const condRaw = fc.record({ button: fc.option(nat, { nil: undefined }), expr: fc.option(nat, { nil: undefined }) })
type CondRaw = { button: number | undefined; expr: number | undefined }

const itemRaw = fc.record({ storage: nat, protection: nat, source: fc.option(nat, { nil: undefined }), always: fc.boolean(), def: fc.option(nat, { nil: undefined }) })
type ItemRaw = { storage: number; protection: number; source: number | undefined; always: boolean; def: number | undefined }

const compRaw = fc.record({ point: nat, item: nat, expr: nat, when: fc.option(condRaw, { nil: undefined }) })
type CompRaw = { point: number; item: number; expr: number; when: CondRaw | undefined }

const procRaw = fc.record({ kind: nat, point: nat, item: nat, expr: nat, tokens: fc.array(nat, { maxLength: 3 }), when: fc.option(condRaw, { nil: undefined }) })
type ProcRaw = { kind: number; point: number; item: number; expr: number; tokens: number[]; when: CondRaw | undefined }

const valRaw = fc.record({ expr: nat, item: fc.option(nat, { nil: undefined }), when: fc.option(condRaw, { nil: undefined }) })
type ValRaw = { expr: number; item: number | undefined; when: CondRaw | undefined }

const branchRaw = fc.record({ point: nat, show: fc.boolean(), page: nat, otherApp: fc.boolean(), item: fc.option(nat, { nil: undefined }), clear: fc.option(nat, { nil: undefined }), when: fc.option(condRaw, { nil: undefined }) })
type BranchRaw = { point: number; show: boolean; page: number; otherApp: boolean; item: number | undefined; clear: number | undefined; when: CondRaw | undefined }

const pageRaw = fc.record({
  alias: fc.boolean(),
  protection: nat,
  items: fc.array(itemRaw, { minLength: 1, maxLength: 3 }),
  comps: fc.array(compRaw, { maxLength: 3 }),
  procs: fc.array(procRaw, { maxLength: 2 }),
  vals: fc.array(valRaw, { maxLength: 2 }),
  branches: fc.array(branchRaw, { maxLength: 2 }),
})
type PageRaw = { alias: boolean; protection: number; items: ItemRaw[]; comps: CompRaw[]; procs: ProcRaw[]; vals: ValRaw[]; branches: BranchRaw[] }

const appRaw = fc.record({
  alias: fc.boolean(),
  appItemStorage: fc.array(nat, { minLength: 1, maxLength: 2 }),
  global: fc.boolean(),
  pages: fc.array(pageRaw, { minLength: 1, maxLength: 3 }),
  comps: fc.array(compRaw, { maxLength: 2 }),
  procs: fc.array(procRaw, { maxLength: 2 }),
})
type AppRaw = { alias: boolean; appItemStorage: number[]; global: boolean; pages: PageRaw[]; comps: CompRaw[]; procs: ProcRaw[] }

const opRaw = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('request' as const), a: nat, b: nat, c: nat, d: nat, e: nat, f: fc.array(nat, { maxLength: 3 }), g: fc.array(nat, { maxLength: 3 }), h: nat }) },
  { weight: 5, arbitrary: fc.record({ k: fc.constant('submit' as const), a: nat, b: nat, c: nat, d: nat, e: nat, f: fc.array(nat, { maxLength: 3 }), g: fc.array(nat, { maxLength: 3 }), h: nat }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('clone' as const), a: nat, b: nat, c: nat, d: nat, e: nat, f: fc.constant([]), g: fc.constant([]), h: nat }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('login' as const), a: nat, b: nat, c: nat, d: nat, e: nat, f: fc.constant([]), g: fc.constant([]), h: nat }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('logout' as const), a: nat, b: nat, c: nat, d: nat, e: nat, f: fc.constant([]), g: fc.constant([]), h: nat }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('wait' as const), a: nat, b: nat, c: nat, d: nat, e: nat, f: fc.constant([]), g: fc.constant([]), h: nat }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('setState' as const), a: nat, b: nat, c: nat, d: nat, e: nat, f: fc.constant([]), g: fc.constant([]), h: nat }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('clearCache' as const), a: nat, b: nat, c: nat, d: nat, e: nat, f: fc.array(nat, { minLength: 1, maxLength: 3 }), g: fc.constant([]), h: nat }) },
)
type OpRaw = { k: Exclude<Operation['type'], 'ajax'>; a: number; b: number; c: number; d: number; e: number; f: number[]; g: number[]; h: number }

// ---------------------------------------------------------------- building

interface BuiltItem {
  name: string
  page: number | null
  storage: string
  protection: string
}

/** Value expressions over the app's items; all valid in the language of §7. */
function valueExpressions(items: string[]): string[] {
  const x = (n: number) => `:${pick(items, n)}`
  return [
    "'lit'",
    `'v' || ${x(0)}`,
    `NVL(${x(1)}, 'n')`,
    `UPPER(${x(2)})`,
    `TO_CHAR(LENGTH(${x(3)}))`,
    ':APP_USER',
    ':REQUEST',
    `NVL(TO_CHAR(TO_NUMBER(${x(4)}) + 1), '0')`,
    ':NOPE_UNKNOWN',
    `SUBSTR(${x(5)}, 1, 2)`,
    "V('APP_PAGE_ID')",
    'NULL',
  ]
}

function conditionExpressions(items: string[]): string[] {
  const x = (n: number) => `:${pick(items, n)}`
  return [`${x(0)} IS NULL`, `${x(1)} IS NOT NULL`, `NVL(${x(2)}, 'a') = 'a'`, `LENGTH(${x(3)}) > 1`, '1 = 1', '1 = 0', `${x(4)} = 'v'`]
}

function buildCondition(c: CondRaw | undefined, conds: string[]): { button?: string; expression?: string } | undefined {
  if (!c || (c.button === undefined && c.expr === undefined)) return undefined
  const out: { button?: string; expression?: string } = {}
  if (c.button !== undefined) out.button = pick(BUTTONS, c.button)
  if (c.expr !== undefined) out.expression = pick(conds, c.expr)
  return out
}

function buildApp(id: number, raw: AppRaw, otherAppId: number | null, globalShared: boolean): AppDefinition {
  const items: BuiltItem[] = []
  const appItems: AppDefinition['items'] = raw.appItemStorage.map((s, i) => {
    const name = `A${i}`
    const storage = pick(['session', 'session', 'user', 'request'], s)
    items.push({ name, page: null, storage, protection: 'N' })
    return { name, storage: storage as 'session' | 'user' | 'request', ...(i === 1 ? { protection: 'I' as const } : {}) }
  })
  if (raw.global || globalShared) {
    appItems.push({ name: 'G_SHARED', scope: 'GLOBAL' })
    items.push({ name: 'G_SHARED', page: null, storage: 'session', protection: 'N' })
  }
  const pageIds = raw.pages.map((_, i) => i + 1)
  raw.pages.forEach((p, pi) => p.items.forEach((it, ii) => items.push({ name: `P${pi + 1}_I${ii}`, page: pi + 1, storage: pick(['session', 'session', 'session', 'request', 'user'], it.storage), protection: pick(['N', 'N', 'N', 'N', 'I'], it.protection) })))
  const names = items.map((i) => i.name)
  const values = valueExpressions(names)
  const conds = conditionExpressions(names)
  const comp = (c: CompRaw, points: Point[]) => ({
    point: pick(points, c.point),
    item: pick(names, c.item),
    expression: pick(values, c.expr),
    ...(buildCondition(c.when, conds) ? { when: buildCondition(c.when, conds) } : {}),
  })
  const tokenPool = [...pageIds.map(String), ...names, 'APP', 'SESSION', 'RP', 'JUNK', '999']
  const proc = (p: ProcRaw, i: number) => {
    const base = { name: `proc${i}`, point: pick(PROCESS_POINTS, p.point), ...(buildCondition(p.when, conds) ? { when: buildCondition(p.when, conds) } : {}) }
    switch (p.kind % 3) {
      case 0:
        return { ...base, type: 'setItems' as const, items: { [pick(names, p.item)]: pick(values, p.expr) } }
      case 1:
        return { ...base, type: 'clearCache' as const, tokens: p.tokens.map((t) => pick(tokenPool, t)).join(',') }
      default:
        return { ...base, type: 'insertRow' as const, table: 'T', columns: { C1: pick(values, p.expr), C2: `:${pick(names, p.item)}` } }
    }
  }
  const pages: AppDefinition['pages'] = raw.pages.map((p, pi) => {
    const pageId = pi + 1
    const pageItems = p.items.map((it, ii) => {
      const built = items.find((x) => x.name === `P${pageId}_I${ii}`)!
      return {
        name: built.name,
        ...(built.storage !== 'session' ? { storage: built.storage as 'request' | 'user' } : {}),
        ...(built.protection === 'I' ? { protection: 'I' as const } : {}),
        ...(it.source !== undefined ? { source: pick(values, it.source), sourceUsed: it.always ? ('always' as const) : ('onlyWhenNull' as const) } : {}),
        ...(it.def !== undefined ? { default: pick(values, it.def) } : {}),
      }
    })
    const branches = p.branches.map((b) => {
      const target = b.otherApp && otherAppId !== null ? otherAppId : id
      const targetPage = target === id ? pick(pageIds, b.page) : 1
      let url = `f?p=${target === id ? '&APP_ID.' : target}:${targetPage}:&SESSION.`
      const itemName = b.item !== undefined && target === id ? pick(names.filter((n) => n.startsWith('P')), b.item) : undefined
      const clear = b.clear !== undefined ? pick(tokenPool, b.clear) : ''
      if (clear || itemName) url += `:::${clear}`
      if (itemName) url += `:${itemName}:&${pick(names, b.page)}.`
      return {
        point: pick(BRANCH_POINTS, b.point),
        type: b.show ? ('show' as const) : ('redirect' as const),
        target: url,
        ...(buildCondition(b.when, conds) ? { when: buildCondition(b.when, conds) } : {}),
      }
    })
    return {
      id: pageId,
      ...(p.alias ? { alias: `pg${pageId}` } : {}),
      name: `Page ${pageId}`,
      // Page 1 (where sessions start) stays open; later pages may be U or D.
      ...(pageId > 1 && pick(PAGE_PROTECTION, p.protection) !== 'N' ? { protection: pick(PAGE_PROTECTION, p.protection) as 'U' | 'D' } : {}),
      items: pageItems,
      buttons: BUTTONS.map((name) => ({ name })),
      computations: p.comps.map((c) => comp(c, COMPUTATION_POINTS.filter((x) => x !== 'onNewInstance' && x !== 'afterLogin'))),
      processes: p.procs.map((x, i) => proc(x, i)).map((x) => (x.point === 'onNewInstance' || x.point === 'afterLogin' ? { ...x, point: 'afterHeader' as const } : x)),
      validations: p.vals.map((v, i) => ({
        name: `val${i}`,
        expression: pick(conds, v.expr),
        message: `failed &${pick(names, v.expr)}.`,
        ...(v.item !== undefined ? { item: pick(names, v.item) } : {}),
        ...(buildCondition(v.when, conds) ? { when: buildCondition(v.when, conds) } : {}),
      })),
      branches,
    }
  })
  return {
    id,
    ...(raw.alias ? { alias: id === 101 ? 'ALPHA' : 'BETA' } : {}),
    name: `App ${id}`,
    homePage: 1,
    tables: [{ name: 'T', columns: ['C1', 'C2'] }],
    items: appItems,
    computations: raw.comps.map((c) => comp(c, COMPUTATION_POINTS)),
    processes: raw.procs.map((x, i) => proc(x, i)),
    pages,
  }
}

/** Every item of an app with its page (for building URLs and posts). */
function itemsOf(app: AppDefinition): BuiltItem[] {
  return [
    ...(app.items ?? []).map((i) => ({ name: i.name, page: null, storage: i.storage ?? 'session', protection: i.protection ?? 'N' })),
    ...app.pages.flatMap((p) => (p.items ?? []).map((i) => ({ name: i.name, page: p.id, storage: i.storage ?? 'session', protection: i.protection ?? 'N' }))),
  ]
}

function urlValue(v: string): string {
  if (v.includes(',')) return `\\${v}\\`
  return v.replace(/\\/g, '%5C')
}

function buildOp(raw: OpRaw, apps: AppDefinition[]): Operation {
  const app = pick(apps, raw.a)
  const alias = pick(ALIASES, raw.b)
  const pages = app.pages.map((p) => p.id)
  const items = itemsOf(app)
  switch (raw.k) {
    case 'request': {
      const appRef = pick([String(app.id), String(app.id), app.alias ?? String(app.id), (app.alias ?? String(app.id)).toLowerCase(), '999'], raw.c)
      const page = pick(app.pages, raw.d)
      const pageRef = pick([String(page.id), String(page.id), page.alias ?? String(page.id), String(page.id), page.alias ?? String(page.id), String(page.id), '77'], raw.e)
      const slotChoice = raw.h % 8
      const slot = ['&SESSION.', '&SESSION.', '&SESSION.', '', '', '0', '1234567890123', 'abc'][slotChoice]!
      const withSession = slotChoice !== 4 // '' with no session → new session
      const request = pick(['', '', '', 'GO', 'SAVE', 'APEX_CLONE_SESSION'], raw.c + raw.d)
      const clear = raw.f.map((t) => pick([...pages.map(String), ...items.map((i) => i.name), 'APP', 'SESSION', 'RP', 'CIR', 'JUNK'], t))
      const urlItems = raw.g.map((t, i) => ({ name: pick([...items.map((x) => x.name), 'NOPE'], t), value: pick(VALUES, t + i) }))
      let url: string
      if (raw.e % 5 === 4) {
        // Friendly form.
        const q: string[] = []
        if (slot !== '') q.push(`session=${slot}`)
        if (request) q.push(`request=${request}`)
        if (clear.length) q.push(`clear=${clear.join(',')}`)
        for (const it of urlItems) q.push(`${it.name.toLowerCase()}=${encodeURIComponent(it.value)}`)
        url = `/ords/ws/r/${appRef.toLowerCase()}/${pageRef}${q.length ? `?${q.join('&')}` : ''}`
      } else {
        url = `f?p=${appRef}:${pageRef}:${slot}:${request}::${clear.join(',')}:${urlItems.map((i) => i.name).join(',')}:${urlItems.map((i) => urlValue(i.value)).join(',')}`
        if (raw.h % 3 === 0) url += '&cs=1X'
      }
      const as = request === 'APEX_CLONE_SESSION' || !withSession ? pick(NEW_ALIASES, raw.h) : undefined
      return { type: 'request', url, ...(withSession ? { session: alias } : {}), ...(as !== undefined ? { as } : {}) }
    }
    case 'submit': {
      const page = pick(app.pages, raw.c)
      const pageItems = items.filter((i) => i.page === page.id)
      const values: Record<string, string | number | null> = {}
      for (const [i, t] of raw.f.entries()) {
        const pool = raw.h % 7 === 0 ? items : pageItems
        const it = pick(pool, t)
        values[i % 2 === 0 ? it.name : it.name.toLowerCase()] = pick([...VALUES, null, 7] as const, t + i)
      }
      return {
        type: 'submit',
        session: alias,
        page: raw.d % 9 === 0 ? 77 : page.id,
        ...(raw.e % 2 === 0 ? { app: app.id } : {}),
        ...(raw.h % 4 !== 3 ? { request: pick(['GO', 'SAVE', ''], raw.h) } : {}),
        values,
      }
    }
    case 'clone':
      return { type: 'clone', session: alias, as: pick(NEW_ALIASES, raw.c), ...(raw.d % 2 === 0 ? { page: raw.e % 5 === 0 ? 77 : pick(pages, raw.e) } : {}) }
    case 'login':
      return { type: 'login', session: alias, user: pick(USERS, raw.c) }
    case 'logout':
      return { type: 'logout', session: alias }
    case 'wait':
      return { type: 'wait', seconds: pick([0, 10, 300, 700, 2500, 4000], raw.c) }
    case 'setState': {
      const it = pick(items, raw.c)
      return { type: 'setState', session: alias, item: raw.d % 11 === 0 ? 'NOPE' : it.name, value: pick([...VALUES, null, 3] as const, raw.e), ...(raw.h % 2 === 0 ? { app: app.id } : {}) }
    }
    case 'clearCache': {
      const tokens = raw.f.map((t) => pick([...pages.map(String), ...items.map((i) => i.name), 'APP', 'SESSION', 'RR', 'JUNK', ' '], t)).join(',')
      return { type: 'clearCache', session: alias, tokens, ...(raw.h % 2 === 0 ? { app: app.id } : {}) }
    }
  }
}

export function scenarioArb(opts: { maxOps?: number } = {}): fc.Arbitrary<Scenario> {
  return fc
    .record({
      apps: fc.array(appRaw, { minLength: 1, maxLength: 2 }),
      globalShared: fc.boolean(),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      idle: fc.constantFrom(0, 600, 3600),
      length: fc.constantFrom(0, 2000, 28800),
      clone: fc.boolean(),
      ops: fc.array(opRaw, { minLength: 1, maxLength: opts.maxOps ?? 25 }),
    })
    .map((r) => {
      const ids = r.apps.map((_, i) => 101 + i)
      const apps = r.apps.map((a, i) => buildApp(ids[i]!, a, ids.length > 1 ? ids[1 - i]! : null, r.globalShared && ids.length > 1))
      // Start with sessions A, B and C, so most operations have something to act on (D is left for `as`).
      const start: Operation[] = [
        { type: 'request', url: `f?p=${apps[0]!.id}:1`, as: 'A' },
        { type: 'request', url: `f?p=${apps[apps.length - 1]!.id}:1`, as: 'B' },
        { type: 'request', url: `f?p=${apps[0]!.id}:1::::1`, as: 'C' },
      ]
      return {
        apps,
        seed: r.seed,
        settings: { maxSessionIdleSec: r.idle, maxSessionLengthSec: r.length, cloneSessionEnabled: r.clone || r.seed % 4 !== 0 },
        ops: [...start, ...r.ops.map((o) => buildOp(o as OpRaw, apps))],
      }
    })
}

/** The scenario as trace text (header with apps, seed and settings; one event per operation). */
export function toTraceText(s: Scenario): string {
  const header = { format: 'session-trace', version: 1, title: 'generated', seed: s.seed, settings: s.settings, apps: s.apps }
  return [JSON.stringify(header), ...s.ops.map((o) => JSON.stringify(o))].join('\n') + '\n'
}
