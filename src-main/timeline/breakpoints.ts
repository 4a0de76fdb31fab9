/**
 * Playback breakpoints, checked against the timeline's columns (never by
 * replaying): the next or previous point where one of them hits.
 *
 *   itemChanges  — a change of the item (a session-state row or a Per User
 *                  value), in one session (following login rotation) or any;
 *                  hits at the phase that made it.
 *   itemEquals   — the item *becomes* equal to the value (edge-triggered: a
 *                  change whose before-value differs and after-value equals;
 *                  "no row" counts as null). Hits at the phase that made it.
 *   outcomeNotOk — a step whose outcome is not `ok`; hits after the step.
 *   event        — a step that clones, clears cache (a clear-cache step or
 *                  phase, or any reset to status R), logs in (rotation),
 *                  logs out, or expires a session; hits after the step.
 *
 * Points are ordered as in navigation.ts; (s, n-1) and (s, null) are one
 * place, so a search never "hits" where it started. Forward finds the
 * nearest hit strictly after `from`, backward strictly before.
 */
import { normalizeName } from '../engine/model/values.js'
import { EVENT_FLAGS, FLAG_NOT_OK, OP_SET, OP_USERSET, OUTCOMES, STEP_KINDS } from './codes.js'
import type { Point, Timeline } from './timeline.js'

export type BreakpointSpec =
  | { kind: 'itemChanges'; item: string; session?: number }
  | { kind: 'itemEquals'; item: string; value: string | null; session?: number }
  | { kind: 'outcomeNotOk' }
  | { kind: 'event'; events: ('clone' | 'clearCache' | 'login' | 'logout' | 'expiry')[] }

export interface BreakpointHit {
  point: { step: number; phase?: number | null }
  reason: string
  /** Which of the given breakpoints hit (its position in the list). */
  breakpoint: number
}

interface Candidate {
  step: number
  /** Phase index, or Infinity for the point after the step. */
  phase: number
  bp: number
  effect: number
}

export function findBreakpoint(tl: Timeline, from: Point, direction: 'forward' | 'backward', bps: readonly BreakpointSpec[]): BreakpointHit | null {
  tl.positionOf(from) // validates the point
  const c = tl.cols
  const n = tl.stepCount
  const fs = from.step
  const np = fs >= 0 ? tl.phaseCount(fs) : 0
  // "After phase k" where k is the step's last phase is the end of the step.
  const fk = fs < 0 || from.phase === undefined || from.phase === null || from.phase >= np - 1 ? Infinity : from.phase
  let best: Candidate | null = null
  // The nearest point wins; at the same point, the hit whose effect came
  // first (a step-level hit counts as after the step's effects), then the
  // breakpoint listed first.
  const better = (cand: Candidate) => {
    if (!best) return true
    if (cand.step !== best.step || cand.phase !== best.phase)
      return direction === 'forward' ? cand.step < best.step || (cand.step === best.step && cand.phase < best.phase) : cand.step > best.step || (cand.step === best.step && cand.phase > best.phase)
    return cand.effect < best.effect
  }
  // Effect range to scan and step range for step-level hits.
  let effLo: number
  let effHi: number
  let stepLo: number
  let stepHi: number
  if (direction === 'forward') {
    effLo = fs < 0 ? 0 : fk === Infinity ? c.sEff.get(fs + 1) : tl.positionOf({ step: fs, phase: fk })
    effHi = c.effectCount
    stepLo = fs < 0 ? 0 : fk === Infinity ? fs + 1 : fs
    stepHi = n - 1
  } else {
    if (fs < 0) return null
    // Effects before the start of the phase we are at (the last one for the end of a step).
    const k = fk === Infinity ? np - 1 : fk
    effLo = 0
    effHi = k <= 0 ? c.sEff.get(fs) : tl.positionOf({ step: fs, phase: k - 1 })
    stepLo = 0
    stepHi = fs - 1
  }
  bps.forEach((bp, index) => {
    const cand = bp.kind === 'itemChanges' || bp.kind === 'itemEquals' ? scanEffects(tl, bp, index, effLo, effHi, direction) : scanSteps(tl, bp, index, stepLo, stepHi, direction)
    if (cand && better(cand)) best = cand
  })
  const hit = best as Candidate | null
  if (!hit) return null
  const point = hit.phase === Infinity ? { step: hit.step, phase: null } : { step: hit.step, phase: hit.phase }
  return { point, reason: describe(tl, bps[hit.bp]!, hit), breakpoint: hit.bp }
}

