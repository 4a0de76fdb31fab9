/**
 * The engine's app logic: one app database per engine, built from the loaded
 * apps' supporting objects (install scripts in order; PL/SQL units compiled
 * into the engine's package registry), the plans of every component's SQL
 * and PL/SQL, and each session's APEX collections.
 *
 * Building never fails: each statement's outcome is in `scripts` (what the
 * import's coverage report and the UI show).
 */
import type { AppDefinition } from '../model/app-definition.js'
import type { LogicBackend, LogicDatabase, PlsqlHostLike, ScriptReport } from './backend.js'
import { CodePlans } from './code-plan.js'
import { buildApexDictionary } from './apex-dictionary.js'
import { componentRecords } from './component-records.js'

export interface AppScripts {
  app: number
  reports: ScriptReport[]
}

export class AppLogic {
  readonly db: LogicDatabase
  readonly packages: unknown
  readonly plans: CodePlans
  /** Building the APEX dictionary views (not counted as the apps' statements). */
  readonly dictionary: ScriptReport
  /** Install script outcomes, per app, in load order. */
  readonly scripts: AppScripts[] = []
  private readonly collections = new Map<number, unknown>()
  /**
   * The code host of the component running now: SQL calling a package function runs it with that host's
   * interpreter host, made only then (most components never need one). Null outside requests.
   */
  activeCode: { plsqlHost(): PlsqlHostLike } | null = null
  private readonly messages = new Map<number, Map<string, string>>()

  constructor(
    readonly backend: LogicBackend,
    apps: readonly AppDefinition[],
    readonly clock: () => Date,
  ) {
    this.packages = backend.createPackages()
    this.db = backend.createDatabase({ clock, packages: this.packages, host: () => this.activeCode?.plsqlHost() ?? null })
    this.plans = new CodePlans(backend)
    // The dictionary views first: install scripts may query them too.
    this.dictionary = buildApexDictionary(this.db, apps)
    for (const app of apps) {
      const reports = (app.supportingObjects?.scripts ?? []).map((s) => this.db.runScript(s.name, s.text))
      if (reports.length > 0) this.scripts.push({ app: app.id, reports })
      this.messages.set(app.id, new Map((app.messages ?? []).map((m) => [m.name.toUpperCase(), m.text])))
    }
    // Every component's code is planned now, after the packages it may call exist: "decided at load".
    for (const app of apps) {
      for (const c of componentRecords(app)) if (c.record !== undefined) this.plans.of(c.record, c.role)
    }
  }

  /** The session's APEX_COLLECTION store (made on first use). */
  collectionsOf(session: number): unknown {
    let store = this.collections.get(session)
    if (store === undefined) this.collections.set(session, (store = this.backend.createCollections()))
    return store
  }

  /**
   * A session clone gets an independent copy of the original's collections;
   * a login that rotates the session ID takes them along. Collections are
   * session state outside the step effects (as package state is): stepping
   * back does not undo them (docs/decisions.md).
   */
  cloneCollections(from: number, to: number): void {
    const store = this.collections.get(from) as { clone?: () => unknown } | undefined
    if (store?.clone) this.collections.set(to, store.clone())
  }

  moveCollections(from: number, to: number): void {
    const store = this.collections.get(from)
    if (store === undefined) return
    this.collections.delete(from)
    this.collections.set(to, store)
  }

  /** A text message with %0…%9 replaced; null when the app has none of that name. */
  message(app: number, name: string, params: readonly string[]): string | null {
    const text = this.messages.get(app)?.get(name.toUpperCase())
    if (text === undefined) return null
    return text.replace(/%(\d)/g, (whole, n: string) => params[Number(n)] ?? whole)
  }
}

/** Whether any app needs the database: supporting objects or code with a way to run. */
export function needsLogic(apps: readonly AppDefinition[]): boolean {
  return apps.some((app) => (app.supportingObjects?.scripts.length ?? 0) > 0 || componentRecords(app).some((c) => c.record?.run !== undefined))
}
