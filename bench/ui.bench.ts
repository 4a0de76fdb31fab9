/**
 * UI bench (merged into bench-results.json by bench/run.ts; runnable alone):
 * a workspace of 1,000 sessions × 50 items with a 100,000-step timeline,
 * served by the browser host and opened in Chromium.
 *
 *  ui.firstPaintMs  page navigation (the host has the trace open) → the
 *                   state table painted with its 50,000 rows: the page's
 *                   `ss:first-table-paint` mark, set in a task queued from
 *                   the requestAnimationFrame after the rows rendered, i.e.
 *                   once that frame's layout and paint are done (as the step
 *                   measure below); waited for with a PerformanceObserver,
 *                   so the harness does not poll the page while it loads
 *  ui.stepP95ms     → pressed → state table updated and painted, p95 over
 *                   200 steps
 *
 * Time travel on a 1,000,000-event trace (the generated, recorded trace the
 * timeline section loads: bench/lib.ts benchTrace, cached in the temp folder),
 * opened by path in the browser host (ui.travel.*, see runTimeTravel):
 *
 *  ui.travel.firstPaintMs   navigation → the state table painted (step 0)
 *  ui.travel.endP95ms       End pressed (from step 0) → the last step's table painted
 *  ui.travel.searchHitP95ms Enter on a search hit (from the last step) → its table painted
 *  ui.travel.breakpointP95ms F8 from step 0 → the table at a step breakpoint on the
 *                           last step painted (a failure — no jump — counts in
 *                           ui.travel.breakpointFailures and is left out of the p95)
 *  ui.travel.sliderSettleMs slider dragged and released → the table at the released
 *                           position painted (median of the drags)
 *  ui.travel.stepP95ms      ← and → one step → painted, p95
 *
 * BENCH_UI_PARTS=steps|travel runs one part only; BENCH_UI_EVENTS sizes the trace;
 * BENCH_UI_TRACE=FILE measures time travel on that trace instead; BENCH_UI_STATIC=DIR
 * serves that renderer build instead of building the working tree's; BENCH_UI_JUMPS sets
 * how many of each jump are timed (10). For finding where a step's time goes:
 * BENCH_UI_STEPS_ONLY=1 times only the steps (opened in the middle);
 * BENCH_UI_PROFILE=FILE counts the step loop's WebSocket messages by method,
 * its DOM mutations by view and the page's task/script/style/layout time per
 * press, and writes a Chromium CPU profile of it to FILE.cpuprofile;
 * BENCH_UI_PROFILE_JUMPS=1 also writes a CPU profile of the last timed End and search hit;
 * BENCH_UI_EXTRA_CSS=CSS adds a style sheet to the page (what a style costs a press);
 * BENCH_UI_MUTATION_DETAIL=1 names each DOM change by element and attribute;
 * BENCH_UI_CPU_THROTTLE=N slows the page's main thread N times for the loop;
 * BENCH_UI_TRACE_EVENTS=FILE writes a Chromium performance trace of the step
 * loop there and logs the renderer main thread's time by event per press.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { EngineService } from '../src-main/api/engine-service.js'
import type { WorkspaceSummary } from '../src-main/api/contract.js'
import { buildRenderer } from '../src-main/web-host/build-renderer.js'
import { startWebHost } from '../src-main/web-host/server.js'
import { benchTrace as generatedTrace } from './lib.js'

const SESSIONS = 1000
const ITEMS = 50
const STEPS = 100_000
const MEASURED_STEPS = 200

/** A seeded trace: every session renders a page of 50 items, then set-state steps at random. */
export function benchTrace(sessions = SESSIONS, items = ITEMS, steps = STEPS): string {
  const pageItems = Array.from({ length: items }, (_, j) => ({ name: `P1_I${String(j).padStart(2, '0')}`, default: `'d${j}'` }))
  const header = {
    format: 'session-trace',
    version: 1,
    title: `UI bench: ${sessions} sessions × ${items} items, ${steps} steps`,
    seed: 7,
    settings: { maxSessionIdleSec: 0, maxSessionLengthSec: 0 },
    apps: [{ id: 900, alias: 'BENCH', name: 'Bench', homePage: 1, pages: [{ id: 1, name: 'Items', items: pageItems }] }],
  }
  const lines = [JSON.stringify(header)]
  for (let s = 0; s < sessions; s++) lines.push(JSON.stringify({ type: 'request', url: 'f?p=900:1', as: `S${s}` }))
  let x = 12345
  for (let i = sessions; i < steps; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    lines.push(JSON.stringify({ type: 'setState', session: `S${x % sessions}`, item: `P1_I${String((x >> 10) % items).padStart(2, '0')}`, value: `v${i}` }))
  }
  return lines.join('\n') + '\n'
}

