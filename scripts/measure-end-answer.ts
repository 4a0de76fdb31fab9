/**
 * npx tsx scripts/measure-end-answer.ts TRACE_FILE [OPTIONS_JSON]
 *
 * Issue #13: the size and time of the answer End gets (timeline.state at the
 * last step, asked as the renderer's jump asks it) on a big trace — the whole
 * answer's JSON bytes and each part's, and milliseconds per ask: the first ask
 * at the end, again (the state-answer cache), the ask once End's table is
 * painted (session list, Per User rows, tables), half way and the step before
 * the end. Twice: with the engine's idle warm-up after the open finished
 * (what a user pressing End a moment after opening gets), and cold (no
 * warm-up: what End pressed at once waits for at most). It measures, it
 * asserts nothing.
 */
import { performance } from 'node:perf_hooks'
import { EngineService } from '../src-main/api/engine-service.js'
import { LIST_ENDED_SESSIONS_UP_TO } from '../src-main/api/contract.js'
import type { MethodName, MethodResults } from '../src-main/api/contract.js'

const path = process.argv[2]
if (!path) throw new Error('usage: measure-end-answer.ts TRACE_FILE [OPTIONS_JSON]')

async function call<M extends MethodName>(s: EngineService, method: M, payload: unknown): Promise<MethodResults[M]> {
  const r = await s.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.result as MethodResults[M]
}

const kb = (x: unknown) => (Buffer.byteLength(JSON.stringify(x) ?? '') / 1024).toFixed(1)

async function measure(label: string, warm: boolean): Promise<void> {
  // Cold: the idle work is never scheduled.
  const s = new EngineService(warm ? {} : { idleWork: { schedule: () => {} } })
  let t0 = performance.now()
  const opened = await call(s, 'workspace.openTraceFile', { path })
  process.stdout.write(`${label}: opened ${opened.steps} steps in ${Math.round(performance.now() - t0)} ms\n`)
  if (warm) {
    t0 = performance.now()
    const how = await s.warmedUp
    process.stdout.write(`  idle warm-up ${how} ${Math.round(performance.now() - t0)} ms after the open was answered\n`)
  }
  const info = await call(s, 'timeline.info', {})
  const liveOnly = info.sessions > LIST_ENDED_SESSIONS_UP_TO
  // What the renderer's jumpState asks (no session selected), or the options given.
  const asked = process.argv[3]
    ? (JSON.parse(process.argv[3]) as Record<string, unknown>)
    : { encoding: 'columns', here: true, liveOnly, userRows: false, tables: false, sessionList: false, sessionsShown: [] }
  const last = opened.steps - 1
  for (const [what, step, options] of [
    ['End (first ask)', last, asked],
    ['End (again)', last, asked],
    ['End, once painted (list, Per User rows, tables)', last, { sessions: [], liveOnly }],
    ['half way', Math.floor(last / 2), asked],
    ['step before the end', last - 1, asked],
  ] as const) {
    t0 = performance.now()
    const st = await call(s, 'timeline.state', { point: { step, phase: null }, ...options })
    const ms = performance.now() - t0
    const rowSessions = st.rowColumns ? st.rowColumns.sessionRuns.length / 2 : new Set(st.rows.map((r) => r.session)).size
    process.stdout.write(
      `  ${what}: ${ms.toFixed(1)} ms, ${kb(st)} KB — sessions ${st.sessions.length} (${kb(st.sessions)} KB), rows of ${rowSessions} sessions (${kb(st.rowColumns ?? st.rows)} KB), here ${kb(st.here)} KB\n`,
    )
    for (const k of Object.keys(st)) if (!['sessions', 'rowColumns', 'rows', 'here', 'point', 't'].includes(k)) process.stdout.write(`     ${k}: ${kb((st as unknown as Record<string, unknown>)[k])} KB\n`)
  }
  s.close()
}

await measure('warmed', true)
await measure('cold', false)
