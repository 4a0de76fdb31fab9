/**
 * The state table: one row per stored value at the playhead, for every
 * session by default. Rows changed by the current step (or phase) are
 * highlighted — set, reset to null, removed — and the "last changed" column
 * says at which step and why. Virtualised.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import type { ChangeKind, RowEntry } from '../../model/rows.js'
import { useVirtualRows } from '../common/virtual.js'
import { fmtCount, fmtValue } from '../common/format.js'
import { StateFilters } from './StateFilters.js'
import { buildCompare, buildLines, isGroup, storageIndex } from './table-lines.js'
import type { CompareLine, Line } from './table-lines.js'

const ROW = 24

const STATUS_WORDS: Record<string, string> = { I: 'inserted', U: 'updated', R: 'reset' }
const CHANGE_WORDS: Record<string, string> = { set: 'set by this step', reset: 'reset to null by this step', removed: 'removed by this step' }

export function StateTableView() {
  const rows = useEngine((e) => e.rows)
  const removed = useEngine((e) => e.removedRows)
  const changes = useEngine((e) => e.changes)
  const pending = useEngine((e) => e.pending)
  const sessions = useEngine((e) => e.sessions)
  const apps = useEngine((e) => e.apps)
  const step = useEngine((e) => e.point.step)
  const loading = useEngine((e) => e.loading !== null)
  const f = useUi((u) => u.filters, (x) => x)
  const selectedRow = useUi((u) => u.selection, (x) => x.rowKey)
  const [changedOnly, setChangedOnly] = useState(false)

  const sessionById = useMemo(() => new Map(sessions.map((x) => [x.id, x])), [sessions])
  const storage = useMemo(() => storageIndex(apps), [apps])
  const order = useCallback((id: number) => sessionById.get(id)?.createdAt ?? Number.MAX_SAFE_INTEGER, [sessionById])
  const groupLabel = useCallback(
    (r: RowEntry) => {
      const sx = sessionById.get(r.session)
      const page = r.page === null ? 'application items' : `page ${r.page}${pageName(apps, r.app, r.page)}`
      return `${sx?.alias ? `${sx.alias} · ` : ''}${r.session} · app ${r.app} · ${page}`
    },
    [sessionById, apps],
  )
  const lines = useMemo(
    () =>
      f.compare
        ? []
        : buildLines(rows, removed, changes, { session: f.session, app: f.app, page: f.page, search: f.search, groupByPage: f.groupByPage, changedOnly }, order, groupLabel),
    [rows, removed, changes, f.compare, f.session, f.app, f.page, f.search, f.groupByPage, changedOnly, order, groupLabel],
  )
  const compareSessions = useMemo(() => f.compareSessions.filter((id) => sessionById.has(id)), [f.compareSessions, sessionById])
  const compareLines = useMemo(
    () => (f.compare ? buildCompare(rows, compareSessions, { session: null, app: f.app, page: f.page, search: f.search, groupByPage: false, changedOnly: false }) : []),
    [rows, f.compare, compareSessions, f.app, f.page, f.search],
  )
  const removedKeys = useMemo(() => new Set(removed.map((r) => r.key)), [removed])

  const scrollRef = useRef<HTMLDivElement>(null)
  // For the UI bench: when the first rows of a workspace are on screen. The mark is set after the frame
  // that shows them: requestAnimationFrame runs before that frame's style, layout and paint, so a task
  // queued from it runs once they are done (as ui.stepP95ms measures a step: rAF, then a task).
  const painted = useRef(false)
  useEffect(() => {
    if (painted.current || rows.length === 0 || typeof performance.mark !== 'function') return
    painted.current = true
    requestAnimationFrame(() => setTimeout(() => performance.mark('ss:first-table-paint'), 0))
  }, [rows])
  const count = f.compare ? compareLines.length : lines.length
  const v = useVirtualRows(count, scrollRef, ROW, 10)

  const storageOf = (r: { app: number; page: number | null; item: string }) => storage.get(`${r.app}|${r.page ?? ''}|${r.item.toUpperCase()}`) ?? (apps.length ? 'session' : '')

  const renderRow = (l: Line, top: number, index: number) => {
    if (isGroup(l))
      return (
        <div key={l.key} role="row" className="group-row" style={{ top, height: ROW }} data-testid="state-group">
          <span role="cell">{l.label}</span>
        </div>
      )
    const r = l
    const ghost = removedKeys.has(r.key)
    return (
      <StateRowView
        key={(ghost ? 'ghost:' : '') + r.key}
        row={r}
        top={top}
        index={index}
        ghost={ghost}
        change={changes.get(r.key)}
        willReset={pending.has(r.key)}
        selected={selectedRow === r.key}
        alias={sessionById.get(r.session)?.alias ?? null}
        storage={storageOf(r)}
      />
    )
  }

  const renderCompare = (l: CompareLine, top: number) => {
    const values = l.values.map((x) => x?.value ?? null)
    const differs = new Set(values).size > 1
    return (
      <div
        key={l.key}
        role="row"
        className={`compare-row${differs ? ' differs' : ''}`}
        style={{ top, height: ROW, gridTemplateColumns: compareColumns(compareSessions.length) }}
        data-testid="compare-row"
        data-item={l.item}
      >
        <span role="cell">{l.app}</span>
        <span role="cell">{l.page ?? ''}</span>
        <span role="cell">
          {l.item}
          {storageOf(l) === 'user' ? <span className="badge user">Per User</span> : null}
        </span>
        {l.values.map((x, i) => (
          <span role="cell" key={i} className={`c-value${!x || x.value === null ? ' null' : ''}`} data-session-id={compareSessions[i]} data-value={x?.value ?? undefined}>
            {x ? fmtValue(x.value) : '—'}
          </span>
        ))}
      </div>
    )
  }

  const firstChanged = () => {
    const i = lines.findIndex((l) => !isGroup(l) && changes.has(l.key))
    if (i >= 0) v.scrollToIndex(i, { align: 'center' })
  }

  return (
    <section id="view-state" className="panel state" aria-label="State table" tabIndex={-1}>
      <h2>
        State at step {step < 0 ? '—' : step} <span className="count">{fmtCount(rows.length)} values</span>
        {changes.size > 0 ? (
          <button type="button" className="link" onClick={firstChanged}>
            {changes.size} changed by this step
          </button>
        ) : null}
      </h2>
      <StateFilters changedOnly={changedOnly} setChangedOnly={setChangedOnly} changedCount={changes.size} />
      {/* The table holds its header row and the scrolled rows (a row outside its table is no row to a screen reader, axe: aria-required-parent). */}
      <div className="table-wrap" role="table" aria-label={f.compare ? 'Compare sessions' : 'Session state'} aria-rowcount={count + 1}>
        {f.compare ? (
          <div role="row" className="compare-head" style={{ gridTemplateColumns: compareColumns(compareSessions.length) }}>
            <span role="columnheader">App</span>
            <span role="columnheader">Page</span>
            <span role="columnheader">Item</span>
            {compareSessions.map((id) => (
              <span role="columnheader" key={id}>
                {sessionById.get(id)?.alias ?? id}
              </span>
            ))}
          </div>
        ) : (
          <div role="row" className="state-head">
            <span role="columnheader">Session</span>
            <span role="columnheader">App</span>
            <span role="columnheader">Page</span>
            <span role="columnheader">Item</span>
            <span role="columnheader">Value</span>
            <span role="columnheader">Storage</span>
            <span role="columnheader">Status</span>
            <span role="columnheader">Last changed</span>
          </div>
        )}
        <div
          className="scroll"
          ref={scrollRef}
          role={count === 0 ? undefined : 'rowgroup'}
          aria-label={count === 0 ? undefined : f.compare ? 'Compare sessions' : 'Session state'}
          data-testid={f.compare ? 'compare-table' : 'state-table'}
          data-step={step}
          data-rows={count}
          tabIndex={count === 0 ? undefined : 0}
        >
          {count === 0 ? (
            <p className="muted pad">
              {f.compare ? 'Pick sessions to compare.' : rows.length ? 'No value matches the filters.' : loading ? 'Loading the state…' : 'No session state at this point.'}
            </p>
          ) : null}
          <div style={{ height: v.getTotalSize(), position: 'relative' }}>
            {v.getVirtualItems().map((vi) => (f.compare ? renderCompare(compareLines[vi.index]!, vi.start) : renderRow(lines[vi.index]!, vi.start, vi.index)))}
          </div>
        </div>
      </div>
    </section>
  )
}

