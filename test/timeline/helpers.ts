/**
 * Random traces and brute-force references for the timeline's property tests.
 *
 * Traces come from the generator's journeys run through the real engine
 * (every feature of the apps: clones, logins, logouts, expiry, clear cache,
 * Per User values, tables) or from the recorded-effects synthesizer. The
 * references never use the timeline: they replay Step objects into the
 * engine's own SessionState with applyEffects.
 */
import { Engine } from '../../src-main/engine/engine.js'
import type { Effect } from '../../src-main/engine/model/effect.js'
import type { Step } from '../../src-main/engine/model/step.js'
import { applyEffects, applyEffect } from '../../src-main/engine/state/apply-effect.js'
import { SessionState, compareRows, rowKey, userKey } from '../../src-main/engine/state/session-state.js'
import type { StateSnapshot } from '../../src-main/engine/state/session-state.js'
import { GENERATOR_APPS } from '../../scripts/trace-generator/apps.js'
import { GENERATOR_SETTINGS, generateEvents, generateOperations } from '../../scripts/trace-generator/index.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { stepsOfRecordedEvent } from '../../src-main/timeline/trace-steps.js'

export interface TraceCase {
  steps: Step[]
  /** Steps grouped into events (an operation and its follow-ups). */
  chains: Step[][]
}

export function chainsOf(steps: readonly Step[]): Step[][] {
  const chains: Step[][] = []
  for (const s of steps) {
    if (s.causedBy !== undefined && chains.length > 0) chains[chains.length - 1]!.push(s)
    else chains.push([s])
  }
  return chains
}

/** A trace simulated by the engine: `events` generator actions of `users` users. */
export function engineTrace(seed: number, events: number, users = 4): TraceCase {
  const engine = new Engine({ apps: GENERATOR_APPS.map((a) => structuredClone(a)), seed, settings: GENERATOR_SETTINGS })
  for (const e of generateOperations({ events, sessions: users, seed, gapSec: 200 })) engine.run(e)
  const steps = [...engine.steps]
  engine.close()
  return { steps, chains: chainsOf(steps) }
}

/** A recorded trace from the synthesizer, as the loader splits its events into steps. */
export function synthTrace(seed: number, events: number, users = 4): TraceCase {
  const steps: Step[] = []
  let previousT = 0
  for (const e of generateEvents({ events, sessions: users, seed, gapSec: 200, recorded: true })) {
    for (const s of stepsOfRecordedEvent(e, steps.length, previousT)) {
      steps.push(s)
      previousT = s.t
    }
  }
  return { steps, chains: chainsOf(steps) }
}

export function timelineOf(c: TraceCase, checkpointEvery = 3): Timeline {
  const tl = new Timeline({ checkpointEvery })
  for (const chain of c.chains) tl.appendEvent(chain)
  return tl
}

export interface RefPoint {
  step: number
  phase: number | null
  /** Effects applied (global position). */
  pos: number
}

/** Every point of a trace, in order: -1, then per step its phases and the step end. */
export function allPoints(steps: readonly Step[]): RefPoint[] {
  const out: RefPoint[] = [{ step: -1, phase: null, pos: 0 }]
  let pos = 0
  for (const s of steps) {
    s.phases.forEach((p, k) => out.push({ step: s.index, phase: k, pos: pos + p.end }))
    pos += s.effects.length
    out.push({ step: s.index, phase: null, pos })
  }
  return out
}

/** The state after the first `pos` effects, replayed from nothing. */
export function refState(steps: readonly Step[], pos: number): SessionState {
  const st = new SessionState()
  let left = pos
  for (const s of steps) {
    if (left <= 0) break
    applyEffects(st, s.effects.slice(0, Math.min(left, s.effects.length)))
    left -= s.effects.length
  }
  return st
}

/** All effects in order with their step. */
export function flatEffects(steps: readonly Step[]): { e: Effect; step: Step; rel: number }[] {
  const out: { e: Effect; step: Step; rel: number }[] = []
  for (const s of steps) s.effects.forEach((e, rel) => out.push({ e, step: s, rel }))
  return out
}

/** Phase index of effect `rel` of a step (-1 when none covers it). */
export function phaseOf(step: Step, rel: number): number {
  return step.phases.findIndex((p) => rel < p.end)
}

