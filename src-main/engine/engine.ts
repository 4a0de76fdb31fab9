/**
 * The session engine: runs operations against app definitions and returns
 * steps (semantics.md end to end). Pure TypeScript plus better-sqlite3 — no
 * Electron, DOM or React — so the CLI, the desktop shell, the browser host and
 * the tests all drive the very same code.
 */
import { randomBytes } from 'node:crypto'
import type { CompiledApp, ItemInfo } from './app/compiled-app.js'
import { storedItemValue } from './runtime/request-context.js'
import { compileApps } from './app/compile-app.js'
import type { Effect, SessionRecord } from './model/effect.js'
import type { SessionSettings } from './model/app-definition.js'
import type { Operation, SessionRef } from './model/operation.js'
import { MAX_CLOCK_SECONDS, MAX_RECORDED_BYTES, OperationSchema, operationSizeProblem, recordedBytes } from './model/operation.js'
import { fastParseOperation } from './model/operation-fast-parse.js'
import type { Step, StepKind } from './model/step.js'
import { ExpressionLimitError, substituteText } from './expression/index.js'
import type { EvalContext } from './expression/eval-context.js'
import { runAccept } from './operations/accept.js'
import { failure, type OperationEnv, type OperationResult } from './operations/operation-result.js'
import { runClearCacheOp, runCloneOp, runLogin, runLogout, runSetState } from './operations/session-ops.js'
import { runShow, type ShowInput } from './operations/show.js'
import { runAjax } from './operations/ajax.js'
import type { EngineContext } from './runtime/engine-context.js'
import { DEFAULT_SETTINGS } from './runtime/engine-context.js'
import type { BrowserUse } from './runtime/browser-cookies.js'
import { IMPLICIT_PREFIX, NO_BROWSER } from './runtime/browser-cookies.js'
import { expiryReason, sessionStatus } from './runtime/session-lifecycle.js'
import type { SessionStatus } from './runtime/session-lifecycle.js'
import { CryptoIdSource, SeededIdSource, SessionIdAllocator } from './runtime/session-ids.js'
import { StepRecorder } from './runtime/step-recorder.js'
import { SessionState } from './state/session-state.js'
import { BROWSERS_META_KEY, browserMetaChanges, restoreBrowserChanges, restoreBrowsers } from './state/browser-meta.js'
import type { StateRow, StateSnapshot, TableRow, UserRow } from './state/session-state.js'
import { SqliteStore } from './store/sqlite-store.js'
import { isDigits } from './model/values.js'
import { AppLogic, needsLogic } from './logic/app-logic.js'
import { AppLogicError } from './logic/app-logic-error.js'
import type { LogicBackend } from './logic/backend.js'
import { defaultLogicBackend } from './logic/default-backend.js'

export const DEFAULT_START_TIME = '2026-01-01T00:00:00Z'

/** A chain of redirects longer than this is an app bug (a loop), reported as an error step. */
const MAX_REDIRECTS = 20

export interface EngineOptions {
  /** App definitions (validated and compiled; problems throw AppLoadError). */
  apps?: unknown[]
  /** Where each app came from, for load-error messages (e.g. "header.apps[0]"). */
  appPaths?: string[]
  settings?: SessionSettings
  /** Makes session IDs deterministic (replays). Without it IDs come from a cryptographic source. */
  seed?: number
  /** ISO date-time of the simulated clock's origin. */
  startTime?: string
  /**
   * Issue #16: the Session State Protection secret of a trace without a seed
   * (its header's `checksumSecret`), so links signed before a save, export or
   * import still verify. Ignored when `seed` is given (the seed is the secret).
   */
  checksumSecret?: string
  /** SQLite file for the session store; in memory when absent. */
  storePath?: string
  /** SQL/PL/SQL backend for the apps' real logic (issue #11); the default one when absent. */
  logicBackend?: LogicBackend | null
}

const NO_META: Record<string, string> = Object.freeze({})

export class OperationInputError extends Error {
  constructor(
    message: string,
    readonly field: string | null,
  ) {
    super(message)
    this.name = 'OperationInputError'
  }
}

export interface SessionView extends SessionRecord {
  status: SessionStatus
  /** Seconds since last activity in the clone group, on the simulated clock. */
  idleSec: number
  groupCreatedAt: number
}