function compareColumns(n: number): string {
  return `50px 50px minmax(120px, 1.2fr) repeat(${Math.max(1, n)}, minmax(90px, 1fr))`
}

function pageName(apps: readonly { id: number; pages: { id: number; name: string }[] }[], app: number, page: number): string {
  const p = apps.find((a) => a.id === app)?.pages.find((x) => x.id === page)
  return p ? ` (${p.name})` : ''
}

function changedWords(r: RowEntry): string | undefined {
  if (r.changedStep === null) return undefined
  const phase = r.changedPhase !== null && r.changedPhase !== undefined && r.changedPhase >= 0 ? `, phase ${r.changedPhase + 1}` : ''
  return `Last changed at step ${r.changedStep}${phase}${r.cause ? ` by ${r.cause}` : ''}`
}

interface StateRowProps {
  row: RowEntry
  top: number
  index: number
  ghost: boolean
  change: ChangeKind | undefined
  willReset: boolean
  selected: boolean
  alias: string | null
  storage: string
}

/**
 * One row of the state table. Memoised: a step changes a few rows, and the
 * others (the same entry objects at the same place) are not rendered again.
 */
const StateRowView = memo(function StateRowView({ row: r, top, index, ghost, change, willReset, selected, alias, storage: st }: StateRowProps) {
  const s = useServices()
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={-1}
      className={`state-row${change ? ` changed-${ghost ? 'removed' : change}` : ''}${selected ? ' selected' : ''}${ghost ? ' ghost' : ''}${willReset ? ' pending-reset' : ''}`}
      style={{ top, height: ROW }}
      data-testid={ghost ? 'state-row-removed' : 'state-row'}
      data-session-id={r.session}
      data-session-alias={alias ?? undefined}
      data-app={r.app}
      data-page={r.page ?? ''}
      data-item={r.item}
      data-value={r.value ?? undefined}
      data-status={r.status}
      data-change={change}
      data-pending={willReset ? 'reset' : undefined}
      title={change ? CHANGE_WORDS[ghost ? 'removed' : change] : willReset ? 'about to be reset to null by this step’s clear cache' : undefined}
      onClick={() => {
        s.ui.selection.getState().selectRow(r.key)
        s.ui.selection.getState().select(r.session)
      }}
    >
      <span role="cell" className="c-session">
        {alias ? <b>{alias}</b> : null} <code>{r.session}</code>
      </span>
      <span role="cell" className="c-app">
        {r.app}
      </span>
      <span role="cell" className="c-page">
        {r.page ?? ''}
      </span>
      <span role="cell" className="c-item">
        {r.item}
        {st === 'user' ? (
          <span className="badge user" title="Per User: stored per user and app, visible in every session of that user">
            Per User
          </span>
        ) : null}
      </span>
      <span role="cell" className={`c-value${r.value === null ? ' null' : ''}`}>
        {fmtValue(r.value)}
      </span>
      <span role="cell" className="c-storage">
        {st}
      </span>
      <span role="cell" className="c-status" title={STATUS_WORDS[r.status]}>
        {r.status}
      </span>
      <span role="cell" className="c-changed" title={changedWords(r)} data-changed-step={r.changedStep ?? undefined} data-changed-phase={r.changedPhase ?? undefined}>
        {r.changedStep !== null ? (
          <button type="button" className="link" onClick={() => void s.actions.goTo({ step: r.changedStep!, phase: null })} aria-label={`Go to step ${r.changedStep}`}>
            step {r.changedStep}
          </button>
        ) : ghost ? (
          '—'
        ) : (
          <button type="button" className="link" onClick={() => void s.actions.explain(r)} title="Ask the timeline which step set this value, and why">
            why?
          </button>
        )}
        {r.cause ? <span className="cause"> {r.cause}</span> : null}
      </span>
    </div>
  )
})
