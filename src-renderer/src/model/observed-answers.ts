/**
 * Real vs simulated in the renderer (issue #15): finding the divergence the
 * engine computed for a step, and the real answer recorded in a step's input
 * in words. Nothing here compares anything: the engine did that once, while
 * the trace replayed (WorkspaceSummary.observed).
 */
import type { Step, WorkspaceSummary } from '../transport/api-types.js'

export type ObservedComparison = NonNullable<WorkspaceSummary['observed']>
export type ObservedDivergence = ObservedComparison['divergences'][number]

/**
 * The divergence of the request a step belongs to (from its request's first
 * step to its last redirect show), or null. The engine lists divergences in
 * step order, so this is a binary search.
 */
export function divergenceAt(list: readonly ObservedDivergence[] | undefined, step: number): ObservedDivergence | null {
  if (!list || list.length === 0) return null
  let lo = 0
  let hi = list.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const d = list[mid]!
    if (step < d.step) hi = mid - 1
    else if (step > d.lastStep) lo = mid + 1
    else return d
  }
  return null
}

/** What the real server answered, as the trace's `observed` field holds it (any part may be missing). */
export interface RealAnswer {
  status?: number
  location?: string
  app?: number
  page?: number
  session?: string
  items?: Record<string, string | null>
  errors?: string[]
  messages?: string[]
  json?: unknown
  ms?: number
}

/** The real answer recorded with the step's event (every step of a request carries its event's input). */
export function realAnswerOf(step: Step): RealAnswer | null {
  const o = (step.input as { observed?: unknown }).observed
  return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as RealAnswer) : null
}

/** The real answer's facts as label/value lines for the inspector. */
export function realAnswerLines(o: RealAnswer): { label: string; value: string }[] {
  const lines: { label: string; value: string }[] = []
  if (typeof o.status === 'number') lines.push({ label: 'HTTP status', value: o.status === 0 ? '0 (no answer: cancelled or blocked)' : String(o.status) })
  if (typeof o.location === 'string') lines.push({ label: 'Redirected to', value: o.location })
  if (typeof o.page === 'number') lines.push({ label: 'Page shown', value: typeof o.app === 'number' ? `page ${o.page} of app ${o.app}` : `page ${o.page}` })
  if (Array.isArray(o.errors)) lines.push({ label: 'Errors', value: o.errors.length === 0 ? 'none' : o.errors.join(' · ') })
  if (Array.isArray(o.messages) && o.messages.length > 0) lines.push({ label: 'Messages', value: o.messages.join(' · ') })
  if (o.json !== undefined) lines.push({ label: 'Ajax answer', value: clip(JSON.stringify(o.json) ?? '', 300) })
  if (typeof o.ms === 'number') lines.push({ label: 'Server time', value: `${o.ms} ms` })
  return lines
}

/** Item values the real page rendered, name order. */
export function realItems(o: RealAnswer): [string, string | null][] {
  if (!o.items || typeof o.items !== 'object') return []
  return Object.entries(o.items).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s
}