export class Engine {
  readonly startTime: string
  readonly seed: number | null
  readonly steps: Step[] = []
  private readonly ctx: EngineContext
  private readonly store: SqliteStore

  constructor(opts: EngineOptions = {}) {
    this.startTime = opts.startTime ?? DEFAULT_START_TIME
    this.seed = opts.seed ?? null
    const apps = compileApps(opts.apps ?? [], opts.appPaths ?? 'apps')
    this.store = new SqliteStore(opts.storePath ?? ':memory:')
    this.keepsMeta = opts.storePath !== undefined && opts.storePath !== ':memory:'
    const state = opts.storePath ? this.store.load() : new SessionState()
    // Issue #16: the store's columns have no place for browsers; a saved workspace keeps them in its meta.
    const savedBrowsers = opts.storePath ? this.store.getMeta(BROWSERS_META_KEY) : undefined
    if (savedBrowsers !== undefined) restoreBrowsers(state, savedBrowsers)
    // What steps of an engine that ran on this store file changed since (browserMetaChanges).
    if (opts.storePath) restoreBrowserChanges(state, (key) => this.store.getMeta(key))
    const savedIds = this.store.getMeta('idState')
    const source =
      savedIds && savedIds !== 'crypto' ? new SeededIdSource(savedIds) : opts.seed !== undefined ? new SeededIdSource(opts.seed) : new CryptoIdSource()
    this.ctx = {
      state,
      apps: new Map(apps.map((a) => [a.id, a])),
      appAliases: new Map(apps.filter((a) => a.alias).map((a) => [a.alias!, a.id])),
      settings: {
        cloneSessionEnabled: opts.settings?.cloneSessionEnabled ?? DEFAULT_SETTINGS.cloneSessionEnabled,
        maxSessionLengthSec: opts.settings?.maxSessionLengthSec ?? DEFAULT_SETTINGS.maxSessionLengthSec,
        maxSessionIdleSec: opts.settings?.maxSessionIdleSec ?? DEFAULT_SETTINGS.maxSessionIdleSec,
        notSimulatedConditionsHold: opts.settings?.notSimulatedConditionsHold ?? DEFAULT_SETTINGS.notSimulatedConditionsHold,
      },
      ids: new SessionIdAllocator(source, (id) => state.sessions.has(id) || state.groups.has(id)),
      now: Number(this.store.getMeta('clock') ?? 0),
      checksumSecret: this.secretOf(opts),
    }
    if (opts.settings?.rejoinSessions !== undefined) this.ctx.instanceRejoin = opts.settings.rejoinSessions
    // One app database per engine, built from the apps' supporting objects (issue #11).
    const backend = opts.logicBackend === undefined ? defaultLogicBackend() : opts.logicBackend
    const defs = apps.map((a) => a.def)
    if (backend !== null && needsLogic(defs)) {
      const origin = Date.parse(this.startTime)
      // The install scripts run as of startTime, also for an engine continuing a saved workspace: the rows
      // no step changed must be the ones the workspace began with (restoreAppDatabase adds the steps' rows).
      let installing = true
      this.ctx.logic = new AppLogic(backend, defs, () => new Date(origin + (installing ? 0 : this.ctx.now) * 1000))
      installing = false
    }
  }

  /**
   * Issue #16: the secret Session State Protection checksums are keyed with.
   * The seed, when the trace has one, so replays sign alike; else the secret
   * the trace or the store kept (a saved, exported or rebuilt workspace goes on
   * verifying the links it issued); else a fresh random one, kept in the store's
   * meta and handed on through `checksumSecret`.
   */
  private secretOf(opts: EngineOptions): string | number {
    if (opts.seed !== undefined) return opts.seed
    const kept = opts.checksumSecret ?? this.store.getMeta('checksumSecret')
    const secret = kept ?? randomBytes(32).toString('base64url')
    if (this.keepsMeta && kept !== this.store.getMeta('checksumSecret')) this.store.setMeta('checksumSecret', secret)
    return secret
  }

  /** The random Session State Protection secret of an engine without a seed (null with a seed: the seed is the secret). */
  get checksumSecret(): string | null {
    const secret = this.ctx.checksumSecret
    return typeof secret === 'string' ? secret : null
  }

  /** Simulated seconds since startTime. */
  get now(): number {
    return this.ctx.now
  }

