/**
 * Real vs simulated (issue #15 part 2): what the real APEX server answered to
 * one request (`observed`, recorded from a browser's HAR) against what the
 * simulation did for the same event (its steps: the request and the redirect
 * shows that followed it). Pure: no engine, no I/O.
 *
 * Only the FIRST divergence of a request is reported — later facts usually
 * follow from it (a different branch shows a different page with other items),
 * and a developer fixes one cause at a time. Facts are compared in the order a
 * request happens: failure, validation errors (validations run before
 * branches), redirect, page shown, the item values the page rendered, the
 * Ajax answer.
 *
 * A side that lacks a fact never counts as a divergence: an answer recorded
 * without `items` compares no items, an item only one side rendered is not
 * compared, a redirect URL's request / clear-cache / items are compared only
 * where both URLs carry them. Empty text and null are the same value, as in
 * APEX (an empty item value is null).
 */
import type { Effect } from '../engine/model/effect.js'
import type { Phase, Step } from '../engine/model/step.js'
import { parseUrl } from '../engine/url/index.js'
import type { UrlRequest } from '../engine/url/index.js'

/**
 * The parts of a trace event's `observed` field this module reads (the trace
 * schema's `Observed` has these and more; any of them may be missing).
 */
export interface ObservedAnswer {
  status: number
  location?: string
  app?: number
  page?: number
  items?: Record<string, string | null>
  errors?: string[]
  json?: unknown
}

/** Which fact differs. */
export const OBSERVED_FIELDS = ['status', 'redirect', 'page', 'errors', 'item', 'ajax'] as const
export type ObservedField = (typeof OBSERVED_FIELDS)[number]

/** The first divergence of one request, in words a developer reads. */
export interface ObservedMismatch {
  field: ObservedField
  /** The item, for `item` and `ajax`. */
  item?: string
  /** What the real server answered, in words ("redirected to page 5"). */
  real: string
  /** What the simulation did, in words ("branched to page 4"). */
  simulated: string
  /** Why the simulation did that (the branch, validation or source behind it), when the steps say. */
  why: string | null
  /** One sentence: "APEX redirected to page 5; the simulation branched to page 4 because …". */
  message: string
}

/** A request's first divergence as a replay reports it: where in the trace and on the timeline. */
export interface ObservedDivergence extends ObservedMismatch {
  /** Trace line of the event. */
  line: number
  /** The event's first step (the request itself) and last step (its last redirect show). */
  step: number
  lastStep: number
}

/** Facts the steps do not hold, asked of the app definition by the caller (optional). */
export interface CompareContext {
  /** A branch's condition in words, by the label the engine gives it ("branch #2 on page 1"). */
  branchCondition?: (app: number | null, label: string) => string | null
  /** How an item gets its rendered value, in words (itemOriginWords), when no step of the request changed it. */
  itemOrigin?: (app: number | null, item: string) => string | null
  /** A page alias's number in an app (a friendly URL's page part), or null. */
  pageNumber?: (app: number | null, alias: string) => number | null
}

/**
 * What the HAR importer writes for a value it masks (`--mask`; the same text as
 * har-import/masking.ts MASKED_VALUE, which this layer may not import): the
 * real value is unknown, so it is never compared.
 */
export const MASKED_VALUE = '[masked]'

// ---------------------------------------------------------------------------
// What the simulation did for one event

/** The facts of one event's steps that a real answer can be compared with. */
export interface SimulatedAnswer {
  /** The steps ended in an error: its reason. */
  error: string | null
  /** The first redirect of the request, if it redirected. */
  redirect: { target: string; page: number | null; app: number | null; branch: string | null; noBranch: boolean; point: string | null } | null
  /** The page the request ended on (shown), or null when no page was rendered. */
  shown: { app: number | null; page: number } | null
  /** Validation errors, when the event was a submit (null: not a submit). */
  errors: string[] | null
  /** Values of the items of the page shown, as rendered. */
  items: Record<string, string | null> | null
  /** The Ajax answer's items (an ajax step), null when there is none. */
  ajax: Record<string, string | null> | null
}

const BRANCH_POINTS = new Set(['beforeHeader', 'afterSubmit', 'validating', 'processing', 'afterProcessing'])

