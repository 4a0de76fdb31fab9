/**
 * Running the declarative logic of an app at one point: computations,
 * processes, validations and branches, each with its condition, in sequence
 * order, application components before the page's (semantics §3, §6).
 */
import type { Located } from '../app/compiled-app.js'
import { logicAt } from '../app/compiled-app.js'
import type { Branch, Computation, FormSpec, Point, Process, Validation } from '../model/app-definition.js'
import type { ValidationError } from '../model/step.js'
import { normalizeName, toStoredValue } from '../model/values.js'
import { applyClearCache, splitTokens } from './clear-cache.js'
import type { RequestContext } from './request-context.js'
import type { Planned } from './request-logic.js'
import { dmlOperation, operationAllowed } from '../logic/form-process.js'
import { writeGridRows } from '../logic/grid-dml.js'
import type { GridValidation } from '../logic/grid-validations.js'
import { runGridValidation } from './grid-row-validations.js'

export function runComputations(rc: RequestContext, list: readonly Located<Computation>[]): void {
  for (const c of list) {
    const plan = c.def.notSimulated ? rc.logic?.plan(c.def.notSimulated, 'value') : undefined
    if (c.def.notSimulated && !plan?.ok) {
      notSimulated(rc, c.label, plan?.reason ?? c.def.notSimulated.kind)
      continue
    }
    if (!rc.conditionHolds(c.def.when, c.label)) continue
    const info = rc.item(c.def.item)
    if (!info) {
      rc.rec.warning(`${c.label}: item ${normalizeName(c.def.item)} not found`, { session: rc.sessionId })
      continue
    }
    const value = plan?.ok ? rc.logic!.value(plan, c.label) : rc.evaluateValue(c.def.expression, c.label)
    // undefined: the code needed an object the app database lacks (a notice says so); the item keeps its value.
    if (value !== undefined) rc.setItem(info, value, c.label)
  }
}

/**
 * Runs the processes in order. Returns 'closed' when a Close Dialog process
 * ended the request (nothing after it runs, no branch is taken).
 */
export function runProcesses(rc: RequestContext, list: readonly Located<Process>[]): 'done' | 'closed' {
  for (const p of list) {
    if (p.def.type === 'notSimulated') {
      // Processes of an execution chain run only inside their chain.
      if (p.def.chain !== undefined) continue
      const plan = rc.logic?.plan(p.def.notSimulated, 'process')
      if (!plan?.ok) {
        notSimulated(rc, p.label, plan?.reason ?? p.def.notSimulated.kind)
        continue
      }
      if (!rc.conditionHolds(p.def.when, p.label)) continue
      if (runCodeProcess(rc, p as Located<NotSimulatedProcess>, plan, list) === 'closed') return 'closed'
      continue
    }
    if (!rc.conditionHolds(p.def.when, p.label)) continue
    runProcess(rc, p as Located<Exclude<Process, { type: 'notSimulated' }>>)
  }
  return 'done'
}

type NotSimulatedProcess = Extract<Process, { type: 'notSimulated' }>

