/**
 * A request's side of the app logic: runs components' SQL and PL/SQL through
 * the engine's AppLogic with this request's session state as binds, turns
 * every row the database changes into a row effect of the step, and builds
 * the PL/SQL interpreter's host (items, APEX globals, clear cache, errors,
 * debug, collections, text messages).
 */
import { signAppUrl } from './app-url-signing.js'
import type { NotSimulated } from '../model/app-definition.js'
import type { BindLookup, DmlResult, LogicBackend, LogicDatabase, PlsqlHostLike, QueryResult, RowChange, ScriptReport } from '../logic/backend.js'
import { PLSQL_STEP_BUDGET } from '../logic/backend.js'
import type { AppLogic } from '../logic/app-logic.js'
import { AppLogicError } from '../logic/app-logic-error.js'
import type { CodePlan, CodeRole } from '../logic/code-plan.js'
import type { CodeHost } from '../logic/run-code.js'
import { LogicRunError, runBlock, runTest, runValidationCode, runValue } from '../logic/run-code.js'
import type { DmlOperation, FormIo } from '../logic/form-process.js'
import { fetchRow, writeRow } from '../logic/form-process.js'
import type { FormSpec } from '../model/app-definition.js'
import { reportQuery } from '../logic/report-sql.js'
import { normalizeName } from '../model/values.js'
import { applyClearCache, splitTokens } from './clear-cache.js'
import type { RequestContext } from './request-context.js'

export type Planned = Extract<CodePlan, { ok: true }>

/** Errors that mean "this object is not in the app database" (Oracle's and SQLite's words for it). */
const UNKNOWN_OBJECT = /PLS-00201|ORA-00942|ORA-00904|ORA-04043|no such table|no such column|no such function|is not simulated|not in the simulated/i

export function unknownObject(message: string): boolean {
  return UNKNOWN_OBJECT.test(message)
}

/** A PL/SQL process block run for its effects: true once it ran. */
function runBlockDone(plan: Planned, host: CodeHost): boolean {
  runBlock(plan, host)
  return true
}

export class RequestLogic {
  /** What the component running now is called (the cause of its writes, the place of its errors). */
  private cause = ''
  private host: CodeHost | null = null
  /** APEX_ERROR.ADD_ERROR messages of the component running now. */
  private errors: { message: string; item?: string }[] = []
  /** The interpreter's step budget, given afresh to each component run. */
  private readonly budget = { steps: PLSQL_STEP_BUDGET }

  /** The budget object the interpreter's host hands out (reset by `guard`). */
  get budgetOfRun(): { steps: number } {
    return this.budget
  }

  constructor(
    readonly logic: AppLogic,
    readonly rc: RequestContext,
  ) {}

  /** The plan of a record in a role; not-ok plans say why the component does not run. */
  plan(record: NotSimulated, role: CodeRole): CodePlan {
    return this.logic.plans.of(record, role)
  }

  /** The value to store; undefined when the code needs an object the app database does not have (see `unknownObject`). */
  value(plan: Planned, where: string): string | null | undefined {
    return this.tolerant(where, runValue, plan, this.codeHost())
  }

  /** Whether the condition holds; undefined when it needs an object the app database does not have. */
  test(plan: Planned, where: string): boolean | undefined {
    return this.tolerant(where, runTest, plan, this.codeHost())
  }

  /** null: passes; '' / text: fails (see runValidationCode); undefined: needs an object the app database does not have. */
  validation(plan: Planned, where: string): string | null | undefined {
    return this.tolerant(where, runValidationCode, plan, this.codeHost())
  }

  /** As `validation`, with `own` answering binds first (a grid row's columns; undefined: not its own) and session state the rest. */
  validationWithBinds(plan: Planned, where: string, own: (name: string) => string | null | undefined): string | null | undefined {
    return this.tolerant(where, runValidationCode, plan, new RowCodeHost(this.codeHost(), own))
  }

  /** Runs the block; false when it needs an object the app database does not have. */
  block(plan: Planned, where: string): boolean {
    return this.tolerant(where, runBlockDone, plan, this.codeHost()) ?? false
  }

