/**
 * The timeline: every step with its kind's icon, session, URL or button and
 * a one-line summary of effects. Virtualised; steps are fetched by pages as
 * they scroll into view. Timeline-wide search and breakpoints live here too.
 */
import { fmtCount } from '../common/format.js'
import { useDeferredValue, useEffect, useEffectEvent, useMemo, useRef } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { KIND_ICONS, KIND_LABELS, outcomeWords, stepTarget, summarizeEffects } from '../../model/step-words.js'
import { useVirtualRows } from '../common/virtual.js'
import { TimelineSearch } from './TimelineSearch.js'
import { BreakpointsEditor } from './BreakpointsEditor.js'
import { DivergenceMarkers } from './DivergenceMarkers.js'
import { ExpectMarkers } from '../exercise/ExpectMarkers.js'
import { divergenceAt } from '../../model/observed-answers.js'

const ROW = 40

export function TimelineView() {
  const s = useServices()
  const count = useEngine((e) => e.stepCount)
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
    <section id="view-timeline" className="panel timeline" aria-label="Timeline" tabIndex={-1}>
      <h2>
        Timeline <span className="count">{fmtCount(count)} steps</span>
      </h2>
      <TimelineSearch />
      <BreakpointsEditor />
      <DivergenceMarkers />
      <ExpectMarkers />
      <div className="scroll" ref={scrollRef} role="listbox" aria-label="Steps" aria-activedescendant={point.step >= 0 ? `step-${point.step}` : undefined} data-testid="timeline-list" tabIndex={0}>
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const step = s.actions.step(vi.index)
            const current = vi.index === point.step
            const common = {
              id: `step-${vi.index}`,
              role: 'option' as const,
              'aria-selected': current,
              style: { top: vi.start, height: ROW },
              onClick: () => void s.actions.goTo({ step: vi.index, phase: null }),
            }
            if (!step)
              return (
                <div key={vi.index} {...common} className="step-row loading" data-testid="timeline-step" data-step={vi.index}>
                  <span className="idx">{vi.index}</span> …
                </div>
              )
            const alias = step.session !== null ? knownSessions.get(step.session)?.alias : null
            const diverged = divergenceAt(divergences, vi.index)
            return (
              <div
                key={vi.index}
                {...common}
                className={`step-row kind-${step.kind} outcome-${step.outcome}${current ? ' current' : ''}${step.causedBy !== undefined ? ' follow-up' : ''}`}
                data-testid="timeline-step"
                data-step={vi.index}
                data-kind={step.kind}
              >
                <span className="icon" title={KIND_LABELS[step.kind]} aria-label={KIND_LABELS[step.kind]}>
                  {KIND_ICONS[step.kind]}
                </span>
                <span className="idx">
                  {vi.index}
                  {breakpoints.has(vi.index) ? <span className="bp" title="Breakpoint" aria-label="breakpoint">●</span> : null}
                  {hitSteps.has(vi.index) ? <span className="hit" title="Search hit" aria-label="search hit">◆</span> : null}
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
          })}
        </div>
      </div>
    </section>
  )
}
