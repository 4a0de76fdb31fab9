/**
 * Report regions of Oracle's sample apps on first render (issue #11): for each
 * page of each sample, a fresh session shows the page and every report region
 * in it is counted as showing rows, empty, or failed (with its reason).
 *
 *   node --import tsx scripts/measure-sample-reports.ts [DIR] [--errors]
 *
 * Not a test: a census to measure before and after a change.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { importApexExport } from '../src-main/apex-import/index.js'
import { Engine } from '../src-main/engine/engine.js'
import type { ReportView } from '../src-main/engine/runtime/report-regions.js'

const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '../shared/fixtures/apex-exports/oracle-samples-24.2'
const showErrors = process.argv.includes('--errors')

let all = 0
let withRows = 0
for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
  const { apps } = await importApexExport(join(dir, file))
  let n = 0
  let ok = 0
  const failures: string[] = []
  for (const app of apps) {
    const engine = new Engine({ seed: 1, apps: [app] })
    for (const page of app.pages) {
      const steps = engine.run({ type: 'request', url: `f?p=${app.id}:${page.id}`, as: `S${page.id}` })
      const step = steps[steps.length - 1]
      const render = step?.phases.find((p) => p.kind === 'itemsRender')
      const views = ((render?.detail as { reports?: ReportView[] } | undefined)?.reports ?? []) as ReportView[]
      for (const r of views) {
        n++
        if (r.rows.length > 0) ok++
        else failures.push(`  p${page.id} ${r.region}: ${r.error ?? '(no rows)'}`)
      }
    }
    engine.close()
  }
  all += n
  withRows += ok
  console.log(`${file}: ${ok} of ${n} report regions show rows`)
  if (showErrors) for (const f of failures) console.log(f.replace(/\s+/g, ' ').slice(0, 300))
}
console.log(`all: ${withRows} of ${all}`)
