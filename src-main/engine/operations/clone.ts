/**
 * Session cloning (semantics §5), in four sub-steps a user can step into:
 * (a) allocate the new ID, (b) copy every stored row with its status,
 * (c) join the original's clone group, (d) render the target page in the new
 * session with the clone request stripped (the URL's clear cache and item
 * values — the Per Request values the URL carries — apply there).
 */
import type { CompiledApp, CompiledPage } from '../app/compiled-app.js'
import type { SessionRecord } from '../model/effect.js'
import type { RequestInfo } from '../model/step.js'
import { renderPage } from '../runtime/render-page.js'
import { RequestContext } from '../runtime/request-context.js'
import { touchGroup } from '../runtime/session-lifecycle.js'
import type { UrlRequest } from '../url/index.js'
import type { OperationEnv, OperationResult } from './operation-result.js'
import { failure } from './operation-result.js'
import { applyUrlState, settingsFor } from './show.js'

export interface CloneInput {
  original: number
  app: CompiledApp
  page: CompiledPage
  /** The cloning URL (null for the trace's `clone` event). */
  url: UrlRequest | null
  as: string | null
  requestInfo?: RequestInfo
}

export function runClone(env: OperationEnv, input: CloneInput): OperationResult {
  const { ctx, rec } = env
  const orig = ctx.state.sessions.get(input.original)!
  if (!settingsFor(ctx, input.app).cloneSessionEnabled)
    return { ...failure('clone', 'error', 'session cloning is disabled (setting cloneSessionEnabled is false)', orig.id), request: input.requestInfo }
  if (input.as !== null) {
    const clash = ctx.state.liveWithAlias(input.as)
    if (clash) return failure('clone', 'error', `alias ${input.as} is already used by live session ${clash.id}`, orig.id)
  }
  const cause = `clone of session ${orig.id}`

  const newId = ctx.ids.allocate()
  rec.phase('cloneAllocate', `Allocate new session ID ${newId}`, { original: orig.id, clone: newId })
  const record: SessionRecord = {
    ...orig,
    id: newId,
    alias: input.as,
    createdAt: ctx.now,
    apps: [...orig.apps],
    ended: null,
    endedAt: null,
  }
  rec.emit({ op: 'session', event: 'cloned', session: newId, from: null, to: record, cause })
  ctx.logic?.cloneCollections(orig.id, newId)

  const rows = ctx.state.rowsOf(orig.id)
  rec.phase('cloneCopy', `Copy ${rows.length} stored row${rows.length === 1 ? '' : 's'} from session ${orig.id}`, { rows: rows.length })
  for (const r of rows) {
    rec.emit({ op: 'set', session: newId, app: r.app, page: r.page, item: r.item, from: null, fromStatus: null, to: r.value, toStatus: r.status, cause })
  }

  rec.phase('cloneGroup', `Join clone group ${orig.groupId}`, { groupId: orig.groupId })
  touchGroup(ctx, rec, orig.groupId, cause)

  rec.enter('cloneRender', input.page.text.cloneRender)
  const rc = new RequestContext(ctx, rec, newId, input.app, input.page)
  const url = input.url
  rc.request = null // the clone request is stripped
  if (url) {
    rc.debug = url.debug === '' ? null : url.debug
    rc.printerFriendly = url.printerFriendly === '' ? null : url.printerFriendly
    applyUrlState(rc, url, input.requestInfo?.url ?? '')
  }
  const result = renderPage(rc)
  const base = { kind: 'clone' as const, session: newId, app: input.app.id, page: rc.page.id, request: input.requestInfo }
  if (result.kind === 'error') return { ...base, outcome: 'error', reason: result.reason }
  if (result.kind === 'redirect') return { ...base, outcome: 'ok', redirect: { url: result.url, session: newId } }
  return { ...base, outcome: 'ok' }
}