function chromePath(): string {
  for (const p of [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/google-chrome']) if (p && existsSync(p)) return p
  throw new Error('No Chromium for the UI bench: install Debian chromium or set CHROME_PATH.')
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`UI bench: ${what} within ${ms / 1000} s`)), ms)))
  return Promise.race([p, t]).finally(() => clearTimeout(timer))
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))]!
}

const log = (m: string) => process.stderr.write(`[ui.bench] ${m}\n`)

export async function run(): Promise<Record<string, number>> {
  const parts = process.env.BENCH_UI_PARTS ?? 'steps,travel'
  // BENCH_UI_STATIC: a renderer built elsewhere (e.g. an earlier commit's, for before/after figures on one machine state).
  const built = process.env.BENCH_UI_STATIC ?? (await buildRenderer(mkdtempSync(join(tmpdir(), 'ss-ui-bench-'))))
  const result: Record<string, number> = {}
  if (parts.includes('steps')) Object.assign(result, await runSteps(built))
  if (parts.includes('travel')) Object.assign(result, await runTimeTravel(built))
  return result
}

async function runSteps(built: string): Promise<Record<string, number>> {
  const service = new EngineService()
  await Promise.all([
    (async () => {
      const t0 = performance.now()
      const r = await service.dispatch('workspace.openTraceText', { text: benchTrace(), name: 'ui-bench.sstrace' })
      if (!r.ok) throw new Error(`bench trace: ${r.error.message}`)
      log(`engine opened ${STEPS.toLocaleString()} steps in ${Math.round(performance.now() - t0)} ms`)
    })(),
  ])
  const host = await startWebHost({ service, staticDir: built, port: 0 })
  const browser = await chromium.launch({ executablePath: chromePath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
  try {
    const timeline = (await service.dispatch('timeline.state', { point: { step: 0, phase: null } })).ok ? 'engine' : 'replayed in the renderer'
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } })
    const start = STEPS - MEASURED_STEPS - 50
    await page.goto(`${host.url}&step=-${MEASURED_STEPS + 50}`)
    // Wait for the mark without polling the page: waitForSelector / waitForFunction would inject
    // Playwright's selector engine and evaluate on every animation frame in the page's main thread
    // while it loads, i.e. inside the interval measured. A PerformanceObserver costs the page nothing.
    const firstPaintMs = await withTimeout(
      page.evaluate(
        () =>
          // (No named inner functions: tsx would wrap them in a helper the page does not have.)
          new Promise<number>((resolve) => {
            const obs = new PerformanceObserver((list) => {
              const e = list.getEntriesByName('ss:first-table-paint')[0]
              if (!e) return
              obs.disconnect()
              resolve(e.startTime)
            })
            // `buffered` also delivers a mark set before the observer started.
            obs.observe({ type: 'mark', buffered: true })
          }),
      ),
      120_000,
      'the state table never painted',
    )
    await page.waitForSelector(`[data-testid=state-table][data-step="${start}"]`, { timeout: 120_000 })
    const rowCount = Number(await page.getAttribute('[data-testid=state-table]', 'data-rows'))
    if (rowCount !== SESSIONS * ITEMS) throw new Error(`expected ${SESSIONS * ITEMS} rows, the table has ${rowCount}`)
    await page.evaluate(() => {
      const w = window as unknown as { __ssMeasure: () => Promise<number> }
      w.__ssMeasure = () =>
        new Promise<number>((resolve) => {
          const table = document.querySelector('[data-testid=state-table]')!
          const before = table.getAttribute('data-step')
          let t0 = performance.now()
          window.addEventListener('keydown', () => (t0 = performance.now()), { capture: true, once: true })
          const mo = new MutationObserver(() => {
            if (table.getAttribute('data-step') === before) return
            mo.disconnect()
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0))
          })
          mo.observe(table, { attributes: true, attributeFilter: ['data-step'] })
        })
    })
    // The focus must not be in a field (shortcuts ignore typing).
    await page.locator('[data-testid=state-table]').focus()
    const times: number[] = []
    for (let i = 0; i < MEASURED_STEPS; i++) {
      await page.evaluate(() => {
        const w = window as unknown as { __ssMeasure: () => Promise<number>; __ssPending: Promise<number> }
        w.__ssPending = w.__ssMeasure()
      })
      await page.keyboard.press('ArrowRight')
      times.push(await page.evaluate(() => (window as unknown as { __ssPending: Promise<number> }).__ssPending))
    }
    const end = Number(await page.getAttribute('[data-testid=state-table]', 'data-step'))
    if (end !== start + MEASURED_STEPS) throw new Error(`the playhead is at ${end}, expected ${start + MEASURED_STEPS}`)
    const result = { 'ui.firstPaintMs': Math.round(firstPaintMs), 'ui.stepP95ms': Math.round(percentile(times, 0.95) * 10) / 10 }
    log(
      `${SESSIONS} sessions × ${ITEMS} items, ${STEPS.toLocaleString()} steps (timeline: ${timeline}): first paint ${result['ui.firstPaintMs']} ms (target ≤ 1500); ` +
        `→ p95 ${result['ui.stepP95ms']} ms, median ${Math.round(percentile(times, 0.5) * 10) / 10} ms, max ${Math.round(Math.max(...times))} ms over ${MEASURED_STEPS} steps (target ≤ 50)`,
    )
    return result
  } finally {
    await browser.close()
    await host.close()
    service.close()
  }
}

