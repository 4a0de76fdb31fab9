/**
 * An Ajax call of a page (trace event `ajax`, docs/trace-format.md):
 * `apex.server.process` / a dynamic action's "Execute Server-side Code".
 *
 * One request without a render, in three phases:
 *   1. Items to Submit are stored in session state, as a submit stores posted
 *      values (seed 3.8.2: "set in session state without a render");
 *   2. the code runs — an On Demand process (the page's Ajax Callback of that
 *      name first, then the application's), a dynamic action's server-side
 *      code, or nothing for a plug-in request the definition cannot resolve;
 *   3. the answer is the Items to Return, read after the code ran.
 * A process or action whose server-side condition is false does not run:
 * the call still stores its Items to Submit and answers its Items to Return
 * (as they are), with a notice (docs/decisions.md "An Ajax process's condition").
 * A failing process fails the step like any process does (the engine rolls
 * the whole request back, the error names the process). The session's
 * current page does not change: the browser stays on the page that called.
 */
import type { CompiledApp, CompiledPage, ItemInfo } from '../app/compiled-app.js'
import { tryParseExpression } from '../expression/index.js'
import type { Condition, NotSimulated } from '../model/app-definition.js'
import type { AjaxOp } from '../model/operation.js'
import { normalizeName, toStoredValue } from '../model/values.js'
import type { Value } from '../model/values.js'
import { endOfRequest } from '../runtime/render-page.js'
import { RequestContext } from '../runtime/request-context.js'
import { touchGroup } from '../runtime/session-lifecycle.js'
import { failure, type OperationEnv, type OperationResult } from './operation-result.js'
import { guardSessionPage } from './session-guard.js'

/** The code an ajax call names, as the app definition keeps it (`onDemand` processes, `ajaxActions`). */
interface AjaxCode {
  /** "Ajax Callback process 'NAME' on page 3", "application process 'NAME'", "dynamic action 'NAME' on page 3". */
  label: string
  record: NotSimulated | undefined
  /** Items to Return the definition names (a dynamic action's); the event's own list wins. */
  returnItems?: string[]
  /** Items to Submit the definition names (a dynamic action's). */
  itemsToSubmit?: string[]
  /** The process's (or action's) server-side condition, evaluated after the Items to Submit are stored. */
  when?: Condition
}

