/**
 * The step-text index (sessions, users, buttons, URLs, notes) against a
 * naive scan: every step made into a Step object (the timeline's full
 * parse of its event line), its words by stepWordsOf, aliases from the
 * session records in the steps' effects — and the hits listed by hand for
 * the cloning demo.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { EVENTS_PER_CLOCK_READ, STEP_TEXT_PARTS, StepTextIndex, stepTextIndexOf, stepWordsOf } from '../../src-main/timeline/step-text-index.js'
import type { StepTextHit } from '../../src-main/timeline/step-text-index.js'
import { EventLineError, eventLineReader, topLevelFields } from '../../src-main/timeline/event-line-fields.js'
import type { Timeline } from '../../src-main/timeline/timeline.js'
import { call } from './api-call.js'

/** Every hit a plain loop over the steps finds, in the index's order (step, then session, user, button, URL, note). */
function naiveSearch(tl: Timeline, query: string, cs: boolean): StepTextHit[] {
  const has = (s: string) => (cs ? s.includes(query) : s.toLowerCase().includes(query.toLowerCase()))
  const steps = tl.steps(0, tl.stepCount)
  const alias = new Map<number, string>()
  for (const st of steps)
    for (const e of st.effects)
      if (e.op === 'session' && e.to && typeof e.to.alias === 'string' && !alias.has(e.to.id)) alias.set(e.to.id, e.to.alias)
  const out: StepTextHit[] = []
  for (const st of steps) {
    const w = stepWordsOf(st, tl.cols.stepInEvent.get(st.index))
    const a = w.session === null ? null : (alias.get(w.session) ?? null)
    const at = (part: StepTextHit['part'], text: string): StepTextHit => ({ step: st.index, part, text, session: w.session, alias: a })
    if (w.session !== null && ((a !== null && has(a)) || has(String(w.session)))) out.push(at('session', String(w.session)))
    for (const part of ['user', 'button', 'url', 'note'] as const) {
      const v = w[part]
      if (v !== null && v !== '' && has(v)) out.push(at(part, v))
    }
  }
  return out
}

/** Every word a step has (queries are drawn from them, and from their pieces). */
function wordsOf(tl: Timeline): string[] {
  const out = new Set<string>()
  for (const st of tl.steps(0, tl.stepCount)) {
    const w = stepWordsOf(st, tl.cols.stepInEvent.get(st.index))
    for (const v of [w.user, w.button, w.url, w.note, w.session === null ? null : String(w.session)]) if (v) out.add(v)
    for (const e of st.effects) if (e.op === 'session' && e.to && typeof e.to.alias === 'string') out.add(e.to.alias)
  }
  return [...out]
}

const DEMOS = ['session-cloning', 'onboarding-wizard', 'per-user', 'timeouts-and-logout', 'clear-cache-urls', 'ajax-and-reports', 'phone-number', 'request-vs-session']

