/**
 * The renderer in real Chromium against the real engine through the
 * loopback browser host: what a person does with Session Scope, end to end.
 * Screenshots of the main views go to test-artifacts/screenshots/.
 */
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import type { EngineService } from '../../src-main/api/engine-service.js'
import type { WebHost } from '../../src-main/web-host/server.js'
import { SCREENSHOT_DIR } from './helpers/chrome.js'
import { useHostedPage } from './helpers/hosted-page.js'

const env = useHostedPage()
let service: EngineService
let host: WebHost
let context: BrowserContext
let page: Page
const pageErrors = env.pageErrors

beforeEach(() => {
  ;({ service, host, context, page } = env)
})

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) })
const playheadAt = (step: number, phase: number | '' = '') => page.waitForSelector(`[data-testid=playhead][data-step="${step}"][data-phase="${phase}"]`)
const row = (item: string, alias = 'A') => page.locator(`[data-testid=state-row][data-session-alias="${alias}"][data-item="${item}"]`)

async function openWizard(): Promise<void> {
  await page.goto(host.url)
  await page.getByTestId('open-demo-onboarding-wizard').click()
  await page.waitForSelector('[data-testid=workspace-title]:has-text("Onboard New Employee")')
  await playheadAt(0)
}

describe('Session Scope in Chromium', () => {
  it('opens the wizard demo from the empty state and steps through it, checking table values', async () => {
    await page.goto(host.url)
    await page.waitForSelector('[data-testid=open-demo-onboarding-wizard]')
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain('token=')
    await shot('empty-state')
    await page.getByTestId('open-demo-onboarding-wizard').click()
    await playheadAt(0)
    await expect(row('G_EMP_COUNT').getAttribute('data-value')).resolves.toBe('0')
    expect(await page.locator('[data-testid=state-row]').count()).toBe(1)
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
    await playheadAt(3)
    await expect(row('P43_ENAME').getAttribute('data-value')).resolves.toBe('KING')
    await expect(row('P43_ENAME').getAttribute('data-status')).resolves.toBe('I')
    await expect(row('P43_ENAME').getAttribute('data-change')).resolves.toBe('set')
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
    await playheadAt(6)
    await expect(row('P44_SAL').getAttribute('data-value')).resolves.toBe('5000')
    await expect(row('P44_SAL').getAttribute('data-page')).resolves.toBe('44')
    await page.keyboard.press('End')
    await playheadAt(13)
    await expect(row('P43_ENAME').getAttribute('data-status')).resolves.toBe('R')
    expect(await row('P43_ENAME').getAttribute('data-value')).toBeNull()
    await expect(row('G_EMP_COUNT').getAttribute('data-value')).resolves.toBe('1')
    await page.keyboard.press('ArrowLeft')
    await playheadAt(12)
    await expect(row('P43_ENAME').getAttribute('data-value')).resolves.toBe('KING')
    await shot('main-view')
    await page.keyboard.press('Shift+?')
    await page.waitForSelector('[data-testid=help-overlay]')
    await shot('help-overlay')
  })

  it('steps into a clear-cache step: tokens, items highlighted, then nulled', async () => {
    await openWizard()
    await page.getByTestId('timeline-step').filter({ hasText: 'button FINISH' }).click()
    await playheadAt(12)
    // ↓ enters the step shown (issue #14): → shows the clear-cache step, ↓ enters its first phase.
    await page.keyboard.press('ArrowRight')
    await playheadAt(13)
    await page.keyboard.press('ArrowDown')
    await playheadAt(13, 0)
    const through = page.getByTestId('clear-cache-through')
    await expect(through.getAttribute('data-stage')).resolves.toBe('1')
    await expect(row('P44_JOB').getAttribute('data-value')).resolves.toBe('PRESIDENT')
    await expect(page.locator('.cc-item.about-to-null[data-item=P44_JOB]').count()).resolves.toBe(1)
    await expect(row('P44_JOB').getAttribute('data-pending')).resolves.toBe('reset')
    await shot('clear-cache-before')
    await page.keyboard.press('ArrowDown')
    await playheadAt(13, 1)
    await expect(through.getAttribute('data-stage')).resolves.toBe('2')
    expect(await row('P44_JOB').getAttribute('data-value')).toBeNull()
    await expect(row('P44_JOB').getAttribute('data-change')).resolves.toBe('reset')
    await shot('clear-cache-nulled')
    await page.keyboard.press('ArrowUp')
    await playheadAt(13, 0)
    await page.keyboard.press('ArrowRight')
    await playheadAt(13)
  })

  it('clones a session in live mode and shows both sessions', async () => {
    await openWizard()
    await page.keyboard.press('End')
    await playheadAt(13)
    await page.locator('[data-testid=session-row][data-session-alias=A]').click()
    await page.getByRole('button', { name: 'Clone', exact: true }).click()
    await playheadAt(14)
    await expect.poll(() => page.locator('[data-testid=session-row]').count()).toBe(2)
    await expect(page.locator('[data-testid=session-row][data-session-alias=B]').getAttribute('aria-level')).resolves.toBe('2')
    await expect(row('G_EMP_COUNT', 'B').getAttribute('data-value')).resolves.toBe('1')
    await expect(page.getByTestId('clone-through').isVisible()).resolves.toBe(true)
    await shot('clone-live')
    await page.getByLabel('Compare').check()
    await page.waitForSelector('[data-testid=compare-row]')
    await shot('compare')
    // The clone is a live step no file has: opening a demo over it asks first; Esc keeps it.
    await expect(page.getByTestId('unsaved-badge').getAttribute('data-count')).resolves.toBe('1')
    await page.locator('#demo-select').selectOption('session-cloning')
    await page.getByTestId('unsaved-prompt').waitFor()
    await expect(page.getByTestId('unsaved-save').evaluate((el) => el === document.activeElement)).resolves.toBe(true)
    await shot('unsaved-prompt')
    await page.keyboard.press('Escape')
    await page.getByTestId('unsaved-prompt').waitFor({ state: 'detached' })
    await expect.poll(() => page.locator('[data-testid=session-row]').count()).toBe(2)
    expect(service.timeline.stepCount).toBe(15)
  })

  it('types in the page simulator and submits', async () => {
    await openWizard()
    await page.keyboard.press('End')
    // The live request below is made at the last step: the simulator shows the page there once End has landed.
    await playheadAt(13)
    await page.getByRole('tab', { name: 'Simulator' }).click()
    await page.waitForSelector('[data-testid=sim-page][data-page="1"]')
    await page.getByRole('button', { name: 'Onboard new employee' }).click()
    await page.waitForSelector('[data-testid=sim-page][data-page="43"]')
    await page.getByLabel('Name P43_ENAME').fill('SMITH')
    await page.getByLabel('Email P43_EMAIL').fill('smith@example.com')
    await page.getByRole('button', { name: 'Next >' }).click()
    await page.waitForSelector('[data-testid=sim-page][data-page="44"]')
    await expect(row('P43_ENAME').getAttribute('data-value')).resolves.toBe('SMITH')
    await page.getByLabel('Salary P44_SAL').fill('-5')
    await page.getByRole('button', { name: 'Next >' }).click()
    await page.waitForSelector('[data-testid=inline-error]')
    await expect(page.getByTestId('inline-error').textContent()).resolves.toMatch(/positive number/)
    await shot('simulator')
    await page.getByRole('tab', { name: 'Flow' }).click()
    await page.waitForSelector('[data-testid=flow-node]')
    await shot('flow')
  })

  it('searches a value over all steps and jumps to it', async () => {
    await openWizard()
    await page.locator('#timeline-search').fill('king@example.com')
    await page.getByRole('button', { name: 'Find' }).click()
    const hit = page.getByTestId('search-hit').first()
    await expect(hit.getAttribute('data-step')).resolves.toBe('3')
    await hit.click()
    await playheadAt(3)
    await expect(row('P43_EMAIL').getAttribute('data-value')).resolves.toBe('king@example.com')
    await expect(row('P43_EMAIL').getAttribute('data-change')).resolves.toBe('set')
    await page.keyboard.press('End')
    await page.getByRole('tab', { name: 'Tables' }).click()
    await page.waitForSelector('[data-testid=sim-table-row]')
    await shot('tables')
  })

  it('opens the workspace in a second window with every row’s last change from the engine, and expires a session at its limit', async () => {
    await openWizard()
    // A second window of the same page connects late: it opens the workspace the engine has, at its last step.
    const second = await context.newPage()
    second.on('pageerror', (e) => pageErrors.push(e.message))
    await second.goto(`${host.url}&step=last`)
    await second.waitForSelector('[data-testid=workspace-title]:has-text("Onboard New Employee")')
    await second.waitForSelector('[data-testid=playhead][data-step="13"]')
    expect(await second.getByRole('button', { name: 'why?' }).count()).toBe(0)
    const changed = async (item: string) => {
      const cell = second.locator(`[data-testid=state-row][data-session-alias=A][data-item="${item}"] .c-changed`)
      return { step: await cell.getAttribute('data-changed-step'), phase: await cell.getAttribute('data-changed-phase'), cause: (await cell.locator('.cause').textContent())?.trim() }
    }
    const engineWhy = async (item: string, page: number | null) => {
      const a = (await service.dispatch('sessions.list', {})) as { ok: true; result: { id: number; alias: string | null }[] }
      const id = a.result.find((x) => x.alias === 'A')!.id
      const w = (await service.dispatch('timeline.why', { point: { step: 13 }, session: id, app: 100, page, item })) as { ok: true; result: { step: number; phase: number; cause: string } }
      return { step: String(w.result.step), phase: String(w.result.phase), cause: w.result.cause }
    }
    expect(await changed('P44_JOB')).toEqual(await engineWhy('P44_JOB', 44))
    expect((await changed('P44_JOB')).cause).toMatch(/ClearCache token 44/)
    expect(await changed('G_EMP_COUNT')).toEqual(await engineWhy('G_EMP_COUNT', null))
    await second.screenshot({ path: join(SCREENSHOT_DIR, 'second-window-last-change.png') })
    await second.close()
    // Expire A from the first window: a wait to exactly 1 s past its idle limit (the demo's default: 3,600 s).
    await page.keyboard.press('End')
    await playheadAt(13)
    await page.locator('[data-testid=session-row][data-session-alias=A]').click()
    const expire = page.getByRole('button', { name: 'Expire', exact: true })
    const title = (await expire.getAttribute('title'))!
    const m = /^Wait (\d+) s: .*idle limit \(3600 s.*t = (\d+) s/.exec(title)
    expect(m, title).not.toBeNull()
    await expire.click()
    await playheadAt(14)
    await expect.poll(() => page.locator('[data-testid=session-row][data-session-alias=A]').getAttribute('data-status')).toBe('expired')
    const steps = service.steps
    expect(steps[14]!.input).toMatchObject({ type: 'wait', seconds: Number(m![1]) })
    expect(steps[14]!.t + Number(m![1])).toBe(Number(m![2]))
  })

  it('refuses a token-less request and a foreign origin', async () => {
    const fresh = await env.browser.newContext()
    try {
      const p = await fresh.newPage()
      const res = await p.goto(`http://127.0.0.1:${host.port}/`)
      expect(res?.status()).toBe(401)
      expect(await p.textContent('body')).toMatch(/token/)
    } finally {
      await fresh.close()
    }
    const forged = await fetch(`http://127.0.0.1:${host.port}/?token=${host.token}`, { headers: { origin: 'http://evil.example' } })
    expect(forged.status).toBe(403)
  })

  it('follows a dark system theme', async () => {
    await context.close()
    env.context = await env.browser.newContext({ viewport: { width: 1500, height: 900 }, colorScheme: 'dark' })
    env.page = await env.context.newPage()
    ;({ context, page } = env)
    await openWizard()
    await page.keyboard.press('End')
    await playheadAt(13)
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(bg).toBe('rgb(20, 23, 29)')
    await shot('main-view-dark')
  })
})
