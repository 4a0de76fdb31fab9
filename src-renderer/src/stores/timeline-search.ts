/**
 * The timeline search's state and actions, one store per app's services
 * (review finding 13: a module-level counter let two app instances in one
 * page cancel each other's searches). The change hits live in the playback
 * store (the slider marks them); this store keeps the step-word hits of the
 * same search and decides which answer is still wanted.
 */
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { MethodResults } from '../transport/api-types.js'
import { call } from './api-call.js'
import { latestRequest, STALE } from './latest-request.js'
import type { AppServices } from './services.js'
import { sessionAliasesOf } from './session-aliases.js'

export type StepWords = NonNullable<MethodResults['timeline.search']['stepWords']>
export type StepWordHit = StepWords['hits'][number]

/** Hits listed (and marked on the slider) at most, as the playhead store's search. */
export const SEARCH_LIMIT = 500
/**
 * Pause between the asks how far the engine got building the step-word
 * index in the background (a million steps: about a minute). The ask is a
 * count (timeline.stepWordsProgress): no search runs until the index is
 * complete, then the step words alone are asked once (timeline.searchStepWords).
 */
export const STEP_WORDS_PROGRESS_MS = 500

export interface TimelineSearchState {
  /** The words searched last ('' : none). */
  query: string
  /** Their step-word hits (null: not asked, or no answer yet). */
  result: StepWords | null
  /** One search for everything: the changes (into the playback store), real answers and step words. */
  search(query: string): Promise<void>
  /**
   * The step of the nearest hit after `step` (any kind, over every hit, not
   * only the first page listed), wrapping round to the first; null: none.
   */
  nextHitStep(step: number): Promise<number | null>
}

const stores = new WeakMap<AppServices, StoreApi<TimelineSearchState>>()

/** The services' search store (created on first use; cleared with the playback store's search). */
export function timelineSearchOf(s: AppServices): StoreApi<TimelineSearchState> {
  const known = stores.get(s)
  if (known) return known
  // Searches started here: a later one makes an earlier answer, and its follow-up, stale.
  const latest = latestRequest()
  const store = createStore<TimelineSearchState>()((set, get) => ({
    query: '',
    result: null,
    async search(query) {
      const playback = s.ui.playback.getState()
      const q = query.trim()
      if (!q) {
        latest.supersede()
        set({ query: '', result: null })
        return playback.setSearch('', [], 0)
      }
      try {
        const r = await latest.run(() => call(s.api, 'timeline.search', { query: q, limit: SEARCH_LIMIT, stepWords: true }))
        if (r === STALE) return // a newer search is on its way
        if (r.stepWords) sessionAliasesOf(s).getState().learn(r.stepWords.aliases)
        set({ query: q, result: r.stepWords ?? null })
        playback.setSearch(q, r.hits, r.total, r.answers)
        if (r.stepWords && r.stepWords.searched < r.stepWords.of) followStepWords(q, r.stepWords)
      } catch (err) {
        s.ui.toasts.getState().error(err, 'Search')
      }
    },
    async nextHitStep(step) {
      const query = get().query
      if (!query) return null
      const ask = async (from: number) => (await call(s.api, 'timeline.search', { query, limit: 1, stepWords: true, near: { step: from, direction: 'forward' } })).nextStep ?? null
      try {
        return (await ask(step)) ?? (await ask(-1))
      } catch (err) {
        s.ui.toasts.getState().error(err, 'Search')
        return null
      }
    },
  }))
  /**
   * While the engine indexes the step words, asks now and then how far it got
   * (shown as progress; the hits listed are the first answer's), then the
   * step words once it is done — or when the build stopped short (live steps
   * appended since: that ask builds again). A newer search or "clear" stops it.
   */
  const followStepWords = (q: string, shown: StepWords) => {
    const current = () => store.getState().query === q && store.getState().result === shown
    setTimeout(() => {
      if (!current()) return
      void (async () => {
        const progress = await latest.run(() => call(s.api, 'timeline.stepWordsProgress', {}))
        if (progress === STALE || !current()) return
        if (progress.building && progress.searched < progress.of) {
          const next = { ...shown, searched: progress.searched, of: progress.of }
          store.setState({ result: next })
          return followStepWords(q, next)
        }
        const sw = await latest.run(() => call(s.api, 'timeline.searchStepWords', { query: q, limit: SEARCH_LIMIT }))
        if (sw === STALE || !current()) return
        sessionAliasesOf(s).getState().learn(sw.aliases)
        store.setState({ result: sw })
        if (sw.searched < sw.of) followStepWords(q, sw)
      })().catch((err: unknown) => s.ui.toasts.getState().error(err, 'Search'))
    }, STEP_WORDS_PROGRESS_MS)
  }
  // A new search clearing the playback store's hits (another workspace, "clear") clears these too.
  s.ui.playback.subscribe((p) => {
    if (p.searchQuery === '' && store.getState().query !== '') {
      latest.supersede()
      store.setState({ query: '', result: null })
    }
  })
  stores.set(s, store)
  return store
}
