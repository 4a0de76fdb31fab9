/**
 * The state table's item column in real Chromium (issues #14, #13): pinned at
 * the left edge while the table is scrolled sideways, and not sticky while it
 * is not — a sticky cell is a paint chunk of its own in every row, which
 * doubled Chromium's layerization of a step press, and at scrollLeft 0 it is
 * where it would be anyway. Scrolled back, it is unpinned again.
 */
import { describe, expect, it } from 'vitest'
import { useHostedPage } from './helpers/hosted-page.js'

const env = useHostedPage()

describe('the state table’s item column', () => {
  it('is pinned while the table is scrolled sideways, and only then', async () => {
    await env.context.close()
    // Narrow: the table has less room than its columns' minimum widths, so it scrolls sideways.
    env.context = await env.browser.newContext({ viewport: { width: 1024, height: 700 }, colorScheme: 'light' })
    const page = (env.page = await env.context.newPage())
    page.on('pageerror', (e) => env.pageErrors.push(e.message))
    await page.goto(env.host.url)
    await page.getByTestId('open-demo-onboarding-wizard').click()
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    await page.locator('body').focus()
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight')
    await page.waitForSelector('[data-testid=state-table][data-step="6"] [data-testid=state-row]')

    /** The first row's item cell: its CSS position and its left edge from the table's left edge. */
    const itemCell = () =>
      page.evaluate(() => {
        const body = document.querySelector<HTMLElement>('[data-testid=state-table]')!
        const cell = body.querySelector<HTMLElement>('[data-testid=state-row] .c-item')!
        return {
          position: getComputedStyle(cell).position,
          offset: Math.round(cell.getBoundingClientRect().left - body.getBoundingClientRect().left),
          scrollLeft: body.scrollLeft,
          sideways: body.scrollWidth > body.clientWidth,
        }
      })
    const atRest = await itemCell()
    expect(atRest).toMatchObject({ position: 'static', offset: 0, scrollLeft: 0, sideways: true })

    await page.evaluate(() => {
      const body = document.querySelector<HTMLElement>('[data-testid=state-table]')!
      body.scrollLeft = body.scrollWidth
    })
    // Scrolled to the last column: the item cell stays at the table's left edge.
    await page.waitForFunction(() => {
      const body = document.querySelector<HTMLElement>('[data-testid=state-table]')!
      const cell = body.querySelector<HTMLElement>('[data-testid=state-row] .c-item')!
      return body.scrollLeft > 0 && Math.abs(cell.getBoundingClientRect().left - body.getBoundingClientRect().left) < 1
    })
    const scrolled = await itemCell()
    expect(scrolled.position).toBe('sticky')
    expect(scrolled.scrollLeft).toBeGreaterThan(0)

    await page.evaluate(() => {
      document.querySelector<HTMLElement>('[data-testid=state-table]')!.scrollLeft = 0
    })
    await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid=state-table] [data-testid=state-row] .c-item')!).position === 'static')
    expect(await itemCell()).toMatchObject({ position: 'static', offset: 0, scrollLeft: 0 })
  })
})
