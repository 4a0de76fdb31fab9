/**
 * The selected session's current page as a form: items with storage badges
 * and the page's buttons. Typing and pressing a button submits through the
 * engine (live mode) and appends steps; validation errors show inline. The
 * URL bar (UrlBar.tsx) runs f?p and friendly URLs from a chosen browser.
 */
import { useMemo, useState } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { ajaxAnswersSince, errorsOf, lastRender, renderedValues } from './rendered-values.js'
import type { ValidationErrorLike } from './sim-types.js'
import { itemBadges } from '../../model/not-simulated.js'
import { ReportRegions } from './ReportRegions.js'
import { AjaxCalls } from './AjaxCalls.js'
import { ajaxAnswer, ajaxTargets } from './ajax-targets.js'
import type { AjaxTarget } from './ajax-targets.js'
import { paginationUrl, reportsOf, sortUrl } from './report-views.js'
import type { ReportRegionView } from './report-views.js'
import { UrlBar } from './UrlBar.js'

export function PageSimulator() {
  const s = useServices()
  const sessions = useEngine((e) => e.sessions)
  const apps = useEngine((e) => e.apps)
  const rows = useEngine((e) => e.rows)
  const point = useEngine((e) => e.point)
  const count = useEngine((e) => e.stepCount)
  useEngine((e) => e.stepsVersion)
  const selectedId = useUi((u) => u.selection, (x) => x.session)
  const session = sessions.find((x) => x.id === selectedId) ?? sessions.find((x) => x.status === 'active')
  const app = apps.find((a) => a.id === session?.currentApp)
  const page = app?.pages.find((p) => p.id === session?.currentPage)
  const render = useMemo(
    () => (session && page ? lastRender(s.actions, session.id, page.id, point.step) : null),
    [s, session, page, point.step],
  )
  const initial = useMemo(() => {
    if (!session || !page || !app) return {}
    const shown = renderedValues(render, page, rows, session.id, app.id)
    // Items to Return of later Ajax calls are written into the page's fields, as the browser does.
    for (const [name, v] of Object.entries(ajaxAnswersSince(s.actions, session.id, page.id, render, point.step))) if (name in shown) shown[name] = v
    return shown
  }, [s, render, page, rows, session, app, point.step])
  const notSimulated = useMemo(() => (page ? itemBadges(page, render) : new Map<string, string>()), [page, render])
  const reports = useMemo(() => reportsOf(render), [render])
  const targets = useMemo(() => (app && page ? ajaxTargets(app, page) : []), [app, page])
  const [values, setValues] = useState<Record<string, string>>(initial)
  const [errors, setErrors] = useState<ValidationErrorLike[]>([])
  const [url, setUrl] = useState('')
  const [busy, setBusy] = useState(false)
  // The form starts again from what the page shows whenever that changes (another step, session or page):
  // state adjusted while rendering, so the page is never painted with the previous one's values first.
  const [shownFrom, setShownFrom] = useState(initial)
  if (shownFrom !== initial) {
    setShownFrom(initial)
    setValues(initial)
    setErrors(errorsOf(point.step >= 0 ? s.actions.step(point.step) : undefined).filter(() => s.actions.step(point.step)?.session === session?.id))
  }
  // The URL bar shows the page's own URL when the session or page changes (what was typed stays until then).
  const pageUrl = app && page && session ? `f?p=${app.alias ?? app.id}:${page.id}:${session.id}` : null
  const [urlFrom, setUrlFrom] = useState<string | null>(null)
  if (urlFrom !== pageUrl) {
    setUrlFrom(pageUrl)
    if (pageUrl !== null) setUrl(pageUrl)
  }

  const atEnd = point.step === count - 1 && (point.phase === null || point.phase === undefined)
  const live = apps.length > 0

  const submit = async (button: string) => {
    if (!session || !page || !app) return
    setBusy(true)
    const posted: Record<string, string | null> = {}
    for (const it of page.items ?? []) {
      if (it.protection === 'I') continue
      const v = values[it.name.toUpperCase()] ?? ''
      posted[it.name.toUpperCase()] = v === '' ? null : v
    }
    const steps = await s.actions.operate({ type: 'submit', session: session.alias ?? session.id, app: app.id, page: page.id, request: button, values: posted })
    setBusy(false)
    const failed = steps?.find((x) => x.outcome === 'validationFailed')
    setErrors(failed?.errors ?? [])
  }

  // A pagination link: the show request APEX's classic reports send, run live like the URL bar.
  const paginate = async (report: ReportRegionView, firstRow: number) => {
    if (!session || !page || !app) return
    setBusy(true)
    await s.actions.operate({ type: 'request', session: session.alias ?? session.id, url: paginationUrl(app.alias ?? app.id, page.id, session.id, report, firstRow) })
    setBusy(false)
  }
  const sort = async (report: ReportRegionView, column: string, direction: 'asc' | 'desc') => {
    if (!session || !page || !app) return
    setBusy(true)
    await s.actions.operate({ type: 'request', session: session.alias ?? session.id, url: sortUrl(app.alias ?? app.id, page.id, session.id, report, column, direction) })
    setBusy(false)
  }

  // An Ajax call: a dynamic action submits its Items to Submit with the form's values.
  const callAjax = async (t: AjaxTarget): Promise<{ answer: Record<string, string | null> } | { error: string }> => {
    if (!session || !page || !app) return { error: 'no page' }
    const submit: Record<string, string | null> = {}
    for (const name of t.itemsToSubmit) submit[name] = values[name] === undefined || values[name] === '' ? null : values[name]!
    setBusy(true)
    const steps = await s.actions.operate({
      type: 'ajax',
      session: session.alias ?? session.id,
      app: app.id,
      page: page.id,
      ...(t.kind === 'process' ? { process: t.name } : { action: t.name }),
      ...(t.itemsToSubmit.length > 0 ? { values: submit } : {}),
    })
    setBusy(false)
    const step = steps?.[0]
    if (!step) return { error: 'the engine did not run it' }
    if (step.outcome !== 'ok') return { error: step.reason ?? step.outcome }
    return { answer: ajaxAnswer(step) ?? {} }
  }

  const errorFor = (item: string) => errors.filter((e) => e.item?.toUpperCase() === item)
  const pageErrors = errors.filter((e) => !e.item)

  return (
    <section id="view-simulator" className="panel simulator" aria-label="Page simulator" tabIndex={-1} role="tabpanel">
      <UrlBar url={url} setUrl={setUrl} session={session} live={live} />
      {!live ? <p className="muted pad">This trace is recorded only (no app definitions): it can be viewed, not simulated.</p> : null}
      {live && !atEnd ? (
        <p className="muted pad">
          This is the page as it was at step {point.step}. Live actions run at the end of the timeline:{' '}
          <button type="button" onClick={() => void s.actions.last()}>
            Go to the last step to simulate
          </button>
        </p>
      ) : null}
      {!session ? (
        <p className="muted pad">No session selected. Open a page with the URL bar or “New session”.</p>
      ) : !page || !app ? (
        <p className="muted pad">
          Session {session.alias ?? session.id} shows no page{session.status !== 'active' ? ` (${session.status})` : ''}.
        </p>
      ) : (
        <form
          className="sim-page"
          aria-label={`Page ${page.id}: ${page.name}`}
          data-testid="sim-page"
          data-page={page.id}
          onSubmit={(e) => {
            e.preventDefault()
            const first = page.buttons?.[0]
            if (first) void submit(first.name)
          }}
        >
          <h2>
            {app.name} · page {page.id}: {page.name}{' '}
            <span className="muted">
              session {session.alias ? `${session.alias} ` : ''}
              {session.id}
            </span>
          </h2>
          {pageErrors.length ? (
            <ul className="validation-errors" role="alert">
              {pageErrors.map((e, i) => (
                <li key={i}>{e.message}</li>
              ))}
            </ul>
          ) : null}
          {(page.items ?? []).map((it) => {
            const name = it.name.toUpperCase()
            const errs = errorFor(name)
            const storage = it.storage ?? 'session'
            return (
              <div key={name} className={`sim-item${errs.length ? ' invalid' : ''}`}>
                <label htmlFor={`sim-${name}`}>
                  {it.label ?? name} <code>{name}</code>
                  <span className={`badge storage-${storage}`} title={`Storage: ${storage === 'request' ? 'Per Request (memory only)' : storage === 'user' ? 'Per User' : 'Per Session'}`}>
                    {storage === 'request' ? 'Per Request' : storage === 'user' ? 'Per User' : 'Per Session'}
                  </span>
                  {it.protection === 'I' ? <span className="badge">protected</span> : null}
                  <NotSimulatedBadge reason={notSimulated.get(name)} />
                </label>
                <input
                  id={`sim-${name}`}
                  name={name}
                  value={values[name] ?? ''}
                  readOnly={it.protection === 'I' || !atEnd}
                  aria-invalid={errs.length > 0}
                  aria-describedby={errs.length ? `err-${name}` : undefined}
                  onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
                />
                {errs.length ? (
                  <span id={`err-${name}`} className="inline-error" role="alert" data-testid="inline-error">
                    {errs.map((x) => x.message).join(' ')}
                  </span>
                ) : null}
              </div>
            )
          })}
          <ReportRegions
            reports={reports}
            canPage={live && !busy && atEnd && session.status === 'active'}
            onPage={(r, first) => void paginate(r, first)}
            onSort={(r, column, direction) => void sort(r, column, direction)}
          />
          <AjaxCalls targets={targets} canCall={live && !busy && atEnd && session.status === 'active'} onCall={callAjax} />
          <div className="sim-buttons">
            {(page.buttons ?? []).map((b) => (
              <button key={b.name} type="button" disabled={!live || busy || !atEnd || session.status !== 'active'} onClick={() => void submit(b.name)} data-button={b.name}>
                {b.label ?? b.name}
              </button>
            ))}
            {(page.buttons ?? []).length === 0 ? <span className="muted">This page has no buttons.</span> : null}
          </div>
        </form>
      )}
    </section>
  )
}

/** Marks a field whose value the simulator could not work out; the tooltip (and screen readers) say why. */
export function NotSimulatedBadge({ reason }: { reason: string | undefined }) {
  if (reason === undefined) return null
  return (
    <span className="badge not-simulated-badge" title={`Not simulated: ${reason}`} data-testid="not-simulated-badge">
      not simulated<span className="sr-only">: {reason}</span>
    </span>
  )
}
