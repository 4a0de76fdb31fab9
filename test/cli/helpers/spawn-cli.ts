/** Runs the installed bin (bin/session-scope.mjs) in a fresh Node process, as `npx session-scope` does. */
import { execFile } from 'node:child_process'

export const BIN = new URL('../../../bin/session-scope.mjs', import.meta.url).pathname

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

export function spawnCli(args: string[], cwd?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      // A non-zero exit is an answer here, not a failure to run.
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      if (error && code === null) reject(error)
      else resolve({ code, stdout, stderr })
    })
  })
}
