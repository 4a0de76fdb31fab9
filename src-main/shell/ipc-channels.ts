/**
 * The IPC channel names shared by the preload and the main process. No
 * imports: the sandboxed preload bundles this file and nothing heavier.
 */

/** renderer → main, `ipcRenderer.invoke(INVOKE_CHANNEL, method, payload)` → ApiResponse. */
export const INVOKE_CHANNEL = 'session-scope:invoke'
/** main → renderer, `webContents.send(EVENT_CHANNEL, topic, payload)`. */
export const EVENT_CHANNEL = 'session-scope:event'
/** renderer → main (fire and forget): a `.sstrace` file dropped on the window, by absolute path. */
export const DROP_CHANNEL = 'session-scope:dropped-file'

/** The file extension of Session Scope traces (without the dot). */
export const TRACE_EXTENSION = 'sstrace'
