/**
 * Compiling a unit once (deciding there whether it can be simulated) and
 * running it any number of times against a PlsqlHost.
 */
import type { PlsqlKind, PlsqlProgram } from './ast'
import { BudgetExceeded, PlsqlError } from './errors'
import type { PlsqlHost } from './host'
import { Interpreter } from './interpreter'
import type { PackageRegistry } from './packages'
import { NotSimulated, Parser, type NotSimulatedReason } from './parser'
import { oneStatementOf, runOneStatement } from './one-statement'
import { unknownCalls } from './static-calls'
import { toText, toTruth, type Value } from './values'

export type CompileResult = { ok: true; program: PlsqlProgram } | { ok: false; reason: NotSimulatedReason }

export interface CompileOptions {
  /**
   * The app's loaded supporting objects. When given, a procedure call or a
   * `pkg.member` that nothing declares is decided "not simulated" here rather
   * than failing when it runs.
   */
  packages?: PackageRegistry
}

/** Parses and checks a unit; never throws (property-tested). */
export function compilePlsql(text: string, kind: PlsqlKind, options: CompileOptions = {}): CompileResult {
  const r = compileText(text, kind)
  if (!r.ok || !options.packages) return r
  try {
    const reason = unknownCalls(r.program, options.packages)
    return reason ? { ok: false, reason } : r
  } catch (e) {
    return { ok: false, reason: { construct: 'internal', message: `the call check failed: ${e instanceof Error ? e.message : String(e)}`, line: 1, col: 1 } }
  }
}

function compileText(text: string, kind: PlsqlKind): CompileResult {
  try {
    const parser = new Parser(String(text))
    if (kind === 'expression' || kind === 'condition') {
      if (parser.atEnd()) return { ok: false, reason: { construct: 'syntax', message: 'the expression is empty', line: 1, col: 1 } }
      const expr = parser.expr()
      // APEX accepts an expression ending with a stray semicolon.
      parser.skipSemicolonAtEnd()
      parser.expectEnd()
      return { ok: true, program: { kind, expr, text } }
    }
    const block = parser.parseStatementList()
    if (block.body.length === 0) return { ok: false, reason: { construct: 'syntax', message: 'the PL/SQL code is empty', line: 1, col: 1 } }
    return { ok: true, program: { kind, block, text } }
  } catch (e) {
    if (e instanceof NotSimulated) return { ok: false, reason: e.reason }
    const message = e instanceof RangeError ? 'the code is nested too deeply to simulate' : `the parser failed: ${e instanceof Error ? e.message : String(e)}`
    return { ok: false, reason: { construct: 'internal', message, line: 1, col: 1 } }
  }
}

export type RunResult =
  | { ok: true; value?: string | null | boolean }
  | { ok: false; error: { message: string; line: number; col: number; oraCode?: number } }

/** Runs a compiled unit; never throws — PL/SQL errors, budget overruns and internal faults come back as `error`. */
export function runPlsql(program: PlsqlProgram, host: PlsqlHost): RunResult {
  // A block that is one DML statement runs without an interpreter (one-statement.ts).
  const one = program.block !== undefined ? oneStatementOf(program) : null
  if (one !== null) {
    const result = runOneStatement(one, host)
    if (result !== undefined) return result
  }
  return runInterpreted(program, host)
}

/** runPlsql through the interpreter, whatever the program (the one-statement path's reference). */
export function runInterpreted(program: PlsqlProgram, host: PlsqlHost): RunResult {
  const interp = new Interpreter(host)
  try {
    if (program.expr) {
      const v = interp.evalExpr(program.expr)
      if (program.kind === 'condition') return { ok: true, value: toTruth(v) === true }
      return { ok: true, value: resultValue(v) }
    }
    const v = interp.runBlock(program.block as NonNullable<PlsqlProgram['block']>)
    if (program.kind === 'functionBody') {
      if (v === undefined) return { ok: false, error: { message: 'ORA-06503: PL/SQL: Function returned without value', line: 1, col: 1, oraCode: 6503 } }
      return { ok: true, value: resultValue(v) }
    }
    return { ok: true }
  } catch (e) {
    if (e instanceof PlsqlError) return { ok: false, error: { message: e.message, line: e.line, col: e.col, oraCode: e.code } }
    if (e instanceof BudgetExceeded) return { ok: false, error: { message: e.message, line: e.line, col: e.col } }
    const message =
      e instanceof RangeError && /call stack/i.test(e.message)
        ? 'the PL/SQL code recursed too deeply to simulate'
        : `internal error in the PL/SQL interpreter: ${e instanceof Error ? e.message : String(e)}`
    return { ok: false, error: { message, line: 0, col: 0 } }
  }
}

function resultValue(v: Value): string | null | boolean {
  if (typeof v === 'boolean') return v
  return toText(v)
}
