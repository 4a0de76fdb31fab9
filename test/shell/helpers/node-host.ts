/** Runs src-main/shell/engine-host.ts as a plain Node child process (the app uses an Electron utilityProcess). */
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { HostProcess } from '../../../src-main/shell/engine-client.js'

export const ENGINE_HOST_ENTRY = join(import.meta.dirname, '../../../src-main/shell/engine-host.ts')

export function forkNodeHost(env: Record<string, string> = {}, onChild?: (c: ChildProcess) => void): HostProcess {
  const child = fork(ENGINE_HOST_ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  onChild?.(child)
  return {
    post: (m) => {
      if (child.connected) child.send(m)
    },
    onMessage: (cb) => child.on('message', cb),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => {
      child.kill('SIGKILL')
    },
  }
}
