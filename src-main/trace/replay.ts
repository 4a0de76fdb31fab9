/**
 * Replaying a trace: run every event through the engine, check `expect`
 * lines, and compare recomputed effects with recorded ones (divergences).
 * A trace without app definitions is recorded-only: its recorded effects are
 * applied as they are, and its expects are checked against that state.
 *
 * An error step the replay produces must be accounted for, or the replay
 * fails with the step's reason (the words the service shows for that step):
 * either an `expect` checks the event's outcome right after it, or the event
 * carries `"outcome": "error"` as recorded. Otherwise an engine limit (a
 * computed value over the 1 MiB limit, a work budget) or a broken app would
 * leave a replay that prints PASS with the item null (issue #12).
 *
 * The Replayer is fed one record at a time, so a million-line trace streams
 * through it; `replayFile` and `replayText` wire it to the reader.
 */
import { dirname } from 'node:path'
import { Engine } from '../engine/engine.js'
import type { SessionView } from '../engine/engine.js'
import type { Effect } from '../engine/model/effect.js'
import type { Operation, SessionRef } from '../engine/model/operation.js'
import type { Outcome, Step } from '../engine/model/step.js'
import { normalizeName, toStoredValue } from '../engine/model/values.js'
import type { Value } from '../engine/model/values.js'
import { applyEffects, EffectMismatchError } from '../engine/state/apply-effect.js'
import { SessionState } from '../engine/state/session-state.js'
import type { StateRow } from '../engine/state/session-state.js'
import { sessionStatus } from '../engine/runtime/session-lifecycle.js'
import { storedItemValue } from '../engine/runtime/request-context.js'
import { appsOfHeader, hasAppSources } from './app-sources.js'
import { compareObserved, conditionWords, itemOriginWords } from './compare-observed.js'
import type { CompareContext, ObservedAnswer, ObservedDivergence } from './compare-observed.js'
import type { TraceRecord } from './parse-line.js'
import { readTrace, readTraceText } from './reader.js'
import type { ReadTraceOptions, TraceSource } from './reader.js'
import type { ExpectEvent, TraceEvent, TraceHeader } from './schema.js'

export interface ExpectFailure {
  /** Trace line of the expect. */
  line: number
  /** Index of the last step before the expect (null before any step). */
  step: number | null
  session: string | null
  item: string | null
  /** `session`: the expect names an alias or ID no event of the trace has created so far. */
  field: 'state' | 'status' | 'page' | 'outcome' | 'table' | 'session'
  expected: unknown
  actual: unknown
  message: string
  /** For an `outcome` failure on an error step: the step's reason, as the service shows it. */
  reason?: string
}

/** An error step no expect and no recorded outcome accounts for: the replay fails with it. */
export interface UnexpectedError {
  /** Trace line of the event whose step ended in error. */
  line: number
  step: number
  /** The step's reason, the same words the service shows for it. */
  reason: string
  message: string
}

export interface Divergence {
  line: number
  step: number
  /** Position in the event's effect list where recorded and recomputed first differ. */
  effectIndex: number
  recorded: Effect | null
  actual: Effect | null
  message: string
}

export interface ReplaySummary {
  title: string
  recordedOnly: boolean
  events: number
  steps: number
  expects: { total: number; passed: number; failed: number }
  failures: ExpectFailure[]
  divergences: Divergence[]
  /** Error steps nothing in the trace expected (see the file comment). */
  unexpectedErrors: UnexpectedError[]
  /**
   * Real vs simulated: how many events carried what the real server answered
   * (`observed`) and were compared with the simulation, and each request's
   * first divergence. Recorded-only traces compare nothing (no simulation).
   */
  observed: { compared: number; divergences: ObservedDivergence[] }
  sessions: SessionView[]
  /** Final state, one row per value (session, app, page, item, value, status). */
  rows: StateRow[]
  userRows: { user: string; app: number; item: string; value: Value }[]
}

