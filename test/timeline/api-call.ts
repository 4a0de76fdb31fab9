/** A typed call through a service's dispatcher that throws on an API error. */
import type { EngineService } from '../../src-main/api/engine-service.js'
import type { ApiError, MethodInput, MethodName, MethodResults } from '../../src-main/api/contract.js'

export class CallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message)
  }
}

export async function call<M extends MethodName>(s: EngineService, method: M, payload: MethodInput<M>): Promise<MethodResults[M]> {
  const r = await s.dispatch(method, payload)
  if (!r.ok) throw new CallError(r.error)
  return r.result as MethodResults[M]
}

/** The API error of a call that must fail. */
export async function failure<M extends MethodName>(s: EngineService, method: M, payload: MethodInput<M>): Promise<ApiError> {
  const r = await s.dispatch(method, payload)
  if (r.ok) throw new Error(`${method} succeeded but should have failed`)
  return r.error
}