  /** State of the session ID generator, so a saved workspace continues the same sequence (see store meta `idState`). */
  get idState(): string {
    return this.ctx.ids.state()
  }

  get apps(): ReadonlyMap<number, CompiledApp> {
    return this.ctx.apps
  }

  /** The app database, packages and code plans (issue #11); undefined when no app needs them. */
  get appLogic(): AppLogic | undefined {
    return this.ctx.logic
  }

  /** The working state (read-only use: views, expects, snapshots). */
  get state(): SessionState {
    return this.ctx.state
  }

  /**
   * Runs one operation (validated first) and returns its steps: usually one;
   * a redirect branch adds the follow-up show step(s), each linked by `causedBy`.
   */
  run(input: Operation | unknown): Step[] {
    const op = fastParseOperation(input) ?? parseOperation(input)
    // What the engine accepts it must be able to export as one trace line the reader takes back.
    const tooLarge = operationSizeProblem(op)
    if (tooLarge !== null) throw new OperationInputError(`invalid operation: ${tooLarge}`, null)
    if (op.t !== undefined && op.t < this.ctx.now) {
      return [this.errorStep(op, kindOf(op), `event time ${op.t} s is before the current time ${this.ctx.now} s: the clock never goes back`)]
    }
    if (op.t !== undefined) this.ctx.now = op.t
    let step = this.execute(op, null)
    // Most operations make one step: a one-element literal, not a list grown by push.
    if (!step.result.redirect) return [step.step]
    const out = [step.step]
    let hops = 0
    while (step.result.redirect) {
      const redirect = step.result.redirect
      if (++hops > MAX_REDIRECTS) {
        out.push(this.errorStep(op, 'show', `more than ${MAX_REDIRECTS} redirects in a row (a branch loop?)`, step.step.index))
        break
      }
      // A redirect is a URL the app built: it comes back from the same browser, unchecked (issue #16).
      const browser = this.redirectBrowser(op)
      const show: ShowInput =
        browser === null
          ? { url: redirect.url, sessionHint: redirect.session, as: null, internal: redirect.internal === true }
          : { url: redirect.url, sessionHint: redirect.session, as: null, internal: redirect.internal === true, browser, appBuilt: true }
      if (redirect.target !== undefined) show.parsed = redirect.target
      step = this.execute(op, show, step.step.index)
      out.push(step.step)
    }
    return out
  }

  /**
   * Issue #16: the browser an operation acts from — the one the event names,
   * else the one that owns the session it names (null: an implicit browser,
   * the rules of older traces).
   */
  private browserUse(op: Operation, id: number | null): BrowserUse {
    const named = 'browser' in op ? (op.browser as string | undefined) : undefined
    if (named !== undefined) return { name: named, explicit: true }
    const owner = id === null ? undefined : this.ctx.state.ownerOf(id)
    return owner === undefined ? NO_BROWSER : { name: owner, explicit: false }
  }

  /** The browser a redirect comes back from: the operation's explicit one, else none (redirects of events without a browser are unchanged). */
  private redirectBrowser(op: Operation): BrowserUse | null {
    const named = 'browser' in op ? (op.browser as string | undefined) : undefined
    return named !== undefined ? { name: named, explicit: true } : null
  }

