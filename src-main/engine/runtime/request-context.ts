/**
 * One request (a show or an accept) in one session and app: the values this
 * request gave items, the name lookup of semantics §7, and item writes by
 * storage kind (§2): Per Request values live only here, Per Session values
 * go to session state, Per User values of a logged-in user to the user store.
 */
import type { CompiledApp, CompiledPage, ItemInfo } from '../app/compiled-app.js'
import type { EvalContext, Expr } from '../expression/index.js'
import { evaluate, evaluateCondition, substituteText, toItemValue } from '../expression/index.js'
import type { Condition } from '../model/app-definition.js'
import type { GridRow } from '../model/operation.js'
import type { Value } from '../model/values.js'
import { ANONYMOUS_USER, GLOBAL_APP, normalizeName } from '../model/values.js'
import type { EngineContext } from './engine-context.js'
import type { SessionState } from '../state/session-state.js'
import { writeItemRow, writeUserValue } from './state-writes.js'
import { RequestLogic } from './request-logic.js'
import type { StepRecorder } from './step-recorder.js'

/**
 * The stored value of an item outside any request. Decision (docs/decisions.md):
 * for a logged-in user a Per User item reads the Per User store first, and
 * session state (a value from before login) only when the user has none.
 */
export function storedItemValue(state: SessionState, sessionId: number, user: string, info: ItemInfo): Value {
  if (info.storage === 'user' && user !== ANONYMOUS_USER) {
    const own = state.getUserRow(user, info.storageApp, info.name)
    if (own) return own.value
  }
  return state.rows.get(sessionId)?.get(info.rowKey)?.value ?? null
}

const NO_VALUES: ReadonlyMap<string, Value> = new Map()
const NO_PARAMS: readonly { name: string; value: string }[] = Object.freeze([])

function settingsHold(rc: RequestContext): boolean {
  return rc.app.def.settings?.notSimulatedConditionsHold ?? rc.ctx.settings.notSimulatedConditionsHold
}

export class RequestContext {
  /**
   * Values this request gave items (all storage kinds), by upper-case name, in
   * the order first given. Made on the first value: many requests (a page
   * shown again, a redirect) give none, and a Map was a large part of what a
   * request allocated.
   */
  private valueMap: Map<string, Value> | null = null

  /** The values this request gave items (read-only; see setItem and clearValue). */
  get values(): ReadonlyMap<string, Value> {
    return this.valueMap ?? NO_VALUES
  }

  /** A clear cache in this request: an item that has a value in it now has null. */
  clearValue(name: string): void {
    if (this.valueMap?.has(name)) this.valueMap.set(name, null)
  }
  /** Names whose value came from the URL (for the "Per Request values copied" part of cloning). */
  request: string | null = null
  /** The URL's other parameters (`pg_min_row` of a pagination request: runtime/report-regions.ts). */
  urlExtra: readonly { name: string; value: string }[] = NO_PARAMS
  /** Interactive Grid rows a submit carries, by grid (region static ID or name); null in every other request (logic/grid-dml.ts). */
  grids: Readonly<Record<string, readonly GridRow[]>> | null = null
  /** APEX_APPLICATION.G_X01… / G_F01… of an Ajax call (operations/ajax.ts); null in every other request. */
  ajaxGlobals: Record<string, string | null> | null = null
  debug: string | null = null
  printerFriendly: string | null = null

  constructor(
    readonly ctx: EngineContext,
    readonly rec: StepRecorder,
    public sessionId: number,
    public app: CompiledApp,
    public page: CompiledPage,
  ) {}

  /**
   * The session's user, read once: no step changes the user of a session
   * while one of its requests runs (login is an operation of its own, and its
   * After Authentication context starts after the change), and every stored
   * value and item write asks for it.
   */
  get user(): string {
    return (this.sessionUser ??= this.ctx.state.sessions.get(this.sessionId)?.user ?? ANONYMOUS_USER)
  }
  private sessionUser: string | null = null

  /** Resolves an item name within the app; GLOBAL items of other apps of the session count too. */
  item(name: string): ItemInfo | undefined {
    // Names usually arrive normalized already (from the compiled app or an earlier lookup):
    // a key of the item map is its own normalized form, so a hit needs no normalizing.
    const hit = this.app.items.get(name)
    if (hit) return hit
    const n = normalizeName(name)
    const own = this.app.items.get(n)
    if (own) return own
    const session = this.ctx.state.sessions.get(this.sessionId)
    for (const appId of session?.apps ?? []) {
      const other = this.ctx.apps.get(appId)?.items.get(n)
      if (other?.scope === 'GLOBAL') return other
    }
    return undefined
  }

  /** The built-in substitution strings of §7. */
  builtin(name: string): Value | undefined {
    switch (name) {
      case 'APP_ID':
        return String(this.app.id)
      case 'APP_ALIAS':
        return this.app.def.alias ?? null
      case 'APP_PAGE_ID':
        return String(this.page.id)
      case 'APP_PAGE_ALIAS':
        return this.page.def.alias ?? null
      case 'APP_SESSION':
      case 'SESSION':
        return String(this.sessionId)
      case 'APP_USER':
        return this.user
      case 'REQUEST':
        return this.request
      case 'DEBUG':
        return this.debug ?? 'NO'
      case 'PRINTER_FRIENDLY':
        return this.printerFriendly ?? 'NO'
      // No App Builder runs beside the simulation: the builder session is null (docs/decisions.md).
      case 'APP_BUILDER_SESSION':
        return null
      // Pre-4.0 names of APP_ID and APP_PAGE_ID that exports still use.
      case 'FLOW_ID':
        return String(this.app.id)
      case 'FLOW_PAGE_ID':
        return String(this.page.id)
      default:
        return undefined
    }
  }

