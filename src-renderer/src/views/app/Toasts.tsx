/**
 * Errors and notices as non-blocking messages, with their details on demand.
 * A notice goes after INFO_TOAST_MS, counting only the time nobody points at
 * it or has focus in it (someone reading or opening its details keeps it);
 * an error stays until dismissed.
 */
import { useEffect, useRef, useState } from 'react'
import { useServices, useUi } from '../../stores/app-context.js'
import { INFO_TOAST_MS } from '../../stores/toasts.js'
import type { Toast } from '../../stores/ui-stores.js'

function ToastItem({ t }: { t: Toast }) {
  const s = useServices()
  const [hovered, setHovered] = useState(false)
  const [focused, setFocused] = useState(false)
  const paused = hovered || focused
  /** Time left to show, kept across pauses. */
  const left = useRef(INFO_TOAST_MS)
  useEffect(() => {
    if (t.kind !== 'info' || paused) return
    const started = Date.now()
    const timer = setTimeout(() => s.ui.toasts.getState().dismiss(t.id), left.current)
    return () => {
      clearTimeout(timer)
      left.current = Math.max(0, left.current - (Date.now() - started))
    }
  }, [t, s, paused])
  return (
    <li
      className={`toast ${t.kind}`}
      data-testid={`toast-${t.kind}`}
      role={t.kind === 'error' ? 'alert' : 'status'}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false)
      }}
    >
      <div className="toast-title">{t.title}</div>
      {t.detail ? (
        <details>
          <summary>Details</summary>
          <pre>{t.detail}</pre>
        </details>
      ) : null}
      <button type="button" aria-label="Dismiss" onClick={() => s.ui.toasts.getState().dismiss(t.id)}>
        ×
      </button>
    </li>
  )
}

export function Toasts() {
  const toasts = useUi((u) => u.toasts, (t) => t.toasts)
  return (
    <ul className="toasts" aria-live="polite" aria-label="Messages">
      {toasts.map((t) => (
        <ToastItem key={t.id} t={t} />
      ))}
    </ul>
  )
}