export class Replayer {
  private header: TraceHeader | null = null
  private engine: Engine | null = null
  /** Recorded-only traces: the state built from recorded effects. */
  private recorded: SessionState | null = null
  private readonly recordedSteps: Step[] = []
  private events = 0
  private lastOutcome: Outcome | null = null
  private lastReason: string | null = null
  private lastStep: number | null = null
  private expectsTotal = 0
  readonly failures: ExpectFailure[] = []
  readonly divergences: Divergence[] = []
  readonly unexpectedErrors: UnexpectedError[] = []
  /** Each request's first divergence from what the real server answered (events with `observed`). */
  readonly observedDivergences: ObservedDivergence[] = []
  private observedCompared = 0
  /** Error steps of the last simulated event, until an expect checks its outcome or the next event runs. */
  private pendingErrors: UnexpectedError[] = []
  /** Aliases → IDs for recorded-only traces (taken from recorded session effects). */
  private readonly recordedAliases = new Map<string, number>()
  /**
   * Every alias and session ID some event created so far (kept after the
   * session ends), so an expect naming a session that never existed — a typo —
   * fails instead of passing as "deleted" with null values.
   */
  private readonly createdAliases = new Set<string>()
  private readonly createdIds = new Set<number>()

  constructor(private readonly opts: { traceDir?: string | null; storePath?: string; onStep?: (step: Step) => void } = {}) {}

  get steps(): readonly Step[] {
    return this.engine ? this.engine.steps : this.recordedSteps
  }

  get engineInstance(): Engine | null {
    return this.engine
  }

  feed(record: TraceRecord): void {
    if (record.kind === 'header') {
      this.start(record.header)
      return
    }
    if (!this.header) throw new Error('internal: event before header')
    this.events++
    const event = record.event
    if (event.type === 'expect') {
      this.check(event, record.line)
      return
    }
    if (this.engine) this.simulate(event, record.line)
    else this.applyRecorded(event, record.line)
  }

  private start(header: TraceHeader): void {
    this.header = header
    if (hasAppSources(header)) {
      const { apps, paths } = appsOfHeader(header, this.opts.traceDir ?? null)
      this.engine = new Engine({
        apps,
        appPaths: paths,
        ...(header.settings ? { settings: header.settings } : {}),
        ...(header.seed !== undefined ? { seed: header.seed } : {}),
        ...(header.checksumSecret !== undefined ? { checksumSecret: header.checksumSecret } : {}),
        ...(header.startTime ? { startTime: header.startTime } : {}),
        ...(this.opts.storePath ? { storePath: this.opts.storePath } : {}),
      })
    } else {
      this.recorded = new SessionState()
    }
  }

  private simulate(event: Exclude<TraceEvent, ExpectEvent>, line: number): void {
    const engine = this.engine!
    const { effects: recorded, outcome: recordedOutcome, ...op } = event as typeof event & { effects?: Effect[]; outcome?: Outcome }
    this.settleErrors()
    const steps = engine.run(op as Operation)
    for (const s of steps) {
      this.opts.onStep?.(s)
      this.noteSessions(s.effects)
    }
    const last = steps[steps.length - 1]!
    this.lastOutcome = last.outcome
    this.lastReason = steps.find((s) => s.outcome === 'error')?.reason ?? last.reason ?? null
    this.lastStep = last.index
    // A recorded "outcome": "error" says the error is what happened when the trace was made.
    if (recordedOutcome !== 'error') {
      for (const s of steps) {
        if (s.outcome !== 'error') continue
        const reason = s.reason ?? 'the step ended in an error'
        this.pendingErrors.push({ line, step: s.index, reason, message: `line ${line} (step ${s.index}) ended in an error no expect checks: ${reason}` })
      }
    }
    if (recorded) this.compare(recorded, steps, line)
    const observed = (event as { observed?: ObservedAnswer }).observed
    if (observed) this.compareWithReal(observed, steps, line)
  }

  /** Real vs simulated (compare-observed.ts): the request's first divergence, if any. */
  private compareWithReal(observed: ObservedAnswer, steps: Step[], line: number): void {
    this.observedCompared++
    const found = compareObserved(observed, steps, this.compareContext)
    if (found) this.observedDivergences.push({ line, step: steps[0]!.index, lastStep: steps[steps.length - 1]!.index, ...found })
  }

  /** Branch conditions in words, from the engine's app definitions (the steps name a branch by label only). */
  private readonly compareContext: CompareContext = {
    branchCondition: (app, label) => {
      const compiled = app === null ? undefined : this.engine?.apps.get(app)
      if (!compiled) return null
      for (const page of compiled.pages.values()) {
        const branch = page.branches.find((b) => b.label === label)
        if (branch) return conditionWords(branch.def.when)
      }
      return null
    },
    pageNumber: (app, alias) => {
      const compiled = app === null ? undefined : this.engine?.apps.get(app)
      return compiled?.pageAliases.get(alias.toUpperCase()) ?? null
    },
    itemOrigin: (app, item) => {
      const info = app === null ? undefined : this.engine?.apps.get(app)?.items.get(item)
      return info ? itemOriginWords(item, info.def as { storage?: string; source?: string; sourceUsed?: string; default?: string }) : null
    },
  }

