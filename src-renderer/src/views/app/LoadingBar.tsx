/**
 * Progress of a long load, with Cancel (the previous workspace stays). When
 * the load reports how far it is (load.progress: a file opened by path, a
 * recording imported) the bar is determinate, with the percentage and the
 * engine's estimate of the time left; a load that reports nothing (a text a
 * page sent, read by the engine in one piece) shows the time so far instead
 * of a bar that only moves.
 */
import { useEffect, useState } from 'react'
import { useEngine, useServices } from '../../stores/app-context.js'
import { durationWords } from '../../model/step-words.js'

/** Seconds since `active` became true, ticking once a second while it stays so. */
function useSecondsSince(active: boolean): number {
  const [seconds, setSeconds] = useState(0)
  // A new load starts at 0 s: reset while rendering when `active` turns on (React's "adjusting state
  // when a prop changes"), not in the effect, which would paint the last load's count first.
  const [wasActive, setWasActive] = useState(active)
  if (active !== wasActive) {
    setWasActive(active)
    if (active) setSeconds(0)
  }
  useEffect(() => {
    if (!active) return
    const started = Date.now()
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000)
    return () => clearInterval(timer)
  }, [active])
  return seconds
}

export function LoadingBar() {
  const s = useServices()
  const loading = useEngine((e) => e.loading)
  const unreported = loading !== null && loading.fraction === null
  const elapsed = useSecondsSince(unreported)
  if (!loading) return null
  const pct = loading.fraction === null ? null : Math.round(loading.fraction * 100)
  const eta = loading.etaSec === null ? null : `about ${durationWords(Math.ceil(loading.etaSec))} left`
  const valueText = pct === null ? `${loading.label}, ${elapsed} s so far` : `${pct}%${eta ? `, ${eta}` : ''}`
  return (
    <div className="loading-bar" role="status" aria-label="Loading" data-testid="loading-bar" data-fraction={loading.fraction ?? undefined}>
      <span>{loading.label}</span>
      <progress max={100} value={pct ?? undefined} aria-label="Progress" aria-valuetext={valueText}>
        {pct ?? ''}
      </progress>
      {pct !== null ? <span data-testid="loading-percent">{pct}%</span> : null}
      {eta !== null ? <span data-testid="loading-eta">{eta}</span> : null}
      {pct === null && elapsed > 0 ? <span data-testid="loading-elapsed">{durationWords(elapsed)} so far</span> : null}
      <button type="button" onClick={() => void s.actions.cancelLoad()}>
        Cancel
      </button>
    </div>
  )
}
