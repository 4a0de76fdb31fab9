/**
 * What the step-text index (src-main/timeline/step-text-index.ts) costs on a
 * big trace: its build time after the load, the memory it holds (its own
 * count of bytes, and the heap before and after), and a few searches.
 *
 *   node --expose-gc --import tsx scripts/measure-step-text-index.ts TRACE [--workspace FILE]
 *
 * The trace is loaded as the app loads it (LoadJob: a worker, the event
 * lines read back from the trace file); `--workspace` keeps the workspace
 * file so a second run reuses it. Not a test: the numbers depend on the
 * machine and on what else runs.
 */
import { statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { LoadJob } from '../src-main/timeline/load/load-job.js'
import { StepTextIndex } from '../src-main/timeline/step-text-index.js'
import { Workspace } from '../src-main/timeline/workspace.js'

const { values, positionals } = parseArgs({ allowPositionals: true, options: { workspace: { type: 'string' } } })
const trace = positionals[0]
if (!trace) throw new Error('usage: measure-step-text-index.ts TRACE [--workspace FILE]')
const workspacePath = values.workspace ?? join(tmpdir(), 'step-text-measure.ssws')
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MiB`
const gc = () => (globalThis as { gc?: () => void }).gc?.()
const log = (s: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`)

log(`trace ${trace} (${mb(statSync(trace).size)})`)
const t0 = performance.now()
const loaded = await new LoadJob({ path: trace, workspacePath, onProgress: () => undefined }).promise
const ws = Workspace.fromLoaded(loaded, null, trace)
const tl = ws.timeline
log(`loaded ${tl.stepCount.toLocaleString('en-US')} steps in ${((performance.now() - t0) / 1000).toFixed(1)} s (reused workspace file: ${loaded.reused})`)
await ws.ready
gc()
const heap0 = process.memoryUsage()
const t1 = performance.now()
const index = new StepTextIndex()
index.update(tl)
const buildMs = performance.now() - t1
gc()
const heap1 = process.memoryUsage()
log(`index built in ${(buildMs / 1000).toFixed(2)} s over ${index.steps.toLocaleString('en-US')} steps`)
log(`index bytes (own count): ${mb(index.byteSize)}; heap +${mb(heap1.heapUsed - heap0.heapUsed)}, external +${mb(heap1.external - heap0.external)} (array buffers +${mb(heap1.arrayBuffers - heap0.arrayBuffers)}); RSS ${mb(heap1.rss)}`)
for (const q of ['u345.1', 'NEXT', 'f?p=300:', 'SCOTT', 'zzz-not-there']) {
  const times: number[] = []
  let r = index.search(q, { limit: 500 })
  for (let i = 0; i < 3; i++) {
    const s = performance.now()
    r = index.search(q, { limit: 500 })
    times.push(performance.now() - s)
  }
  times.sort((a, b) => a - b)
  log(`search "${q}": ${r.total.toLocaleString('en-US')} hits, median ${times[1]!.toFixed(1)} ms, left out ${r.leftOut}`)
}
ws.close()
process.exit(0)
