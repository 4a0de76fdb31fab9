/**
 * Messages between the main process and the engine host process
 * (engine-host.ts, run as an Electron utilityProcess; a Node child process in
 * tests). The host serves the contract exactly as the browser host does:
 * `invoke` goes through `EngineService.dispatch`, which validates the payload.
 */
import type { ApiResponse, EventTopic, MethodName } from '../api/contract.js'

export type HostRequest = { kind: 'invoke'; id: number; method: string; payload: unknown } | { kind: 'shutdown' }

export type HostMessage =
  /** `workspace`: the persisted workspace file in use; `notice`: what the user should be told about it (e.g. a damaged file kept aside). */
  | { kind: 'ready'; pid: number; sqliteBinding: string | null; workspace?: string | null; notice?: string | null }
  | { kind: 'result'; id: number; response: ApiResponse<MethodName> }
  | { kind: 'event'; topic: EventTopic; payload: unknown }
  /** The host cannot start (e.g. better-sqlite3 built for the wrong ABI); it exits after sending this. */
  | { kind: 'fatal'; message: string }

/** Environment the main process gives the host: the persisted workspace file (`<userData>/workspace/current.ssws`). */
export const WORKSPACE_PATH_ENV = 'SESSION_SCOPE_WORKSPACE'

export function isHostMessage(value: unknown): value is HostMessage {
  if (typeof value !== 'object' || value === null) return false
  const kind = (value as { kind?: unknown }).kind
  return kind === 'ready' || kind === 'result' || kind === 'event' || kind === 'fatal'
}

export function isHostRequest(value: unknown): value is HostRequest {
  if (typeof value !== 'object' || value === null) return false
  const v = value as { kind?: unknown; id?: unknown; method?: unknown }
  return (v.kind === 'invoke' && typeof v.id === 'number' && typeof v.method === 'string') || v.kind === 'shutdown'
}