  /** Form Initialization as the component `where` (form-process.ts fetchRow); undefined when its table is not in the app database. */
  fetchForm(form: FormSpec, where: string): boolean | undefined {
    return this.tolerant(where, fetchRow, form, this.formIo(where))
  }

  /** Form DML as the component `where` (form-process.ts writeRow); undefined when its table is not in the app database. */
  writeForm(form: FormSpec, op: DmlOperation, where: string): RowChange[] | undefined {
    return this.tolerant(where, writeRow, form, op, this.formIo(where))
  }

  /**
   * Runs `fn` as `guard` does, except that an error saying a table, view,
   * package or identifier does not exist makes the component "not simulated"
   * for this run (a notice, undefined) instead of failing the request: the
   * export's supporting objects need not hold everything the app's schema has
   * (docs/decisions.md). Every other error fails the request, as in APEX.
   */
  tolerant<T, A = undefined, B = undefined, C = undefined>(where: string, fn: (a: A, b: B, c: C) => T, a?: A, b?: B, c?: C): T | undefined {
    try {
      return this.guard(where, fn, a, b, c)
    } catch (e) {
      if (!(e instanceof AppLogicError) || !unknownObject(e.problem)) throw e
      this.rc.rec.notice(`not simulated: ${where}: ${e.problem} (the app database has no such object)`, {
        code: 'notSimulated',
        session: this.rc.sessionId,
        app: this.rc.app.id,
      })
      return undefined
    }
  }

  /**
   * A report region's query with this request's binds (runtime/report-regions.ts):
   * at most `maxRows` rows. Failures throw an AppLogicError naming `where`.
   */
  query(where: string, sql: string, maxRows: number): QueryResult {
    return this.guard(where, () => {
      const host = this.codeHost()
      // A report on APEX_COLLECTIONS reads this session's members.
      const q = reportQuery(sql, host.binds, this.logic.collectionsOf(this.rc.sessionId))
      return host.db.query(q.sql, q.binds, { maxRows })
    })
  }

  /** Form fetch / DML access with this request's binds and writes. */
  formIo(where: string): FormIo {
    return new RequestFormIo(this, this.codeHost(), where)
  }

  /**
   * Runs `fn(a, b, c)` as the component `where`: its writes carry that cause, its failures name it.
   * The arguments are passed through rather than captured in a closure: a component runs on every
   * request, and each closure was an allocation (and, under tsx, a naming call).
   */
  guard<T, A = undefined, B = undefined, C = undefined>(where: string, fn: (a: A, b: B, c: C) => T, a?: A, b?: B, c?: C): T {
    const outer = this.cause
    const outerCode = this.logic.activeCode
    // SQL that calls a package function runs it in this request's session (its interpreter host is made if it does).
    this.logic.activeCode = this.codeHost()
    this.cause = where
    // A fresh list for this component (an empty one is as fresh: nothing else holds it).
    if (this.errors.length > 0) this.errors = []
    this.budget.steps = PLSQL_STEP_BUDGET
    try {
      const result = fn(a as A, b as B, c as C)
      if (this.errors.length > 0) {
        throw new AppLogicError(where, this.errors.map((e) => (e.item ? `${e.message} (item ${e.item})` : e.message)).join('; '))
      }
      return result
    } catch (e) {
      if (e instanceof AppLogicError) throw e
      if (e instanceof LogicRunError) throw new AppLogicError(where, e.message, e.oraCode)
      const err = e as { message?: unknown; line?: unknown; col?: unknown }
      const at = typeof err?.line === 'number' ? ` (line ${err.line}${typeof err.col === 'number' ? `, column ${err.col}` : ''})` : ''
      throw new AppLogicError(where, `${typeof err?.message === 'string' ? err.message : String(e)}${at}`)
    } finally {
      this.cause = outer
      this.logic.activeCode = outerCode
    }
  }

