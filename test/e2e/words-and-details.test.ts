/**
 * Words and details (issue #14) in real Chromium through the loopback browser
 * host: State CSV / State JSON download the engine's state as files built in
 * the page (the host's CSP lets the Blob download through); the help is a
 * native modal <dialog> that Esc closes with focus back on the button; the
 * inspector says what a clone did in words.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { EngineService } from '../../src-main/api/engine-service.js'
import { stateRowsToCsv } from '../../src-main/engine/model/state-export.js'
import type { WebHost } from '../../src-main/web-host/server.js'
import { SCREENSHOT_DIR } from './helpers/chrome.js'
import { useHostedPage } from './helpers/hosted-page.js'

const env = useHostedPage()
let host: WebHost
let page: Page
let service: EngineService

beforeEach(() => {
  ;({ host, page, service } = env)
})

async function openWizard() {
  await page.goto(host.url)
  await page.getByTestId('open-demo-onboarding-wizard').click()
  await page.waitForSelector('[data-testid=workspace-title]:has-text("Onboard New Employee")')
}

describe('words and details in Chromium', () => {
  it('State CSV and State JSON download the engine’s state', async () => {
    await openWizard()
    const answer = await service.dispatch('state.rows', {})
    if (!answer.ok) throw new Error(JSON.stringify(answer))
    const rows = { result: answer.result as Parameters<typeof stateRowsToCsv>[0] }
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-state-csv').click()])
    expect(csv.suggestedFilename()).toBe('onboard-new-employee-wizard-pages-43-45 state.csv')
    const csvText = readFileSync((await csv.path())!, 'utf8')
    expect(csvText.split('\r\n')[0]).toBe('session,app,page,item,value,status')
    expect(csvText).toBe(stateRowsToCsv(rows.result))

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-state-json').click()])
    expect(json.suggestedFilename()).toBe('onboard-new-employee-wizard-pages-43-45 state.json')
    const parsed = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { format: string; version: number; workspace: string; rows: unknown[] }
    expect([parsed.format, parsed.version, parsed.workspace]).toEqual(['session-scope-state', 1, 'Onboard New Employee wizard (pages 43-45)'])
    expect(parsed.rows).toEqual(rows.result)
  })

  it('the help is a native modal dialog: Esc closes it and focus returns to the ? button', async () => {
    await openWizard()
    const button = page.getByRole('button', { name: 'Keyboard shortcuts' })
    await button.click()
    const dialog = page.locator('dialog[data-testid=help-overlay]')
    await dialog.waitFor()
    await expect(dialog.evaluate((d) => (d as HTMLDialogElement).open && d.matches(':modal'))).resolves.toBe(true)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'help-dialog.png') })
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    // Focus goes back as the dialog unmounts (its effect's cleanup), not necessarily before it is detached.
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true)
  })

  it('the inspector says what a clone did, in words', async () => {
    await page.goto(host.url)
    await page.getByTestId('open-demo-session-cloning').click()
    await page.waitForSelector('[data-testid=workspace-title]:has-text("Session cloning")')
    // The title shows before the state at step 0 arrives: arrows pressed meanwhile start from no step.
    await page.waitForSelector('[data-testid=playhead][data-step="0"]')
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
    await page.waitForSelector('[data-testid=playhead][data-step="3"]')
    await page.waitForSelector('[data-testid=inspector][data-step="3"]')
    await expect(page.getByTestId('operation-words').textContent()).resolves.toBe('Clone session A as B (APEX_CLONE_SESSION), showing page 44')
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'clone-in-words.png') })
  })
})
