/**
 * Issue #14's small-window items in real Chromium, at 720×450 CSS px (a
 * 1440×900 screen at 200 % zoom, drawn at device scale factor 2) with a live
 * demo open:
 * - the toolbar is one line: every control it shows sits on the same row and
 *   none is cut off or runs past the window; what does not fit is in its
 *   "More" menu, opened, walked and closed by keyboard, its controls named;
 * - the Sessions panel's actions do not wrap: one row, each with a name, none
 *   cut off.
 * Every wait is on the state it checks. Screenshot:
 * test-artifacts/screenshots/layout-small-720x450.png.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { SCREENSHOT_DIR } from './helpers/chrome.js'
import { useHostedPage } from './helpers/hosted-page.js'

const env = useHostedPage()

async function smallPage(): Promise<Page> {
  await env.context.close()
  env.context = await env.browser.newContext({ viewport: { width: 720, height: 450 }, deviceScaleFactor: 2, colorScheme: 'light' })
  env.page = await env.context.newPage()
  env.page.on('pageerror', (e) => env.pageErrors.push(e.message))
  env.page.on('console', (m) => {
    if (m.type() === 'error') env.pageErrors.push(m.text())
  })
  return env.page
}

/** The boxes of a container's visible children (display: none and zero-size ones left out). */
async function childBoxes(container: Locator): Promise<{ name: string; top: number; bottom: number; left: number; right: number; clipped: boolean }[]> {
  return container.evaluate((el) =>
    [...el.children]
      .map((c) => {
        const r = c.getBoundingClientRect()
        const h = c as HTMLElement
        return {
          name: (h.getAttribute('aria-label') ?? h.textContent ?? h.tagName).trim().slice(0, 40),
          top: r.top,
          bottom: r.bottom,
          left: r.left,
          right: r.right,
          width: r.width,
          height: r.height,
          // Text cut off inside the control itself.
          clipped: h.scrollWidth > h.clientWidth + 1 && getComputedStyle(h).overflow !== 'visible' && h.tagName === 'BUTTON',
        }
      })
      .filter((b) => b.width > 0 && b.height > 0)
      .map(({ width: _w, height: _h, ...b }) => b),
  )
}

/** One row: every box overlaps the first box's vertical span (a wrapped control starts below it). */
function oneRow(boxes: { top: number; bottom: number }[]): boolean {
  const first = boxes[0]
  return !!first && boxes.every((b) => b.top < first.bottom && b.bottom > first.top)
}

describe('at 720×450 (1440×900 at 200 %)', () => {
  it('the toolbar is one line and the Sessions actions do not wrap', async () => {
    const page = await smallPage()
    await page.goto(env.host.url)
    await page.getByTestId('open-demo-onboarding-wizard').click()
    await page.waitForSelector('[data-testid=workspace-title]:has-text("Onboard New Employee")')
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    await page.getByRole('group', { name: 'Session actions' }).waitFor()
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'layout-small-720x450.png') })

    const toolbar = page.getByRole('toolbar', { name: 'Workspace' })
    const tools = await childBoxes(toolbar)
    expect(oneRow(tools), `toolbar rows: ${JSON.stringify(tools)}`).toBe(true)
    expect(tools.every((b) => b.right <= 720 + 0.5 && b.left >= -0.5), 'no toolbar control runs past the window').toBe(true)
    expect(tools.filter((b) => b.clipped).map((b) => b.name), 'no toolbar button cut off').toEqual([])

    // The controls that do not fit are in the More menu, by keyboard: Enter opens it, Tab reaches its
    // controls by name, Escape closes it and gives focus back to More.
    const more = toolbar.getByRole('button', { name: /more/i })
    await more.focus()
    await page.keyboard.press('Enter')
    const menu = page.getByRole('group', { name: 'More workspace actions' })
    await menu.waitFor()
    await expect.poll(() => more.getAttribute('aria-expanded')).toBe('true')
    await page.keyboard.press('Tab')
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Save / export')
    for (const name of ['CSV: export the state', 'Theme']) await expect.poll(() => menu.getByRole(name === 'Theme' ? 'combobox' : 'button', { name }).isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'hidden' })
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('toolbar-more')

    // The Sessions panel's actions: one row, each named, none cut off.
    const actions = page.getByRole('group', { name: 'Session actions' })
    await actions.waitFor()
    const boxes = await childBoxes(actions)
    expect(boxes.length).toBeGreaterThan(0)
    expect(oneRow(boxes), `session action rows: ${JSON.stringify(boxes)}`).toBe(true)
    expect(boxes.filter((b) => b.clipped).map((b) => b.name)).toEqual([])
    expect(boxes.every((b) => b.name !== ''), 'every action has a name').toBe(true)
    const panel = await actions.evaluate((el) => {
      const pane = el.closest('.panel') as HTMLElement
      const r = pane.getBoundingClientRect()
      return { right: r.right, left: r.left }
    })
    expect(boxes.every((b) => b.right <= panel.right + 0.5), 'no action runs past the panel').toBe(true)
  })
})
