/**
 * The Sessions panel's rows, asked of the engine one window at a time
 * (`timeline.browsers`): browsers and the sessions under them, the visible
 * rows plus a margin, filtered and grouped by the engine — so a workspace
 * with 100,000 sessions costs the panel ~90 rows per answer, and the panel
 * never needs the store's whole session list.
 *
 * When it asks (issue #13: a step stays one round trip): once the playhead
 * (or the filter, or a browser's collapsing) has rested SESSION_WINDOW_SETTLE_MS —
 * never per step of a held key —, when scrolling leaves the window, and only
 * while the panel is on screen (a hidden panel asks when it shows again).
 */
import { startTransition, useEffect, useRef, useState } from 'react'
import type { MethodResults, TimelinePoint } from '../../transport/api-types.js'
import type { EngineApi } from '../../transport/api-types.js'
import { call } from '../../stores/api-call.js'

export type SessionWindow = MethodResults['timeline.browsers']

/** Rows asked for beyond each edge of the visible ones, so a short scroll needs no new answer. */
export const SESSION_WINDOW_MARGIN = 30
/** The playhead (or the filter) must stay this long before a new window is asked for: a held key asks nothing. */
export const SESSION_WINDOW_SETTLE_MS = 100

export interface ShownWindow extends SessionWindow {
  offset: number
}

export interface SessionWindowRequest {
  /** The panel is on screen. */
  enabled: boolean
  point: TimelinePoint
  filter: string
  liveOnly: boolean
  collapsed: readonly string[]
  /** Bumped when something the point does not show changed (a browser opened): asks again. */
  refresh: number
  /** Rows in the viewport (without the margin). */
  first: number
  last: number
}

interface Settled {
  key: string
  point: TimelinePoint
  filter: string
  liveOnly: boolean
  collapsed: string[]
}

export function useSessionWindow(api: EngineApi, req: SessionWindowRequest, onError: (err: unknown) => void): ShownWindow | null {
  const [shown, setShown] = useState<(ShownWindow & { key: string }) | null>(null)
  const [settled, setSettled] = useState<Settled | null>(null)
  const asked = useRef(0)
  const latest = useRef({ req, onError })
  useEffect(() => {
    latest.current = { req, onError }
  })
  const filter = req.filter.trim()
  const key = `${req.point.step}:${req.point.phase ?? ''}|${req.liveOnly}|${filter}|${req.collapsed.join('\u0000')}|${req.refresh}`

  // What to show settles first: no request while the playhead moves or the filter is typed.
  const { enabled } = req
  useEffect(() => {
    if (!enabled) return
    const t = setTimeout(() => {
      const r = latest.current.req
      setSettled({ key, point: r.point, filter: r.filter.trim(), liveOnly: r.liveOnly, collapsed: [...r.collapsed] })
    }, SESSION_WINDOW_SETTLE_MS)
    return () => clearTimeout(t)
  }, [enabled, key])

  const { first, last } = req
  useEffect(() => {
    if (!enabled || settled === null || settled.key !== key) return
    const end = shown ? shown.offset + shown.rows.length : 0
    const covered = shown !== null && shown.key === key && first >= shown.offset && (last < end || end >= shown.total)
    if (covered) return
    const offset = Math.max(0, first - SESSION_WINDOW_MARGIN)
    const limit = Math.min(1000, last - first + 1 + 2 * SESSION_WINDOW_MARGIN)
    const id = ++asked.current
    call(api, 'timeline.browsers', {
      point: settled.point,
      offset,
      limit,
      liveOnly: settled.liveOnly,
      ...(settled.filter ? { filter: settled.filter } : {}),
      ...(settled.collapsed.length > 0 ? { collapsed: settled.collapsed } : {}),
    })
      .then((w) => {
        // An answer a newer request made stale is dropped. Rendered as a transition: ~90 rows, the first
        // time just after the page's first paint, in slices a key press (End, an arrow) interrupts
        // instead of waiting for them (issue #13).
        if (id === asked.current) startTransition(() => setShown({ ...w, offset, key }))
      })
      .catch((err: unknown) => latest.current.onError(err))
  }, [api, enabled, settled, key, first, last, shown])

  return shown
}

/** Whether an element is on screen (a collapsed or hidden pane is not); true until the browser says otherwise. */
export function useOnScreen(ref: { current: Element | null }): boolean {
  const [on, setOn] = useState(true)
  useEffect(() => {
    const el = ref.current
    if (!el || typeof IntersectionObserver !== 'function') return
    const io = new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1]
      if (e) setOn(e.isIntersecting)
    })
    io.observe(el)
    return () => io.disconnect()
  }, [ref])
  return on
}
