import { describe, expect, it } from 'vitest'
import { MIN_HEIGHT, MIN_WIDTH, buildWindowOptions } from '../../src-main/shell/window-options.js'

const base = { preloadPath: '/app/out/preload/index.cjs', platform: 'linux' as const, devTools: false }

describe('buildWindowOptions', () => {
  it('locks down every web preference of the security checklist', () => {
    const wp = buildWindowOptions(base).webPreferences!
    expect(wp).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    })
    expect(wp).not.toHaveProperty('enableBlinkFeatures')
    expect(wp).not.toHaveProperty('additionalArguments')
    expect(wp.preload).toBe('/app/out/preload/index.cjs')
    expect(wp.preload!.endsWith('.cjs')).toBe(true)
  })

  it('opens hidden (shown on ready-to-show) and centred without a saved position', () => {
    const o = buildWindowOptions(base)
    expect(o.show).toBe(false)
    expect(o.center).toBe(true)
    expect(o.x).toBeUndefined()
  })

  it('uses saved bounds, never below the minimum size', () => {
    const o = buildWindowOptions({ ...base, bounds: { x: 10, y: 20, width: 300, height: 200 } })
    expect(o).toMatchObject({ x: 10, y: 20, width: MIN_WIDTH, height: MIN_HEIGHT, minWidth: MIN_WIDTH, minHeight: MIN_HEIGHT })
    expect(o.center).toBeUndefined()
  })

  it('DevTools only when asked (development builds)', () => {
    expect(buildWindowOptions({ ...base, devTools: true }).webPreferences!.devTools).toBe(true)
  })

  it('the icon is set on Linux and Windows, not on macOS', () => {
    expect(buildWindowOptions({ ...base, icon: '/i.png' }).icon).toBe('/i.png')
    expect(buildWindowOptions({ ...base, platform: 'darwin', icon: '/i.png' }).icon).toBeUndefined()
  })
})
