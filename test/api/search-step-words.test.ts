/** timeline.search with `stepWords`: steps found by session, user, button, URL and note through the contract. */
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { StepTextIndex } from '../../src-main/timeline/step-text-index.js'
import { EngineService } from '../../src-main/api/engine-service.js'
import { call, failure } from '../timeline/api-call.js'

const HAR = new URL('../fixtures/har/onboarding-next-to-45.constructed.har', import.meta.url).pathname

/**
 * `nextStep` from every step, both ways, against the nearest of every hit's step listed whole (changes, real answers and step words
 * asked with a limit past their totals) — Enter in the search box walks these, not the first page.
 */
async function expectNextStepOverEveryHit(s: EngineService, query: string): Promise<void> {
  const all = await call(s, 'timeline.search', { query, stepWords: true, limit: 10_000 })
  expect(all.total).toBeLessThan(10_000)
  const steps = [...all.hits, ...(all.answers?.hits ?? []), ...all.stepWords!.hits].map((h) => h.step)
  expect(steps.length, `no hit for ${query}`).toBeGreaterThan(0)
  const count = s.timeline.stepCount
  for (let at = -1; at <= count; at++) {
    const forward = await call(s, 'timeline.search', { query, stepWords: true, limit: 1, near: { step: at, direction: 'forward' } })
    const after = steps.filter((x) => x > at)
    expect(forward.nextStep, `${query} after ${at}`).toBe(after.length ? Math.min(...after) : null)
    const backward = await call(s, 'timeline.search', { query, stepWords: true, limit: 1, near: { step: at, direction: 'backward' } })
    const before = steps.filter((x) => x < at)
    expect(backward.nextStep, `${query} before ${at}`).toBe(before.length ? Math.max(...before) : null)
  }
}

describe('timeline.search stepWords', () => {
  it('answers steps by their words apart from the changes, only when asked', async () => {
    const s = new EngineService()
    try {
      await call(s, 'workspace.openDemo', { name: 'per-user' })
      const plain = await call(s, 'timeline.search', { query: 'SCOTT' })
      expect(plain.stepWords).toBeUndefined()
      const r = await call(s, 'timeline.search', { query: 'scott', stepWords: true })
      const logins = r.stepWords!.hits.filter((h) => h.part === 'user')
      expect(logins.length).toBeGreaterThan(0)
      expect(logins.every((h) => h.text === 'SCOTT' && typeof h.alias === 'string')).toBe(true)
      // The step it names is a login step of that session.
      const step = (await call(s, 'steps.range', { from: logins[0]!.step, count: 1 }))[0]!
      expect(step.kind).toBe('login')
      expect(step.session).toBe(logins[0]!.session)
      // The change hits' sessions come with their aliases too (per-user: sessions A and B).
      const items = await call(s, 'timeline.search', { query: 'P1_THEME', stepWords: true })
      const aliases = new Map(items.stepWords!.aliases.map((a) => [a.id, a.alias]))
      expect(items.hits.length).toBeGreaterThan(0)
      for (const h of items.hits) expect(aliases.get(h.session)).toMatch(/^[A-Z]$/)
      // Not with paging (the hits are the first page's).
      expect((await call(s, 'timeline.search', { query: 'scott', stepWords: true, offset: 1 })).stepWords).toBeUndefined()
      // Steps by their words alone: what the background index has so far (all of it here), and how far it got.
      expect(await call(s, 'timeline.searchStepWords', { query: 'scott' })).toEqual(r.stepWords)
      expect(await call(s, 'timeline.stepWordsProgress', {})).toEqual({ searched: s.timeline.stepCount, of: s.timeline.stepCount, building: false })
      expect((await failure(s, 'timeline.search', { query: 'x', stepWords: 'yes' } as never)).code).toBe('invalidPayload')
    } finally {
      s.close()
    }
  })

  it('with `near`, nextStep is the nearest step with any hit — change, real answer or step word — over every hit', async () => {
    const s = new EngineService()
    try {
      await call(s, 'workspace.openDemo', { name: 'session-cloning' })
      // 'next': NEXT buttons (step words) and P…_NEXT-like items; 'c': aliases, URLs, values; 'a second tab': one note.
      for (const q of ['next', 'c', 'a second tab', 'f?p=']) await expectNextStepOverEveryHit(s, q)
      await call(s, 'workspace.openHarText', { text: readFileSync(HAR, 'utf8'), name: 'o45.har' })
      // Only in a real answer (step 5), and a redirect's text (step 4).
      for (const q of ['king (clerk)', '100:45:']) await expectNextStepOverEveryHit(s, q)
    } finally {
      s.close()
    }
  })

  it('a search starts the build; it goes on between requests until every step is indexed, then answers as a whole build', async () => {
    const s = new EngineService()
    try {
      await call(s, 'workspace.openTraceText', { text: generateTraceText({ events: 3000, sessions: 40, seed: 11, recorded: true }), name: 'g' })
      const first = await call(s, 'timeline.search', { query: 'f?p', stepWords: true })
      expect(first.stepWords!.of).toBe(s.timeline.stepCount)
      // Nothing is asked meanwhile: the engine is idle, so the background slices run.
      await vi.waitFor(
        async () => {
          const p = await call(s, 'timeline.stepWordsProgress', {})
          expect(p).toEqual({ searched: p.of, of: s.timeline.stepCount, building: false })
        },
        { timeout: 60_000, interval: 300 },
      )
      const whole = new StepTextIndex()
      whole.update(s.timeline)
      for (const q of ['f?p', 'next', '1']) expect(await call(s, 'timeline.searchStepWords', { query: q, limit: 10_000 })).toEqual(whole.search(q, { limit: 10_000 }))
    } finally {
      s.close()
    }
  }, 90_000)
})
