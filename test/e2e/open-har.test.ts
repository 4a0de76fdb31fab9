/**
 * Real vs simulated in real Chromium through the loopback browser host (issue
 * #15): with the onboarding demo open (its app definition), the page opens a
 * constructed browser recording (.har) through the Open button; the engine
 * imports it with the demo's app, replays it, and the timeline shows a
 * divergence marker — a button named by the engine's sentence, reached with
 * the keyboard — that jumps to the request, where the inspector puts the real
 * answer beside the simulation.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { beforeEach, expect, it, describe } from 'vitest'
import type { Page } from 'playwright-core'
import type { WebHost } from '../../src-main/web-host/server.js'
import { SCREENSHOT_DIR } from './helpers/chrome.js'
import { useHostedPage } from './helpers/hosted-page.js'

const HAR = new URL('../fixtures/har/onboarding-next-to-45.constructed.har', import.meta.url).pathname
const SENTENCE = 'APEX redirected to page 45; the simulation branched to page 44 because branch #1 on page 43 fired (After Processing branches): the request was NEXT'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core (WCAG 2 A/AA) on the markers and the real-vs-simulated view: the serious and critical violations, in words. */
async function seriousViolations(): Promise<string[]> {
  // Through the DevTools protocol: the host's CSP refuses an injected <script> tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] }
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: V[] }> } }).axe
    const ctx = { include: [['[data-testid=divergence-markers]'], ['[data-testid=timeline-list]'], ['[data-testid=observed-answer]']] }
    const r = await axe.run(ctx, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}`))
  })
}

const env = useHostedPage()
let host: WebHost
let page: Page

beforeEach(() => {
  ;({ host, page } = env)
})

describe('Open a .har in Chromium', () => {
  it('imports it with the open demo’s app and marks the request that diverged; Enter on the marker shows it in the inspector', async () => {
    await page.goto(host.url)
    await page.getByTestId('open-demo-onboarding-wizard').click()
    await page.waitForSelector('[data-testid=workspace-title]:has-text("Onboard New Employee")')
    // The title shows before the state at step 0 arrives: the recording is opened over a workspace done opening.
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    await page.getByTestId('open-file-input').setInputFiles(HAR)
    await page.waitForSelector('[data-testid=workspace-title]:has-text("browser recording")')
    const marker = page.getByRole('button', { name: `step 5: ${SENTENCE}` })
    await marker.waitFor()
    await expect(page.getByTestId('divergence-marker').count()).resolves.toBe(1)
    await expect(page.getByTestId('divergence-markers').textContent()).resolves.toContain('1 of 6 requests diverged')
    // Keyboard: focus reaches the marker, Enter jumps to the request's step.
    await marker.focus()
    await expect(marker.evaluate((el) => el === document.activeElement)).resolves.toBe(true)
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=playhead][data-step="5"]')
    await page.getByRole('tab', { name: 'Inspector' }).click()
    const answer = page.getByTestId('observed-answer')
    await answer.waitFor()
    await expect(page.getByTestId('observed-sentence').textContent()).resolves.toBe(`≠ ${SENTENCE}`)
    await expect(page.getByTestId('observed-real').textContent()).resolves.toContain('APEX redirected to page 45')
    await expect(page.getByTestId('observed-simulated').textContent()).resolves.toContain('branched to page 44')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'real-vs-simulated.png') })
    expect(await seriousViolations()).toEqual([])
    await page.getByLabel('Theme').selectOption('dark')
    await page.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark')
    expect(await seriousViolations()).toEqual([])
  })
})
