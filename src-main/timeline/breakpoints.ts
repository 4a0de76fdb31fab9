/**
 * Playback breakpoints, checked against the timeline's columns (never by
 * replaying): the next or previous point where one of them hits, over the
 * whole timeline (a million steps included: one pass over the effect
 * columns for all item breakpoints together, one over the step flags).
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
 *   step         — a breakpoint set on one step; hits after that step.
 *   rowChanges   — a change of an app database row (issue #11): any row of a
 *                  table, one row (its key), or one column of it (a change
 *                  whose before and after differ in that column; an insert
 *                  or delete changes every column). Hits at the phase that
 *                  made it; found over the row effects only (row-why.ts).
 *
 * Points are ordered as in navigation.ts; (s, n-1) and (s, null) are one
 * place, so a search never "hits" where it started. Forward finds the
 * nearest hit strictly after `from`, backward strictly before.
 */
import { normalizeName } from '../engine/model/values.js'
import { EVENT_FLAGS, FLAG_NOT_OK, OP_SET, OP_USERSET, OUTCOMES, STEP_KINDS } from './codes.js'
import { firstAtOrAfter, rowChangeOf, rowMatcher } from './row-why.js'
import type { Point, Timeline } from './timeline.js'
import { rowEffectPositions } from './app-table-rows.js'

export type BreakpointSpec =
  | { kind: 'itemChanges'; item: string; session?: number }
  | { kind: 'itemEquals'; item: string; value: string | null; session?: number }
  | { kind: 'outcomeNotOk' }
  | { kind: 'event'; events: ('clone' | 'clearCache' | 'login' | 'logout' | 'expiry')[] }
  | { kind: 'step'; step: number }
  | { kind: 'rowChanges'; table: string; app?: number; key?: string; column?: string }

type ItemBreakpoint = Extract<BreakpointSpec, { kind: 'itemChanges' | 'itemEquals' }>
type RowBreakpoint = Extract<BreakpointSpec, { kind: 'rowChanges' }>
type StepBreakpoint = Exclude<BreakpointSpec, ItemBreakpoint | RowBreakpoint>

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
  const fromStep = from.step
  const phaseCount = fromStep >= 0 ? tl.phaseCount(fromStep) : 0
  // "After phase k" where k is the step's last phase is the end of the step.
  const fromPhase = fromStep < 0 || from.phase === undefined || from.phase === null || from.phase >= phaseCount - 1 ? Infinity : from.phase
  let best: Candidate | null = null
  // The nearest point wins; at the same point, the hit whose effect came
  // first (a step-level hit counts as after the step's effects), then the
  // breakpoint listed first.
  const better = (cand: Candidate) => {
    if (!best) return true
    if (cand.step !== best.step || cand.phase !== best.phase)
      return direction === 'forward' ? cand.step < best.step || (cand.step === best.step && cand.phase < best.phase) : cand.step > best.step || (cand.step === best.step && cand.phase > best.phase)
    return cand.effect < best.effect || (cand.effect === best.effect && cand.bp < best.bp)
  }
  // Effect range to scan and step range for step-level hits.
  let effectLo: number
  let effectHi: number
  let stepLo: number
  let stepHi: number
  if (direction === 'forward') {
    effectLo = fromStep < 0 ? 0 : fromPhase === Infinity ? c.stepFirstEffect.get(fromStep + 1) : tl.positionOf({ step: fromStep, phase: fromPhase })
    effectHi = c.effectCount
    stepLo = fromStep < 0 ? 0 : fromPhase === Infinity ? fromStep + 1 : fromStep
    stepHi = n - 1
  } else {
    if (fromStep < 0) return null
    // Effects before the start of the phase we are at (the last one for the end of a step).
    const k = fromPhase === Infinity ? phaseCount - 1 : fromPhase
    effectLo = 0
    effectHi = k <= 0 ? c.stepFirstEffect.get(fromStep) : tl.positionOf({ step: fromStep, phase: k - 1 })
    stepLo = 0
    stepHi = fromStep - 1
  }
  const itemBps: { bp: ItemBreakpoint; index: number }[] = []
  const rowBps: { bp: RowBreakpoint; index: number }[] = []
  const stepBps: { bp: StepBreakpoint; index: number }[] = []
  bps.forEach((bp, index) => {
    if (bp.kind === 'itemChanges' || bp.kind === 'itemEquals') itemBps.push({ bp, index })
    else if (bp.kind === 'rowChanges') rowBps.push({ bp, index })
    else stepBps.push({ bp, index })
  })
  for (const cand of scanEffects(tl, itemBps, effectLo, effectHi, direction)) if (better(cand)) best = cand
  for (const cand of scanRowEffects(tl, rowBps, effectLo, effectHi, direction)) if (better(cand)) best = cand
  const stepHit = scanSteps(tl, stepBps, stepLo, stepHi, direction)
  if (stepHit && better(stepHit)) best = stepHit
  const hit = best as Candidate | null
  if (!hit) return null
  const point = hit.phase === Infinity ? { step: hit.step, phase: null } : { step: hit.step, phase: hit.phase }
  return { point, reason: describe(tl, bps[hit.bp]!, hit), breakpoint: hit.bp }
}

