// @vitest-environment happy-dom
/**
 * The timeline's search lists steps found by session, user, button, URL and
 * note, grouped by kind, with sessions named by alias (also those not
 * created yet at the playhead); Enter in the box again goes to the next hit.
 */
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { TimelineSearch } from '../../src-renderer/src/views/timeline/TimelineSearch.js'
import { timelineSearchOf } from '../../src-renderer/src/stores/timeline-search.js'
import { sessionName, shortId } from '../../src-renderer/src/views/common/format.js'
import { harness, renderWith } from './helpers/in-process.js'
import type { Harness } from './helpers/in-process.js'

let h: Harness | null = null
afterEach(() => {
  cleanup()
  h?.close()
  h = null
})

const point = () => h!.services.engine.getState().point
const search = async (text: string) => {
  const box = screen.getByLabelText('Search all steps')
  fireEvent.change(box, { target: { value: text } })
  await act(async () => {
    fireEvent.submit(box.closest('form')!)
    await new Promise((r) => setTimeout(r, 50))
  })
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
    await act(async () => {
      fireEvent.click(c!)
      await new Promise((r) => setTimeout(r, 30))
    })
    expect(point().step).toBe(Number(c!.dataset.step))
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
    await act(async () => {
      fireEvent.submit(screen.getByLabelText('Search all steps').closest('form')!)
      await new Promise((r) => setTimeout(r, 50))
    })
    expect(point().step).toBe(3)
  })

  it('asks again while the engine is still indexing the steps’ words, saying how far it got', async () => {
    h = await harness('session-cloning')
    const api = h.services.api as { invoke: (m: string, p: unknown) => Promise<unknown> }
    const invoke = api.invoke.bind(api)
    let asked = 0
    // The first two answers as a big timeline's first searches give them: words of 2 of the steps searched.
    api.invoke = async (m, p) => {
      const r = (await invoke(m, p)) as { ok: boolean; result?: { stepWords?: { searched: number; of: number; hits: { step: number }[] } } }
      if (m === 'timeline.search' && ++asked <= 2 && r.result?.stepWords) {
        const sw = r.result.stepWords
        r.result.stepWords = { ...sw, searched: 2, hits: sw.hits.filter((x) => x.step < 2) }
      }
      return r
    }
    renderWith(h, <TimelineSearch />)
    const box = screen.getByLabelText('Search all steps')
    fireEvent.change(box, { target: { value: 'next' } })
    await act(async () => {
      fireEvent.submit(box.closest('form')!)
      await new Promise((r) => setTimeout(r, 5))
    })
    expect(screen.getByTestId('step-words-progress').textContent).toMatch(/searched in 2 of 1[0-9] steps/)
    expect(screen.getAllByTestId('step-word-hit').filter((b) => b.dataset.part === 'button').map((b) => b.dataset.step)).toEqual(['1'])
    await waitFor(() => expect(screen.queryByTestId('step-words-progress')).toBeNull(), { timeout: 5000 })
    expect(asked).toBe(3)
    expect(screen.getAllByTestId('step-word-hit').filter((b) => b.dataset.part === 'button').map((b) => b.dataset.step)).toEqual(['1', '4'])
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
