/**
 * A show request (GET): semantics §3 end to end — parse the URL, check page
 * and item protection, resolve or create the session (On New Instance), hand
 * APEX_CLONE_SESSION to cloning, apply clear cache, set URL items, render.
 */
import type { CompiledApp, CompiledPage } from '../app/compiled-app.js'
import type { RequestInfo } from '../model/step.js'
import { isDigits, normalizeName } from '../model/values.js'
import { applyClearCache } from '../runtime/clear-cache.js'
import type { EffectiveSettings, EngineContext } from '../runtime/engine-context.js'
import { findApp } from '../runtime/engine-context.js'
import { appLogicAt } from '../app/compiled-app.js'
import { runComputations, runProcesses } from '../runtime/page-logic.js'
import { renderPage } from '../runtime/render-page.js'
import { RequestContext } from '../runtime/request-context.js'
import { createSession, endSession, expiryReason, touchGroup, updateSession } from '../runtime/session-lifecycle.js'
import { checksumContext, checksumKeyOf, findPage, protectionRules } from '../runtime/app-url-signing.js'
import type { UrlRequest } from '../url/index.js'
import { buildUrl, parseUrl } from '../url/index.js'
import type { ChecksumScope } from '../url/checksum.js'
import { checkSessionStateProtection, demandedChecksum, hasPayload, readChecksum, signUrl } from '../url/checksum.js'
import { emptyJar } from '../browsers/cookie-jar.js'
import { decideJoin, originalOf } from '../browsers/join-decision.js'
import { effectiveRejoin } from '../browsers/rejoin-sessions.js'
import type { SessionRecord } from '../model/effect.js'
import type { BrowserUse } from '../runtime/browser-cookies.js'
import { NO_BROWSER, appCookie, ensureBrowser, heldValue, sessionViews, setSessionCookie } from '../runtime/browser-cookies.js'
import { runClone } from './clone.js'
import type { OperationEnv, OperationResult } from './operation-result.js'
import { failure } from './operation-result.js'

export const CLONE_REQUEST = 'APEX_CLONE_SESSION'

const NONE: never[] = Object.freeze([]) as never[]

/** Interactive-report filter pseudo-items (IREQ_X, IRLT_X, …) ride in itemNames but are not session state. */
const IR_PSEUDO_ITEM = /^IR[A-Z]*_/

export interface ShowInput {
  /** URL after substitutions. */
  url: string
  /** Session to use when the URL's session part is empty (the trace event's `session`). */
  sessionHint: number | null
  /** Alias for a session this request creates (trace `as`). */
  as: string | null
  /**
   * The engine's own redisplay after a submit with no branch: not a URL the
   * browser chose, so page access protection does not refuse it.
   */
  internal?: boolean
  /** Issue #16: the browser the request comes from (absent: none named, the pre-issue-16 rules). */
  browser?: BrowserUse
  /** Issue #16: a URL the app built (a redirect): Session State Protection does not check it. */
  appBuilt?: boolean
  /** Issue #16: sign the URL at this scope first (the trace's `sign`). */
  sign?: ChecksumScope
  /** What parseUrl(url) gives, when the engine built the URL itself (a redirect of its own): not parsed again. */
  parsed?: UrlRequest
}

