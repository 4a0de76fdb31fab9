/** The request of a step, parsed into its parts. */
import type { Step } from '../../transport/api-types.js'

export function RequestParts({ step }: { step: Step }) {
  const input = step.input as Record<string, unknown>
  const req = step.request
  if (req) {
    return (
      <section aria-label="Request" className="request-parts">
        <h3>Request</h3>
        <code className="url" data-testid="request-url">
          {req.url}
        </code>
        <dl>
          <dt>App</dt>
          <dd>{req.app}</dd>
          <dt>Page</dt>
          <dd>{req.page}</dd>
          <dt>Session</dt>
          <dd>{step.session ?? '—'}</dd>
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
          <dd>{step.session ?? '—'}</dd>
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
      <code className="url">{JSON.stringify(step.input)}</code>
    </section>
  )
}
