/**
 * A request's side of the app logic: runs components' SQL and PL/SQL through
 * the engine's AppLogic with this request's session state as binds, turns
 * every row the database changes into a row effect of the step, and builds
 * the PL/SQL interpreter's host (items, APEX globals, clear cache, errors,
 * debug, collections, text messages).
 */
import { signAppUrl } from './app-url-signing.js'
import type { NotSimulated } from '../model/app-definition.js'
import type { BindLookup, LogicDatabase, PlsqlHostLike, QueryResult, RowChange } from '../logic/backend.js'
import { PLSQL_STEP_BUDGET } from '../logic/backend.js'
import type { AppLogic } from '../logic/app-logic.js'
import { AppLogicError } from '../logic/app-logic-error.js'
import type { CodePlan, CodeRole } from '../logic/code-plan.js'
import type { CodeHost } from '../logic/run-code.js'
import { LogicRunError, runBlock, runTest, runValidationCode, runValue } from '../logic/run-code.js'
import type { FormIo } from '../logic/form-process.js'
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

export class RequestLogic {
  /** What the component running now is called (the cause of its writes, the place of its errors). */
  private cause = ''
  private host: CodeHost | null = null
  /** APEX_ERROR.ADD_ERROR messages of the component running now. */
  private errors: { message: string; item?: string }[] = []
  /** The interpreter's step budget, given afresh to each component run. */
  private readonly budget = { steps: PLSQL_STEP_BUDGET }

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
    return this.tolerant(where, () => runValue(plan, this.codeHost()))
  }

  /** Whether the condition holds; undefined when it needs an object the app database does not have. */
  test(plan: Planned, where: string): boolean | undefined {
    return this.tolerant(where, () => runTest(plan, this.codeHost()))
  }

  /** null: passes; '' / text: fails (see runValidationCode); undefined: needs an object the app database does not have. */
  validation(plan: Planned, where: string): string | null | undefined {
    return this.tolerant(where, () => runValidationCode(plan, this.codeHost()))
  }

  /** As `validation`, with `own` answering binds first (a grid row's columns; undefined: not its own) and session state the rest. */
  validationWithBinds(plan: Planned, where: string, own: (name: string) => string | null | undefined): string | null | undefined {
    const base = this.codeHost()
    const binds: BindLookup = (name) => {
      const value = own(name)
      return value !== undefined ? value : base.binds(name)
    }
    const host: CodeHost = { ...base, binds, plsqlHost: () => ({ ...base.plsqlHost(), item: binds }) }
    return this.tolerant(where, () => runValidationCode(plan, host))
  }

  /** Runs the block; false when it needs an object the app database does not have. */
  block(plan: Planned, where: string): boolean {
    return this.tolerant(where, () => (runBlock(plan, this.codeHost()), true)) ?? false
  }

  /**
   * Runs `fn` as `guard` does, except that an error saying a table, view,
   * package or identifier does not exist makes the component "not simulated"
   * for this run (a notice, undefined) instead of failing the request: the
   * export's supporting objects need not hold everything the app's schema has
   * (docs/decisions.md). Every other error fails the request, as in APEX.
   */
  tolerant<T>(where: string, fn: () => T): T | undefined {
    try {
      return this.guard(where, fn)
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
    const host = this.codeHost()
    return {
      db: host.db,
      binds: host.binds,
      setItem: (name, value) => this.setItem(name, value, where),
    }
  }

  /** Runs `fn` as the component `where`: its writes carry that cause, its failures name it. */
  guard<T>(where: string, fn: () => T): T {
    const outer = this.cause
    const outerHost = this.logic.activeHost
    // SQL that calls a package function runs it in this request's session.
    this.logic.activeHost = this.codeHost().plsqlHost()
    this.cause = where
    this.errors = []
    this.budget.steps = PLSQL_STEP_BUDGET
    try {
      const result = fn()
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
      this.logic.activeHost = outerHost
    }
  }

  private setItem(name: string, value: string | null, cause: string): void {
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
    if (this.host !== null) return this.host
    const real = this.logic.db
    const db: LogicDatabase = {
      runScript: (name, text) => real.runScript(name, text),
      query: (sql, binds, opts) => real.query(sql, binds, opts),
      execute: (sql, binds) => {
        const result = real.execute(sql, binds)
        this.recordChanges(result.changes)
        return result
      },
      applyChange: (change, direction) => real.applyChange(change, direction),
      primaryKey: (table) => real.primaryKey?.(table),
      begin: () => real.begin(),
      commit: () => real.commit(),
      rollback: () => real.rollback(),
      tableNames: () => real.tableNames(),
    }
    const binds: BindLookup = (name) => this.rc.lookup(name)
    let plsql: PlsqlHostLike | null = null
    this.host = {
      db,
      binds,
      backend: this.logic.backend,
      plsqlHost: () => (plsql ??= this.plsqlHost(db)),
    }
    return this.host
  }

  private plsqlHost(db: LogicDatabase): PlsqlHostLike {
    return {
      db,
      item: (name) => this.rc.lookup(name),
      setItem: (name, value) => this.setItem(name, value, this.cause),
      apex: new RequestApexContext(this),
      packages: this.logic.packages,
      // One budget per component run: `guard` resets it.
      budget: this.budget,
      clock: this.logic.clock,
    }
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