  /** An item write by code, with `cause` as its cause (`setItemByCode` for the component running now). */
  setItem(name: string, value: string | null, cause: string): void {
    const info = this.rc.item(normalizeName(name))
    if (!info) throw new LogicRunError(`item ${normalizeName(name)} is not defined in app ${this.rc.app.id}`)
    this.rc.setItem(info, value === '' ? null : value, cause)
  }

  /** Row changes the database reports become the step's row effects. */
  private recordChanges(changes: readonly RowChange[]): void {
    for (const c of changes) {
      this.rc.rec.emit({
        op: 'row',
        app: this.rc.app.id,
        table: c.table,
        key: c.key,
        change: c.op,
        from: c.before,
        to: c.after,
        session: this.rc.sessionId,
        cause: this.cause,
      })
    }
  }

  private codeHost(): CodeHost {
    return (this.host ??= new RequestCodeHost(this))
  }

  /** The app database as this request's code sees it: DML row changes become the step's row effects. */
  recordingExecute(sql: string, binds: BindLookup): DmlResult {
    const result = this.logic.db.execute(sql, binds)
    this.recordChanges(result.changes)
    return result
  }

  /** The interpreter's item access: the request's name lookup, and writes caused by the component running now. */
  lookupItem(name: string): string | null | undefined {
    return this.rc.lookup(name)
  }
  setItemByCode(name: string, value: string | null): void {
    this.setItem(name, value, this.cause)
  }

  /** What RequestApexContext needs of the component running now. */
  get runningCause(): string {
    return this.cause
  }

  addError(message: string, item?: string): void {
    this.errors.push(item === undefined ? { message } : { message, item })
  }

}

/**
 * A request's hosts for code: classes, not object literals of closures. A
 * request is made for every step and each that runs code built its hosts
 * anew — about fifteen closures, each an allocation and, under tsx, a naming
 * call; methods on a prototype cost nothing per request.
 */
class RequestDatabase implements LogicDatabase {
  constructor(private readonly owner: RequestLogic) {}
  runScript(name: string, text: string): ScriptReport {
    return this.owner.logic.db.runScript(name, text)
  }
  query(sql: string, binds: BindLookup, opts?: { maxRows?: number }): QueryResult {
    return this.owner.logic.db.query(sql, binds, opts)
  }
  execute(sql: string, binds: BindLookup): DmlResult {
    return this.owner.recordingExecute(sql, binds)
  }
  applyChange(change: RowChange, direction: 'forward' | 'backward'): void {
    this.owner.logic.db.applyChange(change, direction)
  }
  primaryKey(table: string): string[] | undefined {
    return this.owner.logic.db.primaryKey?.(table)
  }
  begin(): void {
    this.owner.logic.db.begin()
  }
  commit(): void {
    this.owner.logic.db.commit()
  }
  rollback(): void {
    this.owner.logic.db.rollback()
  }
  tableNames(): string[] {
    return this.owner.logic.db.tableNames()
  }
}

class RequestCodeHost implements CodeHost {
  readonly db: LogicDatabase
  readonly backend: LogicBackend
  /** A function value (the database calls it bare): the one closure a request keeps. */
  readonly binds: BindLookup
  private plsql: RequestPlsqlHost | null = null

  constructor(private readonly owner: RequestLogic) {
    this.db = new RequestDatabase(owner)
    this.backend = owner.logic.backend
    const rc = owner.rc
    this.binds = (name) => rc.lookup(name)
  }

  plsqlHost(): PlsqlHostLike {
    return (this.plsql ??= new RequestPlsqlHost(this.owner, this.db))
  }
}

/** Form processes' access: the request's database and binds, item writes caused by the form process `where`. */
class RequestFormIo implements FormIo {
  readonly db: LogicDatabase
  readonly binds: BindLookup

  constructor(
    private readonly owner: RequestLogic,
    host: CodeHost,
    private readonly where: string,
  ) {
    this.db = host.db
    this.binds = host.binds
  }
  setItem(name: string, value: string | null): void {
    this.owner.setItem(name, value, this.where)
  }
}

/**
 * The code host of one grid row's validation: binds answer the row's own columns first, then the request's
 * (session state); the interpreter reads items the same way and writes them as the request's host does.
 */
