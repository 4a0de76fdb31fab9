/**
 * Phase-by-phase views of the two steps people most often misread: clear
 * cache (which token resolves to which items, their values before they are
 * nulled, then the URL's values) and clone (new ID, copied rows, group link,
 * target render).
 */
import type { Effect, Phase, Step } from '../../transport/api-types.js'
import { useSessionName } from '../../stores/session-aliases.js'

interface TokenDetail {
  token: string
  kind: string
  items: string[]
  reset: string[]
}

function setEffects(step: Step, phase: Phase | undefined): Extract<Effect, { op: 'set' }>[] {
  if (!phase) return []
  return step.effects.slice(phase.start, phase.end).filter((e): e is Extract<Effect, { op: 'set' }> => e.op === 'set')
}

export function ClearCacheThrough({ step, phaseIndex }: { step: Step; phaseIndex: number | null }) {
  const ccIndex = step.phases.findIndex((p) => p.kind === 'clearCache')
  const cc = step.phases[ccIndex]
  if (!cc) return null
  const tokens = ((cc.detail?.tokens ?? []) as TokenDetail[]).filter((t) => t && typeof t.token === 'string')
  const nulled = setEffects(step, cc)
  const urlPhase = step.phases.find((p) => p.kind === 'setUrlItems')
  const urlSets = setEffects(step, urlPhase)
  const stage = phaseIndex === null ? 3 : phaseIndex < ccIndex ? 1 : phaseIndex === ccIndex ? 2 : 3
  const before = new Map(nulled.map((e) => [e.item, e.from]))
  return (
    <section aria-label="Clear cache step-through" className="step-through" data-testid="clear-cache-through" data-stage={stage}>
      <h3>Clear cache, phase by phase</h3>
      <ol className="stages">
        <li className={stage === 1 ? 'now' : ''}>Tokens resolve to items (values still there)</li>
        <li className={stage === 2 ? 'now' : ''}>Items reset to null</li>
        <li className={stage === 3 ? 'now' : ''}>URL item values set</li>
      </ol>
      <table>
        <thead>
          <tr>
            <th>Token</th>
            <th>Means</th>
            <th>Items</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.token} data-testid="cc-token" data-token={t.token}>
              <td>
                <code>{t.token}</code>
              </td>
              <td>{t.kind}</td>
              <td>
                {t.items.length === 0 ? <span className="muted">no items</span> : null}
                {t.items.map((full) => {
                  const name = full.includes(':') ? full.slice(full.indexOf(':') + 1) : full
                  const wasSet = t.reset.includes(full)
                  const old = before.get(name)
                  return (
                    <span
                      key={full}
                      className={`cc-item${wasSet ? (stage === 1 ? ' about-to-null' : ' nulled') : ' already-null'}`}
                      data-testid="cc-item"
                      data-item={name}
                      title={wasSet ? `had ${old === null || old === undefined ? 'null' : `"${old}"`}` : 'already null'}
                    >
                      {name}
                      {wasSet ? (stage === 1 ? ` = "${old ?? ''}"` : ' → null') : ''}
                    </span>
                  )
                })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {urlSets.length ? (
        <p>
          Then the URL sets: {urlSets.map((e) => `${e.item} = ${e.to === null ? 'null' : `"${e.to}"`}`).join(', ')}
        </p>
      ) : (
        <p className="muted">The URL sets no item values.</p>
      )}
    </section>
  )
}

export function CloneThrough({ step, phaseIndex }: { step: Step; phaseIndex: number | null }) {
  const name = useSessionName()
  const alloc = step.phases.findIndex((p) => p.kind === 'cloneAllocate')
  if (alloc < 0) return null
  const allocDetail = (step.phases[alloc]?.detail ?? {}) as { original?: number; clone?: number }
  const copyIdx = step.phases.findIndex((p) => p.kind === 'cloneCopy')
  const groupIdx = step.phases.findIndex((p) => p.kind === 'cloneGroup')
  const renderIdx = step.phases.findIndex((p) => p.kind === 'itemsRender')
  const copied = setEffects(step, step.phases[copyIdx])
  const groupId = (step.phases[groupIdx]?.detail as { groupId?: number } | undefined)?.groupId
  const shown = phaseIndex ?? step.phases.length
  const cls = (i: number) => (i < 0 ? 'muted' : shown === i ? 'now' : shown > i ? 'done' : 'todo')
  return (
    <section aria-label="Clone step-through" className="step-through" data-testid="clone-through">
      <h3>Clone, phase by phase</h3>
      <ol className="stages">
        <li className={cls(alloc)}>
          New session ID <code data-testid="clone-new-id">{allocDetail.clone ?? step.session}</code> (from session <span data-testid="clone-original">{allocDetail.original === undefined ? '?' : name(allocDetail.original)}</span>)
        </li>
        <li className={cls(copyIdx)}>
          Copied {copied.length} row{copied.length === 1 ? '' : 's'}
          {copied.length ? `: ${copied.map((e) => `${e.item} = ${e.to === null ? 'null' : `"${e.to}"`}`).join(', ')}` : ''}
        </li>
        <li className={cls(groupIdx)}>Joined clone group {groupId ?? '?'}</li>
        <li className={cls(renderIdx)}>Rendered page {step.page ?? '?'} in the new session</li>
      </ol>
    </section>
  )
}