  private dispatch(env: OperationEnv, op: Operation): OperationResult {
    const ref = 'session' in op ? (op.session as SessionRef | undefined) : undefined
    const id = ref === undefined ? null : this.resolveSession(ref)
    const named = 'browser' in op ? (op.browser as string | undefined) : undefined
    if (named !== undefined && named.startsWith(IMPLICIT_PREFIX))
      return failure(kindOf(op), 'error', `browser name "${named}" is reserved: names starting with "${IMPLICIT_PREFIX}" belong to implicit browsers`)
    switch (op.type) {
      case 'request': {
        const url = this.substituteRequestUrl(env, op.url, id)
        const browser = this.browserUse(op, null)
        if (browser === NO_BROWSER && op.sign === undefined) return runShow(env, { url, sessionHint: id, as: op.as ?? null })
        return runShow(env, op.sign === undefined ? { url, sessionHint: id, as: op.as ?? null, browser } : { url, sessionHint: id, as: op.as ?? null, browser, sign: op.sign })
      }
      // How the session is named in an error message (only a failing step calls it): a bound function made
      // where it is needed, not an arrow per operation — under tsx (keepNames) each arrow is also a naming call.
      case 'submit':
        return runAccept(env, op, id, sessionLabel.bind(null, ref, id), this.browserUse(op, id))
      case 'clone':
        return runCloneOp(env, op, id, sessionLabel.bind(null, ref, id), this.browserUse(op, id))
      case 'login':
        return runLogin(env, op, id, sessionLabel.bind(null, ref, id), this.browserUse(op, id))
      case 'logout':
        return runLogout(env, id, sessionLabel.bind(null, ref, id), this.browserUse(op, id))
      case 'setState':
        return runSetState(env, op, id, sessionLabel.bind(null, ref, id))
      case 'clearCache':
        return runClearCacheOp(env, op, id, sessionLabel.bind(null, ref, id))
      case 'ajax':
        return runAjax(env, op, id, sessionLabel.bind(null, ref, id))
      case 'wait': {
        // Each wait is at most MAX_CLOCK_SECONDS, but waits add up: the clock must stay finite and writable.
        if (this.ctx.now + op.seconds > MAX_CLOCK_SECONDS) {
          return failure('wait', 'error', `waiting ${op.seconds} s would move the clock from ${this.ctx.now} s past ${MAX_CLOCK_SECONDS} s (100 years), the latest time a trace may hold`)
        }
        this.ctx.now += op.seconds
        env.rec.enter('wait', `Wait ${op.seconds} s (clock now ${this.ctx.now} s)`)
        for (const s of this.ctx.state.liveSessions()) {
          const why = expiryReason(this.ctx.state.groups.get(s.groupId), this.ctx.now)
          if (why) env.rec.notice(`session ${s.id} is now past its limits: ${why}; its next request fails as expired`, { code: 'pastLimit', session: s.id })
        }
        return { kind: 'wait', outcome: 'ok', session: null, app: null, page: null }
      }
    }
  }

  /** `&SESSION.` / `&APP_SESSION.` in a trace URL expand to the event's session (trace-format-v1). */
  private substituteRequestUrl(env: OperationEnv, url: string, session: number | null): string {
    if (!url.includes('&')) return url
    const rec = session !== null ? this.ctx.state.sessions.get(session) : undefined
    return substituteText(url, new RequestUrlNames(this.ctx, env, session, rec))
  }

  /**
   * Runs one step: the operation itself (`redirect` null), or the show of a
   * redirect it led to. Which one is a parameter rather than a callback: a
   * closure per step was an allocation and, under tsx, a naming call.
   */
  private execute(op: Operation, redirect: ShowInput | null, causedBy?: number): { step: Step; result: OperationResult } {
    const rec = new StepRecorder(this.ctx.state)
    const env: OperationEnv = { ctx: this.ctx, rec }
    const t = this.ctx.now
    let result: OperationResult
    const logic = this.ctx.logic
    try {
      // The request's row changes commit with its session-state writes, or roll back with them.
      logic?.db.begin()
      result = redirect === null ? this.dispatch(env, op) : runShow(env, redirect)
      rec.close()
      this.checkRecordedSize(rec.effects, result.errors, causedBy)
      this.store.persist(rec.effects, this.keepsMeta ? this.changedMeta(rec.effects) : NO_META)
      logic?.db.commit()
    } catch (err) {
      // Nothing half-done may remain: undo the step in memory, record the failure, keep going.
      rec.rollback()
      logic?.db.rollback()
      // A bound the app's expressions ran into, or its SQL/PL/SQL failing, is the app's error, not ours: its message already names the component.
      const reason = err instanceof ExpressionLimitError || err instanceof AppLogicError ? err.message : `internal error: ${(err as Error).message}`
      const step = this.errorStep(op, kindOf(op), reason, causedBy)
      return { step, result: { kind: step.kind, outcome: 'error', session: null, app: null, page: null } }
    }
    const step = makeStep(this.steps.length, t, op, result, rec, causedBy)
    if (op.note !== undefined && causedBy === undefined) step.note = op.note
    this.steps.push(step)
    return { step, result }
  }

  /** Bytes the current operation's steps recorded so far (a redirect's steps share the operation's trace line). */
  private recordedSoFar = 0

