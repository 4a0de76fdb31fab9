/** Changes against the previous step, or against a pinned step (any distance). */
import { useEffect, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import type { DiffRow } from '../../stores/timeline-queries.js'
import type { Step } from '../../transport/api-types.js'

function fmt(x: { value: string | null; status: string } | null): string {
  if (!x) return '(no row)'
  return x.value === null ? `null (${x.status})` : `"${x.value}" (${x.status})`
}

export function DiffView({ step }: { step: Step }) {
  const s = useServices()
  const pinned = useUi((u) => u.selection, (x) => x.pinnedStep)
  const point = useEngine((e) => e.point)
  const [mode, setMode] = useState<'previous' | 'pinned'>('previous')
  const [rows, setRows] = useState<DiffRow[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const usePinned = mode === 'pinned' && pinned !== null

  useEffect(() => {
    if (!usePinned) return
    let live = true
    setRows(null)
    setError(null)
    s.actions.diff(pinned).then(
      (r) => live && setRows(r),
      (err: unknown) => live && setError((err as Error).message),
    )
    return () => {
      live = false
    }
  }, [s, usePinned, pinned, point.step, point.phase])

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
                    <td>{e.session}</td>
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
                <td>{r.session}</td>
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
