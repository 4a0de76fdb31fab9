/**
 * Sessions at the playhead: ID, alias, user, status, created and idle times
 * (simulated clock); clone groups as a tree. Virtualised for thousands.
 * In a huge workspace (live sessions only) and whenever the filter box has
 * text, the rows come one window at a time from the engine
 * (session-window.ts), which filters them: the store's full list is then
 * not what the panel shows.
 */
import { useMemo, useRef, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { useVirtualRows } from '../common/virtual.js'
import { LIST_ENDED_SESSIONS_UP_TO } from '../../stores/playhead.js'
import { fmtClock } from '../common/format.js'
import { SessionActions } from './SessionActions.js'
import { sessionTree } from './session-tree.js'
import type { TreeRow } from './session-tree.js'
import { useSessionWindow } from './session-window.js'

const ROW = 26

export function SessionsView() {
  const s = useServices()
  const sessions = useEngine((e) => e.sessions)
  const endedListed = useEngine((e) => e.endedSessionsListed)
  const userRows = useEngine((e) => e.userRows)
  const selected = useUi((u) => u.selection, (x) => x.session)
  const point = useEngine((e) => e.point)
  const [filter, setFilter] = useState('')
  const fromEngine = !endedListed || filter.trim() !== ''
  const local = useMemo(() => (fromEngine ? [] : sessionTree(sessions)), [sessions, fromEngine])
  const scrollRef = useRef<HTMLDivElement>(null)
  const [count, setCount] = useState(0)
  const v = useVirtualRows(fromEngine ? count : local.length, scrollRef, ROW, 6)
  const win = useSessionWindow(
    s.api,
    { enabled: fromEngine, point, filter, liveOnly: !endedListed, first: v.visible.first, last: Math.max(v.visible.last, v.visible.first + Math.ceil(v.scrollRect.height / ROW)) },
    (err) => s.ui.toasts.getState().error(err, 'Could not list the sessions'),
  )
  const total = fromEngine ? (win?.total ?? 0) : local.length
  if (fromEngine && count !== total) setCount(total)
  const rowAt = (i: number): TreeRow | undefined => (fromEngine ? win?.rows[i - win.offset] : local[i])
  const [userStoreOpen, setUserStoreOpen] = useState(false)

  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'Enter') return
    const id = Number((e.target as HTMLElement).dataset.sessionId)
    if (id) s.ui.selection.getState().select(id)
  }

  return (
    <section id="view-sessions" className="panel sessions" aria-label="Sessions" tabIndex={-1}>
      <h2>
        Sessions <span className="count">{fromEngine ? total : sessions.length}</span>
        {endedListed ? null : (
          <span className="muted" data-testid="ended-sessions-hidden" title={`Over ${LIST_ENDED_SESSIONS_UP_TO.toLocaleString()} sessions in this workspace: only the live ones are listed`}>
            {' '}
            live only
          </span>
        )}
      </h2>
      <SessionActions />
      <input
        type="search"
        className="session-filter"
        aria-label="Filter sessions"
        placeholder="Filter: ID, alias, user, status"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        data-testid="session-filter"
      />
      <div className="session-head" aria-hidden="true">
        <span>Session</span>
        <span>User</span>
        <span>Status</span>
        <span>Created</span>
        <span>Idle</span>
      </div>
      <div className="scroll" ref={scrollRef} role="tree" aria-label="Sessions by clone group" data-testid="sessions-tree" onKeyDown={onKey}>
        {total === 0 && (!fromEngine || win) ? <p className="muted pad">{filter.trim() ? 'No session matches the filter.' : 'No sessions at this point.'}</p> : null}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const r = rowAt(vi.index)
            // A row of the window still on its way: an empty line of the same height.
            if (!r) return <div key={`pending-${vi.index}`} className="session-row pending" style={{ position: 'absolute', top: vi.start, left: 0, right: 0, height: ROW }} />
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
