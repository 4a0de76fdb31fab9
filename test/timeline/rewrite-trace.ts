/**
 * A recorded trace whose last two steps write a row with the value it
 * already has: the first rewrites it with the same value, the second changes
 * it and changes it back in one step. The engine never records such a set
 * (writeRow skips it), but a recording may carry one.
 */
import { generateTraceText } from '../../scripts/trace-generator/index.js'

export interface RewriteTrace {
  text: string
  /** The row rewritten, as the engine names it. */
  row: { session: number; app: number; page: number | null; item: string; value: string; status: 'I' | 'U' | 'R' }
}

type Line = { t: number; steps: { session: number; phases: { start: number; end: number }[] }[]; effects?: Record<string, unknown>[]; expect?: unknown }
type SetEffect = { op: 'set'; session: number; app: number; page: number | null; item: string; to: string | null; toStatus: 'I' | 'U' | 'R' | null }

export function rewriteTrace(): RewriteTrace {
  const lines = generateTraceText({ events: 30, sessions: 2, seed: 5, recorded: true }).trim().split('\n')
  const events = lines.slice(1).map((l) => JSON.parse(l) as Line)
  const last = events.at(-1)!
  const session = last.steps[0]!.session
  const sets = events.flatMap((e) => (e.effects ?? []) as unknown as SetEffect[]).filter((e) => e.op === 'set' && e.session === session)
  const first = sets.find((e) => e.to !== null)!
  const same = (e: SetEffect) => e.app === first.app && e.page === first.page && e.item === first.item
  const now = sets.filter(same).at(-1)!
  if (now.to === null || now.toStatus === null) throw new Error('rewriteTrace: the row is gone at the end')
  const row = { session, app: first.app, page: first.page, item: first.item, value: now.to, status: now.toStatus }
  const set = (from: string, to: string, cause: string) => ({ op: 'set', session, app: row.app, page: row.page, item: row.item, from, fromStatus: row.status, to, toStatus: row.status, cause })
  const step = (t: number, effects: ReturnType<typeof set>[]) => {
    const { expect: _e, ...rest } = last
    void _e
    return JSON.stringify({ ...rest, t, effects, steps: [{ ...last.steps[0], t, effects: effects.length, phases: [{ ...last.steps[0]!.phases[0], start: 0, end: effects.length }] }] })
  }
  const text = [...lines, step(last.t + 1, [set(row.value, row.value, 'rewritten')]), step(last.t + 2, [set(row.value, 'other', 'changed'), set('other', row.value, 'changed back')])].join('\n') + '\n'
  return { text, row }
}
