/**
 * Browsers, their cookies and the sessions they own, as one text for a store
 * file's meta table (issue #16). The store keeps session records and rows in
 * its own columns, which have no place for a browser; an engine that
 * continues a saved workspace through a store file reads this back, so its
 * browsers still hold the sessions they held.
 */
import { newBrowser, withJar } from '../browsers/browser.js'
import { setCookie } from '../browsers/cookie-jar.js'
import type { SessionState } from './session-state.js'

/** The meta table's key. */
export const BROWSERS_META_KEY = 'browsers'

interface BrowsersMeta {
  /** Browser name → its cookies [name, path, value], in the jar's order. */
  browsers: [string, [string, string, string][]][]
  /** Session ID → [browser, cookie value], for every record that names a browser. */
  owners: [number, string, string | null][]
}

/** The text for `state`, or null when it has no browsers (older traces: nothing to keep). */
export function encodeBrowsers(state: SessionState): string | null {
  if (state.browsers.size === 0) return null
  const meta: BrowsersMeta = { browsers: [], owners: [] }
  for (const b of state.browsers.values()) meta.browsers.push([b.name, [...b.jar.cookies.values()].map((c) => [c.name, c.path, c.value])])
  for (const s of state.sessions.values()) if (s.browser !== undefined) meta.owners.push([s.id, s.browser, s.cookie ?? null])
  return JSON.stringify(meta)
}

/** Puts the browsers and the owners' fields of `text` (from encodeBrowsers) into a state loaded from a store. */
export function restoreBrowsers(state: SessionState, text: string): void {
  let meta: BrowsersMeta
  try {
    meta = JSON.parse(text) as BrowsersMeta
  } catch (err) {
    throw new Error(`the store's "${BROWSERS_META_KEY}" meta value is not JSON: ${(err as Error).message}`, { cause: err })
  }
  if (!Array.isArray(meta.browsers) || !Array.isArray(meta.owners)) throw new Error(`the store's "${BROWSERS_META_KEY}" meta value lacks its browsers or owners list`)
  for (const [name, cookies] of meta.browsers) {
    let b = newBrowser(name)
    for (const [cookie, path, value] of cookies) b = withJar(b, setCookie(b.jar, cookie, value, path))
    state.browsers.set(name, b)
  }
  for (const [id, browser, cookie] of meta.owners) {
    const rec = state.sessions.get(id)
    if (!rec) continue
    state.sessions.set(id, cookie === null ? { ...rec, browser } : { ...rec, browser, cookie })
  }
}
