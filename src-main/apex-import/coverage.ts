/**
 * Coverage of an imported app (issue #11): how many of its components run in
 * the simulator — as engine expressions or declarative steps ("native"), or
 * as SQL/PL/SQL that translates and compiles ("code") — and how many do not,
 * by kind; and how many supporting-object statements execute.
 *
 * With a logic backend (the SQL translator, app database and PL/SQL
 * interpreter) the answer is the engine's own: the same plans the engine
 * makes when it loads the app. Without one, code is only counted as "has SQL
 * or PL/SQL text and a way to run" (`withCode`), not as running.
 */
import type { AppDefinition } from '../engine/model/app-definition.js'
import { AppLogic } from '../engine/logic/app-logic.js'
import type { LogicBackend } from '../engine/logic/backend.js'
import type { ComponentKind } from '../engine/logic/component-records.js'
import { componentRecords } from '../engine/logic/component-records.js'

export interface KindCoverage {
  total: number
  runs: number
  notRun: number
  /** Without a backend: components whose code has a way to run, not yet compiled. */
  withCode: number
}

export interface AppCoverage {
  id: number
  /** `compiled`: code was translated/compiled; `textOnly`: no backend, code only counted. */
  mode: 'compiled' | 'textOnly'
  components: KindCoverage & {
    /** Components that run, as expressions or declarative steps. */
    native: number
    /** Components that run as SQL/PL/SQL. */
    code: number
    /** runs / total in percent (one decimal), display conditions of buttons left out. */
    percent: number
    byKind: Partial<Record<ComponentKind, KindCoverage>>
    /** Why components do not run: reason → count, the most frequent first (at most 20). */
    reasons: Record<string, number>
  }
  /** Supporting-object statements (null without a backend or without scripts). */
  statements: { total: number; ran: number; failed: number; percent: number; scripts: { script: string; ran: number; failed: number }[] } | null
}

const empty = (): KindCoverage => ({ total: 0, runs: 0, notRun: 0, withCode: 0 })

/** Kinds that do not change session state or rows (left out of the percentage). */
const DISPLAY_ONLY = new Set<ComponentKind>(['button condition'])

export function appCoverage(app: AppDefinition, backend?: LogicBackend, clock: () => Date = () => new Date(Date.UTC(2026, 0, 1))): AppCoverage {
  const logic = backend === undefined ? undefined : new AppLogic(backend, [app], clock)
  const byKind: Partial<Record<ComponentKind, KindCoverage>> = {}
  const reasons = new Map<string, number>()
  const totals = { ...empty(), native: 0, code: 0 }
  let counted = 0
  let countedRuns = 0
  for (const c of componentRecords(app)) {
    const k = (byKind[c.kind] ??= empty())
    k.total++
    totals.total++
    let runs = c.native
    if (c.native) totals.native++
    else if (c.record !== undefined) {
      if (logic !== undefined) {
        const plan = logic.plans.of(c.record, c.role)
        runs = plan.ok
        if (plan.ok) totals.code++
        else reasons.set(plan.reason, (reasons.get(plan.reason) ?? 0) + 1)
      } else if (c.record.run !== undefined) {
        k.withCode++
        totals.withCode++
      } else reasons.set(c.record.kind, (reasons.get(c.record.kind) ?? 0) + 1)
    }
    if (runs) {
      k.runs++
      totals.runs++
    } else {
      k.notRun++
      totals.notRun++
    }
    if (!DISPLAY_ONLY.has(c.kind)) {
      counted++
      if (runs) countedRuns++
    }
  }
  let statements: AppCoverage['statements'] = null
  if (logic !== undefined && logic.scripts.length > 0) {
    const scripts = logic.scripts.flatMap((s) => s.reports).map((r) => ({
      script: r.script,
      ran: r.statements.filter((s) => s.ok).length,
      failed: r.statements.filter((s) => !s.ok).length,
    }))
    const ran = scripts.reduce((n, s) => n + s.ran, 0)
    const failed = scripts.reduce((n, s) => n + s.failed, 0)
    statements = { total: ran + failed, ran, failed, percent: percent(ran, ran + failed), scripts }
  }
  logic?.db.close?.()
  return {
    id: app.id,
    mode: logic === undefined ? 'textOnly' : 'compiled',
    components: {
      ...totals,
      percent: percent(countedRuns, counted),
      byKind,
      reasons: Object.fromEntries([...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20)),
    },
    statements,
  }
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10
}