export function runAjax(env: OperationEnv, op: AjaxOp, sessionId: number | null, label: () => string): OperationResult {
  const { ctx, rec } = env
  const guard = guardSessionPage(env, 'ajax', sessionId, label, op)
  if (!guard.ok) return guard.result
  const { session, app, page } = guard
  const base = { kind: 'ajax' as const, session: session.id, app: app.id, page: page.id }

  // Resolve what the call names before anything is stored: an unknown process changes nothing.
  let code: AjaxCode | null = null
  if (op.process !== undefined) {
    code = findProcess(app, page, op.process)
    if (code === null) return { ...failure('ajax', 'error', `no Ajax Callback process "${op.process}" on page ${page.id} nor On Demand application process of that name in app ${app.id}`, session.id), app: app.id, page: page.id }
  } else if (op.action !== undefined) {
    code = findAction(page, op.action)
    if (code === null) return { ...failure('ajax', 'error', `page ${page.id} has no dynamic action "${op.action}" with server-side code`, session.id), app: app.id, page: page.id }
  }

  // Items to Submit come from the browser: they must be items of the app, and never protected ones.
  const submitted: [ItemInfo, Value][] = []
  const rc = new RequestContext(ctx, rec, session.id, app, page)
  for (const [name, raw] of Object.entries(op.values ?? {})) {
    const info = rc.item(name)
    if (!info) return { ...failure('ajax', 'error', `item to submit ${normalizeName(name)} is not an item of app ${app.id}`, session.id), app: app.id, page: page.id }
    if (info.protection === 'I') return { ...failure('ajax', 'error', `item ${info.name} is protected (I: may not be set from the browser) and cannot be submitted`, session.id), app: app.id, page: page.id }
    submitted.push([info, toStoredValue(raw)])
  }

  const target = op.process !== undefined ? `APPLICATION_PROCESS=${op.process}` : op.plugin !== undefined ? `PLUGIN=${op.plugin}` : `dynamic action ${op.action}`
  touchGroup(ctx, rec, session.groupId, `Ajax call ${target} on page ${page.id}`)
  // APEX sets REQUEST to what wwv_flow.ajax received (p_request).
  rc.request = op.action !== undefined ? null : target
  rc.ajaxGlobals = ajaxGlobals(op)

  rec.phase('ajaxSubmit', `Items to Submit (${submitted.length})`, { items: submitted.map(([info]) => info.name) })
  const cause = `Items to Submit of Ajax call ${target} on page ${page.id}`
  for (const [info, value] of submitted) rc.setItem(info, value, cause)
  // A dynamic action names its Items to Submit, but their values are the browser page's: only the event can give them.
  const missing = (code?.itemsToSubmit ?? []).filter((n) => !submitted.some(([info]) => info.name === normalizeName(n)))
  if (missing.length > 0) {
    rec.notice(`${code!.label} submits ${missing.join(', ')}, which this call gives no value: the code reads them from session state`, {
      code: 'ajaxItemsNotGiven',
      session: session.id,
      app: app.id,
    })
  }

  if (code === null) {
    rec.phase('ajaxRun', `Plug-in Ajax request ${op.plugin}`, { target, ran: false })
    rec.notice(`not simulated: plug-in Ajax request ${op.plugin} on page ${page.id} (its code is the plug-in's, not the app's)`, {
      code: 'notSimulated',
      session: session.id,
      app: app.id,
    })
  } else if (!conditionHolds(rc, code)) {
    rec.phase('ajaxRun', `${code.label} not run: its condition is false`, { target, code: code.label, ran: false, condition: false })
    rec.notice(`${code.label}: server-side condition is false; the code does not run (the answer is the Items to Return as they are)`, {
      code: 'ajaxConditionFalse',
      session: session.id,
      app: app.id,
    })
  } else {
    const phase = rec.phase('ajaxRun', `Run ${code.label}`, { target, code: code.label, ran: false })
    phase.detail!.ran = runCode(rc, code)
  }

  const names = (op.returnItems ?? code?.returnItems ?? []).map(normalizeName)
  const answer: Record<string, Value> = {}
  for (const name of names) {
    const info = rc.item(name)
    if (!info) {
      rec.warning(`item to return ${name} is not an item of app ${app.id}: answered as null`, { session: session.id, app: app.id })
      answer[name] = null
    } else answer[name] = rc.storedValue(info)
  }
  // The label carries the answer too: the timeline and the inspector show labels as they are.
  rec.phase('ajaxReturn', names.length === 0 ? 'Answer (no Items to Return)' : `Answer: ${names.map((n) => `${n} = ${shortValue(answer[n] ?? null)}`).join(', ')}`, { answer })
  endOfRequest(rc, false)
  return { ...base, outcome: 'ok' }
}

/**
 * The code's condition, as the request evaluates conditions. The app's
 * compiler parses the conditions of `onDemand` entries and `ajaxActions` at
 * load (compile-app.ts), leniently: one that did not parse is kept with its
 * error, reported here and counted as false (the code does not run).
 */
function conditionHolds(rc: RequestContext, code: AjaxCode): boolean {
  const source = code.when?.expression
  if (source !== undefined && !rc.app.expressions.has(source)) {
    // Parsed at load; a condition the load did not see (a definition changed since) is parsed now, once.
    let error = rc.app.ajaxConditionErrors.get(source)
    if (error === undefined) {
      const parsed = tryParseExpression(source)
      if (parsed.ok) rc.app.expressions.set(source, parsed.expr)
      else rc.app.ajaxConditionErrors.set(source, (error = parsed.error))
    }
    if (error !== undefined) {
      rc.rec.notice(`not simulated: condition of ${code.label} (${error.reason} at line ${error.line}, column ${error.column}); treated as false`, {
        code: 'notSimulated',
        session: rc.sessionId,
        app: rc.app.id,
      })
      return false
    }
  }
  return rc.conditionHolds(code.when, code.label)
}

