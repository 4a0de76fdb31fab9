/**
 * Virtual users walking through the generator's apps: each event is one
 * user's next action (open a page, fill and submit a form, set state from
 * PL/SQL, clear cache, open a second tab by cloning, log in, log out), or a
 * wait. Users go away for a while and come back — after the idle limit their
 * session has expired — so sessions start, rotate, clone and end all through
 * the trace.
 *
 * Each action comes as a trace operation (for traces with apps, which the
 * engine simulates) plus a structured plan (for the recorded-effects
 * synthesizer, which must not parse URLs back).
 */
import type { Operation } from '../../src-main/engine/model/operation.js'
import type { FormSpec, ValueKind } from './apps.js'
import { FORMS, GENERATOR_APPS } from './apps.js'
import type { Rng } from './rng.js'

export type Plan =
  | { type: 'request'; alias: string; app: number; page: number; newSession: boolean; clear: string[]; items: [string, string][] }
  | { type: 'submit'; alias: string; form: FormSpec; values: Record<string, string | null> }
  | { type: 'setState'; alias: string; app: number; item: string; value: string | null }
  | { type: 'clearCache'; alias: string; app: number; tokens: string[] }
  | { type: 'clone'; alias: string; as: string }
  | { type: 'login'; alias: string; user: string }
  | { type: 'logout'; alias: string }
  | { type: 'wait'; seconds: number }

export interface Action {
  op: Operation
  plan: Plan
  t: number
}

export interface JourneyOptions {
  /** Concurrent virtual users (about as many live sessions). */
  users: number
  /** Mean seconds between two events. */
  gapSec?: number
  maxSessionIdleSec: number
  maxSessionLengthSec: number
}

interface User {
  id: number
  gen: number
  alias: string | null
  app: number
  page: number
  login: string | null
  clones: number
  awayUntil: number
  lastActive: number
  started: number
  /** The session's open browser tabs (the original and its clones: one clone group). */
  tabs: string[]
  /** Tabs still to visit after the session expired (each finds its session expired too). */
  stale: string[]
}

const FIRST = ['Anna', 'Ben', 'Chloe', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Liam', 'Maya', 'Noah', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Uma', 'Viktor', 'Wen', 'Yusuf', 'Zoe']
const LAST = ['King', 'Smith', 'Meyer', 'Rossi', 'Novak', 'Garcia', 'Khan', 'Tanaka', 'Dubois', 'Larsen', 'Silva', 'Okafor', 'Nguyen', 'Weber', 'Costa']
const WORDS = ['printer', 'invoice', 'laptop', 'login', 'refund', 'delivery', 'password', 'screen', 'battery', 'order', 'upgrade', 'cable', 'license', 'backup', 'network', 'mouse']
const STREETS = ['Main St', 'High St', 'Park Ave', 'Station Rd', 'Mill Lane', 'Church St', 'Bridge Rd']
const JOBS = ['CLERK', 'ANALYST', 'MANAGER', 'SALESMAN', 'ENGINEER']
const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH']
const THEMES = ['dark', 'light', 'contrast']

/** Pages a user can open by URL, per app. */
const PAGES = new Map(GENERATOR_APPS.map((a) => [a.id, a.pages.map((p) => p.id)]))
const FORMS_AT = new Map<string, FormSpec[]>()
for (const f of FORMS) {
  const k = `${f.app}:${f.page}`
  FORMS_AT.set(k, [...(FORMS_AT.get(k) ?? []), f])
}

export function valueOf(rng: Rng, kind: ValueKind): string {
  switch (kind) {
    case 'name':
      return `${rng.pick(FIRST)} ${rng.pick(LAST)}`
    case 'email':
      return `${rng.pick(FIRST).toLowerCase()}.${rng.pick(LAST).toLowerCase()}${rng.int(1, 999)}@example.com`
    case 'text':
      return `${rng.pick(WORDS)} ${rng.pick(WORDS)} #${rng.int(1, 99999)}`
    case 'qty':
      return String(rng.int(1, 9))
    case 'product':
      return `SKU-${rng.int(1000, 9999)}`
    case 'query':
      return rng.pick(WORDS)
    case 'address':
      return `${rng.int(1, 200)} ${rng.pick(STREETS)}`
    case 'salary':
      return String(rng.int(20, 90) * 100)
    case 'priority':
      return rng.pick(PRIORITIES)
  }
}

export function* journeys(rng: Rng, count: number, opts: JourneyOptions): Generator<Action> {
  const gap = opts.gapSec ?? 1.2
  const users: User[] = []
  for (let i = 0; i < opts.users; i++) users.push({ id: i, gen: 0, alias: null, app: 100, page: 1, login: null, clones: 0, awayUntil: 0, lastActive: 0, started: 0, tabs: [], stale: [] })
  let t = 0
  for (let n = 0; n < count; n++) {
    t = Math.round((t + rng.exp(gap)) * 10) / 10
    if (rng.chance(0.0005)) {
      const seconds = rng.chance(0.1) ? opts.maxSessionIdleSec + rng.int(60, 600) : rng.int(30, 600)
      const a: Action = { op: { type: 'wait', seconds, t }, plan: { type: 'wait', seconds }, t }
      t += seconds
      yield a
      continue
    }
    // Someone who is here (not away); everyone away means the clock just ran on.
    let u = users[rng.int(0, users.length - 1)]!
    for (let tries = 0; tries < 4 && u.awayUntil > t; tries++) u = users[rng.int(0, users.length - 1)]!
    if (u.awayUntil > t) u.awayUntil = t
    // Back after the idle limit (or past the session's lifetime): this request finds the session expired.
    const expired = u.alias !== null && (t - u.lastActive > opts.maxSessionIdleSec || t - u.started > opts.maxSessionLengthSec)
    const a = act(rng, u, t, opts)
    if (expired && u.alias !== null && a.plan.type !== 'wait') {
      // The other tabs of the clone group expired too: the user will click in each of them once.
      u.stale = u.tabs.filter((tab) => tab !== u.alias)
      u.tabs = []
      u.alias = null
    }
    u.lastActive = t
    yield a
  }
}

