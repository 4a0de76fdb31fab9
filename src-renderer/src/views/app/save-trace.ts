/**
 * Saving the workspace as a trace the user keeps. In the desktop app main
 * does it (File → Save Trace As…: the native dialog, the file written by
 * path, the steps marked saved by the engine); in a browser the trace is
 * downloaded and its steps are marked saved once the download was handed to
 * the browser.
 */
import { call } from '../../stores/api-call.js'
import type { AppServices } from '../../stores/app-context.js'
import { preloadBridge } from '../../transport/ipc-transport.js'
import { downloadText } from './files.js'

/** A download name from the workspace title: letters, digits, dots and dashes. */
export function traceFileName(title: string | undefined): string {
  const base =
    (title ?? 'workspace')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'workspace'
  return `${base}.sstrace`
}

/** True when the trace was saved (false: cancelled, or it failed and the error was shown). */
export async function saveTrace(s: AppServices): Promise<boolean> {
  const api = s.api
  try {
    if (preloadBridge() !== null) {
      await call(api, 'shell.run', { command: 'file.saveTraceAs' })
      // The native dialog may have been cancelled: the engine knows whether the steps are in a file now.
      return ((await call(api, 'workspace.summary', {})).unsavedSteps ?? 0) === 0
    }
    const { text, steps } = await call(api, 'workspace.exportTraceText', {})
    downloadText(traceFileName(s.engine.getState().workspace?.title), text)
    // The steps in the download are saved now: replacing the workspace no longer asks about them.
    if (steps !== undefined) await call(api, 'workspace.markSaved', { steps })
    return true
  } catch (err) {
    s.actions.reportError(err, 'Could not save the trace')
    return false
  }
}
