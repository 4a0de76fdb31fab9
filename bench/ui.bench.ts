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
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { EngineService } from '../src-main/api/engine-service.js'
import { buildRenderer } from '../src-main/web-host/build-renderer.js'
import { startWebHost } from '../src-main/web-host/server.js'

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

export async function run(): Promise<Record<string, number>> {
  const log = (m: string) => process.stderr.write(`[ui.bench] ${m}\n`)
  const service = new EngineService()
  const staticDir = mkdtempSync(join(tmpdir(), 'ss-ui-bench-'))
  const [built] = await Promise.all([
    buildRenderer(staticDir),
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run()
  console.log(JSON.stringify(result, null, 2))
  const file = join(import.meta.dirname, '..', 'bench-results.json')
  const prev = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>) : {}
  writeFileSync(file, JSON.stringify({ ...prev, ...result }, null, 2) + '\n')
}
