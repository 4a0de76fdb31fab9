/**
 * Presenter mode for a classroom or a demo: large type (the whole window
 * scaled 100–200 %, so fixed row heights scale with the text), the step's
 * note as a caption, the current phase explained in one sentence, and only
 * the main panels (presenter.css hides the sessions list and timeline).
 * The toolbar shows the toggle and, while presenting, the size control.
 */
import { useEffect } from 'react'
import { useEngine, useServices } from '../../stores/app-context.js'
import { FONT_SCALE_MAX, FONT_SCALE_MIN, FONT_SCALE_STEP, presentationOf, usePresentation } from '../../stores/presentation.js'
import { KIND_LABELS } from '../../model/step-words.js'
import { explain } from './phase-explanations.js'
import '../../presenter.css'

/** Puts the mode on the document: `data-presenting` and the scale the CSS reads. */
export function usePresenterDocument(): void {
  const presenting = usePresentation((p) => p.presenting)
  const scale = usePresentation((p) => p.fontScale)
  useEffect(() => {
    const root = document.documentElement
    if (presenting) {
      root.setAttribute('data-presenting', '')
      root.style.setProperty('--presenter-scale', String(scale / 100))
    } else {
      root.removeAttribute('data-presenting')
      root.style.removeProperty('--presenter-scale')
    }
  }, [presenting, scale])
}

export function PresenterToggle() {
  const s = useServices()
  const presenting = usePresentation((p) => p.presenting)
  const scale = usePresentation((p) => p.fontScale)
  const store = presentationOf(s)
  return (
    <>
      <button type="button" aria-pressed={presenting} data-testid="presenter-toggle" onClick={() => store.getState().toggle()} title="Presenter mode: large type, captions, main panels only (Shift+P)">
        Present
      </button>
      {presenting ? (
        <label className="inline presenter-size">
          <span>Text</span>
          <input
            type="range"
            min={FONT_SCALE_MIN}
            max={FONT_SCALE_MAX}
            step={FONT_SCALE_STEP}
            value={scale}
            aria-label="Text size"
            aria-valuetext={`${scale} percent`}
            data-testid="presenter-size"
            onChange={(e) => store.getState().setFontScale(Number(e.target.value))}
          />
          <output>{scale}%</output>
        </label>
      ) : null}
    </>
  )
}

/** The caption under the toolbar: where we are, the trace's note, and what this phase does. */
export function PresenterCaption() {
  const presenting = usePresentation((p) => p.presenting)
  // Only while presenting does the caption follow the playhead: outside presenter mode a step press renders nothing here.
  return presenting ? <Caption /> : null
}

function Caption() {
  const s = useServices()
  const point = useEngine((e) => e.point)
  useEngine((e) => e.stepsVersion)
  const step = point.step >= 0 ? s.actions.step(point.step) : undefined
  useEffect(() => {
    if (point.step >= 0 && !step) void s.actions.ensurePages(point.step, point.step).catch(() => undefined)
  }, [s, point.step, step])
  const phase = step && point.phase !== null && point.phase !== undefined ? step.phases[point.phase] : undefined
  const sentence = step ? explain(step.kind, phase?.kind ?? null, phase?.label ?? null) : ''
  return (
    // A tab stop although not a control: the caption is capped at a quarter of the height (presenter.css) and a
    // long note scrolls inside it, and a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
    // eslint-disable-next-line jsx-a11y-x/no-noninteractive-tabindex
    <section className="presenter-caption" aria-label="Caption" aria-live="polite" data-testid="presenter-caption" tabIndex={0}>
      <p className="presenter-where">
        {point.step < 0 ? 'Before the first step' : `Step ${point.step}${step ? ` · ${KIND_LABELS[step.kind] ?? step.kind}` : ''}${phase ? ` · ${phase.label}` : ''}`}
      </p>
      {step?.note ? (
        <p className="presenter-note" data-testid="presenter-note">
          {step.note}
        </p>
      ) : null}
      {sentence ? (
        <p className="presenter-explanation" data-testid="presenter-explanation">
          {sentence}
        </p>
      ) : null}
    </section>
  )
}
