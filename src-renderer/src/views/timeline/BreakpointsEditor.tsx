/** Conditional breakpoints: playback pauses on a step that matches one. */
import { memo, useState } from 'react'
import { useServices, useUi } from '../../stores/app-context.js'
import { addRowBreakpoint, rowBreakpointLabel } from '../../stores/breakpoints.js'
import type { Breakpoint } from '../../transport/api-types.js'

type EventName = Extract<Breakpoint, { kind: 'event' }>['events'][number]
const EVENTS: EventName[] = ['clone', 'clearCache', 'login', 'logout', 'expiry']

/** Memoised (no props): it changes with the breakpoints, not with the timeline's step count or the playhead. */
export const BreakpointsEditor = memo(function BreakpointsEditor() {
  const s = useServices()
  const conditions = useUi((u) => u.playback, (p) => p.conditions)
  const stepBps = useUi((u) => u.playback, (p) => p.stepBreakpoints)
  const [item, setItem] = useState('')
  const [row, setRow] = useState('')
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
      <form
        onSubmit={(e) => {
          e.preventDefault()
          const bp = parseRowBreakpoint(row)
          if (bp) addRowBreakpoint(s, bp)
          setRow('')
        }}
      >
        <input aria-label="Break when a table row changes (TABLE, TABLE[key] or TABLE[key].COLUMN)" placeholder="Break when row changes: DEPT[20].DNAME…" value={row} onChange={(e) => setRow(e.target.value)} />
        <button type="submit" aria-label="Add row breakpoint">
          Add
        </button>
      </form>
      <ul>
        {conditions
          .filter((c) => c.kind === 'itemChanges' || c.kind === 'itemEquals' || c.kind === 'rowChanges')
          .map((c, i) => (
            <li key={i}>
              {c.kind === 'itemChanges' ? `${c.item} changes` : c.kind === 'itemEquals' ? `${c.item} = ${c.value ?? 'null'}` : c.kind === 'rowChanges' ? rowBreakpointLabel(c) : ''}{' '}
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
})

/** "DEPT", "DEPT[20]" or "DEPT[20].DNAME" (names as Oracle folds them, in upper case) as a row breakpoint; null when it is none of those. */
export function parseRowBreakpoint(text: string): Extract<Breakpoint, { kind: 'rowChanges' }> | null {
  const m = /^\s*([A-Za-z_$#][\w$#]*)\s*(?:\[\s*([^\]]+?)\s*\](?:\s*\.\s*([A-Za-z_$#][\w$#]*))?)?\s*$/.exec(text)
  if (!m) return null
  return { kind: 'rowChanges', table: m[1]!.toUpperCase(), ...(m[2] !== undefined ? { key: m[2] } : {}), ...(m[3] !== undefined ? { column: m[3].toUpperCase() } : {}) }
}
