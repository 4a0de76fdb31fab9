/**
 * An accept (submit, POST) of a page: semantics §6 in its exact phase order.
 * After Submit branches → After Submit processes → After Submit computations
 * → Validating branches → validations → Processing branches → processes →
 * After Processing branches; the first branch whose condition holds is taken.
 */
import { logicAt, postValuesLabel } from '../app/compiled-app.js'
import type { ItemInfo } from '../app/compiled-app.js'
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
import { guardSessionPage } from './session-guard.js'
import type { BrowserUse } from '../runtime/browser-cookies.js'
import { NO_BROWSER, appCookie, notHeldReason } from '../runtime/browser-cookies.js'
import { pressProblem } from '../runtime/buttons.js'
import { AppLogicError } from '../logic/app-logic-error.js'
import { ownPageUrl } from '../url/own-page-url.js'

export function runAccept(env: OperationEnv, op: SubmitOp, sessionId: number | null, label: () => string, browser: BrowserUse = NO_BROWSER): OperationResult {
  const { ctx, rec } = env
  const guard = guardSessionPage(env, 'accept', sessionId, label, op)
  if (!guard.ok) return guard.result
  const { session, app, page } = guard
  // Issue #16: a POST from a browser whose cookie does not hold the session is refused (seed 001 §3.5.2).
  if (browser.explicit && browser.name !== null) {
    const notHeld = notHeldReason(ctx, browser.name, session, appCookie(app))
    if (notHeld !== null)
      return { ...failure('accept', 'error', `submit refused: ${notHeld} (APEX checks the session ID in the POST data against the session cookie)`, session.id), app: app.id, page: page.id }
  }

  // Posted values may name only items of the submitted page, never protected ones (§6.1).
  // Two parallel lists and a loop, not a pair and a search closure per posted value: this runs for every submit.
  const values = op.values
  const names = values === undefined ? NO_NAMES : Object.keys(values)
  const posted: ItemInfo[] = []
  for (let k = 0; k < names.length; k++) {
    const n = normalizeName(names[k]!)
    const info = pageItem(page.items, n)
    if (!info) return { ...failure('accept', 'error', `posted item ${n} is not an item of page ${page.id}`, session.id), app: app.id, page: page.id }
    if (info.protection === 'I') return { ...failure('accept', 'error', `item ${info.name} is protected (I: may not be set from the browser) and cannot be posted`, session.id), app: app.id, page: page.id }
    posted.push(info)
  }

  const rc = new RequestContext(ctx, rec, session.id, app, page)
  const base = { kind: 'accept' as const, session: session.id, app: app.id, page: page.id }
  touchGroup(ctx, rec, session.groupId, page.text.submit)
  rc.request = op.request === undefined || op.request === '' ? null : op.request
  rc.grids = op.grids ?? null
  rec.enter('postValues', postValuesLabel(page, rc.request))
  for (let k = 0; k < posted.length; k++) rc.setItem(posted[k]!, toStoredValue(values![names[k]!]), page.text.posted)
  // The button the request names must be one the page showed. Its display condition is read with the
  // posted values: they are what the page held (Per Request items are gone from state by now).
  // Thrown, not returned: the engine then undoes what the request already did (the posted values).
  const cannotPress = pressProblem(rc, rc.request)
  if (cannotPress !== null) throw new AppLogicError(`submit of page ${page.id}`, cannotPress)

  // The branch points and Close Dialog go through module functions, not closures made per submit.
  rec.enter('afterSubmit', 'After Submit: branches, processes, computations')
  const b1 = branchAt(rc, 'afterSubmit')
  if (b1) return b1
  if (runProcesses(rc, logicAt(app, page, 'onSubmitBeforeComputation').processes) === 'closed') return dialogClosed(rc)
  runComputations(rc, logicAt(app, page, 'afterSubmit').computations)

  rec.enter('validating', 'Validating branches')
  const b2 = branchAt(rc, 'validating')
  if (b2) return b2

  rec.enter('validations', 'Validations')
  const errors = runValidations(rc, page.validations)
  if (errors.length > 0) {
    // §6.4: posted Per Session values are already stored; the page is shown again in
    // this request, without its render-time computations and processes.
    rec.enter('redisplay', `Validation failed: page ${page.id} shown again with ${errors.length} error${errors.length === 1 ? '' : 's'}`)
    renderPage(rc, { skipLogic: true })
    return { ...base, outcome: 'validationFailed', reason: errors.map((e) => e.message).join('; '), errors }
  }

  rec.enter('processing', 'Processing: branches, processes')
  const b3 = branchAt(rc, 'processing')
  if (b3) return b3
  if (runProcesses(rc, logicAt(app, page, 'processing').processes) === 'closed') return dialogClosed(rc)

  rec.enter('afterProcessing', 'After Processing branches')
  const b4 = branchAt(rc, 'afterProcessing')
  if (b4) return b4

  // §6.6: no branch fired — the submitted page is shown again, as a redirect to itself.
  rec.enter('branch', page.text.noBranch)
  endOfRequest(rc, false)
  // The engine writes this URL itself: the redirect carries its parsed form, so the show does not read it back.
  const own = ownPageUrl(app.id, page.id, session.id)
  const redirect = own.target === undefined ? { url: own.url, session: session.id, internal: true } : { url: own.url, session: session.id, internal: true, target: own.target }
  return { ...base, outcome: 'ok', redirect }
}


const NO_NAMES: readonly string[] = []

/** The page's item called `name` (the first, as Array.find gave it). */
function pageItem(items: readonly ItemInfo[], name: string): ItemInfo | undefined {
  for (let i = 0; i < items.length; i++) if (items[i]!.name === name) return items[i]
  return undefined
}

/** The first branch of `point` whose condition holds, taken; null when none does. */
function branchAt(rc: RequestContext, point: Point): OperationResult | null {
  // rc.page is still the submitted page here: only a show branch moves it, and it is taken below.
  const b = firstBranch(rc, logicAt(rc.app, rc.page, point).branches)
  return b ? branchResult(rc, takeBranch(rc, b, 0)) : null
}

/** The submit's result once a branch was taken: a redirect to follow, or the page a show branch rendered. */
function branchResult(rc: RequestContext, r: RenderResult): OperationResult {
  const out: OperationResult = { kind: 'accept', session: rc.sessionId, app: rc.app.id, page: rc.page.id, outcome: 'ok' }
  if (r.kind === 'error') {
    out.outcome = 'error'
    out.reason = r.reason
  } else if (r.kind === 'redirect') out.redirect = { url: r.url, session: rc.sessionId }
  return out
}

/** Close Dialog: the dialog page's request ends; no branch runs, the parent page is not part of this request. */
function dialogClosed(rc: RequestContext): OperationResult {
  endOfRequest(rc, false)
  return { kind: 'accept', session: rc.sessionId, app: rc.app.id, page: rc.page.id, outcome: 'ok' }
}