export function simulatedAnswer(steps: readonly Step[]): SimulatedAnswer {
  const out: SimulatedAnswer = { error: null, redirect: null, shown: null, errors: null, items: null, ajax: null }
  const failed = steps.find((s) => s.outcome === 'error')
  if (failed) out.error = failed.reason ?? 'the step ended in an error'
  const first = steps[0]
  if (!first) return out
  if (first.kind === 'accept') out.errors = (first.errors ?? []).map((e) => e.message)
  // A redirect: the first step hands over to a follow-up show (causedBy).
  const follow = steps.find((s) => s.causedBy !== undefined)
  const origin = follow ? steps.find((s) => s.index === follow.causedBy) ?? first : null
  if (follow && origin) {
    const branch = lastPhase(origin.phases, 'branch')
    const detail = branch?.detail as { branch?: unknown; target?: unknown } | undefined
    const target = typeof detail?.target === 'string' ? detail.target : (follow.request?.url ?? '')
    out.redirect = {
      target,
      page: follow.page ?? follow.request?.page ?? null,
      app: follow.app ?? follow.request?.app ?? null,
      branch: typeof detail?.branch === 'string' ? detail.branch : null,
      noBranch: branch !== undefined && detail === undefined,
      point: branch ? pointBefore(origin.phases, branch) : null,
    }
  }
  // The page shown is the last step's, when that step rendered one (a failed validation's re-show included).
  const last = steps[steps.length - 1]!
  const rendered = lastPhase(last.phases, 'itemsRender')
  if (rendered && last.page !== null && last.outcome !== 'error') {
    out.shown = { app: last.app, page: last.page }
    const values = (rendered.detail as { values?: unknown } | undefined)?.values
    if (isValueRecord(values)) out.items = values
  }
  for (const s of steps) {
    const ret = lastPhase(s.phases, 'ajaxReturn')
    if (!ret) continue
    // Code the simulation could not run (a plug-in's request, PL/SQL it cannot run) made no answer to compare.
    if ((lastPhase(s.phases, 'ajaxRun')?.detail as { ran?: unknown } | undefined)?.ran === false) continue
    // The ajax step's answer: the Items to Return with their values after the code ran (operations/ajax.ts).
    const answer = (ret.detail as { answer?: unknown } | undefined)?.answer
    out.ajax = isValueRecord(answer) ? answer : {}
  }
  return out
}

function lastPhase(phases: readonly Phase[], kind: Phase['kind']): Phase | undefined {
  for (let i = phases.length - 1; i >= 0; i--) if (phases[i]!.kind === kind) return phases[i]
  return undefined
}

/** The label of the branch point a branch phase belongs to ("After Processing branches"). */
function pointBefore(phases: readonly Phase[], branch: Phase): string | null {
  const at = phases.indexOf(branch)
  for (let i = at - 1; i >= 0; i--) if (BRANCH_POINTS.has(phases[i]!.kind)) return phases[i]!.label
  return null
}

function isValueRecord(v: unknown): v is Record<string, string | null> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  for (const x of Object.values(v)) if (x !== null && typeof x !== 'string') return false
  return true
}

// ---------------------------------------------------------------------------
// The comparison

/** The first divergence between a real answer and the steps the simulation made for the same event, or null. */
export function compareObserved(observed: ObservedAnswer, steps: readonly Step[], ctx: CompareContext = {}): ObservedMismatch | null {
  // No steps, or no answer at all (a HAR's status 0: the request was cancelled or blocked): nothing to compare.
  if (steps.length === 0 || observed.status === 0) return null
  const sim = simulatedAnswer(steps)
  const why = new Why(steps, sim, ctx)
  return (
    compareFailure(observed, sim, why) ??
    compareErrors(observed, sim, why) ??
    compareRedirect(observed, sim, why, ctx) ??
    comparePage(observed, sim, why) ??
    compareItems(observed, sim, steps, ctx) ??
    compareAjax(observed, sim, steps)
  )
}

function mismatch(field: ObservedField, real: string, simulated: string, why: string | null, item?: string): ObservedMismatch {
  const m: ObservedMismatch = { field, real, simulated, why, message: `APEX ${real}; the simulation ${simulated}${why ? ` because ${why}` : ''}` }
  if (item !== undefined) m.item = item
  return m
}

/** An HTTP error answer against a simulation that ended in an error. */
function compareFailure(o: ObservedAnswer, sim: SimulatedAnswer, why: Why): ObservedMismatch | null {
  const realFailed = o.status >= 400
  const simFailed = sim.error !== null
  if (realFailed === simFailed) return null
  if (simFailed) return mismatch('status', `answered ${o.status}${o.page !== undefined ? ` with page ${o.page}` : ''}`, 'ended in an error', sim.error)
  return mismatch('status', `answered with HTTP error ${o.status}`, sim.shown ? `showed page ${sim.shown.page}` : 'answered without an error', why.ofOutcome())
}

