/**
 * Questions the Tables view asks about one row of the app database (issue
 * #11): its key (the engine's row key, which the table shown does not carry:
 * asked for on demand, with the tables alone, at the point shown) and why it
 * looks as it does there (timeline.whyRow).
 */
import { call } from '../../stores/api-call.js'
import type { EngineApi, MethodResults, TimelinePoint } from '../../transport/api-types.js'

export type RowChange = NonNullable<MethodResults['timeline.whyRow']>

/** The key of the `index`-th row (in the order the view shows them) of a database table at a point; null when there is no such row. */
export async function rowKeyAt(api: EngineApi, point: TimelinePoint, app: number, table: string, index: number): Promise<string | null> {
  const st = await call(api, 'timeline.state', { point, sessions: [], sessionList: false, userRows: false, tables: true })
  const t = st.tables.find((x) => x.source === 'database' && x.app === app && x.table === table)
  return t?.keys?.[index] ?? null
}

/** The change that last touched the row at the point (null: no step did — the row is as the install scripts made it). */
export async function whyRowAt(api: EngineApi, point: TimelinePoint, app: number, table: string, key: string): Promise<RowChange | null> {
  return call(api, 'timeline.whyRow', { point, app, table, key })
}

/** A row change in words: "step 3, phase 2: updated DNAME (process 'DML') — DNAME: "RESEARCH" → "LAB"". */
export function describeRowChange(r: RowChange): string {
  const what = r.change === 'insert' ? 'inserted' : r.change === 'delete' ? 'deleted' : `updated ${r.columns.join(', ')}`
  const show = (v: string | number | null | undefined) => (v === undefined ? '—' : v === null ? 'null' : JSON.stringify(v))
  const values = r.change === 'update' ? ` — ${r.columns.map((c) => `${c}: ${show(r.before?.[c])} → ${show(r.after?.[c])}`).join('; ')}` : ''
  return `step ${r.step}${r.phase !== null ? `, phase ${r.phase + 1}` : ''}: ${what}${r.cause ? ` (${r.cause})` : ''}${values}`
}
