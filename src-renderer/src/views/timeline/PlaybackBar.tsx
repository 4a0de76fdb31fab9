/**
 * Playback: first/back/play/forward/last, into/out of phases, speed, and the
 * slider with breakpoints and search hits marked on it.
 *
 * It re-renders on every step (the slider and the readout follow the
 * playhead), so what does not change with the playhead is kept out of that
 * render: the marks (up to 500 search hits) are a memoised child, and the
 * phase words are read from the step cache by a selector that yields a
 * string — a page of steps arriving in the cache does not re-render the bar.
 */
import { memo, useMemo, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { SPEEDS } from '../../stores/ui-stores.js'
import { fmtClock } from '../common/format.js'
import { returnFocusAfterChoice } from '../app/shortcuts.js'
import './playback-marks.css'
import type { Step, TimelinePoint } from '../../transport/api-types.js'

export function PlaybackBar() {
  const s = useServices()
  const count = useEngine((e) => e.stepCount)
  const point = useEngine((e) => e.point)
  const t = useEngine((e) => e.t)
  // Read again whenever the engine store changes (steps arriving bump it), re-rendering only when the words differ.
  const phaseText = useEngine((e) => phaseWords(s.actions.step, e.point))
  const playing = useUi((u) => u.playback, (p) => p.playing)
  const speed = useUi((u) => u.playback, (p) => p.speed)
  const bps = useUi((u) => u.playback, (p) => p.stepBreakpoints)
  const hits = useUi((u) => u.playback, (p) => p.searchHits)
  // The slider's value while the playhead is on its way there: forgotten once the playhead moves (from what it was when dragged).
  const [dragged, setDragged] = useState<{ to: number; from: number } | null>(null)
  const drag = dragged && dragged.from === point.step ? dragged.to : null
  const max = Math.max(0, count - 1)
  const marks = useMemo(() => {
    const out: SliderMark[] = []
    for (const b of bps) out.push({ step: b, kind: 'bp' })
    for (const h of new Set(hits.map((x) => x.step))) out.push({ step: h, kind: 'hit' })
    return out
  }, [bps, hits])

  return (
    <div className="playback" role="toolbar" aria-label="Playback">
      <button type="button" aria-label="First step (Home)" onClick={() => void s.actions.first()} disabled={count === 0}>
        ⇤ First
      </button>
      <button type="button" aria-label="Step back (←)" onClick={() => void s.actions.stepBy(-1)} disabled={count === 0}>
        ◀ Back
      </button>
      <button type="button" aria-label={playing ? 'Pause (Space)' : 'Play (Space)'} data-testid="play-button" onClick={() => s.actions.togglePlay()} disabled={count === 0}>
        {playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button type="button" aria-label="Next step (→)" onClick={() => void s.actions.stepBy(1)} disabled={count === 0}>
        Next ▶
      </button>
      <button type="button" aria-label="Last step (End)" onClick={() => void s.actions.last()} disabled={count === 0}>
        Last ⇥
      </button>
      <button type="button" aria-label="Step into the next phase (↓)" onClick={() => void s.actions.stepInto()} disabled={count === 0}>
        ↓ into
      </button>
      <button type="button" aria-label="Step out (↑)" onClick={() => void s.actions.stepOut()} disabled={count === 0}>
        ↑ out
      </button>
      <select aria-label="Playback speed" value={speed} onChange={(e) => {
          s.ui.playback.getState().setSpeed(Number(e.target.value))
          returnFocusAfterChoice(e.currentTarget)
        }}>
        {SPEEDS.map((x) => (
          <option key={x} value={x}>
            {x}×
          </option>
        ))}
      </select>
      <div className="slider">
        <input
          id="timeline-slider"
          type="range"
          min={0}
          max={max}
          value={drag ?? Math.max(0, point.step)}
          aria-label="Timeline position"
          aria-valuetext={`step ${point.step} of ${count}`}
          data-testid="timeline-slider"
          disabled={count === 0}
          onChange={(e) => {
            const n = Number(e.target.value)
            setDragged({ to: n, from: point.step })
            void s.actions.goTo({ step: n, phase: null })
          }}
        />
        <SliderMarks marks={marks} max={max} />
      </div>
      <span className="readout" data-testid="playhead" data-step={point.step} data-phase={point.phase ?? ''} aria-live="polite">
        step {point.step < 0 ? '—' : point.step} / {Math.max(0, count - 1)}
        {phaseText} · t {fmtClock(t)}
      </span>
    </div>
  )
}

interface SliderMark {
  step: number
  kind: 'bp' | 'hit'
}

/**
 * The breakpoints and search hits on the slider: two SVG paths, one line per mark, whatever their
 * number — re-rendered only when they (or the slider's length) change, not per step. They were a
 * span each, moved by a CSS transform: 500 search hits made 500 paint chunks, and Chromium's
 * layerization of the page went from 9 to 34 ms on every step press (trace of the 1M-event bench).
 */
export const SliderMarks = memo(function SliderMarks({ marks, max }: { marks: readonly SliderMark[]; max: number }) {
  const at = (step: number) => (max === 0 ? 0 : step / max)
  const lines = (kind: SliderMark['kind']) =>
    marks
      .filter((m) => m.kind === kind)
      .map((m) => `M${at(m.step)} 0V1`)
      .join('')
  const counts = { bp: 0, hit: 0 }
  for (const m of marks) counts[m.kind]++
  return (
    <div className="marks" aria-hidden="true" data-testid="slider-marks" data-breakpoints={counts.bp} data-hits={counts.hit}>
      {(['bp', 'hit'] as const).map((kind) =>
        counts[kind] === 0 ? null : (
          <svg key={kind} className={`mark-lines ${kind}`} viewBox="0 0 1 1" preserveAspectRatio="none">
            <path d={lines(kind)} vectorEffect="non-scaling-stroke" />
          </svg>
        ),
      )}
    </div>
  )
})

/** " · phase 2/5: label" inside a step's phases (when the step is in the cache), else "". */
export function phaseWords(stepAt: (index: number) => Step | undefined, point: TimelinePoint): string {
  if (point.step < 0 || point.phase === null || point.phase === undefined) return ''
  const step = stepAt(point.step)
  const phase = step?.phases[point.phase]
  return step && phase ? ` · phase ${point.phase + 1}/${step.phases.length}: ${phase.label}` : ''
}
