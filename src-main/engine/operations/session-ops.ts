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

/** The app an operation on a session applies to: the one named, else the session's current app. */
function appOf(env: OperationEnv, session: SessionRecord, app: number | undefined): CompiledApp | undefined {
  const id = app ?? session.currentApp ?? session.apps[0]
  return id === undefined ? undefined : env.ctx.apps.get(id)
}

export function runLogin(env: OperationEnv, op: LoginOp, sessionId: number | null, label: () => string): OperationResult {
  const { ctx, rec } = env
  const guard = guardSession(env, 'login', sessionId, label)
  if (!guard.ok) return guard.result
  const old = guard.session
  // Decision (semantics §1): login rotates the session ID; state moves with it.
  const newId = ctx.ids.allocate()
  rec.phase('rotateId', `Authenticate ${op.user}: session ID ${old.id} → ${newId}`, { from: old.id, to: newId })
  rec.emit({ op: 'rekey', from: old.id, to: newId, cause: `login of ${op.user} rotates the session ID` })
  env.ctx.logic?.moveCollections(old.id, newId)
  updateSession(ctx, rec, newId, 'loggedIn', { user: op.user }, `login of ${op.user}`)
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

export function runLogout(env: OperationEnv, sessionId: number | null, label: () => string): OperationResult {
  const { ctx, rec } = env
  const guard = guardSession(env, 'logout', sessionId, label)
  if (!guard.ok) return guard.result
  const s = guard.session
  const members = groupMembers(ctx, s.groupId)
  rec.phase('deleteSessions', `Logout: delete ${members.length} session${members.length === 1 ? '' : 's'} of clone group ${s.groupId}`, {
    sessions: members.map((m) => m.id),
  })
  for (const m of members) endSession(ctx, rec, m.id, 'loggedOut', m.id === s.id ? `logout of session ${s.id}` : `logout of session ${s.id} (same clone group)`)
  return { kind: 'logout', outcome: 'ok', session: s.id, app: s.currentApp, page: s.currentPage }
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

export function runCloneOp(env: OperationEnv, op: CloneOp, sessionId: number | null, label: () => string): OperationResult {
  const guard = guardSession(env, 'clone', sessionId, label)
  if (!guard.ok) return guard.result
  const s = guard.session
  const app = appOf(env, s, undefined)
  if (!app) return failure('clone', 'error', `session ${s.id} has not shown any app yet; nothing to clone into`, s.id)
  const page = app.pages.get(op.page ?? s.currentPage ?? app.def.homePage)
  if (!page) return failure('clone', 'error', `application ${app.id} has no page ${op.page ?? s.currentPage ?? app.def.homePage}`, s.id)
  return runClone(env, { original: s.id, app, page, url: null, as: op.as })
}
