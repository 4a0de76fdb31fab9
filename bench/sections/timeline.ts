/**
 * Loading, seeking and searching a million-event recorded trace, each against
 * a baseline measured here in the same process:
 *
 *   load.ratio   (open: read + validate + index + write the workspace file, in
 *                the load workers, until the timeline is usable here)
 *                ÷ a bare line-split + JSON.parse of the same file;
 *   load.peakRssMB  peak resident set of this process (workers included) while loading;
 *   seek.p50ms / p99ms  10,000 random seeks (random steps and phases, random order);
 *   seek.speedup  median naive replay from step 0 (the engine's applyEffects on a
 *                fresh SessionState) ÷ median seek;
 *   search.ms    every change whose item or value contains a string, all steps.
 *   breakpoint.ms  the next breakpoint from step 0 when one scan reads every effect.
 *
 * Also measures the checkpoint spacing (K) against seek time and memory, for
 * docs/timeline.md.
 */
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Effect } from '../../src-main/engine/model/effect.js'
import { applyEffects } from '../../src-main/engine/state/apply-effect.js'
import { SessionState } from '../../src-main/engine/state/session-state.js'
import { findBreakpoint } from '../../src-main/timeline/breakpoints.js'
import { checkpointBytes } from '../../src-main/timeline/dense-state.js'
import { LoadJob } from '../../src-main/timeline/load/load-job.js'
import type { Point, Timeline } from '../../src-main/timeline/timeline.js'
import { Workspace } from '../../src-main/timeline/workspace.js'
import { Rng } from '../../scripts/trace-generator/rng.js'
import { bareParse, benchDir, benchTrace, fmt, log, median, percentile, report, warmRead, withPeakRss } from '../lib.js'
import type { Row } from '../lib.js'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const USERS = Number(process.env.BENCH_USERS ?? 500)
const SEEKS = 10_000

function randomPoints(tl: Timeline, n: number, seed: number): Point[] {
  const rng = new Rng(seed)
  const out: Point[] = []
  for (let i = 0; i < n; i++) {
    const step = rng.int(0, tl.stepCount - 1)
    const phases = tl.phaseCount(step)
    out.push(phases > 0 && rng.chance(0.5) ? { step, phase: rng.int(0, phases - 1) } : { step })
  }
  return out
}

function timeSeeks(tl: Timeline, points: Point[]): number[] {
  const ms: number[] = []
  for (const p of points) {
    const t0 = performance.now()
    tl.seek(p)
    ms.push(performance.now() - t0)
  }
  return ms.sort((a, b) => a - b)
}

/**
 * Naive replay from step 0: the engine's applyEffects on a fresh SessionState,
 * effect objects parsed in batches beforehand (parsing is not counted). One
 * pass serves every sample: the time to reach target t is the time spent
 * applying steps 0..t.
 */
function naiveReplayTimes(ws: Workspace, targets: number[]): number[] {
  const tl = ws.timeline
  const sorted = [...targets].sort((a, b) => a - b)
  const out = new Map<number, number>()
  const state = new SessionState()
  let applied = 0
  let next = 0
  const BATCH = 4096
  for (let from = 0; from < tl.stepCount && next < sorted.length; from += BATCH) {
    const effects: Effect[][] = tl.steps(from, BATCH).map((s) => s.effects)
    let j = 0
    while (j < effects.length && next < sorted.length) {
      // Apply up to (and including) the next target in this batch, timed as one run.
      const stop = Math.min(effects.length, sorted[next]! - from + 1)
      const t0 = performance.now()
      for (; j < stop; j++) applyEffects(state, effects[j]!)
      applied += performance.now() - t0
      while (next < sorted.length && sorted[next]! < from + j) out.set(sorted[next++]!, applied)
    }
  }
  return targets.map((t) => out.get(t) ?? NaN)
}

/**
 * The engine side of a move as the UI asks for it (issue #13), each against
 * a baseline measured here on the same points: a jump's state (rows in
 * columns with their last changes, live sessions, `here`; no Per User rows
 * or tables, which follow after the paint) against the whole state as it
 * was sent before (every part); one arrow-key step (what the step changed
 * and the diff from the point before, no rows or sessions) against the two
 * diffs it asked for before. Time and JSON bytes.
 */
