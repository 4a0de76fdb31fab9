/**
 * The typed IPC bridge (Electron security checklist item 17). Every
 * `invoke(method, payload)` from a renderer is checked in this order:
 *   1. the sender frame: the top frame of one of our pages (app://session-scope,
 *      or the dev server in development) — else `forbidden`;
 *   2. `shell.run {command}`: a main-process command the UI may trigger
 *      (open/save dialogs, export, help) — run here, never forwarded;
 *   3. methods that take file-system paths (`workspace.openTraceFile`,
 *      `workspace.importApexExport`) are for
 *      the shell itself, not the renderer — `forbidden`;
 *   4. the method name and payload, with the contract's zod schemas (the same
 *      the browser host uses) — `unknownMethod` / `invalidPayload`;
 * and only then forwarded to the engine, which validates once more.
 */
import { isAbsolute } from 'node:path'
import { z } from 'zod'
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron'
import type { ApiError, ApiResponse, MethodName } from '../api/contract.js'
import { isMethodName, methodSchemas } from '../api/contract.js'
import type { MainCommand } from './commands.js'
import { DROP_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.js'
import { isTracePath } from './single-instance.js'
import { isTrustedRendererUrl } from './trusted-url.js'

export interface SenderInfo {
  /** URL of the frame that sent the message (null when the frame is gone). */
  url: string | null
  /** True for a top-level frame: sub-frames never get to call the engine. */
  isMainFrame: boolean
}

export function senderInfo(event: Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame'>): SenderInfo {
  const frame = event.senderFrame
  if (!frame) return { url: null, isMainFrame: false }
  return { url: frame.url, isMainFrame: frame.parent === null }
}

export function isTrustedSender(sender: SenderInfo, devServerUrl: string | null): boolean {
  return sender.isMainFrame && sender.url !== null && isTrustedRendererUrl(sender.url, devServerUrl)
}

/**
 * Methods that take a file path: the shell calls them itself (after a native
 * dialog), so a compromised renderer can neither read nor write arbitrary paths.
 */
export const MAIN_ONLY_METHODS: readonly string[] = ['workspace.openTraceFile', 'workspace.openHarFile', 'workspace.importApexExport', 'workspace.save', 'workspace.exportTraceFile']

/** The command a renderer runs instead of a main-only method (shell.run). */
const COMMAND_FOR_MAIN_ONLY: Readonly<Record<string, MainCommand>> = {
  'workspace.importApexExport': 'file.importApexExport',
  'workspace.save': 'file.saveTraceAs',
  'workspace.exportTraceFile': 'file.saveTraceAs',
}

export const SHELL_RUN_METHOD = 'shell.run' satisfies MethodName
/** The contract's schema: the UI-runnable main commands (src-main/api/shell-command-names.ts). */
export const ShellRunInput = methodSchemas[SHELL_RUN_METHOD]

/** `shell.run` answers `{ done: true }` (MethodResults['shell.run']); everything else is the engine's answer. */
export type BridgeResponse = ApiResponse<MethodName>

export interface BridgeDeps {
  dispatch(method: MethodName, payload: unknown): Promise<ApiResponse<MethodName>>
  runCommand(command: MainCommand): Promise<void> | void
  devServerUrl: string | null
  log?: (message: string) => void
}

function fail(error: ApiError): BridgeResponse {
  return { ok: false, error }
}

function payloadError(method: string, err: z.ZodError): ApiError {
  const issue = err.issues[0]!
  const field = issue.path.map(String).join('.')
  return { code: 'invalidPayload', message: `${method}: ${field ? `field "${field}": ` : ''}${issue.message}`, ...(field ? { field } : {}) }
}

export function createInvokeHandler(deps: BridgeDeps): (sender: SenderInfo, method: unknown, payload: unknown) => Promise<BridgeResponse> {
  const log = deps.log ?? (() => {})
  return async (sender, method, payload) => {
    if (!isTrustedSender(sender, deps.devServerUrl)) {
      log(`refused IPC ${String(method).slice(0, 80)} from ${String(sender.url).slice(0, 200)}${sender.isMainFrame ? '' : ' (sub-frame)'}`)
      return fail({ code: 'forbidden', message: 'IPC is only accepted from the Session Scope window' })
    }
    if (method === SHELL_RUN_METHOD) {
      const parsed = ShellRunInput.safeParse(payload ?? {})
      if (!parsed.success) return fail(payloadError(SHELL_RUN_METHOD, parsed.error))
      try {
        await deps.runCommand(parsed.data.command)
      } catch (err) {
        return fail({ code: 'internal', message: `${parsed.data.command} failed: ${(err as Error)?.message ?? String(err)}` })
      }
      return { ok: true, result: { done: true } }
    }
    if (typeof method === 'string' && MAIN_ONLY_METHODS.includes(method)) {
      return fail({ code: 'forbidden', message: `${method} takes a file path and is reserved for the desktop shell; use invoke('shell.run', { command: '${COMMAND_FOR_MAIN_ONLY[method] ?? 'file.openTrace'}' })` })
    }
    if (!isMethodName(method)) return fail({ code: 'unknownMethod', message: `unknown method ${JSON.stringify(String(method)).slice(0, 80)}` })
    const parsed = methodSchemas[method].safeParse(payload ?? {})
    if (!parsed.success) return fail(payloadError(method, parsed.error))
    return deps.dispatch(method, parsed.data)
  }
}

export function registerInvokeHandler(ipcMain: Pick<IpcMain, 'handle'>, handler: ReturnType<typeof createInvokeHandler>): void {
  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, payload: unknown) => handler(senderInfo(event), method, payload))
}

/** A file dropped on the window (path from the preload's webUtils): only an absolute `.sstrace` path from our own page. */
export function acceptDroppedPath(sender: SenderInfo, path: unknown, devServerUrl: string | null): string | null {
  if (!isTrustedSender(sender, devServerUrl)) return null
  if (typeof path !== 'string' || path.length > 4096 || path.includes('\0') || !isAbsolute(path) || !isTracePath(path)) return null
  return path
}

export function registerDropHandler(ipcMain: Pick<IpcMain, 'on'>, devServerUrl: string | null, open: (path: string) => void): void {
  ipcMain.on(DROP_CHANNEL, (event, path: unknown) => {
    const accepted = acceptDroppedPath(senderInfo(event), path, devServerUrl)
    if (accepted) open(accepted)
  })
}
