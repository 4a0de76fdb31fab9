/**
 * The step at the playhead: its request in parts, its phases with their
 * effects and causes in words, clear-cache and clone step-through, and a
 * diff against the previous or a pinned step.
 *
 * Stepping re-renders this panel's outer part only: it follows the deferred
 * playhead and reads the step from the cache with a selector (re-rendering
 * when that step object arrives, not whenever any page of steps does); the
 * body (phases, effects, diff) is memoised on the step and the phase, so the
 * urgent render of a press (the deferred value still the old point) and
 * pages arriving for other steps cost no body render.
 */
import { memo, useDeferredValue, useEffect } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { KIND_ICONS, KIND_LABELS, effectWords, outcomeWords } from '../../model/step-words.js'
import { fmtClock } from '../common/format.js'
import { aliasOfStep, sessionAliasesOf, useSessionName } from '../../stores/session-aliases.js'
import type { AppDefinition, Step } from '../../transport/api-types.js'
import { RequestParts } from './RequestParts.js'
import { ClearCacheThrough, CloneThrough } from './StepThrough.js'
import { DiffView } from './DiffView.js'
import { NotSimulatedParts } from './NotSimulatedParts.js'
import { ObservedAnswer } from './ObservedAnswer.js'

export function StepInspector() {
  const s = useServices()
  // Deferred: the state table paints first when stepping; this view follows a moment later.
  const point = useDeferredValue(useEngine((e) => e.point))
  // The step object itself: the engine store changes whenever steps arrive in the cache, this only when this step did.
  const step = useEngine(() => (point.step >= 0 ? s.actions.step(point.step) : undefined))
  const apps = useEngine((e) => e.apps)
  const pinned = useUi((u) => u.selection, (x) => x.pinnedStep)
  useEffect(() => {
    if (point.step >= 0 && !step) void s.actions.ensurePages(point.step, point.step).catch(() => undefined)
  }, [s, point.step, step])
  // A step names its session's alias (`as`, or the alias it was addressed by): kept for the views that name that ID later.
  useEffect(() => {
    const known = step ? aliasOfStep(step) : null
    if (known) sessionAliasesOf(s).getState().learn([known])
  }, [s, step])

  if (point.step < 0)
    return (
      <section id="view-inspector" className="panel inspector" aria-label="Step inspector" tabIndex={-1} role="tabpanel">
        <p className="muted pad">Before the first step. Press → to step.</p>
      </section>
    )
  if (!step)
    return (
      <section id="view-inspector" className="panel inspector" aria-label="Step inspector" tabIndex={-1} role="tabpanel">
        <p className="muted pad">Loading step {point.step}…</p>
      </section>
    )
  return <StepDetails step={step} phaseIndex={point.phase ?? null} apps={apps} pinned={pinned} />
}

/** The inspector's body for one step (and phase): memoised, see the file's comment. */
export const StepDetails = memo(function StepDetails({ step, phaseIndex, apps, pinned }: { step: Step; phaseIndex: number | null; apps: AppDefinition[]; pinned: number | null }) {
  const s = useServices()
  const name = useSessionName()
  return (
    <section id="view-inspector" className="panel inspector" aria-label="Step inspector" tabIndex={-1} role="tabpanel" data-testid="inspector" data-step={step.index}>
      <h2>
        <span aria-hidden="true">{KIND_ICONS[step.kind]}</span> Step {step.index}: {KIND_LABELS[step.kind]}
        <button type="button" className="link" onClick={() => s.ui.selection.getState().pin(pinned === step.index ? null : step.index)} aria-pressed={pinned === step.index}>
          {pinned === step.index ? 'Unpin' : 'Pin (P)'}
        </button>
      </h2>
      <p className={`outcome-line outcome-${step.outcome}`}>
        Session {name(step.session)} · t {fmtClock(step.t)} · <b>{outcomeWords(step)}</b>
        {step.reason ? ` — ${step.reason}` : ''}
        {step.causedBy !== undefined ? ` · follows step ${step.causedBy}` : ''}
      </p>
      {step.note ? <p className="note">{step.note}</p> : null}
      {step.errors?.length ? (
        <ul className="validation-errors" aria-label="Validation errors">
          {step.errors.map((e, i) => (
            <li key={i}>
              {e.item ? <b>{e.item}: </b> : null}
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <ObservedAnswer step={step} />
      <RequestParts step={step} sessionName={name} />
      <ClearCacheThrough step={step} phaseIndex={phaseIndex} />
      <CloneThrough step={step} phaseIndex={phaseIndex} />
      <section aria-label="Phases" className="phases">
        <h3>
          Phases <span className="muted">↓ steps into them</span>
        </h3>
        {step.phases.length === 0 ? <p className="muted">No phases.</p> : null}
        {/* Notices outside every phase (the engine records most inside one). */}
        <NotSimulatedParts effects={outsidePhases(step)} apps={apps} app={step.app} />
        <ol>
          {step.phases.map((phase, i) => {
            const effects = step.effects.slice(phase.start, phase.end)
            const state = phaseIndex === null ? '' : i === phaseIndex ? ' now' : i < phaseIndex ? ' done' : ' todo'
            return (
              <li key={i} className={`phase${state}${effects.length ? '' : ' empty'}`} data-testid="phase" data-phase-kind={phase.kind} aria-current={i === phaseIndex ? 'step' : undefined}>
                <button type="button" className="link phase-label" onClick={() => void s.actions.goTo({ step: step.index, phase: i })}>
                  {phase.label}
                </button>
                {effects.length ? (
                  <ul>
                    {effects.map((e, j) => (
                      <li key={j} className={`effect op-${e.op}`}>
                        {effectWords(e)}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <NotSimulatedParts effects={effects} apps={apps} app={step.app} />
              </li>
            )
          })}
        </ol>
      </section>
      <DiffView step={step} phaseIndex={phaseIndex} />
    </section>
  )
})

/** The effects no phase covers. */
function outsidePhases(step: Step): Step['effects'] {
  const covered = new Set<number>()
  for (const p of step.phases) for (let i = p.start; i < p.end; i++) covered.add(i)
  return step.effects.filter((_, i) => !covered.has(i))
}
