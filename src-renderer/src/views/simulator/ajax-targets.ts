/**
 * What a page can call by Ajax, read from its definition (the importer keeps
 * them; loose fields of the app definition): the page's Ajax Callback
 * processes, the application's On Demand processes, and the page's dynamic
 * actions with server-side code.
 */
import type { AppDefinition, PageDefinition, Step } from './sim-types.js'

export interface AjaxTarget {
  kind: 'process' | 'action'
  name: string
  /** "page Ajax Callback", "application process", "dynamic action". */
  where: string
  itemsToSubmit: string[]
  itemsToReturn: string[]
}

function named(list: unknown): { name: string; itemsToSubmit?: unknown; itemsToReturn?: unknown }[] {
  return Array.isArray(list) ? list.filter((e): e is { name: string } => typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string') : []
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])

export function ajaxTargets(app: AppDefinition, page: PageDefinition): AjaxTarget[] {
  const loosePage = page as Record<string, unknown>
  const looseApp = app as Record<string, unknown>
  const out: AjaxTarget[] = []
  const own = new Set<string>()
  for (const p of named(loosePage.onDemand)) {
    own.add(p.name)
    out.push({ kind: 'process', name: p.name, where: 'page Ajax Callback', itemsToSubmit: [], itemsToReturn: [] })
  }
  // A page process of the same name hides the application's (the engine looks on the page first).
  for (const p of named(looseApp.onDemand)) {
    if (!own.has(p.name)) out.push({ kind: 'process', name: p.name, where: 'application process', itemsToSubmit: [], itemsToReturn: [] })
  }
  for (const a of named(loosePage.ajaxActions)) {
    out.push({ kind: 'action', name: a.name, where: 'dynamic action', itemsToSubmit: strings(a.itemsToSubmit), itemsToReturn: strings(a.itemsToReturn) })
  }
  return out
}

/** The answer of an ajax step: Items to Return → value; null when the step has none (an error). */
export function ajaxAnswer(step: Step | undefined): Record<string, string | null> | null {
  const answer = step?.phases.find((p) => p.kind === 'ajaxReturn')?.detail?.answer
  return typeof answer === 'object' && answer !== null ? (answer as Record<string, string | null>) : null
}
