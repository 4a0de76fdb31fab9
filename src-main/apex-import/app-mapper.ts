/**
 * One grouped application → one `AppDefinition`.
 *
 * Ordering is part of the contract: the engine runs components in array order,
 * so computations, processes and branches are sorted by execution point, then
 * APEX sequence, then component id (the id only breaks ties, so a split export
 * and its single-file twin produce the same arrays). Items and buttons follow
 * their sequence; application items and pages their name and number.
 */
import type { AppDefinition, AppItem, Branch, Computation, Page, PageItem, Process, Validation } from '../engine/model/app-definition.js'
import { mapBranch } from './branch-mapper.js'
import { mapButton } from './button-mapper.js'
import { mapComputation } from './computation-mapper.js'
import type { ExportCall } from './export-call.js'
import { argCode, argId, argNumber, argText, compareIds } from './export-call.js'
import type { RawApp, RawPage } from './export-grouping.js'
import { pointIndex } from './execution-points.js'
import type { ImportProblem } from './import-types.js'
import { mapAppItem, mapPageItem } from './item-mapper.js'
import type { MapContext } from './map-context.js'
import { excludedBy } from './map-context.js'
import { mapProcess } from './process-mapper.js'
import type { SubstitutionStrings } from './substitution-text.js'
import { mapValidation } from './validation-mapper.js'
import { supportingObjectsOf, textMessagesOf } from './supporting-objects.js'
import { formatMasks, legacyFormColumns, mapRegions } from './region-mapper.js'
import { mapAjaxActions } from './dynamic-action-mapper.js'
import { appSessionSecurity, pageSessionSecurity, rejoinNote } from './session-security-mapper.js'

interface Sorted<T> {
  value: T
  point: number
  sequence: number
  id: string | undefined
}

function byExecutionOrder<T>(entries: Sorted<T>[]): T[] {
  return entries
    .sort((a, b) => a.point - b.point || a.sequence - b.sequence || compareIds(a.id, b.id))
    .map((e) => e.value)
}

function sequenceOf(call: ExportCall, arg: string): number {
  return argNumber(call, arg) ?? Number.MAX_SAFE_INTEGER
}

export function mapApp(raw: RawApp, problems: ImportProblem[]): AppDefinition {
  const flow = raw.flow
  const substitutions = substitutionStrings(flow)
  const buttonNames = new Map<string, string>()
  const itemNames = new Map<string, string>()
  for (const page of raw.pages.values()) {
    for (const b of page.buttons) {
      const id = argId(b, 'p_id')
      const name = argText(b, 'p_button_name')?.trim()
      if (id !== undefined && name) buttonNames.set(id, name)
    }
    for (const i of page.items) {
      const id = argId(i, 'p_id')
      const name = argText(i, 'p_name')?.trim()
      if (id !== undefined && name) itemNames.set(id, name.toUpperCase())
    }
  }
  const excludedBuildOptions = new Map<string, string>()
  for (const option of raw.buildOptions) {
    const id = argId(option, 'p_id')
    if (id !== undefined && argCode(option, 'p_build_option_status') === 'EXCLUDE') {
      excludedBuildOptions.set(id, argText(option, 'p_build_option_name') ?? id)
    }
  }
  const knownItems = new Set<string>()
  for (const call of [...raw.items, ...[...raw.pages.values()].flatMap((p) => p.items)]) {
    const name = argText(call, 'p_name')?.trim().toUpperCase()
    if (name) knownItems.add(name)
  }
  const context: MapContext = { appId: raw.id, substitutions, buttonNames, itemNames, knownItems, excludedBuildOptions, problems }

  const pages = [...raw.pages.values()].sort((a, b) => a.id - b.id).map((page) => mapPage(page, context))

  const app: AppDefinition & Record<string, unknown> = {
    id: raw.id,
    name: (flow && argText(flow, 'p_name')) || `Application ${raw.id}`,
    homePage: homePageOf(raw, pages, problems),
    pages,
  }
  const alias = flow && argText(flow, 'p_alias')
  if (alias) app.alias = alias
  const settings: NonNullable<AppDefinition['settings']> = {}
  const maxLength = flow && argNumber(flow, 'p_max_session_length_sec')
  const maxIdle = flow && argNumber(flow, 'p_max_session_idle_sec')
  if (maxLength !== undefined && maxLength >= 0) settings.maxSessionLengthSec = maxLength
  if (maxIdle !== undefined && maxIdle >= 0) settings.maxSessionIdleSec = maxIdle
  // Issue #16: Rejoin Sessions, Session State Protection, checksum salt, session cookie (mapped, not yet enforced).
  const { rejoinSessions, ...security } = appSessionSecurity(raw, problems)
  if (rejoinSessions !== undefined) settings.rejoinSessions = rejoinSessions
  if (Object.keys(settings).length > 0) app.settings = settings
  Object.assign(app, security)
  const rejoin = rejoinNote(rejoinSessions, pages)
  if (rejoin !== null) app.rejoinSessionsNote = rejoin

  const items = raw.items
    .map((call) => ({ call, item: mapAppItem(call, context) }))
    .filter(({ item }) => item.name !== '')
    .sort((a, b) => (a.item.name < b.item.name ? -1 : a.item.name > b.item.name ? 1 : compareIds(argId(a.call, 'p_id'), argId(b.call, 'p_id'))))
    .map(({ item }) => item)
  if (items.length > 0) app.items = items satisfies AppItem[]
  dropDuplicateItems(app, raw, problems)

  const unplaced: Record<string, unknown>[] = []
  const onDemand: Record<string, unknown>[] = []
  const computations: Sorted<Computation>[] = []
  for (const call of raw.computations) {
    const mapped = mapComputation(call, context, 'BEFORE_HEADER')
    if (mapped === undefined) continue
    if (mapped.placed) computations.push(sorted(mapped.computation, call, 'p_computation_sequence'))
    else unplaced.push(mapped.entry)
  }
  if (computations.length > 0) app.computations = byExecutionOrder(computations)
  const processes: Sorted<Process>[] = []
  for (const call of raw.processes) {
    const mapped = mapProcess(call, context, undefined)
    if (mapped.placed) processes.push(sorted(mapped.process, call, 'p_process_sequence'))
    else (mapped.onDemand ? onDemand : unplaced).push(mapped.entry)
  }
  if (processes.length > 0) app.processes = byExecutionOrder(processes)
  if (onDemand.length > 0) app.onDemand = onDemand
  if (unplaced.length > 0) app.unplaced = unplaced

  const globalPage = raw.userInterfaces.map((ui) => argNumber(ui, 'p_global_page_id')).find((id) => id !== undefined)
  if (globalPage !== undefined) app.globalPage = globalPage
  if (Object.keys(substitutions).length > 0) app.substitutions = substitutions
  if (raw.release !== undefined) app.apexRelease = raw.release
  const supportingObjects = supportingObjectsOf(raw, problems)
  if (supportingObjects !== undefined) app.supportingObjects = supportingObjects
  const messages = textMessagesOf(raw)
  if (messages.length > 0) app.messages = messages
  return app
}

