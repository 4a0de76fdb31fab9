/**
 * Exercise mode's panel (issue #14 part 5), under the toolbar: the score,
 * "retry wrong ones", the question being asked (an expect line: one field per
 * thing it checks; Enter submits) and, once answered, the reveal — the right
 * answer from the trace, the learner's, right or wrong — while the playhead
 * moves on to the step, so the state table shows the engine's state there.
 */
import { useEffect, useRef, useState } from 'react'
import type { FormEvent } from 'react'
import { useStore } from 'zustand'
import { useServices } from '../../stores/app-context.js'
import { exerciseOf, scoreOf, useExercise, useExerciseListing } from '../../stores/exercise.js'
import { KIND_LABELS } from '../../model/step-words.js'
import { isRight, questionsOf } from './questions.js'
import type { ExpectLine, Question } from './questions.js'
import { askStep, atQuestion, retryWrong, revealStep, toggleExercise, watchExerciseStops } from './exercise-stops.js'
import './exercise.css'

/** The toolbar's toggle (shortcut E). */
export function ExerciseToggle() {
  const s = useServices()
  const on = useExercise((x) => x.on)
  return (
    <button type="button" className="exercise-toggle" aria-pressed={on} data-testid="exercise-toggle" onClick={() => toggleExercise(s)} title="Exercise mode: play the trace's expect lines as questions (E)">
      Exercise
    </button>
  )
}

export function ExercisePanel() {
  const s = useServices()
  // Always watching: a new workspace resets the results even while the mode is off.
  useEffect(() => watchExerciseStops(s), [s])
  const on = useExercise((x) => x.on)
  const results = useExercise((x) => x.results)
  const asking = useExercise((x) => x.asking)
  const revealed = useExercise((x) => x.revealedStep)
  const listing = useExerciseListing()
  const lines = listing?.lines ?? []
  const askedLine = on && asking !== null ? lines.find((l) => l.line === asking) : undefined
  // A boolean, not the playhead's step: the panel does not render again at every step played.
  const here = useStore(s.engine, (e) => askedLine !== undefined && atQuestion(askedLine, e))
  if (!on) return null
  const score = scoreOf(results, lines.length)
  const wrong = score.answered - score.right
  const shown = revealed === null ? [] : lines.filter((l) => revealStep(l) === revealed && results[l.line])
  return (
    <section className="exercise-panel" aria-label="Exercise" data-testid="exercise-panel">
      <p className="exercise-score" data-testid="exercise-score" aria-live="polite">
        {lines.length === 0
          ? 'This trace has no expect lines to ask.'
          : `${score.right} of ${score.total} right${score.answered < score.total ? ` (${score.answered} answered)` : ' — done'}`}
        {listing && listing.leftOut > 0 ? ` · ${listing.leftOut} more expect lines are not listed (the first 10,000 are)` : ''}
      </p>
      {wrong > 0 ? (
        <button type="button" data-testid="exercise-retry" onClick={() => retryWrong(s)}>
          Retry wrong ones ({wrong})
        </button>
      ) : null}
      {shown.length > 0 ? <Reveal lines={shown} results={results} /> : null}
      {askedLine && here ? (
        <QuestionForm key={askedLine.line} line={askedLine} lines={lines} />
      ) : askedLine ? (
        // The question waits for the playhead: answered before it lands, the reveal was lost (and the table showed another step).
        <p className="muted" data-testid="exercise-waiting">
          Moving to trace line {askedLine.line}’s question…
        </p>
      ) : lines.length > 0 && shown.length === 0 ? <p className="muted">Play (Space) or step (→): the playhead stops before each expect line’s step.</p> : null}
    </section>
  )
}

