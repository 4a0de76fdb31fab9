/**
 * Clear cache (semantics §4): resolve each token to the items it names, then
 * reset their rows to null with status R. The resolution is returned as well,
 * so the UI can step through "which tokens resolve to which items".
 */
import type { CompiledApp, CompiledPage, ItemInfo } from '../app/compiled-app.js'
import { resetReports } from './report-regions.js'
import { ANONYMOUS_USER, isDigits, normalizeName } from '../model/values.js'
import type { EngineContext } from './engine-context.js'
import { resetRow } from './state-writes.js'
import type { StepRecorder } from './step-recorder.js'

export type TokenKind = 'item' | 'page' | 'APP' | 'SESSION' | 'report' | 'unknown'

export interface TokenResolution {
  token: string
  kind: TokenKind
  /** Items the token names, as "PAGE:ITEM" or "app:ITEM" labels. */
  items: string[]
  /** Items actually reset (they had a value or a non-R row). */
  reset: string[]
}

const REPORT_TOKENS = new Set(['RP', 'RR', 'CR', 'RIR', 'CIR'])

export function splitTokens(tokens: string | string[]): string[] {
  const list = Array.isArray(tokens) ? tokens : tokens.split(',')
  return list.map((t) => t.trim()).filter((t) => t.length > 0)
}

export function applyClearCache(
  ctx: EngineContext,
  rec: StepRecorder,
  sessionId: number,
  app: CompiledApp,
  tokens: string[],
  source: string,
  onCleared?: (item: ItemInfo) => void,
  /** The page the request shows (RP and friends reset its reports); absent: the session's current page. */
  targetPage?: CompiledPage,
): TokenResolution[] {
  const session = ctx.state.sessions.get(sessionId)
  const user = session?.user ?? ANONYMOUS_USER
  const out: TokenResolution[] = []
  const scope: ClearScope = { ctx, rec, sessionId, appId: app.id, user, onCleared }
  for (const raw of tokens) {
    const token = normalizeName(raw)
    const cause = `ClearCache token ${token} in ${source}`
    const res: TokenResolution = { token, kind: 'unknown', items: [], reset: [] }
    if (token === 'APP') {
      res.kind = 'APP'
      for (const info of app.items.values()) if (info.kind === 'page' || info.scope === 'APP') clearItem(scope, res, cause, info)
    } else if (token === 'SESSION') {
      res.kind = 'SESSION'
      // Every item of every app in the session (GLOBAL ones once), so that Per
      // Request values of this request and Per User notes are handled as for
      // any other token; then any row no definition names any more.
      const seen = new Set<string>()
      const appIds = [...new Set([...(session?.apps ?? []), app.id])]
      for (const appId of appIds) {
        for (const info of ctx.apps.get(appId)?.items.values() ?? []) {
          const key = `${info.storageApp}\u0000${info.name}`
          if (seen.has(key)) continue
          seen.add(key)
          clearItem(scope, res, cause, info)
        }
      }
      for (const row of ctx.state.rowsOf(sessionId)) {
        if (seen.has(`${row.app}\u0000${row.item}`)) continue
        res.items.push(`${row.page ?? 'app'}:${row.item}`)
        if (resetRow(ctx.state, rec, { session: sessionId, app: row.app, page: row.page, item: row.item }, cause)) res.reset.push(`${row.page ?? 'app'}:${row.item}`)
      }
    } else if (REPORT_TOKENS.has(token)) {
      res.kind = 'report'
      rec.notice(`${describeReportToken(token)} (${cause}); no item changes`, { code: 'reportReset', session: sessionId, app: app.id })
      // The reports' pagination rows (pseudo items, runtime/report-regions.ts) of the page shown.
      const page = targetPage ?? (session?.currentApp === app.id && session.currentPage !== null ? app.pages.get(session.currentPage) : undefined)
      if (page) {
        const { items, reset } = resetReports(ctx.state, rec, sessionId, app, page, token, cause)
        res.items.push(...items)
        res.reset.push(...reset)
      }
    } else if (isDigits(token)) {
      const page = app.pages.get(Number(token))
      if (page) {
        res.kind = 'page'
        for (const info of page.items) clearItem(scope, res, cause, info)
      } else {
        rec.warning(`unknown clear-cache token ${token}: app ${app.id} has no page ${token}`, { code: 'unknownToken', session: sessionId, app: app.id })
      }
    } else {
      const info = app.items.get(token) ?? findGlobal(ctx, token)
      if (info) {
        res.kind = 'item'
        clearItem(scope, res, cause, info)
      } else {
        rec.warning(`unknown clear-cache token ${token} (${cause})`, { code: 'unknownToken', session: sessionId, app: app.id })
      }
    }
    out.push(res)
  }
  return out
}

/** What every item a clear-cache call resets shares (one object per call, not a closure per token). */
interface ClearScope {
  ctx: EngineContext
  rec: StepRecorder
  sessionId: number
  appId: number
  user: string
  onCleared: ((item: ItemInfo) => void) | undefined
}

/** One item a token names: listed, handed to onCleared, its row reset (a Per User value is kept, with a notice). */
function clearItem(scope: ClearScope, res: TokenResolution, cause: string, info: ItemInfo): void {
  const { ctx, rec, sessionId, user } = scope
  res.items.push(label(info))
  scope.onCleared?.(info)
  if (info.storage === 'user' && user !== ANONYMOUS_USER)
    rec.notice(`${info.name} is Per User: its value for user ${user} is kept (clear cache touches session state only)`, {
      code: 'perUserKept',
      session: sessionId,
      app: scope.appId,
      item: info.name,
    })
  if (resetRow(ctx.state, rec, { session: sessionId, app: info.storageApp, page: info.page, item: info.name }, cause, info.rowKey)) res.reset.push(label(info))
}

function label(info: ItemInfo): string {
  return info.cacheLabel
}

function findGlobal(ctx: EngineContext, name: string): ItemInfo | undefined {
  for (const app of ctx.apps.values()) {
    const info = app.items.get(name)
    if (info?.scope === 'GLOBAL') return info
  }
  return undefined
}

function describeReportToken(token: string): string {
  switch (token) {
    case 'RP':
      return 'report pagination reset'
    case 'RR':
      return 'report settings and pagination reset'
    case 'CR':
      return 'interactive report settings cleared'
    case 'RIR':
      return 'interactive report reset to the primary report'
    default:
      return 'interactive report cleared'
  }
}