function sorted<T extends { point: Parameters<typeof pointIndex>[0] }>(value: T, call: ExportCall, sequenceArg: string): Sorted<T> {
  return { value, point: pointIndex(value.point), sequence: sequenceOf(call, sequenceArg), id: argId(call, 'p_id') }
}

function mapPage(raw: RawPage, appContext: MapContext): Page {
  const regions = mapRegions(raw)
  const processNames = new Map<string, string>()
  for (const call of raw.processes) {
    const id = argId(call, 'p_id')
    if (id !== undefined) processNames.set(id, argText(call, 'p_process_name') ?? '')
  }
  const context: MapContext = { ...appContext, page: { regions, dbColumns: legacyFormColumns(raw), formatMasks: formatMasks(raw), processNames } }
  const create = raw.create
  const page: Page & Record<string, unknown> = {
    id: raw.id,
    name: (create && argText(create, 'p_name')) || `Page ${raw.id}`,
  }
  const alias = create && argText(create, 'p_alias')
  if (alias) page.alias = alias
  // Access protection (C mapped, not yet enforced) and Rejoin Sessions: issue #16.
  Object.assign(page, pageSessionSecurity(create))
  const mode = create && argCode(create, 'p_page_mode')
  if (mode !== undefined && mode !== 'NORMAL') page.mode = mode
  if (create !== undefined) {
    const excluded = excludedBy(create, context)
    if (excluded !== undefined) page.excludedByBuildOption = excluded
  }

  const items = raw.items
    .map((call) => ({ call, item: mapPageItem(call, context) }))
    .filter(({ item }) => item.name !== '')
    .sort((a, b) => sequenceOf(a.call, 'p_item_sequence') - sequenceOf(b.call, 'p_item_sequence') || compareIds(argId(a.call, 'p_id'), argId(b.call, 'p_id')))
    .map(({ item }) => item)
  if (items.length > 0) page.items = items satisfies PageItem[]

  const buttons = raw.buttons
    .map((call) => ({ call, button: mapButton(call, context) }))
    .sort((a, b) => sequenceOf(a.call, 'p_button_sequence') - sequenceOf(b.call, 'p_button_sequence') || compareIds(argId(a.call, 'p_id'), argId(b.call, 'p_id')))
    .flatMap(({ button }) => (button === undefined ? [] : [button]))
  if (buttons.length > 0) page.buttons = buttons

  const unplaced: Record<string, unknown>[] = []
  const onDemand: Record<string, unknown>[] = []
  const computations: Sorted<Computation>[] = []
  for (const call of raw.computations) {
    const mapped = mapComputation(call, context, 'AFTER_SUBMIT')
    if (mapped === undefined) continue
    if (mapped.placed) computations.push(sorted(mapped.computation, call, 'p_computation_sequence'))
    else unplaced.push(mapped.entry)
  }
  if (computations.length > 0) page.computations = byExecutionOrder(computations)

  const validations = raw.validations
    .map((call) => ({ value: mapValidation(call, context), point: 0, sequence: sequenceOf(call, 'p_validation_sequence'), id: argId(call, 'p_id') }))
  if (validations.length > 0) page.validations = byExecutionOrder<Validation>(validations)

  const processes: Sorted<Process>[] = []
  for (const call of raw.processes) {
    const mapped = mapProcess(call, context, raw.id)
    if (mapped.placed) processes.push(sorted(mapped.process, call, 'p_process_sequence'))
    else (mapped.onDemand ? onDemand : unplaced).push(mapped.entry)
  }
  if (processes.length > 0) page.processes = byExecutionOrder(processes)

  const branches = raw.branches.map((call) => sorted<Branch>(mapBranch(call, context), call, 'p_branch_sequence'))
  if (branches.length > 0) page.branches = byExecutionOrder(branches)
  if (onDemand.length > 0) page.onDemand = onDemand
  if (unplaced.length > 0) page.unplaced = unplaced
  if (regions.list.length > 0) page.regions = regions.list.map(({ operations: _operations, queryOnly: _queryOnly, ...region }) => region)
  const ajaxActions = mapAjaxActions(raw)
  if (ajaxActions.length > 0) page.ajaxActions = ajaxActions
  return page
}

