/**
 * The kept pane sizes (stores/layout.ts): a layout read back is exactly the
 * group's panes with percentages adding up to 100, or nothing (the defaults
 * apply) — whatever the storage holds.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { PANE_LAYOUT_KEY, readPaneLayout, savePaneLayout, validLayout } from '../../src-renderer/src/stores/layout.js'
import type { LayoutStorage } from '../../src-renderer/src/stores/layout.js'

function memoryStorage(initial: Record<string, string> = {}): LayoutStorage & { data: Record<string, string> } {
  const data = { ...initial }
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) }
}

const IDS = ['left', 'state', 'side']

describe('kept pane layouts', () => {
  it('keeps a group’s layout beside the others and reads it back', () => {
    const storage = memoryStorage()
    savePaneLayout(storage, 'workbench', IDS, { left: 30, state: 45, side: 25 })
    savePaneLayout(storage, 'left-column', ['sessions', 'timeline'], { sessions: 35, timeline: 65 })
    expect(readPaneLayout(storage, 'workbench', IDS)).toEqual({ left: 30, state: 45, side: 25 })
    expect(readPaneLayout(storage, 'left-column', ['sessions', 'timeline'])).toEqual({ sessions: 35, timeline: 65 })
    // Presenter mode's group (other panes) has its own entry: none yet.
    expect(readPaneLayout(storage, 'workbench', ['state', 'side'])).toBeUndefined()
    expect(JSON.parse(storage.data[PANE_LAYOUT_KEY]!)).toEqual({
      'workbench:left,state,side': { left: 30, state: 45, side: 25 },
      'left-column:sessions,timeline': { sessions: 35, timeline: 65 },
    })
  })

  it('ignores what it cannot use: not JSON, other panes, sizes that do not add up to 100, no storage, a refusing storage', () => {
    expect(readPaneLayout(memoryStorage({ [PANE_LAYOUT_KEY]: '{not json' }), 'workbench', IDS)).toBeUndefined()
    const stored = (layout: unknown) => memoryStorage({ [PANE_LAYOUT_KEY]: JSON.stringify({ 'workbench:left,state,side': layout }) })
    expect(readPaneLayout(stored({ left: 30, state: 70 }), 'workbench', IDS)).toBeUndefined()
    expect(readPaneLayout(stored({ left: 30, state: 45, other: 25 }), 'workbench', IDS)).toBeUndefined()
    expect(readPaneLayout(stored({ left: 30, state: 45, side: 40 }), 'workbench', IDS)).toBeUndefined()
    expect(readPaneLayout(stored({ left: -10, state: 85, side: 25 }), 'workbench', IDS)).toBeUndefined()
    expect(readPaneLayout(stored({ left: '30', state: 45, side: 25 }), 'workbench', IDS)).toBeUndefined()
    expect(readPaneLayout(stored([30, 45, 25]), 'workbench', IDS)).toBeUndefined()
    expect(readPaneLayout(null, 'workbench', IDS)).toBeUndefined()
    const refusing: LayoutStorage = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    expect(readPaneLayout(refusing, 'workbench', IDS)).toBeUndefined()
    expect(() => savePaneLayout(refusing, 'workbench', IDS, { left: 30, state: 45, side: 25 })).not.toThrow()
    // An invalid layout is not kept.
    const storage = memoryStorage()
    savePaneLayout(storage, 'workbench', IDS, { left: 80, state: 80, side: 25 })
    expect(storage.data).toEqual({})
  })

  const size = fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -50, max: 150 }), fc.constantFrom(0, 25, 50, 100), fc.string())
  const stored = fc.oneof(fc.jsonValue(), fc.record({ left: size, state: size, side: size }), fc.record({ left: size, state: size }))
  test.prop([stored])('whatever the storage holds, what is read is a layout of exactly the panes adding up to 100, or nothing', (value) => {
    const storage = memoryStorage({ [PANE_LAYOUT_KEY]: JSON.stringify({ 'workbench:left,state,side': value }) })
    const read = readPaneLayout(storage, 'workbench', IDS)
    if (read === undefined) return
    expect(Object.keys(read).sort()).toEqual([...IDS].sort())
    const sum = Object.values(read).reduce((a, b) => a + b, 0)
    expect(Math.abs(sum - 100)).toBeLessThanOrEqual(1)
    for (const v of Object.values(read)) expect(v >= 0 && v <= 100).toBe(true)
  })

  test.prop([fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))])('any split of 100 is kept and read back as it was', ([a, b]) => {
    const [left, state] = [Math.min(a, b), Math.max(a, b) - Math.min(a, b)]
    const layout = { left, state, side: 100 - left - state }
    expect(validLayout(layout, IDS)).toEqual(layout)
    const storage = memoryStorage()
    savePaneLayout(storage, 'workbench', IDS, layout)
    expect(readPaneLayout(storage, 'workbench', IDS)).toEqual(layout)
  })
})
