/** Shown when no workspace is open: the demos, open a file, or go live. */
import { useEngine, useServices } from '../../stores/app-context.js'
import { ImportApexButton } from './ImportApexButton.js'

export function EmptyState() {
  const s = useServices()
  const demos = useEngine((e) => e.demos)
  const connected = useEngine((e) => e.connected)
  return (
    <main className="empty-state" aria-label="Start">
      <h1>Session Scope</h1>
      <p>See Oracle APEX session state change, step by step: open a trace, a built-in demo, or simulate live.</p>
      {!connected ? <p role="status">Connecting to the engine…</p> : null}
      <section aria-label="Built-in demos">
        <h2>Built-in demos</h2>
        <ul className="demo-list">
          {demos.map((d) => (
            <li key={d.name}>
              <button type="button" data-testid={`open-demo-${d.name}`} onClick={() => void s.actions.openDemo(d.name)}>
                {d.title}
              </button>
              <p>{d.description}</p>
            </li>
          ))}
        </ul>
      </section>
      <p>
        Or drop a <code>.sstrace</code> trace or a <code>.har</code> browser recording anywhere on this window, or{' '}
        <button type="button" onClick={() => void s.actions.newLiveWorkspace(['demo:onboarding'], 'Live: Onboard New Employee')}>
          start a live workspace
        </button>{' '}
        with the onboarding app.
      </p>
      <p>
        Debug your own application: <ImportApexButton place="empty-state" /> — an <code>f123.sql</code> file or a split-export folder; its home page opens in a new session.
      </p>
    </main>
  )
}
