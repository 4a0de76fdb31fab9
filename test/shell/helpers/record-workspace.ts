/**
 * Child process for workspace-persistence-crash.test.ts: an EngineService
 * with a persisted workspace, driven through its dispatcher (as the engine
 * host does). Killed by the test with SIGKILL.
 *
 *   record <workspace.ssws>
 *     Reopens the workspace (a new recording when it holds none) and runs
 *     the recording's operations (workspace-recording.ts) as fast as it can.
 *     After each `operate` answered it prints `committed <events>`: that many
 *     operations are on the timeline and, by the contract under test, on disk.
 *
 *   replace <workspace.ssws> <trace.sstrace>
 *     Records 30 operations (`committed <events>`), prints `replacing`, opens
 *     the trace as text (replacing the persisted workspace), prints
 *     `replaced <steps>`, then waits to be killed.
 */
import { readFileSync } from 'node:fs'
import { EngineService } from '../../../src-main/api/engine-service.js'
import { NEW_RECORDING, call, recordingOp } from './workspace-recording.js'

const [mode, path, trace] = process.argv.slice(2)
if (!path || (mode !== 'record' && mode !== 'replace')) throw new Error('usage: record-workspace.ts record|replace <workspace.ssws> [trace]')

const service = new EngineService({ workspacePath: path })
if (service.startupNotice) process.stdout.write(`notice ${service.startupNotice}\n`)
if (service.timeline.stepCount === 0) await call(service, 'workspace.new', NEW_RECORDING)
let k = service.timeline.cols.eventCount
process.stdout.write(`started ${k}\n`)

async function step(): Promise<void> {
  await call(service, 'operate', { op: recordingOp(k) })
  k++
  process.stdout.write(`committed ${service.timeline.cols.eventCount}\n`)
}

if (mode === 'record') {
  for (;;) await step()
} else {
  for (let i = 0; i < 30; i++) await step()
  const text = readFileSync(trace!, 'utf8')
  process.stdout.write('replacing\n')
  const summary = (await call(service, 'workspace.openTraceText', { text, name: 'big trace' })) as { steps: number }
  process.stdout.write(`replaced ${summary.steps}\n`)
  setInterval(() => {}, 60_000)
}
