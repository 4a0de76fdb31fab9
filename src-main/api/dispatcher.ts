/**
 * Serves the contract: checks the method name, validates the payload with
 * the method's schema, runs the handler and turns every failure into a typed
 * ApiError. Transports (IPC, WebSocket) call `dispatch` and nothing else, so
 * they all validate exactly alike.
 */
import type { ApiError, ApiResponse, MethodName, MethodResults } from './contract.js'
import { isMethodName, methodSchemas } from './contract.js'
import { z } from 'zod'

export type Handlers = { [M in MethodName]: (payload: z.output<(typeof methodSchemas)[M]>) => MethodResults[M] | Promise<MethodResults[M]> }

/** An error a handler throws on purpose, with a code the client can act on. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message)
    this.name = 'ApiFailure'
  }
}

export function createDispatcher(handlers: Handlers) {
  return async function dispatch(method: unknown, payload: unknown): Promise<ApiResponse<MethodName>> {
    if (!isMethodName(method)) return { ok: false, error: { code: 'unknownMethod', message: `unknown method ${JSON.stringify(String(method)).slice(0, 80)}` } }
    const parsed = methodSchemas[method].safeParse(payload ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      const field = issue.path.map(String).join('.')
      return {
        ok: false,
        error: { code: 'invalidPayload', message: `${method}: ${field ? `field "${field}": ` : ''}${issue.message}`, ...(field ? { field } : {}) },
      }
    }
    try {
      const handler = handlers[method] as (p: unknown) => unknown
      const result = await handler(parsed.data)
      return { ok: true, result } as ApiResponse<MethodName>
    } catch (err) {
      if (err instanceof ApiFailure) return { ok: false, error: err.error }
      return { ok: false, error: { code: 'internal', message: `${method} failed: ${(err as Error)?.message ?? String(err)}` } }
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatcher>
