/**
 * The Sessions panel's two kinds of row (issue #16): a browser (its name,
 * its sessions, its cookies: cookie name → the session it holds) and a
 * session (alias and ID, user, status, created and idle times). IDs and
 * statuses are never cut silently: a cell too narrow ends in an ellipsis
 * and carries its full text as its title.
 */
import type { CSSProperties } from 'react'
import type { MethodResults } from '../../transport/api-types.js'
import { fmtClock } from '../common/format.js'

export type TreeRow = MethodResults['timeline.browsers']['rows'][number]
type BrowserTreeRow = Extract<TreeRow, { kind: 'browser' }>
type SessionTreeRow = Extract<TreeRow, { kind: 'session' }>
type Cookie = BrowserTreeRow['browser']['cookies'][number]

interface RowProps {
  id: string
  index: number
  /** The tree's active item (aria-activedescendant). */
  active: boolean
  style: CSSProperties
}

/** A cookie in words: "ORA_WWV_APP_100 → A (…605196)", or its value when the session is unknown. */
export function cookieWords(c: Cookie): string {
  const target = c.session === null ? c.value : c.alias ? `${c.alias} (…${String(c.session).slice(-6)})` : String(c.session)
  return `${c.name} → ${target}`
}

function cookieTitle(c: Cookie): string {
  const apps = c.apps.length > 0 ? `; used by app${c.apps.length === 1 ? '' : 's'} ${c.apps.join(', ')}` : ''
  return `Cookie ${c.name} (path ${c.path}) = ${c.value}${c.session === null ? '' : `: session ${c.alias ? `${c.alias} ` : ''}${c.session}`}${apps}`
}

export function BrowserRow({ row, id, index, active, style }: RowProps & { row: BrowserTreeRow }) {
  const b = row.browser
  const kind = b.implicit ? 'implicit browser (its events named none)' : b.opened ? 'opened here, no request yet' : null
  return (
    <div
      id={id}
      role="treeitem"
      aria-level={1}
      aria-expanded={row.expanded}
      aria-selected={false}
      data-row-index={index}
      data-testid="browser-row"
      data-browser={b.name}
      data-implicit={b.implicit ? 'true' : 'false'}
      className={`session-row browser-row${active ? ' active' : ''}`}
      style={style}
    >
      <span className="browser-name" title={`Browser ${b.name}${kind ? ` (${kind})` : ''}: ${b.sessions} session${b.sessions === 1 ? '' : 's'}`}>
        <span className="twisty" aria-hidden="true">
          {row.expanded ? '▾' : '▸'}
        </span>
        <b>{b.name}</b>
        {kind ? <span className="muted"> {b.implicit ? 'implicit' : 'opened'}</span> : null}
        <span className="muted"> · {b.sessions}</span>
      </span>
      <span className="cookies" data-testid="browser-cookies" title={b.cookies.length > 0 ? b.cookies.map(cookieTitle).join('\n') : 'No cookies'}>
        {b.cookies.length > 0 ? b.cookies.map(cookieWords).join(', ') : <span className="muted">no cookies</span>}
      </span>
    </div>
  )
}

export function SessionRow({ row, id, index, active, selected, style }: RowProps & { row: SessionTreeRow; selected: boolean }) {
  const x = row.session
  const full = `${x.alias ? `${x.alias} ` : ''}${x.id}${row.clones > 0 ? ` (clone group of ${row.clones + 1})` : ''}${row.browser ? ` in browser ${row.browser}` : ''}`
  return (
    <div
      id={id}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      data-row-index={index}
      data-testid="session-row"
      data-session-id={x.id}
      data-session-alias={x.alias ?? undefined}
      data-status={x.status}
      data-browser={row.browser ?? undefined}
      className={`session-row status-${x.status} depth-${row.depth}${selected ? ' selected' : ''}${active ? ' active' : ''}`}
      style={style}
    >
      <span className="sid" title={full}>
        {row.depth > 0 && (row.browser === null || row.depth > 1) ? (
          <span className="tree-line" aria-hidden="true">
            └{' '}
          </span>
        ) : null}
        {x.alias ? <b>{x.alias}</b> : null} <code>{x.id}</code>
        {row.clones > 0 ? (
          <span className="badge" title="Clone group">
            group ×{row.clones + 1}
          </span>
        ) : null}
      </span>
      <span title={x.user}>{x.user}</span>
      <span className={`status ${x.status}`} title={x.status}>
        {x.status}
      </span>
      <span>{fmtClock(x.createdAt)}</span>
      <span>{fmtClock(x.idleSec)}</span>
    </div>
  )
}
