/**
 * Child process for crash-recovery.test.ts: opens an engine on a SQLite
 * workspace file and records steps as fast as it can until it is killed.
 * After each step returns (its transaction committed) it prints
 * `committed <n>`; every step sets all ITEMS to n at simulated time n, so a
 * half-written step would show as mixed values.
 */
import { Engine } from '../../../src-main/engine/engine.js'
import { CRASH_APP, ITEMS } from './crash-app.js'

const storePath = process.argv[2]
if (!storePath) throw new Error('usage: record-loop.ts <store.sqlite>')

const engine = new Engine({ apps: [CRASH_APP], storePath, seed: 7 })
const first = engine.run({ type: 'request', url: 'f?p=100:1', as: 'A', t: 0 })
if (first[0]!.outcome !== 'ok') throw new Error(`request failed: ${JSON.stringify(first[0])}`)
process.stdout.write(`session ${first[0]!.session}\n`)
for (let i = 1; ; i++) {
  const values = Object.fromEntries(ITEMS.map((name) => [name, String(i)]))
  const steps = engine.run({ type: 'submit', session: 'A', page: 1, request: 'SAVE', values, t: i })
  if (steps[0]!.outcome !== 'ok') throw new Error(`step ${i} failed: ${steps[0]!.outcome}`)
  process.stdout.write(`committed ${i}\n`)
}