  /**
   * Refuses a step whose effects and errors, with those of its operation's
   * earlier steps, would not fit in one trace line: what the engine records it
   * must be able to export and read back. The step is rolled back as an error.
   */
  private checkRecordedSize(effects: readonly object[], errors: readonly object[] | undefined, causedBy: number | undefined): void {
    if (causedBy === undefined) this.recordedSoFar = 0
    const records = errors && errors.length > 0 ? [...effects, ...errors] : effects
    if (records.length === 0) return
    this.recordedSoFar += recordedBytes(records, MAX_RECORDED_BYTES - this.recordedSoFar)
    if (this.recordedSoFar > MAX_RECORDED_BYTES) {
      throw new ExpressionLimitError(
        `the operation records ${this.recordedSoFar} bytes of values and messages, over the ${MAX_RECORDED_BYTES}-byte room of one trace line`,
      )
    }
  }

  /**
   * Whether commits carry the clock and ID-generator state. Only a store file
   * is ever read back (the constructor reopening it); an in-memory store dies
   * with the engine, so writing them there — a statement per step, as the clock
   * moves with nearly every event — would be work nobody can observe.
   */
  private readonly keepsMeta: boolean
  private persistedClock: number | null = null
  private persistedIdState: string | null = null

  /** Engine metadata that changed since the last commit (most steps change neither). */
  private changedMeta(effects: readonly Effect[]): Record<string, string> {
    // Issue #16: the browsers and owners this step changed, each under its own key (nothing for a step without them).
    const meta: Record<string, string> = this.ctx.state.browsers.size > 0 ? browserMetaChanges(this.ctx.state, effects) : {}
    // Numbers compare as their strings do (distinct numbers print differently; 0 and -0 both print "0").
    if (this.ctx.now !== this.persistedClock) meta.clock = String((this.persistedClock = this.ctx.now))
    const ids = this.ctx.ids.state()
    if (ids !== this.persistedIdState) meta.idState = this.persistedIdState = ids
    return meta
  }

  private errorStep(op: Operation, kind: StepKind, reason: string, causedBy?: number): Step {
    const step: Step = {
      index: this.steps.length,
      t: this.ctx.now,
      kind,
      input: op,
      session: null,
      app: null,
      page: null,
      outcome: 'error',
      reason,
      phases: [],
      effects: [],
    }
    if (causedBy !== undefined) step.causedBy = causedBy
    this.steps.push(step)
    return step
  }

  /** Alias or ID → the session's current ID (aliases follow rotation); null when unknown. */
  resolveSession(ref: SessionRef): number | null {
    if (typeof ref === 'number') return ref
    if (isDigits(ref)) return Number(ref)
    const sessions = this.ctx.state.sessions
    let found: SessionRecord | undefined
    for (const id of sessions.aliasIds(ref) ?? []) {
      const s = sessions.get(id)!
      // A live session with the alias wins over ended ones; among equals, the newest.
      if (!found || (found.ended !== null && s.ended === null) || ((found.ended === null) === (s.ended === null) && s.createdAt >= found.createdAt)) found = s
    }
    return found?.id ?? null
  }

  sessionStatus(ref: SessionRef): SessionStatus {
    const id = this.resolveSession(ref)
    return id === null ? 'deleted' : sessionStatus(this.ctx, id, this.ctx.now)
  }

  sessions(): SessionView[] {
    return [...this.ctx.state.sessions.values()].map((s) => {
      const g = this.ctx.state.groups.get(s.groupId)
      return {
        ...s,
        apps: [...s.apps],
        status: sessionStatus(this.ctx, s.id, this.ctx.now),
        idleSec: g ? this.ctx.now - g.lastActivity : 0,
        groupCreatedAt: g?.createdAt ?? s.createdAt,
      }
    })
  }

  stateRows(session?: number): StateRow[] {
    if (session !== undefined) return this.ctx.state.rowsOf(session)
    return this.ctx.state.snapshot().rows
  }

  userRows(): UserRow[] {
    return [...this.ctx.state.userRows.values()].map((r) => ({ ...r }))
  }

  tableRows(app: number, table: string): TableRow[] {
    const t = this.ctx.apps.get(app)?.tables.get(table.toUpperCase())
    return this.ctx.state.tableRows(app, t?.name ?? table).map((r) => ({ ...r }))
  }

