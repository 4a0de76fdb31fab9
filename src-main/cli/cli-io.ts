/** Where a CLI command writes: injected so tests capture output without spawning. */
export interface CliIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
}
