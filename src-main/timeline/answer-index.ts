/**
 * What real APEX servers answered (an event's `observed`, written by the HAR
 * importer), kept so the timeline's search finds it (issue #15: "every
 * request, posted value and answer is steppable and searchable").
 *
 * Answers are not session state: a rendered value is what the page showed,
 * not what the server stored, so they are not effects and the effect search
 * (search.ts) cannot see them. They are listed once while the trace loads —
 * the rendered items, the redirect target, error and success messages — each
 * at the first step of its request, and searched as text. The list is bounded
 * (a recording of 10,000 requests with 20 rendered items each is 200,000
 * entries); what is left out is counted and said in the answer.
 */
import type { Step } from '../engine/model/step.js'
import type { Observed } from '../trace/schema.js'
import type { AnswerHit } from './results.js'

/** Entries kept at most; a larger recording's later answers are counted, not searched. */
export const MAX_ANSWER_ENTRIES = 250_000

export type AnswerPart = AnswerHit['answer']

export interface AnswerEntry {
  step: number
  session: number | null
  app: number | null
  page: number | null
  part: AnswerPart
  /** The item's name for a rendered item; for the other parts, the part's words ("redirect", "error", "message"). */
  name: string
  value: string | null
}

export interface AnswerList {
  entries: AnswerEntry[]
  /** Entries past MAX_ANSWER_ENTRIES, not kept. */
  leftOut: number
}

/** Collects the answers of a trace's events as they load (TraceIndexer). */
export class AnswerCollector {
  private readonly entries: AnswerEntry[] = []
  private leftOut = 0

  constructor(private readonly max = MAX_ANSWER_ENTRIES) {}

  /** The answer to one event, whose steps (the first is the request's) were just appended. */
  add(observed: Observed, steps: readonly Step[]): void {
    const first = steps[0]
    if (!first) return
    const at = { step: first.index, session: first.session, app: observed.app ?? first.app, page: observed.page ?? first.page }
    if (observed.location !== undefined) this.push({ ...at, part: 'redirect', name: 'redirect', value: observed.location })
    for (const [name, value] of Object.entries(observed.items ?? {})) this.push({ ...at, part: 'item', name, value })
    for (const m of observed.errors ?? []) this.push({ ...at, part: 'error', name: 'error', value: m })
    for (const m of observed.messages ?? []) this.push({ ...at, part: 'message', name: 'message', value: m })
  }

  private push(entry: AnswerEntry): void {
    if (this.entries.length < this.max) this.entries.push(entry)
    else this.leftOut++
  }

  /** Null when no event carried an answer (traces not made from a recording). */
  result(): AnswerList | null {
    return this.entries.length === 0 && this.leftOut === 0 ? null : { entries: this.entries, leftOut: this.leftOut }
  }
}

/**
 * Answers whose rendered item name, or whose value or text, contains `query` (case-insensitive unless
 * asked), oldest first: the first `limit` hits and how many there are.
 */
export function searchAnswers(
  list: AnswerList,
  query: string,
  opts: { caseSensitive?: boolean; limit?: number; near?: { step: number; direction: 'forward' | 'backward' } } = {},
): { hits: AnswerHit[]; total: number; leftOut: number; nextStep?: number | null } {
  const cs = opts.caseSensitive ?? false
  const limit = opts.limit ?? 100
  const q = cs ? query : query.toLowerCase()
  const has = (s: string | null) => s !== null && (cs ? s : s.toLowerCase()).includes(q)
  const hits: AnswerHit[] = []
  let total = 0
  const near = opts.near
  // With `near`: the nearest step with a hit after (forward) or before (backward) near.step.
  let nextStep: number | null = null
  for (const e of list.entries) {
    // A rendered item matches by its name or value; a redirect or message by its text only.
    if (!(e.part === 'item' && has(e.name)) && !has(e.value)) continue
    total++
    if (hits.length < limit) hits.push({ step: e.step, session: e.session, app: e.app, page: e.page, item: e.name, value: e.value, answer: e.part })
    if (near && (near.direction === 'forward' ? e.step > near.step && (nextStep === null || e.step < nextStep) : e.step < near.step && (nextStep === null || e.step > nextStep))) nextStep = e.step
  }
  return near ? { hits, total, leftOut: list.leftOut, nextStep } : { hits, total, leftOut: list.leftOut }
}
