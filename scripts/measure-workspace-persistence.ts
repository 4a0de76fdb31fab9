/**
 * What the persisted workspace costs (docs/timeline.md "The persisted
 * workspace"): time per live step through EngineService.dispatch('operate')
 * without a workspace file, and with one at durability `full` (fsync per
 * step) and `normal`; then the fold on close, the reopen, and the bytes the
 * WAL takes per step. Rounds alternate the modes, medians are reported.
 *
 *   node --import tsx scripts/measure-workspace-persistence.ts [--ops N] [--base B] [--rounds R] [--dir D]
 *
 * `--base B`: operations recorded (untimed) before the N timed ones, to show
 * that a live step costs the same however long the workspace already is.
 *
 * Not a test: numbers depend on the disk (fsync) and on what else runs.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { EngineService } from '../src-main/api/engine-service.js'
import type { MethodInput } from '../src-main/api/contract.js'
import { GENERATOR_APPS } from './trace-generator/apps.js'
import { GENERATOR_SETTINGS, generateOperations } from './trace-generator/index.js'

const { values } = parseArgs({ options: { ops: { type: 'string', default: '1000' }, base: { type: 'string', default: '50' }, rounds: { type: 'string', default: '3' }, dir: { type: 'string' } } })
const OPS = Number(values.ops)
const ROUNDS = Number(values.rounds)
const BASE = Number(values.base)
const root = values.dir ? (mkdirSync(values.dir, { recursive: true }), values.dir) : mkdtempSync(join(tmpdir(), 'ss-measure-'))

type Mode = 'none' | 'normal' | 'full'
const MODES: Mode[] = ['none', 'normal', 'full']
const ops = [...generateOperations({ events: OPS + BASE, sessions: 20, seed: 5, gapSec: 30 })]

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!

interface Run {
  p50: number
  p99: number
  mean: number
  closeMs: number
  reopenMs: number
  fileKB: number
  walBytesPerStep: number
  /** workspace.openDemo (a replace of the persisted file). */
  demoMs: number
  steps: number
}

async function run(mode: Mode, round: number): Promise<Run> {
  const dir = join(root, `${mode}-${round}`)
  rmSync(dir, { recursive: true, force: true })
  const path = join(dir, 'current.ssws')
  const s = new EngineService(mode === 'none' ? {} : { workspacePath: path, workspaceDurability: mode })
  const ok = async (r: Promise<{ ok: boolean }>) => {
    const x = await r
    if (!x.ok) throw new Error(JSON.stringify(x))
  }
  await ok(s.dispatch('workspace.new', { apps: GENERATOR_APPS, seed: 5, settings: GENERATOR_SETTINGS } as MethodInput<'workspace.new'>))
  for (const op of ops.slice(0, BASE)) await ok(s.dispatch('operate', { op }))
  const times: number[] = []
  // WAL bytes per step: its growth while it grows (until the first checkpoint reuses it).
  let wal = mode === 'none' ? 0 : statSync(`${path}-wal`).size
  let grown = 0
  let growing = 0
  for (const op of ops.slice(BASE)) {
    const t0 = process.hrtime.bigint()
    await ok(s.dispatch('operate', { op }))
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
    if (mode !== 'none') {
      const size = statSync(`${path}-wal`).size
      if (size > wal) {
        grown += size - wal
        growing++
      }
      wal = size
    }
  }
  const steps = s.timeline.stepCount
  let t = performance.now()
  s.close()
  const closeMs = performance.now() - t
  let reopenMs = 0
  let fileKB = 0
  let demoMs: number
  if (mode !== 'none') {
    fileKB = statSync(path).size / 1024
    t = performance.now()
    const back = new EngineService({ workspacePath: path })
    reopenMs = performance.now() - t
    if (back.timeline.stepCount !== steps) throw new Error(`reopened ${back.timeline.stepCount} steps of ${steps}`)
    t = performance.now()
    await ok(back.dispatch('workspace.openDemo', { name: 'onboarding-wizard' }))
    demoMs = performance.now() - t
    back.close()
  } else {
    const other = new EngineService()
    t = performance.now()
    await ok(other.dispatch('workspace.openDemo', { name: 'onboarding-wizard' }))
    demoMs = performance.now() - t
    other.close()
  }
  rmSync(dir, { recursive: true, force: true })
  return { p50: median(times), p99: pct(times, 0.99), mean: times.reduce((a, b) => a + b, 0) / times.length, closeMs, reopenMs, fileKB, walBytesPerStep: growing ? grown / growing : 0, demoMs, steps }
}

const results = new Map<Mode, Run[]>(MODES.map((m) => [m, []]))
for (let r = 0; r < ROUNDS; r++) for (const m of MODES) results.get(m)!.push(await run(m, r))
const f = (x: number, d = 2) => x.toFixed(d)
console.log(`${OPS} timed live operations after ${BASE} untimed ones per round (generator apps, 20 users), ${ROUNDS} rounds; medians over rounds`)
console.log('| mode | ms/op p50 | ms/op p99 | ms/op mean | WAL KB/op | close (fold) ms | reopen ms | file KB | openDemo ms |')
console.log('|---|---|---|---|---|---|---|---|---|')
for (const m of MODES) {
  const rs = results.get(m)!
  const g = (k: keyof Run) => median(rs.map((x) => x[k]))
  const dash = (x: string) => (m === 'none' ? '—' : x)
  console.log(
    `| ${m} | ${f(g('p50'))} | ${f(g('p99'))} | ${f(g('mean'))} | ${dash(f(g('walBytesPerStep') / 1024, 1))} | ${f(g('closeMs'), 0)} | ${dash(f(g('reopenMs'), 0))} | ${dash(f(g('fileKB'), 0))} | ${f(g('demoMs'), 0)} |`,
  )
}
console.log(`steps per round: ${results.get('full')![0]!.steps}`)
if (!values.dir) rmSync(root, { recursive: true, force: true })