function compareRedirect(o: ObservedAnswer, sim: SimulatedAnswer, why: Why, ctx: CompareContext): ObservedMismatch | null {
  if (sim.error !== null) return null
  // A redirect is a Location on a 3xx, or the redirectURL of a JSON answer to a page submit (APEX 18+): the importer writes either as `location`.
  const realRedirect = o.location !== undefined
  const realTarget = realRedirect ? parseUrl(o.location!) : null
  // A friendly URL names the page by its alias (…/r/ws/app/home?session=…): the app definition gives its number.
  const realPage = o.page ?? (realTarget?.ok ? (numberOf(realTarget.value.page) ?? ctx.pageNumber?.(o.app ?? sim.shown?.app ?? null, realTarget.value.page) ?? null) : null)
  const simRedirect = sim.redirect
  if (realRedirect && !simRedirect) {
    // A request that shows no page in the simulation (a logout, an Ajax call, a closed dialog) has no redirect to compare.
    if (!sim.shown) return null
    // APEX redirects a page request (not a submit) to the same page to give it a session ID (a new session,
    // a clone) or a checksum; the engine shows that page in one request. Same page: the same answer.
    if (sim.errors === null && realPage === sim.shown.page) return null
    return mismatch('redirect', `redirected to ${pageWords(realPage, o.location!)}`, sim.shown ? `showed page ${sim.shown.page} without a redirect` : 'did not redirect', why.ofOutcome())
  }
  if (!realRedirect) {
    // The server answered with a page (or something that is not a redirect), the simulation branched away.
    // The engine models "no branch" as a redirect to the page itself; a server that shows that page directly agrees.
    if (simRedirect?.noBranch && (o.page === undefined || o.page === simRedirect.page)) return null
    if (simRedirect && o.status >= 200 && o.status < 300) {
      return mismatch('redirect', `showed ${o.page !== undefined ? `page ${o.page}` : 'a page'} without a redirect`, simWords(simRedirect), why.ofRedirect())
    }
    return null
  }
  // Both redirected: the target page, then what the URLs carry where both carry it.
  const r = simRedirect!
  if (realPage !== null && r.page !== null && realPage !== r.page) {
    return mismatch('redirect', `redirected to page ${realPage}`, simWords(r), why.ofRedirect())
  }
  const simTarget = parseUrl(r.target)
  if (!realTarget?.ok || !simTarget.ok) return null
  const diff = urlPartsDiffer(realTarget.value, simTarget.value)
  if (!diff) return null
  return mismatch('redirect', `redirected to page ${realPage ?? realTarget.value.page} with ${diff.real}`, `branched to page ${r.page ?? simTarget.value.page} with ${diff.simulated}`, why.ofRedirect())
}

function simWords(r: NonNullable<SimulatedAnswer['redirect']>): string {
  if (r.noBranch) return `showed page ${r.page ?? '?'} again (redirect to itself)`
  return `branched to ${r.page !== null ? `page ${r.page}` : r.target}`
}

function pageWords(page: number | null, location: string): string {
  return page !== null ? `page ${page}` : location
}

function numberOf(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null
}

/** Request, clear cache and item values of two redirect targets, each only where both URLs carry it. */
function urlPartsDiffer(real: UrlRequest, sim: UrlRequest): { real: string; simulated: string } | null {
  if (real.request !== '' && sim.request !== '' && real.request !== sim.request) {
    return { real: `REQUEST=${real.request}`, simulated: `REQUEST=${sim.request}` }
  }
  if (real.clearCache.length > 0 && sim.clearCache.length > 0) {
    const a = [...new Set(real.clearCache)].sort().join(',')
    const b = [...new Set(sim.clearCache)].sort().join(',')
    if (a !== b) return { real: `clear cache ${a}`, simulated: `clear cache ${b}` }
  }
  const simItems = new Map(sim.items.map((i) => [i.name, i.value]))
  for (const item of real.items) {
    if (!simItems.has(item.name)) continue
    const s = simItems.get(item.name) ?? null
    if (!sameValue(item.value, s)) return { real: `${item.name}=${show(item.value)}`, simulated: `${item.name}=${show(s)}` }
  }
  return null
}

