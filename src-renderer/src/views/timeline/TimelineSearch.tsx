/**
 * Search every step: item names and values that changed, and the steps
 * themselves by their words — session (alias or ID), user, button, URL and
 * note (issue #14) — listed by kind; a hit is a button (Enter or a click
 * jumps to its step), and Enter in the box again jumps to the next hit. A
 * trace made from a browser recording also lists hits in what the real
 * server answered (rendered items, redirects, messages): they are not
 * changes of session state, so they are listed apart.
 *
 * Sessions are named by their alias with a short ID (sessionName), also
 * those that do not exist at the playhead: the engine's answer carries the
 * aliases of the sessions its hits name.
 */
import { memo, useRef, useState } from 'react'
import { useStore } from 'zustand'
import { useServices, useUi } from '../../stores/app-context.js'
import { rowKey } from '../../model/rows.js'
import { useSessionName } from '../../stores/session-aliases.js'
import { timelineSearchOf } from '../../stores/timeline-search.js'
import type { StepWordHit } from '../../stores/timeline-search.js'
import type { AnswerHit, SearchHit } from '../../transport/api-types.js'

export type { StepWordHit }

/** Hits shown per list. */
const SHOWN = 50

const PART_TITLES: Record<StepWordHit['part'], string> = { session: 'Sessions', user: 'Users', button: 'Buttons', url: 'URLs', note: 'Notes' }
const PART_ORDER: StepWordHit['part'][] = ['session', 'user', 'button', 'url', 'note']

/**
 * Memoised: it takes no props, so the timeline (which re-renders on every step, twice with its
 * deferred playhead) does not re-render this box and its up to 4 × 50 hit buttons with it; it
 * re-renders when the search, its hits or the session aliases change.
 */
