/**
 * A browser (issue #16): one cookie jar shared by all its tabs. APEX keeps
 * "one session per browser and application" (docs/browsers-and-sessions.md)
 * because the session cookie lives in the jar, not in a tab: a second tab
 * sends the same cookie, so it reaches the same session unless it clones one
 * (APEX_CLONE_SESSION, which keeps the cookie value: reference §9).
 *
 * Immutable values, pure functions: the engine will keep browsers beside its
 * sessions and change them through effects when the lifecycle is wired.
 */
import type { CookieJar } from './cookie-jar.js'
import { emptyJar } from './cookie-jar.js'

export interface Browser {
  /** The trace's name for it ("B1", "Alice's laptop"), unique in a workspace. */
  name: string
  jar: CookieJar
  /** Open tabs by name, in opening order. Tabs carry no cookies of their own. */
  tabs: readonly string[]
}

/** The tab a browser opens with, and the one an event without a tab acts in. */
export const FIRST_TAB = '1'

export class BrowserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BrowserError'
  }
}

export function newBrowser(name: string): Browser {
  if (typeof name !== 'string' || name.trim() === '') throw new BrowserError('a browser needs a non-empty name')
  return { name, jar: emptyJar(), tabs: [FIRST_TAB] }
}

/** Opens a tab; it shares the browser's jar. Opening a tab that is open is an error naming both. */
export function openTab(browser: Browser, tab: string): Browser {
  if (typeof tab !== 'string' || tab.trim() === '') throw new BrowserError(`browser ${browser.name}: a tab needs a non-empty name`)
  if (browser.tabs.includes(tab)) throw new BrowserError(`browser ${browser.name} already has a tab ${tab}`)
  return { ...browser, tabs: [...browser.tabs, tab] }
}

/** The jar a request from `tab` sends: the browser's own, whichever tab asks. */
export function jarForTab(browser: Browser, tab: string = FIRST_TAB): CookieJar {
  if (!browser.tabs.includes(tab)) throw new BrowserError(`browser ${browser.name} has no tab ${tab} (open: ${browser.tabs.join(', ')})`)
  return browser.jar
}

/** The browser with its jar replaced (a response's Set-Cookie landed). */
export function withJar(browser: Browser, jar: CookieJar): Browser {
  return jar === browser.jar ? browser : { ...browser, jar }
}