  /** The last event's error steps that no expect checked become failures of the replay. */
  private settleErrors(): void {
    this.unexpectedErrors.push(...this.pendingErrors)
    this.pendingErrors = []
  }

  private noteSessions(effects: readonly Effect[]): void {
    for (const e of effects) {
      if (e.op === 'session' && e.to) {
        this.createdIds.add(e.to.id)
        if (e.to.alias !== null) this.createdAliases.add(e.to.alias)
      } else if (e.op === 'rekey') this.createdIds.add(e.to)
    }
  }

  private everCreated(ref: SessionRef): boolean {
    if (typeof ref === 'number') return this.createdIds.has(ref)
    if (/^\d+$/.test(ref)) return this.createdIds.has(Number(ref))
    return this.createdAliases.has(ref)
  }

  private compare(recorded: Effect[], steps: Step[], line: number): void {
    const actual = steps.flatMap((s) => s.effects)
    const n = Math.max(recorded.length, actual.length)
    for (let i = 0; i < n; i++) {
      const r = recorded[i] ?? null
      const a = actual[i] ?? null
      if (r && a && sameEffect(r, a)) continue
      this.divergences.push({
        line,
        step: steps[0]!.index,
        effectIndex: i,
        recorded: r,
        actual: a,
        message: !r
          ? `replay produced an extra effect #${i}: ${describeEffect(a!)}`
          : !a
            ? `replay is missing recorded effect #${i}: ${describeEffect(r)}`
            : `effect #${i} differs: recorded ${describeEffect(r)}, replay ${describeEffect(a)}`,
      })
      return // the first divergence per event (trace-format-v1)
    }
  }

  private applyRecorded(event: Exclude<TraceEvent, ExpectEvent>, line: number): void {
    const state = this.recorded!
    const effects = ((event as { effects?: Effect[] }).effects ?? []) as Effect[]
    try {
      applyEffects(state, effects)
    } catch (err) {
      if (err instanceof EffectMismatchError) throw new Error(`line ${line}: recorded effects do not apply: ${err.message}`, { cause: err })
      throw err
    }
    this.noteSessions(effects)
    for (const e of effects) {
      if (e.op === 'session' && e.to?.alias) this.recordedAliases.set(e.to.alias, e.to.id)
      if (e.op === 'rekey') for (const [alias, id] of this.recordedAliases) if (id === e.from) this.recordedAliases.set(alias, e.to)
    }
    const outcome = ((event as { outcome?: Outcome }).outcome ?? 'ok') as Outcome
    const step: Step = {
      index: this.recordedSteps.length,
      t: event.t ?? this.recordedSteps[this.recordedSteps.length - 1]?.t ?? 0,
      kind: event.type === 'request' ? 'show' : event.type === 'submit' ? 'accept' : event.type,
      input: event as Operation,
      session: null,
      app: null,
      page: null,
      outcome,
      phases: [{ kind: 'endOfRequest', label: 'Recorded effects', start: 0, end: effects.length }],
      effects,
    }
    this.recordedSteps.push(step)
    this.opts.onStep?.(step)
    this.lastOutcome = outcome
    this.lastReason = null
    this.lastStep = step.index
  }

  private resolve(ref: SessionRef): number | null {
    if (this.engine) return this.engine.resolveSession(ref)
    if (typeof ref === 'number') return ref
    return this.recordedAliases.get(ref) ?? (/^\d+$/.test(ref) ? Number(ref) : null)
  }

  private get state(): SessionState {
    return this.engine ? this.engine.state : this.recorded!
  }