function scanEffects(
  tl: Timeline,
  bp: Extract<BreakpointSpec, { kind: 'itemChanges' | 'itemEquals' }>,
  index: number,
  lo: number,
  hi: number,
  direction: 'forward' | 'backward',
): Candidate | null {
  const c = tl.cols
  let item = c.names.lookup(normalizeName(bp.item))
  if (item < 0) item = c.names.lookup(bp.item)
  if (item < 0) return null
  let slot = -2
  let sessIdx = -2
  if (bp.session !== undefined) {
    slot = tl.slotOfSession(bp.session)
    sessIdx = c.findSess(bp.session)
    if (slot < 0 && sessIdx < 0) return null
  }
  const want = bp.kind === 'itemEquals' ? (bp.value === null ? -1 : c.values.lookup(bp.value)) : -3
  // A value that never occurs anywhere can only be "equal" when it is null.
  if (bp.kind === 'itemEquals' && bp.value !== null && want < 0) return null
  const op = c.eOp.raw
  const items = c.eItem.raw
  const slots = c.eSlot.raw
  const sess = c.eSess.raw
  const from = c.eFrom.raw
  const to = c.eTo.raw
  const fromSt = c.eFromSt.raw
  const toSt = c.eToSt.raw
  const matches = (i: number): boolean => {
    const o = op[i]
    if (items[i] !== item) return false
    if (o === OP_SET) {
      if (slot !== -2 && slots[i] !== slot) return false
      if (bp.kind === 'itemChanges') return true
      const before = fromSt[i] === 0 ? -1 : from[i]!
      const after = toSt[i] === 0 ? -1 : to[i]!
      return after === want && before !== want
    }
    if (o === OP_USERSET) {
      if (slot !== -2) {
        const s = sess[i]!
        if (s < 0 || (s !== sessIdx && c.sessSlot.get(s) !== slot)) return false
      }
      if (bp.kind === 'itemChanges') return true
      return to[i] === want && from[i] !== want
    }
    return false
  }
  let found = -1
  if (direction === 'forward') {
    for (let i = lo; i < hi; i++)
      if (matches(i)) {
        found = i
        break
      }
  } else {
    for (let i = hi - 1; i >= lo; i--)
      if (matches(i)) {
        found = i
        break
      }
  }
  if (found < 0) return null
  const step = c.stepOfEffect(found)
  const start = c.sEff.get(step)
  const phase = c.phaseOfEffect(step, found - start)
  if (direction === 'backward') {
    // The first hit of that phase (the one a forward search would report there).
    for (let i = found - 1; i >= Math.max(lo, start); i--) if (matches(i) && c.phaseOfEffect(step, i - start) === phase) found = i
  }
  return { step, phase: phase < 0 ? Infinity : phase, bp: index, effect: found }
}

function scanSteps(tl: Timeline, bp: Extract<BreakpointSpec, { kind: 'outcomeNotOk' | 'event' }>, index: number, lo: number, hi: number, direction: 'forward' | 'backward'): Candidate | null {
  let mask = 0
  if (bp.kind === 'outcomeNotOk') mask = FLAG_NOT_OK
  else for (const e of bp.events) mask |= EVENT_FLAGS[e]
  const flags = tl.cols.sFlags.raw
  if (direction === 'forward') {
    for (let s = lo; s <= hi; s++) if ((flags[s]! & mask) !== 0) return { step: s, phase: Infinity, bp: index, effect: tl.cols.sEff.get(s + 1) - 0.5 }
  } else {
    for (let s = hi; s >= lo; s--) if ((flags[s]! & mask) !== 0) return { step: s, phase: Infinity, bp: index, effect: tl.cols.sEff.get(s + 1) - 0.5 }
  }
  return null
}

function describe(tl: Timeline, bp: BreakpointSpec, hit: Candidate): string {
  const c = tl.cols
  if (bp.kind === 'itemChanges' || bp.kind === 'itemEquals') {
    const e = tl.cols.effect(hit.effect) as { op: string; item: string; session?: number; user?: string; from: string | null; to: string | null; cause?: string }
    const where = e.op === 'userSet' ? `Per User value of ${e.user ?? '?'}` : `session ${e.session}`
    const show = (v: string | null) => (v === null ? 'null' : JSON.stringify(v))
    const cause = e.cause ? ` (${e.cause})` : ''
    if (bp.kind === 'itemEquals') return `step ${hit.step}: ${e.item} = ${show(e.to)} in ${where}${cause}`
    return `step ${hit.step}: ${e.item} changed in ${where}: ${show(e.from)} → ${show(e.to)}${cause}`
  }
  const kind = STEP_KINDS[c.sKind.get(hit.step)] ?? 'step'
  if (bp.kind === 'outcomeNotOk') {
    const outcome = OUTCOMES[c.sOutcome.get(hit.step)] ?? 'error'
    const reason = c.step(hit.step).reason
    return `step ${hit.step} (${kind}): outcome ${outcome}${reason ? `: ${reason}` : ''}`
  }
  const f = c.sFlags.get(hit.step)
  const what = bp.events.filter((e) => (f & EVENT_FLAGS[e]) !== 0)
  return `step ${hit.step} (${kind}): ${what.join(', ')}`
}
