/**
 * A short window: at most SHORT_WINDOW_MAX_HEIGHT CSS px tall as the app lays it out — a small screen,
 * 200 % browser zoom (a 900 px screen is 450 CSS px), or presenter mode's scaled text (the app is
 * zoomed, so 900 px at 200 % text leaves it 450 px). A media query sees only the first two (the
 * presenter's zoom is on `.app`, not the viewport), so the app marks the document instead:
 * `data-short-window` on <html>, which styles.css uses to fold the state filters into one line and
 * give the list panes their rows before the chrome around them.
 */
import { useEffect, useState } from 'react'
import { usePresentation } from '../../stores/presentation.js'

export const SHORT_WINDOW_MAX_HEIGHT = 500

/** The height the app lays out in (CSS px of `.app`): the window's, divided by presenter mode's zoom. */
export function isShortWindow(innerHeight: number, zoom: number): boolean {
  return innerHeight / zoom <= SHORT_WINDOW_MAX_HEIGHT
}

/** Keeps `data-short-window` on <html> in step with the window's height and the presenter's zoom; returns whether it is set. */
export function useShortWindowMark(): boolean {
  const presenting = usePresentation((p) => p.presenting)
  const scale = usePresentation((p) => p.fontScale)
  // Known from the first render, so the panes start at the sizes for this window.
  const [short, setShort] = useState(() => isShortWindow(window.innerHeight, presenting ? scale / 100 : 1))
  useEffect(() => {
    const zoom = presenting ? scale / 100 : 1
    const root = document.documentElement
    const mark = () => {
      const now = isShortWindow(window.innerHeight, zoom)
      if (now) root.setAttribute('data-short-window', '')
      else root.removeAttribute('data-short-window')
      setShort(now)
    }
    mark()
    window.addEventListener('resize', mark)
    return () => {
      window.removeEventListener('resize', mark)
      root.removeAttribute('data-short-window')
    }
  }, [presenting, scale])
  return short
}
