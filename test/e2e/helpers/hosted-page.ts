/**
 * The shared frame of the browser tests: one Chromium per file, and per test
 * a fresh engine service behind the loopback browser host and a fresh page,
 * with every page error and console error failing the test.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { EngineService } from '../../../src-main/api/engine-service.js'
import { startWebHost } from '../../../src-main/web-host/server.js'
import type { WebHost } from '../../../src-main/web-host/server.js'
import { SCREENSHOT_DIR, buildForTests, findChrome, launchChrome } from './chrome.js'

export interface HostedPage {
  /** One Chromium for the whole file (for extra contexts). */
  browser: Browser
  /** Page and console errors of the current test; extra pages may push theirs. */
  pageErrors: string[]
  service: EngineService
  host: WebHost
  context: BrowserContext
  page: Page
}

/** Registers the hooks; the returned object holds the current test's service, host, context and page (set in beforeEach; a test that replaces the context or page sets them here, so afterEach closes the right one). */
export function useHostedPage(): HostedPage {
  let staticDir: string
  const pageErrors: string[] = []
  const current = { pageErrors } as HostedPage

  beforeAll(async () => {
    findChrome() // fails with a message naming CHROME_PATH when there is no browser
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    ;[staticDir, current.browser] = await Promise.all([buildForTests(), launchChrome()])
  }, 120_000)

  afterAll(async () => {
    await current.browser?.close()
  })

  beforeEach(async () => {
    current.service = new EngineService()
    current.host = await startWebHost({ service: current.service, staticDir, port: 0 })
    current.context = await current.browser.newContext({ viewport: { width: 1500, height: 900 }, colorScheme: 'light' })
    current.page = await current.context.newPage()
    pageErrors.length = 0
    current.page.on('pageerror', (e) => pageErrors.push(e.message))
    current.page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text())
    })
  })

  afterEach(async () => {
    await current.context?.close()
    await current.host?.close()
    current.service?.close()
    expect(pageErrors).toEqual([])
  })

  return current
}