/** A process that runs on the app database: PL/SQL, form fetch / DML, Close Dialog, an execution chain. */
function runCodeProcess(rc: RequestContext, p: Located<NotSimulatedProcess>, plan: Planned, siblings: readonly Located<Process>[]): 'done' | 'closed' {
  const logic = rc.logic!
  const def = p.def
  switch (plan.run) {
    case 'plsqlBlock':
      logic.block(plan, p.label)
      return 'done'
    case 'formFetch': {
      if (def.form === undefined) return notSimulatedDone(rc, p.label, 'form process without its table')
      const fetched = logic.fetchForm(def.form, p.label)
      if (fetched === undefined) return 'done'
      rc.rec.notice(
        fetched ? `${p.label}: fetched the row of ${def.form.table}` : `${p.label}: no key value, nothing fetched (a new row)`,
        { code: 'formFetch', session: rc.sessionId, app: rc.app.id },
      )
      return 'done'
    }
    case 'formDml': {
      const form = def.form
      if (form === undefined) return notSimulatedDone(rc, p.label, 'form process without its table')
      const keysNull = everyKeyNull(rc, form)
      const op = dmlOperation(rc.request, keysNull, def.notSimulated.apexType === 'NATIVE_FORM_DML')
      if (op === undefined || !operationAllowed(form.operations, op)) {
        const why = op === undefined ? `request ${rc.request ?? '(none)'} asks for no row operation` : `${op} is not allowed (${form.operations})`
        rc.rec.notice(`${p.label}: ${why}; nothing written`, { code: 'formDml', session: rc.sessionId, app: rc.app.id })
        return 'done'
      }
      logic.writeForm(form, op, p.label)
      return 'done'
    }
    case 'gridDml': {
      const grid = def.grid
      if (grid === undefined) return notSimulatedDone(rc, p.label, 'grid process without its table')
      const rows = rc.grids?.[grid.region] ?? (grid.regionName === undefined ? undefined : rc.grids?.[grid.regionName])
      if (rows === undefined || rows.length === 0) {
        rc.rec.notice(`${p.label}: no rows of grid ${grid.region} submitted; nothing written`, { code: 'gridDml', session: rc.sessionId, app: rc.app.id })
        return 'done'
      }
      const written = logic.tolerant(p.label, () => writeGridRows(grid, rows, logic.formIo(p.label)).result)
      if (written === undefined) return 'done'
      const ignored = written.ignored.length > 0 ? `; not written by the grid: ${written.ignored.join(', ')}` : ''
      rc.rec.notice(`${p.label}: grid ${grid.region}: ${written.inserted} inserted, ${written.updated} updated, ${written.deleted} deleted${ignored}`, {
        code: 'gridDml',
        session: rc.sessionId,
        app: rc.app.id,
      })
      return 'done'
    }
    case 'closeDialog':
      rc.rec.notice(`${p.label}: the dialog closes; the request ends here (no branch)`, { code: 'closeDialog', session: rc.sessionId, app: rc.app.id })
      return 'closed'
    case 'executionChain': {
      const children = siblings.filter((s) => s.def.type === 'notSimulated' && s.def.chain === def.name)
      rc.rec.notice(`${p.label}: execution chain runs ${children.length} process${children.length === 1 ? '' : 'es'}`, {
        code: 'executionChain',
        session: rc.sessionId,
        app: rc.app.id,
      })
      const inner = children.map((c) => ({ ...c, def: { ...(c.def as NotSimulatedProcess), chain: undefined } as Process }))
      return runProcesses(rc, inner)
    }
    default:
      return notSimulatedDone(rc, p.label, `${plan.run} is not a process`)
  }
}

/** Whether every key item of the form is null (a new row), read without a closure per request. */
function everyKeyNull(rc: RequestContext, form: FormSpec): boolean {
  for (const k of form.keys) if (rc.lookup(k.item) != null) return false
  return true
}

function notSimulatedDone(rc: RequestContext, label: string, kind: string): 'done' {
  notSimulated(rc, label, kind)
  return 'done'
}

function runProcess(rc: RequestContext, p: Located<Exclude<Process, { type: 'notSimulated' }>>): void {
  const def = p.def
  switch (def.type) {
    case 'setItems': {
      // Evaluate every value first, so the assignments see the state before the process.
      const assignments = entriesOf(def.items).map(([name, src]) => [name, rc.evaluateValue(src, p.label)] as const)
      for (const [name, value] of assignments) {
        const info = rc.item(name)
        if (info) rc.setItem(info, value, p.label)
        else rc.rec.warning(`${p.label}: item ${normalizeName(name)} not found`, { session: rc.sessionId })
      }
      return
    }
    case 'clearCache': {
      applyClearCache(
        rc.ctx,
        rc.rec,
        rc.sessionId,
        rc.app,
        splitTokens(def.tokens),
        p.label,
        (info) => {
          rc.clearValue(info.name)
        },
        rc.page,
      )
      return
    }
    case 'insertRow': {
      const table = rc.app.tables.get(normalizeName(def.table))
      if (!table) throw new Error(`internal: table ${def.table} not declared`)
      const row: Record<string, string | null> = {}
      for (const col of table.columns) row[normalizeName(col)] = null
      for (const [col, src] of Object.entries(def.columns)) row[normalizeName(col)] = toStoredValue(rc.evaluateValue(src, p.label))
      const index = rc.ctx.state.tableRows(rc.app.id, table.name).length
      rc.rec.emit({ op: 'insertRow', app: rc.app.id, table: table.name, index, row, session: rc.sessionId, cause: p.label })
      return
    }
  }
}