  private check(e: ExpectEvent, line: number): void {
    this.expectsTotal++
    const sessionLabel = e.session === undefined ? null : String(e.session)
    const fail = (field: ExpectFailure['field'], item: string | null, expected: unknown, actual: unknown, message: string) =>
      this.failures.push({ line, step: this.lastStep, session: sessionLabel, item, field, expected, actual, message })

    if (e.outcome !== undefined) {
      // The expect checks the last event's outcome: its error steps are accounted for, as expected or as this failure.
      this.pendingErrors = []
      if (e.outcome !== this.lastOutcome) {
        const reason = this.lastOutcome === 'error' && this.lastReason !== null ? this.lastReason : null
        fail('outcome', null, e.outcome, this.lastOutcome, `outcome of the last event: expected ${e.outcome}, got ${this.lastOutcome ?? 'none (no event yet)'}${reason ? `: ${reason}` : ''}`)
        if (reason) this.failures[this.failures.length - 1]!.reason = reason
      }
    }
    if (e.session !== undefined && !this.everCreated(e.session)) {
      // Checking status, page or values of a session that never existed would pass as "deleted" and null.
      fail('session', null, sessionLabel, null, `session ${JSON.stringify(sessionLabel)} names no session created before this line (a request's "as", or an ID the trace made): check the name`)
      return
    }
    const id = e.session === undefined ? null : this.resolve(e.session)
    const session = id === null ? undefined : this.state.sessions.get(id)

    if (e.status !== undefined) {
      const actual = id === null ? 'deleted' : sessionStatus({ state: this.state }, id, this.engine ? this.engine.now : (this.recordedSteps.at(-1)?.t ?? 0))
      if (actual !== e.status) fail('status', null, e.status, actual, `status of session ${sessionLabel}: expected ${e.status}, got ${actual}`)
    }
    if (e.page !== undefined) {
      const actual = session?.currentPage ?? null
      if (actual !== e.page) fail('page', null, e.page, actual, `page of session ${sessionLabel}: expected ${e.page}, got ${actual ?? 'none'}`)
    }
    if (e.state) {
      for (const [rawName, expectedRaw] of Object.entries(e.state)) {
        const expected = toStoredValue(expectedRaw)
        const r = this.valueOf(session, rawName, e.app)
        if ('error' in r) {
          fail('state', normalizeName(rawName), expected, null, r.error)
          continue
        }
        if (r.value !== expected)
          fail('state', normalizeName(rawName), expected, r.value, `${normalizeName(rawName)} in session ${sessionLabel}: expected ${show(expected)}, got ${show(r.value)}`)
      }
    }
    if (e.table !== undefined && e.rows !== undefined) {
      const app = this.tableApp(e.table, e.app, session?.currentApp ?? null)
      const actual = app === null ? [] : this.state.tableRows(app.id, app.table)
      const expected = e.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [normalizeName(k), toStoredValue(v)])))
      const normalizedActual = actual.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [normalizeName(k), v])))
      const mismatch = firstRowMismatch(expected, normalizedActual)
      if (mismatch) fail('table', e.table, expected, normalizedActual, `table ${e.table}: ${mismatch}`)
    }
  }

  private tableApp(table: string, app: number | undefined, current: number | null): { id: number; table: string } | null {
    const name = normalizeName(table)
    if (this.engine) {
      const candidates = [...this.engine.apps.values()].filter((a) => a.tables.has(name) && (app === undefined || a.id === app))
      const chosen = candidates.find((a) => a.id === current) ?? candidates[0]
      return chosen ? { id: chosen.id, table: chosen.tables.get(name)!.name } : null
    }
    for (const key of this.recorded!.tables.keys()) {
      const [appId, t] = key.split('\u0000')
      if (normalizeName(t ?? '') === name && (app === undefined || Number(appId) === app)) return { id: Number(appId), table: t! }
    }
    return null
  }

  /** The value an expect sees for an item: session state, else the Per User store; Per Request items are never stored. */
  private valueOf(session: { id: number; user: string; apps: number[]; currentApp: number | null } | undefined, rawName: string, app?: number): { value: Value } | { error: string } {
    if (!session) return { value: null }
    let name = normalizeName(rawName)
    let appFilter = app
    const m = /^(\d+):(.+)$/.exec(name)
    if (m) {
      appFilter = Number(m[1])
      name = m[2]!
    }
    const rows = this.state.rowsOf(session.id).filter((r) => r.item === name && (appFilter === undefined || r.app === appFilter || r.app === 0))
    if (this.engine) {
      const apps = [...this.engine.apps.values()].filter((a) => (appFilter === undefined ? session.apps.includes(a.id) || a.id === session.currentApp : a.id === appFilter))
      const defs = apps.map((a) => ({ app: a, info: a.items.get(name) })).filter((x) => x.info)
      const distinct = new Set(defs.map((d) => `${d.info!.storageApp}`))
      if (distinct.size > 1) return { error: `${name} is defined in apps ${defs.map((d) => d.app.id).join(', ')}: prefix it with "<appId>:"` }
      const def = defs[0]
      if (def) return { value: storedItemValue(this.state, session.id, session.user, def.info!) }
    }
    if (rows.length > 1) return { error: `${name} has rows in apps ${rows.map((r) => r.app).join(', ')}: prefix it with "<appId>:"` }
    if (rows[0]) return { value: rows[0].value }
    for (const u of this.state.userRows.values()) if (u.user === session.user && u.item === name && (appFilter === undefined || u.app === appFilter)) return { value: u.value }
    return { value: null }
  }

  summary(): ReplaySummary {
    if (!this.header) throw new Error('internal: summary before header')
    // The trace ended: the last event's error steps had no expect after them.
    this.settleErrors()
    const state = this.state
    const sessions: SessionView[] = this.engine
      ? this.engine.sessions()
      : [...state.sessions.values()].map((s) => ({
          ...s,
          status: sessionStatus({ state }, s.id, this.recordedSteps.at(-1)?.t ?? 0),
          idleSec: 0,
          groupCreatedAt: state.groups.get(s.groupId)?.createdAt ?? s.createdAt,
        }))
    return {
      title: this.header.title,
      recordedOnly: this.engine === null,
      events: this.events,
      steps: this.steps.length,
      expects: { total: this.expectsTotal, passed: this.expectsTotal - new Set(this.failures.map((f) => f.line)).size, failed: new Set(this.failures.map((f) => f.line)).size },
      failures: this.failures,
      divergences: this.divergences,
      unexpectedErrors: this.unexpectedErrors,
      observed: { compared: this.observedCompared, divergences: this.observedDivergences },
      sessions,
      rows: state.snapshot().rows,
      userRows: [...state.userRows.values()].map((r) => ({ ...r })),
    }
  }

  close(): void {
    this.engine?.close()
  }
}

