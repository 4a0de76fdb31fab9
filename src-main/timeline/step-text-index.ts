/**
 * The words of every step, for the timeline's search (issue #14: "search
 * over sessions, users, buttons, URLs and notes"). The effect search
 * (search.ts) finds item names and values; a step is also found by
 *
 *   session — the step's session: its alias (the trace's `as`, kept by the
 *             session's records) or its ID;
 *   user    — the user a login step logs in;
 *   button  — a submit's button (`request`) or an Ajax call's process;
 *   url     — the URL a show step requested (or its event's `url`);
 *   note    — the trace's note on the event's first step.
 *
 * `stepWordsOf` says this for one Step object; the index computes the same
 * from the timeline without making Step objects: the event lines give url,
 * request, user, note and the `steps` extension's sessions
 * (event-line-fields.ts reads just those), the effect columns give each
 * session ID's alias. The first search after a load indexes what it can in
 * STEP_TEXT_BUDGET_MS and starts a build in the background for the rest
 * (step-text-build.ts); each later search extends it to the steps appended
 * since.
 *
 * Memory is bounded: the words are interned once each (a URL repeated a
 * thousand times is stored once) in a string table of at most
 * MAX_STEP_TEXT_BYTES; a word that would pass it is not kept, and the steps
 * whose words were left out are counted (`leftOut` in the answer). Per step
 * the index keeps a session number (4 bytes), and per word a step, a part
 * and a string id (9 bytes).
 */
import type { Operation } from '../engine/model/operation.js'
import type { Step } from '../engine/model/step.js'
import { OP_SESSION } from './codes.js'
import { I32, U8 } from './columns/growable.js'
import { StringTable } from './columns/string-table.js'
import { eventLineReader } from './event-line-fields.js'
import type { Timeline } from './timeline.js'

export const STEP_TEXT_PARTS = ['session', 'user', 'button', 'url', 'note'] as const
export type StepTextPart = (typeof STEP_TEXT_PARTS)[number]

/** One step found by its words. */
export interface StepTextHit {
  step: number
  part: StepTextPart
  /** What matched: the session's ID for `session` (its alias is `alias`), else the word. */
  text: string
  /** The step's session ID, when it has one. */
  session: number | null
  /** That session's alias in the trace (`as`), when it has one. */
  alias: string | null
}

export interface StepTextResult {
  hits: StepTextHit[]
  /** Every hit over all steps. */
  total: number
  /** Steps whose words were not kept (the memory bound). */
  leftOut: number
  /**
   * Steps indexed so far, of `of`: a big timeline's index is built in the
   * background between the engine's requests (step-text-build.ts); hits
   * are over steps [0, searched) until it equals `of`.
   */
  searched: number
  of: number
  /**
   * The alias of every session the hits name — these and the ones asked for
   * with `sessions` (the change and answer hits of the same search) — so a
   * session not yet created at the playhead, ended, or given a new ID by a
   * login is shown by its alias.
   */
  aliases: { id: number; alias: string }[]
  /** With `near`: the first hit after (forward) or before (backward) that step, over every hit of the steps indexed (null: none). */
  next?: StepTextHit | null
}

/**
 * Time one search spends building the index before it answers: a small
 * timeline's index is complete at once; a million steps' first search
 * answers for the steps indexed so far (the whole build takes about a
 * minute there: every event line is read once) and the rest is built in
 * the background.
 */
export const STEP_TEXT_BUDGET_MS = 50

/**
 * Events read between two looks at the clock in a budgeted update. An event
 * of a recorded million-event trace costs ~90 µs to read (its ~2 KB line read
 * and decoded, its words parsed), a look at the clock well under 1 µs: at 64
 * events a 10 ms slice ran 17 ms at the median and 49 ms at p95 on a loaded
 * machine, and a request arriving meanwhile (a step, a search hit) waited
 * for it.
 */
export const EVENTS_PER_CLOCK_READ = 4

