/**
 * Real vs simulated for the step at the playhead (issue #15): what the real
 * APEX server answered to the step's request (recorded from a browser's HAR)
 * beside what the simulation did, with the request's first divergence in
 * words. The engine compared them once while the trace replayed; this view
 * only shows its answer (WorkspaceSummary.observed) and the recorded answer.
 */
import { useEngine } from '../../stores/app-context.js'
import type { Step } from '../../transport/api-types.js'
import { divergenceAt, realAnswerLines, realAnswerOf, realItems } from '../../model/observed-answers.js'
import './observed.css'

/** Items listed before "and N more": a real page can render hundreds. */
const MAX_ITEMS = 40

export function ObservedAnswer({ step }: { step: Step }) {
  const comparison = useEngine((e) => e.workspace?.observed)
  const recordedOnly = useEngine((e) => e.workspace?.recordedOnly ?? false)
  const real = realAnswerOf(step)
  if (!real) return null
  const divergence = divergenceAt(comparison?.divergences, step.index)
  const lines = realAnswerLines(real)
  const items = realItems(real)
  return (
    <section className={`observed-answer${divergence ? ' diverged' : ''}`} aria-label="Real vs simulated" data-testid="observed-answer" data-field={divergence?.field}>
      <h3>Real vs simulated</h3>
      {divergence ? (
        <p className="observed-sentence" data-testid="observed-sentence">
          <span aria-hidden="true">≠ </span>
          {divergence.message}
        </p>
      ) : null}
      <div className="observed-sides">
        <div className="observed-side" data-testid="observed-real">
          <h4>Real APEX answered</h4>
          {divergence ? <p className="observed-summary">APEX {divergence.real}</p> : null}
          {lines.length ? (
            <dl>
              {lines.map((l) => (
                <div key={l.label}>
                  <dt>{l.label}</dt>
                  <dd>{l.value}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          {items.length ? (
            <details open={items.length <= 8}>
              <summary>Item values the page rendered ({items.length})</summary>
              <ul className="observed-items">
                {items.slice(0, MAX_ITEMS).map(([name, value]) => (
                  <li key={name} className={divergence?.item === name.toUpperCase() ? 'diverged' : undefined}>
                    <code>{name}</code> = {value === null || value === '' ? <i>null</i> : JSON.stringify(value)}
                  </li>
                ))}
                {items.length > MAX_ITEMS ? <li className="muted">and {items.length - MAX_ITEMS} more</li> : null}
              </ul>
            </details>
          ) : null}
        </div>
        <div className="observed-side" data-testid="observed-simulated">
          <h4>The simulation</h4>
          {recordedOnly ? (
            <p className="muted">Recorded only: the trace has no app definition, so nothing was simulated or compared.</p>
          ) : divergence ? (
            <>
              <p className="observed-summary">{divergence.simulated}</p>
              {divergence.why ? <p>Because {divergence.why}.</p> : null}
              <p className="muted">
                Request: steps {divergence.step}
                {divergence.lastStep !== divergence.step ? `–${divergence.lastStep}` : ''} (trace line {divergence.line}).
              </p>
            </>
          ) : comparison ? (
            <p>Agrees with the real answer: nothing differs in what both sides show.</p>
          ) : (
            <p className="muted">Not compared.</p>
          )}
        </div>
      </div>
    </section>
  )
}
