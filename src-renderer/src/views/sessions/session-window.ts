/**
 * The Sessions panel's rows asked of the engine one window at a time
 * (`timeline.sessions`): the visible rows plus a margin, filtered by the
 * engine — so a workspace with 100,000 sessions (or a million-event trace's
 * ~1,000 live ones) costs the panel ~90 rows per answer. Asked again when
 * the playhead rests at a new point (not at every step: a step's answer
 * must stay one round trip), when the filter changes, and when scrolling
 * leaves the window.
 */
import { useEffect, useRef, useState } from 'react'
import type { MethodResults, TimelinePoint } from '../../transport/api-types.js'
import type { EngineApi } from '../../transport/api-types.js'
import { call } from '../../stores/api-call.js'

export type SessionWindow = MethodResults['timeline.sessions']

/** Rows asked for beyond each edge of the visible ones, so a short scroll needs no new answer. */
export const SESSION_WINDOW_MARGIN = 30
/** The playhead (or the filter) must stay this long before a new window is asked for: holding → asks nothing. */
export const SESSION_WINDOW_SETTLE_MS = 250

export interface ShownWindow extends SessionWindow {
  offset: number
}

export interface SessionWindowRequest {
  enabled: boolean
  point: TimelinePoint
  filter: string
  liveOnly: boolean
  /** Rows in the viewport (without the margin). */
  first: number
  last: number
}

export function useSessionWindow(api: EngineApi, req: SessionWindowRequest, onError: (err: unknown) => void): ShownWindow | null {
  const [shown, setShown] = useState<(ShownWindow & { key: string }) | null>(null)
  const [settledKey, setSettledKey] = useState<string | null>(null)
  const asked = useRef(0)
  const key = `${req.point.step}:${req.point.phase ?? ''}|${req.liveOnly}|${req.filter.trim()}`

  // What to show settles first: no request while the playhead moves or the filter is typed.
  useEffect(() => {
    if (!req.enabled) return
    const t = setTimeout(() => setSettledKey(key), SESSION_WINDOW_SETTLE_MS)
    return () => clearTimeout(t)
  }, [req.enabled, key])

  const point = req.point
  const filter = req.filter.trim()
  useEffect(() => {
    if (!req.enabled || settledKey !== key) return
    const covered =
      shown !== null &&
      shown.key === key &&
      req.first >= shown.offset &&
      (req.last < shown.offset + shown.rows.length || shown.offset + shown.rows.length >= shown.total)
    if (covered) return
    const offset = Math.max(0, req.first - SESSION_WINDOW_MARGIN)
    const limit = Math.min(1000, req.last - req.first + 1 + 2 * SESSION_WINDOW_MARGIN)
    const id = ++asked.current
    call(api, 'timeline.sessions', { point, offset, limit, liveOnly: req.liveOnly, ...(filter ? { filter } : {}) })
      .then((w) => {
        // An answer a newer request made stale is dropped.
        if (id === asked.current) setShown({ ...w, offset, key })
      })
      .catch(onError)
    // point, filter and liveOnly are in `key`.
  }, [api, req.enabled, settledKey, key, req.first, req.last, shown])

  return req.enabled && shown !== null ? shown : null
}
