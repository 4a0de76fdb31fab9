/**
 * Exercise mode end to end in real Chromium through the loopback browser host
 * (issue #14 part 5), keyboard only after the demo is chosen: E turns the
 * mode on, each expect line of the phone-number demo is asked before its step
 * (lines 3, 5 and 7, read by hand from resources/demos/traces/phone-number.sstrace),
 * the learner types answers and presses Enter, the step reveals, Space plays
 * on and stops at the next question; the score and the timeline's markers
 * follow.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { beforeEach, expect, it, describe } from 'vitest'
import type { Page } from 'playwright-core'
import type { WebHost } from '../../src-main/web-host/server.js'
import { SCREENSHOT_DIR } from './helpers/chrome.js'
import { useHostedPage } from './helpers/hosted-page.js'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core (WCAG 2 A/AA) on the exercise panel and the expect markers: the serious and critical violations, in words. */
async function seriousViolations(): Promise<string[]> {
  // Through the DevTools protocol: the host's CSP refuses an injected <script> tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] }
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: V[] }> } }).axe
    const ctx = { include: [['[data-testid=exercise-panel]'], ['[data-testid=expect-markers]']] }
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

const question = () => page.getByTestId('exercise-question')
/** Waits until the focused element has this test id (focus moves after the playhead does: on a loaded machine, seconds after). */
const focusOn = (testId: string) => page.waitForFunction((id) => document.activeElement?.getAttribute('data-testid') === id, testId)

describe('exercise mode in Chromium', () => {
  it('plays the phone-number demo as an exercise with the keyboard only', async () => {
    await page.goto(host.url)
    await page.getByTestId('open-demo-phone-number').click()
    await page.waitForSelector('[data-testid=workspace-title]:has-text("P1_PHONENO")')
    // The title shows before the state at step 0 arrives: E waits for the demo to be open.
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())

    // E: exercise mode on; line 3 is asked before step 0, its first field focused.
    await page.keyboard.press('e')
    await page.waitForSelector('[data-testid=exercise-question][data-line="3"]')
    // The question shows once the playhead rests on its step (before step 0): shown earlier, an answer typed in the gap lost its reveal.
    await page.waitForSelector('[data-testid=playhead][data-step="-1"]')
    await focusOn('exercise-answer-0')
    await page.keyboard.type('1')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter') // P1_PHONENO left empty: null
    await page.waitForSelector('[data-testid=exercise-verdict][data-line="3"]')
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    await expect(page.getByTestId('exercise-score').textContent()).resolves.toBe('1 of 3 right (1 answered)')
    await focusOn('exercise-reveal')

    // Space plays on: playback stops at step 1, before line 5's step, and asks it.
    await page.keyboard.press('Space')
    await page.waitForSelector('[data-testid=exercise-question][data-line="5"]')
    await page.waitForSelector('[data-testid=playhead][data-step="1"]')
    await focusOn('exercise-answer-0')
    await page.keyboard.type('2')
    await page.keyboard.press('Tab')
    await page.keyboard.type('555-0199') // wrong
    await page.keyboard.press('Tab')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'exercise-question.png') })
    expect(await seriousViolations()).toEqual([])
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=playhead][data-step="2"]')
    await expect(page.getByTestId('exercise-verdict').textContent()).resolves.toContain('Right answer: “555-0100”; yours: “555-0199” — wrong.')
    await page.waitForSelector('[data-testid=state-table] >> text=555-0100')

    // Line 7 follows step 3: asked at once at step 2, focused.
    await page.waitForSelector('[data-testid=exercise-question][data-line="7"]')
    await focusOn('exercise-answer-0')
    await page.keyboard.type('1')
    await page.keyboard.press('Tab')
    await page.keyboard.type('555-0100')
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=playhead][data-step="3"]')
    await expect(page.getByTestId('exercise-score').textContent()).resolves.toBe('2 of 3 right — done')
    // No question follows: focus goes to the reveal once the move is done. Tabbing from there, not from where focus
    // was before (else the focus moving there midway through the walk restarts it).
    await focusOn('exercise-reveal')

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
    expect(await seriousViolations()).toEqual([])
    // Enter on an answered marker shows its step again.
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid=playhead][data-step="2"]')
    await expect(question().count()).resolves.toBe(0)
    await page.getByLabel('Theme').selectOption('dark')
    await page.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark')
    expect(await seriousViolations()).toEqual([])
  })
})
