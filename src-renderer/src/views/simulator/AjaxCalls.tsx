/**
 * The page's Ajax calls in the simulator: a button per Ajax Callback, On
 * Demand process and server-side dynamic action. A call is an `ajax`
 * operation (one step): a dynamic action submits its Items to Submit with
 * the values in the form; the answer (Items to Return) is shown below.
 */
import { useState } from 'react'
import type { AjaxTarget } from './ajax-targets.js'

export interface AjaxCallsProps {
  targets: readonly AjaxTarget[]
  canCall: boolean
  /** Runs the call; resolves to its answer, or to the reason it failed. */
  onCall: (target: AjaxTarget) => Promise<{ answer: Record<string, string | null> } | { error: string }>
}

export function AjaxCalls({ targets, canCall, onCall }: AjaxCallsProps) {
  const [last, setLast] = useState<{ name: string; text: string } | null>(null)
  if (targets.length === 0) return null
  const call = async (t: AjaxTarget) => {
    const r = await onCall(t)
    const text =
      'error' in r
        ? `failed: ${r.error}`
        : Object.keys(r.answer).length === 0
          ? 'answered (no Items to Return)'
          : Object.entries(r.answer)
              .map(([k, v]) => `${k} = ${v === null ? 'null' : JSON.stringify(v)}`)
              .join(', ')
    setLast({ name: t.name, text })
  }
  return (
    <section className="sim-ajax" aria-label="Ajax calls">
      <h3>Ajax calls</h3>
      <ul>
        {targets.map((t) => (
          <li key={`${t.kind}:${t.name}`}>
            <button type="button" disabled={!canCall} onClick={() => void call(t)} data-ajax={t.name}>
              {t.name}
            </button>{' '}
            <span className="muted">{t.where}</span>
          </li>
        ))}
      </ul>
      <p aria-live="polite" data-testid="ajax-answer" className="sim-ajax-answer">
        {last ? `${last.name}: ${last.text}` : null}
      </p>
    </section>
  )
}
