/**
 * Operations on a session outside a page request: login (ID rotation and
 * After Authentication), logout (the whole clone group), the APEX_UTIL calls
 * SET_SESSION_STATE and clear cache, and the trace's `clone` event.
 */
import { appLogicAt } from '../app/compiled-app.js'
import type { CompiledApp } from '../app/compiled-app.js'
import type { ClearCacheOp, CloneOp, LoginOp, SetStateOp } from '../model/operation.js'
import type { SessionRecord } from '../model/effect.js'
import { normalizeName, toStoredValue } from '../model/values.js'
import { applyClearCache, splitTokens } from '../runtime/clear-cache.js'
import { runComputations, runProcesses } from '../runtime/page-logic.js'
import { RequestContext } from '../runtime/request-context.js'
import { endSession, groupMembers, touchGroup, updateSession } from '../runtime/session-lifecycle.js'
import { runClone } from './clone.js'
import type { OperationEnv, OperationResult } from './operation-result.js'
import { failure } from './operation-result.js'
import { guardSession } from './session-guard.js'
import { cookieValueFor } from '../browsers/session-cookie.js'
import type { BrowserUse } from '../runtime/browser-cookies.js'
import { NO_BROWSER, appCookie, notHeldReason, replaceCookieValue } from '../runtime/browser-cookies.js'

/** The app an operation on a session applies to: the one named, else the session's current app. */
function appOf(env: OperationEnv, session: SessionRecord, app: number | undefined): CompiledApp | undefined {
  const id = app ?? session.currentApp ?? session.apps[0]
  return id === undefined ? undefined : env.ctx.apps.get(id)
}

export function runLogin(env: OperationEnv, op: LoginOp, sessionId: number | null, label: () => string, browser: BrowserUse = NO_BROWSER): OperationResult {
  const { ctx, rec } = env
  const guard = guardSession(env, 'login', sessionId, label)
  if (!guard.ok) return guard.result
  const old = guard.session
  const refused = refusedBrowser(env, 'login', browser, old)
  if (refused) return refused
  // Decision (semantics §1): login rotates the session ID; state moves with it.
  const newId = ctx.ids.allocate()
  rec.phase('rotateId', `Authenticate ${op.user}: session ID ${old.id} → ${newId}`, { from: old.id, to: newId })
  rec.emit({ op: 'rekey', from: old.id, to: newId, cause: `login of ${op.user} rotates the session ID` })
  env.ctx.logic?.moveCollections(old.id, newId)
  if (old.browser !== undefined && old.cookie !== undefined) {
    // Issue #16: the login issues a new cookie value (against session fixation); the clones that shared the old one follow it.
    const renewed = cookieValueFor(newId)
    const cause = `login of ${op.user} renews the session cookie`
    updateSession(ctx, rec, newId, 'loggedIn', { user: op.user, cookie: renewed }, `login of ${op.user}`)
    for (const m of groupMembers(ctx, old.groupId)) if (m.id !== newId && m.cookie === old.cookie) updateSession(ctx, rec, m.id, 'cookieRenewed', { cookie: renewed }, cause)
    replaceCookieValue(ctx, rec, old.browser, old.cookie, renewed, newId, cause)
  } else updateSession(ctx, rec, newId, 'loggedIn', { user: op.user }, `login of ${op.user}`)
  touchGroup(ctx, rec, old.groupId, `login of ${op.user}`)
  const app = appOf(env, old, undefined)
  if (app) {
    const page = app.pages.get(old.currentPage ?? app.def.homePage) ?? app.pages.values().next().value
    if (page) {
      rec.enter('afterLogin', app.text.afterLogin)
      const rc = new RequestContext(ctx, rec, newId, app, page)
      const logic = appLogicAt(app, 'afterLogin')
      runComputations(rc, logic.computations)
      runProcesses(rc, logic.processes)
    }
  }
  return { kind: 'login', outcome: 'ok', session: newId, app: app?.id ?? null, page: old.currentPage }
}

export function runLogout(env: OperationEnv, sessionId: number | null, label: () => string, browser: BrowserUse = NO_BROWSER): OperationResult {
  const { ctx, rec } = env
  const guard = guardSession(env, 'logout', sessionId, label)
  if (!guard.ok) return guard.result
  const s = guard.session
  const refused = refusedBrowser(env, 'logout', browser, s)
  if (refused) return refused
  const members = groupMembers(ctx, s.groupId)
  rec.phase('deleteSessions', `Logout: delete ${members.length} session${members.length === 1 ? '' : 's'} of clone group ${s.groupId}`, {
    sessions: members.map((m) => m.id),
  })
  for (const m of members) endSession(ctx, rec, m.id, 'loggedOut', m.id === s.id ? `logout of session ${s.id}` : `logout of session ${s.id} (same clone group)`)
  // Issue #16: the logout clears the browser's session cookie (every app's cookie that pointed to the session).
  if (s.browser !== undefined && s.cookie !== undefined) replaceCookieValue(ctx, rec, s.browser, s.cookie, null, s.id, `logout of session ${s.id} clears the session cookie`)
  return { kind: 'logout', outcome: 'ok', session: s.id, app: s.currentApp, page: s.currentPage }
}

