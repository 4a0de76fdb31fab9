import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readJsonFile, writeJsonFileAtomic } from '../../src-main/shell/json-file.js'
import { DEFAULT_WINDOW_STATE, WindowStateSchema, captureWindowState, loadWindowState, restoreWindowState } from '../../src-main/shell/window-state.js'

const screen = { x: 0, y: 0, width: 1920, height: 1040 }
const second = { x: 1920, y: 0, width: 2560, height: 1400 }

describe('restoreWindowState', () => {
  it('keeps a position that is on a display', () => {
    expect(restoreWindowState({ x: 100, y: 50, width: 1200, height: 800, maximized: true, fullScreen: false }, [screen])).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true, fullScreen: false })
    expect(restoreWindowState({ x: 2000, y: 100, width: 1200, height: 800 }, [screen, second])).toMatchObject({ x: 2000, y: 100 })
  })

  it('drops a position on a monitor that is gone (the window is centred instead)', () => {
    const r = restoreWindowState({ x: 2000, y: 100, width: 1200, height: 800 }, [screen])
    expect(r.x).toBeUndefined()
    expect(r.y).toBeUndefined()
    expect(r.width).toBe(1200)
  })

  it('drops a position whose title bar is above the screen or barely visible', () => {
    expect(restoreWindowState({ x: 100, y: -500, width: 1200, height: 800 }, [screen]).x).toBeUndefined()
    expect(restoreWindowState({ x: 1900, y: 100, width: 1200, height: 800 }, [screen]).x).toBeUndefined()
  })

  it('shrinks to the largest display and never below the minimum size', () => {
    expect(restoreWindowState({ width: 9000, height: 9000 }, [screen])).toMatchObject({ width: 1920, height: 1040 })
    expect(restoreWindowState({ width: 10, height: 10 }, [screen])).toMatchObject({ width: 900, height: 600 })
  })

  it('falls back to the defaults for garbage', () => {
    for (const bad of [null, 'x', { width: 'wide' }, { width: -1, height: 5 }, { width: 1e9, height: 1 }]) expect(restoreWindowState(bad, [screen])).toEqual(DEFAULT_WINDOW_STATE)
  })

  it('captures the normal (unmaximised) bounds', () => {
    const win = { getNormalBounds: () => ({ x: 10.4, y: 20.6, width: 1000, height: 700 }), isMaximized: () => true, isFullScreen: () => false }
    expect(captureWindowState(win)).toEqual({ x: 10, y: 21, width: 1000, height: 700, maximized: true, fullScreen: false })
    expect(WindowStateSchema.safeParse(captureWindowState(win)).success).toBe(true)
  })
})

describe('the JSON files', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('round-trip atomically and survive damage', () => {
    dir = mkdtempSync(join(tmpdir(), 'ss-json-'))
    const file = join(dir, 'sub', 'window-state.json')
    expect(readJsonFile(file, WindowStateSchema, DEFAULT_WINDOW_STATE)).toEqual(DEFAULT_WINDOW_STATE)
    writeJsonFileAtomic(file, { x: 1, y: 2, width: 1000, height: 700, maximized: false, fullScreen: false })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ x: 1 })
    expect(loadWindowState(file, { getAllDisplays: () => [{ workArea: screen }] } as never)).toMatchObject({ x: 1, y: 2, width: 1000 })
    writeFileSync(file, '{ not json')
    expect(readJsonFile(file, WindowStateSchema, DEFAULT_WINDOW_STATE)).toEqual(DEFAULT_WINDOW_STATE)
  })
})
