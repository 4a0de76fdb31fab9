/**
 * What an APEX import did, as a small non-modal panel: the home-page session,
 * the counts per application (the CLI's summary), what is not simulated, and
 * the problems with file and line. And, when the engine asks first, the
 * question whether to close a workspace with recorded steps.
 * Mounted once (by the toolbar); it also listens for imports run by the
 * desktop menu (the `apex.imported` event).
 */
import { useEffect, useLayoutEffect, useRef } from 'react'
import type { ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { useStore } from 'zustand'
import type { ApexImportResult } from '../../../../src-main/api/contract.js'
import { stepSpanWords } from '../../model/step-words.js'
import { useServices } from '../../stores/app-context.js'
import { cancelImport, closeSummary, confirmImport, importStore, installImportEvents } from './import-apex.js'
import './import-apex.css'

/** Problems listed on screen; the rest are counted. */
const LISTED_PROBLEMS = 50

type AppSummary = ApexImportResult['summary']['apps'][number]

export function ImportApexResult() {
  const s = useServices()
  const store = importStore(s)
  const shown = useStore(store, (st) => st.shown)
  const confirm = useStore(store, (st) => st.confirm)
  const busy = useStore(store, (st) => st.busy)
  useEffect(() => installImportEvents(s), [s])
  if (!confirm && !shown) return null
  // Outside the toolbar that mounts it: a dialog, not a toolbar control.
  return createPortal(
    confirm ? (
      <ConfirmPanel message={confirm.message} busy={busy} onYes={() => void confirmImport(s)} onNo={() => cancelImport(s)} />
    ) : shown ? (
      <SummaryPanel result={shown} onClose={() => closeSummary(s)} />
    ) : null,
    document.body,
  )
}

/**
 * Esc closes; focus moves into the panel when it opens and back to the import button when it closes.
 * The key listener is the element's own (added here, not as a React prop): a dialog is no control, and
 * Esc inside it is a property of the panel, not of one of its children.
 */
function usePanelFocus(onClose: () => void) {
  const ref = useRef<HTMLDivElement>(null)
  // The latest onClose, for the listener added once (written after render, not during it).
  const close = useRef(onClose)
  useLayoutEffect(() => {
    close.current = onClose
  })
  useEffect(() => {
    const panel = ref.current
    panel?.focus()
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        close.current()
      }
    }
    panel?.addEventListener('keydown', onKeyDown)
    return () => {
      panel?.removeEventListener('keydown', onKeyDown)
      document.getElementById('import-apex-button')?.focus()
    }
  }, [])
  return { ref }
}

function ConfirmPanel({ message, busy, onYes, onNo }: { message: string; busy: boolean; onYes: () => void; onNo: () => void }) {
  const { ref } = usePanelFocus(onNo)
  return (
    <div className="import-apex-panel" role="alertdialog" aria-modal="false" aria-labelledby="import-apex-confirm-title" aria-describedby="import-apex-confirm-text" data-testid="import-apex-confirm" tabIndex={-1} ref={ref}>
      <h2 id="import-apex-confirm-title">Start a new workspace?</h2>
      <p id="import-apex-confirm-text">{message}</p>
      <div className="import-apex-actions">
        <button type="button" data-testid="import-apex-confirm-yes" disabled={busy} onClick={onYes}>
          Start new workspace
        </button>
        <button type="button" data-testid="import-apex-confirm-no" onClick={onNo}>
          Cancel
        </button>
      </div>
    </div>
  )
}

function SummaryPanel({ result, onClose }: { result: ApexImportResult; onClose: () => void }) {
  const { ref } = usePanelFocus(onClose)
  const { apps, problems, moreProblems = 0, skippedCalls } = result.summary
  const skipped = Object.values(skippedCalls).reduce((n, c) => n + c, 0)
  const home = result.home
  const problemCount = problems.length + moreProblems
  return (
    <div className="import-apex-panel" role="dialog" aria-modal="false" aria-labelledby="import-apex-summary-title" data-testid="import-apex-summary" data-action={result.action} tabIndex={-1} ref={ref}>
      <h2 id="import-apex-summary-title">APEX export imported</h2>
      <p>{result.message}</p>
      {home ? (
        <p data-testid="import-apex-home">
          Home page {home.page} of application {home.app} in session {home.alias ? `${home.alias} (${home.session})` : home.session}
          {/* Numbered from 0, as the playhead and the timeline number steps (it said step + 1 here). */}
          {home.outcome !== 'ok' ? ` — outcome: ${home.outcome}` : ''}, {stepSpanWords(home.step, home.steps)}.
        </p>
      ) : null}
      {apps.map((a) => (
        <AppCounts key={a.id} app={a} />
      ))}
      {skipped > 0 ? <p className="muted">{skipped.toLocaleString()} export calls with nothing to simulate (regions, templates, lists, …) were skipped.</p> : null}
      <section aria-label="Problems">
        {problemCount === 0 ? (
          <p data-testid="import-apex-problems" data-count="0">
            No problems reading the export.
          </p>
        ) : (
          <details open={problemCount <= 5} data-testid="import-apex-problems" data-count={problemCount}>
            <summary>
              {problemCount} problem{problemCount === 1 ? '' : 's'} reading the export (what could be read was imported)
            </summary>
            <ul className="import-apex-problems">
              {problems.slice(0, LISTED_PROBLEMS).map((p, i) => (
                <li key={i}>
                  <code>
                    {p.file}
                    {p.line > 0 ? `:${p.line}` : ''}
                  </code>{' '}
                  {p.message}
                </li>
              ))}
            </ul>
            {problemCount > LISTED_PROBLEMS ? <p className="muted">… and {problemCount - LISTED_PROBLEMS} more.</p> : null}
          </details>
        )}
      </section>
      <div className="import-apex-actions">
        <button type="button" data-testid="import-apex-summary-close" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  )
}

