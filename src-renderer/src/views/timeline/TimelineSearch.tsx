/**
 * Search item names and values over every session and step; jump to a hit.
 * A trace made from a browser recording also lists hits in what the real
 * server answered (rendered items, redirects, messages): they are not changes
 * of session state, so they are listed apart.
 */
import { useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { rowKey } from '../../model/rows.js'
import type { AnswerHit, SearchHit } from '../../transport/api-types.js'

export function TimelineSearch() {
  const s = useServices()
  const hits = useUi((u) => u.playback, (p) => p.searchHits)
  const total = useUi((u) => u.playback, (p) => p.searchTotal)
  const query = useUi((u) => u.playback, (p) => p.searchQuery)
  const answerHits = useUi((u) => u.playback, (p) => p.answerHits)
  const answerTotal = useUi((u) => u.playback, (p) => p.answerTotal)
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
          {answerTotal > 0 ? (
            <>
              <div className="muted" data-testid="answer-count">
                {answerTotal} in the real server’s answers{answerTotal > answerHits.length ? ` (first ${answerHits.length})` : ''}
              </div>
              <ul aria-label="Matches in the real server’s answers">
                {answerHits.slice(0, 50).map((h, i) => (
                  <li key={i}>
                    <button type="button" className="hit-link" data-testid="answer-hit" data-step={h.step} onClick={() => void s.actions.goTo({ step: h.step, phase: null })}>
                      step {h.step} · {h.session === null ? '–' : alias(h.session)} · {answerWords(h)}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  )
}

/** A hit in a real answer, in words: what the server rendered, where it redirected, what it said. */
export function answerWords(h: AnswerHit): string {
  switch (h.answer) {
    case 'item':
      return `real page showed ${h.item} = ${h.value ?? 'null'}`
    case 'redirect':
      return `real server redirected to ${h.value ?? ''}`
    case 'error':
      return `real server said (error): ${h.value ?? ''}`
    case 'message':
      return `real server said: ${h.value ?? ''}`
  }
}
