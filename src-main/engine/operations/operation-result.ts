/**
 * What an operation hands back to the engine, which turns it into a Step.
 */
import type { Outcome, RequestInfo, StepKind, ValidationError } from '../model/step.js'
import type { EngineContext } from '../runtime/engine-context.js'
import type { StepRecorder } from '../runtime/step-recorder.js'
import type { UrlRequest } from '../url/url-request.js'

export interface OperationResult {
  kind: StepKind
  outcome: Outcome
  reason?: string
  session: number | null
  app: number | null
  page: number | null
  request?: RequestInfo
  errors?: ValidationError[]
  /**
   * A redirect to run next, as a new show step in this session, linked to this one.
   * `target`: what parseUrl(url) gives, when the engine built the URL itself (the show then skips the parse).
   */
  redirect?: { url: string; session: number; internal?: boolean; target?: UrlRequest }
}

export interface OperationEnv {
  ctx: EngineContext
  rec: StepRecorder
}

export function failure(kind: StepKind, outcome: Outcome, reason: string, session: number | null = null): OperationResult {
  return { kind, outcome, reason, session, app: null, page: null }
}