/**
 * APEX item names are unique per application; a damaged or hand-merged export
 * can still repeat one, which the engine would refuse. The first definition
 * wins (application items before pages, pages in number order) and each
 * repeat is reported.
 */
function dropDuplicateItems(app: AppDefinition, raw: RawApp, problems: ImportProblem[]): void {
  const seen = new Set<string>()
  const where = (name: string, pageId: number | undefined): ExportCall | undefined =>
    (pageId === undefined ? raw.items : (raw.pages.get(pageId)?.items ?? [])).find((c) => argText(c, 'p_name')?.trim().toUpperCase() === name)
  const keep = <T extends { name: string }>(list: T[] | undefined, pageId: number | undefined): T[] | undefined => {
    if (list === undefined) return undefined
    return list.filter((item) => {
      const name = item.name.toUpperCase()
      if (!seen.has(name)) {
        seen.add(name)
        return true
      }
      const call = where(name, pageId)
      problems.push({ file: call?.file ?? '', line: call?.line ?? 0, message: `item ${name} is defined more than once; the repeat is skipped` })
      return false
    })
  }
  // Empty lists are left out, as everywhere else in imported definitions.
  const appItems = keep(app.items, undefined)
  if (appItems !== undefined && appItems.length > 0) app.items = appItems
  else delete app.items
  for (const page of app.pages) {
    const items = keep(page.items, page.id)
    if (items !== undefined && items.length > 0) page.items = items
    else delete page.items
  }
}

/** `p_substitution_string_NN` / `p_substitution_value_NN` of `create_flow`. */
function substitutionStrings(flow: ExportCall | undefined): SubstitutionStrings {
  const result: Record<string, string> = {}
  if (flow === undefined) return result
  for (const [arg, value] of Object.entries(flow.args)) {
    const match = /^p_substitution_string_(\d+)$/.exec(arg)
    if (match === null || value.kind !== 'text' || value.value.trim() === '') continue
    result[value.value.trim().toUpperCase()] = argText(flow, `p_substitution_value_${match[1]}`) ?? ''
  }
  return result
}

/**
 * The home page from the user interface's home URL (`f?p=&APP_ID.:1:&SESSION.`,
 * 19.1+) or the application's home link (older exports). A page alias is
 * resolved against the pages; without a usable URL the lowest normal page
 * number is used, and that guess is reported.
 */
function homePageOf(raw: RawApp, pages: Page[], problems: ImportProblem[]): number {
  const candidates: Array<{ url: string; call: ExportCall }> = []
  for (const ui of raw.userInterfaces) {
    const url = argText(ui, 'p_home_url')
    if (url) candidates.push({ url, call: ui })
  }
  const homeLink = raw.flow && argText(raw.flow, 'p_home_link')
  if (homeLink && raw.flow) candidates.push({ url: homeLink, call: raw.flow })
  for (const { url } of candidates) {
    const page = pageOfUrl(url, pages)
    if (page !== undefined) return page
  }
  const fallback = pages.find((p) => p.id > 0)?.id ?? pages[0]?.id ?? 1
  const where = candidates[0]?.call ?? raw.flow ?? [...raw.pages.values()].find((p) => p.create !== undefined)?.create
  if (pages.length > 0) {
    problems.push({
      file: where?.file ?? '',
      line: where?.line ?? 0,
      message: `no home page URL with a page of this export${candidates[0] ? ` (${candidates[0].url})` : ''}; page ${fallback} is used as home page`,
    })
  }
  return fallback
}

/** The page a home URL names, when the export has that page. */
function pageOfUrl(url: string, pages: Page[]): number | undefined {
  const fp = /f\?p=[^:]*:([^:&]*)/i.exec(url)
  const friendly = /\/r\/[^/?]+\/[^/?]+\/([^/?#]+)/i.exec(url)
  const part = (fp?.[1] ?? friendly?.[1])?.trim()
  if (part === undefined || part === '') return undefined
  const found = /^\d+$/.test(part) ? pages.find((p) => p.id === Number(part)) : pages.find((p) => p.alias?.toLowerCase() === part.toLowerCase())
  return found?.id
}
