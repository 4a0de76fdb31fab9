/**
 * Virtualised lists of fixed-height rows (every list here has one row
 * height): the visible range is arithmetic on the scroll offset, so a list
 * of 100,000 steps or 50,000 values costs the same as one of 40 — nothing is
 * measured or allocated per item, and a change of the item count (a step
 * that adds rows) costs nothing either.
 *
 * The viewport's height comes from a ResizeObserver (after layout, so
 * mounting never forces a synchronous layout); until it reports, and where
 * layout reports no size (a hidden panel, a DOM without layout in tests),
 * a window-sized viewport is assumed instead of rendering nothing.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { RefObject } from 'react'

export interface VirtualItem {
  index: number
  /** Offset of the row's top from the top of the list, in pixels. */
  start: number
}

export interface VirtualRows {
  getVirtualItems(): VirtualItem[]
  getTotalSize(): number
  scrollToIndex(index: number, opts?: { align?: 'start' | 'center' | 'end' }): void
  /** The rows actually in the viewport (no overscan): the first and last wholly visible. */
  visible: { first: number; last: number }
  /** The viewport's size as last observed (or assumed). */
  scrollRect: { width: number; height: number }
}

const FALLBACK_HEIGHT = 800

function assumedHeight(): number {
  return typeof window !== 'undefined' && window.innerHeight > 0 ? window.innerHeight : FALLBACK_HEIGHT
}

/** The range of rows to render: the visible ones plus `overscan` on each side. */
export function visibleRange(count: number, rowHeight: number, scrollTop: number, height: number, overscan: number): { first: number; last: number } {
  if (count <= 0) return { first: 0, last: -1 }
  const top = Math.max(0, scrollTop)
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan)
  const last = Math.min(count - 1, Math.ceil((top + height) / rowHeight) - 1 + overscan)
  return { first: Math.min(first, count - 1), last }
}

export function useVirtualRows(count: number, scrollRef: RefObject<HTMLDivElement | null>, rowHeight: number, overscan = 12, initialOffset = 0): VirtualRows {
  const [view, setView] = useState(() => ({ top: initialOffset, width: 1000, height: assumedHeight() }))
  const initial = useRef(initialOffset)

  // Start where asked (the timeline opens scrolled to the playhead), before the first paint.
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (el && initial.current > 0) el.scrollTop = initial.current
  }, [scrollRef])

  useEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const onScroll = () => {
      const top = el.scrollTop
      setView((v) => (v.top === top ? v : { ...v, top }))
    }
    el.addEventListener('scroll', onScroll, { passive: true })
    let ro: ResizeObserver | null = null
    if (typeof ResizeObserver === 'function') {
      ro = new ResizeObserver((entries) => {
        const r = entries[entries.length - 1]?.contentRect
        if (!r) return
        const height = r.height > 0 ? r.height : assumedHeight()
        const width = r.width > 0 ? r.width : 1000
        setView((v) => (v.height === height && v.width === width ? v : { ...v, height, width }))
      })
      ro.observe(el)
    }
    return () => {
      el.removeEventListener('scroll', onScroll)
      ro?.disconnect()
    }
  }, [scrollRef])

  const { first, last } = visibleRange(count, rowHeight, view.top, view.height, overscan)
  const items = useMemo(() => {
    const out: VirtualItem[] = []
    for (let i = first; i <= last; i++) out.push({ index: i, start: i * rowHeight })
    return out
  }, [first, last, rowHeight])

  /**
   * A scroll asked by scrollToIndex, written once the rows there are rendered (a new object per ask).
   * Writing scrollTop lays the page out: written at once, it laid out the rows of the old range (and
   * whatever else a jump had just changed), then the new range was rendered and laid out again — a
   * far jump paid two layouts of the new state (issue #13). Written in the layout effect of the
   * commit that rendered the new range, it is one layout, and the scroll event that follows reads
   * the offset from a page already laid out.
   */
  const [asked, setAsked] = useState<{ top: number } | null>(null)
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (el && asked) el.scrollTop = asked.top
  }, [scrollRef, asked])

  const scrollToIndex = useCallback(
    (index: number, opts: { align?: 'start' | 'center' | 'end' } = {}) => {
      if (!scrollRef.current) return
      const h = view.height
      const align = opts.align ?? 'start'
      const top = align === 'start' ? index * rowHeight : align === 'end' ? (index + 1) * rowHeight - h : index * rowHeight - h / 2 + rowHeight / 2
      const to = Math.max(0, Math.min(top, count * rowHeight - h))
      // Render the new range first (without reading the offset back, which would force a layout); the offset follows in its commit.
      setView((v) => (v.top === to ? v : { ...v, top: to }))
      setAsked({ top: to })
    },
    [scrollRef, rowHeight, view.height, count],
  )

  const visible = {
    first: Math.min(Math.max(0, count - 1), Math.ceil(Math.max(0, view.top) / rowHeight)),
    last: Math.min(count - 1, Math.floor((Math.max(0, view.top) + view.height) / rowHeight) - 1),
  }
  return {
    visible,
    getVirtualItems: () => items,
    getTotalSize: () => count * rowHeight,
    scrollToIndex,
    scrollRect: { width: view.width, height: view.height },
  }
}