/** The words kept at most, in UTF-8 bytes (distinct words: repeats cost nothing). */
export const MAX_STEP_TEXT_BYTES = 64 * 1024 * 1024

/** The searchable words of one step; `inEvent`: its place among its event's steps (0: the request itself). */
export interface StepWords {
  session: number | null
  user: string | null
  button: string | null
  url: string | null
  note: string | null
}

/** What a step is found by, from the Step object (the definition the index follows; the tests' naive scan uses it). */
export function stepWordsOf(step: Step, inEvent: number): StepWords {
  const input = step.input as Operation & Record<string, unknown>
  const first = inEvent === 0
  const str = (v: unknown) => (typeof v === 'string' ? v : null)
  return {
    session: step.session,
    user: first && input.type === 'login' ? str(input.user) : null,
    button: first && (input.type === 'submit' || input.type === 'ajax') ? (str(input.request) ?? str(input.process)) : null,
    url: step.request?.url ?? (first ? str(input.url) : null),
    note: first ? str(input.note) : null,
  }
}

const PART_CODE: Record<StepTextPart, number> = { session: 0, user: 1, button: 2, url: 3, note: 4 }
/** The fields read from an event line, without its effects (the extension found from the end of the line). */
const readEventLine = eventLineReader(new Set(['type', 'url', 'request', 'process', 'user', 'note', 'steps']), 'effects', 'steps')

/** The `steps` extension found is this event's: one entry per step, their effect counts adding up to the event's. */
function isStepsOf(value: unknown, steps: number, effects: number): boolean {
  if (!Array.isArray(value) || value.length !== steps) return false
  let sum = 0
  for (const info of value as { effects?: unknown }[]) {
    if (typeof info !== 'object' || info === null || typeof info.effects !== 'number') return false
    sum += info.effects
  }
  return sum === effects
}

/** The words of the event's `count` steps (holding `effects` effects) from its line, as stepWordsOf gives them. */
function wordsOfEventLine(line: string, count: number, effects: number): StepWords[] {
  const f = readEventLine(line, (v) => isStepsOf(v, count, effects))
  const str = (v: unknown) => (typeof v === 'string' ? v : null)
  const infos = Array.isArray(f.steps) ? (f.steps as { session?: unknown; request?: { url?: unknown } }[]) : null
  const out: StepWords[] = []
  for (let k = 0; k < count; k++) {
    const info = infos?.[k]
    const session = info && typeof info.session === 'number' ? info.session : null
    const first = k === 0
    out.push({
      session,
      user: first && f.type === 'login' ? str(f.user) : null,
      button: first && (f.type === 'submit' || f.type === 'ajax') ? (str(f.request) ?? str(f.process)) : null,
      url: str(info?.request?.url) ?? (first ? str(f.url) : null),
      note: first ? str(f.note) : null,
    })
  }
  return out
}

export class StepTextIndex {
  private readonly words = new StringTable()
  /** Per step: the index of its session in `sessionIds` (−1: none). */
  private readonly stepSession = new I32()
  /** Distinct session IDs seen, and each one's alias as a word id (−1: none known yet). */
  private readonly sessionIds: number[] = []
  private readonly sessionAlias: number[] = []
  /** The IDs as text (a search matches their digits). */
  private readonly sessionIdText: string[] = []
  private readonly sessionOf = new Map<number, number>()
  /** Words, in step order: the step, the part (PART_CODE), the word id. */
  private readonly wordStep = new I32()
  private readonly wordPart = new U8()
  private readonly wordText = new I32()
  /** Effects read for session aliases so far. */
  private effectsRead = 0
  private readonly aliasOfId = new Map<number, string>()
  private leftOutSteps = 0

  constructor(private readonly maxBytes = MAX_STEP_TEXT_BYTES) {}

  /** Steps indexed so far. */
  get steps(): number {
    return this.stepSession.length
  }

  /** Bytes held (words and columns), for the bench and the docs. */
  get byteSize(): number {
    return this.words.byteSize + this.stepSession.length * 4 + this.wordStep.length * 9 + this.sessionIds.length * 12
  }

