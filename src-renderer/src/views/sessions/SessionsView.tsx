/**
 * Sessions at the playhead: ID, alias, user, status, created and idle times
 * (simulated clock); clone groups as a tree. Virtualised for thousands.
 */
import { useMemo, useRef, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { useVirtualRows } from '../common/virtual.js'
import { LIST_ENDED_SESSIONS_UP_TO } from '../../stores/playhead.js'
import { fmtClock } from '../common/format.js'
import { SessionActions } from './SessionActions.js'
import { sessionTree } from './session-tree.js'

const ROW = 26

export function SessionsView() {
  const s = useServices()
  const sessions = useEngine((e) => e.sessions)
  const endedListed = useEngine((e) => e.endedSessionsListed)
  const userRows = useEngine((e) => e.userRows)
  const selected = useUi((u) => u.selection, (x) => x.session)
  const rows = useMemo(() => sessionTree(sessions), [sessions])
  const scrollRef = useRef<HTMLDivElement>(null)
  const v = useVirtualRows(rows.length, scrollRef, ROW, 6)
  const [userStoreOpen, setUserStoreOpen] = useState(false)

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'Enter') return
    const id = Number((e.target as HTMLElement).dataset.sessionId)
    if (id) s.ui.selection.getState().select(id)
  }

  return (
    <section id="view-sessions" className="panel sessions" aria-label="Sessions" tabIndex={-1}>
      <h2>
        Sessions <span className="count">{sessions.length}</span>
        {endedListed ? null : (
          <span className="muted" data-testid="ended-sessions-hidden" title={`Over ${LIST_ENDED_SESSIONS_UP_TO.toLocaleString()} sessions in this workspace: only the live ones are listed`}>
            {' '}
            live only
          </span>
        )}
      </h2>
      <SessionActions />
      <div className="session-head" aria-hidden="true">
        <span>Session</span>
        <span>User</span>
        <span>Status</span>
        <span>Created</span>
        <span>Idle</span>
      </div>
      <div className="scroll" ref={scrollRef} role="tree" aria-label="Sessions by clone group" data-testid="sessions-tree" onKeyDown={onKey}>
        {rows.length === 0 ? <p className="muted pad">No sessions at this point.</p> : null}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const r = rows[vi.index]!
            const x = r.session
            return (
              <div
                key={x.id}
                role="treeitem"
                aria-level={r.depth + 1}
                aria-selected={selected === x.id}
                tabIndex={0}
                data-testid="session-row"
                data-session-id={x.id}
                data-session-alias={x.alias ?? undefined}
                data-status={x.status}
                className={`session-row status-${x.status} depth-${r.depth}${selected === x.id ? ' selected' : ''}`}
                style={{ position: 'absolute', top: vi.start, left: 0, right: 0, height: ROW }}
                onClick={() => s.ui.selection.getState().select(x.id)}
              >
                <span className="sid">
                  {r.depth > 0 ? <span className="tree-line" aria-hidden="true">└ </span> : null}
                  {x.alias ? <b>{x.alias}</b> : null} <code>{x.id}</code>
                  {r.clones > 0 ? <span className="badge" title="Clone group">group ×{r.clones + 1}</span> : null}
                </span>
                <span>{x.user}</span>
                <span className={`status ${x.status}`}>{x.status}</span>
                <span>{fmtClock(x.createdAt)}</span>
                <span>{fmtClock(x.idleSec)}</span>
              </div>
            )
          })}
        </div>
      </div>
      {userRows.length > 0 ? (
        <details className="user-store" onToggle={(e) => setUserStoreOpen((e.target as HTMLDetailsElement).open)}>
          <summary>Per User store ({userRows.length})</summary>
          {/* Rendered only while open: a million-event trace has 6,600 Per User values at its end, and a closed panel's rows would be rebuilt at every move. */}
          {userStoreOpen ? (
          <table aria-label="Per User values">
            <thead>
              <tr>
                <th>User</th>
                <th>App</th>
                <th>Item</th>
                <th>Value</th>
              </tr>
            </thead>
            <tbody>
              {userRows.map((u) => (
                <tr key={`${u.user}|${u.app}|${u.item}`}>
                  <td>{u.user}</td>
                  <td>{u.app}</td>
                  <td>{u.item}</td>
                  <td>{u.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          ) : null}
        </details>
      ) : null}
    </section>
  )
}