/** Session IDs linked by login rotation, as one logical session: id → representative. */
export function rotationClasses(steps: readonly Step[]): (id: number) => number {
  const parent = new Map<number, number>()
  const find = (x: number): number => {
    const p = parent.get(x)
    if (p === undefined || p === x) return x
    const r = find(p)
    parent.set(x, r)
    return r
  }
  for (const s of steps) for (const e of s.effects) if (e.op === 'rekey') parent.set(find(e.to), find(e.from))
  return find
}

/** Rows of a snapshot keyed for comparison. */
export function canonicalState(snap: StateSnapshot) {
  return {
    sessions: [...snap.sessions].sort((a, b) => a.id - b.id),
    rows: snap.rows,
    userRows: snap.userRows,
    tables: snap.tables.map((t) => {
      const sep = t.key.indexOf('\u0000')
      return { app: Number(t.key.slice(0, sep)), table: t.key.slice(sep + 1), rows: t.rows }
    }),
  }
}

/** The reference diff between two states, as the timeline reports it (canonical order). */
export function refDiff(a: SessionState, b: SessionState) {
  const rows: { before: unknown; after: unknown }[] = []
  const keyOf = (r: { session: number; app: number; page: number | null; item: string }) => `${r.session}|${rowKey(r.app, r.page, r.item)}`
  const ra = new Map(a.snapshot().rows.map((r) => [keyOf(r), r]))
  const rb = new Map(b.snapshot().rows.map((r) => [keyOf(r), r]))
  for (const k of new Set([...ra.keys(), ...rb.keys()])) {
    const x = ra.get(k) ?? null
    const y = rb.get(k) ?? null
    if (JSON.stringify(x) !== JSON.stringify(y)) rows.push({ before: x, after: y })
  }
  const sessions: { before: unknown; after: unknown }[] = []
  for (const id of new Set([...a.sessions.keys(), ...b.sessions.keys()])) {
    const x = a.sessions.get(id) ?? null
    const y = b.sessions.get(id) ?? null
    if (JSON.stringify(x) !== JSON.stringify(y)) sessions.push({ before: x, after: y })
  }
  const userRows: { before: unknown; after: unknown }[] = []
  for (const k of new Set([...a.userRows.keys(), ...b.userRows.keys()])) {
    const x = a.userRows.get(k) ?? null
    const y = b.userRows.get(k) ?? null
    if (JSON.stringify(x) !== JSON.stringify(y)) userRows.push({ before: x, after: y })
  }
  const tables: { app: number; table: string; before: number; after: number; added: unknown[]; removed: unknown[] }[] = []
  for (const k of new Set([...a.tables.keys(), ...b.tables.keys()])) {
    const ta = a.tables.get(k) ?? []
    const tb = b.tables.get(k) ?? []
    const x = ta.length
    const y = tb.length
    const sep = k.indexOf('\u0000')
    if (x !== y) tables.push({ app: Number(k.slice(0, sep)), table: k.slice(sep + 1), before: x, after: y, added: y > x ? tb.slice(x) : [], removed: y > x ? [] : ta.slice(y) })
  }
  return { rows, sessions, userRows, tables }
}

/**
 * The last change of a row (same logical session, app, page, item) among the
 * first `pos` effects: step, phase and cause, or null — by a scan of the Step objects.
 */
export function refLastChange(steps: readonly Step[], pos: number, row: { session: number; app: number; page: number | null; item: string }) {
  const cls = rotationClasses(steps)
  let found: { step: number; phase: number; cause: string } | null = null
  let seen = 0
  for (const s of steps) {
    for (let rel = 0; rel < s.effects.length && seen < pos; rel++, seen++) {
      const e = s.effects[rel]!
      if (e.op === 'set' && e.app === row.app && e.page === row.page && e.item === row.item && cls(e.session) === cls(row.session)) found = { step: s.index, phase: phaseOf(s, rel), cause: e.cause }
    }
  }
  return found
}

/** Order-insensitive comparison form of a diff's lists. */
export function sortedJson(list: unknown[]): string[] {
  return list.map((x) => JSON.stringify(x, Object.keys(flatKeys(x)).sort())).sort()
}

function flatKeys(x: unknown, acc: Record<string, true> = {}): Record<string, true> {
  if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) {
      acc[k] = true
      flatKeys(v, acc)
    }
  }
  return acc
}

/** The value an item has in a state (row value, or a Per User value), for itemEquals. */
export function valueIn(st: SessionState, e: Effect): string | null {
  if (e.op === 'set') return st.getRow(e.session, e.app, e.page, e.item)?.value ?? null
  if (e.op === 'userSet') return st.userRows.get(userKey(e.user, e.app, e.item))?.value ?? null
  return null
}

export { applyEffect, compareRows }