/** Runs every validation (APEX shows all errors at once) and returns the failures. */
export function runValidations(rc: RequestContext, list: readonly Located<Validation>[]): ValidationError[] {
  const errors: ValidationError[] = []
  for (const v of list) {
    // A grid / tabular form validation runs per submitted row (grid-row-validations.ts).
    const grid = (v.def as { grid?: GridValidation }).grid
    if (grid !== undefined) {
      errors.push(...runGridValidation(rc, v, grid))
      continue
    }
    const plan = v.def.notSimulated ? rc.logic?.plan(v.def.notSimulated, 'validation') : undefined
    if (v.def.notSimulated && !plan?.ok) {
      notSimulated(rc, v.label, plan?.reason ?? v.def.notSimulated.kind)
      continue
    }
    if (!rc.conditionHolds(v.def.when, v.label)) continue
    let message: string | null
    if (plan?.ok) {
      // null: passes; '' : the validation's own message; other text: the message the code returned.
      const failure = rc.logic!.validation(plan, v.label)
      if (failure === null || failure === undefined) continue
      message = failure === '' ? null : failure
    } else {
      if (rc.evaluateTest(v.def.expression, v.label)) continue
      message = null
    }
    const err: ValidationError = { validation: v.def.name, message: message ?? rc.substitute(withLabel(rc, v.def), v.label) }
    if (v.def.item) err.item = normalizeName(v.def.item)
    errors.push(err)
    rc.rec.notice(`${v.label} failed: ${err.message}`, { code: 'validationFailed', session: rc.sessionId, ...(err.item ? { item: err.item } : {}) })
  }
  return errors
}

/** APEX replaces `#LABEL#` in a validation's message with its item's label (the item name when it has none). */
function withLabel(rc: RequestContext, v: Validation): string {
  if (!v.message.includes('#LABEL#')) return v.message
  const info = v.item === undefined ? undefined : rc.item(v.item)
  const label = (info?.def as { label?: string } | undefined)?.label ?? info?.name ?? v.item ?? ''
  return v.message.split('#LABEL#').join(label)
}

/** The first of these branches (all at one point) whose condition holds, or null. */
export function firstBranch(rc: RequestContext, atPoint: readonly Located<Branch>[]): Located<Branch> | null {
  for (const b of atPoint) {
    if (b.def.notSimulated) {
      notSimulated(rc, b.label, b.def.notSimulated.kind)
      continue
    }
    if (rc.conditionHolds(b.def.when, b.label)) return b
  }
  return null
}

/** Computations then processes at a render point, application components first. */
export function runRenderPoint(rc: RequestContext, point: Point): 'done' | 'closed' {
  const logic = logicAt(rc.app, rc.page, point)
  runComputations(rc, logic.computations)
  return runProcesses(rc, logic.processes)
}

/** `Object.entries` of a definition's (never changed) name → source map, made once per map. */
const ENTRIES = new WeakMap<Record<string, string>, [string, string][]>()
function entriesOf(map: Record<string, string>): [string, string][] {
  let e = ENTRIES.get(map)
  if (!e) ENTRIES.set(map, (e = Object.entries(map)))
  return e
}

function notSimulated(rc: RequestContext, label: string, kind: string): void {
  rc.rec.notice(`not simulated: ${kind} ${label}`, { code: 'notSimulated', session: rc.sessionId, app: rc.app.id })
}
