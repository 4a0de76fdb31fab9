/**
 * Records one step while it runs: every effect is applied to the working
 * state the moment it is emitted (so later phases of the same request see
 * it) and appended to the step, inside the phase that is open.
 */
import type { Effect, NoticeEffect } from '../model/effect.js'
import type { Phase, PhaseKind } from '../model/step.js'
import { applyEffect } from '../state/apply-effect.js'
import type { SessionState } from '../state/session-state.js'

export class StepRecorder {
  readonly effects: Effect[] = []
  readonly phases: Phase[] = []
  private open: Phase | null = null
  /** Rows this step inserted (session|app|page|item): a later write in the same step keeps status I. */
  readonly inserted = new Set<string>()

  constructor(private readonly state: SessionState) {}

  /** Starts a new phase (closing the previous one). Returns it so callers can add detail. */
  phase(kind: PhaseKind, label: string, detail?: Record<string, unknown>): Phase {
    this.close()
    const p: Phase = { kind, label, start: this.effects.length, end: this.effects.length }
    if (detail) p.detail = detail
    this.open = p
    this.phases.push(p)
    return p
  }

  emit(e: Effect): void {
    if (!this.open) this.phase('resolveSession', 'Resolve session')
    applyEffect(this.state, e, 'forward')
    this.effects.push(e)
    this.open!.end = this.effects.length
  }

  notice(message: string, extra: Omit<NoticeEffect, 'op' | 'message'> = {}): void {
    this.emit({ op: 'notice', message, ...extra })
  }

  warning(message: string, extra: Omit<NoticeEffect, 'op' | 'message'> = {}): void {
    this.emit({ op: 'warning', message, ...extra })
  }

  close(): void {
    if (this.open) this.open.end = this.effects.length
    this.open = null
  }

  /** Undoes everything recorded so far (used when a step fails unexpectedly). */
  rollback(): void {
    for (let i = this.effects.length - 1; i >= 0; i--) applyEffect(this.state, this.effects[i]!, 'backward')
  }
}
