/**
 * When the app counts a window as short (views/app/short-window.ts): the height it lays out in, the
 * window's divided by presenter mode's zoom, at most 500 CSS px. The layout test in Chromium checks
 * what a short window looks like; this checks the line is drawn where the brief puts it.
 */
import { describe, expect, it } from 'vitest'
import { isShortWindow, SHORT_WINDOW_MAX_HEIGHT } from '../../src-renderer/src/views/app/short-window.js'

describe('isShortWindow', () => {
  it('counts 200 % zoom of a 900 px screen (450 CSS px) and presenter mode at 200 % on 900 px as short', () => {
    expect(isShortWindow(450, 1)).toBe(true)
    expect(isShortWindow(900, 2)).toBe(true)
  })
  it('does not count 1024×700, 1440×900, or presenter mode at 150 % on 900 px (600 px) as short', () => {
    expect(isShortWindow(700, 1)).toBe(false)
    expect(isShortWindow(900, 1)).toBe(false)
    expect(isShortWindow(900, 1.5)).toBe(false)
  })
  it('puts the line at 500 px inclusive', () => {
    expect(SHORT_WINDOW_MAX_HEIGHT).toBe(500)
    expect(isShortWindow(500, 1)).toBe(true)
    expect(isShortWindow(501, 1)).toBe(false)
    expect(isShortWindow(1000, 2)).toBe(true)
    expect(isShortWindow(1001, 2)).toBe(false)
  })
})
