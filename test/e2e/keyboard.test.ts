/**
 * A keyboard-only walk of a demo in real Chromium through the browser host
 * (issue #14 part 2): D focuses the demo list and a typed letter chooses
 * one; → then steps the timeline instead of choosing the next demo; Space
 * plays and pauses; ? shows the shortcuts; F and a user's name find the
 * user's login, Enter goes there; ↓ enters the phases of the step shown.
 */
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

const playhead = () => page.getByTestId('playhead')
const activeId = () => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName ?? '')

describe('keyboard only', () => {
  it('walks a demo without the mouse', async () => {
    await page.goto(host.url)
    // The demo list is filled once the engine has answered.
    await page.waitForFunction(() => ((document.getElementById('demo-select') as HTMLSelectElement | null)?.options.length ?? 0) > 3)

    // D: the demo list; P chooses "Per User values across sessions" (the first title with a P).
    await page.keyboard.press('d')
    expect(await activeId()).toBe('demo-select')
    await page.keyboard.press('p')
    await page.waitForSelector('[data-testid=workspace-title]:has-text("Per User values")')
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    // Focus left the list: → steps the timeline, the demo stays.
    expect(await activeId()).not.toBe('demo-select')
    await page.keyboard.press('ArrowRight')
    await page.waitForSelector('[data-testid=playhead][data-step="1"]')
    await expect(page.getByTestId('workspace-title').textContent()).resolves.toMatch(/Per User values/)

    // Space: play, Space: pause (the play button says which).
    await page.keyboard.press('Space')
    await page.waitForSelector('[data-testid=play-button]:has-text("Pause")')
    await page.keyboard.press('Space')
    await page.waitForSelector('[data-testid=play-button]:has-text("Play")')

    // ?: the shortcuts, as a modal dialog; Esc closes it.
    await page.keyboard.press('?')
    await page.waitForSelector('[data-testid=help-overlay]:modal')
    await expect(page.getByTestId('help-overlay').textContent()).resolves.toMatch(/Space.*Play \/ pause/s)
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid=help-overlay]', { state: 'detached' })

    // F: the timeline's search; a user's name lists the login by user; Enter again goes to the next step found
    // after the playhead (from Home: the first one).
    await page.keyboard.press('Home')
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    await page.keyboard.press('f')
    expect(await activeId()).toBe('timeline-search')
    await page.keyboard.type('scott')
    await page.keyboard.press('Enter')
    const userHit = page.locator('[data-testid=step-word-hit][data-part=user]').first()
    await userHit.waitFor()
    await expect(userHit.textContent()).resolves.toMatch(/user SCOTT logs in to session A \(/)
    const loginStep = Number(await userHit.getAttribute('data-step'))
    const steps = await page.locator('[data-testid=search-results] [data-step]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-step'))))
    expect(Math.min(...steps)).toBe(loginStep)
    // The answer is in (the hits above); Enter again is never dropped even while the form is busy.
    await page.keyboard.press('Enter')
    await page.waitForSelector(`[data-testid=playhead][data-step="${loginStep}"][data-phase=""]`)
    await page.waitForSelector(`[data-testid=inspector][data-step="${loginStep}"]`)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'keyboard-search-user.png') })

    // Tab leaves the box; ↓ enters the phases of the step shown (the login), not the next step's.
    await page.keyboard.press('Tab')
    await page.keyboard.press('ArrowDown')
    await page.waitForSelector(`[data-testid=playhead][data-step="${loginStep}"][data-phase="0"]`)
    await page.keyboard.press('ArrowDown')
    await page.waitForSelector(`[data-testid=playhead][data-step="${loginStep}"][data-phase="1"]`)
    await expect(playhead().textContent()).resolves.toMatch(/phase 2\//)
  }, 120_000)
})
