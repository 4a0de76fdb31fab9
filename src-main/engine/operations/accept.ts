/**
 * An accept (submit, POST) of a page: semantics §6 in its exact phase order.
 * After Submit branches → After Submit processes → After Submit computations
 * → Validating branches → validations → Processing branches → processes →
 * After Processing branches; the first branch whose condition holds is taken.
 */
import { atPoint } from '../app/compiled-app.js'
import type { SubmitOp } from '../model/operation.js'
import type { Point } from '../model/app-definition.js'
import { normalizeName, toStoredValue } from '../model/values.js'
import { firstBranch, runComputations, runProcesses, runValidations } from '../runtime/page-logic.js'
import type { RenderResult } from '../runtime/render-page.js'
import { endOfRequest, renderPage, takeBranch } from '../runtime/render-page.js'
import { RequestContext } from '../runtime/request-context.js'
import { touchGroup } from '../runtime/session-lifecycle.js'
import type { OperationEnv, OperationResult } from './operation-result.js'
import { failure } from './operation-result.js'
import { guardSession } from './session-guard.js'

export function runAccept(env: OperationEnv, op: SubmitOp, sessionId: number | null, label: string): OperationResult {
  const { ctx, rec } = env
  const guard = guardSession(env, 'accept', sessionId, label)
  if (!guard.ok) return guard.result
  const session = guard.session
  const appId = op.app ?? session.currentApp
  const app = appId === null ? undefined : ctx.apps.get(appId)
  if (!app) return failure('accept', 'error', appId === null ? `session ${session.id} has not shown any app yet; name the app` : `unknown application ${appId}`, session.id)
  const page = app.pages.get(op.page)
  if (!page) return failure('accept', 'error', `application ${app.id} has no page ${op.page}`, session.id)

  // Posted values may name only items of the submitted page, never protected ones (§6.1).
  const posted = Object.entries(op.values ?? {})
  for (const [name] of posted) {
    const info = page.items.find((i) => i.name === normalizeName(name))
    if (!info) return { ...failure('accept', 'error', `posted item ${normalizeName(name)} is not an item of page ${page.id}`, session.id), app: app.id, page: page.id }
    if (info.protection === 'I') return { ...failure('accept', 'error', `item ${info.name} is protected (I: may not be set from the browser) and cannot be posted`, session.id), app: app.id, page: page.id }
  }

  const rc = new RequestContext(ctx, rec, session.id, app, page)
  const base = { kind: 'accept' as const, session: session.id, app: app.id, page: page.id }
  touchGroup(ctx, rec, session.groupId, `submit of page ${page.id}`)
  rc.request = op.request === undefined || op.request === '' ? null : op.request

  rec.phase('postValues', `Posted values (REQUEST = ${rc.request ?? 'none'})`)
  for (const [name, raw] of posted) {
    const info = page.items.find((i) => i.name === normalizeName(name))!
    rc.setItem(info, toStoredValue(raw), `posted value (submit of page ${page.id})`)
  }

  const finish = (r: RenderResult): OperationResult => {
    const at = { ...base, page: rc.page.id }
    if (r.kind === 'error') return { ...at, outcome: 'error', reason: r.reason }
    if (r.kind === 'redirect') return { ...at, outcome: 'ok', redirect: { url: r.url, session: session.id } }
    return { ...at, outcome: 'ok' }
  }
  const branchAt = (point: Point) => {
    const b = firstBranch(rc, page.branches, point)
    return b ? finish(takeBranch(rc, b, 0)) : null
  }
  const appAndPage = <T extends { point: Point }>(a: import('../app/compiled-app.js').Located<T>[], p: import('../app/compiled-app.js').Located<T>[], point: Point) => [
    ...atPoint(a, point),
    ...atPoint(p, point),
  ]

  rec.phase('afterSubmit', 'After Submit: branches, processes, computations')
  const b1 = branchAt('afterSubmit')
  if (b1) return b1
  runProcesses(rc, appAndPage(app.processes, page.processes, 'onSubmitBeforeComputation'))
  runComputations(rc, appAndPage(app.computations, page.computations, 'afterSubmit'))

  rec.phase('validating', 'Validating branches')
  const b2 = branchAt('validating')
  if (b2) return b2

  rec.phase('validations', 'Validations')
  const errors = runValidations(rc, page.validations)
  if (errors.length > 0) {
    // §6.4: posted Per Session values are already stored; the page is shown again in
    // this request, without its render-time computations and processes.
    rec.phase('redisplay', `Validation failed: page ${page.id} shown again with ${errors.length} error${errors.length === 1 ? '' : 's'}`)
    renderPage(rc, { skipLogic: true })
    return { ...base, outcome: 'validationFailed', reason: errors.map((e) => e.message).join('; '), errors }
  }

  rec.phase('processing', 'Processing: branches, processes')
  const b3 = branchAt('processing')
  if (b3) return b3
  runProcesses(rc, appAndPage(app.processes, page.processes, 'processing'))

  rec.phase('afterProcessing', 'After Processing branches')
  const b4 = branchAt('afterProcessing')
  if (b4) return b4

  // §6.6: no branch fired — the submitted page is shown again, as a redirect to itself.
  rec.phase('branch', `No branch: redirect to page ${page.id}`)
  endOfRequest(rc, false)
  return { ...base, outcome: 'ok', redirect: { url: `f?p=${app.id}:${page.id}:${session.id}`, session: session.id, internal: true } }
}

