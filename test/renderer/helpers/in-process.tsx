/**
 * Component tests drive the real engine in-process: a transport that calls
 * EngineService.dispatch directly (tests may import src-main; the renderer
 * may not).
 */
import { render } from '@testing-library/react'
// Every renderer test drives the engine through this file: waitFor / findBy* get CI's time limit here.
import './wait-limits.js'
import type { ReactElement } from 'react'
import { EngineService } from '../../../src-main/api/engine-service.js'
import { applyEffects } from '../../../src-main/engine/state/apply-effect.js'
import { SessionState } from '../../../src-main/engine/state/session-state.js'
import type { EngineApi } from '../../../src-main/api/contract.js'
import { ServicesProvider, createServices } from '../../../src-renderer/src/stores/app-context.js'
import type { AppServices } from '../../../src-renderer/src/stores/app-context.js'

/**
 * An independent stand-in for the engine's `timeline.state` (until the
 * timeline lands): the engine's own applyEffects over its recorded steps.
 */
export function fakeTimelineState(service: EngineService, point: { step: number; phase?: number | null }) {
  const state = new SessionState()
  const steps = service.steps
  for (let i = 0; i < point.step; i++) applyEffects(state, steps[i]!.effects)
  const last = steps[point.step]
  if (last) {
    const phase = point.phase ?? null
    applyEffects(state, phase === null ? last.effects : last.effects.slice(0, last.phases[phase]!.end))
  }
  const snap = state.snapshot()
  const t = last?.t ?? 0
  return {
    point: { step: point.step, phase: point.phase ?? null },
    t,
    sessions: snap.sessions.map((s) => ({ ...s, status: s.ended === 'expired' ? 'expired' : s.ended ? 'deleted' : 'active', idleSec: 0, groupCreatedAt: s.createdAt })),
    rows: snap.rows,
    userRows: snap.userRows,
    tables: snap.tables.map((x) => ({ app: Number(x.key.split('\u0000')[0]), table: x.key.split('\u0000')[1]!, rows: x.rows })),
  }
}

export interface ApiOptions {
  hideTimeline?: boolean
  fakeTimeline?: boolean
  /** Method names called, in order. */
  calls?: string[]
  /** Methods called with their payloads, in order. */
  sent?: { method: string; payload: unknown }[]
}

export function inProcessApi(service: EngineService, opts: ApiOptions = {}): EngineApi {
  return {
    invoke: (method, payload) => {
      opts.calls?.push(String(method))
      opts.sent?.push({ method: String(method), payload: structuredClone(payload) })
      if (opts.fakeTimeline && method === 'timeline.state')
        return Promise.resolve({ ok: true, result: fakeTimelineState(service, (payload as { point: { step: number; phase?: number | null } }).point) }) as never
      if (opts.hideTimeline && String(method).startsWith('timeline.'))
        return Promise.resolve({ ok: false, error: { code: 'internal', message: `${method} is not available in this build yet` } }) as never
      return service.dispatch(method, payload) as never
    },
    subscribe: (topic, cb) => service.subscribe(topic, cb),
  }
}

export interface Harness {
  service: EngineService
  services: AppServices
  close(): void
}

/** An engine + renderer services, with `demo` opened (at step 0) when given. */
export async function harness(demo?: string, opts: ApiOptions = {}): Promise<Harness> {
  const service = new EngineService()
  const services = createServices(inProcessApi(service, opts))
  await services.actions.init()
  if (demo) {
    const ok = await services.actions.openDemo(demo)
    if (!ok) throw new Error(`could not open demo ${demo}: ${JSON.stringify(services.ui.toasts.getState().toasts)}`)
  }
  return {
    service,
    services,
    close() {
      services.actions.dispose()
      service.close()
    },
  }
}

export function renderWith(h: Harness, ui: ReactElement) {
  return render(<ServicesProvider services={h.services}>{ui}</ServicesProvider>)
}