export function measureViewAnswers(tl: Timeline): { result: Record<string, number>; rows: Row[] } {
  const far = randomPoints(tl, 40, 41).map((p) => ({ step: p.step, phase: null }))
  far.push({ step: tl.stepCount - 1, phase: null })
  const view = { liveOnly: true, changes: true, groups: true, encoding: 'columns', here: true } as const
  const timed = (f: () => unknown) => {
    const t0 = performance.now()
    const v = f()
    return { ms: performance.now() - t0, bytes: JSON.stringify(v).length }
  }
  // Untimed once at each point first: the indexes built on first use (Timeline.prepareQueries) are not what is measured.
  tl.prepareQueries()
  const jump: number[] = []
  const whole: number[] = []
  let jumpBytes = 0
  let wholeBytes = 0
  for (const p of far) {
    const a = timed(() => tl.stateAt(p, { ...view, userRows: false, tables: false }))
    const b = timed(() => tl.stateAt(p, view))
    jump.push(a.ms)
    whole.push(b.ms)
    jumpBytes += a.bytes
    wholeBytes += b.bytes
  }
  const step: number[] = []
  const seek: number[] = []
  let stepBytes = 0
  for (const p of randomPoints(tl, 300, 42)) {
    if (p.step < 1) continue
    const to = { step: p.step, phase: null }
    const from = { step: p.step - 1, phase: null }
    tl.seek(from)
    const a = timed(() => {
      const st = tl.stateAt(to, { sessions: [], sessionList: false, userRows: false, tables: false, here: true })
      st.diff = tl.diff(from, to)
      return st
    })
    tl.seek(from)
    // What the renderer asked before: the diff from the point shown and the diff across the step (two more round trips after navigate).
    const t0 = performance.now()
    JSON.stringify([tl.diff(from, to), tl.diff({ step: to.step - 1, phase: null }, to)])
    seek.push(performance.now() - t0)
    step.push(a.ms)
    stepBytes += a.bytes
  }
  for (const xs of [jump, whole, step, seek]) xs.sort((a, b) => a - b)
  const result = {
    'view.jumpP50ms': percentile(jump, 50),
    'view.jumpP95ms': percentile(jump, 95),
    'view.jumpRatio': median(jump) / median(whole),
    'view.jumpKB': jumpBytes / far.length / 1024,
    'view.stepP95ms': percentile(step, 95),
    'view.stepRatio': median(step) / Math.max(median(seek), 1e-3),
  }
  const rows: Row[] = [
    ['view.jumpP50ms / P95ms', `${fmt(result['view.jumpP50ms'], 1)} / ${fmt(result['view.jumpP95ms'], 1)} ms`, `state a jump asks for at ${far.length} far points (rows in columns, live sessions, here; no Per User rows or tables), ${fmt(result['view.jumpKB'], 0)} KB of JSON`],
    ['view.jumpRatio', fmt(result['view.jumpRatio']), `median ÷ the whole state at the same points (every part: ${fmt(median(whole), 1)} ms, ${fmt(wholeBytes / far.length / 1024, 0)} KB)`],
    ['view.stepP95ms', fmt(result['view.stepP95ms'], 2), `one arrow-key step's answer (here + diff from the step before), ${fmt(stepBytes / step.length / 1024, 1)} KB`],
    ['view.stepRatio', fmt(result['view.stepRatio']), `median ${fmt(median(step), 2)} ms ÷ the two diffs a step asked for before (${fmt(median(seek), 2)} ms; then in three round trips)`],
  ]
  return { result, rows }
}

