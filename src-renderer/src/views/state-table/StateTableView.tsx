/**
 * The state table: one row per stored value at the playhead, for every
 * session by default. Rows changed by the current step (or phase) are
 * highlighted — set, reset to null, removed — and the "last changed" column
 * says at which step and why. Virtualised.
 *
 * Narrow windows and large zoom (issue #14): the columns keep their minimum
 * widths and the table scrolls sideways instead of cutting columns off; the
 * item column stays pinned at the left edge while it does, and the columns
 * come in order of how much a reader needs them — item, value, session, app,
 * page, last changed, status, storage — so the least needed are the ones
 * scrolled to. The header row follows the rows' horizontal scroll.
 *
 * Keyboard: in the table ↑/↓ move the selected row, Ctrl+C copies its value
 * and Ctrl+Shift+C the whole row; the Copy buttons above do the same.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import type { ChangeKind, RowEntry } from '../../model/rows.js'
import { useVirtualRows } from '../common/virtual.js'
import { fmtCount, fmtValue } from '../common/format.js'
import { StateFilters } from './StateFilters.js'
import { copyText, rowText, valueText } from './copy-row.js'
import { buildCompare, buildLines, isGroup, storageIndex } from './table-lines.js'
import type { CompareLine, Line } from './table-lines.js'
import type { KeyboardEvent } from 'react'

const ROW = 24

/**
 * The columns: minimum width (px) and share of what is left. The minimums add up to STATE_MIN_WIDTH;
 * below that the table scrolls sideways.
 */
const STATE_COLUMNS: readonly [minPx: number, fr: number][] = [
  [120, 1.3], // item (pinned)
  [110, 1.8], // value: with the item, within the narrowest table pane (260 px), so it stays in view at 200 % zoom
  [110, 1.1], // session
  [38, 0], // app
  [40, 0], // page
  [120, 1.4], // last changed
  [46, 0], // status
  [62, 0], // storage
]
const GAP = 6
const PAD = 8
const STATE_TEMPLATE = STATE_COLUMNS.map(([min, fr]) => (fr === 0 ? `${min}px` : `minmax(${min}px, ${fr}fr)`)).join(' ')
// The row's right padding; the left one is the pinned item cell's own.
const STATE_MIN_WIDTH = STATE_COLUMNS.reduce((n, [min]) => n + min, 0) + GAP * (STATE_COLUMNS.length - 1) + PAD

const STATUS_WORDS: Record<string, string> = { I: 'inserted', U: 'updated', R: 'reset' }
const CHANGE_WORDS: Record<string, string> = { set: 'set by this step', reset: 'reset to null by this step', removed: 'removed by this step' }