/** One item breakpoint compiled against the timeline's interned ids; null when it can never hit. */
interface ItemMatcher {
  index: number
  kind: 'itemChanges' | 'itemEquals'
  item: number
  /** The logical session (slot) to follow, or -2 for any. */
  slot: number
  /** The session index the breakpoint names (for Per User values), or -2. */
  sessionIndex: number
  /** The value id that `itemEquals` waits for (-1 = null). */
  want: number
}

function compile(tl: Timeline, bp: ItemBreakpoint, index: number): ItemMatcher | null {
  const c = tl.cols
  let item = c.names.lookup(normalizeName(bp.item))
  if (item < 0) item = c.names.lookup(bp.item)
  if (item < 0) return null
  let slot = -2
  let sessionIndex = -2
  if (bp.session !== undefined) {
    slot = tl.slotOfSession(bp.session)
    sessionIndex = c.findSession(bp.session)
    if (slot < 0 && sessionIndex < 0) return null
  }
  const want = bp.kind === 'itemEquals' ? (bp.value === null ? -1 : c.values.lookup(bp.value)) : -3
  // A value that never occurs anywhere can only be "equal" when it is null.
  if (bp.kind === 'itemEquals' && bp.value !== null && want < 0) return null
  return { index, kind: bp.kind, item, slot, sessionIndex, want }
}

/**
 * The first hit (forward) or last hit (backward) of each item breakpoint,
 * found in one pass over the effects: the scan stops at the end of the
 * first step with a hit, since a hit in a later step can never be nearer.
 */
