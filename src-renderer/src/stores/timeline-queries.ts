/** Questions over the whole timeline the views ask: search (hits listed and marked) and the diff against a pinned step. */
import { rowKey } from '../model/rows.js'
import { call } from './api-call.js'
import type { StoreContext } from './store-context.js'

/** Hits listed (and marked on the slider) at most. */
const SEARCH_LIMIT = 500

export interface DiffRow {
  key: string
  session: number
  app: number
  page: number | null
  item: string
  before: { value: string | null; status: string } | null
  after: { value: string | null; status: string } | null
}

/** Item names and values containing `query`, over all sessions and steps. */
export async function searchTimeline({ api, ui }: StoreContext, query: string): Promise<void> {
  const playback = ui.playback.getState()
  const q = query.trim()
  if (!q) return playback.setSearch('', [], 0)
  try {
    const r = await call(api, 'timeline.search', { query: q, limit: SEARCH_LIMIT })
    playback.setSearch(q, r.hits, r.total, r.answers)
  } catch (err) {
    ui.toasts.getState().error(err, 'Search')
  }
}

/** What differs between the state after step `from` and the playhead. */
export async function diffAgainst({ api, engine }: StoreContext, from: number): Promise<DiffRow[]> {
  const d = await call(api, 'timeline.diff', { from: { step: from, phase: null }, to: engine.getState().point })
  return d.rows.map(({ before, after }) => {
    const row = (after ?? before)!
    return {
      key: rowKey(row.session, row.app, row.page, row.item),
      session: row.session,
      app: row.app,
      page: row.page,
      item: row.item,
      before: before ? { value: before.value, status: before.status } : null,
      after: after ? { value: after.value, status: after.status } : null,
    }
  })
}
