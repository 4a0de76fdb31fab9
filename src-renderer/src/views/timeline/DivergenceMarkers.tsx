/**
 * The timeline's real-vs-simulated markers (issue #15): one button per
 * request whose real answer (recorded from a browser's HAR) differs from the
 * simulation, named by its step and the engine's sentence ("step 7: APEX
 * redirected to page 5; the simulation branched to page 4 because …"); Tab reaches each, Enter jumps to
 * the request's step. The rows of those steps carry a ≠ mark as well
 * (TimelineView). Divergences come from the engine (WorkspaceSummary.observed).
 */
import { memo } from 'react'
import { useEngine, useServices } from '../../stores/app-context.js'
import { divergenceAt } from '../../model/observed-answers.js'
import '../inspector/observed.css'

/** Markers listed before "and N more": a long recording may diverge at thousands of requests. */
export const MAX_MARKERS = 200

/** Memoised (no props): it follows the playhead through its own selector, not through the timeline around it. */
export const DivergenceMarkers = memo(function DivergenceMarkers() {
  const s = useServices()
  const comparison = useEngine((e) => e.workspace?.observed)
  // The divergence at the playhead (an object of the list, or null): a step that stays outside every divergence re-renders nothing.
  const current = useEngine((e) => divergenceAt(e.workspace?.observed?.divergences, e.point.step))
  if (!comparison || comparison.compared === 0) return null
  const list = comparison.divergences
  return (
    <nav className="divergence-markers" aria-label="Real vs simulated" data-testid="divergence-markers">
      <p>
        {list.length === 0
          ? `Real answers: all ${comparison.compared} agree with the simulation.`
          : `Real answers: ${list.length} of ${comparison.compared} request${comparison.compared === 1 ? '' : 's'} diverged from the simulation.`}
      </p>
      {list.length > 0 ? (
        <ul>
          {list.slice(0, MAX_MARKERS).map((d) => (
            <li key={d.step}>
              <button
                type="button"
                className={`divergence-marker${current === d ? ' current' : ''}`}
                // The visible words start the name (WCAG 2.5.3, label in name), the engine's sentence follows.
                aria-label={`step ${d.step}: ${d.message}`}
                title={d.message}
                data-testid="divergence-marker"
                data-step={d.step}
                aria-current={current === d ? 'step' : undefined}
                onClick={() => void s.actions.goTo({ step: d.step, phase: null })}
              >
                <span aria-hidden="true">≠ </span>step {d.step}
              </button>
            </li>
          ))}
          {list.length > MAX_MARKERS ? <li className="muted">and {list.length - MAX_MARKERS} more (npx session-scope replay lists them all)</li> : null}
        </ul>
      ) : null}
    </nav>
  )
})
