/**
 * Counts of an app definition, taken from the definition itself rather than
 * from the import's bookkeeping: what the summary says is what the engine has.
 * Works on any `AppDefinition`, imported or hand-written.
 */
import type { AppDefinition, NotSimulated } from '../engine/model/app-definition.js'
import type { ImportSummary } from './import-types.js'
import { appCoverage } from './coverage.js'
import { oracleBackend } from '../engine/logic/oracle-backend.js'

type Loose = Record<string, unknown>

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v)
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const isNotSimulated = (v: unknown): v is NotSimulated => isObject(v) && typeof v.kind === 'string'

export function summarize(app: AppDefinition): ImportSummary {
  const loose = app as Loose
  const storage = { request: 0, session: 0, user: 0 }
  const appItemStorage = { request: 0, session: 0, user: 0 }
  let pageItems = 0
  let branches = 0
  let validations = 0
  let buttons = 0
  let pageComputations = 0
  let pageProcesses = 0
  let onDemand = 0
  const protectionDowngraded = { pages: 0, items: 0 }

  const countUnplaced = (owner: Loose): { computations: number; processes: number } => {
    const entries = asArray(owner.unplaced).filter(isObject)
    const ajax = asArray(owner.onDemand).length
    onDemand += ajax
    return {
      computations: entries.filter((e) => e.component === 'computation').length,
      processes: entries.filter((e) => e.component === 'process').length + ajax,
    }
  }

  for (const page of app.pages) {
    const items = page.items ?? []
    pageItems += items.length
    for (const item of items) {
      storage[item.storage ?? 'session']++
      if ((item as Loose).protectionNote !== undefined) protectionDowngraded.items++
    }
    if ((page as Loose).protectionNote !== undefined) protectionDowngraded.pages++
    branches += page.branches?.length ?? 0
    validations += page.validations?.length ?? 0
    buttons += page.buttons?.length ?? 0
    const extra = countUnplaced(page as Loose)
    pageComputations += (page.computations?.length ?? 0) + extra.computations
    pageProcesses += (page.processes?.length ?? 0) + extra.processes
  }
  for (const item of app.items ?? []) {
    appItemStorage[item.storage ?? 'session']++
    if ((item as Loose).protectionNote !== undefined) protectionDowngraded.items++
  }
  const appExtra = countUnplaced(loose)
  const appComputations = (app.computations?.length ?? 0) + appExtra.computations
  const appProcesses = (app.processes?.length ?? 0) + appExtra.processes

  const notSimulatedByKind: Record<string, number> = {}
  let notSimulated = 0
  let excludedByBuildOption = 0
  walk(app, (node) => {
    if (node.excludedByBuildOption !== undefined) excludedByBuildOption++
    const found = [node.notSimulated, ...asArray(node.moreNotSimulated)].filter(isNotSimulated)
    for (const record of found) {
      notSimulated++
      notSimulatedByKind[record.kind] = (notSimulatedByKind[record.kind] ?? 0) + 1
    }
  })

  return {
    id: app.id,
    pages: app.pages.length,
    pageItems,
    storage,
    branches,
    appItems: app.items?.length ?? 0,
    computations: pageComputations + appComputations,
    validations,
    buttons,
    processes: pageProcesses + appProcesses,
    notSimulated,
    name: app.name,
    homePage: app.homePage,
    computationsByLevel: { page: pageComputations, application: appComputations },
    processesByLevel: { page: pageProcesses, application: appProcesses },
    appItemStorage,
    notSimulatedByKind: Object.fromEntries(Object.entries(notSimulatedByKind).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    onDemand,
    protectionDowngraded,
    excludedByBuildOption,
    // Compiled and run with the engine's own backend, so the figures are the engine's.
    coverage: appCoverage(app, oracleBackend),
  }
}

/** Visits every object of the definition except the `notSimulated` records themselves. */
function walk(value: unknown, visit: (node: Loose) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit)
    return
  }
  if (!isObject(value)) return
  visit(value)
  for (const [key, child] of Object.entries(value)) {
    if (key === 'notSimulated' || key === 'moreNotSimulated') continue
    walk(child, visit)
  }
}