function comparePage(o: ObservedAnswer, sim: SimulatedAnswer, why: Why): ObservedMismatch | null {
  if (sim.error !== null || o.page === undefined || !sim.shown) return null
  if (o.app !== undefined && sim.shown.app !== null && o.app !== sim.shown.app) {
    return mismatch('page', `showed page ${o.page} of app ${o.app}`, `showed page ${sim.shown.page} of app ${sim.shown.app}`, why.ofOutcome())
  }
  if (o.page === sim.shown.page) return null
  return mismatch('page', `showed page ${o.page}`, `showed page ${sim.shown.page}`, why.ofOutcome())
}

function compareErrors(o: ObservedAnswer, sim: SimulatedAnswer, why: Why): ObservedMismatch | null {
  if (sim.error !== null || o.errors === undefined || sim.errors === null) return null
  const real = o.errors.map(squash)
  const simulated = sim.errors.map(squash)
  if (sameMultiset(real, simulated)) return null
  return mismatch('errors', errorWords(real, 'showed'), errorWords(simulated, 'found'), why.ofErrors())
}

function errorWords(messages: string[], verb: string): string {
  if (messages.length === 0) return `${verb} no validation error`
  return `${verb} ${messages.length} error${messages.length === 1 ? '' : 's'}: ${messages.map((m) => JSON.stringify(m)).join(', ')}`
}

function compareItems(o: ObservedAnswer, sim: SimulatedAnswer, steps: readonly Step[], ctx: CompareContext): ObservedMismatch | null {
  if (sim.error !== null || !o.items || !sim.items || !sim.shown) return null
  if (o.page !== undefined && o.page !== sim.shown.page) return null
  const simulated = upperKeys(sim.items)
  for (const [rawName, realValue] of Object.entries(o.items)) {
    const name = rawName.toUpperCase()
    if (!simulated.has(name) || realValue === MASKED_VALUE) continue
    const simValue = simulated.get(name) ?? null
    if (sameValue(realValue, simValue)) continue
    return mismatch(
      'item',
      `rendered ${name} = ${show(realValue)} on page ${o.page ?? sim.shown.page}`,
      `rendered ${name} = ${show(simValue)}`,
      causeOf(steps, name, sim.shown.page) ?? originOf(ctx, sim.shown.app, name),
      name,
    )
  }
  return null
}

function compareAjax(o: ObservedAnswer, sim: SimulatedAnswer, steps: readonly Step[]): ObservedMismatch | null {
  if (sim.error !== null || sim.ajax === null) return null
  const real = ajaxItems(o)
  if (!real) return null
  const simulated = upperKeys(sim.ajax)
  for (const [name, realValue] of real) {
    if (!simulated.has(name) || realValue === MASKED_VALUE) continue
    const simValue = simulated.get(name) ?? null
    if (sameValue(realValue, simValue)) continue
    return mismatch('ajax', `answered the Ajax call with ${name} = ${show(realValue)}`, `answered ${name} = ${show(simValue)}`, causeOf(steps, name, null) ?? 'no step of this call changed it: it is the value session state held', name)
  }
  return null
}

/**
 * The items a real Ajax answer returned: `observed.items` when the importer
 * read them, else the `item` list of APEX's JSON answer
 * (`{"item":[{"id":"P1_Y","value":"…"}]}`, what an "Execute Server-side Code"
 * action with Items to Return gets back).
 */
export function ajaxItems(o: ObservedAnswer): Map<string, string | null> | null {
  if (o.items) return upperKeys(o.items)
  const list = (o.json as { item?: unknown } | null | undefined)?.item
  if (!Array.isArray(list)) return null
  const out = new Map<string, string | null>()
  for (const entry of list) {
    const { id, value } = (entry ?? {}) as { id?: unknown; value?: unknown }
    if (typeof id !== 'string') continue
    if (value === null || typeof value === 'string') out.set(id.toUpperCase(), value)
    else if (typeof value === 'number' || typeof value === 'boolean') out.set(id.toUpperCase(), String(value))
  }
  return out
}

/** A branch's condition in words, from its definition (what `CompareContext.branchCondition` answers). */
export function conditionWords(when: { button?: string; expression?: string; notSimulated?: { kind?: string } } | undefined): string {
  if (!when) return 'it has no condition'
  const parts: string[] = []
  if (when.button !== undefined) parts.push(`the request was ${when.button}`)
  if (when.expression !== undefined) parts.push(`its condition ${when.expression} held`)
  if (when.notSimulated !== undefined) parts.push(`its condition (${when.notSimulated.kind ?? 'not simulated'}) was taken as true`)
  return parts.length > 0 ? parts.join(' and ') : 'it has no condition'
}

