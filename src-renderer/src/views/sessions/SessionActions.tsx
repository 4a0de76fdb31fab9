/** New session, clone, login, logout, expire — live operations on the engine. */
import { useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { nextAlias } from './session-tree.js'

export function SessionActions() {
  const s = useServices()
  const apps = useEngine((e) => e.apps)
  const sessions = useEngine((e) => e.sessions)
  const selectedId = useUi((u) => u.selection, (x) => x.session)
  const [user, setUser] = useState('SCOTT')
  const selected = sessions.find((x) => x.id === selectedId)
  const live = apps.length > 0
  const usable = !!selected && selected.status === 'active'
  const ref = selected ? (selected.alias ?? selected.id) : null

  const newSession = async () => {
    const app = apps[0]
    if (!app) return
    const as = nextAlias(sessions)
    const steps = await s.controller.operate({ type: 'request', url: `f?p=${app.alias ?? app.id}:${app.homePage}`, as, note: `New session ${as}` })
    const id = steps?.[0]?.session
    if (id) s.ui.selection.getState().select(id)
  }
  const clone = async () => {
    if (ref === null) return
    const as = nextAlias(sessions)
    const steps = await s.controller.operate({ type: 'clone', session: ref, as, note: `Clone of ${String(ref)}` })
    const id = steps?.[0]?.session
    if (id) s.ui.selection.getState().select(id)
  }
  const login = async () => {
    if (ref === null || !user.trim()) return
    const steps = await s.controller.operate({ type: 'login', session: ref, user: user.trim() })
    const id = steps?.[0]?.session
    if (id) s.ui.selection.getState().select(id)
  }
  const logout = () => (ref === null ? undefined : void s.controller.operate({ type: 'logout', session: ref }))
  const expire = () => {
    if (!selected) return
    const limit = s.controller.idleLimit(selected.id) ?? 3600
    const seconds = Math.max(1, limit - (selected.idleSec ?? 0) + 1)
    void s.controller.operate({ type: 'wait', seconds, note: `Expire ${selected.alias ?? selected.id}: the clock passes its idle limit (${limit} s)` })
  }

  return (
    <div className="actions" role="group" aria-label="Session actions">
      <button type="button" onClick={() => void newSession()} disabled={!live} title={live ? 'Request the first app’s home page in a new session' : 'This trace has no app definitions'}>
        New session
      </button>
      <button type="button" onClick={() => void clone()} disabled={!live || !usable}>
        Clone
      </button>
      <input aria-label="User name for login" value={user} onChange={(e) => setUser(e.target.value)} size={7} />
      <button type="button" onClick={() => void login()} disabled={!live || !usable}>
        Login
      </button>
      <button type="button" onClick={logout} disabled={!live || !usable}>
        Logout
      </button>
      <button type="button" onClick={expire} disabled={!live || !usable} title="Move the simulated clock past this session’s idle limit">
        Expire
      </button>
    </div>
  )
}
