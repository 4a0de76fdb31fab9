/** Changes against the previous step, or against a pinned step (any distance). */
import { useEffect, useState } from 'react'
import { useServices, useUi } from '../../stores/app-context.js'
import type { DiffRow } from '../../stores/timeline-queries.js'
import type { Step } from '../../transport/api-types.js'
import { useSessionName } from '../../stores/session-aliases.js'

function fmt(x: { value: string | null; status: string } | null): string {
  if (!x) return '(no row)'
  return x.value === null ? `null (${x.status})` : `"${x.value}" (${x.status})`
}

/**
 * `step` and `phaseIndex` are the inspector's (its deferred playhead): this view does not follow the
 * playhead itself, or every press would render the old step's diff once more before the inspector's.
 */
export function DiffView({ step, phaseIndex }: { step: Step; phaseIndex: number | null }) {
  const s = useServices()
  const pinned = useUi((u) => u.selection, (x) => x.pinnedStep)
  const [mode, setMode] = useState<'previous' | 'pinned'>('previous')
  /** The last answer, with the question it answers: an answer to an older question reads as "Comparing…" (no reset inside the effect). */
  const [answer, setAnswer] = useState<{ asked: string; rows: DiffRow[] | null; error: string | null } | null>(null)
  const usePinned = mode === 'pinned' && pinned !== null
  const asked = `${pinned}:${step.index}:${phaseIndex ?? ''}`
  const name = useSessionName()

  useEffect(() => {
    if (!usePinned) return
    let live = true
    s.actions.diff(pinned).then(
      (r) => live && setAnswer({ asked, rows: r, error: null }),
      (err: unknown) => live && setAnswer({ asked, rows: null, error: (err as Error).message }),
    )
    return () => {
      live = false
    }
  }, [s, usePinned, pinned, asked])
  const current = answer?.asked === asked ? answer : null
  const rows = current?.rows ?? null
  const error = current?.error ?? null

  const prev = step.effects.filter((e) => e.op === 'set')
  return (
    <section aria-label="Diff" className="diff">
      <h3>
        Diff against{' '}
        <select aria-label="Diff against" value={usePinned ? 'pinned' : 'previous'} onChange={(e) => setMode(e.target.value as 'previous' | 'pinned')}>
          <option value="previous">the previous step</option>
          <option value="pinned" disabled={pinned === null}>
            {pinned === null ? 'a pinned step (press P on one)' : `pinned step ${pinned}`}
          </option>
        </select>
      </h3>
      {!usePinned ? (
        prev.length === 0 ? (
          <p className="muted">This step changed no session state.</p>
        ) : (
          <table data-testid="diff-table">
            <thead>
              <tr>
                <th>Session</th>
                <th>Item</th>
                <th>Before</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {prev.map((e, i) =>
                e.op === 'set' ? (
                  <tr key={i}>
                    <td>{name(e.session)}</td>
                    <td>{e.item}</td>
                    <td>{fmt(e.fromStatus === null ? null : { value: e.from, status: e.fromStatus })}</td>
                    <td>{fmt(e.toStatus === null ? null : { value: e.to, status: e.toStatus })}</td>
                  </tr>
                ) : null,
              )}
            </tbody>
          </table>
        )
      ) : error ? (
        <p role="alert">{error}</p>
      ) : rows === null ? (
        <p className="muted">Comparing…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No difference from step {pinned}.</p>
      ) : (
        <table data-testid="diff-table">
          <thead>
            <tr>
              <th>Session</th>
              <th>Item</th>
              <th>At step {pinned}</th>
              <th>Now</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td>{name(r.session)}</td>
                <td>{r.item}</td>
                <td>{fmt(r.before)}</td>
                <td>{fmt(r.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