/** A value as a label shows it: quoted, at most 60 characters (the detail keeps it whole). */
function shortValue(v: Value): string {
  if (v === null) return 'null'
  return JSON.stringify(v.length > 60 ? `${v.slice(0, 59)}…` : v)
}

/** Runs the code's PL/SQL; false when it is not simulated (a notice says why). */
function runCode(rc: RequestContext, code: AjaxCode): boolean {
  const record = code.record
  const logic = rc.logic
  const plan = record === undefined || logic === null ? undefined : logic.plan(record, 'process')
  if (!plan?.ok) {
    const why = plan !== undefined && !plan.ok ? plan.reason : logic === null && record?.run !== undefined ? `${record.kind} (no app database)` : (record?.kind ?? 'no code')
    rc.rec.notice(`not simulated: ${code.label} (${why})`, { code: 'notSimulated', session: rc.sessionId, app: rc.app.id })
    return false
  }
  // A failing block throws an AppLogicError naming the process: the engine turns it into an error step.
  return logic!.block(plan, code.label)
}

/** The page's Ajax Callback process of that name, else the application's On Demand process. */
function findProcess(app: CompiledApp, page: CompiledPage, name: string): AjaxCode | null {
  const own = findByName(onDemandOf(page.def), name)
  if (own) return { label: `Ajax Callback process '${own.name}' on page ${page.id}`, record: own.notSimulated, ...conditionOf(own) }
  const shared = findByName(onDemandOf(app.def), name)
  if (shared) return { label: `application process '${shared.name}' (On Demand)`, record: shared.notSimulated, ...conditionOf(shared) }
  return null
}

function findAction(page: CompiledPage, name: string): AjaxCode | null {
  const list = (page.def as { ajaxActions?: unknown }).ajaxActions
  const action = findByName(Array.isArray(list) ? (list as OnDemandEntry[]) : [], name)
  if (!action) return null
  const names = (list: unknown) => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : undefined)
  const returns = names(action.itemsToReturn)
  const submits = names(action.itemsToSubmit)
  return {
    label: `dynamic action '${action.name}' on page ${page.id}`,
    record: action.notSimulated,
    ...(returns ? { returnItems: returns } : {}),
    ...(submits ? { itemsToSubmit: submits } : {}),
    ...conditionOf(action),
  }
}

/** The entry's condition (`when`, as the importer keeps it beside the process), when it has one. */
function conditionOf(entry: OnDemandEntry): { when?: Condition } {
  const when = entry.when
  return typeof when === 'object' && when !== null ? { when: when as Condition } : {}
}

interface OnDemandEntry {
  name: string
  notSimulated?: NotSimulated
  itemsToReturn?: unknown[]
  itemsToSubmit?: unknown[]
  when?: unknown
}

/** The `onDemand` list the importer keeps beside a page or app (loose in the schema). */
function onDemandOf(def: object): OnDemandEntry[] {
  const list = (def as { onDemand?: unknown }).onDemand
  return Array.isArray(list) ? (list as OnDemandEntry[]) : []
}

/** Exact name first (APEX matches it as given), then ignoring case. */
function findByName(list: readonly OnDemandEntry[], name: string): OnDemandEntry | undefined {
  const valid = list.filter((e) => typeof e === 'object' && e !== null && typeof e.name === 'string')
  return valid.find((e) => e.name === name) ?? valid.find((e) => normalizeName(e.name) === normalizeName(name))
}

/**
 * APEX_APPLICATION.G_X01… and G_F01… for the code. The interpreter's host
 * keeps one text per name; an f array is given as its values joined with ':'
 * (how the host reads G_Fnn back as a table).
 */
function ajaxGlobals(op: AjaxOp): Record<string, string | null> | null {
  if (op.x === undefined && op.f === undefined) return null
  const g: Record<string, string | null> = {}
  for (const [k, v] of Object.entries(op.x ?? {})) g[`G_${k.toUpperCase()}`] = v === '' ? null : v
  for (const [k, v] of Object.entries(op.f ?? {})) g[`G_${k.toUpperCase()}`] = v.length === 0 ? null : v.join(':')
  return g
}