function act(rng: Rng, u: User, t: number, opts: JourneyOptions): Action {
  const at = (op: Operation, plan: Plan): Action => ({ op: { ...op, t } as Operation, plan, t })
  const stale = u.stale.pop()
  if (stale !== undefined) {
    const app = u.app
    const page = GENERATOR_APPS.find((a) => a.id === app)!.homePage
    return at({ type: 'request', session: stale, url: `f?p=${app}:${page}:&SESSION.` }, { type: 'request', alias: stale, app, page, newSession: false, clear: [], items: [] })
  }
  if (u.alias === null) {
    u.gen++
    u.alias = `u${u.id}.${u.gen}`
    u.app = rng.pick(GENERATOR_APPS).id
    u.page = GENERATOR_APPS.find((a) => a.id === u.app)!.homePage
    u.login = null
    u.clones = 0
    u.started = t
    u.tabs = [u.alias]
    return at({ type: 'request', url: `f?p=${u.app}:${u.page}`, as: u.alias }, { type: 'request', alias: u.alias, app: u.app, page: u.page, newSession: true, clear: [], items: [] })
  }
  const alias = u.alias
  // Going away (lunch, a meeting): back after a while; past the idle limit the session has expired.
  if (rng.chance(0.01)) u.awayUntil = t + rng.exp(opts.maxSessionIdleSec * 1.2)
  const r = rng.next()
  const forms = FORMS_AT.get(`${u.app}:${u.page}`) ?? []
  if (r < 0.5 && forms.length > 0) {
    const form = rng.pick(forms)
    const values: Record<string, string | null> = {}
    let valid = true
    for (const [item, kind] of Object.entries(form.values)) {
      // Now and then a required field is left empty: validation fails, the page shows again.
      if (rng.chance(0.04)) {
        values[item] = null
        valid = false
      } else values[item] = valueOf(rng, kind)
    }
    if (valid) u.page = form.next
    const op: Operation = { type: 'submit', session: alias, app: form.app, page: form.page, request: form.button, ...(Object.keys(values).length ? { values } : {}) }
    return at(op, { type: 'submit', alias, form, values })
  }
  if (r < 0.8) {
    // Open another page (sometimes of another app joining the same session), maybe clearing cache, maybe with URL items.
    if (rng.chance(0.1)) u.app = rng.pick(GENERATOR_APPS).id
    u.page = rng.pick(PAGES.get(u.app)!)
    const clear = rng.chance(0.15) ? [String(u.page)] : []
    const items: [string, string][] = []
    if (u.app === 200 && u.page === 10 && rng.chance(0.5)) items.push(['P10_QUERY', rng.pick(WORDS)])
    if (u.app === 300 && u.page === 1 && rng.chance(0.5)) items.push(['P1_FILTER', rng.pick(['OPEN', 'CLOSED', 'ALL'])])
    const url = `f?p=${u.app}:${u.page}:&SESSION.::NO:${clear.join(',')}:${items.map((i) => i[0]).join(',')}:${items.map((i) => i[1]).join(',')}`
    return at({ type: 'request', session: alias, url }, { type: 'request', alias, app: u.app, page: u.page, newSession: false, clear, items })
  }
  if (r < 0.85) {
    const theme = rng.chance(0.1) ? null : rng.pick(THEMES)
    if (u.app === 200 && rng.chance(0.5)) return at({ type: 'setState', session: alias, app: 200, item: 'G_THEME', value: theme }, { type: 'setState', alias, app: 200, item: 'G_THEME', value: theme })
    const item = u.app === 100 ? 'P44_JOB' : u.app === 200 ? 'P20_QTY' : 'P5_PRIORITY'
    const value = u.app === 100 ? rng.pick(JOBS) : u.app === 200 ? String(rng.int(1, 5)) : rng.pick(PRIORITIES)
    return at({ type: 'setState', session: alias, app: u.app, item, value }, { type: 'setState', alias, app: u.app, item, value })
  }
  if (r < 0.88) {
    const tokens = rng.chance(0.3) ? ['APP'] : [String(rng.pick(PAGES.get(u.app)!))]
    return at({ type: 'clearCache', session: alias, app: u.app, tokens: tokens.join(',') }, { type: 'clearCache', alias, app: u.app, tokens })
  }
  if (r < 0.9 && u.clones < 2) {
    u.clones++
    const as = `${alias}c${u.clones}`
    u.tabs.push(as)
    const plan: Plan = { type: 'clone', alias, as }
    // Half the time the user goes on in the new tab.
    if (rng.chance(0.5)) u.alias = as
    return at({ type: 'clone', session: alias, as }, plan)
  }
  if (r < 0.95 && u.login === null) {
    u.login = `${rng.pick(FIRST).toUpperCase()}${rng.int(1, 400)}`
    return at({ type: 'login', session: alias, user: u.login }, { type: 'login', alias, user: u.login })
  }
  if (r < 0.975) {
    // Logout ends the whole clone group: every tab.
    u.alias = null
    u.tabs = []
    return at({ type: 'logout', session: alias }, { type: 'logout', alias })
  }
  // Back to the home page of the current app.
  u.page = GENERATOR_APPS.find((a) => a.id === u.app)!.homePage
  return at({ type: 'request', session: alias, url: `f?p=${u.app}:${u.page}:&SESSION.` }, { type: 'request', alias, app: u.app, page: u.page, newSession: false, clear: [], items: [] })
}