  /** The value the rest of this request sees for an item: request, then session state, then Per User. */
  storedValue(info: ItemInfo): Value {
    const values = this.valueMap
    if (values !== null && values.has(info.name)) return values.get(info.name) ?? null
    return storedItemValue(this.ctx.state, this.sessionId, this.user, info)
  }

  /** Name lookup for expressions and substitutions; undefined = unknown name. */
  lookup(name: string): Value | undefined {
    // A bind or item name usually arrives in its normalized form, which is its key in the item map (see
    // `item`): a hit answers as the general path does — built-ins first — without normalizing it again.
    const hit = this.app.items.get(name)
    if (hit !== undefined) {
      const b = this.builtin(name)
      return b !== undefined ? b : this.storedValue(hit)
    }
    const n = normalizeName(name)
    const b = this.builtin(n)
    if (b !== undefined) return b
    const info = this.item(n)
    if (!info) return undefined
    return this.storedValue(info)
  }

  /**
   * Gives an item a value in this request and stores it according to its storage.
   * `cause` says why, in words shown to the user.
   */
  setItem(info: ItemInfo, value: Value, cause: string): void {
    const values = (this.valueMap ??= new Map())
    values.set(info.name, value)
    if (info.storage === 'request') return
    if (info.storage === 'user' && this.user !== ANONYMOUS_USER) {
      writeUserValue(this.ctx.state, this.rec, this.user, info.storageApp, info.name, value, cause, this.sessionId)
      return
    }
    writeItemRow(this.ctx.state, this.rec, this.sessionId, info.storageApp, info.page, info.name, value, cause, info.rowKey)
  }

  /** Where the expression being evaluated sits, for the prefix of its warnings. */
  private evalWhere = ''
  /**
   * One context object for every evaluation of this request (made on first
   * use) instead of two closures per expression: an evaluation never starts
   * another (lookups read values, they do not evaluate), so `evalWhere`
   * cannot change under it.
   */
  private evalCtx: EvalContext | null = null

  evalContext(where: string): EvalContext {
    this.evalWhere = where
    return (this.evalCtx ??= new RequestEvalContext(this))
  }

  /** A warning of the expression being evaluated, prefixed with where it sits. */
  warnAtEval(message: string): void {
    this.rec.warning(`${this.evalWhere}: ${message}`, { session: this.sessionId, app: this.app.id, page: this.page.id })
  }

  /** Names the component in an error that stops the step (ExpressionLimitError). */
  evalPlace(): string {
    return `${this.evalWhere} (app ${this.app.id}, page ${this.page.id})`
  }

  expr(source: string): Expr {
    const e = this.app.expressions.get(source)
    if (!e) throw new Error(`internal: expression not compiled: ${source}`)
    return e
  }

  evaluateValue(source: string, where: string): Value {
    return toItemValue(evaluate(this.expr(source), this.evalContext(where)))
  }

  evaluateTest(source: string, where: string): boolean {
    return evaluateCondition(this.expr(source), this.evalContext(where))
  }

  substitute(text: string, where: string): string {
    return substituteText(text, this.evalContext(where))
  }

  /** This request's runner of SQL and PL/SQL (null when the engine has no app logic). */
  get logic(): RequestLogic | null {
    if (this.requestLogic === undefined) this.requestLogic = this.ctx.logic ? new RequestLogic(this.ctx.logic, this) : null
    return this.requestLogic
  }
  private requestLogic: RequestLogic | null | undefined = undefined

  /** A condition holds when every part given holds (§7). */
  conditionHolds(c: Condition | undefined, where: string): boolean {
    if (!c) return true
    const plan = c.notSimulated ? this.logic?.plan(c.notSimulated, 'condition') : undefined
    const holds = plan?.ok ? this.logic!.test(plan, `condition of ${where}`) : undefined
    if (holds === false) return false
    if (holds === undefined && c.notSimulated) {
      // Unknown, as in SQL three-valued logic: by default it does not hold (docs/decisions.md).
      const holds = settingsHold(this)
      const why = plan === undefined ? c.notSimulated.kind : plan.ok ? 'needs an object the app database does not have' : plan.reason
      this.rec.notice(`not simulated: condition of ${where} (${why}); treated as ${holds ? 'true' : 'false'}`, {
        code: 'notSimulated',
        session: this.sessionId,
      })
      if (!holds) return false
    }
    if (c.button !== undefined && c.button !== this.request && normalizeName(c.button) !== this.normalizedRequest()) return false
    if (c.expression !== undefined && !this.evaluateTest(c.expression, `condition of ${where}`)) return false
    return true
  }

  /** `normalizeName(this.request ?? '')`, worked out again only when `request` changed (conditions ask it for every button). */
  private normalizedRequest(): string {
    if (this.normalizedFor !== this.request) {
      this.normalizedFor = this.request
      this.normalized = normalizeName(this.request ?? '')
    }
    return this.normalized
  }
  private normalizedFor: string | null = null
  private normalized = ''

  /** Storage app of an item for display (GLOBAL items live under app 0). */
  static isGlobal(info: ItemInfo): boolean {
    return info.storageApp === GLOBAL_APP
  }
}

/**
 * A request's context for expressions: methods on a prototype rather than
 * three closures per request (a request is made for every step, and each
 * closure was an allocation plus a naming call under tsx).
 */
class RequestEvalContext implements EvalContext {
  constructor(private readonly request: RequestContext) {}
  lookup(name: string): string | null | undefined {
    return this.request.lookup(name)
  }
  warn(message: string): void {
    this.request.warnAtEval(message)
  }
  where(): string {
    return this.request.evalPlace()
  }
}
