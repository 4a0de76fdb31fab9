/**
 * An engine that answers late, on demand, for the browser tests: CI's loaded
 * machine answers every request late, and a test that acts before the answer
 * its next step depends on has landed fails there once in a while. With
 * SESSION_SCOPE_E2E_SLOW_MS set, such a test fails here too, without a
 * loaded machine (npm run web is unaffected: only the test helper reads it).
 */
import type { EngineService } from '../../../src-main/api/engine-service.js'

/** SESSION_SCOPE_E2E_SLOW_MS=N: every engine request the page makes starts N ms late. 0 (the default, or not a number): at once. */
export function slowEngineMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.SESSION_SCOPE_E2E_SLOW_MS ?? 0)
  return Number.isFinite(ms) && ms > 0 ? ms : 0
}

export type HostService = Pick<EngineService, 'dispatch' | 'subscribe' | 'summary'>

/**
 * The service as the host sees it: each request starts `ms` after the one before it started (so in the order
 * they came, as the engine takes them), and a burst of k requests waits k × ms — a busy engine's queue.
 */
export function slowedService(service: HostService, ms: number): HostService {
  let started: Promise<void> = Promise.resolve()
  const dispatch = ((method, payload) => {
    const start = started.then(() => new Promise<void>((r) => setTimeout(r, ms)))
    started = start
    return start.then(() => service.dispatch(method, payload))
  }) as EngineService['dispatch']
  return { dispatch, subscribe: service.subscribe.bind(service), summary: service.summary.bind(service) }
}
