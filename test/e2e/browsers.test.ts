/**
 * Browsers in the UI (issue #16) in real Chromium through the loopback
 * browser host, at 1024×700: the "Why did my link log me out?" demo shows
 * its two browsers a level above their sessions; a live user opens another
 * browser and pastes a link carrying Alice's session into it — the engine
 * does not join it, a new session appears under the new browser and the URL
 * bar says why. IDs and statuses stay whole at this size. Screenshot:
 * test-artifacts/screenshots/browsers-*.png.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { EngineService } from '../../src-main/api/engine-service.js'
import type { WebHost } from '../../src-main/web-host/server.js'
import { SCREENSHOT_DIR } from './helpers/chrome.js'
import { useHostedPage } from './helpers/hosted-page.js'

const env = useHostedPage()
let service: EngineService
let host: WebHost
let page: Page

beforeEach(() => {
  ;({ service, host, page } = env)
})

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core (WCAG 2 A/AA) on the Sessions panel and the URL bar: the serious and critical violations, in words. */
async function seriousViolations(): Promise<string[]> {
  // Through the DevTools protocol: the host's CSP refuses an injected <script> tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async () => {
    type V = { id: string; impact: string | null; nodes: { target: string[] }[] }
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: V[] }> } }).axe
    const ctx = { include: [['#view-sessions'], ['.url-bar']] }
    const r = await axe.run(ctx, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}`))
  })
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
const browserRow = (name: string) => page.locator(`[data-testid=browser-row][data-browser="${name}"]`)
const sessionsUnder = (name: string) => page.locator(`[data-testid=session-row][data-browser="${name}"]`)

describe('browsers in Chromium', () => {
  it('shows the demo’s two browsers, opens a third live and pastes Alice’s link into it: a new session under the new browser', async () => {
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.goto(host.url)
    await page.getByTestId('open-demo-why-did-my-link-log-me-out').click()
    await page.waitForSelector('[data-testid=workspace-title]:has-text("Why did my link log me out?")')
    // The title shows before the state at step 0 arrives; End pressed meanwhile is dropped when that state lands.
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('End')
    const last = service.timeline.stepCount - 1
    await page.waitForSelector(`[data-testid=playhead][data-step="${last}"]`)

    // Two browsers, each a level above its sessions, each with its cookie.
    await browserRow('Alice').waitFor()
    await browserRow('Bob').waitFor()
    await expect(page.getByTestId('sessions-tree').getAttribute('data-grouped')).resolves.toBe('true')
    await expect(browserRow('Alice').getAttribute('aria-level')).resolves.toBe('1')
    await expect(sessionsUnder('Alice').first().getAttribute('aria-level')).resolves.toBe('2')
    await expect(browserRow('Alice').getByTestId('browser-cookies').textContent()).resolves.toMatch(/^ORA_WWV_APP_100 → /)
    await expect.poll(() => sessionsUnder('Bob').count()).toBe(1)

    // IDs and statuses whole at 1024×700 (the user column gives way first; every cell has its full text as its title).
    const cut = await page.$$eval('[data-testid=session-row]', (rows) =>
      rows.flatMap((r) => {
        const status = r.querySelector<HTMLElement>('.status')!
        const code = r.querySelector<HTMLElement>('.sid code')!
        const sid = r.querySelector<HTMLElement>('.sid')!
        const out: string[] = []
        if (status.scrollWidth > status.clientWidth) out.push(`status of ${r.dataset.sessionId} cut`)
        if (code.getBoundingClientRect().right > sid.getBoundingClientRect().right + 0.5) out.push(`ID ${r.dataset.sessionId} cut`)
        return out
      }),
    )
    expect(cut).toEqual([])
    await shot('browsers-demo-1024')

    // Alice's session, as her cookie holds it now (from the engine, not the page).
    const alice = (await service.dispatch('timeline.browsers', { point: { step: last }, offset: 0, limit: 50, sessions: false })) as {
      ok: true
      result: { rows: { kind: string; browser: { name: string; cookies: { session: number | null }[] } }[] }
    }
    const aliceSession = alice.result.rows.find((r) => r.browser.name === 'Alice')!.browser.cookies[0]!.session!
    expect(aliceSession).toBeGreaterThan(0)

    // Open another browser (keyboard: Tab to the button, Enter); the URL bar acts in it.
    await page.getByTestId('open-browser').focus()
    await page.keyboard.press('Enter')
    await browserRow('B3').waitFor()
    await expect(browserRow('B3').textContent()).resolves.toMatch(/opened/)
    await expect(page.getByTestId('browser-choice').inputValue()).resolves.toBe('B3')
    await page.getByLabel('URL (f?p or friendly)').fill(`f?p=100:1:${aliceSession}`)
    await page.getByRole('button', { name: 'Go', exact: true }).click()
    await page.waitForSelector(`[data-testid=playhead][data-step="${last + 1}"]`)
    await expect.poll(() => sessionsUnder('B3').count()).toBe(1)
    const fresh = await sessionsUnder('B3').first().getAttribute('data-session-id')
    expect(Number(fresh)).not.toBe(aliceSession)
    await expect(page.getByTestId('url-notice').textContent()).resolves.toMatch(/not held by this browser/)
    // The request was recorded from B3, with the link as typed.
    expect(service.steps[last + 1]!.input).toMatchObject({ type: 'request', browser: 'B3', url: `f?p=100:1:${aliceSession}` })
    // Alice still holds her session.
    await expect.poll(() => page.locator(`[data-testid=session-row][data-browser="Alice"][data-session-id="${aliceSession}"]`).count()).toBe(1)
    await shot('browsers-pasted-link-1024')
    expect(await seriousViolations()).toEqual([])
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await seriousViolations()).toEqual([])
    await shot('browsers-pasted-link-1024-dark')
  })
})