const TRAVEL_EVENTS = Number(process.env.BENCH_UI_EVENTS ?? 1_000_000)
/** The timeline section's trace (bench/sections/timeline.ts: 500 users, seed 1, recorded): generated once, shared. */
const TRAVEL_USERS = 500
const JUMPS = Number(process.env.BENCH_UI_JUMPS ?? 10)
const DRAGS = 5
const TRAVEL_STEPS = 100
/** A jump not painted by then counts as failed (BENCH_UI_GIVE_UP_MS). */
const NOT_REACHED_MS = Number(process.env.BENCH_UI_GIVE_UP_MS ?? 15_000)

type Expect = { step: number } | 'slider'

/**
 * In the page: resolves with the ms from the next `startEvent` (keydown,
 * pointerup) to the frame painted after the state table shows the expected
 * step (a number, or the slider's value then), -1 if it never does within
 * NOT_REACHED_MS.
 */
function armInPage(page: import('playwright-core').Page, startEvent: 'keydown' | 'pointerup', expect: Expect): Promise<void> {
  return page.evaluate(
    ([startEvent, expect, limit]) => {
      const w = window as unknown as { __ssPending: Promise<number> }
      w.__ssPending = new Promise<number>((resolve) => {
        const table = document.querySelector('[data-testid=state-table]')!
        const slider = document.querySelector<HTMLInputElement>('[data-testid=timeline-slider]')!
        let t0 = -1
        let done = false
        const wanted = () => (expect === 'slider' ? slider.value : String(expect.step))
        const finish = (ms: number) => {
          if (done) return
          done = true
          mo.disconnect()
          clearTimeout(timer)
          resolve(ms)
        }
        const check = () => {
          if (t0 < 0 || table.getAttribute('data-step') !== wanted()) return
          requestAnimationFrame(() => setTimeout(() => finish(performance.now() - t0), 0))
        }
        window.addEventListener(
          startEvent,
          () => {
            t0 = performance.now()
            // A settle that already happened during the drag counts from the release.
            setTimeout(check, 0)
          },
          { capture: true, once: true },
        )
        const mo = new MutationObserver(check)
        mo.observe(table, { attributes: true, attributeFilter: ['data-step'] })
        const timer = setTimeout(() => finish(-1), limit)
      })
    },
    [startEvent, expect, NOT_REACHED_MS] as const,
  )
}

