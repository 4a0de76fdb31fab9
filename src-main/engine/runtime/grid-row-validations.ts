/**
 * Running a grid / tabular form validation (issue #11) in a request: once per
 * created or updated row the submit carries for its grid, the row's columns
 * as binds; each failing row is one validation error naming the row. The
 * checks themselves are in engine/logic/grid-validations.ts.
 */
import type { Located } from '../app/compiled-app.js'
import type { GridValidation } from '../logic/grid-validations.js'
import { columnCheckPasses, rowBinds, rowMessage, rowsToValidate } from '../logic/grid-validations.js'
import type { Validation } from '../model/app-definition.js'
import type { ValidationError } from '../model/step.js'
import type { RequestContext } from './request-context.js'

export function runGridValidation(rc: RequestContext, v: Located<Validation>, grid: GridValidation): ValidationError[] {
  const plan = v.def.notSimulated ? rc.logic?.plan(v.def.notSimulated, 'validation') : undefined
  if (v.def.notSimulated && !plan?.ok) {
    rc.rec.notice(`not simulated: ${plan?.reason ?? v.def.notSimulated.kind} ${v.label}`, { code: 'notSimulated', session: rc.sessionId, app: rc.app.id })
    return []
  }
  if (!plan?.ok && grid.check === undefined) return []
  if (!rc.conditionHolds(v.def.when, v.label)) return []
  const errors: ValidationError[] = []
  for (const { row, n } of rowsToValidate(grid, rc.grids)) {
    const where = `${v.label} on grid ${grid.regionName ?? grid.region} row ${n}`
    const binds = rowBinds(row)
    let fails: boolean
    let message: string | null = null
    if (plan?.ok) {
      const failure = rc.logic!.validationWithBinds(plan, where, binds)
      fails = failure !== null && failure !== undefined
      if (fails && failure !== '') message = failure!
    } else {
      const check = grid.check!
      try {
        fails = !columnCheckPasses(check.type, binds(check.column) ?? null, check.pattern)
      } catch (e) {
        rc.rec.notice(`not simulated: ${where}: ${(e as Error).message}`, { code: 'notSimulated', session: rc.sessionId, app: rc.app.id })
        return errors
      }
    }
    if (!fails) continue
    const err: ValidationError = { validation: v.def.name, message: rowMessage(message ?? rc.substitute(v.def.message, v.label), grid, row, n) }
    errors.push(err)
    rc.rec.notice(`${where} failed: ${err.message}`, { code: 'validationFailed', session: rc.sessionId })
  }
  return errors
}
