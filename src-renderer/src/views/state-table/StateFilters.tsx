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
import type { SessionEntry } from '../../model/state-at-playhead.js'
import type { FilterState } from '../../stores/ui-stores.js'

const EMPTY: RowEntry[] = []

/**
 * Memoised, and what changes with the playhead is read by small parts of their own: the count of rows
 * the step changed (ChangedCount), the apps and pages of a recorded-only trace (read from its rows),
 * the session list (it arrives ~250 ms after a jump, and again when the playhead rests). A step press
 * or a jump re-renders none of the filters' inputs — React writes every input's name and type again
 * when it renders one, and those were a third of a press's DOM changes in the state table (issue #13).
 */
export const StateFilters = memo(function StateFilters({ changedOnly, setChangedOnly }: { changedOnly: boolean; setChangedOnly(v: boolean): void }) {
  const s = useServices()
  const f = useUi((u) => u.filters, (x) => x)
  const apps = useEngine((e) => e.apps)

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
        <SessionSelect f={f} />
        <AppSelect apps={apps} f={f} />
        <PageSelect apps={apps} f={f} />
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
              // The sessions listed now (read when clicked: the filters do not follow the list).
              const first = () => liveSessions(s.engine.getState().sessions, []).slice(0, 2).map((x) => x.id)
              f.set({ compare, compareSessions: compare && f.compareSessions.length === 0 ? first() : f.compareSessions })
            }}
          />{' '}
          Compare
        </label>
        {f.compare ? <ComparePicks picked={f.compareSessions} /> : null}
      </span>
    </div>
  )
})

type Filters = Pick<FilterState, 'session' | 'app' | 'page' | 'set'>

/** The session filter: its options follow the session list (a select, not an input: rendering it rewrites nothing of the DOM that did not change). */
function SessionSelect({ f }: { f: Filters }) {
  const sessions = useEngine((e) => e.sessions)
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
  return (
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
  )
}

/** The sessions Compare offers: listed only while comparing (a trace can have 100,000 sessions). */
function ComparePicks({ picked }: { picked: readonly number[] }) {
  const s = useServices()
  const sessions = useEngine((e) => e.sessions)
  const live = useMemo(() => liveSessions(sessions, picked), [sessions, picked])
  return (
    <span className="compare-picks" role="group" aria-label="Sessions to compare">
      {live.map((x) => (
        <label key={x.id} className="chip">
          <input type="checkbox" checked={picked.includes(x.id)} onChange={() => s.ui.filters.getState().toggleCompareSession(x.id)} />
          {x.alias ?? x.id}
        </label>
      ))}
    </span>
  )
}

/**
 * Only recorded-only traces (no app definitions) need the rows to list apps and pages: the rows change
 * with every step, so these lists read them in parts of their own.
 */
function useRowsWithoutApps(apps: readonly AppDefinition[]): readonly RowEntry[] {
  return useEngine((e) => (apps.length ? EMPTY : e.rows))
}

function AppSelect({ apps, f }: { apps: readonly AppDefinition[]; f: Filters }) {
  const rows = useRowsWithoutApps(apps)
  const appIds = useMemo(() => {
    const ids = new Set(apps.map((a) => a.id))
    if (apps.length === 0) for (const r of rows) ids.add(r.app)
    return [...ids].sort((a, b) => a - b)
  }, [apps, rows])
  return (
    <select aria-label="Filter by app" value={f.app ?? ''} onChange={(e) => f.set({ app: e.target.value ? Number(e.target.value) : null, page: null })}>
      <option value="">All apps</option>
      {appIds.map((id) => {
        const alias = apps.find((a) => a.id === id)?.alias
        return (
          <option key={id} value={id}>
            App {id}
            {alias ? ` (${alias})` : ''}
          </option>
        )
      })}
    </select>
  )
}

function PageSelect({ apps, f }: { apps: readonly AppDefinition[]; f: Filters }) {
  const rows = useRowsWithoutApps(apps)
  const app = f.app
  const pages = useMemo(() => {
    if (app === null) return []
    const def = apps.find((a) => a.id === app)
    if (def) return def.pages.map((p) => ({ id: p.id, name: p.name }))
    const ids = new Set<number>()
    for (const r of rows) if (r.app === app && r.page !== null) ids.add(r.page)
    return [...ids].sort((a, b) => a - b).map((id) => ({ id, name: '' }))
  }, [apps, rows, app])
  return (
    <select
      aria-label="Filter by page"
      value={f.page ?? ''}
      disabled={app === null}
      onChange={(e) => f.set({ page: e.target.value === '' ? null : e.target.value === 'app' ? 'app' : Number(e.target.value) })}
    >
      <option value="">All pages</option>
      <option value="app">Application items</option>
      {pages.map((p) => (
        <option key={p.id} value={p.id}>
          Page {p.id}
          {p.name ? ` · ${p.name}` : ''}
        </option>
      ))}
    </select>
  )
}

/** How many rows the step at the playhead changed: the one part of the filters that follows a step. */
function ChangedCount() {
  return <span data-testid="changed-count">{useEngine((e) => e.changes.size)}</span>
}

/** The sessions that can be compared: every one not deleted, and those already picked. */
function liveSessions(sessions: readonly SessionEntry[], picked: readonly number[]): SessionEntry[] {
  return sessions.filter((x) => x.status !== 'deleted' || picked.includes(x.id))
}
