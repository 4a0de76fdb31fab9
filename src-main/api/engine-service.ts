/**
 * The engine behind the contract: one workspace at a time (a live session
 * simulation, an opened trace or a demo), its steps, and the handlers of
 * every contract method. Transports wrap `dispatch`; nothing here knows
 * about Electron, HTTP or the DOM.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppLoadError } from '../engine/app/compile-app.js'
import { Engine } from '../engine/engine.js'
import type { Step } from '../engine/model/step.js'
import type { Operation } from '../engine/model/operation.js'
import { AppSourceError, resourcesDir } from '../trace/app-sources.js'
import { TraceFormatError, readTraceText } from '../trace/reader.js'
import { Replayer } from '../trace/replay.js'
import type { TraceEvent, TraceHeader } from '../trace/schema.js'
import { writeTraceText } from '../trace/writer.js'
import type { DemoInfo, EventPayloads, EventTopic, WorkspaceSummary } from './contract.js'
import { ApiFailure, createDispatcher } from './dispatcher.js'
import type { Handlers } from './dispatcher.js'

const PRODUCT_VERSION = '0.1.0'

type Listener = (payload: unknown) => void

interface Workspace {
  header: TraceHeader
  replayer: Replayer
}

export class EngineService {
  private workspace: Workspace
  private readonly listeners = new Map<EventTopic, Set<Listener>>()
  readonly dispatch

  constructor() {
    this.workspace = this.emptyWorkspace({ format: 'session-trace', version: 1, title: 'Untitled workspace', use: [] })
    this.dispatch = createDispatcher(this.handlers())
  }

  subscribe<T extends EventTopic>(topic: T, cb: (payload: EventPayloads[T]) => void): () => void {
    let set = this.listeners.get(topic)
    if (!set) {
      set = new Set()
      this.listeners.set(topic, set)
    }
    set.add(cb as Listener)
    return () => set.delete(cb as Listener)
  }

  private emit<T extends EventTopic>(topic: T, payload: EventPayloads[T]): void {
    for (const cb of this.listeners.get(topic) ?? []) cb(payload)
  }

  get steps(): readonly Step[] {
    return this.workspace.replayer.steps
  }

  get engine(): Engine | null {
    return this.workspace.replayer.engineInstance
  }

  /** Replaces the workspace only once the new one loaded completely: a bad file never loses the current one. */
  private replace(next: Workspace): WorkspaceSummary {
    const previous = this.workspace
    this.workspace = next
    previous.replayer.close()
    const summary = this.summary()
    this.emit('workspace.changed', summary)
    return summary
  }

  private emptyWorkspace(header: TraceHeader): Workspace {
    const replayer = new Replayer()
    // An empty live workspace still needs an engine: give it an empty app list via `apps: []`.
    replayer.feed({ kind: 'header', line: 1, header: { ...header, apps: header.apps ?? [] } })
    return { header, replayer }
  }

  private loadText(text: string, name: string, traceDir: string | null): Workspace {
    const replayer = new Replayer({ traceDir })
    let header: TraceHeader | null = null
    try {
      for (const record of readTraceText(text)) {
        if (record.kind === 'header') header = record.header
        replayer.feed(record)
      }
    } catch (err) {
      replayer.close()
      throw toApiFailure(err, name)
    }
    if (!header) throw new ApiFailure({ code: 'invalidTrace', message: `${name}: empty trace` })
    return { header, replayer }
  }

  summary(): WorkspaceSummary {
    const s = this.workspace.replayer.summary()
    return { title: s.title, recordedOnly: s.recordedOnly, steps: s.steps, expects: s.expects, failures: s.failures, divergences: s.divergences }
  }

  /** The workspace as a v1 trace with recorded effects: follow-up steps fold into their event. */
  exportTraceText(): string {
    const engine = this.engine
    const header: TraceHeader = { ...this.workspace.header }
    if (engine) {
      header.apps = [...engine.apps.values()].map((a) => a.def)
      delete header.use
      delete (header as { appFiles?: unknown }).appFiles
      if (engine.seed !== null) header.seed = engine.seed
    }
    const events: TraceEvent[] = []
    for (const step of this.steps) {
      if (step.causedBy !== undefined) {
        const owner = events[events.length - 1] as (TraceEvent & { effects?: unknown[]; outcome?: string }) | undefined
        if (owner) {
          owner.effects = [...(owner.effects ?? []), ...step.effects]
          owner.outcome = step.outcome
        }
        continue
      }
      events.push({ ...(step.input as TraceEvent), t: step.t, effects: step.effects, outcome: step.outcome } as TraceEvent)
    }
    return writeTraceText(header, events)
  }

  private handlers(): Handlers {
    return {
      'engine.info': () => ({ product: 'Session Scope', version: PRODUCT_VERSION, traceFormatVersions: [1], node: process.versions.node }),
      'workspace.new': (p) => {
        const header: TraceHeader = {
          format: 'session-trace',
          version: 1,
          title: p.title ?? 'Live workspace',
          apps: p.apps ?? [],
          ...(p.use ? { use: p.use } : {}),
          ...(p.settings ? { settings: p.settings } : {}),
          ...(p.seed !== undefined ? { seed: p.seed } : {}),
          ...(p.startTime ? { startTime: p.startTime } : {}),
        }
        return this.replace(this.loadText(JSON.stringify(header) + '\n', 'new workspace', null))
      },
      'workspace.openTraceText': (p) => this.replace(this.loadText(p.text, p.name ?? 'trace', null)),
      'workspace.openDemo': (p) => {
        const dir = demoTracesDir()
        const file = join(dir, `${p.name}.sstrace`)
        let text: string
        try {
          text = readFileSync(file, 'utf8')
        } catch {
          throw new ApiFailure({ code: 'notFound', message: `no demo named ${p.name}`, field: 'name' })
        }
        return this.replace(this.loadText(text, `demo ${p.name}`, dir))
      },
      'workspace.exportTraceText': () => ({ text: this.exportTraceText() }),
      operate: (p) => {
        const engine = this.engine
        if (!engine) throw new ApiFailure({ code: 'forbidden', message: 'this trace is recorded only (it has no app definitions): it can be viewed but not operated' })
        const from = engine.steps.length
        const steps = engine.run(p.op as Operation)
        this.emit('steps.appended', { from, count: steps.length })
        return { steps }
      },
      'sessions.list': () => this.engine?.sessions() ?? this.workspace.replayer.summary().sessions,
      'state.rows': (p) => (this.engine ? this.engine.stateRows(p.session) : this.workspace.replayer.summary().rows.filter((r) => p.session === undefined || r.session === p.session)),
      'state.userRows': () => this.engine?.userRows() ?? this.workspace.replayer.summary().userRows,
      'tables.rows': (p) => this.engine?.tableRows(p.app, p.table) ?? [],
      'apps.list': () => (this.engine ? [...this.engine.apps.values()].map((a) => a.def) : []),
      'steps.count': () => ({ count: this.steps.length }),
      'steps.range': (p) => this.steps.slice(p.from, p.from + p.count),
      'demos.list': () => listDemoTraces(),
      // Implemented by the timeline (src-main/timeline/); until then they say so.
      'timeline.state': () => notYet('timeline.state'),
      'timeline.diff': () => notYet('timeline.diff'),
      'timeline.itemHistory': () => notYet('timeline.itemHistory'),
      'timeline.why': () => notYet('timeline.why'),
      'timeline.search': () => notYet('timeline.search'),
      'timeline.findBreakpoint': () => notYet('timeline.findBreakpoint'),
      'workspace.openTraceFile': () => notYet('workspace.openTraceFile'),
      'workspace.cancelLoad': () => ({ cancelled: false }),
    }
  }

  close(): void {
    this.workspace.replayer.close()
  }
}