  snapshot(): StateSnapshot {
    return this.ctx.state.snapshot()
  }

  close(): void {
    this.store.close()
    this.ctx.logic?.db.close?.()
  }
}

/**
 * The step of a finished operation: its fields in Step's order, optional ones
 * only when set (reason, request, errors, causedBy). The usual steps are built
 * as one literal with their optional fields: properties added to an object
 * afterwards go to a separate property store, an extra object kept as long as
 * the step.
 */
function makeStep(index: number, t: number, op: Operation, result: OperationResult, rec: StepRecorder, causedBy: number | undefined): Step {
  const { kind, session, app, page, outcome, request } = result
  // Exact-size copies: arrays grown by push keep spare capacity (17 slots for the first few
  // elements), and steps are kept for the whole session, so the slack would stay with them.
  const phases = rec.phases.slice()
  const effects = rec.effects.slice()
  if (result.reason === undefined && !result.errors) {
    if (request) {
      return causedBy !== undefined
        ? { index, t, kind, input: op, session, app, page, outcome, phases, effects, request, causedBy }
        : { index, t, kind, input: op, session, app, page, outcome, phases, effects, request }
    }
    return causedBy !== undefined
      ? { index, t, kind, input: op, session, app, page, outcome, phases, effects, causedBy }
      : { index, t, kind, input: op, session, app, page, outcome, phases, effects }
  }
  const step: Step = { index, t, kind, input: op, session, app, page, outcome, phases, effects }
  if (result.reason !== undefined) step.reason = result.reason
  if (request) step.request = request
  if (result.errors) step.errors = result.errors
  if (causedBy !== undefined) step.causedBy = causedBy
  return step
}

/** zod's verdict: the parsed operation, or an OperationInputError naming the first problem. */
function parseOperation(input: unknown): Operation {
  const parsed = OperationSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const field = issue.path.join('.') || null
    throw new OperationInputError(`invalid operation${field ? `, field "${field}"` : ''}: ${issue.message}`, field)
  }
  return parsed.data
}

/**
 * What `&NAME.` means in a trace event's URL (trace-format-v1): the event's
 * session and user, else the session's item values. One small object per
 * request with a reference, instead of three closures (each an allocation and,
 * under tsx, a naming call).
 */
class RequestUrlNames implements EvalContext {
  constructor(
    private readonly ctx: EngineContext,
    private readonly env: OperationEnv,
    private readonly session: number | null,
    private readonly rec: SessionRecord | undefined,
  ) {}

  lookup(name: string): string | null | undefined {
    const { session, rec } = this
    if (name === 'SESSION' || name === 'APP_SESSION') return session === null ? '' : String(session)
    if (name === 'APP_USER') return rec?.user ?? 'nobody'
    if (name === 'DEBUG') return 'NO'
    if (name === 'APP_ID') return rec?.currentApp !== null && rec?.currentApp !== undefined ? String(rec.currentApp) : undefined
    if (!rec) return undefined
    const info = itemOfSession(this.ctx, rec, name)
    return info ? storedItemValue(this.ctx.state, rec.id, rec.user, info) : undefined
  }

  warn(message: string): void {
    this.env.rec.warning(`URL substitution: ${message}`)
  }

  where(): string {
    return 'URL substitution'
  }
}

/** An item visible to a session outside a request: its current app's, else a GLOBAL item of another joined app. */
function itemOfSession(ctx: EngineContext, rec: SessionRecord, name: string): ItemInfo | undefined {
  const own = rec.currentApp === null ? undefined : ctx.apps.get(rec.currentApp)?.items.get(name)
  if (own) return own
  for (const appId of rec.apps) {
    const info = ctx.apps.get(appId)?.items.get(name)
    if (info?.scope === 'GLOBAL') return info
  }
  return undefined
}

/** How an operation's session is named in an error message: its ID, or its alias and the ID it stands for. */
function sessionLabel(ref: SessionRef | undefined, id: number | null): string {
  return ref === undefined ? '' : typeof ref === 'number' ? String(ref) : `"${ref}"${id !== null ? ` (${id})` : ''}`
}

function kindOf(op: Operation): StepKind {
  switch (op.type) {
    case 'request':
      return 'show'
    case 'submit':
      return 'accept'
    default:
      return op.type
  }
}