function measured(page: import('playwright-core').Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __ssPending: Promise<number> }).__ssPending)
}

async function press(page: import('playwright-core').Page, key: string, expect: Expect): Promise<number> {
  await armInPage(page, 'keydown', expect)
  await page.keyboard.press(key)
  return measured(page)
}

async function tableStep(page: import('playwright-core').Page): Promise<number> {
  return Number(await page.getAttribute('[data-testid=state-table]', 'data-step'))
}

function summary(xs: number[]): string {
  const ok = xs.filter((x) => x >= 0)
  if (xs.length === 0) return 'not run'
  if (ok.length === 0) return `all ${xs.length} failed`
  // A jump's p95 over ten presses is its slowest press: the list says whether that was the first (cold) one.
  const each = xs.length <= 12 ? `; each: ${xs.map((x) => (x < 0 ? 'missed' : round(x))).join(', ')}` : ''
  return `p95 ${round(percentile(ok, 0.95))} ms, median ${round(percentile(ok, 0.5))} ms, max ${round(Math.max(...ok))} ms (${ok.length}/${xs.length} reached${each})`
}

/**
 * The time of a Chromium trace's complete events on the renderer's main thread (CrRendererMain),
 * self time by name (a child's time is not counted in its parent's), per press: the top 12.
 */
function traceEventTimes(file: string, presses: number): string {
  type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }
  const events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  if (!main) return 'no renderer main thread in the trace'
  const spans = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  const self = new Map<string, number>()
  const open: { end: number; name: string }[] = []
  for (const e of spans) {
    while (open.length && open.at(-1)!.end <= e.ts) open.pop()
    const parent = open.at(-1)
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!)
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur!)
    open.push({ end: e.ts + e.dur!, name: e.name })
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([name, us]) => `${name} ${(us / 1000 / presses).toFixed(2)} ms`)
    .join(', ')
}

function round(x: number): number {
  return Math.round(x * 10) / 10
}

/** p95 of the jumps that arrived; -1 when none did. */
function p95(xs: number[]): number {
  const ok = xs.filter((x) => x >= 0)
  return ok.length ? round(percentile(ok, 0.95)) : -1
}

