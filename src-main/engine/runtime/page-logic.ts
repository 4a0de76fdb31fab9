/**
 * Running the declarative logic of an app at one point: computations,
 * processes, validations and branches, each with its condition, in sequence
 * order, application components before the page's (semantics §3, §6).
 */
import type { Located } from '../app/compiled-app.js'
import { logicAt } from '../app/compiled-app.js'
import type { Branch, Computation, Point, Process, Validation } from '../model/app-definition.js'
import type { ValidationError } from '../model/step.js'
import { normalizeName, toStoredValue } from '../model/values.js'
import { applyClearCache, splitTokens } from './clear-cache.js'
import type { RequestContext } from './request-context.js'

export function runComputations(rc: RequestContext, list: readonly Located<Computation>[]): void {
  for (const c of list) {
    if (c.def.notSimulated) {
      notSimulated(rc, c.label, c.def.notSimulated.kind)
      continue
    }
    if (!rc.conditionHolds(c.def.when, c.label)) continue
    const info = rc.item(c.def.item)
    if (!info) {
      rc.rec.warning(`${c.label}: item ${normalizeName(c.def.item)} not found`, { session: rc.sessionId })
      continue
    }
    rc.setItem(info, rc.evaluateValue(c.def.expression, c.label), c.label)
  }
}

export function runProcesses(rc: RequestContext, list: readonly Located<Process>[]): void {
  for (const p of list) {
    if (p.def.type === 'notSimulated') {
      notSimulated(rc, p.label, p.def.notSimulated.kind)
      continue
    }
    if (!rc.conditionHolds(p.def.when, p.label)) continue
    runProcess(rc, p as Located<Exclude<Process, { type: 'notSimulated' }>>)
  }
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
      applyClearCache(rc.ctx, rc.rec, rc.sessionId, rc.app, splitTokens(def.tokens), p.label, (info) => {
        rc.clearValue(info.name)
      })
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
    if (v.def.notSimulated) {
      notSimulated(rc, v.label, v.def.notSimulated.kind)
      continue
    }
    if (!rc.conditionHolds(v.def.when, v.label)) continue
    if (rc.evaluateTest(v.def.expression, v.label)) continue
    const err: ValidationError = { validation: v.def.name, message: rc.substitute(v.def.message, v.label) }
    if (v.def.item) err.item = normalizeName(v.def.item)
    errors.push(err)
    rc.rec.notice(`${v.label} failed: ${err.message}`, { code: 'validationFailed', session: rc.sessionId, ...(err.item ? { item: err.item } : {}) })
  }
  return errors
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
export function runRenderPoint(rc: RequestContext, point: Point): void {
  const logic = logicAt(rc.app, rc.page, point)
  runComputations(rc, logic.computations)
  runProcesses(rc, logic.processes)
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