/**
 * Issue #16: an explicit browser acts only on a session its cookie holds
 * (for the session's current app); the error says which cookie held what.
 */
function refusedBrowser(env: OperationEnv, kind: 'login' | 'logout' | 'clone', browser: BrowserUse, s: SessionRecord): OperationResult | null {
  if (!browser.explicit || browser.name === null) return null
  const app = appOf(env, s, undefined)
  const cookie = app ? appCookie(app) : null
  const notHeld = cookie ? notHeldReason(env.ctx, browser.name, s, cookie) : `session ${s.id} has shown no app yet, so browser ${browser.name} holds no cookie for it`
  return notHeld === null ? null : failure(kind, 'error', `${kind} refused: ${notHeld}`, s.id)
}

export function runSetState(env: OperationEnv, op: SetStateOp, sessionId: number | null, label: () => string): OperationResult {
  const { ctx, rec } = env
  const guard = guardSession(env, 'setState', sessionId, label)
  if (!guard.ok) return guard.result
  const s = guard.session
  const app = appOf(env, s, op.app)
  if (!app) return failure('setState', 'error', `session ${s.id} has no app to set ${op.item} in; name the app`, s.id)
  const info = app.items.get(normalizeName(op.item))
  if (!info) return failure('setState', 'error', `item ${normalizeName(op.item)} is not defined in app ${app.id}`, s.id)
  const page = (info.page !== null ? app.pages.get(info.page) : undefined) ?? app.pages.get(s.currentPage ?? app.def.homePage) ?? app.pages.values().next().value
  if (!page) return failure('setState', 'error', `app ${app.id} has no pages`, s.id)
  touchGroup(ctx, rec, s.groupId, 'APEX_UTIL.SET_SESSION_STATE')
  rec.enter('setState', `APEX_UTIL.SET_SESSION_STATE(${info.name})`)
  const rc = new RequestContext(ctx, rec, s.id, app, page)
  rc.setItem(info, toStoredValue(op.value), `APEX_UTIL.SET_SESSION_STATE('${info.name}')`)
  if (info.storage === 'request')
    rec.notice(`${info.name} is Per Request: the value lives only within a request and is not stored`, { code: 'requestValuesDropped', session: s.id })
  return { kind: 'setState', outcome: 'ok', session: s.id, app: app.id, page: s.currentPage }
}

export function runClearCacheOp(env: OperationEnv, op: ClearCacheOp, sessionId: number | null, label: () => string): OperationResult {
  const { ctx, rec } = env
  const guard = guardSession(env, 'clearCache', sessionId, label)
  if (!guard.ok) return guard.result
  const s = guard.session
  const app = appOf(env, s, op.app)
  if (!app) return failure('clearCache', 'error', `session ${s.id} has no app to clear; name the app`, s.id)
  touchGroup(ctx, rec, s.groupId, 'APEX_UTIL clear cache')
  const tokens = splitTokens(op.tokens)
  const phase = rec.phase('clearCache', `Clear cache: ${tokens.join(',')}`)
  phase.detail = { tokens: applyClearCache(ctx, rec, s.id, app, tokens, `APEX_UTIL clear-cache call (${tokens.join(',')})`) }
  return { kind: 'clearCache', outcome: 'ok', session: s.id, app: app.id, page: s.currentPage }
}

export function runCloneOp(env: OperationEnv, op: CloneOp, sessionId: number | null, label: () => string, browser: BrowserUse = NO_BROWSER): OperationResult {
  const guard = guardSession(env, 'clone', sessionId, label)
  if (!guard.ok) return guard.result
  const s = guard.session
  const refused = refusedBrowser(env, 'clone', browser, s)
  if (refused) return refused
  const app = appOf(env, s, undefined)
  if (!app) return failure('clone', 'error', `session ${s.id} has not shown any app yet; nothing to clone into`, s.id)
  const page = app.pages.get(op.page ?? s.currentPage ?? app.def.homePage)
  if (!page) return failure('clone', 'error', `application ${app.id} has no page ${op.page ?? s.currentPage ?? app.def.homePage}`, s.id)
  return runClone(env, { original: s.id, app, page, url: null, as: op.as })
}
