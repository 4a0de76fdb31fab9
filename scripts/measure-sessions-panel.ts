/**
 * npx tsx scripts/measure-sessions-panel.ts [SESSIONS]
 *
 * How the Sessions panel's engine answers scale (issues #14 and #16): a trace
 * of SESSIONS requests (default 100,000), each starting a session, opened in
 * an EngineService; then the first window of `timeline.browsers` and
 * `timeline.sessions` at the last step, a window far down the list, and a
 * filtered ask, and the same for `timeline.sessions` — once for a trace
 * that names no browser (the flat list) and once for one whose requests come
 * from 1,000 named browsers. A key press pressed while the panel asks waits
 * at most for the ask in progress (the engine answers one call at a time):
 * the "first ask there" lines; the "key pressed meanwhile" lines send one
 * during the ask and say how long it waited. Prints
 * milliseconds per ask; it measures, it asserts nothing.
 */
import { performance } from 'node:perf_hooks'
import { EngineService } from '../src-main/api/engine-service.js'
import type { MethodName, MethodResults } from '../src-main/api/contract.js'

const SESSIONS = Number(process.argv[2] ?? 100_000)
const BROWSERS = 1000

async function call<M extends MethodName>(s: EngineService, method: M, payload: unknown): Promise<MethodResults[M]> {
  const r = await s.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.result as MethodResults[M]
}

function traceText(named: boolean): string {
  const lines = [JSON.stringify({ format: 'session-trace', version: 1, title: `${SESSIONS} sessions`, use: ['demo:onboarding'] })]
  for (let i = 0; i < SESSIONS; i++) {
    const event: Record<string, unknown> = { type: 'request', url: 'f?p=HR:1', as: `S${i}` }
    if (named) event.browser = `B${i % BROWSERS}`
    lines.push(JSON.stringify(event))
  }
  return lines.join('\n') + '\n'
}

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now()
  const r = await f()
  process.stdout.write(`  ${label}: ${(performance.now() - t0).toFixed(1)} ms\n`)
  return r
}

/**
 * A panel ask at a point not asked yet, with a key press (timeline.navigate, →) sent once the ask has
 * started: how long the ask takes in all, and how long the key press waits for its answer. The engine
 * answers the press between two slices of the ask (work-slices.ts); before, it waited for the whole ask.
 */
async function keyDuringAsk(s: EngineService, label: string, method: 'timeline.browsers' | 'timeline.sessions', point: { step: number }): Promise<void> {
  // A message can arrive at any moment: the longest stretch the thread was busy during the ask is the longest a key waits.
  let last = performance.now()
  let longest = 0
  let running = true
  const tick = () => {
    const t = performance.now()
    longest = Math.max(longest, t - last)
    last = t
    if (running) setImmediate(tick)
  }
  setImmediate(tick)
  const t0 = performance.now()
  let askDone = 0
  const ask = call(s, method, { point, offset: 0, limit: 50 }).then(() => (askDone = performance.now()))
  // The ask's first slice runs now, synchronously; the key arrives as the next message would.
  await new Promise((r) => setImmediate(r))
  const k0 = performance.now()
  let keyDone = 0
  await call(s, 'timeline.navigate', { from: { step: 0 }, mode: 'next' }).then(() => (keyDone = performance.now()))
  await ask
  running = false
  const order = keyDone <= askDone ? 'answered before the ask ended' : 'answered after the ask'
  process.stdout.write(`  ${label}: ask ${(askDone - t0).toFixed(1)} ms; a key sent after its first slice waited ${(keyDone - k0).toFixed(1)} ms (${order}); the longest a key could wait: ${longest.toFixed(1)} ms\n`)
}

async function measure(named: boolean): Promise<void> {
  process.stdout.write(`${SESSIONS.toLocaleString('en')} sessions, ${named ? `${BROWSERS} named browsers` : 'no browser named (flat list)'}\n`)
  const s = new EngineService()
  await timed('open the trace (simulated)', () => call(s, 'workspace.openTraceText', { text: traceText(named), name: 'sessions' }))
  const step = SESSIONS - 1
  const point = { step }
  for (const round of ['first', 'again']) {
    await timed(`timeline.browsers, first window (${round})`, () => call(s, 'timeline.browsers', { point, offset: 0, limit: 50 }))
  }
  await timed('timeline.browsers, a window far down', () => call(s, 'timeline.browsers', { point, offset: Math.floor(SESSIONS / 2), limit: 50 }))
  await timed('timeline.browsers at another step (first ask there)', () => call(s, 'timeline.browsers', { point: { step: step - 1 }, offset: 0, limit: 50 }))
  await timed("timeline.browsers filtered ('S9999')", () => call(s, 'timeline.browsers', { point, offset: 0, limit: 50, filter: 'S9999' }))
  // The next key of the filter typed at the same point (the panel asks again once the filter rests).
  await timed("timeline.browsers filtered again ('S99999')", () => call(s, 'timeline.browsers', { point, offset: 0, limit: 50, filter: 'S99999' }))
  await timed('timeline.sessions, first window', () => call(s, 'timeline.sessions', { point, offset: 0, limit: 50 }))
  await timed('timeline.sessions, a window far down', () => call(s, 'timeline.sessions', { point, offset: Math.floor(SESSIONS / 2), limit: 50 }))
  // A point the panel has not asked about yet: the sessions there are built for this ask alone.
  await timed('timeline.sessions at another step (first ask there)', () => call(s, 'timeline.sessions', { point: { step: step - 2 }, offset: 0, limit: 50 }))
  await timed("timeline.sessions filtered ('S9999')", () => call(s, 'timeline.sessions', { point, offset: 0, limit: 50, filter: 'S9999' }))
  for (let k = 3; k < 8; k++) await keyDuringAsk(s, `timeline.browsers at step ${step - k}, a key pressed meanwhile`, 'timeline.browsers', { step: step - k })
  for (let k = 8; k < 13; k++) await keyDuringAsk(s, `timeline.sessions at step ${step - k}, a key pressed meanwhile`, 'timeline.sessions', { step: step - k })
  s.close()
}

await measure(false)
await measure(true)
