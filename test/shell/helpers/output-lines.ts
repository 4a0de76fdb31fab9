/** A child process's output, line by line (a chunk may end inside a line; the rest waits for the next chunk). */
import type { Readable } from 'node:stream'

export function onLines(stream: Readable, each: (line: string) => void): void {
  let buffer = ''
  stream.on('data', (d) => {
    buffer += String(d)
    let nl: number
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      each(line)
    }
  })
}