function notYet(method: string): never {
  throw new ApiFailure({ code: 'internal', message: `${method} is not available in this build yet` })
}

function toApiFailure(err: unknown, name: string): ApiFailure {
  if (err instanceof TraceFormatError)
    return new ApiFailure({ code: 'invalidTrace', message: `${name}: ${err.message}`, line: err.line, ...(err.field ? { field: err.field } : {}) })
  if (err instanceof AppLoadError) return new ApiFailure({ code: 'invalidApps', message: `${name}: ${err.message}`, line: 1, ...(err.problems[0] ? { field: err.problems[0].path } : {}) })
  if (err instanceof AppSourceError) return new ApiFailure({ code: 'invalidApps', message: `${name}: ${err.message}`, line: 1, field: err.field })
  return new ApiFailure({ code: 'invalidTrace', message: `${name}: ${(err as Error)?.message ?? String(err)}` })
}

export function demoTracesDir(): string {
  return join(resourcesDir(), 'demos', 'traces')
}

export function listDemoTraces(): DemoInfo[] {
  const dir = demoTracesDir()
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sstrace'))
    .sort()
    .map((f) => {
      const first = readFileSync(join(dir, f), 'utf8').split('\n', 1)[0] ?? '{}'
      const h = JSON.parse(first) as { title?: string; description?: string }
      return { name: f.slice(0, -'.sstrace'.length), title: h.title ?? f, description: h.description ?? '' }
    })
}
