/**
 * Records one step while it runs: every effect is applied to the working
 * state the moment it is emitted (so later phases of the same request see
 * it) and appended to the step, inside the phase that is open.
 */
import type { Effect, NoticeEffect, SetEffect } from '../model/effect.js'
import type { Phase, PhaseKind } from '../model/step.js'
import { applyEffect, putRow } from '../state/apply-effect.js'
import type { SessionState } from '../state/session-state.js'

/*
 * Closed phases without detail, shared by every step that has the same one.
 * A request opens eight or more phases, most of them the same few labels at
 * the same positions ("After Header", effects 5 to 5), and steps are kept for
 * the timeline: one object per distinct phase instead of one per step is a
 * large part of what a step keeps alive. Shared phases are frozen (nothing
 * changes a closed phase; a mistake would throw instead of changing other
 * steps). Looked up by label (usually one of a few constant strings), then
 * start and end; the table is bounded, so labels that name ever-new things (a
 * wait's clock) stop being shared when it is full.
 */
const SHARED_PHASES = new Map<string, Phase[][]>()
const MAX_SHARED_LABELS = 4096
/** Phases starting at this effect index or later are not shared (the table indexes by start). */
const MAX_SHARED_START = 64
const MAX_SHARED_PER_START = 8

/** The shared phase for these values, made (and shared, if the table has room) when there is none yet. */
function sharedPhase(kind: PhaseKind, label: string, start: number, end: number): Phase {
  if (start >= MAX_SHARED_START) return { kind, label, start, end }
  let byStart = SHARED_PHASES.get(label)
  if (!byStart) {
    if (SHARED_PHASES.size >= MAX_SHARED_LABELS) return { kind, label, start, end }
    SHARED_PHASES.set(label, (byStart = []))
  }
  const candidates = (byStart[start] ??= [])
  for (let i = 0; i < candidates.length; i++) {
    const shared = candidates[i]!
    if (shared.end === end && shared.kind === kind) return shared
  }
  const p: Phase = { kind, label, start, end }
  if (candidates.length < MAX_SHARED_PER_START) candidates.push(Object.freeze(p))
  return p
}

export class StepRecorder {
  readonly effects: Effect[] = []
  /** Closed phases, and the open one if `phase` made it (one opened by `enter` joins at its close). */
  readonly phases: Phase[] = []
  /** The open phase, when `phase` made it (a caller may add detail to it). */
  private open: Phase | null = null
  /** The open phase, when `enter` opened it: made only at its close, usually as a shared phase. */
  private pendingKind: PhaseKind | null = null
  private pendingLabel = ''
  private pendingStart = 0
  /**
   * Rows this step inserted (row keys of a session): a later write in the same
   * step keeps status I. A step nearly always writes one session and a few
   * rows, so a short list for the first session, and a map only for others.
   */
  private insertedSession = 0
  private insertedKeys: string[] | null = null
  private insertedElsewhere: Map<number, string[]> | null = null

  constructor(private readonly state: SessionState) {}

  /**
   * Starts a new phase without detail (closing the previous one). The phase
   * object is made when it closes, and is then most often a shared one: no
   * object per phase per request (see sharedPhase).
   */
  enter(kind: PhaseKind, label: string): void {
    this.close()
    this.pendingKind = kind
    this.pendingLabel = label
    this.pendingStart = this.effects.length
  }

  /** Starts a new phase (closing the previous one). Returns it so callers can add detail. */
  phase(kind: PhaseKind, label: string, detail?: Record<string, unknown>): Phase {
    this.close()
    const at = this.effects.length
    // One literal either way: adding `detail` afterwards would give the object a separate property store.
    const p: Phase = detail ? { kind, label, start: at, end: at, detail } : { kind, label, start: at, end: at }
    this.open = p
    this.phases.push(p)
    return p
  }

  /** Notes that this step inserted the row `key` (a `rowKey`) of a session. */
  markInserted(session: number, key: string): void {
    if (this.insertedKeys === null) {
      this.insertedSession = session
      this.insertedKeys = [key]
    } else if (session === this.insertedSession) this.insertedKeys.push(key)
    else {
      const elsewhere = (this.insertedElsewhere ??= new Map())
      const keys = elsewhere.get(session)
      if (keys) keys.push(key)
      else elsewhere.set(session, [key])
    }
  }

  /** Whether this step inserted the row `key` (a `rowKey`) of a session. */
  wasInserted(session: number, key: string): boolean {
    if (this.insertedKeys !== null && session === this.insertedSession) return this.insertedKeys.includes(key)
    return this.insertedElsewhere?.get(session)?.includes(key) === true
  }

  emit(e: Effect): void {
    if (!this.open && this.pendingKind === null) this.enter('resolveSession', 'Resolve session')
    // The recorder made `e` and nobody changes it afterwards: the state may share its records.
    applyEffect(this.state, e, 'forward', true)
    this.effects.push(e)
    if (this.open) this.open.end = this.effects.length
  }

  /** `emit` for a set effect whose row key the caller already has (`rowKey(e.app, e.page, e.item)`). */
  emitSet(e: SetEffect, key: string): void {
    if (!this.open && this.pendingKind === null) this.enter('resolveSession', 'Resolve session')
    putRow(this.state, e, key, true)
    this.effects.push(e)
    if (this.open) this.open.end = this.effects.length
  }

  notice(message: string, extra: Omit<NoticeEffect, 'op' | 'message'> = {}): void {
    this.emit({ op: 'notice', message, ...extra })
  }

  warning(message: string, extra: Omit<NoticeEffect, 'op' | 'message'> = {}): void {
    this.emit({ op: 'warning', message, ...extra })
  }

  close(): void {
    if (this.pendingKind !== null) {
      this.phases.push(sharedPhase(this.pendingKind, this.pendingLabel, this.pendingStart, this.effects.length))
      this.pendingKind = null
      return
    }
    const p = this.open
    if (!p) return
    p.end = this.effects.length
    this.open = null
    // The phase is final now: a plain one is swapped for its shared twin.
    if (p.detail === undefined) this.phases[this.phases.length - 1] = sharedPhase(p.kind, p.label, p.start, p.end)
  }

  /** Undoes everything recorded so far (used when a step fails unexpectedly). */
  rollback(): void {
    for (let i = this.effects.length - 1; i >= 0; i--) applyEffect(this.state, this.effects[i]!, 'backward')
  }
}
