/**
 * "Not simulated" blocks (issue #11 item 5): for every not-simulated notice
 * among the effects given, the reason in words and the component's original
 * SQL/PL/SQL, so the user sees exactly what the simulator skipped and why.
 * The code is a focusable, scrollable <pre> (selectable, so it copies);
 * long code starts collapsed in a <details> that Enter/Space opens.
 */
import type { AppDefinition, Effect } from '../../transport/api-types.js'
import { notSimulatedParts } from '../../model/not-simulated.js'
import type { CodeRecord } from '../../model/not-simulated.js'

/** Code longer than this many lines starts collapsed. */
export const LONG_CODE_LINES = 8

export function NotSimulatedParts({ effects, apps, app }: { effects: readonly Effect[]; apps: readonly AppDefinition[]; app: number | null | undefined }) {
  const parts = notSimulatedParts(effects, apps, app)
  if (parts.length === 0) return null
  return (
    <ul className="not-simulated-parts" aria-label="Not simulated">
      {parts.map((p) => (
        <li key={p.effect} className="not-simulated" data-testid="not-simulated" data-where={p.where ?? ''}>
          <p>
            <b>Not simulated:</b> {p.reason}
          </p>
          {p.code.length === 0 ? (
            <p className="muted" data-testid="not-simulated-no-code">
              {p.where === null ? 'The component could not be found in the app definition.' : 'The app definition keeps no code for it.'}
            </p>
          ) : (
            p.code.map((c, i) => <OriginalCode key={i} record={c} />)
          )}
        </li>
      ))}
    </ul>
  )
}

function OriginalCode({ record }: { record: CodeRecord }) {
  const lines = record.text.split('\n').length
  const title = `Original ${record.language === 'plsql' ? 'PL/SQL' : record.language === 'sql' ? 'SQL' : 'code'} — ${record.kind}${record.apexType ? ` (${record.apexType})` : ''}`
  const code = (
    // A tab stop although not a control: long code scrolls, and a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable).
    // eslint-disable-next-line jsx-a11y-x/no-noninteractive-tabindex
    <pre className="original-code" tabIndex={0} aria-label={title} data-testid="original-code">
      <code>{record.text}</code>
    </pre>
  )
  return (
    <details open={lines <= LONG_CODE_LINES} data-testid="original-code-details">
      <summary>
        {title}
        {lines > LONG_CODE_LINES ? <span className="muted"> · {lines} lines</span> : null}
      </summary>
      {code}
    </details>
  )
}
