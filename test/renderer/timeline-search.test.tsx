// @vitest-environment happy-dom
/**
 * The timeline's search lists steps found by session, user, button, URL and
 * note, grouped by kind, with sessions named by alias (also those not
 * created yet at the playhead); Enter in the box again goes to the next hit
 * after the playhead, over every hit (the engine's nextStep). No sleeps: each
 * step waits for what it asserts (waitFor / findBy).
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { TimelineSearch } from '../../src-renderer/src/views/timeline/TimelineSearch.js'
import { timelineSearchOf } from '../../src-renderer/src/stores/timeline-search.js'
import { sessionName, shortId } from '../../src-renderer/src/views/common/format.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

interface StepWordsAnswer {
  searched: number
  of: number
  hits: { step: number }[]
}

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const point = () => h!.services.engine.getState().point
/** The search form says when an answer is on its way (aria-busy); its Find button stays enabled so Enter is never dropped. */
const busy = () => screen.getByTestId('timeline-search-form').getAttribute('aria-busy') === 'true'
/** Types the words and submits; resolves once their answer is shown (the store holds them and the box is not busy). */
const search = async (text: string) => {
  const box = screen.getByLabelText('Search all steps')
  fireEvent.change(box, { target: { value: text } })
  fireEvent.submit(box.closest('form')!)
  await waitFor(() => {
    expect(timelineSearchOf(h!.services).getState().query).toBe(text)
    expect(busy()).toBe(false)
  })
}
/** Enter in the box with the words already searched; resolves once the playhead is at `step`. */
const enterAgainTo = async (step: number) => {
  fireEvent.submit(screen.getByLabelText('Search all steps').closest('form')!)
  await waitFor(() => expect(point().step).toBe(step))
  await waitFor(() => expect(busy()).toBe(false))
}

