/**
 * Where a timeline's event lines live: each event's JSON line in the export
 * format, the source a step is given back from (memory here; the workspace
 * file's stores in workspace-file.ts).
 */
/** Where the event lines live (memory or the workspace file). Events are put in order. */
export interface EventStore {
  readonly count: number
  /** The event's JSON line, as text or UTF-8 bytes. */
  put(event: number, line: string | Uint8Array): void
  get(event: number): string
  /** Drops events from `from` on. */
  truncate(from: number): void
  /** Writes out anything buffered. */
  flush?(): void
}

export class MemoryEventStore implements EventStore {
  private readonly lines: string[] = []
  get count(): number {
    return this.lines.length
  }
  put(event: number, line: string | Uint8Array): void {
    if (event !== this.lines.length) throw new RangeError(`events are stored in order: expected ${this.lines.length}, got ${event}`)
    this.lines.push(typeof line === 'string' ? line : Buffer.from(line).toString('utf8'))
  }
  get(event: number): string {
    const s = this.lines[event]
    if (s === undefined) throw new RangeError(`no event ${event}`)
    return s
  }
  truncate(from: number): void {
    this.lines.length = Math.min(this.lines.length, from)
  }
}