export function runShow(env: OperationEnv, input: ShowInput): OperationResult {
  const { ctx, rec } = env
  rec.enter('resolveSession', 'Parse URL and resolve session')
  let u: UrlRequest
  if (input.parsed !== undefined) u = input.parsed
  else {
    const parsed = parseUrl(input.url)
    if (!parsed.ok) {
      const e = parsed.error
      return failure('show', 'error', `malformed URL: ${e.message} (part ${e.part}, position ${e.position})`)
    }
    u = parsed.value
  }
  let url = input.url
  const app = findApp(ctx, u.app)
  if (!app) return failure('show', 'error', `unknown application ${u.app} in URL ${input.url}`)
  const page = findPage(app, u.page)
  if (!page) return failure('show', 'error', `application ${app.id} has no page ${u.page}`)
  // Issue #16: a `sign`ed request carries the checksum the app would have put in its link.
  // A redirect the app built for an explicit browser carries one at session level when its target demands it (APEX's own links carry cs=3…).
  const sign = input.sign ?? (input.appBuilt && input.browser?.explicit && demandedChecksum(page.id, u, protectionRules(app, page)) !== null ? 'session' : undefined)
  if (sign !== undefined) {
    u = signUrl(checksumKeyOf(ctx, app), sign, checksumContext(ctx, app, page, signingSession(ctx, u, input.sessionHint, input.browser)), u)
    url = buildUrl(u)
  }
  const requestInfo = describeRequest(url, app, page, u)

  // Access checks come first: a refused request changes nothing (§3).
  const access = input.internal ? null : checkAccess(app, page, u)
  if (access) return { ...failure('show', 'error', access), app: app.id, page: page.id, request: requestInfo }

  const slot = u.session.trim()
  if (slot !== '' && slot !== '0' && !isDigits(slot)) return { ...failure('show', 'error', `session "${slot}" in URL is not a number`), request: requestInfo }
  const use = input.browser ?? NO_BROWSER
  let existing: SessionRecord | undefined
  if (use.explicit && use.name !== null) {
    // Issue #16: the cookie rules, Rejoin Sessions and Session State Protection.
    const resolved = resolveFromBrowser(env, input, u, app, page, use.name)
    if (!resolved.ok) return { ...resolved.result, app: app.id, page: page.id, request: requestInfo }
    existing = resolved.session
  } else {
    // Resolve the session.
    let sessionId: number | null = null
    if (slot === '' && input.sessionHint !== null) sessionId = input.sessionHint
    else if (slot !== '' && slot !== '0') sessionId = Number(slot)
    existing = sessionId !== null ? ctx.state.sessions.get(sessionId) : undefined
    if (existing && existing.ended === null) {
      const why = expiryReason(ctx.state.groups.get(existing.groupId), ctx.now)
      if (why) {
        rec.enter('deleteSessions', 'Session expired: delete it and its state')
        endSession(ctx, rec, existing.id, 'expired', `session ${existing.id} expired: ${why}`)
        return { ...failure('show', 'expired', `session ${existing.id} expired: ${why}`, existing.id), app: app.id, page: page.id, request: requestInfo }
      }
    } else if (sessionId !== null) {
      rec.notice(`session ${sessionId} not found: new session`, { code: 'sessionNotFound' })
      existing = undefined
    }
  }

  const isClone = normalizeName(u.request) === CLONE_REQUEST
  if (isClone && existing && existing.ended === null) {
    return runClone(env, { original: existing.id, app, page, url: u, as: input.as, requestInfo })
  }

  const cause = `request ${url}`
  let session = existing && existing.ended === null ? existing : undefined
  if (!session) {
    if (input.as !== null) {
      const clash = ctx.state.liveWithAlias(input.as)
      if (clash) return failure('show', 'error', `alias ${input.as} is already used by live session ${clash.id}`)
    }
    session = createSession(ctx, rec, { alias: input.as, settings: settingsFor(ctx, app), cause, browser: use.explicit ? use.name : null })
  }
  // Issue #16: the browser that owns the session now holds the app's cookie for it (a new session, another app joining it).
  if (session.browser !== undefined && session.cookie !== undefined) {
    ensureBrowser(ctx, rec, session.browser, cause)
    setSessionCookie(ctx, rec, session.browser, appCookie(app), session.cookie, session.id, cause)
  }
  const rc = new RequestContext(ctx, rec, session.id, app, page)
  touchGroup(ctx, rec, session.groupId, cause)
  joinApp(rc, cause)
  if (isClone) rec.notice(`${CLONE_REQUEST} on a new session: nothing to clone, the page is shown`, { session: session.id })
  rc.request = isClone ? null : u.request === '' ? null : u.request
  rc.debug = u.debug === '' ? null : u.debug
  rc.printerFriendly = u.printerFriendly === '' ? null : u.printerFriendly
  if (u.extra.length > 0) rc.urlExtra = u.extra
  applyUrlState(rc, u, url)
  const result = renderPage(rc)
  const out: OperationResult = { kind: 'show', session: rc.sessionId, app: app.id, page: rc.page.id, request: requestInfo, outcome: 'ok' }
  if (result.kind === 'error') {
    out.outcome = 'error'
    out.reason = result.reason
  } else if (result.kind === 'redirect') out.redirect = { url: result.url, session: rc.sessionId }
  return out
}