class RowCodeHost implements CodeHost {
  readonly db: LogicDatabase
  readonly backend: LogicBackend
  readonly binds: BindLookup
  private plsql: PlsqlHostLike | null = null

  constructor(
    private readonly base: CodeHost,
    own: (name: string) => string | null | undefined,
  ) {
    this.db = base.db
    this.backend = base.backend
    const baseBinds = base.binds
    this.binds = (name) => {
      const value = own(name)
      return value !== undefined ? value : baseBinds(name)
    }
  }

  plsqlHost(): PlsqlHostLike {
    return (this.plsql ??= new RowPlsqlHost(this.base.plsqlHost(), this.binds))
  }
}

/** The request's interpreter host with the row's binds as its item lookup. */
class RowPlsqlHost implements PlsqlHostLike {
  readonly db: LogicDatabase
  readonly apex: PlsqlHostLike['apex']
  readonly packages: unknown
  readonly budget: { steps: number }
  readonly clock: (() => Date) | undefined

  constructor(
    private readonly base: PlsqlHostLike,
    private readonly binds: BindLookup,
  ) {
    this.db = base.db
    this.apex = base.apex
    this.packages = base.packages
    this.budget = base.budget
    this.clock = base.clock
  }
  item(name: string): string | null | undefined {
    return this.binds(name)
  }
  setItem(name: string, value: string | null): void {
    this.base.setItem(name, value)
  }
}

class RequestPlsqlHost implements PlsqlHostLike {
  readonly apex: RequestApexContext
  readonly packages: unknown
  readonly budget: { steps: number }
  readonly clock: (() => Date) | undefined

  constructor(
    private readonly owner: RequestLogic,
    readonly db: LogicDatabase,
  ) {
    this.apex = new RequestApexContext(owner)
    this.packages = owner.logic.packages
    // One budget per component run: `guard` resets it.
    this.budget = owner.budgetOfRun
    this.clock = owner.logic.clock
  }
  item(name: string): string | null | undefined {
    return this.owner.lookupItem(name)
  }
  setItem(name: string, value: string | null): void {
    this.owner.setItemByCode(name, value)
  }
}

/**
 * APEX_APPLICATION and friends as the interpreter sees them in one request.
 * A class, not an object literal with getters: the host is made for every
 * request that runs code (guard makes it the active host), and accessors on
 * a prototype cost nothing per request, while a literal's are made anew each
 * time. The collection store is looked up on first use.
 */
class RequestApexContext {
  readonly g: Record<string, string | null>
  private store: unknown = undefined

  constructor(private readonly owner: RequestLogic) {
    this.g = owner.rc.ajaxGlobals ?? {}
  }

  get user(): string {
    return this.owner.rc.user
  }
  get appId(): number {
    return this.owner.rc.app.id
  }
  get pageId(): number {
    return this.owner.rc.page.id
  }
  get request(): string | null {
    return this.owner.rc.request
  }
  get session(): number {
    return this.owner.rc.sessionId
  }
  get collections(): unknown {
    return (this.store ??= this.owner.logic.collectionsOf(this.owner.rc.sessionId))
  }

  clearCache(tokens: string): void {
    const rc = this.owner.rc
    applyClearCache(rc.ctx, rc.rec, rc.sessionId, rc.app, splitTokens(tokens), this.owner.runningCause, (info) => rc.clearValue(info.name), rc.page)
  }
  addError(message: string, item?: string): void {
    this.owner.addError(message, item)
  }
  debug(message: string): void {
    const rc = this.owner.rc
    rc.rec.notice(`APEX_DEBUG (${this.owner.runningCause}): ${message}`, { code: 'apexDebug', session: rc.sessionId, app: rc.app.id })
  }
  message(name: string, params: string[]): string | null {
    return this.owner.logic.message(this.owner.rc.app.id, name, params)
  }
  signUrl(url: string, scope: 'application' | 'user' | 'session' | null): string {
    const rc = this.owner.rc
    return signAppUrl(rc.ctx, url, scope, rc.ctx.state.sessions.get(rc.sessionId))
  }
}
