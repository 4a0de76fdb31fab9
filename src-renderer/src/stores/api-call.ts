/**
 * Calling the engine: unwraps `{ok, result}` and turns failures into a
 * typed error the UI can show (toast with details) or inspect.
 */
import type { ApiError, EngineApi, MethodInput, MethodName, MethodResults } from '../transport/api-types.js'

export class ApiCallError extends Error {
  constructor(
    readonly method: MethodName,
    readonly error: ApiError,
  ) {
    super(error.message)
    this.name = 'ApiCallError'
  }
}

export async function call<M extends MethodName>(api: EngineApi, method: M, payload: MethodInput<M>): Promise<MethodResults[M]> {
  const r = await api.invoke(method, payload)
  if (!r.ok) throw new ApiCallError(method, r.error)
  return r.result
}

/** A method this engine build does not implement yet (the timeline says so until it lands). */
export function isNotAvailable(err: unknown): boolean {
  if (!(err instanceof ApiCallError)) return false
  return err.error.code === 'unknownMethod' || (err.error.code === 'internal' && /not available/i.test(err.error.message))
}

export function errorDetail(err: unknown): { title: string; detail: string } {
  if (err instanceof ApiCallError) {
    const parts = [`code: ${err.error.code}`, `method: ${err.method}`]
    if (err.error.field) parts.push(`field: ${err.error.field}`)
    if (err.error.line !== undefined) parts.push(`line: ${err.error.line}`)
    return { title: err.error.message, detail: parts.join(' · ') }
  }
  return { title: (err as Error)?.message ?? String(err), detail: '' }
}
