/** Messages between the main thread and load workers. */
import { AppLoadError } from '../../engine/app/compile-app.js'
import { AppSourceError } from '../../trace/app-sources.js'
import { TraceFormatError } from '../../trace/errors.js'
import type { TraceErrorCode } from '../../trace/errors.js'
import type { TraceHeader } from '../../trace/schema.js'
import type { TimelineParts } from '../persist.js'
import type { WorkspaceMeta } from '../workspace-file.js'
import { WorkspaceFileError } from '../workspace-file.js'
import type { LoadSummary } from './indexer.js'

export type LoadJobSpec =
  | { role: 'index'; path: string; workspacePath: string; checkpointEvery?: number; source: WorkspaceMeta['source'] }
  | { role: 'open'; workspacePath: string }

export interface SerializedError {
  name: string
  message: string
  code?: string
  line?: number
  field?: string | null
  detail?: string
  column?: number
  path?: string
  problems?: unknown
}

export type FromWorker =
  | { type: 'progress'; bytesRead: number; events: number }
  | {
      type: 'indexed'
      header: TraceHeader
      summary: LoadSummary
      engineState: { idState: string; clock: number } | null
      parts: TimelineParts
      steps: number
      events: number
      /** Set for a recorded trace: its events are still read from the trace file; 'persisted' follows when the workspace file is complete. */
      eventRefs: { offsets: Float64Array; lengths: Uint32Array } | null
    }
  | { type: 'persisted' }
  | { type: 'opened'; meta: WorkspaceMeta; parts: TimelineParts; steps: number; events: number }
  | { type: 'cancelled' }
  | { type: 'error'; error: SerializedError }

export function serializeError(err: unknown): SerializedError {
  if (err instanceof TraceFormatError)
    return { name: err.name, message: err.message, code: err.code, line: err.line, field: err.field, detail: err.detail, ...(err.column !== undefined ? { column: err.column } : {}) }
  if (err instanceof AppLoadError) return { name: 'AppLoadError', message: err.message, problems: err.problems }
  if (err instanceof AppSourceError) return { name: 'AppSourceError', message: err.message, field: err.field }
  if (err instanceof WorkspaceFileError) return { name: 'WorkspaceFileError', message: err.message, path: err.path }
  if (err instanceof Error) return { name: err.name, message: err.message }
  return { name: 'Error', message: String(err) }
}

/** The error a worker reported, as the class it was (so callers can tell a format error from an I/O error). */
export function deserializeError(e: SerializedError): Error {
  switch (e.name) {
    case 'TraceFormatError':
      return new TraceFormatError(e.code as TraceErrorCode, e.line ?? 0, e.field ?? null, e.detail ?? e.message, e.column)
    case 'AppLoadError': {
      const err = Object.create(AppLoadError.prototype) as AppLoadError
      Object.assign(err, { name: 'AppLoadError', message: e.message, problems: e.problems ?? [] })
      return err
    }
    case 'AppSourceError':
      return new AppSourceError(e.message, e.field ?? 'apps')
    case 'WorkspaceFileError': {
      const err = new WorkspaceFileError(e.path ?? '', '')
      err.message = e.message
      return err
    }
    default: {
      const err = new Error(e.message)
      err.name = e.name
      return err
    }
  }
}
