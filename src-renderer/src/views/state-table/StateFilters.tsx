/**
 * Filter by session, app and page; search name and value; group; compare.
 *
 * In a short window (views/app/short-window.ts: 200 % zoom, presenter mode's large text) the block
 * folds to one line — a "Filters" toggle that says how many filters are on, and the search box (which
 * `/` focuses) — so the table keeps its rows; the toggle unfolds the rest. In a taller window the
 * toggle is not shown and every filter is.
 */
import { memo, useMemo, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import type { RowEntry } from '../../model/rows.js'
import type { AppDefinition } from '../../transport/api-types.js'

const EMPTY: RowEntry[] = []

/**
 * Memoised, and the count of rows the step changed is read by its own small part (ChangedCount): a
 * step press re-renders none of the filters — React writes every input's name and type again when
 * it renders one, and those were a third of a press's DOM changes in the state table (issue #13).
 */
export const StateFilters = memo(function StateFilters({ changedOnly, setChangedOnly }: { changedOnly: boolean; setChangedOnly(v: boolean): void }) {
  const s = useServices()
  const f = useUi((u) => u.filters, (x) => x)
  const sessions = useEngine((e) => e.sessions)
  const apps = useEngine((e) => e.apps)
  const live = useMemo(() => (f.compare ? liveSessions(sessions, f.compareSessions) : []), [f.compare, sessions, f.compareSessions])
  // A trace can have thousands of sessions: the list gets its options when it is first used (focus or pointer),
  // not on every render of the table — until then only the chosen one.
  const [sessionListUsed, setSessionListUsed] = useState(false)
  const sessionOptions = useMemo(
    () =>
      (sessionListUsed ? sessions : sessions.filter((x) => x.id === f.session)).map((x) => (
        <option key={x.id} value={x.id}>
          {x.alias ? `${x.alias} · ${x.id}` : x.id}
        </option>
      )),
    [sessions, sessionListUsed, f.session],
  )

  // Filters hidden while folded: a reader must see that some are on.
  const active = [f.session !== null, f.app !== null, f.page !== null, f.groupByPage, changedOnly, f.compare].filter(Boolean).length
  const [open, setOpen] = useState(false)

  return (
    <div className={`filters${open ? ' open' : ''}`} role="group" aria-label="State filters">
      <button
        type="button"
        className="filters-toggle"
        aria-expanded={open}
        title={active === 0 ? 'No filter on: show the filters' : `${active} filter${active === 1 ? '' : 's'} on: show the filters`}
        data-testid="filters-toggle"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Filters{active > 0 ? ` (${active})` : ''}
      </button>
      <span className="filters-more">
        <select
          aria-label="Filter by session"
          value={f.session ?? ''}
          onFocus={() => setSessionListUsed(true)}
          onPointerDown={() => setSessionListUsed(true)}
          onChange={(e) => f.set({ session: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">All sessions</option>
          {sessionOptions}
        </select>
        <select aria-label="Filter by app" value={f.app ?? ''} onChange={(e) => f.set({ app: e.target.value ? Number(e.target.value) : null, page: null })}>
          <option value="">All apps</option>
          <AppOptions apps={apps} />
        </select>
        <select
          aria-label="Filter by page"
          value={f.page ?? ''}
          disabled={f.app === null}
          onChange={(e) => f.set({ page: e.target.value === '' ? null : e.target.value === 'app' ? 'app' : Number(e.target.value) })}
        >
          <option value="">All pages</option>
          <option value="app">Application items</option>
          <PageOptions apps={apps} app={f.app} />
        </select>
      </span>
      <input
        id="state-search"
        type="search"
        placeholder="Search name or value  (/)"
        aria-label="Search state by item name or value"
        value={f.search}
        onChange={(e) => f.set({ search: e.target.value })}
      />
      <span className="filters-more">
        <label>
          <input type="checkbox" checked={f.groupByPage} onChange={(e) => f.set({ groupByPage: e.target.checked })} /> Group by page
        </label>
        <label>
          <input type="checkbox" checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)} /> Changed only (<ChangedCount />)
        </label>
        <label>
          <input
            type="checkbox"
            checked={f.compare}
            onChange={(e) => {
              const compare = e.target.checked
              f.set({ compare, compareSessions: compare && f.compareSessions.length === 0 ? liveSessions(sessions, []).slice(0, 2).map((x) => x.id) : f.compareSessions })
            }}
          />{' '}
          Compare
        </label>
        {f.compare ? (
          <span className="compare-picks" role="group" aria-label="Sessions to compare">
            {live.map((x) => (
              <label key={x.id} className="chip">
                <input type="checkbox" checked={f.compareSessions.includes(x.id)} onChange={() => s.ui.filters.getState().toggleCompareSession(x.id)} />
                {x.alias ?? x.id}
              </label>
            ))}
          </span>
        ) : null}
      </span>
    </div>
  )
})

/**
 * Only recorded-only traces (no app definitions) need the rows to list apps and pages: the rows change
 * with every step, so these lists read them in parts of their own, and the filters around them (their
 * inputs) do not re-render with a step.
 */
function useRowsWithoutApps(apps: readonly AppDefinition[]): readonly RowEntry[] {
  return useEngine((e) => (apps.length ? EMPTY : e.rows))
}

function AppOptions({ apps }: { apps: readonly AppDefinition[] }) {
  const rows = useRowsWithoutApps(apps)
  const appIds = useMemo(() => {
    const ids = new Set(apps.map((a) => a.id))
    if (apps.length === 0) for (const r of rows) ids.add(r.app)
    return [...ids].sort((a, b) => a - b)
  }, [apps, rows])
  return appIds.map((id) => {
    const alias = apps.find((a) => a.id === id)?.alias
    return (
      <option key={id} value={id}>
        App {id}
        {alias ? ` (${alias})` : ''}
      </option>
    )
  })
}

function PageOptions({ apps, app }: { apps: readonly AppDefinition[]; app: number | null }) {
  const rows = useRowsWithoutApps(apps)
  const pages = useMemo(() => {
    if (app === null) return []
    const def = apps.find((a) => a.id === app)
    if (def) return def.pages.map((p) => ({ id: p.id, name: p.name }))
    const ids = new Set<number>()
    for (const r of rows) if (r.app === app && r.page !== null) ids.add(r.page)
    return [...ids].sort((a, b) => a - b).map((id) => ({ id, name: '' }))
  }, [apps, rows, app])
  return pages.map((p) => (
    <option key={p.id} value={p.id}>
      Page {p.id}
      {p.name ? ` · ${p.name}` : ''}
    </option>
  ))
}

/** How many rows the step at the playhead changed: the one part of the filters that follows a step. */
function ChangedCount() {
  return <span data-testid="changed-count">{useEngine((e) => e.changes.size)}</span>
}

/** The sessions that can be compared: every one not deleted, and those already picked. */
function liveSessions<T extends { id: number; status: string }>(sessions: readonly T[], picked: readonly number[]): T[] {
  return sessions.filter((x) => x.status !== 'deleted' || picked.includes(x.id))
}
