/** New session, clone, login, logout, expire — live operations on the engine — and opening another browser (issue #16); one row, icons in a narrow panel (issue #14). */
import { useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { call } from '../../stores/api-call.js'
import { browserChoiceOf } from '../../stores/browser-choice.js'

export function SessionActions() {
  const s = useServices()
  const apps = useEngine((e) => e.apps)
  const sessions = useEngine((e) => e.sessions)
  const selectedId = useUi((u) => u.selection, (x) => x.session)
  const point = useEngine((e) => e.point)
  const stepCount = useEngine((e) => e.stepCount)
  const t = useEngine((e) => e.t)
  const [user, setUser] = useState('SCOTT')
  const selected = sessions.find((x) => x.id === selectedId)
  const live = apps.length > 0
  const usable = !!selected && selected.status === 'active'
  const ref = selected ? (selected.alias ?? selected.id) : null

  // The engine names the alias: it knows every live session at the end, where the operation runs (the
  // sessions here are the playhead's, and after a far jump only those shown).
  const freeAlias = async (): Promise<string | null> => {
    try {
      return (await call(s.api, 'sessions.freeAlias', {})).alias
    } catch (err) {
      s.actions.reportError(err, 'New session')
      return null
    }
  }
  const newSession = async () => {
    const app = apps[0]
    if (!app) return
    const as = await freeAlias()
    if (as === null) return
    const steps = await s.actions.operate({ type: 'request', url: `f?p=${app.alias ?? app.id}:${app.homePage}`, as, note: `New session ${as}` })
    const id = steps?.[0]?.session
    if (id) s.ui.selection.getState().select(id)
  }
  const clone = async () => {
    if (ref === null) return
    const as = await freeAlias()
    if (as === null) return
    const steps = await s.actions.operate({ type: 'clone', session: ref, as, note: `Clone of ${String(ref)}` })
    const id = steps?.[0]?.session
    if (id) s.ui.selection.getState().select(id)
  }
  const login = async () => {
    if (ref === null || !user.trim()) return
    const steps = await s.actions.operate({ type: 'login', session: ref, user: user.trim() })
    const id = steps?.[0]?.session
    if (id) s.ui.selection.getState().select(id)
  }
  const logout = () => (ref === null ? undefined : void s.actions.operate({ type: 'logout', session: ref }))
  // Expire: APEX ends a session only by its timeouts, so this is a `wait` on the simulated clock to 1 s
  // past the session's first limit (idle or maximum length). Every session past a limit then is expired too.
  const atEnd = point.step === stepCount - 1 && (point.phase === null || point.phase === undefined)
  const deadline = selected ? s.actions.expiryDeadline(selected.id) : null
  const expireWait = deadline && atEnd ? deadline.at - t + 1 : null
  const expireTitle = !selected
    ? 'Select a session to expire'
    : !deadline
      ? atEnd
        ? 'This session never expires: its clone group has no idle or length limit'
        : 'Go to the end of the timeline, then wait until 1 s past this session’s first limit'
      : `${expireWait !== null ? `Wait ${expireWait} s: ` : 'Go to the end of the timeline, then wait: '}the simulated clock moves to 1 s past this session’s ${
          deadline.limit === 'idle' ? `idle limit (${deadline.seconds} s after its group’s last activity)` : `maximum length (${deadline.seconds} s after its group started)`
        }, t = ${deadline.at + 1} s. APEX ends sessions only by timeouts: every other session past its limit by then expires too.`
  const expire = async () => {
    if (!selected) return
    // The wait runs on the engine's current state, at the end of the timeline.
    if (!atEnd) await s.actions.last()
    const d = s.actions.expiryDeadline(selected.id)
    if (!d) return
    const seconds = d.at - s.engine.getState().t + 1
    if (seconds <= 0) return
    const what = d.limit === 'idle' ? `idle limit (${d.seconds} s)` : `maximum length (${d.seconds} s)`
    await s.actions.operate({ type: 'wait', seconds, note: `Expire ${String(ref)}: the clock moves to 1 s past its ${what}` })
  }

  // Another browser: its own cookie jar, no session yet. The URL bar acts in it from now on (the simulator is shown).
  const openBrowser = async () => {
    try {
      const r = await call(s.api, 'browser.open', {})
      browserChoiceOf(s).getState().opened(r.name, s.engine.getState().workspaceVersion)
      s.ui.selection.getState().showPanel('simulator')
    } catch (err) {
      s.ui.toasts.getState().error(err, 'Could not open a browser')
    }
  }

  return (
    <div className="actions" role="group" aria-label="Session actions">
      <button type="button" onClick={() => void newSession()} disabled={!live} aria-label="New session" title={live ? 'New session: request the first app’s home page in a new session' : 'This trace has no app definitions'}>
        <ActionLabel icon="+" text="New session" />
      </button>
      <button type="button" onClick={() => void clone()} disabled={!live || !usable} aria-label="Clone" title="Clone the selected session (APEX_CLONE_SESSION)">
        <ActionLabel icon="❐" text="Clone" />
      </button>
      <input aria-label="User name for login" value={user} onChange={(e) => setUser(e.target.value)} size={7} />
      <button type="button" onClick={() => void login()} disabled={!live || !usable} aria-label="Login" title="Login: the selected session as the user named">
        <ActionLabel icon="⇥" text="Login" />
      </button>
      <button type="button" onClick={logout} disabled={!live || !usable} aria-label="Logout" title="Logout: end the selected session">
        <ActionLabel icon="⇤" text="Logout" />
      </button>
      <button
        type="button"
        onClick={() => void openBrowser()}
        disabled={!live}
        data-testid="open-browser"
        aria-label="Open browser"
        title={live ? 'Open another browser (its own cookies, no session yet); the page simulator’s URL bar then acts in it' : 'This trace has no app definitions'}
      >
        <ActionLabel icon="⊞" text="Open browser" />
      </button>
      <button type="button" onClick={() => void expire()} disabled={!live || !usable || (atEnd && !deadline)} aria-label="Expire" title={expireTitle}>
        <ActionLabel icon="◴" text="Expire" />
      </button>
    </div>
  )
}

/**
 * A button's face: its words, or in a narrow panel (sessions.css) its icon, so the actions keep one
 * row at 720 px wide (issue #14). The button's name is its aria-label either way; its title says more.
 */
function ActionLabel({ icon, text }: { icon: string; text: string }) {
  return (
    <>
      <span className="action-icon" aria-hidden="true">
        {icon}
      </span>
      <span className="action-text" aria-hidden="true">
        {text}
      </span>
    </>
  )
}
