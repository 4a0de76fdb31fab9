/** Progress of a long load, with Cancel (the previous workspace stays). */
import { useEngine, useServices } from '../../stores/app-context.js'

export function LoadingBar() {
  const s = useServices()
  const loading = useEngine((e) => e.loading)
  if (!loading) return null
  const pct = loading.fraction === null ? null : Math.round(loading.fraction * 100)
  return (
    <div className="loading-bar" role="status" aria-label="Loading" data-testid="loading-bar">
      <span>{loading.label}</span>
      <progress max={100} value={pct ?? undefined} aria-label="Progress">
        {pct ?? ''}
      </progress>
      {loading.etaSec !== null ? <span>{Math.ceil(loading.etaSec)} s left</span> : null}
      <button type="button" onClick={() => void s.actions.cancelLoad()}>
        Cancel
      </button>
    </div>
  )
}
