/**
 * npm run bench — every measurement side by side in one run, each against a
 * baseline measured in the same run (never timed unit tests). Prints a table
 * and writes bench-results.json (git-ignored) with flat dotted keys:
 *
 *   engine.ratio, engine.requestsPerSec          (bench/sections/engine.ts)
 *   load.events, load.ratio, load.peakRssMB,
 *   seek.p50ms, seek.p99ms, seek.speedup,
 *   search.ms                                     (bench/sections/timeline.ts)
 *   sql.ratio (and its parts)                      (bench/sections/sql.ts)
 *   request.ratio, request.us                      (bench/sections/request.ts)
 *   har.importMs, har.ratio, har.peakRssMB        (bench/sections/har-import.ts)
 *
 * plus the keys of any bench/*.bench.ts module exporting
 * `async function run(): Promise<Record<string, number>>` (e.g. ui.bench.ts).
 * Sections run in their own Node processes so one's heap does not skew the
 * next one's memory or GC. BENCH_EVENTS / BENCH_ENGINE_EVENTS shrink a run
 * for a quick check; the generated trace is cached in the OS temp directory.
 */
import { readdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'
import { fmt, runSection } from './lib.js'
import type { Result, Row } from './lib.js'

const here = dirname(fileURLToPath(import.meta.url))

async function main(): Promise<void> {
  const started = Date.now()
  const results: Result = {}
  const table: Row[] = []
  // Other benchmark modules (bench/*.bench.ts: the UI in Chromium) add their own keys. They
  // run first: after the timeline section the kernel is still writing its gigabytes of
  // trace and workspace files back for a minute, and the UI's step timings (tens of ms)
  // measured then (p95 65–195 ms) were far from those of the quiet machine (24 ms).
  for (const f of readdirSync(here).filter((x) => x.endsWith('.bench.ts')).sort()) {
    process.stderr.write(`▶ ${f}\n`)
    const mod = (await import(pathToFileURL(join(here, f)).href)) as { run?: () => Promise<Record<string, number>> }
    if (typeof mod.run !== 'function') continue
    const r = await mod.run()
    Object.assign(results, r)
    for (const [k, v] of Object.entries(r)) table.push([k, fmt(v), f])
  }
  for (const [name, file] of [
    ['engine', './sections/engine.ts'],
    ['sql', './sections/sql.ts'],
    ['request', './sections/request.ts'],
    ['har-import', './sections/har-import.ts'],
    ['timeline', './sections/timeline.ts'],
  ] as const) {
    process.stderr.write(`▶ ${name}\n`)
    const t0 = Date.now()
    const { result, rows } = await runSection(file)
    Object.assign(results, result)
    table.push(...rows)
    process.stderr.write(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`)
  }
  const width = [0, 0]
  for (const [a, b] of table) {
    width[0] = Math.max(width[0]!, a.length)
    width[1] = Math.max(width[1]!, b.length)
  }
  const line = (r: Row) => `${r[0].padEnd(width[0]!)}  ${r[1].padStart(width[1]!)}  ${r[2]}`
  process.stdout.write(`\n${table.map(line).join('\n')}\n\n`)
  const out = join(here, '..', 'bench-results.json')
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
  process.stdout.write(`wrote ${out} (${Object.keys(results).length} keys) in ${((Date.now() - started) / 1000 / 60).toFixed(1)} min\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).message}\n`)
  process.exit(1)
})
