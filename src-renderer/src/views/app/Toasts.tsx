/** Errors and notices as non-blocking messages, with their details on demand. */
import { useEffect } from 'react'
import { useServices, useUi } from '../../stores/app-context.js'
import type { Toast } from '../../stores/ui-stores.js'

function ToastItem({ t }: { t: Toast }) {
  const s = useServices()
  useEffect(() => {
    if (t.kind !== 'info') return
    const timer = setTimeout(() => s.ui.toasts.getState().dismiss(t.id), 6000)
    return () => clearTimeout(timer)
  }, [t, s])
  return (
    <li className={`toast ${t.kind}`} data-testid={`toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
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
