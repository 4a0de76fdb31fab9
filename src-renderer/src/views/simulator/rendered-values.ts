/**
 * The values a page showed when a session last rendered it: the itemsRender
 * phase of the latest show of that page at or before the playhead, else the
 * stored rows.
 */
import type { AppActions } from '../../stores/services.js'
import type { RowEntry } from '../../model/rows.js'
import type { PageDefinition, Step, ValidationErrorLike } from './sim-types.js'

export function lastRender(c: Pick<AppActions, 'step'>, session: number, page: number, from: number, maxBack = 500): Step | null {
  for (let i = from; i >= 0 && i > from - maxBack; i--) {
    const s = c.step(i)
    if (!s) return null
    if (s.session === session && s.page === page && s.phases.some((p) => p.kind === 'itemsRender')) return s
  }
  return null
}

export function renderedValues(step: Step | null, page: PageDefinition, rows: readonly RowEntry[], session: number, app: number): Record<string, string> {
  const out: Record<string, string> = {}
  const phases = step ? step.phases.filter((p) => p.kind === 'itemsRender') : []
  const values = (phases[phases.length - 1]?.detail?.values ?? null) as Record<string, string | null> | null
  for (const it of page.items ?? []) {
    const name = it.name.toUpperCase()
    let v: string | null | undefined = values ? values[name] ?? values[it.name] : undefined
    if (v === undefined) v = rows.find((r) => r.session === session && r.app === app && r.page === page.id && r.item === name)?.value ?? null
    out[name] = v ?? ''
  }
  return out
}

export function errorsOf(step: Step | null | undefined): ValidationErrorLike[] {
  return step && step.outcome === 'validationFailed' ? (step.errors ?? []) : []
}

/**
 * What Ajax calls of this session and page sent and answered after its last
 * render, up to the playhead, later calls winning: the fields held the Items
 * to Submit, and the browser writes Items to Return into them.
 */
export function ajaxAnswersSince(c: Pick<AppActions, 'step'>, session: number, page: number, render: Step | null, to: number): Record<string, string> {
  const out: Record<string, string> = {}
  const from = render ? render.index + 1 : Math.max(0, to - 500)
  for (let i = from; i <= to; i++) {
    const s = c.step(i)
    if (!s || s.kind !== 'ajax' || s.session !== session || s.page !== page || s.outcome !== 'ok') continue
    // The Items to Submit are what the page's fields held when it called.
    const sent = (s.input as { values?: unknown }).values
    if (typeof sent === 'object' && sent !== null) {
      for (const [name, v] of Object.entries(sent as Record<string, unknown>)) out[name.toUpperCase()] = v === null || v === undefined ? '' : String(v)
    }
    const answer = s.phases.find((p) => p.kind === 'ajaxReturn')?.detail?.answer
    if (typeof answer !== 'object' || answer === null) continue
    for (const [name, v] of Object.entries(answer as Record<string, unknown>)) out[name.toUpperCase()] = typeof v === 'string' ? v : ''
  }
  return out
}