  /**
   * Indexes the timeline's steps not indexed yet (the timeline only grows; a
   * shorter one needs a new index) — all of them, or with `budget` until
   * `budget.ms` have passed by `budget.now` (at least one event per call, so
   * every call gets on). True when every step is indexed.
   */
  update(tl: Timeline, budget?: { ms: number; now: () => number }): boolean {
    const c = tl.cols
    this.readAliases(tl)
    const n = tl.stepCount
    let i = this.stepSession.length
    const until = budget ? budget.now() + budget.ms : Infinity
    let events = 0
    while (i < n) {
      if (budget && ++events % EVENTS_PER_CLOCK_READ === 0 && budget.now() >= until) break
      const event = c.stepEvent.get(i)
      const inEvent = c.stepInEvent.get(i)
      // The event's steps are consecutive: read its line once for all of them.
      let end = i + 1
      while (end < n && c.stepEvent.get(end) === event) end++
      const first = i - inEvent
      const words = wordsOfEventLine(c.events.get(event), inEvent + (end - i), c.stepFirstEffect.get(end) - c.stepFirstEffect.get(first))
      for (let s = i; s < end; s++) this.addStep(s, words[inEvent + (s - i)]!)
      i = end
    }
    this.total = n
    return i >= n
  }

  /** The timeline's step count at the last update. */
  private total = 0

  /** Session aliases from the session records of the effects not read yet (an ID keeps its alias; a login's new ID gets it too). */
  private readAliases(tl: Timeline): void {
    const c = tl.cols
    const op = c.effectOp.raw
    const to = c.effectTo.raw
    const sess = c.effectSession.raw
    const n = c.effectCount
    for (let i = this.effectsRead; i < n; i++) {
      if (op[i] !== OP_SESSION || to[i]! < 0 || sess[i]! < 0) continue
      const alias = c.sessionRecords.alias.get(to[i]!)
      if (alias < 0) continue
      const id = c.sessionIds.get(sess[i]!)
      if (this.aliasOfId.has(id)) continue
      const name = c.names.get(alias)
      this.aliasOfId.set(id, name)
      const known = this.sessionOf.get(id)
      if (known !== undefined && this.sessionAlias[known]! < 0) this.sessionAlias[known] = this.intern(name)
    }
    this.effectsRead = n
  }

  private intern(word: string): number {
    const id = this.words.lookup(word)
    if (id >= 0) return id
    if (this.words.byteSize + Buffer.byteLength(word) > this.maxBytes) return -1
    return this.words.intern(word)
  }

  private addStep(step: number, w: StepWords): void {
    let session = -1
    if (w.session !== null) {
      session = this.sessionOf.get(w.session) ?? -1
      if (session < 0) {
        session = this.sessionIds.length
        this.sessionIds.push(w.session)
        this.sessionIdText.push(String(w.session))
        const alias = this.aliasOfId.get(w.session)
        this.sessionAlias.push(alias === undefined ? -1 : this.intern(alias))
        this.sessionOf.set(w.session, session)
      }
    }
    this.stepSession.push(session)
    let dropped = false
    const add = (part: StepTextPart, word: string | null) => {
      if (word === null || word === '') return
      const id = this.intern(word)
      if (id < 0) {
        dropped = true
        return
      }
      this.wordStep.push(step)
      this.wordPart.push(PART_CODE[part])
      this.wordText.push(id)
    }
    add('user', w.user)
    add('button', w.button)
    add('url', w.url)
    add('note', w.note)
    if (dropped) this.leftOutSteps++
  }