type Resolved = { ok: true; session: SessionRecord | undefined } | { ok: false; result: OperationResult }

/**
 * Issue #16: which session a request from an explicit browser joins, after
 * Session State Protection for a URL the user typed. Nothing is changed when
 * it refuses; a session it does not join is left alone (a new one is made
 * by the caller, whose cookie replaces the browser's).
 */
function resolveFromBrowser(env: OperationEnv, input: ShowInput, u: UrlRequest, app: CompiledApp, page: CompiledPage, browser: string): Resolved {
  const { ctx, rec } = env
  const cookie = appCookie(app)
  const slot = u.session.trim()
  const urlSession = slot !== '' ? slot : input.sessionHint !== null ? String(input.sessionHint) : ''
  const named = urlSession === '' || /^0+$/.test(urlSession) ? null : Number(urlSession)
  const held = heldValue(ctx, browser, cookie)
  const live = sessionViews(ctx, named !== null && Number.isSafeInteger(named) ? named : null, held)
  const candidate = held === null ? undefined : originalOf(live, held)
  // The checksum is read for the session the URL names, else the one the cookie would rejoin.
  const namedLive = named !== null ? live.get(named) : undefined
  const target = ctx.state.sessions.get(namedLive?.id ?? candidate?.id ?? -1)
  const key = checksumKeyOf(ctx, app)
  const csContext = checksumContext(ctx, app, page, target)
  const reading = readChecksum(key, csContext, u)
  // A URL the user typed (not a redirect or branch the app built) must satisfy Session State Protection.
  if (!input.appBuilt && !input.internal) {
    const verdict = checkSessionStateProtection(key, csContext, u, protectionRules(app, page))
    if (!verdict.ok) {
      rec.phase('resolveSession', 'Session State Protection: checksum refused', { checksum: verdict.checksum, reason: verdict.reason, apexMessage: verdict.apexMessage })
      return { ok: false, result: failure('show', 'error', `${verdict.reason} — APEX: "${verdict.apexMessage}"`, target?.id ?? null) }
    }
  }
  const decision = decideJoin({
    jar: ctx.state.browsers.get(browser)?.jar ?? emptyJar(),
    cookie,
    urlSession,
    live,
    rejoin: effectiveRejoin({ instance: ctx.instanceRejoin, app: app.def.settings?.rejoinSessions, page: page.def.settings?.rejoinSessions }, page.id),
    payload: hasPayload(u),
    checksum: reading.state,
  })
  ensureBrowser(ctx, rec, browser, `first request of browser ${browser}`)
  if (decision.kind === 'new') {
    rec.phase('resolveSession', 'New session for this browser', { join: 'new', refused: decision.refused, replaces: decision.replaces, reason: decision.reason })
    const code = decision.refused !== null ? 'sessionNotJoined' : named !== null ? 'sessionNotFound' : decision.replaces !== null ? 'sessionNotRejoined' : 'sessionNew'
    if (code !== 'sessionNew') rec.notice(decision.reason, { code })
    return { ok: true, session: undefined }
  }
  rec.phase('resolveSession', `Join session ${decision.session} (${decision.via === 'url' ? 'named in the URL, held by the cookie' : 'Rejoin Sessions'})`, { join: decision.via, reason: decision.reason })
  if (decision.via === 'rejoin') rec.notice(decision.reason, { code: 'sessionRejoined', session: decision.session })
  const existing = ctx.state.sessions.get(decision.session)!
  const why = expiryReason(ctx.state.groups.get(existing.groupId), ctx.now)
  if (why) {
    rec.enter('deleteSessions', 'Session expired: delete it and its state')
    endSession(ctx, rec, existing.id, 'expired', `session ${existing.id} expired: ${why}`)
    return { ok: false, result: failure('show', 'expired', `session ${existing.id} expired: ${why}`, existing.id) }
  }
  return { ok: true, session: existing }
}

