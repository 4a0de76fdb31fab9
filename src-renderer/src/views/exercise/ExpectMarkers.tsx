/**
 * The timeline's expect markers (issue #14 part 5): one button per expect
 * line of the trace, named by its line and step and what became of it —
 * passed or failed in the replay (the engine's verdict, with its sentence),
 * and in exercise mode answered right or wrong, or not yet. Tab reaches each;
 * Enter jumps to the line's step (in exercise mode, to its question when it
 * is not answered yet). A replay's failed expects are marked here outside
 * exercise mode too, which is where the failure toast points.
 */
import { useEngine, useServices } from '../../stores/app-context.js'
import { useExercise, useExerciseListing } from '../../stores/exercise.js'
import type { LineResult } from '../../stores/exercise.js'
import { askLine, revealStep } from './exercise-stops.js'
import type { ExpectLine } from './questions.js'
import './exercise.css'

/** Markers listed before "and N more": a generated trace may carry thousands of expects. */
export const MAX_EXPECT_MARKERS = 200

function replayWords(l: ExpectLine): string {
  if (l.passed) return 'passed in the replay'
  const failed = l.checks.find((c) => !c.passed)
  return `failed in the replay${failed?.message ? `: ${failed.message}` : ''}`
}

function answerWords(r: LineResult | undefined): string {
  return r === undefined ? 'not answered yet' : r.allRight ? 'answered right' : 'answered wrong'
}

export function ExpectMarkers() {
  const s = useServices()
  const listing = useExerciseListing()
  const step = useEngine((e) => e.point.step)
  const exercising = useExercise((x) => x.on)
  const results = useExercise((x) => x.results)
  if (!listing || listing.lines.length === 0) return null
  const lines = listing.lines
  const failed = lines.filter((l) => !l.passed).length
  const total = lines.length + listing.leftOut
  return (
    <nav className="expect-markers" aria-label="Expect lines" data-testid="expect-markers">
      <p>
        {failed === 0 ? `Expects: all ${lines.length} passed in the replay.` : `Expects: ${failed} of ${lines.length} failed in the replay.`}
        {listing.leftOut > 0 ? ` ${listing.leftOut} more of ${total} are not listed.` : ''}
      </p>
      <ul>
        {lines.slice(0, MAX_EXPECT_MARKERS).map((l) => {
          const r = results[l.line]
          const current = revealStep(l) === step
          const state = exercising ? (r === undefined ? 'open' : r.allRight ? 'right' : 'wrong') : l.passed ? 'passed' : 'failed'
          const icon = exercising ? (r === undefined ? '?' : r.allRight ? '✓' : '✗') : l.passed ? '✓' : '✗'
          const where = l.step === null ? 'before any step' : `step ${l.step}`
          return (
            <li key={l.line}>
              <button
                type="button"
                className={`expect-marker ${state}${current ? ' current' : ''}`}
                // The visible words ("line 7") start the name (WCAG 2.5.3, label in name).
                aria-label={`line ${l.line}, ${where}: ${replayWords(l)}${exercising ? `; ${answerWords(r)}` : ''}`}
                title={replayWords(l)}
                data-testid="expect-marker"
                data-line={l.line}
                data-state={state}
                aria-current={current ? 'step' : undefined}
                onClick={() => {
                  if (exercising && r === undefined) askLine(s, l)
                  else void s.actions.goTo({ step: revealStep(l), phase: null })
                }}
              >
                <span aria-hidden="true">{icon} </span>line {l.line}
              </button>
            </li>
          )
        })}
        {lines.length > MAX_EXPECT_MARKERS ? <li className="muted">and {lines.length - MAX_EXPECT_MARKERS} more (npx session-scope replay lists every failure)</li> : null}
      </ul>
    </nav>
  )
}