async function main(): Promise<void> {
  const rows: Row[] = []
  const path = await benchTrace(EVENTS, USERS, 1, true)
  const size = statSync(path).size
  log(`trace: ${path} (${fmt(size / 1024 / 1024, 0)} MiB)`)

  // --- load --------------------------------------------------------------
  warmRead(path)
  const bare = bareParse(path)
  log(`baseline (bare line split + JSON.parse): ${fmt(bare.ms, 0)} ms for ${bare.lines} lines`)
  global.gc?.()
  const wsPath = join(benchDir(), 'bench-load.ssws')
  rmSync(wsPath, { force: true })
  const t0 = performance.now()
  const { value: ws, peakRssMB } = await withPeakRss(async () => {
    let last = 0
    const job = new LoadJob({
      path,
      workspacePath: wsPath,
      reuse: false,
      onProgress: (p) => {
        if (p.fraction - last >= 0.25) {
          last = p.fraction
          log(`  loading ${(p.fraction * 100).toFixed(0)}% (ETA ${p.etaSec?.toFixed(0) ?? '?'} s)`)
        }
      },
    })
    const loaded = await job.promise
    return Workspace.fromLoaded(loaded, null, path)
  })
  const loadMs = performance.now() - t0
  const tl = ws.timeline
  const stats = tl.stats()
  log(`loaded ${stats.steps} steps, ${stats.effects} effects in ${fmt(loadMs, 0)} ms; peak RSS ${fmt(peakRssMB, 0)} MB`)
  const loadRatio = loadMs / bare.ms
  // The workspace file is completed in the background (event lines copied from the trace); wait for it before timing seeks.
  await ws.ready
  const persistedMs = performance.now() - t0
  log(`workspace file complete ${fmt((persistedMs - loadMs) / 1000, 1)} s after the timeline was usable`)
  rows.push(
    ['trace', `${EVENTS.toLocaleString('en-US')} events`, `${fmt(size / 1024 / 1024, 0)} MiB, ${stats.steps.toLocaleString('en-US')} steps, ${stats.effects.toLocaleString('en-US')} effects`],
    ['bare line split + JSON.parse', `${fmt(bare.ms, 0)} ms`, 'baseline'],
    ['load + validate + index', `${fmt(loadMs, 0)} ms`, 'one worker thread; until usable here'],
    ['workspace file complete', `${fmt(persistedMs, 0)} ms`, 'event lines copied in the background after that'],
    ['load.ratio', fmt(loadRatio), 'target ≤ 2.5'],
    ['load.peakRssMB', fmt(peakRssMB, 0), 'target ≤ 1500'],
  )

  // --- seek --------------------------------------------------------------
  global.gc?.()
  timeSeeks(tl, randomPoints(tl, 500, 7)) // warm-up
  const seekMs = timeSeeks(tl, randomPoints(tl, SEEKS, 8))
  const p50 = percentile(seekMs, 50)
  const p99 = percentile(seekMs, 99)
  log(`seek: p50 ${fmt(p50, 3)} ms, p99 ${fmt(p99, 3)} ms, max ${fmt(seekMs[seekMs.length - 1]!, 2)} ms`)
  // What a UI asks for after a seek: the live sessions and their rows at that point.
  const viewMs: number[] = []
  for (const p of randomPoints(tl, 300, 9)) {
    const t1 = performance.now()
    tl.stateAt(p, { liveOnly: true })
    viewMs.push(performance.now() - t1)
  }
  viewMs.sort((a, b) => a - b)
  const samplePoints = randomPoints(tl, 9, 10).map((p) => p.step)
  log('naive replays from step 0 (one pass over all steps)…')
  const naive = naiveReplayTimes(ws, samplePoints)
  const naiveMedian = median(naive)
  const speedup = naiveMedian / p50
  rows.push(
    ['seek.p50ms', fmt(p50, 3), `${SEEKS.toLocaleString('en-US')} random seeks (steps and phases)`],
    ['seek.p99ms', fmt(p99, 3), 'target ≤ 10'],
    ['state at a point, p50 / p99', `${fmt(percentile(viewMs, 50), 1)} / ${fmt(percentile(viewMs, 99), 1)} ms`, 'seek + live sessions and all their rows as objects (timeline.state liveOnly)'],
    ['naive replay from step 0, median', `${fmt(naiveMedian, 0)} ms`, `${samplePoints.length} random targets; engine applyEffects`],
    ['seek.speedup', fmt(speedup, 0), 'target ≥ 1000'],
  )

  // --- search ------------------------------------------------------------
  const queries = ['king', 'sku-4711', '@example.com', 'P30_', 'invoice #4']
  const searchMs: number[] = []
  for (const q of queries) {
    const t1 = performance.now()
    const r = tl.search(q, { limit: 100 })
    searchMs.push(performance.now() - t1)
    log(`search "${q}": ${r.total} changes in ${r.steps} steps, ${fmt(searchMs[searchMs.length - 1]!, 0)} ms`)
  }
  const searchMedian = median(searchMs)
  rows.push(
    ['search (first, builds the lower-case table)', `${fmt(searchMs[0]!, 0)} ms`, `"${queries[0]}"`],
    ['search.ms', fmt(searchMedian, 0), `median of ${queries.length} queries; target ≤ 1000`],
  )

  // --- breakpoints ----------------------------------------------------------
  // F8 to a breakpoint anywhere, worst case: an item breakpoint that never hits (the cart
  // count never equals the last value the trace interned, a text) makes the scan read every
  // effect to the end, beside a breakpoint on a random step far ahead.
  const neverValue = tl.cols.values.get(tl.cols.values.count - 1)
  const bpMs: number[] = []
  for (const target of randomPoints(tl, 5, 30).map((p) => p.step)) {
    const t1 = performance.now()
    const hit = findBreakpoint(tl, { step: 0 }, 'forward', [{ kind: 'itemEquals', item: 'G_CART_COUNT', value: neverValue }, { kind: 'step', step: target }])
    bpMs.push(performance.now() - t1)
    if (target > 0 && hit?.point.step !== target) throw new Error(`breakpoint on step ${target} found at ${hit?.point.step}`)
  }
  const bpMedian = median(bpMs)
  // A move as the view asks for it: the state at a random point with what happened there (`here`), rows as columns.
  const moveMs: number[] = []
  for (const p of randomPoints(tl, 100, 31)) {
    const t1 = performance.now()
    tl.stateAt(p, { liveOnly: true, changes: true, groups: true, encoding: 'columns', here: true })
    moveMs.push(performance.now() - t1)
  }
  moveMs.sort((a, b) => a - b)
  log(`breakpoint anywhere: median ${fmt(bpMedian, 0)} ms; a move with its state: p50 ${fmt(percentile(moveMs, 50), 1)} / p95 ${fmt(percentile(moveMs, 95), 1)} ms`)
  rows.push(
    ['breakpoint.ms', fmt(bpMedian, 0), 'findBreakpoint from step 0 over the whole timeline (an item breakpoint that never hits + a step breakpoint far ahead), median of 5'],
    ['move with state, p50 / p95', `${fmt(percentile(moveMs, 50), 1)} / ${fmt(percentile(moveMs, 95), 1)} ms`, 'timeline.state as the view asks (live sessions, rows as columns with last changes, here)'],
  )

  // --- what a view asks for, per move -------------------------------------
  const view = measureViewAnswers(tl)
  for (const r of view.rows) {
    rows.push(r)
    log(r.join(' | '))
  }

  // --- checkpoint spacing -------------------------------------------------
  const original = tl.cols.checkpoints
  for (const k of [256, 1024, 4096, 16384]) {
    const t1 = performance.now()
    tl.cols.checkpoints = k === stats.checkpointEvery ? original : tl.cols.checkpointsEvery(k)
    const buildMs = performance.now() - t1
    const bytes = tl.cols.checkpoints.reduce((n, cp) => n + checkpointBytes(cp), 0)
    const ms = timeSeeks(tl, randomPoints(tl, 3000, 20 + k))
    rows.push([`checkpoints every ${k} steps`, `p50 ${fmt(percentile(ms, 50), 3)} / p99 ${fmt(percentile(ms, 99), 3)} ms`, `${tl.cols.checkpoints.length} checkpoints, ${fmt(bytes / 1024 / 1024, 0)} MiB (built in ${fmt(buildMs / 1000, 1)} s)`])
    log(rows[rows.length - 1]!.join(' | '))
  }
  tl.cols.checkpoints = original

  report(
    {
      'load.events': EVENTS,
      'load.ratio': loadRatio,
      'load.peakRssMB': peakRssMB,
      'seek.p50ms': p50,
      'seek.p99ms': p99,
      'seek.speedup': speedup,
      'search.ms': searchMedian,
      'breakpoint.ms': bpMedian,
      ...view.result,
    },
    rows,
  )
  ws.close()
  rmSync(wsPath, { force: true })
}

// Run as a section (bench/run.ts starts this file); imported, it only lends its measures.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
    process.exit(1)
  })
