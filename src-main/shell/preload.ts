/**
 * The sandboxed preload (built as CommonJS: sandboxed preloads cannot be ES
 * modules). Exposes exactly the contract's two calls on `window.sessionScope`:
 *   invoke(method, payload) → Promise<ApiResponse>
 *   subscribe(topic, cb) → unsubscribe
 * — never `ipcRenderer` itself, never the IPC event object. Main checks the
 * sender and validates every payload. It also turns a dropped `.sstrace`
 * into an "open this file" message (drop.ts), without exposing anything.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createDropHandlers } from './drop.js'
import { DROP_CHANNEL, EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.js'

const api = Object.freeze({
  invoke: (method: string, payload: unknown): Promise<unknown> => ipcRenderer.invoke(INVOKE_CHANNEL, String(method), payload),
  subscribe: (topic: string, cb: (payload: unknown) => void): (() => void) => {
    if (typeof cb !== 'function') throw new TypeError('subscribe(topic, cb): cb must be a function')
    const wanted = String(topic)
    const listener = (_event: unknown, eventTopic: unknown, payload: unknown) => {
      if (eventTopic === wanted) cb(payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, listener)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener)
    }
  },
})

contextBridge.exposeInMainWorld('sessionScope', api)

if (typeof window !== 'undefined') {
  const drop = createDropHandlers({
    pathForFile: (file) => webUtils.getPathForFile(file as File),
    send: (path) => ipcRenderer.send(DROP_CHANNEL, path),
  })
  window.addEventListener('dragover', (e) => drop.dragover(e))
  window.addEventListener('drop', (e) => drop.drop(e))
}
