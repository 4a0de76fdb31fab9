/**
 * The shared frame of the browser tests: one Chromium per file, and per test
 * a fresh engine service behind the loopback browser host and a fresh page,
 * with every page error and console error failing the test.
 */
import { mkdirSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { EngineService } from '../../../src-main/api/engine-service.js'
import { startWebHost } from '../../../src-main/web-host/server.js'
import type { WebHost } from '../../../src-main/web-host/server.js'
import { SCREENSHOT_DIR, buildForTests, findChrome, launchChrome } from './chrome.js'
import { slowEngineMs, slowedService } from './slow-engine.js'

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

/**
 * A browser test's time limit when it names none (the suite's 30 s is for unit tests): a walk through the
 * UI is many engine answers and paints, and CI runs every file at once on two cores of a slower machine —
 * the exercise walk took 11 s here with two CPU burners running, so 30 s left it no room for twice that.
 * Each wait inside still has its own limit (Playwright's 30 s per wait), so a hang fails on the wait that hung.
 */
export const BROWSER_TEST_TIMEOUT = 120_000
/**
 * Building the renderer and starting Chromium: every browser-test file does both at once when CI starts
 * (about 20 s here under load; several times that with all of them building together on a slower machine).
 */
export const BROWSER_SETUP_TIMEOUT = 300_000

/** Registers the hooks; the returned object holds the current test's service, host, context and page (set in beforeEach; a test that replaces the context or page sets them here, so afterEach closes the right one). */
export function useHostedPage(): HostedPage {
  let staticDir: string
  const pageErrors: string[] = []
  const current = { pageErrors } as HostedPage
  // For the tests of the file calling this (vi.setConfig is per file); a test naming its own limit keeps it.
  vi.setConfig({ testTimeout: BROWSER_TEST_TIMEOUT })

  beforeAll(async () => {
    findChrome() // fails with a message naming CHROME_PATH when there is no browser
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    ;[staticDir, current.browser] = await Promise.all([buildForTests(), launchChrome()])
  }, BROWSER_SETUP_TIMEOUT)

  afterAll(async () => {
    await current.browser?.close()
  })

  beforeEach(async () => {
    current.service = new EngineService()
    const slow = slowEngineMs()
    current.host = await startWebHost({ service: slow > 0 ? slowedService(current.service, slow) : current.service, staticDir, port: 0 })
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
