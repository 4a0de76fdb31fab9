/**
 * Shared helpers for the engine's semantic and property tests: building an
 * engine from inline app definitions, reading sessions and values by alias,
 * picking effects and phases out of steps, and checking that a step's effects
 * reverse exactly.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { Engine } from '../../../src-main/engine/engine.js'
import type { EngineOptions } from '../../../src-main/engine/engine.js'
import type { AppDefinition } from '../../../src-main/engine/model/app-definition.js'
import type { Effect, NoticeEffect, SessionEffect, SessionRecord, SetEffect, UserSetEffect } from '../../../src-main/engine/model/effect.js'
import type { Operation } from '../../../src-main/engine/model/operation.js'
import type { Phase, PhaseKind, Step } from '../../../src-main/engine/model/step.js'
import type { Value } from '../../../src-main/engine/model/values.js'
import { normalizeName } from '../../../src-main/engine/model/values.js'
import { applyEffects } from '../../../src-main/engine/state/apply-effect.js'
import type { SessionState, StateRow, StateSnapshot } from '../../../src-main/engine/state/session-state.js'

export type App = AppDefinition

/** An engine over inline apps; seeded (seed 1) unless the options say otherwise. */
export function makeEngine(apps: readonly App[] | readonly unknown[], opts: Omit<EngineOptions, 'apps'> = {}): Engine {
  return new Engine({ seed: 1, ...opts, apps: [...apps] })
}

/** Runs one operation and returns every step it produced. */
export function run(engine: Engine, op: Operation): Step[] {
  return engine.run(op)
}

/** Runs one operation and returns its first step (the one for the operation itself). */
export function first(engine: Engine, op: Operation): Step {
  const steps = engine.run(op)
  const s = steps[0]
  if (!s) throw new Error('no step')
  return s
}

/** Runs one operation and returns its last step (after any redirects). */
export function last(engine: Engine, op: Operation): Step {
  const steps = engine.run(op)
  const s = steps[steps.length - 1]
  if (!s) throw new Error('no step')
  return s
}

/** Runs one operation that must produce exactly one step. */
export function only(engine: Engine, op: Operation): Step {
  const steps = engine.run(op)
  expect(steps).toHaveLength(1)
  return steps[0]!
}

/** Shorthand for a show request. */
export function show(engine: Engine, url: string, extra: { session?: string | number; as?: string; t?: number } = {}): Step[] {
  return engine.run({ type: 'request', url, ...extra })
}

/** The current ID of a session alias (throws when unknown). */
export function idOf(engine: Engine, alias: string): number {
  const id = engine.resolveSession(alias)
  if (id === null) throw new Error(`unknown alias ${alias}`)
  return id
}

export function sessionOf(engine: Engine, ref: string | number): SessionRecord {
  const id = typeof ref === 'number' ? ref : idOf(engine, ref)
  const s = engine.state.sessions.get(id)
  if (!s) throw new Error(`no session ${id}`)
  return s
}

/** Every stored row of a session whose item has this name (any app, any page). */
export function rowsNamed(engine: Engine, ref: string | number, item: string): StateRow[] {
  const id = typeof ref === 'number' ? ref : idOf(engine, ref)
  return engine.stateRows(id).filter((r) => r.item === normalizeName(item))
}

/** The one stored row of an item in a session, or undefined when there is none. */
export function rowOf(engine: Engine, ref: string | number, item: string, app?: number): StateRow | undefined {
  const rows = rowsNamed(engine, ref, item).filter((r) => app === undefined || r.app === app)
  if (rows.length > 1) throw new Error(`${item} has ${rows.length} rows; name the app`)
  return rows[0]
}

/** The session-state value of an item (null when there is no row). */
export function valueOf(engine: Engine, ref: string | number, item: string, app?: number): Value {
  return rowOf(engine, ref, item, app)?.value ?? null
}

/** [value, status] of an item's row, or null when there is no row. */
export function cell(engine: Engine, ref: string | number, item: string, app?: number): [Value, string] | null {
  const r = rowOf(engine, ref, item, app)
  return r ? [r.value, r.status] : null
}

/** A Per User value (undefined when the user has none). */
export function userValue(engine: Engine, user: string, app: number, item: string): Value | undefined {
  return engine.userRows().find((r) => r.user === user && r.app === app && r.item === normalizeName(item))?.value
}

