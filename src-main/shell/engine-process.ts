/**
 * Starts the engine host (engine-host.ts, built to out/main/engine-host.js) in
 * an Electron utilityProcess: a Node.js child of the main process with its own
 * event loop, so engine work never stalls menus, window events or IPC.
 */
import { utilityProcess } from 'electron'
import type { HostProcess } from './engine-client.js'

export function forkEngineHost(entry: string, env: Record<string, string>): HostProcess {
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'Session Scope engine',
    env: { ...process.env, ...env },
    stdio: 'inherit',
  })
  return {
    post: (message) => child.postMessage(message),
    onMessage: (cb) => child.on('message', cb),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => {
      child.kill()
    },
  }
}
