/**
 * Sessions at the playhead (issue #16): browsers a level above the sessions
 * they own, each with its cookies; under each, clone groups as trees; ID,
 * alias, user, status, created and idle times (simulated clock). A trace
 * that names no browser shows the flat clone-group list (the engine decides:
 * `grouped`). The rows always come one window at a time from the engine,
 * which also filters them (session-window.ts): 100,000 sessions cost what 40
 * do. A keyboard tree (role=tree, arrows, Home/End, Enter) with one tab stop.
 */
import { useId, useRef, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { useVirtualRows } from '../common/virtual.js'
import { LIST_ENDED_SESSIONS_UP_TO } from '../../stores/playhead.js'
import { SessionActions } from './SessionActions.js'
import { useOnScreen, useSessionWindow } from './session-window.js'
import { BrowserRow, SessionRow } from './tree-rows.js'
import type { TreeRow } from './tree-rows.js'
import { useBrowserChoice } from '../../stores/browser-choice.js'
import { treeKeyAction } from './tree-keys.js'
import './sessions.css'

const ROW = 26

export function SessionsView() {
  const s = useServices()
  const endedListed = useEngine((e) => e.endedSessionsListed)
  const userRows = useEngine((e) => e.userRows)
  const selected = useUi((u) => u.selection, (x) => x.session)
  const point = useEngine((e) => e.point)
  const refresh = useBrowserChoice((c) => c.openedCount)
  const [filter, setFilter] = useState('')
  const [collapsed, setCollapsed] = useState<readonly string[]>([])
  const [active, setActive] = useState(0)
  const sectionRef = useRef<HTMLElement>(null)
  const scrollRef = useRef<HTMLDivElement>(null)
  const onScreen = useOnScreen(sectionRef)
  const [count, setCount] = useState(0)
  const v = useVirtualRows(count, scrollRef, ROW, 6)
  const win = useSessionWindow(
    s.api,
    {
      enabled: onScreen,
      point,
      filter,
      liveOnly: !endedListed,
      collapsed,
      refresh,
      first: v.visible.first,
      last: Math.max(v.visible.last, v.visible.first + Math.ceil(v.scrollRect.height / ROW)),
    },
    (err) => s.ui.toasts.getState().error(err, 'Could not list the sessions'),
  )
  const total = win?.total ?? 0
  if (count !== total) setCount(total)
  const rowAt = (i: number): TreeRow | undefined => win?.rows[i - win.offset]
  const [userStoreOpen, setUserStoreOpen] = useState(false)
  const idPrefix = useId()
  const rowId = (i: number) => `${idPrefix}-row-${i}`
  const current = Math.min(active, Math.max(0, total - 1))

  const toggle = (name: string) => setCollapsed((c) => (c.includes(name) ? c.filter((x) => x !== name) : [...c, name]))
  const activate = (i: number) => {
    const r = rowAt(i)
    if (!r) return
    if (r.kind === 'browser') toggle(r.browser.name)
    else s.ui.selection.getState().select(r.session.id)
  }
  const moveTo = (i: number) => {
    const to = Math.max(0, Math.min(total - 1, i))
    setActive(to)
    if (to < v.visible.first) v.scrollToIndex(to, { align: 'start' })
    else if (to > v.visible.last) v.scrollToIndex(to, { align: 'end' })
  }
  const onKey = (e: React.KeyboardEvent) => {
    const action = treeKeyAction(e.key, current, total, rowAt)
    if (!action) return
    e.preventDefault()
    if (action.kind === 'move') moveTo(action.to)
    else if (action.kind === 'toggle') toggle(action.browser)
    else activate(current)
  }
  const onClick = (e: React.MouseEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-row-index]')
    if (!el) return
    const i = Number(el.dataset.rowIndex)
    setActive(i)
    activate(i)
  }

  const grouped = win?.grouped ?? false
  return (
    <section id="view-sessions" ref={sectionRef} className="panel sessions" aria-label="Sessions" tabIndex={-1}>
      <h2>
        Sessions <span className="count" data-testid="sessions-count">{win?.sessions ?? 0}</span>
        {grouped ? (
          <span className="muted" data-testid="browsers-count">
            {' '}
            in {win!.browsers} browser{win!.browsers === 1 ? '' : 's'}
          </span>
        ) : null}
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
        placeholder="Filter: ID, alias, user, browser…"
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value)
          setActive(0)
        }}
        data-testid="session-filter"
      />
      <div className="session-head" aria-hidden="true">
        <span>Session</span>
        <span>User</span>
        <span>Status</span>
        <span>Created</span>
        <span>Idle</span>
      </div>
      <div
        className="scroll"
        ref={scrollRef}
        role="tree"
        aria-label={grouped ? 'Sessions by browser and clone group' : 'Sessions by clone group'}
        aria-activedescendant={rowAt(current) ? rowId(current) : undefined}
        tabIndex={0}
        data-testid="sessions-tree"
        data-grouped={grouped ? 'true' : 'false'}
        onKeyDown={onKey}
        onClick={onClick}
      >
        {win && total === 0 ? <p className="muted pad">{filter.trim() ? 'No session matches the filter.' : 'No sessions at this point.'}</p> : null}
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const r = rowAt(vi.index)
            const style = { position: 'absolute', top: vi.start, left: 0, right: 0, height: ROW } as const
            // A row of the window still on its way: an empty line of the same height.
            if (!r) return <div key={`pending-${vi.index}`} className="session-row pending" style={style} />
            const common = { id: rowId(vi.index), index: vi.index, active: vi.index === current, style }
            return r.kind === 'browser' ? (
              <BrowserRow key={`b:${r.browser.name}`} row={r} {...common} />
            ) : (
              <SessionRow key={`s:${r.session.id}`} row={r} selected={selected === r.session.id} {...common} />
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