describe('step-text index', () => {
  const services: EngineService[] = []
  const timelines: { name: string; tl: Timeline; words: string[] }[] = []
  beforeAll(async () => {
    const open = async (name: string, how: (s: EngineService) => Promise<unknown>) => {
      const s = new EngineService()
      services.push(s)
      await how(s)
      timelines.push({ name, tl: s.timeline, words: wordsOf(s.timeline) })
    }
    for (const d of DEMOS) await open(d, (s) => call(s, 'workspace.openDemo', { name: d }))
    // Recorded traces: with the `steps` extension (sessions per step) — and the generator's URLs, buttons, logins.
    await open('generated-recorded', (s) => call(s, 'workspace.openTraceText', { text: generateTraceText({ events: 400, sessions: 12, seed: 3, recorded: true }), name: 'g' }))
    await open('generated-replayed', (s) => call(s, 'workspace.openTraceText', { text: generateTraceText({ events: 200, sessions: 6, seed: 5 }), name: 'g2' }))
    // A recorded v1 trace without the extension: no session per step (as the timeline's own steps say).
    const plain = [
      '{"format":"session-trace","version":1,"title":"plain"}',
      '{"type":"request","url":"f?p=100:1","as":"A","note":"first \\"quoted\\" note, {braces} [brackets]","effects":[{"op":"session","event":"created","session":11,"from":null,"to":{"id":11,"alias":"A","user":"nobody","createdAt":0,"groupId":11,"apps":[],"currentApp":null,"currentPage":null,"ended":null,"endedAt":null},"cause":"x \\\\ y"}],"outcome":"ok"}',
      '{"type":"login","session":"A","user":"SCOTT","effects":[],"outcome":"ok"}',
    ].join('\n')
    await open('plain-v1', (s) => call(s, 'workspace.openTraceText', { text: plain, name: 'plain' }))
  }, 120_000)
  afterAll(() => {
    for (const s of services) s.close()
  })

  it('finds exactly what a naive scan of the steps finds (property: any trace, any piece of a word, any case)', () => {
    const pick = fc.integer({ min: 0, max: 10_000 })
    fc.assert(
      fc.property(pick, pick, pick, fc.integer({ min: 1, max: 6 }), fc.boolean(), fc.boolean(), fc.string({ minLength: 1, maxLength: 3 }), (t, w, from, len, cs, random, junk) => {
        const { tl, words } = timelines[t % timelines.length]!
        const word = words[w % words.length] ?? 'x'
        const start = from % Math.max(1, word.length)
        let query = random ? junk : word.slice(start, start + len)
        if (!cs && !random && w % 2 === 0) query = query.toUpperCase()
        if (query === '') query = 'a'
        const got = stepTextIndexOf(tl, Infinity).search(query, { caseSensitive: cs, limit: 1_000_000 })
        const want = naiveSearch(tl, query, cs)
        expect(got.hits).toEqual(want)
        // Every session a hit names comes with its alias (when it has one).
        const aliasOf = new Map(got.aliases.map((a) => [a.id, a.alias]))
        for (const h of want) if (h.session !== null) expect(aliasOf.get(h.session) ?? null).toBe(h.alias)
        expect(got.total).toBe(want.length)
      }),
      { numRuns: 300 },
    )
  })

  it('the cloning demo, by hand: aliases, the clone by URL, notes, buttons', () => {
    const { tl } = timelines.find((x) => x.name === 'session-cloning')!
    const index = stepTextIndexOf(tl, Infinity)
    // Step 0 is A's first request; step 3 the clone (its note names APEX_CLONE_SESSION); step 6 B's clone by URL into C.
    const notes = index.search('clone_session', { limit: 100 }).hits
    expect(notes.map((h) => [h.part, h.step])).toEqual([['note', 3], ['url', 6], ['note', 6]])
    expect(notes[1]!.text).toMatch(/^f\?p=HR:44:\d+:APEX_CLONE_SESSION$/)
    const buttons = index.search('next', { limit: 100 }).hits.filter((h) => h.part === 'button')
    expect(buttons.map((h) => [h.step, h.alias])).toEqual([[1, 'A'], [4, 'A']])
    const c = index.search('C', { caseSensitive: true, limit: 100 }).hits.filter((h) => h.part === 'session')
    expect(c.length).toBeGreaterThan(0)
    expect(c.every((h) => h.alias === 'C')).toBe(true)
    expect(index.search('second tab', { limit: 10 }).hits).toEqual([expect.objectContaining({ step: 3, part: 'note', alias: 'B' })])
  })

  it('keeps up with live steps appended after it was built', async () => {
    const s = new EngineService()
    services.push(s)
    await call(s, 'workspace.new', { use: ['demo:onboarding'] })
    await call(s, 'operate', { op: { type: 'request', url: 'f?p=HR:43', as: 'A' } } as never)
    expect(stepTextIndexOf(s.timeline, Infinity).search('HR:43').total).toBe(1)
    await call(s, 'operate', { op: { type: 'request', url: 'f?p=HR:43', as: 'B', note: 'second visitor' } } as never)
    const index = stepTextIndexOf(s.timeline, Infinity)
    expect(index.steps).toBe(s.timeline.stepCount)
    expect(index.search('HR:43', { limit: 100 }).hits).toEqual(naiveSearch(s.timeline, 'HR:43', false))
    expect(index.search('visitor').hits.map((h) => [h.part, h.alias])).toEqual([['note', 'B']])
  })

  it('is built a slice at a time within a budget, every call getting on, the hits those of the steps indexed so far', () => {
    const { tl } = timelines.find((x) => x.name === 'generated-recorded')!
    const index = new StepTextIndex()
    // A clock that passes the budget at every reading: each call indexes what it does before its first look (EVENTS_PER_CLOCK_READ events).
    let clock = 0
    const budget = { ms: 1, now: () => (clock += 10) }
    let calls = 0
    let seen = 0
    /** Events whose steps are among the first `steps`. */
    const eventsIn = (steps: number) => (steps === 0 ? 0 : tl.cols.stepEvent.get(steps - 1) + 1)
    while (!index.update(tl, budget)) {
      calls++
      expect(index.steps).toBeGreaterThan(seen)
      // A slice runs past its budget by at most the events read between two looks at the clock (a request waits for the slice).
      expect(eventsIn(index.steps) - eventsIn(seen)).toBeLessThanOrEqual(EVENTS_PER_CLOCK_READ)
      seen = index.steps
      const r = index.search('f?p', { limit: 1_000_000 })
      expect(r.searched).toBe(index.steps)
      expect(r.of).toBe(tl.stepCount)
      expect(r.hits).toEqual(naiveSearch(tl, 'f?p', false).filter((h) => h.step < index.steps))
    }
    expect(calls).toBeGreaterThan(2)
    expect(index.search('f?p').searched).toBe(tl.stepCount)
  })

  it('keeps at most its byte bound of words and counts the steps left out', () => {
    const { tl } = timelines.find((x) => x.name === 'generated-recorded')!
    const small = new StepTextIndex(200)
    small.update(tl)
    expect(small.byteSize).toBeLessThan(200 + tl.stepCount * 4 + 100_000)
    const r = small.search('f?p', { limit: 5 })
    expect(r.leftOut).toBeGreaterThan(0)
    expect(r.total).toBeLessThan(naiveSearch(tl, 'f?p', false).length)
  })

  it('reads top-level fields and skips the rest, escapes and brackets in strings included', () => {
    const line = '{"a":"x\\"}]","effects":[{"s":"]}\\\\"},[1,{"b":"{"}]],"note":"n\\u0041","n":-1.5e3,"t":true,"z":null}'
    expect(topLevelFields(line, new Set(['a', 'note', 'n', 't', 'z', 'missing']))).toEqual({ a: 'x"}]', note: 'nA', n: -1500, t: true, z: null })
    expect(() => topLevelFields('[1]', new Set(['a']))).toThrow(EventLineError)
    expect(() => topLevelFields('{"a":"open', new Set(['a']))).toThrow(/not closed/)
    expect(() => topLevelFields('{"a":[1,2}', new Set(['a']))).toThrow(EventLineError)
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 })), (obj) => {
        const keys = Object.keys(obj)
        const line = JSON.stringify(obj)
        const wanted = new Set(keys.filter((_, i) => i % 2 === 0))
        const want: Record<string, unknown> = {}
        for (const k of wanted) want[k] = JSON.parse(JSON.stringify(obj[k]))
        expect(topLevelFields(line, wanted)).toEqual(want)
      }),
      { numRuns: 300 },
    )
  })

  it('reads an event line without its effects, and the whole line when its layout is not the timeline’s', () => {
    const wanted = new Set(['type', 'url', 'note', 'steps'])
    const read = eventLineReader(wanted, 'effects', 'steps')
    const ok = () => true
    // The timeline's layout: the extension found from the end; a nested "steps" in the effects is not taken for it.
    const line = '{"type":"request","url":"u","effects":[{"steps":[1]},{"x":"\\"steps\\":[2]"}],"outcome":"ok","steps":[{"effects":2}],"after":1}'
    expect(read(line, ok)).toEqual({ type: 'request', url: 'u', steps: [{ effects: 2 }] })
    // A note written after the effects (a hand-written trace) is still found: the whole line is read.
    const late = '{"type":"request","effects":[],"note":"late","steps":[{"effects":0}]}'
    expect(read(late, ok)).toEqual({ type: 'request', note: 'late', steps: [{ effects: 0 }] })
    // The extension found refused by the caller (not the event's counts): the whole line decides.
    const nested = '{"type":"request","effects":[],"steps":[{"effects":0,"detail":{"steps":[9]}}]}'
    expect(read(nested, (v) => Array.isArray(v) && v.length === 1)).toEqual({ type: 'request', steps: [{ effects: 0, detail: { steps: [9] } }] })
    // Property: on any object laid out as the timeline writes events, the same fields as reading the whole line.
    const key = fc.constantFrom('type', 'url', 'note', 'steps', 'effects', 'outcome', 'other', 'x')
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.jsonValue({ maxDepth: 3 })), { maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 2 }), (before, effects, steps) => {
        const obj: Record<string, unknown> = {}
        for (const [k, v] of before) if (k !== 'effects' && k !== 'steps') obj[k] = v
        obj.effects = effects
        obj.outcome = 'ok'
        obj.steps = steps
        const text = JSON.stringify(obj)
        const want = topLevelFields(text, new Set([...wanted]))
        expect(read(text, (v) => JSON.stringify(v) === JSON.stringify(steps))).toEqual(want)
      }),
      { numRuns: 300 },
    )
  })

  it('names its parts in one list', () => {
    expect(STEP_TEXT_PARTS).toEqual(['session', 'user', 'button', 'url', 'note'])
  })
})
