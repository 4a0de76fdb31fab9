/**
 * Loading a trace file off the main thread, with progress and cancel: one
 * worker reads, validates and indexes the file into a workspace file
 * (index-file.ts); the timeline comes back transferred, not copied.
 *
 * A workspace file that already indexes this trace (same path, size and
 * modification time) is opened instead, without parsing anything.
 *
 * Nothing here touches the current workspace: the caller swaps it only when
 * the job resolves, so a cancelled or failed load leaves it as it was.
 */
import { existsSync, statSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { TraceHeader } from '../../trace/schema.js'
import type { TimelineParts } from '../persist.js'
import type { WorkspaceMeta } from '../workspace-file.js'
import { WorkspaceFileError } from '../workspace-file.js'
import type { LoadSummary } from './indexer.js'
import type { FromWorker, LoadJobSpec } from './protocol.js'
import { deserializeError } from './protocol.js'
import { loadWorkerEntry } from './worker-url.js'

export interface LoadProgress {
  /** 0..1 */
  fraction: number
  /** Seconds left, estimated from the rate so far (null until there is one). */
  etaSec: number | null
  bytesRead: number
  totalBytes: number | null
  events: number
}

export interface LoadedTimeline {
  header: TraceHeader
  summary: LoadSummary
  parts: TimelineParts
  steps: number
  events: number
  engineState: { idState: string; clock: number } | null
  workspacePath: string
  /** True when an existing workspace file was opened instead of parsing the trace. */
  reused: boolean
  /** The trace file the events are read from until the workspace file is complete (recorded traces), with their byte ranges. */
  eventRefs?: { path: string; offsets: Float64Array; lengths: Uint32Array } | null
  /** Resolves when the workspace file is complete (at once when it already is). */
  persisted?: Promise<void>
}

export class LoadCancelled extends Error {
  constructor() {
    super('the load was cancelled; the previous workspace is unchanged')
    this.name = 'LoadCancelled'
  }
}

interface Running {
  worker: Worker
  cancel: Int32Array
  done: Promise<FromWorker>
  /** A recorded trace's worker goes on writing the workspace file after handing over the timeline. */
  persisted: Promise<void>
}

function start(job: LoadJobSpec, onProgress?: (m: { bytesRead: number; events: number }) => void): Running {
  const entry = loadWorkerEntry()
  const cancelBuf = new SharedArrayBuffer(4)
  const worker = new Worker(entry.url, { workerData: { ...entry.data, job, cancel: cancelBuf } })
  let persist: { resolve: () => void; reject: (e: Error) => void } | null = null
  const persisted = new Promise<void>((resolve, reject) => (persist = { resolve, reject }))
  persisted.catch(() => undefined)
  const done = new Promise<FromWorker>((resolve) => {
    let settled = false
    let background = false
    const end = (err?: Error) => {
      if (err) persist!.reject(err)
      else persist!.resolve()
      void worker.terminate()
    }
    const finish = (m: FromWorker) => {
      if (settled) {
        // After the hand-over: the background completion of the workspace file.
        if (!background) return
        background = false
        if (m.type === 'persisted') end()
        else end(m.type === 'error' ? deserializeError(m.error) : new Error(`workspace file not completed (${m.type})`))
        return
      }
      settled = true
      resolve(m)
      if (m.type === 'indexed' && m.eventRefs) background = true
      else end()
    }
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') onProgress?.(m)
      else finish(m)
    })
    worker.on('error', (err) => finish({ type: 'error', error: { name: err.name, message: err.message } }))
    worker.on('exit', (code) => finish({ type: 'error', error: { name: 'Error', message: `the load worker stopped (exit code ${code})` } }))
  })
  return { worker, cancel: new Int32Array(cancelBuf), done, persisted }
}

export interface LoadJobOptions {
  /** The trace file. */
  path: string
  /** Where its workspace file goes (or is, when reused). */
  workspacePath: string
  checkpointEvery?: number
  /** Reuse a complete workspace file of the same trace (default true). */
  reuse?: boolean
  onProgress?: (p: LoadProgress) => void
}