export const TimelineSearch = memo(function TimelineSearch() {
  const s = useServices()
  const hits = useUi((u) => u.playback, (p) => p.searchHits)
  const total = useUi((u) => u.playback, (p) => p.searchTotal)
  const query = useUi((u) => u.playback, (p) => p.searchQuery)
  const answerHits = useUi((u) => u.playback, (p) => p.answerHits)
  const answerTotal = useUi((u) => u.playback, (p) => p.answerTotal)
  const words = useStore(timelineSearchOf(s), (w) => (w.query === query ? w.result : null))
  const name = useSessionName()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  // Enter is never dropped while an answer is on its way (the Find button stays enabled: a disabled
  // default button would stop the browser submitting the form on Enter at all). Enter again with the
  // words being searched means "then go to the next hit"; moves to the next hit run one after another.
  const searching = useRef<string | null>(null)
  const nextWanted = useRef(false)
  const moves = useRef<Promise<void>>(Promise.resolve())
  const pending = useRef(0)
  const track = async (work: () => Promise<void>) => {
    pending.current++
    setBusy(true)
    try {
      await work()
    } finally {
      if (--pending.current === 0) setBusy(false)
    }
  }

  const run = (words: string) =>
    track(async () => {
      searching.current = words
      nextWanted.current = false
      await timelineSearchOf(s).getState().search(words)
      if (searching.current !== words) return // a newer search took over
      searching.current = null
      if (nextWanted.current) {
        nextWanted.current = false
        await next()
      }
    })
  const go = (step: number, session: number | null) => {
    const moved = s.actions.goTo({ step, phase: null })
    if (session !== null && session > 0) s.ui.selection.getState().select(session)
    return moved
  }
  const jump = (h: SearchHit) => {
    void go(h.step, h.session)
    s.ui.selection.getState().selectRow(rowKey(h.session, h.app, h.page, h.item))
  }
  /** Enter again with the same words: the step of the next hit after the playhead, of any kind, over every hit (the engine's; wrapping round). */
  const next = () => {
    const move = moves.current.then(() =>
      track(async () => {
        const step = await timelineSearchOf(s).getState().nextHitStep(s.engine.getState().point.step)
        if (step !== null) await go(step, null)
      }),
    )
    moves.current = move.catch(() => undefined)
    return move
  }
  const wordTotal = words?.total ?? 0
  const groups = PART_ORDER.map((part) => ({ part, hits: (words?.hits ?? []).filter((h) => h.part === part) })).filter((g) => g.hits.length > 0)

  return (
    <div className="timeline-search">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault()
          const words = text.trim()
          if (searching.current !== null && words === searching.current) nextWanted.current = true
          else if (query && words === query) void next()
          else void run(words)
        }}
        aria-busy={busy}
        data-testid="timeline-search-form"
      >
        <input
          id="timeline-search"
          type="search"
          placeholder="Find a value, session, user, button, URL or note  (F)"
          aria-label="Search all steps"
          title="Enter searches; Enter again goes to the next step found"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">
          Find
        </button>
      </form>
      {query ? (
        <div className="hits" aria-label="Search results" data-testid="search-results">
          <div className="muted">
            {total === 0 && wordTotal === 0 && answerTotal === 0
              ? `No step matches “${query}”.`
              : `${total} change${total === 1 ? '' : 's'}${wordTotal > 0 ? `, ${wordTotal} step${wordTotal === 1 ? '' : 's'} by session, user, button, URL or note` : ''} match “${query}”${total > hits.length ? ` (first ${hits.length} changes)` : ''}`}
            <button type="button" className="link" onClick={() => s.ui.playback.getState().setSearch('', [], 0)}>
              clear
            </button>
          </div>
          {hits.length > 0 ? (
            <ul aria-label="Changes">
              {hits.slice(0, SHOWN).map((h, i) => (
                <li key={i}>
                  <button type="button" className="hit-link" data-testid="search-hit" data-step={h.step} onClick={() => jump(h)}>
                    step {h.step} · {h.row && h.session === 0 ? 'app database' : name(h.session)} · {h.item} = {h.value ?? 'null'}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {groups.map((g) => (
            <div key={g.part} role="group" aria-label={`Steps by ${PART_TITLES[g.part].toLowerCase()}`}>
              <div className="muted" data-testid="step-word-group" data-part={g.part}>
                {PART_TITLES[g.part]}
              </div>
              <ul>
                {g.hits.slice(0, SHOWN).map((h, i) => (
                  <li key={i}>
                    <button type="button" className="hit-link" data-testid="step-word-hit" data-part={h.part} data-step={h.step} onClick={() => void go(h.step, h.session)}>
                      step {h.step} · {stepWordText(h, name)}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {words && words.searched < words.of ? (
            <div className="muted" role="status" data-testid="step-words-progress">
              Sessions, users, buttons, URLs and notes searched in {words.searched.toLocaleString('en-US')} of {words.of.toLocaleString('en-US')} steps so far (the first search of a big timeline reads every step once)…
            </div>
          ) : null}
          {words && words.leftOut > 0 ? <div className="muted">{words.leftOut} steps’ words were too many to keep: they are not searched.</div> : null}
          {answerTotal > 0 ? (
            <>
              <div className="muted" data-testid="answer-count">
                {answerTotal} in the real server’s answers{answerTotal > answerHits.length ? ` (first ${answerHits.length})` : ''}
              </div>
              <ul aria-label="Matches in the real server’s answers">
                {answerHits.slice(0, SHOWN).map((h, i) => (
                  <li key={i}>
                    <button type="button" className="hit-link" data-testid="answer-hit" data-step={h.step} onClick={() => void s.actions.goTo({ step: h.step, phase: null })}>
                      step {h.step} · {h.session === null ? '–' : name(h.session)} · {answerWords(h)}
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
})

/** A step found by its words, in words: "session A (…7215)", "user SCOTT logs in to session A (…7215)", "button NEXT in session A (…7215)". */
export function stepWordText(h: StepWordHit, name: (id: number | null) => string): string {
  const where = h.session === null ? '' : ` in session ${name(h.session)}`
  switch (h.part) {
    case 'session':
      return `session ${name(h.session)}`
    case 'user':
      return `user ${h.text} logs in${h.session === null ? '' : ` to session ${name(h.session)}`}`
    case 'button':
      return `button ${h.text}${where}`
    case 'url':
      return `${h.text}${where}`
    case 'note':
      return `note “${h.text}”${where}`
  }
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
