/**
 * Rendering a page inside a request (semantics §3, phases 4–8), and branches
 * (§6.5): a redirect ends the request and hands back the target URL, a show
 * branch renders its target inside the same request so Per Request values
 * stay visible.
 */
import type { ItemInfo, Located } from '../app/compiled-app.js'
import { logicAt } from '../app/compiled-app.js'
import type { Branch, PageItem } from '../model/app-definition.js'
import { parseUrl } from '../url/index.js'
import { applyClearCache } from './clear-cache.js'
import { firstBranch, runRenderPoint } from './page-logic.js'
import type { RequestContext } from './request-context.js'
import type { Planned } from './request-logic.js'
import { itemRecords } from '../logic/component-records.js'
import { KeptPerDefinition } from '../logic/kept-per-definition.js'
import { displayedButtons } from './buttons.js'
import { renderReports } from './report-regions.js'
import { updateSession } from './session-lifecycle.js'
import { isDigits } from '../model/values.js'

export type RenderResult = { kind: 'shown' } | { kind: 'redirect'; url: string; branch: string } | { kind: 'error'; reason: string }

/** Show branches may chain; a loop of them is an app bug reported as an error, not a hang. */
const MAX_SHOW_BRANCHES = 25

export function renderPage(rc: RequestContext, opts: { skipLogic?: boolean; depth?: number } = {}): RenderResult {
  const { rec } = rc
  const logic = !opts.skipLogic
  if (logic) {
    rec.enter('beforeHeader', 'Before Header')
    const branch = firstBranch(rc, logicAt(rc.app, rc.page, 'beforeHeader').branches)
    if (branch) return takeBranch(rc, branch, opts.depth ?? 0)
    runRenderPoint(rc, 'beforeHeader')
    rec.enter('afterHeader', 'After Header')
    runRenderPoint(rc, 'afterHeader')
    rec.enter('beforeRegions', 'Before Regions')
    runRenderPoint(rc, 'beforeRegions')
  }
  renderItems(rc, logic)
  if (logic) {
    rec.enter('afterRegions', 'After Regions')
    runRenderPoint(rc, 'afterRegions')
    rec.enter('beforeFooter', 'Before Footer')
    runRenderPoint(rc, 'beforeFooter')
    rec.enter('afterFooter', 'After Footer')
    runRenderPoint(rc, 'afterFooter')
  }
  endOfRequest(rc, true)
  return { kind: 'shown' }
}

/** Phase 6: each page item gets its stored value, else its source, else its default. */
function renderItems(rc: RequestContext, evaluate: boolean): void {
  const shown: Record<string, string | null> = {}
  const phase = rc.rec.phase('itemsRender', rc.page.text.itemsRender, { values: shown })
  // Which buttons the page shows, when a display condition or a dynamic action makes it a question.
  const buttons = evaluate ? displayedButtons(rc) : undefined
  if (buttons !== undefined) phase.detail = { values: shown, buttons }
  // Report regions render with the items (between Before and After Regions): their rows for the simulator.
  const reports = renderReports(rc)
  if (reports.length > 0) phase.detail = { ...phase.detail, reports }
  for (const info of rc.page.items) {
    // The re-show after a failed validation shows what the user typed: no source or default (docs/decisions.md).
    if (!evaluate) {
      shown[info.name] = rc.storedValue(info)
      continue
    }
    const value = itemRenderValue(rc, info)
    shown[info.name] = value
    if (renderCause !== null) rc.setItem(info, value, renderCause)
  }
}

/**
 * Why `itemRenderValue` changed the item's value (null: it shows the stored value).
 * A second result rather than a result object: this runs for every item of every page shown.
 */
let renderCause: string | null = null