function scanEffects(tl: Timeline, list: readonly { bp: ItemBreakpoint; index: number }[], lo: number, hi: number, direction: 'forward' | 'backward'): Candidate[] {
  const c = tl.cols
  const matchers = list.map(({ bp, index }) => compile(tl, bp, index)).filter((m): m is ItemMatcher => m !== null)
  if (matchers.length === 0) return []
  // The breakpoints by item id (their positions in `matchers`): most effects are rejected by one array read.
  const byItem: number[][] = []
  const watched = new Uint8Array(c.names.count)
  matchers.forEach((m, j) => {
    watched[m.item] = 1
    ;(byItem[m.item] ??= []).push(j)
  })
  const op = c.effectOp.raw
  const items = c.effectItem.raw
  const slots = c.effectSlot.raw
  const sess = c.effectSession.raw
  const fromValue = c.effectFrom.raw
  const toValue = c.effectTo.raw
  const fromStatus = c.effectFromStatus.raw
  const toStatus = c.effectToStatus.raw
  const matches = (m: ItemMatcher, i: number): boolean => {
    const o = op[i]
    if (o === OP_SET) {
      if (m.slot !== -2 && slots[i] !== m.slot) return false
      if (m.kind === 'itemChanges') return true
      const before = fromStatus[i] === 0 ? -1 : fromValue[i]!
      const after = toStatus[i] === 0 ? -1 : toValue[i]!
      return after === m.want && before !== m.want
    }
    if (o === OP_USERSET) {
      if (m.slot !== -2) {
        const s = sess[i]!
        if (s < 0 || (s !== m.sessionIndex && c.sessionSlot.get(s) !== m.slot)) return false
      }
      if (m.kind === 'itemChanges') return true
      return toValue[i] === m.want && fromValue[i] !== m.want
    }
    return false
  }
  // First effect found per breakpoint (by position in `matchers`).
  const found = new Int32Array(matchers.length).fill(-1)
  let stopAt = direction === 'forward' ? hi : lo - 1
  let anyFound = false
  const visit = (i: number) => {
    for (const j of byItem[items[i]!]!) {
      const m = matchers[j]!
      if (found[j]! >= 0 || !matches(m, i)) continue
      found[j] = i
      if (!anyFound) {
        // The first hit: finish its step, then stop.
        anyFound = true
        const step = c.stepOfEffect(i)
        stopAt = direction === 'forward' ? Math.min(hi, c.stepFirstEffect.get(step + 1)) : Math.max(lo, c.stepFirstEffect.get(step)) - 1
      }
    }
  }
  if (direction === 'forward') {
    for (let i = lo; i < stopAt; i++) if (watched[items[i]!] === 1) visit(i)
  } else {
    for (let i = hi - 1; i > stopAt; i--) if (watched[items[i]!] === 1) visit(i)
  }
  const out: Candidate[] = []
  matchers.forEach((m, j) => {
    let at = found[j]!
    if (at < 0) return
    const step = c.stepOfEffect(at)
    const start = c.stepFirstEffect.get(step)
    const phase = c.phaseOfEffect(step, at - start)
    if (direction === 'backward') {
      // The first hit of that phase (the one a forward search would report there).
      for (let i = at - 1; i >= Math.max(lo, start); i--) if (items[i] === m.item && matches(m, i) && c.phaseOfEffect(step, i - start) === phase) at = i
    }
    out.push({ step, phase: phase < 0 ? Infinity : phase, bp: m.index, effect: at })
  })
  return out
}

/**
 * The first hit (forward) or last hit (backward) of each row breakpoint among
 * the row effects at positions [lo, hi); backward, the first hit of that
 * phase (where a forward search would stop).
 */
function scanRowEffects(tl: Timeline, list: readonly { bp: RowBreakpoint; index: number }[], lo: number, hi: number, direction: 'forward' | 'backward'): Candidate[] {
  if (list.length === 0 || lo >= hi) return []
  const c = tl.cols
  const positions = rowEffectPositions(c)
  const first = firstAtOrAfter(positions.raw, positions.length, lo)
  const end = firstAtOrAfter(positions.raw, positions.length, hi)
  const out: Candidate[] = []
  for (const { bp, index } of list) {
    const m = rowMatcher(c, bp)
    if (!m) continue
    let at = -1
    if (direction === 'forward') {
      for (let j = first; j < end && at < 0; j++) if (m.matches(positions.get(j))) at = positions.get(j)
    } else {
      for (let j = end - 1; j >= first && at < 0; j--) if (m.matches(positions.get(j))) at = positions.get(j)
    }
    if (at < 0) continue
    const step = c.stepOfEffect(at)
    const start = c.stepFirstEffect.get(step)
    const phase = c.phaseOfEffect(step, at - start)
    if (direction === 'backward') {
      for (let j = firstAtOrAfter(positions.raw, positions.length, at) - 1; j >= first; j--) {
        const i = positions.get(j)
        if (i < start || c.phaseOfEffect(step, i - start) !== phase) break
        if (m.matches(i)) at = i
      }
    }
    out.push({ step, phase: phase < 0 ? Infinity : phase, bp: index, effect: at })
  }
  return out
}

