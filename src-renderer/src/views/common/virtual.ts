/**
 * TanStack Virtual with a fallback viewport: where layout reports no size
 * (a hidden panel, a DOM without layout in tests) it assumes a window-sized
 * viewport instead of rendering nothing.
 */
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual'
import type { Rect, Virtualizer } from '@tanstack/react-virtual'
import type { RefObject } from 'react'

const FALLBACK: Rect = { width: 1000, height: 800 }

function observeWithFallback(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  return observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK))
}

export function useVirtualRows(count: number, scrollRef: RefObject<HTMLDivElement | null>, rowHeight: number, overscan = 12, initialOffset = 0) {
  return useVirtualizer({
    initialOffset,
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    initialRect: FALLBACK,
    observeElementRect: observeWithFallback,
  })
}