function itemRenderValue(rc: RequestContext, info: ItemInfo): string | null {
  renderCause = null
  const def = info.def as PageItem
  const stored = rc.storedValue(info)
  const code = def.notSimulated ? itemCode(rc, info.name, def) : NO_CODE
  const hasSource = def.source !== undefined || code.source !== undefined
  const always = def.sourceUsed === 'always'
  if (!always && stored !== null) return stored
  if (hasSource) {
    const where = `source of item ${info.name}`
    const fromSource = (code.source !== undefined ? rc.logic!.value(code.source, where) : rc.evaluateValue(def.source!, where)) ?? null
    if (fromSource !== null) {
      if (fromSource !== stored) renderCause = `source of ${info.name}`
      return fromSource
    }
  }
  if (always && !hasSource && stored !== null) return stored
  if (def.default !== undefined || code.default !== undefined) {
    const where = `default of item ${info.name}`
    const fromDefault = (code.default !== undefined ? rc.logic!.value(code.default, where) : rc.evaluateValue(def.default!, where)) ?? null
    if (fromDefault !== null) {
      if (fromDefault !== stored) renderCause = `default of ${info.name}`
      return fromDefault
    }
  }
  // "Always replace" with a null source: the item renders null; the stored value is replaced by it.
  if (always && hasSource && stored !== null) {
    renderCause = `source of ${info.name} (always replace, null)`
    return null
  }
  return stored
}

interface ItemCode {
  source?: Planned
  default?: Planned
}
const NO_CODE: ItemCode = {}

/**
 * The runnable SQL/PL/SQL source and default of an item; a part that cannot
 * run is reported as not simulated. A "region source column" / "database
 * column" source has nothing to run at render: the form's fetch process
 * already put the column's value in session state.
 */
function itemCode(rc: RequestContext, name: string, def: PageItem): ItemCode {
  const logic = rc.logic
  if (logic === null) {
    // Without app logic, one notice per item as before issue #11 (recorded traces stay identical).
    if (def.source === undefined) rc.rec.notice(`not simulated: ${def.notSimulated!.kind} of item ${name}`, { code: 'notSimulated', session: rc.sessionId, item: name })
    return NO_CODE
  }
  const records = recordsOf(def)
  // Made only when the item has code to run: most items (a form's columns) have none at render.
  let out: ItemCode | null = null
  for (const role of ITEM_CODE_ROLES) {
    const record = records[role]
    if (record === undefined) continue
    // Post calculation computations are not run yet (their PL/SQL sees the computed value as the item).
    const plan = role === 'postComputation' ? undefined : logic.plan(record, 'value')
    if (plan?.ok) {
      if (plan.run !== 'formColumn') (out ??= {})[role === 'source' ? 'source' : 'default'] = plan
      continue
    }
    // The item's value does not depend on what cannot run when an expression stands in for it.
    if (role === 'source' && def.source !== undefined) continue
    if (role === 'default' && def.default !== undefined) continue
    const why = plan !== undefined && !plan.ok ? plan.reason : record.kind
    rc.rec.notice(`not simulated: ${why} of item ${name}`, { code: 'notSimulated', session: rc.sessionId, item: name })
  }
  return out ?? NO_CODE
}

const ITEM_CODE_ROLES = ['source', 'default', 'postComputation'] as const

/**
 * An item's source, default and post-computation records (itemRecords), kept
 * per item definition by the engine's one rule for what is kept from a
 * definition (KeptPerDefinition): this runs for every item of every page
 * shown, and itemRecords makes lists each time. Used while the item holds the
 * same records with the same roles; the plans made from them are still asked
 * of the app logic every time (they check the records' text).
 */
const ITEM_RECORDS = new KeptPerDefinition<PageItem, ItemRecordsSource, ReturnType<typeof itemRecords>>({
  sourceOf(def) {
    const all = [def.notSimulated, ...(moreRecords(def) ?? [])]
    return { records: all, roles: all.map(roleOf) }
  },
  unchanged(def, source) {
    const more = moreRecords(def)
    const count = 1 + (more?.length ?? 0)
    if (count !== source.records.length) return false
    for (let i = 0; i < count; i++) {
      const r = i === 0 ? def.notSimulated : more![i - 1]
      if (r !== source.records[i] || roleOf(r) !== source.roles[i]) return false
    }
    return true
  },
  make: (def) => itemRecords(def),
})