/** The nearest step in [lo, hi] where a step-level breakpoint hits (at one step, the one listed first). */
function scanSteps(tl: Timeline, list: readonly { bp: StepBreakpoint; index: number }[], lo: number, hi: number, direction: 'forward' | 'backward'): Candidate | null {
  if (list.length === 0 || lo > hi) return null
  const maskOf = (bp: StepBreakpoint): number => {
    if (bp.kind === 'outcomeNotOk') return FLAG_NOT_OK
    if (bp.kind === 'event') return bp.events.reduce((m, e) => m | EVENT_FLAGS[e], 0)
    return 0
  }
  const masks = list.map(({ bp }) => maskOf(bp))
  const anyMask = masks.reduce((a, b) => a | b, 0)
  // Breakpoints set on steps: the nearest one in range.
  let nearestStep = -1
  for (const { bp } of list) {
    if (bp.kind !== 'step' || bp.step < lo || bp.step > hi) continue
    if (nearestStep < 0 || (direction === 'forward' ? bp.step < nearestStep : bp.step > nearestStep)) nearestStep = bp.step
  }
  const flags = tl.cols.stepFlags.raw
  let at = -1
  if (anyMask !== 0) {
    if (direction === 'forward') {
      const end = nearestStep >= 0 ? nearestStep : hi
      for (let s = lo; s <= end; s++)
        if ((flags[s]! & anyMask) !== 0) {
          at = s
          break
        }
    } else {
      const end = nearestStep >= 0 ? nearestStep : lo
      for (let s = hi; s >= end; s--)
        if ((flags[s]! & anyMask) !== 0) {
          at = s
          break
        }
    }
  }
  if (nearestStep >= 0 && (at < 0 || (direction === 'forward' ? nearestStep < at : nearestStep > at))) at = nearestStep
  if (at < 0) return null
  const first = list.findIndex(({ bp }, j) => (bp.kind === 'step' ? bp.step === at : (flags[at]! & masks[j]!) !== 0))
  return { step: at, phase: Infinity, bp: list[first]!.index, effect: tl.cols.stepFirstEffect.get(at + 1) - 0.5 }
}

function describe(tl: Timeline, bp: BreakpointSpec, hit: Candidate): string {
  const c = tl.cols
  if (bp.kind === 'rowChanges') {
    const r = rowChangeOf(tl, hit.effect)
    const cols = bp.column !== undefined ? ` (${bp.column})` : r.change === 'update' && r.columns.length > 0 ? ` (${r.columns.join(', ')})` : ''
    return `step ${hit.step}: row ${r.table}[${r.key}] ${r.change === 'insert' ? 'inserted' : r.change === 'delete' ? 'deleted' : 'updated'}${cols}${r.cause ? ` (${r.cause})` : ''}`
  }
  if (bp.kind === 'itemChanges' || bp.kind === 'itemEquals') {
    const e = tl.cols.effect(hit.effect) as { op: string; item: string; session?: number; user?: string; from: string | null; to: string | null; cause?: string }
    const where = e.op === 'userSet' ? `Per User value of ${e.user ?? '?'}` : `session ${e.session}`
    const show = (v: string | null) => (v === null ? 'null' : JSON.stringify(v))
    const cause = e.cause ? ` (${e.cause})` : ''
    if (bp.kind === 'itemEquals') return `step ${hit.step}: ${e.item} = ${show(e.to)} in ${where}${cause}`
    return `step ${hit.step}: ${e.item} changed in ${where}: ${show(e.from)} → ${show(e.to)}${cause}`
  }
  const kind = STEP_KINDS[c.stepKind.get(hit.step)] ?? 'step'
  if (bp.kind === 'step') return `step ${hit.step} (${kind}): breakpoint on this step`
  if (bp.kind === 'outcomeNotOk') {
    const outcome = OUTCOMES[c.stepOutcome.get(hit.step)] ?? 'error'
    const reason = c.step(hit.step).reason
    return `step ${hit.step} (${kind}): outcome ${outcome}${reason ? `: ${reason}` : ''}`
  }
  const f = c.stepFlags.get(hit.step)
  const what = bp.events.filter((e) => (f & EVENT_FLAGS[e]) !== 0)
  return `step ${hit.step} (${kind}): ${what.join(', ')}`
}
