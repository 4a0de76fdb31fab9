/**
 * The sandboxed preload: exposes exactly the contract's two calls,
 * `invoke(method, payload)` and `subscribe(topic, cb)` — never ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron'

const INVOKE_CHANNEL = 'session-scope:invoke'
const EVENT_CHANNEL = 'session-scope:event'

contextBridge.exposeInMainWorld('sessionScope', {
  invoke: (method: string, payload: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, method, payload),
  subscribe: (topic: string, cb: (payload: unknown) => void) => {
    const listener = (_e: unknown, t: string, payload: unknown) => {
      if (t === topic) cb(payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, listener)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, listener)
  },
})
