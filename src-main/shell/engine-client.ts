/**
 * The main process's handle on the engine host process: correlates `invoke`
 * requests with their responses, fans events out to subscribers, and survives
 * a crash of the host — calls in flight fail with a typed `internal` error,
 * the host is restarted (it reopens the workspace file) and `onRestart` lets
 * the shell reload the window. A host that cannot start at all (`fatal`) or
 * keeps crashing is not restarted in a loop.
 *
 * Transport-agnostic: `spawn` returns a `HostProcess` (an Electron
 * utilityProcess in the app, a Node child process in tests).
 */
import type { ApiResponse, EventPayloads, EventTopic, MethodName } from '../api/contract.js'
import type { HostMessage, HostRequest } from './engine-protocol.js'
import { isHostMessage } from './engine-protocol.js'

export interface HostProcess {
  post(message: HostRequest): void
  onMessage(cb: (message: unknown) => void): void
  onExit(cb: (code: number | null) => void): void
  kill(): void
}

export interface EngineClientOptions {
  /** At most this many automatic restarts within `restartWindowMs`. */
  maxRestarts?: number
  restartWindowMs?: number
  onRestart?: () => void
  /** The host cannot run: the message says why (shown to the user). */
  onGiveUp?: (message: string) => void
  /** The host started with something to tell the user (its persisted workspace could not be reopened, say). */
  onNotice?: (message: string) => void
  now?: () => number
}

type Pending = { resolve: (r: ApiResponse<MethodName>) => void; method: string }
type Listener = (payload: unknown) => void

export class EngineClient {
  private host: HostProcess | null = null
  private ready = false
  private queue: HostRequest[] = []
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new Map<EventTopic, Set<Listener>>()
  private nextId = 1
  private restarts: number[] = []
  private fatal: string | null = null
  private closing = false
  private readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = []

  constructor(
    private readonly spawn: () => HostProcess,
    private readonly opts: EngineClientOptions = {},
  ) {}

  /** Starts the host (idempotent). Resolves once it reported `ready`. */
  start(): Promise<void> {
    if (this.fatal) return Promise.reject(new Error(this.fatal))
    if (!this.host) this.launch()
    if (this.ready) return Promise.resolve()
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }))
  }

  get failure(): string | null {
    return this.fatal
  }

  dispatch(method: unknown, payload: unknown): Promise<ApiResponse<MethodName>> {
    if (this.fatal) return Promise.resolve(internal(`the engine is not running: ${this.fatal}`))
    if (this.closing) return Promise.resolve(internal('the engine is shutting down'))
    const id = this.nextId++
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, method: String(method) })
      this.send({ kind: 'invoke', id, method: String(method), payload })
    })
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

  /** Asks the host to close its workspace and exit; kills it after `timeoutMs`. */
  close(timeoutMs = 3000): Promise<void> {
    this.closing = true
    const host = this.host
    if (!host) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        host.kill()
        resolve()
      }, timeoutMs)
      host.onExit(() => {
        clearTimeout(timer)
        resolve()
      })
      host.post({ kind: 'shutdown' })
    })
  }

  private send(message: HostRequest): void {
    if (!this.host) this.launch()
    if (this.ready) this.host!.post(message)
    else this.queue.push(message)
  }

  private launch(): void {
    const host = this.spawn()
    this.host = host
    this.ready = false
    host.onMessage((raw) => {
      if (this.host !== host || !isHostMessage(raw)) return
      this.onHostMessage(raw)
    })
    host.onExit((code) => {
      if (this.host !== host) return
      this.onHostExit(code)
    })
  }

  private onHostMessage(msg: HostMessage): void {
    switch (msg.kind) {
      case 'ready': {
        this.ready = true
        if (msg.notice) this.opts.onNotice?.(msg.notice)
        const queued = this.queue
        this.queue = []
        for (const m of queued) this.host!.post(m)
        for (const w of this.readyWaiters.splice(0)) w.resolve()
        return
      }
      case 'result': {
        const p = this.pending.get(msg.id)
        if (!p) return
        this.pending.delete(msg.id)
        p.resolve(msg.response)
        return
      }
      case 'event':
        for (const cb of this.listeners.get(msg.topic) ?? []) cb(msg.payload)
        return
      case 'fatal':
        this.giveUp(msg.message)
        return
    }
  }

  private onHostExit(code: number | null): void {
    this.host = null
    this.ready = false
    // Calls not yet delivered fail with the rest: replaying them blindly on the new host could repeat an operation.
    this.queue = []
    if (this.closing || this.fatal) return
    const reason = `the engine process stopped unexpectedly (exit code ${code ?? 'none'})`
    for (const [id, p] of this.pending) {
      this.pending.delete(id)
      p.resolve(internal(`${p.method}: ${reason}; the workspace was reopened, please retry`))
    }
    const now = (this.opts.now ?? Date.now)()
    const windowMs = this.opts.restartWindowMs ?? 60_000
    this.restarts = this.restarts.filter((t) => now - t < windowMs)
    if (this.restarts.length >= (this.opts.maxRestarts ?? 3)) {
      this.giveUp(`${reason}, ${this.restarts.length + 1} times within ${Math.round(windowMs / 1000)} s; not restarting it again`)
      return
    }
    this.restarts.push(now)
    this.launch()
    this.opts.onRestart?.()
  }

  private giveUp(message: string): void {
    if (this.fatal) return
    this.fatal = message
    const host = this.host
    this.host = null
    host?.kill()
    for (const [id, p] of this.pending) {
      this.pending.delete(id)
      p.resolve(internal(`${p.method}: ${message}`))
    }
    for (const m of this.queue.splice(0)) if (m.kind === 'invoke') this.pending.delete(m.id)
    for (const w of this.readyWaiters.splice(0)) w.reject(new Error(message))
    this.opts.onGiveUp?.(message)
  }
}

function internal(message: string): ApiResponse<MethodName> {
  return { ok: false, error: { code: 'internal', message } }
}
