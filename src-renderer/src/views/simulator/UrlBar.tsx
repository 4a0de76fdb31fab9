/**
 * The page simulator's URL bar (issue #16): a URL typed or pasted here is a
 * request from a browser the user chooses — the selected session's own named
 * one, any browser the trace or the user named (opened in the Sessions
 * panel), else a new one opened by the first request — always sent with an
 * explicit `browser`, so the engine checks it against that browser's cookies
 * and its Session State Protection checksums as APEX does. What the engine noticed (a link to a
 * session this browser holds no cookie for is not joined, a checksum that
 * fails) is said under the bar.
 */
import { useState } from 'react'
import { useEngine, useServices } from '../../stores/app-context.js'
import { call } from '../../stores/api-call.js'
import { browserChoiceOf, useBrowserChoice, useChosenBrowser } from '../../stores/browser-choice.js'
import type { TimelineSession } from '../../transport/api-types.js'
import './url-bar.css'

/** The browsers listed in the chooser (named ones; implicit browsers cannot be named in a request). */
const CHOOSER_LIMIT = 200

export function UrlBar({ url, setUrl, session, live }: { url: string; setUrl: (url: string) => void; session: TimelineSession | undefined; live: boolean }) {
  const s = useServices()
  const chosen = useChosenBrowser()
  const openedCount = useBrowserChoice((c) => c.openedCount)
  const stepCount = useEngine((e) => e.stepCount)
  const [named, setNamed] = useState<{ names: string[]; asked: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const workspaceVersion = useEngine((e) => e.workspaceVersion)
  /** What the engine noticed about the last request sent from here (in the workspace it was sent in). */
  const [sent, setSent] = useState<{ workspace: number; notices: string[] }>({ workspace: -1, notices: [] })
  const notices = sent.workspace === workspaceVersion ? sent.notices : []
  const own = session?.browser
  /**
   * The browser a request goes from: the chosen one, else the selected session's named one. With neither
   * (a new workspace, or a session whose browser is implicit — an implicit browser cannot be named in an
   * event), the first request opens a new browser and acts from it: a typed URL is always a named
   * browser's, so the engine checks its Session State Protection checksums (docs/decisions.md
   * "The URL bar always types from a named browser").
   */
  const browser = chosen ?? own ?? null
  // The list is asked for when the chooser is used, not at every step.
  const listKey = `${stepCount}|${openedCount}`
  const loadNames = () => {
    if (!live || named?.asked === listKey) return
    const at = { step: stepCount - 1, phase: null }
    call(s.api, 'timeline.browsers', { point: at, offset: 0, limit: CHOOSER_LIMIT, sessions: false, namedOnly: true })
      .then((w) => setNamed({ names: w.rows.flatMap((r) => (r.kind === 'browser' ? [r.browser.name] : [])), asked: listKey }))
      .catch((err: unknown) => s.ui.toasts.getState().error(err, 'Could not list the browsers'))
  }
  const options = [...new Set([...(named?.names ?? []), ...(chosen ? [chosen] : []), ...(own ? [own] : [])])]

  const go = async () => {
    if (!url.trim()) return
    setBusy(true)
    let from = browser
    if (from === null) {
      try {
        // browser.open records nothing: the request below names the new browser and records its creation.
        from = (await call(s.api, 'browser.open', {})).name
        browserChoiceOf(s).getState().opened(from, s.engine.getState().workspaceVersion)
      } catch (err) {
        setBusy(false)
        s.ui.toasts.getState().error(err, 'Could not open a browser for the URL')
        return
      }
    }
    const steps = await s.actions.operate({ type: 'request', url: url.trim(), browser: from })
    setBusy(false)
    setSent({
      workspace: s.engine.getState().workspaceVersion,
      notices: (steps ?? []).flatMap((st) => [
        ...st.effects.flatMap((e) => (e.op === 'notice' || e.op === 'warning' ? [(e as { message: string }).message] : [])),
        ...(st.outcome !== 'ok' && st.reason ? [st.reason] : []),
      ]),
    })
    const id = steps?.[steps.length - 1]?.session
    if (id) s.ui.selection.getState().select(id)
  }

  return (
    <>
      <form
        className="url-bar"
        onSubmit={(e) => {
          e.preventDefault()
          void go()
        }}
      >
        <select
          aria-label="Browser the URL is opened in"
          data-testid="browser-choice"
          value={chosen ?? ''}
          disabled={!live}
          onFocus={loadNames}
          onPointerDown={loadNames}
          onChange={(e) => browserChoiceOf(s).getState().choose(e.target.value === '' ? null : e.target.value, s.engine.getState().workspaceVersion)}
          title={
            browser
              ? `Requests go from browser ${browser}: its cookies decide which session they join`
              : 'The first request opens a new browser (no session is selected, or its browser is implicit and cannot be named): its cookie jar is empty, so a link to an existing session is checked, then not joined'
          }
        >
          <option value="">{own ? `Session’s browser (${own})` : 'A new browser'}</option>
          {options.map((name) => (
            <option key={name} value={name}>
              Browser {name}
            </option>
          ))}
        </select>
        <input id="url-bar-input" aria-label="URL (f?p or friendly)" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="f?p=100:1  or  /ords/r/ws/app/page" disabled={!live} />
        <button type="submit" disabled={!live || busy}>
          Go
        </button>
      </form>
      {notices.length > 0 ? (
        <ul className="url-notices" role="status" data-testid="url-notice">
          {notices.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      ) : null}
    </>
  )
}
