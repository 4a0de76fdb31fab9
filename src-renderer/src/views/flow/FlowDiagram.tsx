/** The page path of the playhead's session, following the playhead. */
import { useDeferredValue, useEffect, useMemo } from 'react'
import { useEngine, useServices, useUi } from '../../stores/app-context.js'
import { flowPath } from './flow-path.js'

const WINDOW = 60

export function FlowDiagram() {
  const s = useServices()
  // Deferred: the state table paints first when stepping; this view follows a moment later.
  const point = useDeferredValue(useEngine((e) => e.point))
  const apps = useEngine((e) => e.apps)
  const version = useEngine((e) => e.stepsVersion)
  const selected = useUi((u) => u.selection, (x) => x.session)
  const from = Math.max(0, point.step - WINDOW)
  const to = point.step + 10
  useEffect(() => {
    if (point.step >= 0) void s.actions.ensurePages(from, to).catch(() => undefined)
  }, [s, from, to, point.step])
  const current = point.step >= 0 ? s.actions.step(point.step) : undefined
  const session = current?.session ?? selected
  const nodes = useMemo(() => {
    if (session === null || session === undefined) return []
    const steps = []
    for (let i = from; i <= to; i++) steps.push(s.actions.step(i))
    return flowPath(steps, session, point.step)
  }, [s, session, from, to, point.step, version])
  const pageName = (app: number | null, page: number | null) => apps.find((a) => a.id === app)?.pages.find((p) => p.id === page)?.name ?? ''

  return (
    <section id="view-flow" className="panel flow" aria-label="Flow diagram" tabIndex={-1} role="tabpanel">
      <h2>
        Flow{session ? <span className="muted"> · session {session}</span> : null}
      </h2>
      {nodes.length === 0 ? <p className="muted pad">No page flow for this step’s session.</p> : null}
      <ol className="flow-path" data-testid="flow-path">
        {nodes.map((n) => (
          <li key={n.step} className={`flow-item${n.current ? ' current' : ''}`} data-testid="flow-node" data-page={n.page ?? ''} data-step={n.step} aria-current={n.current ? 'step' : undefined}>
            {n.via ? (
              <span className={`flow-edge branch-${n.via.branch}`}>
                <span className="arrow" aria-hidden="true">
                  →
                </span>
                {n.via.branch === 'clone' ? (
                  <span className="badge clone">clone</span>
                ) : n.via.branch === 'url' ? (
                  <span className="muted">URL</span>
                ) : (
                  <>
                    submit {n.via.button ? <b>{n.via.button}</b> : null}
                    <span className="muted"> · {n.via.branch === 'redisplay' ? 'validation failed, shown again' : `${n.via.branch} branch`}</span>
                  </>
                )}
                {n.clearCache.length ? (
                  <span className="badge cc" title="Clear cache on the way in">
                    clear {n.clearCache.join(',')}
                  </span>
                ) : null}
              </span>
            ) : null}
            <button type="button" className={`flow-node kind-${n.kind}`} onClick={() => void s.actions.goTo({ step: n.step, phase: null })}>
              <span className="page-no">Page {n.page ?? '?'}</span>
              <span className="page-name">{pageName(n.app, n.page)}</span>
              <span className="muted">step {n.step}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  )
}