function AppCounts({ app }: { app: AppSummary }) {
  const kinds = Object.entries(app.notSimulatedByKind).sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
  const row = (label: string, count: number, detail?: ReactNode, key = label) => (
    <tr key={key} data-count-of={key}>
      <th scope="row">{label}</th>
      <td className="num">{count.toLocaleString()}</td>
      <td className="muted">{detail}</td>
    </tr>
  )
  return (
    <section aria-label={`Application ${app.id}`} data-testid="import-apex-app" data-app={app.id}>
      <h3>
        {app.name} <span className="muted">— application {app.id}, home page {app.homePage}</span>
      </h3>
      <table className="import-apex-counts">
        <tbody>
          {row('Pages', app.pages, undefined, 'pages')}
          {row('Page items', app.pageItems, `session ${app.storage.session}, request ${app.storage.request}, user ${app.storage.user}`, 'pageItems')}
          {row('Branches', app.branches, undefined, 'branches')}
          {row('Application items', app.appItems, undefined, 'appItems')}
          {row('Computations', app.computations, `page ${app.computationsByLevel.page}, application ${app.computationsByLevel.application}`, 'computations')}
          {row('Validations', app.validations, undefined, 'validations')}
          {row('Buttons', app.buttons, undefined, 'buttons')}
          {row('Processes', app.processes, `page ${app.processesByLevel.page}, application ${app.processesByLevel.application}`, 'processes')}
          {row('Not simulated', app.notSimulated, 'PL/SQL and SQL kept with their text; the step that reaches them says so', 'notSimulated')}
        </tbody>
      </table>
      {app.coverage ? <Coverage coverage={app.coverage} /> : null}
      {kinds.length > 0 ? (
        <details>
          <summary>Not simulated, by kind</summary>
          <ul className="import-apex-kinds">
            {kinds.map(([kind, n]) => (
              <li key={kind}>
                {kind}: {n}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  )
}

type AppCoverage = AppSummary['coverage']

/**
 * What runs (issue #11 item 6), the same figures as `import-apex`: components
 * that run by kind (as expressions/declarative steps or as SQL/PL/SQL), the
 * reasons for the rest, and the supporting-object statements ran/failed.
 */
export function Coverage({ coverage }: { coverage: AppCoverage }) {
  const c = coverage.components
  const kinds = Object.entries(c.byKind).filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== undefined && e[1].total > 0)
  const reasons = Object.entries(c.reasons)
  const st = coverage.statements
  return (
    <section aria-label="What runs" data-testid="import-apex-coverage" data-percent={c.percent}>
      <h4>What runs</h4>
      <p data-testid="import-apex-coverage-line">
        {c.runs.toLocaleString()} of {c.total.toLocaleString()} components run ({c.percent}%): {c.native.toLocaleString()} as expressions or declarative steps,{' '}
        {c.code.toLocaleString()} as SQL or PL/SQL; {c.notRun.toLocaleString()} not simulated.
        {coverage.mode === 'textOnly' ? ' (The code was only counted, not compiled.)' : ''}
      </p>
      {kinds.length > 0 ? (
        <table className="import-apex-counts">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Run</th>
              <th scope="col">Not simulated</th>
            </tr>
          </thead>
          <tbody>
            {kinds.map(([kind, k]) => (
              <tr key={kind} data-coverage-of={kind}>
                <th scope="row">{kind}</th>
                <td className="num">
                  {k.runs.toLocaleString()} of {k.total.toLocaleString()}
                </td>
                <td className="num">{k.notRun.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {reasons.length > 0 ? (
        <details data-testid="import-apex-coverage-reasons">
          <summary>Why the rest does not run</summary>
          <ul className="import-apex-kinds">
            {reasons.map(([why, n]) => (
              <li key={why}>
                {n} × {why}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {st ? (
        <p data-testid="import-apex-statements">
          Supporting objects: {st.ran.toLocaleString()} of {st.total.toLocaleString()} install statements ran ({st.percent}%), {st.failed.toLocaleString()} failed.
        </p>
      ) : (
        <p className="muted" data-testid="import-apex-statements">
          No supporting-object statements were run.
        </p>
      )}
    </section>
  )
}
