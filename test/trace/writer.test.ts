/**
 * The writer: one line per value, exactly what the reader reads back, and a
 * streaming writer that respects backpressure.
 */
import { Writable } from 'node:stream'
import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { TraceFormatError, readTraceText } from '../../src-main/trace/reader.js'
import type { TraceEvent, TraceHeader } from '../../src-main/trace/schema.js'
import { TraceWriter, serializeEvent, serializeHeader, writeTraceText } from '../../src-main/trace/writer.js'
import { traceEventArb, traceHeaderArb } from './arbitraries.js'

const HEADER: TraceHeader = { format: 'session-trace', version: 1, title: 'Recorded' }

/** A writable that keeps what it gets, taking `delayMs` per chunk, with a small buffer. */
class SlowSink extends Writable {
  readonly chunks: string[] = []
  maxBuffered = 0
  constructor(
    highWaterMark: number,
    private readonly delayMs: number,
  ) {
    super({ highWaterMark, decodeStrings: false })
  }
  override _write(chunk: string, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.maxBuffered = Math.max(this.maxBuffered, this.writableLength)
    this.chunks.push(chunk)
    setTimeout(done, this.delayMs)
  }
  get text(): string {
    return this.chunks.join('')
  }
}

describe('serializeHeader / serializeEvent', () => {
  it('writes one line, no line break, keys in insertion order, unknown fields included', () => {
    const event = { zeta: 1, type: 'submit', session: 'A', page: 1, values: { P1_X: 'line1\nline2', P1_Y: null }, future: { a: [1] } } as TraceEvent
    const line = serializeEvent(event)
    expect(line).toBe('{"zeta":1,"type":"submit","session":"A","page":1,"values":{"P1_X":"line1\\nline2","P1_Y":null},"future":{"a":[1]}}')
    expect(line).not.toContain('\n')
    expect(serializeHeader({ ...HEADER, extra: true })).toBe('{"format":"session-trace","version":1,"title":"Recorded","extra":true}')
  })

  it('refuses to write what the reader would refuse', () => {
    const bad: [unknown, string | null][] = [
      [{ type: 'wait', seconds: Number.NaN }, 'seconds'],
      [{ type: 'teleport' }, 'type'],
      [{ type: 'setState', session: 'A', item: 'X', value: 'x'.repeat(1024 * 1024 + 1) }, 'value'],
      [{ type: 'expect', table: 'EMP' }, 'rows'],
    ]
    for (const [event, field] of bad) {
      let error: unknown
      try {
        serializeEvent(event as TraceEvent)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(TraceFormatError)
      expect((error as TraceFormatError).field).toBe(field)
    }
    expect(() => serializeHeader({ ...HEADER, version: 2 } as unknown as TraceHeader)).toThrow(TraceFormatError)
    // Over the line limit: refused, not written.
    expect(() => serializeEvent({ type: 'request', url: 'u'.repeat(300) }, { maxLineBytes: 100 })).toThrow(/line too long/)
  })

  it('names no line when there is no file, and the line number when writing a trace', () => {
    expect(() => serializeEvent({ type: 'logout' } as unknown as TraceEvent)).toThrow(/^field "session": missing/)
    expect(() => writeTraceText(HEADER, [{ type: 'wait', seconds: 1 }, { type: 'logout' } as unknown as TraceEvent])).toThrow(
      /^line 3, field "session": missing/,
    )
  })
})

describe('round trip', () => {
  propTest.prop([traceHeaderArb, fc.array(traceEventArb, { maxLength: 20 })], { numRuns: 200 })(
    'writeTraceText then readTraceText gives the same header and events, unknown fields included',
    (header, events) => {
      const text = writeTraceText(header, events)
      expect(text.split('\n')).toHaveLength(events.length + 2) // one line each, and a final LF
      const records = [...readTraceText(text)]
      expect(records).toEqual([
        { kind: 'header', line: 1, header },
        ...events.map((event, i) => ({ kind: 'event', line: i + 2, event })),
      ])
      // Written back, the text is identical (same key order, nothing lost).
      const again = writeTraceText(
        (records[0] as { header: TraceHeader }).header,
        records.slice(1).map((r) => (r as { event: TraceEvent }).event),
      )
      expect(again).toBe(text)
    },
  )

  it('keeps a field named "__proto__" through read and write', () => {
    const text = `${serializeHeader(HEADER)}\n{"type":"wait","seconds":1,"__proto__":{"x":1}}\n`
    const [h, e] = [...readTraceText(text)]
    expect(writeTraceText((h as { header: TraceHeader }).header, [(e as { event: TraceEvent }).event])).toBe(text)
  })
})

describe('TraceWriter', () => {
  it('streams the same text as writeTraceText, waiting for drain under backpressure', async () => {
    const events: TraceEvent[] = Array.from({ length: 200 }, (_, i) => ({ type: 'wait', seconds: i, note: 'n'.repeat(50) }))
    const sink = new SlowSink(256, 1)
    const writer = new TraceWriter(sink, HEADER)
    let maxPending = 0
    for (const event of events) {
      await writer.write(event)
      maxPending = Math.max(maxPending, sink.writableLength)
    }
    await writer.close()
    expect(sink.text).toBe(writeTraceText(HEADER, events))
    expect(writer.lines).toBe(201)
    // After each awaited write the stream is below its high-water mark, so
    // a slow consumer never makes the writer buffer more than one line over it.
    expect(maxPending).toBeLessThan(256)
    expect(sink.maxBuffered).toBeLessThan(256 + 200)
  })

  it('waits for a drain the header write caused', async () => {
    const sink = new SlowSink(8, 5) // the header alone fills it
    const writer = new TraceWriter(sink, HEADER)
    await new Promise((r) => setTimeout(r, 30)) // drain happens before the first write()
    await writer.write({ type: 'wait', seconds: 1 })
    await writer.close()
    expect(sink.text).toBe(writeTraceText(HEADER, [{ type: 'wait', seconds: 1 }]))
  }, 5000) // a missed 'drain' shows up as a hang

  it('refuses an invalid event without writing anything, and keeps going', async () => {
    const sink = new SlowSink(1024, 0)
    const writer = new TraceWriter(sink, HEADER)
    await expect(writer.write({ type: 'wait' } as unknown as TraceEvent)).rejects.toMatchObject({ code: 'schema', line: 2, field: 'seconds' })
    await writer.write({ type: 'wait', seconds: 2 })
    await writer.close()
    expect(sink.text).toBe(writeTraceText(HEADER, [{ type: 'wait', seconds: 2 }]))
  })

  it('rejects writes after close, and close is idempotent', async () => {
    const writer = new TraceWriter(new SlowSink(1024, 0), HEADER)
    await writer.close()
    await writer.close()
    await expect(writer.write({ type: 'wait', seconds: 1 })).rejects.toThrow('closed')
  })

  it('turns a stream error into a rejected write instead of a crash', async () => {
    const failing = new Writable({
      write(_chunk, _enc, done) {
        done(new Error('disk full'))
      },
    })
    const writer = new TraceWriter(failing, HEADER)
    await new Promise((r) => setTimeout(r, 10))
    await expect(writer.write({ type: 'wait', seconds: 1 })).rejects.toThrow('disk full')
    await expect(writer.close()).rejects.toThrow('disk full')
  })
})
