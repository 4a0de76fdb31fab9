/**
 * The check every operation on an existing session starts with (semantics §1):
 * the session must exist and be within its limits. Past a limit, the session
 * and its state are deleted in this step and the outcome is `expired`.
 */
import type { CompiledApp, CompiledPage } from '../app/compiled-app.js'
import type { SessionRecord } from '../model/effect.js'
import type { StepKind } from '../model/step.js'
import { endSession, expiryReason } from '../runtime/session-lifecycle.js'
import type { OperationEnv, OperationResult } from './operation-result.js'
import { failure } from './operation-result.js'

export type GuardResult = { ok: true; session: SessionRecord } | { ok: false; result: OperationResult }

/** Opens the step's "Resolve session" phase and checks the session. */
export function guardSession(env: OperationEnv, kind: StepKind, id: number | null, label: () => string): GuardResult {
  const { ctx, rec } = env
  rec.enter('resolveSession', 'Resolve session')
  if (id === null) return { ok: false, result: failure(kind, 'error', `unknown session ${label()}`) }
  const s = ctx.state.sessions.get(id)
  if (!s) return { ok: false, result: failure(kind, 'error', `session ${label()} not found`) }
  if (s.ended === 'expired') return { ok: false, result: failure(kind, 'expired', `session ${id} has expired`, id) }
  if (s.ended) return { ok: false, result: failure(kind, 'error', `session ${id} was logged out`, id) }
  const why = expiryReason(ctx.state.groups.get(s.groupId), ctx.now)
  if (why) {
    rec.enter('deleteSessions', 'Session expired: delete it and its state')
    endSession(ctx, rec, id, 'expired', `session ${id} expired: ${why}`)
    return { ok: false, result: { ...failure(kind, 'expired', `session ${id} expired: ${why}`, id) } }
  }
  return { ok: true, session: s }
}

export type PageGuardResult = { ok: true; session: SessionRecord; app: CompiledApp; page: CompiledPage } | { ok: false; result: OperationResult }

/**
 * guardSession, then the page an operation posts to (a submit, an Ajax call):
 * the app the event names, else the one the session shows, and its page.
 */
export function guardSessionPage(env: OperationEnv, kind: StepKind, id: number | null, label: () => string, target: { app?: number | undefined; page: number }): PageGuardResult {
  const guard = guardSession(env, kind, id, label)
  if (!guard.ok) return guard
  const session = guard.session
  const appId = target.app ?? session.currentApp
  const app = appId === null ? undefined : env.ctx.apps.get(appId)
  if (!app) return { ok: false, result: failure(kind, 'error', appId === null ? `session ${session.id} has not shown any app yet; name the app` : `unknown application ${appId}`, session.id) }
  const page = app.pages.get(target.page)
  if (!page) return { ok: false, result: failure(kind, 'error', `application ${app.id} has no page ${target.page}`, session.id) }
  return { ok: true, session, app, page }
}