function QuestionForm({ line, lines }: { line: ExpectLine; lines: ExpectLine[] }) {
  const s = useServices()
  const questions = questionsOf(line)
  const [answers, setAnswers] = useState<string[]>(() => questions.map((q) => (q.choices ? '' : '')))
  const firstRef = useRef<HTMLInputElement & HTMLSelectElement>(null)
  useEffect(() => firstRef.current?.focus(), [line.line])
  const reveal = revealStep(line)
  const next = s.actions.step(reveal)

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const ex = exerciseOf(s)
    const right = questions.map((q, i) => isRight(q, answers[i] ?? ''))
    const results = { ...ex.getState().results, [line.line]: { line: line.line, answers, right, allRight: right.every(Boolean) } }
    ex.getState().record(results[line.line]!, reveal)
    // Several lines after the same step: all are asked before the step reveals.
    const sibling = lines.find((l) => revealStep(l) === reveal && !results[l.line])
    if (sibling) {
      ex.getState().ask(sibling.line)
      return
    }
    ex.getState().ask(null)
    // Focus follows the learner: the next question when the reveal asks one at once (it focuses itself), else the reveal, where Space plays on.
    // As soon as the playhead has stopped moving (the stops are decided by then), not when goTo's promise ends: that waits
    // for the Per User rows and tables after the jump too, and a Tab pressed meanwhile was undone when focus jumped there.
    // Not at the first point shown either: a move still on its way (the question's own) may pass through other points.
    const stop = s.engine.subscribe((st) => {
      if (st.moving) return
      stop()
      if (st.point.step === reveal && exerciseOf(s).getState().asking === null) document.getElementById('exercise-reveal')?.focus()
    })
    void s.actions.goTo({ step: reveal, phase: null })
  }

  return (
    <form className="exercise-question" data-testid="exercise-question" data-line={line.line} onSubmit={submit} aria-label={`Question: trace line ${line.line}`}>
      <p className="exercise-context">
        Trace line {line.line} · {reveal < 0 ? 'before any step' : `after step ${reveal}`}
        {/* The step's kind only: its target (a URL naming the page) would give a page question away. */}
        {next && askStep(line) !== reveal ? ` (the next step: ${KIND_LABELS[next.kind]})` : ''}
      </p>
      {questions.length === 0 ? <p>This line checks nothing a learner can answer (it names a session the trace never created).</p> : null}
      {questions.map((q, i) => (
        <Field key={i} q={q} index={i} value={answers[i] ?? ''} inputRef={i === 0 ? firstRef : undefined} onChange={(v) => setAnswers((a) => a.map((x, j) => (j === i ? v : x)))} />
      ))}
      <button type="submit" data-testid="exercise-submit">
        Answer (Enter)
      </button>
    </form>
  )
}

function Field({ q, index, value, onChange, inputRef }: { q: Question; index: number; value: string; onChange(v: string): void; inputRef: React.Ref<HTMLInputElement & HTMLSelectElement> | undefined }) {
  const id = `exercise-answer-${index}`
  return (
    <div className="exercise-field">
      <label htmlFor={id}>{q.prompt}</label>
      {q.choices ? (
        <select
          id={id}
          ref={inputRef}
          value={value}
          data-testid={id}
          onChange={(e) => onChange(e.target.value)}
          // A select does not submit its form on Enter (a text field does): arrows choose, Enter answers, as in the typed fields.
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return
            e.preventDefault()
            e.currentTarget.form?.requestSubmit()
          }}
        >
          <option value="">Choose…</option>
          {q.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          ref={inputRef}
          value={value}
          data-testid={id}
          inputMode={q.kind === 'value' ? 'text' : 'numeric'}
          autoComplete="off"
          placeholder={q.kind === 'value' ? 'empty = null (no value)' : 'a number'}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </div>
  )
}

function Reveal({ lines, results }: { lines: ExpectLine[]; results: ReturnType<typeof exerciseOf> extends { getState(): { results: infer R } } ? R : never }) {
  return (
    <div id="exercise-reveal" className="exercise-reveal" tabIndex={-1} data-testid="exercise-reveal" aria-label="Answers revealed">
      {lines.map((l) => {
        const r = results[l.line]!
        return (
          <div key={l.line} className={`exercise-verdict ${r.allRight ? 'right' : 'wrong'}`} data-testid="exercise-verdict" data-line={l.line}>
            <p>
              <strong>
                Line {l.line}: {r.allRight ? '✓ right' : '✗ wrong'}
              </strong>
            </p>
            {/* The line's note explains the answer: shown with the reveal, never with the question. */}
            {l.note ? <p className="exercise-note">{l.note}</p> : null}
            <ul>
              {questionsOf(l).map((q, i) => (
                <li key={i} className={r.right[i] ? 'right' : 'wrong'}>
                  {q.prompt} Right answer: <strong>{q.right}</strong>; yours: {r.answers[i] === '' ? 'null (empty)' : `“${r.answers[i]}”`} — {r.right[i] ? 'right' : 'wrong'}.
                  {q.replayed !== undefined ? <span className="muted"> The replay computed {q.replayed}: the trace and the engine disagree here.</span> : null}
                </li>
              ))}
            </ul>
          </div>
        )
      })}
      <p className="muted">Space plays on.</p>
    </div>
  )
}