describe('timeline search by step words', () => {
  it('names sessions by alias with a short ID, or by their whole ID', () => {
    expect(sessionName(1917956901467215, 'u345.1')).toBe('u345.1 (…7215)')
    expect(sessionName(1917956901467215, null)).toBe('1917956901467215')
    expect(sessionName(42, 'A')).toBe('A (42)')
    expect(sessionName(null, 'A')).toBe('—')
    expect(shortId(123456)).toBe('123456')
  })

  it('finds a session that does not exist yet at the playhead, by its alias, and jumps there', async () => {
    h = await harness('session-cloning')
    renderWith(h, <TimelineSearch />)
    expect(point().step).toBe(0)
    // At step 0 only A exists: C is made at step 6 (the clone by URL).
    expect(h.services.engine.getState().sessions.map((x) => x.alias)).toEqual(['A'])
    await search('C')
    const groups = screen.getAllByTestId('step-word-group').map((g) => g.dataset.part)
    expect(groups).toContain('session')
    const sessionHits = within(screen.getByRole('group', { name: 'Steps by sessions' })).getAllByTestId('step-word-hit')
    const c = sessionHits.find((b) => /session C \(/.test(b.textContent ?? ''))
    expect(c, sessionHits.map((b) => b.textContent).join(' | ')).toBeDefined()
    // The session's whole ID never stands alone where it has an alias.
    const cId = h.service.timeline.stateAt({ step: 6, phase: null }).sessions.find((x) => x.alias === 'C')!.id
    expect(c!.textContent).toContain(`C (${shortId(cId)})`)
    fireEvent.click(c!)
    await waitFor(() => expect(point().step).toBe(Number(c!.dataset.step)))
  })

  it('groups users, buttons, URLs and notes; Enter again walks the hits in step order', async () => {
    h = await harness('session-cloning')
    renderWith(h, <TimelineSearch />)
    await search('next')
    const buttons = screen.getAllByTestId('step-word-hit').filter((b) => b.dataset.part === 'button')
    expect(buttons.map((b) => b.dataset.step)).toEqual(['1', '4'])
    expect(buttons[0]!.textContent).toMatch(/button NEXT in session A \(/)
    await search('a second tab')
    expect(screen.getAllByTestId('step-word-hit').map((b) => [b.dataset.part, b.dataset.step])).toEqual([['note', '3']])
    // Enter with the same words: to the hit's step.
    await enterAgainTo(3)
  })

  it('Enter walks every hit after the playhead, also those not listed (the engine’s nextStep), wrapping round', async () => {
    h = await harness('session-cloning')
    const api = h.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
    const invoke = api.invoke.bind(api)
    // The listed first page shows no hit at all (as a first page past SEARCH_LIMIT would miss later ones): Enter must still find them.
    api.invoke = async (m, p) => {
      const r = (await invoke(m, p)) as { ok: boolean; result?: { hits: unknown[]; stepWords?: { hits: unknown[] } } }
      if (m === 'timeline.search' && !(p as { near?: unknown }).near && r.result) {
        r.result.hits = []
        if (r.result.stepWords) r.result.stepWords.hits = []
      }
      return r
    }
    renderWith(h, <TimelineSearch />)
    // Every step with a hit for 'next', listed whole by the engine itself.
    const all = h.service.timeline.search('next', { limit: 10_000 }).hits.map((x) => x.step)
    const steps = [...new Set([...all, 1, 4])].sort((a, b) => a - b)
    await search('next')
    expect(screen.queryAllByTestId('step-word-hit')).toHaveLength(0)
    for (const step of steps) await enterAgainTo(step)
    // Past the last hit: round to the first.
    await enterAgainTo(steps[0]!)
  })

  it('while the engine indexes the steps’ words, asks only how far it got (no search) until done, then the step words once', async () => {
    h = await harness('session-cloning')
    const api = h.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
    const invoke = api.invoke.bind(api)
    const asked: string[] = []
    // The search's answer and the first progress ask as a big timeline's give them: words of 2 of the steps, then 5 indexed.
    api.invoke = async (m, p) => {
      const r = (await invoke(m, p)) as { ok: boolean; result?: { stepWords?: StepWordsAnswer } & { searched: number; building: boolean } }
      asked.push(m)
      if (m === 'timeline.search' && r.result?.stepWords) {
        const sw = r.result.stepWords
        r.result.stepWords = { ...sw, searched: 2, hits: sw.hits.filter((x) => x.step < 2) }
      }
      if (m === 'timeline.stepWordsProgress' && asked.filter((x) => x === m).length === 1 && r.result) r.result = { ...r.result, searched: 5, building: true }
      return r
    }
    renderWith(h, <TimelineSearch />)
    await search('next')
    expect(screen.getByTestId('step-words-progress').textContent).toMatch(/searched in 2 of 1[0-9] steps/)
    expect(screen.getAllByTestId('step-word-hit').filter((b) => b.dataset.part === 'button').map((b) => b.dataset.step)).toEqual(['1'])
    await waitFor(() => expect(screen.getByTestId('step-words-progress').textContent).toMatch(/searched in 5 of 1[0-9] steps/), { timeout: 15_000 })
    await waitFor(() => expect(screen.queryByTestId('step-words-progress')).toBeNull(), { timeout: 15_000 })
    expect(asked.filter((m) => m === 'timeline.search')).toHaveLength(1)
    expect(asked.filter((m) => m === 'timeline.stepWordsProgress')).toHaveLength(2)
    expect(asked.filter((m) => m === 'timeline.searchStepWords')).toHaveLength(1)
    expect(screen.getAllByTestId('step-word-hit').filter((b) => b.dataset.part === 'button').map((b) => b.dataset.step)).toEqual(['1', '4'])
  })

  it('Enter pressed again before the answer arrives is not dropped: once the hits are in, it goes to the first hit after the playhead', async () => {
    h = await harness('per-user')
    const api = h.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
    const invoke = api.invoke.bind(api)
    // The search's answer is held back until the second Enter has been pressed (as on a slow machine).
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    api.invoke = async (m, p) => {
      if (m === 'timeline.search' && !(p as { near?: unknown }).near) await held
      return invoke(m, p)
    }
    renderWith(h, <TimelineSearch />)
    expect(point().step).toBe(0)
    const box = screen.getByLabelText('Search all steps')
    fireEvent.change(box, { target: { value: 'scott' } })
    fireEvent.submit(box.closest('form')!)
    await waitFor(() => expect(busy()).toBe(true))
    expect((screen.getByRole('button', { name: 'Find' }) as HTMLButtonElement).disabled).toBe(false)
    fireEvent.submit(box.closest('form')!)
    release()
    // The first step where SCOTT logs in, found by the engine itself (not by the view).
    const login = h.service.timeline.search('scott', { limit: 10_000 }).hits.map((x) => x.step)
    const firstLogin = Array.from({ length: h.service.timeline.stepCount }, (_, i) => i).find((i) => h!.service.timeline.step(i).kind === 'login' && JSON.stringify(h!.service.timeline.step(i)).includes('SCOTT'))!
    const expected = Math.min(firstLogin, ...login.filter((x) => x > 0))
    await waitFor(() => expect(point().step).toBe(expected))
    await waitFor(() => expect(busy()).toBe(false))
  })

  it('finds the login of a user', async () => {
    h = await harness('per-user')
    renderWith(h, <TimelineSearch />)
    await search('scott')
    const users = screen.getAllByTestId('step-word-hit').filter((b) => b.dataset.part === 'user')
    expect(users.length).toBeGreaterThan(0)
    expect(users[0]!.textContent).toMatch(/user SCOTT logs in to session [A-Z] \(/)
    const step = h.service.timeline.step(Number(users[0]!.dataset.step))
    expect(step.kind).toBe('login')
  })

  it('two app instances in one page search apart: neither makes the other’s answer stale', async () => {
    h = await harness('session-cloning')
    const other = await harness('per-user')
    try {
      // Both asked before either answer arrives.
      await Promise.all([timelineSearchOf(h.services).getState().search('next'), timelineSearchOf(other.services).getState().search('scott')])
      expect(timelineSearchOf(h.services).getState().result?.hits.some((x) => x.part === 'button')).toBe(true)
      expect(timelineSearchOf(other.services).getState().result?.hits.some((x) => x.part === 'user')).toBe(true)
      expect(other.services.ui.playback.getState().searchQuery).toBe('scott')
      expect(h.services.ui.playback.getState().searchQuery).toBe('next')
    } finally {
      other.close()
    }
  })
})
