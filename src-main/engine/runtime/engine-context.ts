/**
 * What the operations share while the engine runs: the working state, the
 * compiled apps, the simulated clock, settings and the session ID allocator.
 * Kept as a plain interface so each operation file depends on data, not on
 * the Engine class.
 */
import type { CompiledApp } from '../app/compiled-app.js'
import type { SessionState } from '../state/session-state.js'
import type { SessionIdAllocator } from './session-ids.js'
import type { AppLogic } from '../logic/app-logic.js'
import { isDigits } from '../model/values.js'
import type { RejoinSessions } from '../model/app-definition.js'

export interface EffectiveSettings {
  cloneSessionEnabled: boolean
  maxSessionLengthSec: number
  maxSessionIdleSec: number
  notSimulatedConditionsHold: boolean
}

export const DEFAULT_SETTINGS: EffectiveSettings = {
  cloneSessionEnabled: true,
  maxSessionLengthSec: 28800,
  maxSessionIdleSec: 3600,
  notSimulatedConditionsHold: false,
}

export interface EngineContext {
  state: SessionState
  apps: Map<number, CompiledApp>
  /** Upper-case app alias → app id. */
  appAliases: Map<string, number>
  settings: EffectiveSettings
  ids: SessionIdAllocator
  /** Simulated seconds since start. */
  now: number
  /** The app database, packages and code plans (issue #11); absent when no app needs them. */
  logic?: AppLogic
  /** Issue #16: the instance's Rejoin Sessions (trace header `settings.rejoinSessions`); absent = APEX's default, public. */
  instanceRejoin?: RejoinSessions
  /**
   * Issue #16: the workspace secret Session State Protection checksums are
   * keyed with: the trace seed (replays get the same checksums), else a
   * random secret the store keeps. Engine always sets it; a context built
   * without one (the trace generator's) never checks a checksum.
   */
  checksumSecret?: string | number
}

export function findApp(ctx: EngineContext, ref: string | number): CompiledApp | undefined {
  if (typeof ref === 'number') return ctx.apps.get(ref)
  const trimmed = ref.trim()
  if (isDigits(trimmed)) return ctx.apps.get(Number(trimmed))
  const id = ctx.appAliases.get(trimmed.toUpperCase())
  return id === undefined ? undefined : ctx.apps.get(id)
}
