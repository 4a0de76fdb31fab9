/**
 * Exercise mode end to end in real Chromium through the loopback browser host
 * (issue #14 part 5), keyboard only after the demo is chosen: E turns the
 * mode on, each expect line of the phone-number demo is asked before its step
 * (lines 3, 5 and 7, read by hand from resources/demos/traces/phone-number.sstrace),
 * the learner types answers and presses Enter, the step reveals, Space plays
 * on and stops at the next question; the score and the timeline's markers
 * follow.
 */
import { join } from 'node:path'
import { beforeEach, expect, it, describe } from 'vitest'
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

const question = () => page.getByTestId('exercise-question')
const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? null)

describe('exercise mode in Chromium', () => {
  it('plays the phone-number demo as an exercise with the keyboard only', async () => {
    await page.goto(host.url)
    await page.getByTestId('open-demo-phone-number').click()
    await page.waitForSelector('[data-testid=workspace-title]:has-text("P1_PHONENO")')
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())

    // E: exercise mode on; line 3 is asked before step 0, its first field focused.
    await page.keyboard.press('e')
    await page.waitForSelector('[data-testid=exercise-question][data-line="3"]')
    await expect(focusedTestId()).resolves.toBe('exercise-answer-0')
    await page.keyboard.type('1')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter') // P1_PHONENO left empty: null
    await page.waitForSelector('[data-testid=exercise-verdict][data-line="3"]')
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    await expect(page.getByTestId('exercise-score').textContent()).resolves.toBe('1 of 3 right (1 answered)')
    await expect(focusedTestId()).resolves.toBe('exercise-reveal')

    // Space plays on: playback stops at step 1, before line 5's step, and asks it.
    await page.keyboard.press('Space')
    await page.waitForSelector('[data-testid=exercise-question][data-line="5"]')
    await page.waitForSelector('[data-testid=playhead][data-step="1"]')
    await expect(focusedTestId()).resolves.toBe('exercise-answer-0')
    await page.keyboard.type('2')
    await page.keyboard.press('Tab')
    await page.keyboard.type('555-0199') // wrong
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=playhead][data-step="2"]')
    await expect(page.getByTestId('exercise-verdict').textContent()).resolves.toContain('Right answer: “555-0100”; yours: “555-0199” — wrong.')
    await page.waitForSelector('[data-testid=state-table] >> text=555-0100')

    // Line 7 follows step 3: asked at once at step 2, focused.
    await page.waitForSelector('[data-testid=exercise-question][data-line="7"]')
    await expect(focusedTestId()).resolves.toBe('exercise-answer-0')
    await page.keyboard.type('1')
    await page.keyboard.press('Tab')
    await page.keyboard.type('555-0100')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=playhead][data-step="3"]')
    await expect(page.getByTestId('exercise-score').textContent()).resolves.toBe('2 of 3 right — done')

    // The markers name their line and the learner's result; Tab reaches them.
    const wrongMarker = page.getByRole('button', { name: 'line 5, step 2: passed in the replay; answered wrong' })
    await wrongMarker.waitFor()
    let reached = false
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await wrongMarker.evaluate((el) => el === document.activeElement)
    }
    expect(reached).toBe(true)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'exercise.png') })
    // Enter on an answered marker shows its step again.
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=playhead][data-step="2"]')
    await expect(question().count()).resolves.toBe(0)
  })
})
