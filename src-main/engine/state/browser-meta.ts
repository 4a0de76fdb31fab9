/**
 * Browsers, their cookies and the sessions they own, in a store file's meta
 * table (issue #16). The store keeps session records and rows in its own
 * columns, which have no place for a browser; an engine that continues a
 * saved workspace through a store file reads this back, so its browsers still
 * hold the sessions they held.
 *
 * Two forms: one text for the whole state (encodeBrowsers, written once when
 * a store file is made from a state), and small per-browser and per-session
 * keys a running engine writes for what one step changed (browserMetaChanges),
 * so a step costs its own effects, not a pass over every session.
 */
import { newBrowser, withJar } from '../browsers/browser.js'
import type { Browser } from '../browsers/browser.js'
import { setCookie } from '../browsers/cookie-jar.js'
import type { Effect } from '../model/effect.js'
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

/** The names of every browser, as a JSON list (written when a browser appears: browsers are few). */
export const BROWSER_NAMES_META_KEY = 'browserNames'
/** One browser's cookies, [name, path, value] in the jar's order. */
const browserKey = (name: string): string => `browser:${name}`
/** One session's owner, [browser, cookie value] or null (no longer owned). */
const ownerKey = (session: number): string => `browserOwner:${session}`

const cookiesOf = (b: Browser): [string, string, string][] => [...b.jar.cookies.values()].map((c) => [c.name, c.path, c.value])

/**
 * The meta keys a step with `effects` (already applied to `state`) changed:
 * the browsers it created or whose cookies it set, and the sessions whose
 * owner or cookie it changed (a rekeyed session under its new ID). Work in
 * the step's effects only; an empty object for steps that touch no browser.
 */
export function browserMetaChanges(state: SessionState, effects: readonly Effect[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of effects) {
    switch (e.op) {
      case 'browser':
        out[BROWSER_NAMES_META_KEY] = JSON.stringify([...state.browsers.keys()])
        out[browserKey(e.browser)] = JSON.stringify(cookiesOf(state.browsers.get(e.browser)!))
        break
      case 'cookie': {
        const b = state.browsers.get(e.browser)
        if (b) out[browserKey(e.browser)] = JSON.stringify(cookiesOf(b))
        break
      }
      case 'session':
        if (e.from?.browser !== e.to?.browser || e.from?.cookie !== e.to?.cookie) out[ownerKey(e.session)] = ownerText(state, e.session)
        break
      case 'rekey':
        if (state.sessions.get(e.to)?.browser !== undefined) {
          out[ownerKey(e.from)] = 'null'
          out[ownerKey(e.to)] = ownerText(state, e.to)
        }
        break
      default:
        break
    }
  }
  return out
}

function ownerText(state: SessionState, id: number): string {
  const rec = state.sessions.get(id)
  return rec?.browser === undefined ? 'null' : JSON.stringify([rec.browser, rec.cookie ?? null])
}

/**
 * Applies the per-step keys (browserMetaChanges) on top of a state loaded from
 * a store (and of its whole-state text, when it had one). Looks up an owner
 * key per session only when the store has browsers at all: older stores pay
 * one lookup.
 */
export function restoreBrowserChanges(state: SessionState, getMeta: (key: string) => string | undefined): void {
  const namesText = getMeta(BROWSER_NAMES_META_KEY)
  if (namesText === undefined) return
  for (const name of parseMeta<string[]>(BROWSER_NAMES_META_KEY, namesText)) {
    const text = getMeta(browserKey(name))
    let b = newBrowser(name)
    if (text !== undefined) for (const [cookie, path, value] of parseMeta<[string, string, string][]>(browserKey(name), text)) b = withJar(b, setCookie(b.jar, cookie, value, path))
    state.browsers.set(name, b)
  }
  for (const [id, rec] of state.sessions) {
    const text = getMeta(ownerKey(id))
    if (text === undefined) continue
    const owner = parseMeta<[string, string | null] | null>(ownerKey(id), text)
    const { browser: _b, cookie: _c, ...plain } = rec
    if (owner === null) state.sessions.set(id, plain)
    else state.sessions.set(id, owner[1] === null ? { ...plain, browser: owner[0] } : { ...plain, browser: owner[0], cookie: owner[1] })
  }
}

function parseMeta<T>(key: string, text: string): T {
  try {
    return JSON.parse(text) as T
  } catch (err) {
    throw new Error(`the store's "${key}" meta value is not JSON: ${(err as Error).message}`, { cause: err })
  }
}