export function phaseKinds(step: Step): PhaseKind[] {
  return step.phases.map((p) => p.kind)
}

export function phase(step: Step, kind: PhaseKind): Phase {
  const p = step.phases.find((x) => x.kind === kind)
  if (!p) throw new Error(`step ${step.index} has no phase ${kind} (has ${phaseKinds(step).join(', ')})`)
  return p
}

/** Effects recorded inside the (first) phase of this kind. */
export function effectsIn(step: Step, kind: PhaseKind): Effect[] {
  const p = phase(step, kind)
  return step.effects.slice(p.start, p.end)
}

export function sets(step: Step | Effect[]): SetEffect[] {
  const list = Array.isArray(step) ? step : step.effects
  return list.filter((e): e is SetEffect => e.op === 'set')
}

export function userSets(step: Step): UserSetEffect[] {
  return step.effects.filter((e): e is UserSetEffect => e.op === 'userSet')
}

export function sessionEvents(step: Step): SessionEffect[] {
  return step.effects.filter((e): e is SessionEffect => e.op === 'session')
}

export function notices(step: Step, code?: string): NoticeEffect[] {
  return step.effects.filter((e): e is NoticeEffect => e.op === 'notice' && (code === undefined || e.code === code))
}

export function warnings(step: Step, code?: string): NoticeEffect[] {
  return step.effects.filter((e): e is NoticeEffect => e.op === 'warning' && (code === undefined || e.code === code))
}

/** The set effect of one item in a step (exactly one expected). */
export function setOf(step: Step, item: string): SetEffect {
  const list = sets(step).filter((e) => e.item === normalizeName(item))
  expect(list, `set effects of ${item}`).toHaveLength(1)
  return list[0]!
}

/** A session's part of a snapshot: its record and its rows. */
export function sessionSlice(snap: StateSnapshot, id: number): { record: SessionRecord | null; rows: StateRow[] } {
  return { record: snap.sessions.find((s) => s.id === id) ?? null, rows: snap.rows.filter((r) => r.session === id) }
}

/** Every session ID that appears in a snapshot (records or rows). */
export function sessionIds(snap: StateSnapshot): number[] {
  return [...new Set([...snap.sessions.map((s) => s.id), ...snap.rows.map((r) => r.session)])].sort((a, b) => a - b)
}

/**
 * Checks §9 for a run's steps, starting from the state before them: for each
 * step, its effects applied backward to the state after it give the state
 * before it, and forward again the state after it. Returns the snapshots
 * between steps (before, after step 0, after step 1, …).
 */
export function expectReversible(before: SessionState, steps: readonly Step[], finalState: SessionState): StateSnapshot[] {
  const snaps: StateSnapshot[] = [before.snapshot()]
  let current = before.clone()
  for (const step of steps) {
    const beforeStep = current.snapshot()
    const next = current.clone()
    applyEffects(next, step.effects, 'forward')
    const afterStep = next.snapshot()
    const undone = next.clone()
    applyEffects(undone, step.effects, 'backward')
    expect(undone.snapshot(), `step ${step.index} backward`).toEqual(beforeStep)
    applyEffects(undone, step.effects, 'forward')
    expect(undone.snapshot(), `step ${step.index} forward again`).toEqual(afterStep)
    snaps.push(afterStep)
    current = next
  }
  expect(current.snapshot(), 'effects of all steps give the engine state').toEqual(finalState.snapshot())
  return snaps
}

/** Phases are consecutive ranges that cover a step's effect list exactly, in order. */
export function expectPhasesPartitionEffects(step: Step): void {
  let at = 0
  for (const p of step.phases) {
    expect(p.start, `phase ${p.kind} of step ${step.index} starts where the previous ended`).toBe(at)
    expect(p.end).toBeGreaterThanOrEqual(p.start)
    at = p.end
  }
  expect(at, `phases of step ${step.index} cover all effects`).toBe(step.effects.length)
}

/** A temporary directory for a store file, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'session-scope-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Expects the engine state to be unchanged by `fn` (deep snapshot comparison). */
export function expectNoStateChange(engine: Engine, fn: () => void): void {
  const before = engine.snapshot()
  fn()
  expect(engine.snapshot()).toEqual(before)
}