/** The session a `sign`ed URL is signed for: the one it names (or the event's), else the one the browser's cookie holds. */
function signingSession(ctx: EngineContext, u: UrlRequest, hint: number | null, use: BrowserUse | undefined): SessionRecord | undefined {
  const slot = u.session.trim()
  const named = slot !== '' && isDigits(slot) ? Number(slot) : slot === '' ? hint : null
  const s = named !== null ? ctx.state.sessions.get(named) : undefined
  if (s) return s
  if (!use?.name) return undefined
  const app = findApp(ctx, u.app)
  const held = app ? heldValue(ctx, use.name, appCookie(app)) : null
  return held === null ? undefined : ctx.state.sessions.get(originalOf(sessionViews(ctx, null, held), held)?.id ?? -1)
}

/** Phases 2 and 3: ClearCache, then the URL's item values, in order. */
export function applyUrlState(rc: RequestContext, u: UrlRequest, url: string): void {
  if (u.clearCache.length > 0) {
    const phase = rc.rec.phase('clearCache', `Clear cache: ${u.clearCache.join(',')}`)
    phase.detail = { tokens: applyClearCache(rc.ctx, rc.rec, rc.sessionId, rc.app, u.clearCache, `URL ${url}`, undefined, rc.page) }
  }
  if (u.items.length === 0) return
  // Interactive-report pseudo items that are no item of the app are passed over (not session state).
  let cause: string | null = null
  for (const { name, value } of u.items) {
    const info = rc.item(name)
    if (!info && IR_PSEUDO_ITEM.test(name)) continue
    if (cause === null) {
      rc.rec.enter('setUrlItems', 'Set URL item values')
      cause = `URL ${url}`
    }
    if (info) rc.setItem(info, value, cause)
  }
}

/** The app's first request in this session runs its On New Instance logic (§1). */
export function joinApp(rc: RequestContext, cause: string): void {
  const session = rc.ctx.state.sessions.get(rc.sessionId)!
  if (session.apps.includes(rc.app.id)) return
  rc.rec.enter('onNewInstance', rc.app.text.onNewInstance)
  updateSession(rc.ctx, rc.rec, rc.sessionId, 'joinedApp', { apps: [...session.apps, rc.app.id] }, cause)
  const logic = appLogicAt(rc.app, 'onNewInstance')
  runComputations(rc, logic.computations)
  runProcesses(rc, logic.processes)
}

export function settingsFor(ctx: EngineContext, app: CompiledApp): EffectiveSettings {
  const s = app.def.settings
  return {
    cloneSessionEnabled: s?.cloneSessionEnabled ?? ctx.settings.cloneSessionEnabled,
    maxSessionLengthSec: s?.maxSessionLengthSec ?? ctx.settings.maxSessionLengthSec,
    maxSessionIdleSec: s?.maxSessionIdleSec ?? ctx.settings.maxSessionIdleSec,
    notSimulatedConditionsHold: s?.notSimulatedConditionsHold ?? ctx.settings.notSimulatedConditionsHold,
  }
}

/** Page protection U/D and item protection I (§3), and items that do not exist. */
function checkAccess(app: CompiledApp, page: CompiledPage, u: UrlRequest): string | null {
  if (page.protection === 'D') return `page ${page.id} has access protection "No URL Access" (D): it can only be reached by a show branch`
  const hasArgs = u.request !== '' || u.clearCache.length > 0 || u.items.length > 0
  if (page.protection === 'U' && hasArgs)
    return `page ${page.id} has access protection "No Arguments Supported" (U): the URL may not carry a request, clear cache or item values`
  for (const { name } of u.items) {
    const info = app.items.get(name)
    if (!info) {
      if (IR_PSEUDO_ITEM.test(name)) continue
      return `item ${name} named in the URL is not defined in app ${app.id}`
    }
    if (info.protection === 'I') return `item ${name} is protected (I: may not be set from the browser) and cannot be set in a URL`
  }
  return null
}

export function describeRequest(url: string, app: CompiledApp, page: CompiledPage, u: UrlRequest): RequestInfo {
  return {
    url,
    app: app.id,
    page: page.id,
    request: u.request === '' ? null : u.request,
    debug: u.debug === '' ? null : u.debug,
    // The parse result is this request's own and is only read: its lists need no copies,
    // and the usual empty ones are one shared frozen list (steps are kept for the timeline).
    clearCache: u.clearCache.length === 0 ? NONE : u.clearCache,
    items: u.items.length === 0 ? NONE : u.items,
    printerFriendly: u.printerFriendly === '' ? null : u.printerFriendly,
  }
}
