/** Search item names and values over every session and step; jump to a hit. */
import { useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { rowKey } from '../../model/rows.js'
import type { SearchHit } from '../../transport/api-types.js'

export function TimelineSearch() {
  const s = useServices()
  const hits = useUi((u) => u.playback, (p) => p.searchHits)
  const total = useUi((u) => u.playback, (p) => p.searchTotal)
  const query = useUi((u) => u.playback, (p) => p.searchQuery)
  const sessions = useEngine((e) => e.sessions)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)

  const run = async () => {
    setBusy(true)
    try {
      await s.actions.search(text)
    } finally {
      setBusy(false)
    }
  }
  const jump = (h: SearchHit) => {
    void s.actions.goTo({ step: h.step, phase: null })
    s.ui.selection.getState().selectRow(rowKey(h.session, h.app, h.page, h.item))
    s.ui.selection.getState().select(h.session)
  }
  const alias = (id: number) => sessions.find((x) => x.id === id)?.alias ?? String(id)

  return (
    <div className="timeline-search">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <input id="timeline-search" type="search" placeholder="Find a name or value in all steps  (F)" aria-label="Search all steps" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" disabled={busy}>
          Find
        </button>
      </form>
      {query ? (
        <div className="hits" aria-label="Search results">
          <div className="muted">
            {total === 0 ? `No step sets “${query}”.` : `${total} change${total === 1 ? '' : 's'} match “${query}”${total > hits.length ? ` (first ${hits.length})` : ''}`}
            <button type="button" className="link" onClick={() => s.ui.playback.getState().setSearch('', [], 0)}>
              clear
            </button>
          </div>
          <ul>
            {hits.slice(0, 50).map((h, i) => (
              <li key={i}>
                <button type="button" className="hit-link" data-testid="search-hit" data-step={h.step} onClick={() => jump(h)}>
                  step {h.step} · {alias(h.session)} · {h.item} = {h.value ?? 'null'}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