export function StateTableView() {
  const s = useServices()
  const rows = useEngine((e) => e.rows)
  const removed = useEngine((e) => e.removedRows)
  const changes = useEngine((e) => e.changes)
  const pending = useEngine((e) => e.pending)
  // By ID: the sessions of the rows (alias, creation time) — after a jump the engine sends those, not the whole list.
  const sessionById = useEngine((e) => e.knownSessions)
  const apps = useEngine((e) => e.apps)
  const step = useEngine((e) => e.point.step)
  const loading = useEngine((e) => e.loading !== null)
  const f = useUi((u) => u.filters, (x) => x)
  const selectedRow = useUi((u) => u.selection, (x) => x.rowKey)
  const [changedOnly, setChangedOnly] = useState(false)

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

  const headRef = useRef<HTMLDivElement>(null)
  // The header row is not in the scrolled element (the rows are virtualised inside it): it follows sideways.
  // The rows' item cells are pinned (sticky) only while the table is scrolled sideways (styles.css, .pinned):
  // set on the element here, in the scroll event, so it applies in the frame that shows the scroll and no
  // render of the table is needed.
  const followScroll = () => {
    const head = headRef.current
    const body = scrollRef.current
    if (!body) return
    if (head && head.scrollLeft !== body.scrollLeft) head.scrollLeft = body.scrollLeft
    const sideways = body.scrollLeft > 0
    if (body.classList.contains('pinned') !== sideways) body.classList.toggle('pinned', sideways)
  }

  const selectedEntry = (): { row: RowEntry; index: number } | null => {
    if (selectedRow === null || f.compare) return null
    const index = lines.findIndex((l) => !isGroup(l) && l.key === selectedRow)
    return index < 0 ? null : { row: lines[index] as RowEntry, index }
  }

  const copy = async (what: 'value' | 'row') => {
    const at = selectedEntry()
    if (!at) return
    const r = at.row
    const text = what === 'value' ? valueText(r) : rowText(r, { alias: sessionById.get(r.session)?.alias ?? null, storage: storageOf(r) })
    const done = await copyText(text)
    const name = what === 'value' ? `the value of ${r.item}` : `the row of ${r.item}`
    const toasts = s.ui.toasts.getState()
    if (done.copied) toasts.push({ kind: 'info', title: `Copied ${name}` })
    else toasts.push({ kind: 'info', title: `Could not copy ${name} (${done.reason}): select it here and copy it`, detail: text })
  }

  const onTableKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (f.compare || e.altKey) return
    const mod = e.ctrlKey || e.metaKey
    if (mod && (e.key === 'c' || e.key === 'C')) {
      // A text selection made by hand is the browser's to copy.
      if (!selectedEntry() || (window.getSelection()?.toString() ?? '') !== '') return
      e.preventDefault()
      void copy(e.shiftKey ? 'row' : 'value')
      return
    }
    if (mod || e.shiftKey || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return
    // Within the table ↑/↓ move through its rows (the playhead's ↑/↓ work everywhere else).
    e.preventDefault()
    const at = selectedEntry()
    const dir = e.key === 'ArrowDown' ? 1 : -1
    let i = at ? at.index + dir : dir > 0 ? 0 : lines.length - 1
    while (i >= 0 && i < lines.length && isGroup(lines[i]!)) i += dir
    const next = lines[i]
    if (!next || isGroup(next)) return
    s.ui.selection.getState().selectRow(next.key)
    s.ui.selection.getState().select(next.session)
    if (i < v.visible.first) v.scrollToIndex(i, { align: 'start' })
    else if (i > v.visible.last) v.scrollToIndex(i, { align: 'end' })
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
        <span className="copy-actions">
          <button type="button" data-testid="copy-value" disabled={selectedRow === null || f.compare} aria-keyshortcuts="Control+C" title="Copy the selected row’s value (Ctrl+C in the table)" onClick={() => void copy('value')}>
            Copy value
          </button>
          <button type="button" data-testid="copy-row" disabled={selectedRow === null || f.compare} aria-keyshortcuts="Control+Shift+C" title="Copy the selected row, tab-separated (Ctrl+Shift+C in the table)" onClick={() => void copy('row')}>
            Copy row
          </button>
        </span>
      </h2>
      <StateFilters changedOnly={changedOnly} setChangedOnly={setChangedOnly} />
      {/* The table holds its header row and the scrolled rows (a row outside its table is no row to a screen reader, axe: aria-required-parent). */}
      <div className="table-wrap" role="table" aria-label={f.compare ? 'Compare sessions' : 'Session state'} aria-rowcount={count + 1}>
        {f.compare ? (
          <div role="row" className="compare-head" ref={headRef} style={{ gridTemplateColumns: compareColumns(compareSessions.length) }}>
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
          <div role="row" className="state-head" ref={headRef} style={{ gridTemplateColumns: STATE_TEMPLATE }}>
            <span role="columnheader" className="c-item">
              Item
            </span>
            <span role="columnheader">Value</span>
            <span role="columnheader">Session</span>
            <span role="columnheader">App</span>
            <span role="columnheader">Page</span>
            <span role="columnheader">Last changed</span>
            <span role="columnheader">Status</span>
            <span role="columnheader">Storage</span>
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
          onScroll={followScroll}
          onKeyDown={count === 0 ? undefined : onTableKey}
        >
          {count === 0 ? (
            <p className="muted pad">
              {f.compare ? 'Pick sessions to compare.' : rows.length ? 'No value matches the filters.' : loading ? 'Loading the state…' : 'No session state at this point.'}
            </p>
          ) : null}
          <div style={{ height: v.getTotalSize(), position: 'relative', minWidth: f.compare ? compareMinWidth(compareSessions.length) : STATE_MIN_WIDTH }}>
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

/** The compare grid's columns at their minimum widths (as compareColumns), gaps and padding. */
function compareMinWidth(n: number): number {
  const columns = 3 + Math.max(1, n)
  return 50 + 50 + 120 + 90 * Math.max(1, n) + GAP * (columns - 1) + 2 * PAD
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

function select(s: ReturnType<typeof useServices>, r: RowEntry): void {
  s.ui.selection.getState().selectRow(r.key)
  s.ui.selection.getState().select(r.session)
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
      style={{ top, height: ROW, gridTemplateColumns: STATE_TEMPLATE }}
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
      onClick={() => select(s, r)}
      onKeyDown={(e) => {
        // Enter or Space on a row (focused by a click) selects it, as the click does.
        if ((e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget) {
          e.preventDefault()
          select(s, r)
        }
      }}
    >
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
      <span role="cell" className="c-session">
        {alias ? <b>{alias}</b> : null} <code>{r.session}</code>
      </span>
      <span role="cell" className="c-app">
        {r.app}
      </span>
      <span role="cell" className="c-page">
        {r.page ?? ''}
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
      <span role="cell" className="c-status" title={STATUS_WORDS[r.status]}>
        {r.status}
      </span>
      <span role="cell" className="c-storage">
        {st}
      </span>
    </div>
  )
})
