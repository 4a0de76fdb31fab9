import { describe, expect, it, vi } from 'vitest'
import { aboutDetail } from '../../src-main/shell/about.js'
import { createProgressReporter, progressBarValue } from '../../src-main/shell/taskbar-progress.js'

const p = (fraction: number, extra: Partial<{ bytesRead: number; totalBytes: number | null }> = {}) => ({ fraction, etaSec: null, bytesRead: 0, totalBytes: null, events: 0, ...extra })

describe('taskbar progress', () => {
  it('maps load.progress to a progress-bar value', () => {
    expect(progressBarValue(p(0.25))).toBe(0.25)
    expect(progressBarValue(p(7))).toBe(1)
    expect(progressBarValue(p(-1))).toBe(0)
    expect(progressBarValue(p(NaN, { bytesRead: 5, totalBytes: 10 }))).toBe(0.5)
    expect(progressBarValue(p(NaN))).toBe(2)
    expect(progressBarValue(null)).toBe(-1)
  })

  it('rate-limits updates, always shows completion, clears once', () => {
    let t = 0
    const set = vi.fn()
    const r = createProgressReporter(set, 100, () => t)
    r.update(p(0.1))
    t = 50
    r.update(p(0.2))
    t = 150
    r.update(p(0.3))
    t = 160
    r.update(p(1))
    expect(set.mock.calls.map((c) => c[0])).toEqual([0.1, 0.3, 1])
    r.clear()
    r.clear()
    expect(set).toHaveBeenLastCalledWith(-1)
    expect(set.mock.calls.filter((c) => c[0] === -1)).toHaveLength(1)
  })
})

describe('about', () => {
  it('lists the versions', () => {
    const text = aboutDetail({ app: '0.1.0', electron: '45.4.1', chrome: '142', node: '22.1.0', v8: '14', engineNode: '22.1.0', traceFormats: [1], platform: 'linux x64' })
    expect(text.split('\n')).toEqual(['Version 0.1.0', 'Electron 45.4.1', 'Chromium 142', 'Node.js 22.1.0', 'V8 14', 'Engine process: Node.js 22.1.0', 'Trace format versions: 1', 'Platform: linux x64'])
    expect(aboutDetail({ app: '1', platform: 'p' })).toBe('Version 1\nPlatform: p')
  })
})
