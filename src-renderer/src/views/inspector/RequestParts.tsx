/** The request of a step, parsed into its parts. */
import type { Step } from '../../transport/api-types.js'
import { operationWords } from '../../model/step-words.js'
import { sessionName as plainName } from '../common/format.js'

/** `sessionName`: how the window names a session (its alias and a short ID: the inspector passes useSessionName's); alone, the ID. */
export function RequestParts({ step, sessionName = (id) => plainName(id, null) }: { step: Step; sessionName?: (id: number | null) => string }) {
  const input = step.input as Record<string, unknown>
  const req = step.request
  const name = sessionName
  if (req) {
    return (
      <section aria-label="Request" className="request-parts">
        <h3>Request</h3>
        {/* A clone by URL (APEX_CLONE_SESSION in the request) says what it does before the URL's parts. */}
        {step.kind === 'clone' ? <p data-testid="operation-words">{operationWords(step)}</p> : null}
        <code className="url" data-testid="request-url">
          {req.url}
        </code>
        <dl>
          <dt>App</dt>
          <dd>{req.app}</dd>
          <dt>Page</dt>
          <dd>{req.page}</dd>
          <dt>Session</dt>
          <dd>{name(step.session)}</dd>
          <dt>Request</dt>
          <dd>{req.request ?? '—'}</dd>
          <dt>Debug</dt>
          <dd>{req.debug ?? '—'}</dd>
          <dt>Clear cache</dt>
          <dd data-testid="request-clear-cache">{req.clearCache.length ? req.clearCache.join(', ') : '—'}</dd>
          <dt>Items</dt>
          <dd>{req.items.length ? req.items.map((i) => `${i.name} = ${i.value ?? 'null'}`).join(', ') : '—'}</dd>
          {req.printerFriendly ? (
            <>
              <dt>Printer friendly</dt>
              <dd>{req.printerFriendly}</dd>
            </>
          ) : null}
        </dl>
      </section>
    )
  }
  if (step.kind === 'accept') {
    const values = (input.values ?? {}) as Record<string, unknown>
    return (
      <section aria-label="Request" className="request-parts">
        <h3>Submit</h3>
        <dl>
          <dt>App</dt>
          <dd>{step.app ?? String(input.app ?? '—')}</dd>
          <dt>Page</dt>
          <dd>{String(input.page ?? step.page ?? '—')}</dd>
          <dt>Session</dt>
          <dd>{name(step.session)}</dd>
          <dt>Request (button)</dt>
          <dd>{typeof input.request === 'string' ? input.request : '—'}</dd>
          <dt>Posted items</dt>
          <dd>{Object.keys(values).length ? Object.entries(values).map(([k, v]) => `${k} = ${v === null ? 'null' : String(v)}`).join(', ') : '—'}</dd>
        </dl>
      </section>
    )
  }
  return (
    <section aria-label="Request" className="request-parts">
      <h3>Operation</h3>
      <p data-testid="operation-words">{operationWords(step)}</p>
      {/* The trace's own line stays one click away for whoever writes traces. */}
      <details>
        <summary>As written in the trace</summary>
        <code className="url">{JSON.stringify(step.input)}</code>
      </details>
    </section>
  )
}
