/**
 * Where exercise mode stops the playhead. An expect line follows step r (its
 * `step`): its question is asked with the playhead on step r − 1, before r's
 * effects show (the question shows once the playhead rests there: atQuestion),
 * and answering it moves to r — the reveal: the state table
 * then shows the engine's state at r, as at any playhead position.
 *
 * Any forward move (playing, →, a click further on) that would reach or pass
 * an unanswered line's question stops there: playback pauses and the
 * playhead goes back to r − 1 if it went past. Moving back never stops.
 */
import type { AppServices } from '../../stores/app-context.js'
import { exerciseOf, loadExerciseListing } from '../../stores/exercise.js'
import type { ExerciseState } from '../../stores/exercise.js'
import type { ExpectLine } from './questions.js'

/** The step whose state answers the line (−1: the expect comes before any step). */
export function revealStep(line: ExpectLine): number {
  return line.step ?? -1
}

/** The step the playhead waits on while the line is asked: the one before its reveal. */
export function askStep(line: ExpectLine): number {
  return Math.max(-1, revealStep(line) - 1)
}

/** The lines of the workspace open now, as far as they have been fetched (loadExerciseListing). */
export function linesOf(s: AppServices): ExpectLine[] {
  const x = exerciseOf(s).getState()
  return x.listingVersion === s.engine.getState().workspaceVersion ? (x.listing?.lines ?? []) : []
}

/** The first unanswered line a forward move from `from` to `to` reaches or passes, in trace order. */
export function stopBetween(lines: readonly ExpectLine[], results: ExerciseState['results'], from: number, to: number): ExpectLine | null {
  for (const l of lines) if (!results[l.line] && revealStep(l) > from && askStep(l) <= to) return l
  return null
}

function pause(s: AppServices): void {
  if (s.ui.playback.getState().playing) s.actions.togglePlay()
}

/**
 * Whether the question of `line` can be shown: the playhead rests on its step. Asked before (the playhead still
 * on its way there), an answer typed in the gap lost its reveal when the move landed, and the state table beside
 * the question showed another step's state — after the step, the answer itself.
 */
export function atQuestion(line: ExpectLine, playhead: { point: { step: number }; moving: boolean }): boolean {
  return !playhead.moving && playhead.point.step === askStep(line)
}

/** Watches the playhead while exercise mode is on; returns the unsubscribe. */
export function watchExerciseStops(s: AppServices): () => void {
  const ex = exerciseOf(s)
  // The results belong to the workspace open now; the next one starts afresh.
  if (ex.getState().workspaceVersion !== s.engine.getState().workspaceVersion) ex.setState({ workspaceVersion: s.engine.getState().workspaceVersion })
  // The lines come with neither the summary nor its event (they reach megabytes): asked once per workspace, for the markers and the questions.
  void loadExerciseListing(s)
  return s.engine.subscribe((st, prev) => {
    if (st.workspaceVersion !== ex.getState().workspaceVersion) {
      ex.getState().startOver(st.workspaceVersion)
      void loadExerciseListing(s)
    }
    if (!ex.getState().on) return
    const from = prev.point.step
    const to = st.point.step
    const state = ex.getState()
    const lines = linesOf(s)
    if (to > from) {
      const stop = stopBetween(lines, state.results, from, to)
      if (stop) {
        pause(s)
        if (state.asking !== stop.line) state.ask(stop.line)
        if (to !== askStep(stop)) void s.actions.goTo({ step: askStep(stop), phase: null })
        return
      }
    }
    // Moved away from the question (or the reveal): it waits until the playhead comes back. Judged where the playhead
    // comes to rest, not at each point shown on the way: a move still on its way (a jump's answer, then the question's
    // own goTo) passes through other points, and dropping the question or the reveal there lost it for good.
    if (st.moving) return
    const asked = state.asking === null ? undefined : lines.find((l) => l.line === state.asking)
    if (asked && askStep(asked) !== to) state.ask(null)
    if (state.revealedStep !== null && state.revealedStep !== to) ex.setState({ revealedStep: null })
  })
}

/** Exercise mode on: from the start (or the first unanswered line's question when it comes before step 0), once the lines are known. */
export async function startExercise(s: AppServices): Promise<void> {
  const ex = exerciseOf(s)
  ex.getState().setOn(true)
  await loadExerciseListing(s)
  if (!ex.getState().on) return
  const first = stopBetween(linesOf(s), ex.getState().results, -2, Number.MAX_SAFE_INTEGER)
  const target = first && askStep(first) < 0 ? -1 : 0
  if (first && askStep(first) === target) ex.getState().ask(first.line)
  void s.actions.goTo({ step: target, phase: null })
}

export function toggleExercise(s: AppServices): void {
  if (exerciseOf(s).getState().on) exerciseOf(s).getState().setOn(false)
  else void startExercise(s)
}

/** Asks a line again (or for the first time) from its question's step. */
export function askLine(s: AppServices, line: ExpectLine): void {
  pause(s)
  exerciseOf(s).getState().ask(line.line)
  void s.actions.goTo({ step: askStep(line), phase: null })
}

/** "Retry wrong ones": wrong answers are forgotten and the first of them is asked again. */
export function retryWrong(s: AppServices): void {
  const ex = exerciseOf(s)
  ex.getState().forgetWrong()
  const first = stopBetween(linesOf(s), ex.getState().results, -2, Number.MAX_SAFE_INTEGER)
  if (first) askLine(s, first)
}
