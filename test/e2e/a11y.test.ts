/**
 * Accessibility in real Chromium, measured by axe-core: every view of a demo
 * opened through the browser host — state table, sessions, timeline,
 * inspector, simulator, flow, tables, and the import summary — in the light
 * and dark themes and in presenter mode, with no serious or critical
 * violation (WCAG 2 A/AA rules: colour contrast among them). Screenshots of
 * the flow diagram and of presenter mode at 1440×900 go to
 * test-artifacts/screenshots/ and /tmp/session-scope-f-screenshots/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { WebHost } from '../../src-main/web-host/server.js'
import { SCREENSHOT_DIR } from './helpers/chrome.js'
import { useHostedPage } from './helpers/hosted-page.js'

const env = useHostedPage()
let host: WebHost
let page: Page
beforeEach(() => {
  ;({ host, page } = env)
})

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const LEAD_DIR = '/tmp/session-scope-f-screenshots'
const F100 = join(import.meta.dirname, '..', 'fixtures', 'apex', 'f100-single', 'f100.sql')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

/** Runs axe on the whole page (WCAG 2.0/2.1 A and AA rules); the serious and critical violations, in words. */
async function seriousViolations(where: string): Promise<string[]> {
  // Evaluated through the DevTools protocol: the host's CSP (script-src 'self') refuses an injected <script> tag, as it should.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }).axe
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))
  })
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) ${v.help} at ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 240)}`))
}

/** The full list in a file beside the screenshots (the assertion's diff cuts long lists short). */
function report(name: string, found: string[]): void {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  writeFileSync(join(SCREENSHOT_DIR, `a11y-${name}.txt`), found.join('\n') + '\n')
}

const playheadAt = (step: number) => page.waitForSelector(`[data-testid=playhead][data-step="${step}"]`)

async function openWizard(): Promise<void> {
  await page.goto(host.url)
  await page.getByTestId('open-demo-onboarding-wizard').click()
  await page.waitForSelector('[data-testid=workspace-title]:has-text("Onboard New Employee")')
  await playheadAt(0)
}

async function setTheme(theme: 'light' | 'dark'): Promise<void> {
  await page.getByLabel('Theme').selectOption(theme)
  await page.waitForFunction((t) => document.documentElement.getAttribute('data-theme') === t, theme)
}

/** Every view of the debugger at a step with something in each: the main three, then each side tab in turn. */
async function scanViews(label: string): Promise<string[]> {
  const found: string[] = []
  // Step 5: a failed validation (the "validation failed" outcome, changed rows highlighted); select a row too.
  // By keyboard: presenter mode hides the timeline.
  await page.locator('body').focus()
  await page.keyboard.press('Home')
  await playheadAt(0)
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight')
  await playheadAt(5)
  await page.locator('[data-testid=state-row]').first().click()
  for (const tab of ['Inspector', 'Simulator', 'Flow', 'Tables']) {
    await page.getByRole('tab', { name: tab }).click()
    if (tab === 'Flow') await page.waitForSelector('[data-testid=flow-node]')
    if (tab === 'Simulator') await page.waitForSelector('[data-testid=sim-page]')
    found.push(...(await seriousViolations(`${label} · ${tab}`)))
  }
  return found
}

describe('axe-core: no serious or critical violations', () => {
  it('in every view, in the light and dark themes, with and without presenter mode', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await openWizard()
    const found: string[] = []
    found.push(...(await seriousViolations('empty workspace toolbar')))
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme)
      found.push(...(await scanViews(theme)))
      await page.getByTestId('presenter-toggle').click()
      await page.waitForSelector('[data-testid=presenter-caption]')
      found.push(...(await scanViews(`${theme} presenter`)))
      await page.getByTestId('presenter-toggle').click()
      // The help overlay too.
      await page.keyboard.press('Shift+?')
      await page.waitForSelector('[data-testid=help-overlay]')
      found.push(...(await seriousViolations(`${theme} · help`)))
      await page.keyboard.press('Escape')
      // Closed before the next theme is chosen and the next scan starts (the modal makes the rest inert).
      await page.waitForSelector('[data-testid=help-overlay]', { state: 'detached' })
    }
    report('views', found)
    expect(found).toEqual([])
  }, 300_000)

  it('on the empty state and the import summary, in both themes', async () => {
    await page.goto(host.url)
    await page.getByTestId('open-demo-onboarding-wizard').waitFor()
    const found: string[] = []
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme)
      found.push(...(await seriousViolations(`${theme} · empty state`)))
    }
    await page.getByTestId('import-apex-file-input').setInputFiles(F100)
    await page.getByTestId('import-apex-summary').waitFor()
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme)
      found.push(...(await seriousViolations(`${theme} · import summary`)))
    }
    report('empty-and-import', found)
    expect(found).toEqual([])
  }, 120_000)

  it('screenshots the flow diagram and presenter mode at 1440×900 for the lead; the diagram downloads as SVG and PNG', async () => {
    mkdirSync(LEAD_DIR, { recursive: true })
    await page.setViewportSize({ width: 1440, height: 900 })
    await openWizard()
    await page.keyboard.press('End')
    await playheadAt(13)
    await page.getByRole('tab', { name: 'Flow' }).click()
    await page.waitForSelector('[data-testid=flow-node][aria-current=location]')
    // The wizard's loop: page 44 once, shown three times.
    await expect(page.locator('[data-testid=flow-node][data-page="44"]').count()).resolves.toBe(1)
    await expect(page.locator('[data-testid=flow-node][data-page="44"]').getAttribute('aria-label')).resolves.toBe('Page 44 Job: shown 3 times')
    for (const path of [join(SCREENSHOT_DIR, 'flow-diagram.png'), join(LEAD_DIR, 'flow-diagram.png')]) await page.screenshot({ path })
    // Zoom: Ctrl+wheel over the diagram, then − with focus on a node (not the playback speed), then 0 fits the whole drawing.
    const scale = () => page.getByTestId('flow-scale').textContent()
    const fitted = await scale()
    await page.getByTestId('flow-canvas').hover()
    await page.keyboard.down('Control')
    await page.mouse.wheel(0, -100)
    await page.keyboard.up('Control')
    // One zoom step is ×1.25 (the readout rounds to whole percent).
    await expect.poll(async () => Math.abs(Number.parseInt((await scale())!, 10) - Number.parseInt(fitted!, 10) * 1.25)).toBeLessThanOrEqual(1)
    await page.locator('[data-testid=flow-node][data-page="44"]').focus()
    await page.keyboard.press('-')
    await expect.poll(scale).toBe(fitted)
    await expect(page.getByLabel('Playback speed').inputValue()).resolves.toBe('1')
    // 0 (Fit) shows the whole drawing: it fits the canvas both ways.
    await page.keyboard.press('0')
    await expect
      .poll(() => page.getByTestId('flow-canvas').evaluate((c) => {
        const svg = c.querySelector('svg')!
        return svg.clientWidth <= c.clientWidth && svg.clientHeight <= c.clientHeight
      }))
      .toBe(true)
    // Export for slides: both files download from the browser host.
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()])
    expect(svgDownload.suggestedFilename()).toBe('flow-A-7723-step-13.svg')
    const svgText = readFileSync((await svgDownload.path())!, 'utf8')
    expect(svgText.startsWith('<?xml')).toBe(true)
    expect(svgText).toContain('Page 44')
    expect(svgText).toContain('shown 3 times')
    // The theme's colours are written into the file (no CSS variables left to resolve).
    expect(svgText).not.toContain('var(--')
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()])
    expect(pngDownload.suggestedFilename()).toBe('flow-A-7723-step-13.png')
    const png = readFileSync((await pngDownload.path())!)
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    writeFileSync(join(LEAD_DIR, 'flow-export.png'), png)
    writeFileSync(join(LEAD_DIR, 'flow-export.svg'), svgText)
    // Presenter mode, then a walk to step 6 by keyboard: the diagram keeps the session's page in view.
    await page.getByTestId('presenter-toggle').click()
    await page.locator('body').focus()
    await page.keyboard.press('Home')
    await playheadAt(0)
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight')
    await playheadAt(6)
    await page.waitForSelector('[data-testid=presenter-note]')
    await page.waitForSelector('[data-testid=flow-node][data-page="44"][aria-current=location]')
    for (const path of [join(SCREENSHOT_DIR, 'presenter-mode.png'), join(LEAD_DIR, 'presenter-mode.png')]) await page.screenshot({ path })
    await page.getByLabel('Theme').selectOption('dark')
    for (const path of [join(SCREENSHOT_DIR, 'presenter-mode-dark.png'), join(LEAD_DIR, 'presenter-mode-dark.png')]) await page.screenshot({ path })
  }, 120_000)
})
