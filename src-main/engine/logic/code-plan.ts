/**
 * Deciding, when an app loads, whether a component's SQL or PL/SQL runs: the
 * text is translated (SQL) or compiled (PL/SQL) once, for the use its place
 * gives it — a condition or validation tests it, a source, default or
 * computation stores it, a process runs it. A component whose text does not
 * compile stays "not simulated" and its plan says why (construct, line,
 * column), so the step that reaches it can tell the user.
 */
import type { CodeRun, NotSimulated } from '../model/app-definition.js'
import type { LogicBackend, PlsqlKind } from './backend.js'
import { KeptPerDefinition } from './kept-per-definition.js'

/** Where the code sits decides what its result means. */
export type CodeRole = 'condition' | 'value' | 'validation' | 'process'

export type CodePlan =
  | { ok: true; run: CodeRun; role: CodeRole; text: string; sql?: string; program?: unknown }
  | { ok: false; reason: string }

/** The SQL a SQL-run sends to the database; undefined for runs that are not SQL text. */
export function sqlFor(run: string, role: CodeRole, text: string): string | undefined {
  switch (run) {
    case 'sqlQuery':
    case 'sqlColonList':
    case 'sqlExists':
    case 'sqlNotExists':
      return text
    case 'sqlExpression':
      // A SQL expression is a test in conditions and validations, a value elsewhere.
      return role === 'value' ? `select ${text} from dual` : `select 1 from dual where ${text}`
    case 'sqlSequence':
      return `select ${text.trim()}.nextval from dual`
    default:
      return undefined
  }
}

/** The PL/SQL kind a PL/SQL run compiles as; undefined for runs that are not PL/SQL. */
export function plsqlKindFor(run: string, role: CodeRole): PlsqlKind | undefined {
  switch (run) {
    case 'plsqlExpression':
      return role === 'condition' || role === 'validation' ? 'condition' : 'expression'
    case 'plsqlFunctionBody':
    case 'plsqlErrorText':
      return 'functionBody'
    case 'plsqlBlock':
    case 'plsqlError':
      return 'block'
    default:
      return undefined
  }
}

/** Runs that need no text compiled: the engine knows what to do from the definition. */
const DECLARATIVE = new Set(['formFetch', 'formDml', 'gridDml', 'closeDialog', 'executionChain', 'formColumn'])

/** Runs whose result suits each role (a sequence is no condition, a block no value). */
const FITS: Record<CodeRole, ReadonlySet<string>> = {
  condition: new Set(['sqlExists', 'sqlNotExists', 'sqlExpression', 'plsqlExpression', 'plsqlFunctionBody']),
  value: new Set(['sqlQuery', 'sqlColonList', 'sqlExpression', 'sqlSequence', 'plsqlExpression', 'plsqlFunctionBody', 'formColumn']),
  validation: new Set(['sqlExists', 'sqlNotExists', 'sqlExpression', 'plsqlExpression', 'plsqlFunctionBody', 'plsqlErrorText', 'plsqlError']),
  process: new Set(['plsqlBlock', 'formFetch', 'formDml', 'gridDml', 'closeDialog', 'executionChain']),
}

export function planCode(record: NotSimulated, role: CodeRole, backend: LogicBackend): CodePlan {
  const run = record.run
  if (run === undefined) return { ok: false, reason: record.kind }
  if (!FITS[role].has(run)) return { ok: false, reason: `${record.kind}: ${run} does not run as a ${role}` }
  if (DECLARATIVE.has(run)) return { ok: true, run: run as CodeRun, role, text: record.text }
  const sql = sqlFor(run, role, record.text)
  if (sql !== undefined) {
    const checked = backend.translateSql(sql)
    if (!checked.ok) return { ok: false, reason: `${record.kind}: ${checked.error.message} (line ${checked.error.line}, column ${checked.error.col})` }
    return { ok: true, run: run as CodeRun, role, text: record.text, sql }
  }
  const kind = plsqlKindFor(run, role)
  if (kind === undefined) return { ok: false, reason: `${record.kind}: unknown way to run (${run})` }
  const compiled = backend.compilePlsql(record.text, kind)
  if (!compiled.ok) {
    const r = compiled.reason
    return { ok: false, reason: `${record.kind}: ${r.construct} is not simulated: ${r.message} (line ${r.line}, column ${r.col})` }
  }
  return { ok: true, run: run as CodeRun, role, text: record.text, program: compiled.program }
}

/**
 * Plans are made once per record and role and kept with the record (so two
 * apps never share a plan by accident), by the rule of every kept definition
 * (kept-per-definition.ts): a record whose text or way of running was changed
 * in place (an edited component) gets a new plan, never the old program.
 */
export class CodePlans {
  private readonly plans: KeptPerDefinition<NotSimulated, PlanSource, CodePlan>

  constructor(readonly backend: LogicBackend) {
    this.plans = new KeptPerDefinition<NotSimulated, PlanSource, CodePlan>({
      sourceOf: (record) => ({ text: record.text, run: record.run }),
      unchanged: (record, source) => record.text === source.text && record.run === source.run,
      make: (record, role) => planCode(record, role as CodeRole, backend),
    })
  }

  of(record: NotSimulated, role: CodeRole): CodePlan {
    return this.plans.get(record, role)
  }
}

/** What a plan is made from: the record's code and its way of running it. */
interface PlanSource {
  text: string
  run: string | undefined
}
