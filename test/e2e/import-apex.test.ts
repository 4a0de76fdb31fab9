/**
 * Import APEX export in real Chromium through the loopback browser host: the
 * page reads the picked export and the engine opens its home page in a new
 * session, which the state table shows.
 */
import { join } from 'node:path'
import { beforeEach, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { EngineService } from '../../src-main/api/engine-service.js'
import type { WebHost } from '../../src-main/web-host/server.js'
import { F130_FILE, F347_FOLDER } from '../apex-import/fixtures.js'
import { SCREENSHOT_DIR } from './helpers/chrome.js'
import { useHostedPage } from './helpers/hosted-page.js'
import { describeWithSharedFixtures } from '../helpers/shared-fixtures.js'

const env = useHostedPage()
let service: EngineService
let host: WebHost
let page: Page

beforeEach(() => {
  ;({ service, host, page } = env)
})

describeWithSharedFixtures('Import APEX export in Chromium', () => {
  it('uploads f130.sql: the home page opens in a new session shown in the state table, with the import summary', async () => {
    await page.goto(host.url)
    const button = page.getByTestId('import-apex-button')
    await button.waitFor()
    // Keyboard: the menu opens on its first choice and closes with Esc.
    await button.focus()
    await page.keyboard.press('Enter')
    await page.getByRole('menuitem', { name: 'Single-file export (.sql)…' }).waitFor()
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Single-file export (.sql)…')
    await page.keyboard.press('Escape')
    await expect(page.getByRole('menu').count()).resolves.toBe(0)

    await page.getByTestId('import-apex-file-input').setInputFiles(F130_FILE)
    const summary = page.getByTestId('import-apex-summary')
    await summary.waitFor()
    await page.waitForSelector('[data-testid=workspace-title]:has-text("130")')
    await expect(summary.getAttribute('data-action')).resolves.toBe('newWorkspace')
    await expect(summary.locator('[data-count-of=pages] td').first().textContent()).resolves.toBe('47')

    const sessions = service.engine!.sessions()
    expect(sessions).toHaveLength(1)
    const session = sessions[0]!
    expect(session).toMatchObject({ currentApp: 130, currentPage: 1 })
    const row = page.locator(`[data-testid=state-row][data-session-id="${session.id}"][data-item=LAST_VIEW]`)
    await row.waitFor()
    await expect(row.getAttribute('data-app')).resolves.toBe('130')
    await expect(row.getAttribute('data-value')).resolves.toBe('1')
    await expect(page.getByTestId('import-apex-home').textContent()).resolves.toContain(`session A (${session.id})`)
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'import-apex-summary.png') })
    await page.keyboard.press('Escape')
    await expect(summary.count()).resolves.toBe(0)
  })

  it('adds a split-export folder (f347) to the live workspace: the new session appears next to the first', async () => {
    await page.goto(host.url)
    await page.getByTestId('import-apex-file-input').setInputFiles(F130_FILE)
    await page.getByTestId('import-apex-summary').waitFor()
    await page.getByTestId('import-apex-summary-close').click()
    await page.getByTestId('import-apex-folder-input').setInputFiles(F347_FOLDER)
    const summary = page.getByTestId('import-apex-summary')
    await page.waitForSelector('[data-testid=import-apex-summary][data-action=added]')
    await expect(summary.getByTestId('import-apex-problems').getAttribute('data-count')).resolves.not.toBe('0')
    const imported = service.engine!.sessions().find((x) => x.currentApp === 347)!
    expect(imported).toMatchObject({ alias: 'B', currentPage: 10 })
    await page.waitForSelector('[data-testid=playhead][data-step="1"]')
    expect(service.steps).toHaveLength(2)
  })
})
