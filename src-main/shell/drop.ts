/**
 * Drag a `.sstrace` onto the window to open it. Runs in the preload (no
 * imports beyond ipc-channels): the page never sees a file-system path — the
 * preload turns the dropped File into a path with `webUtils.getPathForFile` and
 * sends it to main, which checks it again (ipc-bridge.ts `acceptDroppedPath`).
 * A drop the UI handled itself (`preventDefault`) is left alone.
 */
import { TRACE_EXTENSION } from './ipc-channels.js'

interface DropEventLike {
  defaultPrevented: boolean
  preventDefault(): void
  dataTransfer: { types: ArrayLike<string> | readonly string[]; files: ArrayLike<unknown> } | null
}

export interface DropDeps {
  pathForFile(file: unknown): string
  send(path: string): void
}

function carriesFiles(e: DropEventLike): boolean {
  return !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files')
}

export function createDropHandlers(deps: DropDeps) {
  return {
    dragover(e: DropEventLike): void {
      if (carriesFiles(e)) e.preventDefault()
    },
    drop(e: DropEventLike): void {
      if (e.defaultPrevented || !carriesFiles(e)) return
      e.preventDefault()
      for (const file of Array.from(e.dataTransfer!.files)) {
        let path: string
        try {
          path = deps.pathForFile(file)
        } catch {
          continue
        }
        if (path.toLowerCase().endsWith(`.${TRACE_EXTENSION}`)) {
          deps.send(path)
          return
        }
      }
    },
  }
}