/** What itemRecords read: the records in order, and for each the role it files it under. */
interface ItemRecordsSource {
  records: unknown[]
  roles: unknown[]
}

function moreRecords(def: PageItem): unknown[] | undefined {
  const more = (def as Record<string, unknown>).moreNotSimulated
  return Array.isArray(more) ? (more as unknown[]) : undefined
}

/** The role itemRecords reads from a record; NOT_A_RECORD for what it passes over (no string `kind`). */
function roleOf(r: unknown): unknown {
  if (typeof r !== 'object' || r === null || typeof (r as { kind?: unknown }).kind !== 'string') return NOT_A_RECORD
  return (r as { role?: unknown }).role
}
const NOT_A_RECORD = Symbol('not a record')

/** itemRecords(def), kept (exported for its test). */
export function recordsOf(def: PageItem): ReturnType<typeof itemRecords> {
  return ITEM_RECORDS.get(def)
}

/** Phase 8: the page becomes the session's current page; Per Request values are dropped. */
export function endOfRequest(rc: RequestContext, pageShown: boolean): void {
  rc.rec.enter('endOfRequest', 'End of request: commit session state')
  if (pageShown) {
    updateSession(rc.ctx, rc.rec, rc.sessionId, 'pageShown', { currentApp: rc.app.id, currentPage: rc.page.id }, rc.page.text.shown)
  }
  let dropped: string[] | null = null
  for (const name of rc.values.keys()) if (rc.item(name)?.storage === 'request') (dropped ??= []).push(name)
  if (dropped !== null)
    rc.rec.notice(`Per Request values dropped at end of request: ${dropped.join(', ')}`, { code: 'requestValuesDropped', session: rc.sessionId })
}

export function takeBranch(rc: RequestContext, branch: Located<Branch>, depth: number): RenderResult {
  const target = rc.substitute(branch.def.target, branch.label)
  const type = branch.def.type ?? 'redirect'
  rc.rec.phase('branch', `Branch (${type}) to ${target}`, { branch: branch.label, type, target })
  if (type === 'redirect') {
    endOfRequest(rc, false)
    return { kind: 'redirect', url: target, branch: branch.label }
  }
  if (depth >= MAX_SHOW_BRANCHES) return { kind: 'error', reason: `more than ${MAX_SHOW_BRANCHES} show branches in one request (a branch loop?)` }
  const parsed = parseUrl(target)
  if (!parsed.ok) return { kind: 'error', reason: `${branch.label}: target ${target}: ${parsed.error.message} (part ${parsed.error.part}, position ${parsed.error.position})` }
  const t = parsed.value
  if (t.app !== '' && t.app !== String(rc.app.id) && t.app.toUpperCase() !== rc.app.alias)
    return { kind: 'error', reason: `${branch.label}: a show branch cannot leave app ${rc.app.id} (target ${target})` }
  const pageId = isDigits(t.page) ? Number(t.page) : rc.app.pageAliases.get(t.page.toUpperCase())
  const page = pageId === undefined ? undefined : rc.app.pages.get(pageId)
  if (!page) return { kind: 'error', reason: `${branch.label}: app ${rc.app.id} has no page ${t.page}` }
  rc.page = page
  if (t.clearCache.length > 0) {
    const phase = rc.rec.phase('clearCache', `Clear cache of branch target`)
    const resolution = applyClearCache(
      rc.ctx,
      rc.rec,
      rc.sessionId,
      rc.app,
      t.clearCache,
      `branch target ${target}`,
      (info) => {
        rc.clearValue(info.name)
      },
      rc.page,
    )
    phase.detail = { tokens: resolution }
  }
  if (t.items.length > 0) {
    rc.rec.enter('setUrlItems', 'Set item values of branch target')
    for (const { name, value } of t.items) {
      const info = rc.item(name)
      if (info) rc.setItem(info, value, `branch target ${target}`)
      else rc.rec.warning(`${branch.label}: item ${name} of the target is not defined`, { session: rc.sessionId })
    }
  }
  if (t.request !== '') rc.request = t.request
  return renderPage(rc, { depth: depth + 1 })
}