  /**
   * Steps whose session (alias or ID), user, button, URL or note contains
   * `query` (case-insensitive unless asked), in step order and, within a
   * step, in the order session, user, button, URL, note: the first `limit`
   * hits and how many there are. Call update() first.
   */
  search(
    query: string,
    opts: { caseSensitive?: boolean; limit?: number; sessions?: Iterable<number | null>; near?: { step: number; direction: 'forward' | 'backward' } } = {},
  ): StepTextResult {
    const cs = opts.caseSensitive ?? false
    const limit = opts.limit ?? 100
    const wordFlags = this.words.match(query, cs)
    const q = cs ? query : query.toLowerCase()
    // A session matches by its alias or its ID's digits.
    const sessionFlags = new Uint8Array(this.sessionIds.length)
    for (let k = 0; k < sessionFlags.length; k++) {
      const alias = this.sessionAlias[k]!
      sessionFlags[k] = (alias >= 0 && wordFlags[alias] === 1) || this.sessionIdText[k]!.includes(q) ? 1 : 0
    }
    const hits: StepTextHit[] = []
    let total = 0
    const steps = this.stepSession.raw
    const n = this.stepSession.length
    const wStep = this.wordStep.raw
    const wPart = this.wordPart.raw
    const wText = this.wordText.raw
    const words = this.wordStep.length
    let w = 0
    const near = opts.near
    // The nearest hit: forward, the first after near.step; backward, the first of the last step before it.
    let next: StepTextHit | null = null
    const found = (s: number, make: () => StepTextHit) => {
      if (near && (near.direction === 'forward' ? s > near.step && next === null : s < near.step && (next === null || next.step !== s))) next = make()
    }
    for (let s = 0; s < n; s++) {
      const k = steps[s]!
      if (k >= 0 && sessionFlags[k] === 1) {
        const make = () => this.hit(s, 'session', String(this.sessionIds[k]), k)
        if (hits.length < limit) hits.push(make())
        found(s, make)
        total++
      }
      for (; w < words && wStep[w] === s; w++) {
        if (wordFlags[wText[w]!] !== 1) continue
        const word = w
        const make = () => this.hit(s, STEP_TEXT_PARTS[wPart[word]!]!, this.words.get(wText[word]!), k)
        if (hits.length < limit) hits.push(make())
        found(s, make)
        total++
      }
    }
    const named = new Set<number>()
    for (const h of hits) if (h.session !== null) named.add(h.session)
    for (const id of opts.sessions ?? []) if (id !== null) named.add(id)
    const aliases: { id: number; alias: string }[] = []
    for (const id of named) {
      const alias = this.aliasOf(id)
      if (alias !== null) aliases.push({ id, alias })
    }
    const out: StepTextResult = { hits, total, leftOut: this.leftOutSteps, aliases, searched: this.stepSession.length, of: Math.max(this.total, this.stepSession.length) }
    if (near) out.next = next
    return out
  }

  /** The alias a session ID had in the trace (`as`; a login's new ID keeps it), or null. */
  aliasOf(id: number): string | null {
    return this.aliasOfId.get(id) ?? null
  }

  private hit(step: number, part: StepTextPart, text: string, session: number): StepTextHit {
    const alias = session >= 0 ? this.sessionAlias[session]! : -1
    return { step, part, text, session: session >= 0 ? this.sessionIds[session]! : null, alias: alias >= 0 ? this.words.get(alias) : null }
  }
}

/** One index per timeline (a new workspace has a new timeline; the old index goes with it). */
const indexes = new WeakMap<Timeline, StepTextIndex>()

/** The timeline's step-text index as it is (not extended), or null when none was started. */
export function stepTextIndexSoFar(tl: Timeline): StepTextIndex | null {
  const index = indexes.get(tl)
  return index && index.steps <= tl.stepCount ? index : null
}

/** The timeline's step-text index, extended towards its last step for at most `budgetMs` (Infinity: to the end). */
export function stepTextIndexOf(tl: Timeline, budgetMs = STEP_TEXT_BUDGET_MS, now: () => number = () => performance.now()): StepTextIndex {
  let index = indexes.get(tl)
  if (!index || index.steps > tl.stepCount) {
    index = new StepTextIndex()
    indexes.set(tl, index)
  }
  index.update(tl, Number.isFinite(budgetMs) ? { ms: budgetMs, now } : undefined)
  return index
}