export async function runTimeTravel(built: string): Promise<Record<string, number>> {
  // BENCH_UI_TRACE: a trace file of your own (e.g. the one an earlier run measured, to compare like with like).
  const path = process.env.BENCH_UI_TRACE ?? (await generatedTrace(TRAVEL_EVENTS, TRAVEL_USERS, 1, true))
  const service = new EngineService()
  const t0 = performance.now()
  const opened = await service.dispatch('workspace.openTraceFile', { path })
  if (!opened.ok) throw new Error(`travel trace: ${opened.error.message}`)
  const steps = (opened.result as WorkspaceSummary).steps
  const last = steps - 1
  log(`engine opened ${TRAVEL_EVENTS.toLocaleString()} events, ${steps.toLocaleString()} steps in ${Math.round(performance.now() - t0)} ms`)
  const host = await startWebHost({ service, staticDir: built, port: 0 })
  const browser = await chromium.launch({ executablePath: chromePath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } })
    // tsx names the measuring code's inner functions with a helper the page does not have.
    await page.addInitScript('window.__name = (f) => f')
    // BENCH_UI_EXTRA_CSS: CSS added to the page (an experiment on what a style costs a press, without rebuilding).
    if (process.env.BENCH_UI_EXTRA_CSS)
      await page.addInitScript((css) => document.addEventListener('DOMContentLoaded', () => document.head.append(Object.assign(document.createElement('style'), { textContent: css }))), process.env.BENCH_UI_EXTRA_CSS)
    // BENCH_UI_PROFILE=FILE: count the WebSocket messages of the step loop and write a CPU profile of it (FILE.cpuprofile).
    const profile = process.env.BENCH_UI_PROFILE
    const cpuProfile = process.env.BENCH_UI_PROFILE_CPU !== '0'
    const frames = { sent: 0, received: 0, sentBytes: 0, receivedBytes: 0, methods: new Map<string, number>() }
    const cdp = profile ? await page.context().newCDPSession(page) : null
    let counting = false
    let metricsBefore: { name: string; value: number }[] = []
    if (profile) {
      page.on('websocket', (ws) => {
        ws.on('framesent', (f) => {
          if (!counting) return
          const text = typeof f.payload === 'string' ? f.payload : f.payload.toString()
          frames.sent++
          frames.sentBytes += text.length
          const method = /"method":"([^"]+)"/.exec(text)?.[1] ?? '?'
          frames.methods.set(method, (frames.methods.get(method) ?? 0) + 1)
        })
        ws.on('framereceived', (f) => {
          if (!counting) return
          frames.received++
          frames.receivedBytes += typeof f.payload === 'string' ? f.payload.length : f.payload.length
        })
      })
    }
    // BENCH_UI_STEPS_ONLY: open in the middle and time only the steps (the old renderer's jumps take minutes).
    const stepsOnly = process.env.BENCH_UI_STEPS_ONLY === '1'
    const openAt = stepsOnly ? Math.floor(steps / 2) : 0
    await page.goto(stepsOnly ? `${host.url}&step=${openAt}` : host.url)
    const firstPaintMs = await withTimeout(
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const obs = new PerformanceObserver((list) => {
              const e = list.getEntriesByName('ss:first-table-paint')[0]
              if (!e) return
              obs.disconnect()
              resolve(e.startTime)
            })
            obs.observe({ type: 'mark', buffered: true })
          }),
      ),
      120_000,
      'the state table never painted',
    )
    await page.waitForSelector(`[data-testid=state-table][data-step="${openAt}"]`, { timeout: 120_000 })
    const table = page.locator('[data-testid=state-table]')
    await table.focus()

    // With BENCH_UI_PROFILE: DOM mutations by the nearest element with a data-testid or id (which views a press changes),
    // counted between __ssMutationsReset() and __ssMutations; with BENCH_UI_MUTATION_DETAIL=1 also the element (tag.class)
    // and what changed (attribute, text, children).
    if (profile)
      await page.evaluate((detail) => {
        const w = window as unknown as { __ssMutations: Record<string, number>; __ssMutationsReset: () => void }
        w.__ssMutations = {}
        w.__ssMutationsReset = () => (w.__ssMutations = {})
        new MutationObserver((records) => {
          for (const r of records) {
            const el = r.target instanceof Element ? r.target : r.target.parentElement
            const owner = el?.closest('[data-testid],[id]')
            let name = owner ? owner.getAttribute('data-testid') ?? `#${owner.id}` : '?'
            if (detail && el) {
              const what = r.type === 'attributes' ? `@${r.attributeName}` : r.type === 'characterData' ? 'text' : `children+${r.addedNodes.length}-${r.removedNodes.length}`
              name += ` ${el.tagName.toLowerCase()}${el.classList[0] ? `.${el.classList[0]}` : ''} ${what}`
            }
            w.__ssMutations[name] = (w.__ssMutations[name] ?? 0) + 1
          }
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
      }, process.env.BENCH_UI_MUTATION_DETAIL === '1')
    const resetMutations = () => page.evaluate(() => (window as unknown as { __ssMutationsReset: () => void }).__ssMutationsReset())
    const readMutations = () => page.evaluate(() => (window as unknown as { __ssMutations: Record<string, number> }).__ssMutations)
    const mutationWords = (m: Record<string, number>, presses: number) =>
      Object.entries(m)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 40)
        .map(([k, n]) => `${k} ${Math.round((n / presses) * 10) / 10}`)
        .join(', ')

    /**
     * With BENCH_UI_PROFILE: the messages and the page's time of timed presses (End, Enter on a search
     * hit) until painted, summed over the presses and logged per press.
     */
    const pressCounts = (label: string) => {
      const page = { task: 0, script: 0, layout: 0, style: 0, layouts: 0, styles: 0 }
      const sent = { sent: 0, received: 0, receivedBytes: 0 }
      const methods = new Map<string, number>()
      const mutations: Record<string, number> = {}
      const jumpProfiles: unknown[] = []
      let presses = 0
      return {
        async timed(pressed: () => Promise<number>): Promise<number> {
          if (!profile) return pressed()
          await cdp!.send('Performance.enable')
          const before = new Map((await cdp!.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
          Object.assign(frames, { sent: 0, received: 0, sentBytes: 0, receivedBytes: 0 })
          frames.methods.clear()
          await resetMutations()
          // BENCH_UI_PROFILE_JUMPS=1: a CPU profile of the timed jumps too (FILE.<label>.cpuprofile, all presses of the label in one).
          const jumpProfile = process.env.BENCH_UI_PROFILE_JUMPS === '1'
          if (jumpProfile) {
            await cdp!.send('Profiler.enable')
            await cdp!.send('Profiler.start')
          }
          counting = true
          const ms = await pressed()
          counting = false
          if (jumpProfile) jumpProfiles.push((await cdp!.send('Profiler.stop')).profile)
          for (const [k, n] of Object.entries(await readMutations())) mutations[k] = (mutations[k] ?? 0) + n
          const after = new Map((await cdp!.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
          const d = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0)
          page.task += d('TaskDuration') * 1000
          page.script += d('ScriptDuration') * 1000
          page.layout += d('LayoutDuration') * 1000
          page.style += d('RecalcStyleDuration') * 1000
          page.layouts += d('LayoutCount')
          page.styles += d('RecalcStyleCount')
          sent.sent += frames.sent
          sent.received += frames.received
          sent.receivedBytes += frames.receivedBytes
          for (const [m, n] of frames.methods) methods.set(m, (methods.get(m) ?? 0) + n)
          frames.methods.clear()
          presses++
          return ms
        },
        log() {
          if (!profile || presses === 0) return
          if (jumpProfiles.length) writeFileSync(`${profile}.${label.replace(/\W+/g, '-')}.cpuprofile`, JSON.stringify(jumpProfiles.at(-1)))
          const n = presses
          log(
            `${label} per press (until painted): ${(sent.sent / n).toFixed(1)} messages sent (${[...methods].map(([m, k]) => `${m} ${(k / n).toFixed(1)}`).join(', ')}), ${(sent.received / n).toFixed(1)} received (${Math.round(sent.receivedBytes / n / 1024)} KB); ` +
              `page task ${(page.task / n).toFixed(1)} ms, script ${(page.script / n).toFixed(1)} ms, style ${(page.style / n).toFixed(1)} ms (${(page.styles / n).toFixed(1)}×), layout ${(page.layout / n).toFixed(1)} ms (${(page.layouts / n).toFixed(1)}×)`,
          )
          log(`${label} DOM mutations per press, by view: ${mutationWords(mutations, n)}`)
        },
      }
    }

    // End from step 0, Home back (untimed as End). With BENCH_UI_PROFILE, the End presses' messages and page time are counted too.
    const end: number[] = []
    const endCounts = pressCounts('End')
    for (let i = 0; i < (stepsOnly ? 0 : JUMPS); i++) {
      end.push(await endCounts.timed(() => press(page, 'End', { step: last })))
      if ((await press(page, 'Home', { step: 0 })) < 0) throw new Error('Home never reached step 0')
    }
    log(`End (0 → ${last}): ${summary(end)}`)
    endCounts.log()

    const breakpoint: number[] = []
    const searchHit: number[] = []
    const slide: number[] = []
    if (!stepsOnly) {
      // A step breakpoint on the last step, F8 from step 0.
      if ((await press(page, 'End', { step: last })) < 0) throw new Error('End never reached the last step')
      await page.keyboard.press('b')
      for (let i = 0; i < JUMPS; i++) {
        if ((await press(page, 'Home', { step: 0 })) < 0) throw new Error('Home never reached step 0')
        breakpoint.push(await press(page, 'F8', { step: last }))
      }
      log(`F8 (0 → breakpoint at ${last}): ${summary(breakpoint)}`)
      await page.evaluate(() => document.querySelector('[data-testid=toasts], .toasts')?.remove())

      // Search, then Enter on hits far behind the last step.
      await page.fill('#timeline-search', 'backup')
      await page.press('#timeline-search', 'Enter')
      await page.waitForSelector('[data-testid=search-hit]', { timeout: 60_000 })
      const hitSteps = (await page.$$eval('[data-testid=search-hit]', (bs) => bs.map((b) => Number(b.getAttribute('data-step'))))).slice(0, JUMPS)
      const hitCounts = pressCounts('Search hit')
      for (let i = 0; i < hitSteps.length; i++) {
        await table.focus()
        if ((await press(page, 'End', { step: last })) < 0) throw new Error('End never reached the last step')
        await page.locator('[data-testid=search-hit]').nth(i).focus()
        searchHit.push(await hitCounts.timed(() => press(page, 'Enter', { step: hitSteps[i]! })))
      }
      log(`search hit (${last} → hits at ${hitSteps.join(', ')}): ${summary(searchHit)}`)
      hitCounts.log()

      // Slider drags, released at a different place each time.
      const slider = page.locator('[data-testid=timeline-slider]')
      const box = (await slider.boundingBox())!
      for (let i = 0; i < DRAGS; i++) {
        const y = box.y + box.height / 2
        const from = box.x + box.width * (0.1 + 0.15 * i)
        const to = box.x + box.width * (0.9 - 0.12 * i)
        await page.mouse.move(from, y)
        await page.mouse.down()
        for (let k = 1; k <= 20; k++) await page.mouse.move(from + ((to - from) * k) / 20, y)
        await armInPage(page, 'pointerup', 'slider')
        await page.mouse.up()
        slide.push(await measured(page))
      }
      log(`slider release settles: ${summary(slide)}`)
    }

    // One step, ← then →, from the middle.
    const middle = Math.floor(steps / 2)
    await table.focus()
    const stepTimes: number[] = []
    const here0 = await tableStep(page)
    const start = here0 > TRAVEL_STEPS ? here0 : middle
    // BENCH_UI_CPU_THROTTLE=N: the page's main thread N times slower for the step loop (a loaded machine, reproducibly).
    const throttle = Number(process.env.BENCH_UI_CPU_THROTTLE ?? 1)
    if (throttle > 1) await (cdp ?? (await page.context().newCDPSession(page))).send('Emulation.setCPUThrottlingRate', { rate: throttle })
    if (profile) {
      await cdp!.send('Performance.enable')
      metricsBefore = (await cdp!.send('Performance.getMetrics')).metrics
      // BENCH_UI_PROFILE_CPU=0: no CPU profile (the sampling changes the timing of what is measured).
      if (cpuProfile) {
        await cdp!.send('Profiler.enable')
        await cdp!.send('Profiler.start')
      }
      Object.assign(frames, { sent: 0, received: 0, sentBytes: 0, receivedBytes: 0 })
      frames.methods.clear()
      counting = true
      // DOM mutations in the step loop: which views a step changes.
      await resetMutations()
    }
    // BENCH_UI_TRACE_EVENTS=FILE: a Chromium performance trace of the step loop (the renderer's tasks, style, layout, paint), summed by event name.
    const traceFile = process.env.BENCH_UI_TRACE_EVENTS
    if (traceFile) await browser.startTracing(page, { path: traceFile, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] })
    for (let i = 0; i < TRAVEL_STEPS; i++) stepTimes.push(await press(page, 'ArrowLeft', { step: start - i - 1 }))
    for (let i = 0; i < TRAVEL_STEPS; i++) stepTimes.push(await press(page, 'ArrowRight', { step: start - TRAVEL_STEPS + i + 1 }))
    log(`one step (← ${TRAVEL_STEPS}, → ${TRAVEL_STEPS} around ${start}): ${summary(stepTimes)}`)
    if (traceFile) {
      await browser.stopTracing()
      log(`step loop per press, the renderer's main thread by trace event: ${traceEventTimes(traceFile, 2 * TRAVEL_STEPS)}`)
    }
    if (profile) {
      counting = false
      if (cpuProfile) writeFileSync(`${profile}.cpuprofile`, JSON.stringify((await cdp!.send('Profiler.stop')).profile))
      const after = new Map((await cdp!.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
      const per = (name: string, scale: number) => (((after.get(name) ?? 0) - (metricsBefore.find((m) => m.name === name)?.value ?? 0)) * scale) / (2 * TRAVEL_STEPS)
      log(`step loop per press: task ${per('TaskDuration', 1000).toFixed(1)} ms, script ${per('ScriptDuration', 1000).toFixed(1)} ms, style ${per('RecalcStyleDuration', 1000).toFixed(1)} ms (${per('RecalcStyleCount', 1).toFixed(1)}×), layout ${per('LayoutDuration', 1000).toFixed(1)} ms (${per('LayoutCount', 1).toFixed(1)}×), nodes ${after.get('Nodes')}`)
      log(`step loop DOM mutations per press, by view: ${mutationWords(await readMutations(), 2 * TRAVEL_STEPS)}`)
      const presses = 2 * TRAVEL_STEPS
      log(`step loop: ${frames.sent} messages sent (${(frames.sent / presses).toFixed(2)} per press, ${Math.round(frames.sentBytes / presses)} B), ${frames.received} received (${Math.round(frames.receivedBytes / presses)} B per press); by method: ${[...frames.methods].map(([m, n]) => `${m} ${n}`).join(', ')}`)
    }

    const result = {
      'ui.travel.firstPaintMs': Math.round(firstPaintMs),
      'ui.travel.endP95ms': p95(end),
      'ui.travel.searchHitP95ms': p95(searchHit),
      'ui.travel.breakpointP95ms': p95(breakpoint),
      'ui.travel.breakpointFailures': breakpoint.filter((x) => x < 0).length,
      'ui.travel.sliderSettleMs': slide.filter((x) => x >= 0).length ? round(percentile(slide.filter((x) => x >= 0), 0.5)) : -1,
      'ui.travel.stepP95ms': p95(stepTimes),
    }
    log(`${steps.toLocaleString()} steps: first paint ${result['ui.travel.firstPaintMs']} ms (target ≤ 1000); targets: jumps p95 ≤ 100 ms, slider ≤ 100 ms, step p95 ≤ 16 ms`)
    return result
  } finally {
    await browser.close()
    await host.close()
    service.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run()
  console.log(JSON.stringify(result, null, 2))
  const file = join(import.meta.dirname, '..', 'bench-results.json')
  const prev = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>) : {}
  writeFileSync(file, JSON.stringify({ ...prev, ...result }, null, 2) + '\n')
}
