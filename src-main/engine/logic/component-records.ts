/**
 * Every component of an app definition that can hold SQL or PL/SQL (or is
 * already an engine expression), with the role its place gives it. One walk
 * shared by the engine (plans made when the app loads) and the import's
 * coverage report, so both count the same things.
 */
import type { AppDefinition, Condition, NotSimulated, PageItem, Process } from '../model/app-definition.js'
import { REPORT_TYPES } from '../runtime/report-regions.js'
import type { CodeRole } from './code-plan.js'

export type ComponentKind =
  | 'item source'
  | 'item default'
  | 'post computation'
  | 'computation'
  | 'validation'
  | 'process'
  | 'branch'
  | 'condition'
  | 'button condition'
  | 'report region'
  | 'ajax callback'

export interface ComponentRecord {
  kind: ComponentKind
  /** Where it is, in words ("process 'Save' on page 5"). */
  where: string
  role: CodeRole
  /** The SQL/PL/SQL record, when the expression language could not state it. */
  record?: NotSimulated
  /** The engine runs it without the database (an expression, a declarative process). */
  native: boolean
}

const isRecord = (v: unknown): v is NotSimulated => typeof v === 'object' && v !== null && typeof (v as NotSimulated).kind === 'string'

/** The item's code records by role (`role` field; an old definition's single record is its source). */
export function itemRecords(item: PageItem): { source?: NotSimulated; default?: NotSimulated; postComputation?: NotSimulated } {
  const all = [item.notSimulated, ...(((item as Record<string, unknown>).moreNotSimulated as unknown[] | undefined) ?? [])].filter(isRecord)
  const out: { source?: NotSimulated; default?: NotSimulated; postComputation?: NotSimulated } = {}
  for (const r of all) {
    const role = (r as Record<string, unknown>).role
    if (role === 'default') out.default ??= r
    else if (role === 'postComputation') out.postComputation ??= r
    else if (role === 'source' || role === undefined) out.source ??= r
  }
  return out
}

export function componentRecords(app: AppDefinition): ComponentRecord[] {
  const out: ComponentRecord[] = []
  const condition = (c: Condition | undefined, where: string, kind: ComponentKind = 'condition'): void => {
    if (c === undefined) return
    if (c.notSimulated !== undefined) out.push({ kind, where: `condition of ${where}`, role: 'condition', record: c.notSimulated, native: false })
    else if (c.expression !== undefined) out.push({ kind, where: `condition of ${where}`, role: 'condition', native: true })
  }
  const process = (p: Process, where: string): void => {
    if (p.type === 'notSimulated') out.push({ kind: 'process', where, role: 'process', record: p.notSimulated, native: false })
    else out.push({ kind: 'process', where, role: 'process', native: true })
    condition(p.when, where)
  }
  ;(app.computations ?? []).forEach((c, i) => {
    const where = `application computation #${i + 1} (${c.item})`
    out.push({ kind: 'computation', where, role: 'value', ...(c.notSimulated ? { record: c.notSimulated } : {}), native: c.notSimulated === undefined })
    condition(c.when, where)
  })
  for (const p of app.processes ?? []) process(p, `application process '${p.name}'`)
  // Ajax callbacks (On Demand processes) run when an ajax event calls them: their code counts as any process's.
  const ajax = (entries: unknown, where: string): void => {
    if (!Array.isArray(entries)) return
    for (const e of entries as Record<string, unknown>[]) {
      const at = `Ajax callback '${String(e.name ?? '?')}'${where}`
      if (isRecord(e.notSimulated)) out.push({ kind: 'ajax callback', where: at, role: 'process', record: e.notSimulated, native: false })
      else out.push({ kind: 'ajax callback', where: at, role: 'process', native: true })
      condition(e.when as Condition | undefined, at)
    }
  }
  ajax((app as Record<string, unknown>).onDemand, '')
  for (const page of app.pages) {
    ajax((page as Record<string, unknown>).onDemand, ` on page ${page.id}`)
    // Report regions' queries (runtime/report-regions.ts runs them at render): a query as an
    // SQL query, a function body returning the query as PL/SQL; a region on a table needs no code.
    for (const r of page.regions ?? []) {
      if (!REPORT_TYPES.has(r.type)) continue
      const where = `report region '${r.name}' on page ${page.id}`
      const fn = (r as Record<string, unknown>).queryFunction
      if (typeof r.query === 'string' && r.query.trim() !== '') {
        out.push({ kind: 'report region', where, role: 'value', record: { kind: 'report region query', text: r.query, language: 'sql', run: 'sqlQuery' }, native: false })
      } else if (r.table !== undefined) out.push({ kind: 'report region', where, role: 'value', native: true })
      else if (typeof fn === 'string' && fn.trim() !== '') {
        out.push({ kind: 'report region', where, role: 'value', record: { kind: 'region source (function body returning SQL query)', text: fn, language: 'plsql', apexType: 'FUNC_BODY_RETURNING_SQL', run: 'plsqlFunctionBody' }, native: false })
      }
    }
    for (const item of page.items ?? []) {
      const records = itemRecords(item)
      const where = `item ${item.name}`
      if (records.source) out.push({ kind: 'item source', where: `source of ${where}`, role: 'value', record: records.source, native: false })
      else if (item.source !== undefined) out.push({ kind: 'item source', where: `source of ${where}`, role: 'value', native: true })
      if (records.default) out.push({ kind: 'item default', where: `default of ${where}`, role: 'value', record: records.default, native: false })
      else if (item.default !== undefined) out.push({ kind: 'item default', where: `default of ${where}`, role: 'value', native: true })
      if (records.postComputation) out.push({ kind: 'post computation', where: `post computation of ${where}`, role: 'value', record: records.postComputation, native: false })
    }
    for (const b of page.buttons ?? []) {
      const display = (b as Record<string, unknown>).displayWhen as Condition | undefined
      condition(display, `button ${b.name} on page ${page.id}`, 'button condition')
    }
    ;(page.computations ?? []).forEach((c, i) => {
      const where = `computation #${i + 1} on page ${page.id}`
      out.push({ kind: 'computation', where, role: 'value', ...(c.notSimulated ? { record: c.notSimulated } : {}), native: c.notSimulated === undefined })
      condition(c.when, where)
    })
    for (const v of page.validations ?? []) {
      const where = `validation '${v.name}' on page ${page.id}`
      out.push({ kind: 'validation', where, role: 'validation', ...(v.notSimulated ? { record: v.notSimulated } : {}), native: v.notSimulated === undefined })
      condition(v.when, where)
    }
    for (const p of page.processes ?? []) process(p, `process '${p.name}' on page ${page.id}`)
    ;(page.branches ?? []).forEach((b, i) => {
      const where = `branch #${i + 1} on page ${page.id}`
      out.push({ kind: 'branch', where, role: 'process', ...(b.notSimulated ? { record: b.notSimulated } : {}), native: b.notSimulated === undefined })
      condition(b.when, where)
    })
  }
  return out
}
