/**
 * npx tsx scripts/measure-end-answer.ts TRACE_FILE [OPTIONS_JSON]
 *
 * Issue #13: the size and time of the answer End gets (timeline.state at the
 * last step, asked as the renderer's jump asks it) on a big trace — the whole
 * answer's JSON bytes and each part's, and milliseconds per ask (the first ask
 * at the point, then again from the state-answer cache and once more at
 * another point). It measures, it asserts nothing.
 */
import { performance } from 'node:perf_hooks'
import { EngineService } from '../src-main/api/engine-service.js'
import type { MethodName, MethodResults } from '../src-main/api/contract.js'

const path = process.argv[2]
if (!path) throw new Error('usage: measure-end-answer.ts TRACE_FILE [OPTIONS_JSON]')
// What the renderer's jumpState asks at a workspace of more than 10,000 sessions.
const asked = process.argv[3] ? (JSON.parse(process.argv[3]) as Record<string, unknown>) : { encoding: 'columns', here: true, liveOnly: true, userRows: false, tables: false }

async function call<M extends MethodName>(s: EngineService, method: M, payload: unknown): Promise<MethodResults[M]> {
  const r = await s.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.result as MethodResults[M]
}

const kb = (x: unknown) => (Buffer.byteLength(JSON.stringify(x) ?? '') / 1024).toFixed(1)

const s = new EngineService()
let t0 = performance.now()
const opened = await call(s, 'workspace.openTraceFile', { path })
process.stdout.write(`opened ${opened.steps} steps in ${Math.round(performance.now() - t0)} ms\n`)
const last = opened.steps - 1
for (const [label, step] of [
  ['End (first ask)', last],
  ['End (again)', last],
  ['half way', Math.floor(last / 2)],
  ['step before the end', last - 1],
] as const) {
  t0 = performance.now()
  const st = await call(s, 'timeline.state', { point: { step, phase: null }, ...asked })
  const ms = performance.now() - t0
  const rowSessions = st.rowColumns ? st.rowColumns.sessionRuns.length / 2 : new Set(st.rows.map((r) => r.session)).size
  process.stdout.write(
    `${label}: ${ms.toFixed(1)} ms, ${kb(st)} KB — sessions ${st.sessions.length} (${kb(st.sessions)} KB), rows of ${rowSessions} sessions (${kb(st.rowColumns ?? st.rows)} KB), here ${kb(st.here)} KB, ${Object.keys(st).join(',')}\n`,
  )
  for (const k of Object.keys(st)) if (!['sessions', 'rowColumns', 'rows', 'here'].includes(k)) process.stdout.write(`   ${k}: ${kb((st as unknown as Record<string, unknown>)[k])} KB\n`)
}
s.close()