// ---------------------------------------------------------------------------
// Why the simulation did what it did, from its steps

class Why {
  constructor(
    private readonly steps: readonly Step[],
    private readonly sim: SimulatedAnswer,
    private readonly ctx: CompareContext,
  ) {}

  /** Why the request ended where it did: a failed validation, a branch, no branch, an error. */
  ofOutcome(): string | null {
    if (this.sim.error !== null) return this.sim.error
    const first = this.steps[0]!
    if (first.outcome === 'validationFailed') return this.ofErrors()
    if (this.sim.redirect) return this.ofRedirect()
    if (first.kind === 'show') return `the request asked for page ${first.page ?? first.request?.page ?? '?'} and no Before Header branch fired`
    const shown = lastPhase(first.phases, 'branch')
    const d = shown?.detail as { branch?: unknown; type?: unknown } | undefined
    if (typeof d?.branch === 'string') return this.branchWords(d.branch, first.app, shown!)
    return null
  }

  ofRedirect(): string | null {
    const r = this.sim.redirect
    if (!r) return this.ofOutcome()
    if (r.noBranch) return `no branch fired, so the submitted page is shown again`
    if (r.branch === null) return null
    const origin = this.steps[0]!
    const phase = lastPhase(origin.phases, 'branch')
    return phase ? this.branchWords(r.branch, origin.app, phase) : r.branch
  }

  ofErrors(): string | null {
    const first = this.steps[0]!
    const errors = first.errors ?? []
    if (errors.length === 0) return first.kind === 'accept' ? 'every validation passed' : null
    return errors.map((e) => `validation '${e.validation}' failed ("${e.message}")`).join('; ')
  }

  private branchWords(label: string, app: number | null, phase: Phase): string {
    const point = pointBefore(this.steps[0]!.phases, phase)
    const condition = this.ctx.branchCondition?.(app, label) ?? null
    return `${label} fired${point ? ` (${point})` : ''}${condition ? `: ${condition}` : ''}`
  }
}

/** The cause of the last change of an item in these steps ("its value came from source of P5_ENAME"), or null. */
function causeOf(steps: readonly Step[], item: string, page: number | null): string | null {
  let cause: string | null = null
  for (const s of steps) for (const e of s.effects as Effect[]) if (e.op === 'set' && e.item.toUpperCase() === item && (page === null || e.page === page || e.page === null)) cause = e.cause
  return cause !== null ? `its value came from ${cause}` : null
}

/** Where a rendered value no step changed came from: the item's definition (a Per Request item is never stored), else session state. */
function originOf(ctx: CompareContext, app: number | null, item: string): string {
  const def = ctx.itemOrigin?.(app, item) ?? null
  return def ?? 'no step of this request changed it: it is the value session state held'
}

/** An item's definition in words, for `CompareContext.itemOrigin`. */
export function itemOriginWords(item: string, def: { storage?: string; source?: string; sourceUsed?: string; default?: string }): string {
  const parts: string[] = []
  if (def.source !== undefined) parts.push(`its source ${def.source}${def.sourceUsed === 'always' ? ' (always replaces the stored value)' : ''}`)
  if (def.default !== undefined) parts.push(`its default ${def.default}`)
  if (def.storage === 'request')
    return parts.length > 0
      ? `${item} is Per Request (never stored), so it rendered ${parts.join(', else ')}`
      : `${item} is Per Request (never stored): it rendered the value this request gave it (a form fetch, a URL item or a computation)`
  return `${item} rendered ${parts.length > 0 ? parts.join(', else ') : 'its stored value'}`
}

// ---------------------------------------------------------------------------
// Values

/** APEX stores an empty value as null: the two are the same value. */
export function sameValue(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? '') === (b ?? '')
}

/** Validation messages compared leniently: surrounding and repeated whitespace does not count. */
function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim()
}

function sameMultiset(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false
  const x = [...a].sort()
  const y = [...b].sort()
  return x.every((v, i) => v === y[i])
}

function upperKeys(rec: Record<string, string | null>): Map<string, string | null> {
  const m = new Map<string, string | null>()
  for (const [k, v] of Object.entries(rec)) m.set(k.toUpperCase(), v)
  return m
}

function show(v: string | null): string {
  return v === null || v === '' ? 'null' : JSON.stringify(v)
}
