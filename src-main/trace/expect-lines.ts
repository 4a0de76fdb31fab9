/**
 * A trace's `expect` lines as a list the renderer can play as exercises
 * (issue #14 part 5): each line with the step it follows, its session, every
 * field it checks with the expected value, and what the replay found there.
 *
 * Collected while a trace loads — the same pass that checks the expects
 * (trace/replay.ts, or the indexer for recorded-only traces) — so the
 * renderer never recomputes an expect. The replay only reports *failed*
 * checks (ExpectFailure); a check with no failure passed, so its actual value
 * is the expected one.
 */
import { normalizeName, toStoredValue } from '../engine/model/values.js'
import type { ExpectFailure } from './replay.js'
import type { ExpectEvent } from './schema.js'

/** Lines listed at most: a generated trace may carry an expect after every event. */
export const MAX_EXPECT_LINES = 10_000

export type ExpectCheckField = ExpectFailure['field']

/** One thing an expect line checks. */
export interface ExpectCheck {
  field: ExpectCheckField
  /** The item name (upper case, as APEX shows it; may keep an "<appId>:" prefix) for `state`, the table name for `table`, else null. */
  item: string | null
  /** What the trace says, with APEX's empty = null rule applied (`state`: string | null; `page`: number; `table`: rows). */
  expected: unknown
  /** What the replay computed at that point (the expected value when the check passed). */
  actual: unknown
  passed: boolean
  /** The replay's sentence for a failed check. */
  message?: string
}

export interface ExpectLine {
  /** Trace line of the expect (1 = header). */
  line: number
  /** The last step of the event before the expect (null: the expect comes before any step). */
  step: number | null
  /** The session as the trace names it (alias or ID), null when the expect names none. */
  session: string | null
  app: number | null
  note: string | null
  checks: ExpectCheck[]
  /** True when every check passed in the replay. */
  passed: boolean
}

export interface ExpectLineList {
  lines: ExpectLine[]
  /** Expect lines after the first MAX_EXPECT_LINES, counted but not listed. */
  leftOut: number
}

/** What an expect line checks, before the replay's failures are known. */
interface PendingLine {
  line: number
  step: number | null
  session: string | null
  app: number | null
  note: string | null
  checks: Omit<ExpectCheck, 'actual' | 'passed' | 'message'>[]
}

export class ExpectLineCollector {
  private readonly pending: PendingLine[] = []
  private leftOut = 0

  constructor(private readonly max: number = MAX_EXPECT_LINES) {}

  /** One expect line, as it is met during the load; `step` is the timeline's last step so far. */
  add(e: ExpectEvent, line: number, step: number | null): void {
    if (this.pending.length >= this.max) {
      this.leftOut++
      return
    }
    const checks: PendingLine['checks'] = []
    // The order the replay checks them in (replay.ts check()).
    if (e.outcome !== undefined) checks.push({ field: 'outcome', item: null, expected: e.outcome })
    if (e.status !== undefined) checks.push({ field: 'status', item: null, expected: e.status })
    if (e.page !== undefined) checks.push({ field: 'page', item: null, expected: e.page })
    for (const [name, value] of Object.entries(e.state ?? {})) checks.push({ field: 'state', item: normalizeName(name), expected: toStoredValue(value) })
    if (e.table !== undefined && e.rows !== undefined)
      checks.push({
        field: 'table',
        item: e.table,
        expected: e.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [normalizeName(k), toStoredValue(v)]))),
      })
    this.pending.push({
      line,
      step,
      session: e.session === undefined ? null : String(e.session),
      app: e.app ?? null,
      note: e.note ?? null,
      checks,
    })
  }

  /** The listed lines with the replay's verdicts: a check failed when the replay reported a failure for its line, field and item. */
  result(failures: readonly ExpectFailure[]): ExpectLineList {
    const byLine = new Map<number, ExpectFailure[]>()
    for (const f of failures) {
      const list = byLine.get(f.line)
      if (list) list.push(f)
      else byLine.set(f.line, [f])
    }
    const lines = this.pending.map((p): ExpectLine => {
      const failed = byLine.get(p.line) ?? []
      const checks = p.checks.map((c): ExpectCheck => {
        const f = failed.find((x) => x.field === c.field && (c.field !== 'state' || x.item === c.item))
        return f ? { ...c, actual: f.actual, passed: false, message: f.message } : { ...c, actual: c.expected, passed: true }
      })
      // A session the trace never created fails the line; the replay checked only its outcome (which needs no session) before stopping.
      const unknownSession = failed.find((x) => x.field === 'session')
      if (unknownSession) {
        for (const c of checks) if (c.field !== 'outcome') Object.assign(c, { passed: false, actual: null, message: unknownSession.message })
        checks.unshift({ field: 'session', item: null, expected: unknownSession.expected, actual: null, passed: false, message: unknownSession.message })
      }
      return { ...p, checks, passed: checks.every((c) => c.passed) }
    })
    return { lines, leftOut: this.leftOut }
  }
}