export async function replayFile(path: string, options: ReadTraceOptions & { storePath?: string; onStep?: (s: Step) => void } = {}): Promise<Replayer> {
  const replayer = new Replayer({ traceDir: dirname(path), ...(options.storePath ? { storePath: options.storePath } : {}), ...(options.onStep ? { onStep: options.onStep } : {}) })
  for await (const record of readTrace(path as TraceSource, options)) replayer.feed(record)
  return replayer
}

export function replayText(text: string, options: { traceDir?: string | null } = {}): Replayer {
  const replayer = new Replayer(options)
  for (const record of readTraceText(text)) replayer.feed(record)
  return replayer
}

function sameEffect(a: Effect, b: Effect): boolean {
  // Causes are prose and may be reworded between versions; everything else must match.
  const strip = (e: Effect) => {
    const { cause: _c, message: _m, ...rest } = e as Effect & { cause?: string; message?: string }
    return rest
  }
  return stableStringify(strip(a)) === stableStringify(strip(b))
}

function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`
  const o = v as Record<string, unknown>
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
    .join(',')}}`
}

export function describeEffect(e: Effect): string {
  switch (e.op) {
    case 'set':
      return `set ${e.item} (session ${e.session}, app ${e.app}, page ${e.page ?? '-'}) ${show(e.from)}/${e.fromStatus ?? '-'} → ${show(e.to)}/${e.toStatus ?? '-'}`
    case 'userSet':
      return `Per User ${e.item} of ${e.user} ${show(e.from)} → ${show(e.to)}`
    case 'session':
      return `session ${e.session} ${e.event}`
    case 'group':
      return `clone group ${e.groupId} ${e.event}`
    case 'rekey':
      return `session ID ${e.from} → ${e.to}`
    case 'insertRow':
      return `row ${e.index} into ${e.table}`
    default:
      return `${e.op}: ${e.message}`
  }
}

function show(v: unknown): string {
  return v === null || v === undefined ? 'null' : JSON.stringify(v)
}

function firstRowMismatch(expected: Record<string, Value>[], actual: Record<string, Value>[]): string | null {
  if (expected.length !== actual.length) return `expected ${expected.length} row(s), got ${actual.length}`
  for (let i = 0; i < expected.length; i++) {
    for (const [k, v] of Object.entries(expected[i]!)) {
      const a = actual[i]![k] ?? null
      if (a !== v) return `row ${i + 1}, column ${k}: expected ${show(v)}, got ${show(a)}`
    }
  }
  return null
}