export class LoadJob {
  readonly promise: Promise<LoadedTimeline>
  private readonly running: Running[] = []
  private cancelled = false

  constructor(private readonly opts: LoadJobOptions) {
    this.promise = this.run()
  }

  cancel(): void {
    this.cancelled = true
    for (const r of this.running) Atomics.store(r.cancel, 0, 1)
  }

  private async run(): Promise<LoadedTimeline> {
    const { path, workspacePath } = this.opts
    const st = statSync(path)
    const source = { path, size: st.size, mtimeMs: st.mtimeMs }
    const started = Date.now()
    let shown = 0
    const report = (bytesRead: number, events: number) => {
      const fraction = st.size > 0 ? Math.min(1, bytesRead / st.size) : 1
      if (fraction < shown && fraction < 1) return
      shown = fraction
      const elapsed = (Date.now() - started) / 1000
      const etaSec = fraction > 0.01 && fraction < 1 ? (elapsed * (1 - fraction)) / fraction : fraction >= 1 ? 0 : null
      this.opts.onProgress?.({ fraction, etaSec, bytesRead, totalBytes: st.size, events })
    }
    if ((this.opts.reuse ?? true) && existsSync(workspacePath)) {
      const reused = await this.tryReuse(source)
      if (reused) {
        report(st.size, reused.events)
        return reused
      }
    }
    if (this.cancelled) throw new LoadCancelled()
    const index = start(
      { role: 'index', path, workspacePath, source, ...(this.opts.checkpointEvery ? { checkpointEvery: this.opts.checkpointEvery } : {}) },
      (m) => report(m.bytesRead, m.events),
    )
    this.running.push(index)
    if (this.cancelled) this.cancel()
    const debugStart = performance.now()
    const r = await index.done
    if (process.env.SESSION_SCOPE_LOAD_DEBUG) process.stderr.write(`[load] worker result after ${Math.round(performance.now() - debugStart)} ms (main clock ${Math.round(performance.now())})\n`)
    if (this.cancelled || r.type === 'cancelled') throw new LoadCancelled()
    if (r.type === 'error') throw deserializeError(r.error)
    if (r.type !== 'indexed') throw new Error(`internal: unexpected load result ${r.type}`)
    report(st.size, r.events)
    return {
      header: r.header,
      summary: r.summary,
      parts: r.parts,
      steps: r.steps,
      events: r.events,
      engineState: r.engineState,
      workspacePath,
      reused: false,
      eventRefs: r.eventRefs ? { path, ...r.eventRefs } : null,
      persisted: index.persisted,
    }
  }

  /** Opens the workspace file when it is complete and indexes this very file; null when it must be rebuilt. */
  private async tryReuse(source: { path: string; size: number; mtimeMs: number }): Promise<LoadedTimeline | null> {
    const r = start({ role: 'open', workspacePath: this.opts.workspacePath })
    this.running.push(r)
    const m = await r.done
    if (m.type !== 'opened') return null
    const s = m.meta.source
    if (!s || s.path !== source.path || s.size !== source.size || s.mtimeMs !== source.mtimeMs) return null
    return {
      header: m.meta.header as TraceHeader,
      summary: m.meta.summary as LoadSummary,
      parts: m.parts,
      steps: m.steps,
      events: m.events,
      engineState: m.meta.engineState ?? null,
      workspacePath: this.opts.workspacePath,
      reused: true,
      persisted: Promise.resolve(),
    }
  }
}

/** Opens a workspace file in a worker (the main thread only attaches the result). */
export async function readWorkspaceInWorker(workspacePath: string): Promise<{ meta: WorkspaceMeta; parts: TimelineParts; steps: number; events: number }> {
  const r = start({ role: 'open', workspacePath })
  const m = await r.done
  if (m.type === 'opened') return m
  if (m.type === 'error') throw deserializeError(m.error)
  throw new WorkspaceFileError(workspacePath, 'the workspace could not be opened')
}
