/**
 * The live recording the workspace-persistence tests make: the crash app,
 * seeded session IDs, and a deterministic list of operations — so the test
 * can compute, in its own process, exactly what a recorder that was killed
 * had committed, and compare it with what a reopened workspace holds.
 */
import { EngineService } from '../../../src-main/api/engine-service.js'
import type { MethodInput, MethodName } from '../../../src-main/api/contract.js'
import { CRASH_APP, ITEMS } from './crash-app.js'

/** `workspace.new` of the recording. */
export const NEW_RECORDING: MethodInput<'workspace.new'> = { apps: [CRASH_APP], seed: 7, title: 'Crash recording' }

/**
 * Operation k (k ≥ 0) at simulated time k: the first opens the page as
 * session A; then mostly submits that set every item to k (a half-written
 * step would show mixed values), with a new session every 7th (the ID
 * generator moves) and a login every 11th (A's ID rotates).
 */
export function recordingOp(k: number): MethodInput<'operate'>['op'] {
  if (k === 0) return { type: 'request', url: 'f?p=100:1', as: 'A', t: 0 }
  if (k % 7 === 3) return { type: 'request', url: 'f?p=100:1', as: `S${k}`, t: k }
  if (k % 11 === 5) return { type: 'login', session: 'A', user: `USER${k}`, t: k }
  return { type: 'submit', session: 'A', page: 1, request: 'SAVE', values: Object.fromEntries(ITEMS.map((name) => [name, String(k)])), t: k }
}

/** Calls the service and fails loudly on an error response. */
export async function call<M extends MethodName>(service: EngineService, method: M, payload: MethodInput<M>): Promise<unknown> {
  const r = await service.dispatch(method, payload)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.result
}

/** An in-memory service that ran operations [0, n) of the recording: what a reopened workspace must equal. */
export async function referenceRecording(n: number): Promise<EngineService> {
  const ref = new EngineService()
  await call(ref, 'workspace.new', NEW_RECORDING)
  for (let k = 0; k < n; k++) await call(ref, 'operate', { op: recordingOp(k) })
  return ref
}
