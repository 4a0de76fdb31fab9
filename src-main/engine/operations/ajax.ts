/**
 * An Ajax call of a page (trace event `ajax`, docs/trace-format.md).
 */
import type { AjaxOp } from '../model/operation.js'
import { failure, type OperationEnv, type OperationResult } from './operation-result.js'

export function runAjax(_env: OperationEnv, _op: AjaxOp, _sessionId: number | null, _label: () => string): OperationResult {
  // The schema lands first so the HAR importer can write the event; the engine part follows.
  return failure('ajax', 'error', 'ajax calls are not simulated yet')
}
