/**
 * The timeline: every step with its kind's icon, session, URL or button and
 * a one-line summary of effects. Virtualised; steps are fetched by pages as
 * they scroll into view. Timeline-wide search and breakpoints live here too.
 *
 * A step press changes the DOM of two rows (the current mark moves) and no
 * more: the panel itself follows only the step count, the list follows the
 * playhead, and each row is memoised on what it shows — the step object of
 * the cache, whether it is current, its marks — so the other rows of the
 * window are not rendered again (issue #13: the timeline's DOM changes were
 * the largest part of a press). The search box, breakpoints editor and
 * markers sit outside the list and do not re-render with it.
 */
import { fmtCount } from '../common/format.js'
import { memo, useDeferredValue, useEffect, useEffectEvent, useMemo, useRef } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { KIND_ICONS, KIND_LABELS, outcomeWords, stepTarget, summarizeEffects } from '../../model/step-words.js'
import { useVirtualRows } from '../common/virtual.js'
import { TimelineSearch } from './TimelineSearch.js'
import { BreakpointsEditor } from './BreakpointsEditor.js'
import { DivergenceMarkers } from './DivergenceMarkers.js'
import { ExpectMarkers } from '../exercise/ExpectMarkers.js'
import { divergenceAt } from '../../model/observed-answers.js'
import type { ObservedDivergence } from '../../model/observed-answers.js'
import type { Step } from '../../transport/api-types.js'

const ROW = 40

/** ExpectMarkers (the exercise's view) memoised here: it takes no props, and the panel around it re-renders only when the step count changes. */
const ExpectMarkersOnce = memo(ExpectMarkers)

export function TimelineView() {
  const count = useEngine((e) => e.stepCount)
  return (
    <section id="view-timeline" className="panel timeline" aria-label="Timeline" tabIndex={-1}>
      <h2>
        Timeline <span className="count">{fmtCount(count)} steps</span>
      </h2>
      <TimelineSearch />
      <BreakpointsEditor />
      <DivergenceMarkers />
      <ExpectMarkersOnce />
      <StepList count={count} />
    </section>
  )
}

/** The virtualised list of steps: re-renders when the playhead moves (deferred: the state table paints first), its rows only when what they show changes. */
function StepList({ count }: { count: number }) {
  const s = useServices()
  // Deferred: the state table paints first when stepping; this view follows a moment later.
  const point = useDeferredValue(useEngine((e) => e.point))
  useEngine((e) => e.stepsVersion)
  // Every session known at the playhead (after a jump: the rows' sessions, not the whole list).
  const knownSessions = useEngine((e) => e.knownSessions)
  const breakpoints = useUi((u) => u.playback, (p) => p.stepBreakpoints)
  const hits = useUi((u) => u.playback, (p) => p.searchHits)
  const hitSteps = useMemo(() => new Set(hits.map((h) => h.step)), [hits])
  // Real vs simulated (issue #15): the engine's divergences, one per request that differs from its real answer.
  const divergences = useEngine((e) => e.workspace?.observed?.divergences)
  const scrollRef = useRef<HTMLDivElement>(null)
  // Start scrolled to the playhead, so opening at step 50,000 never fetches the first steps.
  const v = useVirtualRows(count, scrollRef, ROW, 8, Math.max(0, point.step * ROW - 200))
  const items = v.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0

  // Until the list has scrolled to the playhead once, its top rows are not where the user is going: do not fetch them.
  const arrived = useRef(false)
  useEffect(() => {
    if (point.step >= first && point.step <= last) arrived.current = true
    if (count > 0 && arrived.current) void s.actions.ensurePages(first, last).catch(() => undefined)
  }, [s, first, last, count, point.step])

  // Follow the playhead: when it moves, not when the list scrolls (the user may scroll away from it).
  const follow = useEffectEvent((step: number) => {
    const el = scrollRef.current
    if (!el || step < 0 || (step >= v.visible.first && step <= v.visible.last)) return
    // Rows have a fixed height: scroll without asking the DOM for sizes (no forced layout while stepping).
    v.scrollToIndex(step, { align: 'center' })
  })
  useEffect(() => follow(point.step), [point.step])

  return (
    <div className="scroll" ref={scrollRef} role="listbox" aria-label="Steps" aria-activedescendant={point.step >= 0 ? `step-${point.step}` : undefined} data-testid="timeline-list" tabIndex={0}>
      <div style={{ height: v.getTotalSize(), position: 'relative' }}>
        {items.map((vi) => {
          const step = s.actions.step(vi.index)
          return (
            <StepRow
              key={vi.index}
              index={vi.index}
              top={vi.start}
              step={step}
              current={vi.index === point.step}
              alias={step && step.session !== null ? (knownSessions.get(step.session)?.alias ?? null) : null}
              breakpoint={breakpoints.has(vi.index)}
              hit={hitSteps.has(vi.index)}
              diverged={divergenceAt(divergences, vi.index)}
            />
          )
        })}
      </div>
    </div>
  )
}

interface StepRowProps {
  index: number
  top: number
  /** The step from the cache (the same object while it stays there), undefined while its page is on its way. */
  step: Step | undefined
  current: boolean
  alias: string | null | undefined
  breakpoint: boolean
  hit: boolean
  diverged: ObservedDivergence | null
}

/** One step of the list. Memoised: a step press changes two rows (the old and the new current one), the others render nothing. */
const StepRow = memo(function StepRow({ index, top, step, current, alias, breakpoint, hit, diverged }: StepRowProps) {
  const s = useServices()
  const common = {
    id: `step-${index}`,
    role: 'option' as const,
    'aria-selected': current,
    style: { top, height: ROW },
    onClick: () => void s.actions.goTo({ step: index, phase: null }),
  }
  if (!step)
    return (
      <div {...common} className="step-row loading" data-testid="timeline-step" data-step={index}>
        <span className="idx">{index}</span> …
      </div>
    )
  return (
    <div
      {...common}
      className={`step-row kind-${step.kind} outcome-${step.outcome}${current ? ' current' : ''}${step.causedBy !== undefined ? ' follow-up' : ''}`}
      data-testid="timeline-step"
      data-step={index}
      data-kind={step.kind}
    >
      <span className="icon" title={KIND_LABELS[step.kind]} aria-label={KIND_LABELS[step.kind]}>
        {KIND_ICONS[step.kind]}
      </span>
      <span className="idx">
        {index}
        {breakpoint ? <span className="bp" title="Breakpoint" aria-label="breakpoint">●</span> : null}
        {hit ? <span className="hit" title="Search hit" aria-label="search hit">◆</span> : null}
        {diverged ? (
          <span className="diverged-mark" role="img" title={diverged.message} aria-label={diverged.message} data-testid="diverged-step">
            ≠
          </span>
        ) : null}
      </span>
      <span className="what">
        <span className="line1">
          <span className="sess">{step.session === null ? '—' : alias ? `${alias}` : String(step.session).slice(-6)}</span> <span className="target">{stepTarget(step)}</span>
        </span>
        <span className="line2">
          {step.outcome !== 'ok' ? <span className={`outcome ${step.outcome}`}>{outcomeWords(step)} · </span> : null}
          {summarizeEffects(step.effects)}
          {step.note ? <span className="note"> — {step.note}</span> : null}
        </span>
      </span>
    </div>
  )
})
