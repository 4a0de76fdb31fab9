/**
 * Running a planned SQL or PL/SQL component (see code-plan.ts) inside a
 * request. SQL goes to the app database with the request's binds; PL/SQL to
 * the interpreter with a host built from the request. A failure is a
 * `LogicRunError` naming what failed; the caller adds which component.
 */
import type { BindLookup, LogicBackend, LogicDatabase, PlsqlHostLike, SqlValue } from './backend.js'
import type { CodePlan } from './code-plan.js'
import { itemText } from './item-text.js'

export class LogicRunError extends Error {
  constructor(
    message: string,
    readonly oraCode?: number,
  ) {
    super(message)
    this.name = 'LogicRunError'
  }
}

export interface CodeHost {
  db: LogicDatabase
  binds: BindLookup
  backend: LogicBackend
  /** The interpreter's host for this request (made on first use). */
  plsqlHost(): PlsqlHostLike
}

type Planned = Extract<CodePlan, { ok: true }>

/** The options of a one-row read, made once (a validation or an item's source reads one row on every request). */
const ONE_ROW = Object.freeze({ maxRows: 1 })

function query(host: CodeHost, sql: string, maxRows?: number): SqlValue[][] {
  try {
    return host.db.query(sql, host.binds, maxRows === undefined ? undefined : maxRows === 1 ? ONE_ROW : { maxRows }).rows
  } catch (e) {
    throw asRunError(e)
  }
}

/** A database error (SqlError {message, line, col}) or anything thrown, as a LogicRunError. */
export function asRunError(e: unknown): LogicRunError {
  if (e instanceof LogicRunError) return e
  const err = e as { message?: unknown; line?: unknown; col?: unknown; oraCode?: unknown }
  const message = typeof err?.message === 'string' ? err.message : String(e)
  const where = typeof err?.line === 'number' ? ` (line ${err.line}${typeof err.col === 'number' ? `, column ${err.col}` : ''})` : ''
  return new LogicRunError(`${message}${where}`, typeof err?.oraCode === 'number' ? err.oraCode : undefined)
}

function runPlsql(plan: Planned, host: CodeHost): string | null | boolean | undefined {
  const result = host.backend.runPlsql(plan.program, host.plsqlHost())
  if (!result.ok) {
    const { message, line, col, oraCode } = result.error
    throw new LogicRunError(`${message} (line ${line}, column ${col})`, oraCode)
  }
  return result.value
}

/** A source, default or computation: the value to store. */
export function runValue(plan: Planned, host: CodeHost): string | null {
  switch (plan.run) {
    case 'sqlQuery':
    case 'sqlExpression':
    case 'sqlSequence':
      return itemText(query(host, plan.sql!, 1)[0]?.[0])
    case 'sqlColonList': {
      const values = query(host, plan.sql!).map((row) => itemText(row[0]))
      // APEX joins the first column of every row; null rows give empty parts, as in Oracle's listagg of nulls.
      const joined = values.map((v) => v ?? '').join(':')
      return joined === '' ? null : joined
    }
    case 'plsqlExpression':
    case 'plsqlFunctionBody':
      return itemText(runPlsql(plan, host))
    default:
      throw new LogicRunError(`${plan.run} gives no value`)
  }
}

/** A condition: whether it holds. */
export function runTest(plan: Planned, host: CodeHost): boolean {
  switch (plan.run) {
    case 'sqlExists':
      return query(host, plan.sql!, 1).length > 0
    case 'sqlNotExists':
      return query(host, plan.sql!, 1).length === 0
    case 'sqlExpression':
      return query(host, plan.sql!, 1).length > 0
    case 'plsqlExpression':
    case 'plsqlFunctionBody':
      // Only TRUE holds: FALSE and NULL do not (three-valued logic, as APEX reads it).
      return runPlsql(plan, host) === true
    default:
      throw new LogicRunError(`${plan.run} is not a condition`)
  }
}

/**
 * A validation: null when it passes, else the message to show — `''` means
 * "the validation's own error message"; a function body returning error
 * text gives that text.
 */
export function runValidationCode(plan: Planned, host: CodeHost): string | null {
  switch (plan.run) {
    case 'plsqlErrorText': {
      const text = itemText(runPlsql(plan, host))
      return text === null ? null : text
    }
    case 'plsqlError': {
      // "PL/SQL Error": the block failing is the validation failing, with the validation's message.
      const result = host.backend.runPlsql(plan.program, host.plsqlHost())
      return result.ok ? null : ''
    }
    default:
      return runTest(plan, host) ? null : ''
  }
}

/** A PL/SQL process block. */
export function runBlock(plan: Planned, host: CodeHost): void {
  if (plan.run !== 'plsqlBlock') throw new LogicRunError(`${plan.run} is not a PL/SQL block`)
  runPlsql(plan, host)
}
