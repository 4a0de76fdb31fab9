/** Conditional breakpoints: playback pauses on a step that matches one. */
import { useState } from 'react'
import { useServices, useUi } from '../../stores/app-context.js'
import type { Breakpoint } from '../../transport/api-types.js'

type EventName = Extract<Breakpoint, { kind: 'event' }>['events'][number]
const EVENTS: EventName[] = ['clone', 'clearCache', 'login', 'logout', 'expiry']

export function BreakpointsEditor() {
  const s = useServices()
  const conditions = useUi((u) => u.playback, (p) => p.conditions)
  const stepBps = useUi((u) => u.playback, (p) => p.stepBreakpoints)
  const [item, setItem] = useState('')
  const set = (c: Breakpoint[]) => s.ui.playback.getState().setConditions(c)
  const events = conditions.find((c): c is Extract<Breakpoint, { kind: 'event' }> => c.kind === 'event')?.events ?? []
  const toggleEvent = (ev: EventName) => {
    const next = events.includes(ev) ? events.filter((x) => x !== ev) : [...events, ev]
    const rest = conditions.filter((c) => c.kind !== 'event')
    set(next.length ? [...rest, { kind: 'event', events: next }] : rest)
  }
  const notOk = conditions.some((c) => c.kind === 'outcomeNotOk')
  return (
    <details className="breakpoints">
      <summary>
        Breakpoints ({stepBps.size + conditions.length}) <span className="muted">B toggles one on the current step</span>
      </summary>
      <div role="group" aria-label="Break on events">
        {EVENTS.map((ev) => (
          <label key={ev} className="chip">
            <input type="checkbox" checked={events.includes(ev)} onChange={() => toggleEvent(ev)} /> {ev}
          </label>
        ))}
        <label className="chip">
          <input type="checkbox" checked={notOk} onChange={() => set(notOk ? conditions.filter((c) => c.kind !== 'outcomeNotOk') : [...conditions, { kind: 'outcomeNotOk' }])} /> outcome not ok
        </label>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (item.trim()) set([...conditions, { kind: 'itemChanges', item: item.trim().toUpperCase() }])
          setItem('')
        }}
      >
        <input aria-label="Break when this item changes" placeholder="Break when item changes…" value={item} onChange={(e) => setItem(e.target.value)} />
        <button type="submit">Add</button>
      </form>
      <ul>
        {conditions
          .filter((c) => c.kind === 'itemChanges' || c.kind === 'itemEquals')
          .map((c, i) => (
            <li key={i}>
              {c.kind === 'itemChanges' ? `${c.item} changes` : c.kind === 'itemEquals' ? `${c.item} = ${c.value ?? 'null'}` : ''}{' '}
              <button type="button" className="link" onClick={() => set(conditions.filter((x) => x !== c))}>
                remove
              </button>
            </li>
          ))}
        {[...stepBps].sort((a, b) => a - b).map((b) => (
          <li key={`s${b}`}>
            step {b}{' '}
            <button type="button" className="link" onClick={() => s.ui.playback.getState().toggleStepBreakpoint(b)}>
              remove
            </button>
          </li>
        ))}
      </ul>
    </details>
  )
}
