/**
 * The streaming side of the reader: chunk boundaries, sources (iterables,
 * streams, files), bounded memory, abort, progress and early exit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { fc, test as propTest } from '@fast-check/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { TraceFormatError, readTrace, readTraceText, validateTraceFile, type TraceRecord } from '../../src-main/trace/reader.js'
import { writeTraceText } from '../../src-main/trace/writer.js'
import { fromChunks, splitAt, traceEventArb, traceHeaderArb } from './arbitraries.js'

const HEADER = '{"format":"session-trace","version":1,"title":"Ünïcødé 🎉 日本語"}'
const UNICODE_TRACE = `${HEADER}\n{"type":"setState","session":"Ä","item":"P1_X","value":"€ 𝄞 ñ — ✓"}\r\n{"type":"wait","seconds":1}`

async function collect(source: Parameters<typeof readTrace>[0], options?: Parameters<typeof readTrace>[1]): Promise<TraceRecord[]> {
  const out: TraceRecord[] = []
  for await (const r of readTrace(source, options)) out.push(r)
  return out
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (e) {
    return e
  }
  throw new Error('expected a rejection')
}

const dir = mkdtempSync(join(tmpdir(), 'trace-reader-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('readTrace: chunking', () => {
  it('reassembles multi-byte UTF-8 split across one-byte Buffer chunks', async () => {
    const bytes = Buffer.from(`\uFEFF${UNICODE_TRACE}`, 'utf8')
    const oneByteChunks = [...bytes].map((b) => Buffer.from([b]))
    const records = await collect(fromChunks(oneByteChunks))
    expect(records).toEqual([...readTraceText(UNICODE_TRACE)])
    expect(records[0]).toMatchObject({ header: { title: 'Ünïcødé 🎉 日本語' } })
    expect(records[1]).toMatchObject({ event: { session: 'Ä', value: '€ 𝄞 ñ — ✓' } })
  })

  it('reassembles surrogate pairs split across string chunks', async () => {
    const chars = UNICODE_TRACE.split('') // UTF-16 units: astral characters are cut in half
    expect(await collect(fromChunks(chars))).toEqual([...readTraceText(UNICODE_TRACE)])
  })

  it('accepts Uint8Array chunks and a mix of text and bytes', async () => {
    const text = `${HEADER}\n{"type":"wait","seconds":1}\n`
    const u8 = new TextEncoder().encode(text)
    expect(await collect(fromChunks([u8.subarray(0, 10), u8.subarray(10)]))).toHaveLength(2)
    expect(await collect(fromChunks<string | Buffer>([text.slice(0, 20), Buffer.from(text.slice(20))]))).toHaveLength(2)
  })

  propTest.prop([traceHeaderArb, fc.array(traceEventArb, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 30 }), fc.boolean()], {
    numRuns: 150,
  })('any chunking of any trace (LF or CRLF) reads the same as the whole text', async (header, events, cuts, crlf) => {
    let text = writeTraceText(header, events)
    if (crlf) text = text.replaceAll('\n', '\r\n')
    const expected = [...readTraceText(text)]
    expect(await collect(fromChunks(splitAt(Buffer.from(text, 'utf8'), cuts)))).toEqual(expected)
  })

  it('blames invalid UTF-8 on its line, even when a chunk holds several lines', async () => {
    const good = Buffer.from(`${HEADER}\n{"type":"wait","seconds":1}\n`)
    const bad = Buffer.concat([Buffer.from('{"type":"request","url":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')])
    const e = await rejection(collect(fromChunks([Buffer.concat([good, bad])])))
    expect(e).toBeInstanceOf(TraceFormatError)
    expect(e).toMatchObject({ code: 'json', line: 3 })
    expect((e as Error).message).toContain('not valid UTF-8')
  })

  it('yields the good lines of a chunk before the problem on a later line', async () => {
    const seen: number[] = []
    const e = await rejection(
      (async () => {
        for await (const r of readTrace(fromChunks([`${HEADER}\n{"type":"wait","seconds":1}\n{"type":"x"}\n`]))) seen.push(r.line)
      })(),
    )
    expect(seen).toEqual([1, 2])
    expect(e).toMatchObject({ code: 'eventType', line: 3 })
  })

  it('reports a truncated last line from a stream', async () => {
    const e = await rejection(collect(fromChunks([`${HEADER}\n`, '{"type":"wait",', '"seconds"'])))
    expect(e).toMatchObject({ code: 'truncated', line: 2 })
  })
})

describe('readTrace: bounded memory', () => {
  it('refuses an endless line after reading little more than the limit', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61)
    let pulled = 0
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${HEADER}\n{"type":"request","url":"`)
      for (;;) {
        pulled += chunk.length
        yield chunk
      }
    }
    const e = await rejection(collect(endless()))
    expect(e).toBeInstanceOf(TraceFormatError)
    expect(e).toMatchObject({ code: 'lineTooLong', line: 2, field: null })
    const limit = 8 * 1024 * 1024
    expect(pulled).toBeGreaterThan(limit - chunk.length)
    expect(pulled).toBeLessThanOrEqual(limit + chunk.length)
  })

  it('honours a smaller maxLineBytes', async () => {
    const e = await rejection(collect(fromChunks([`${HEADER}\n{"type":"request","url":"${'u'.repeat(5000)}"}\n`]), { maxLineBytes: 1000 }))
    expect(e).toMatchObject({ code: 'lineTooLong', line: 2 })
  })

  it('refuses a 10 MB value from a stream with the field, when lines may be that long', async () => {
    const big = 'v'.repeat(10_000_000)
    const line = `{"type":"setState","session":"A","item":"P9_BLOB","value":"${big}"}\n`
    const chunks = splitAt(Buffer.from(`${HEADER}\n${line}`), [100_000, 3_000_000, 7_000_001])
    const e = await rejection(collect(fromChunks(chunks), { maxLineBytes: 16 * 1024 * 1024 }))
    expect(e).toMatchObject({ code: 'schema', line: 2, field: 'value' })
    expect((e as Error).message).toBe('line 2, field "value": value too long: 9.5 MiB; a single value may hold at most 1 MiB')
  })
})

describe('readTrace: sources', () => {
  it('reads a file path, a Readable and a file with a BOM and CRLF', async () => {
    const path = join(dir, 'a.sstrace')
    writeFileSync(path, `\uFEFF${UNICODE_TRACE.replaceAll('\n', '\r\n')}\r\n`)
    const expected = [...readTraceText(UNICODE_TRACE)]
    expect(await collect(path)).toEqual(expected)
    expect(await collect(Readable.from([Buffer.from(UNICODE_TRACE)]))).toEqual(expected)
  })

  it('lets I/O errors through as they are', async () => {
    const e = await rejection(collect(join(dir, 'missing.sstrace')))
    expect(e).not.toBeInstanceOf(TraceFormatError)
    expect(e).toMatchObject({ code: 'ENOENT' })
  })

  it('reports progress in bytes, ending at the size of the input', async () => {
    const bytes = Buffer.from(UNICODE_TRACE)
    const progress: number[] = []
    await collect(fromChunks(splitAt(bytes, [7, 50, 51, 90])), { onProgress: (n) => progress.push(n) })
    expect(progress).toEqual([7, 50, 51, 90, bytes.length])
  })

  it('closes the source when the consumer stops early', async () => {
    let closed = false
    async function* source(): AsyncGenerator<string> {
      try {
        yield `${HEADER}\n`
        yield '{"type":"wait","seconds":1}\n'
        yield '{"type":"wait","seconds":2}\n'
      } finally {
        closed = true
      }
    }
    for await (const r of readTrace(source())) if (r.kind === 'header') break
    expect(closed).toBe(true)
  })
})

describe('readTrace: abort', () => {
  it('throws at once for an already aborted signal', async () => {
    const e = await rejection(collect(fromChunks([HEADER]), { signal: AbortSignal.abort() }))
    expect(e).toMatchObject({ name: 'AbortError' })
  })

  it('stops a read that waits on a stalled source, and a loop between records', async () => {
    const controller = new AbortController()
    async function* stalled(): AsyncGenerator<string> {
      yield `${HEADER}\n{"type":"wait","seconds":1}\n`
      await new Promise(() => undefined) // never delivers the rest
    }
    const seen: number[] = []
    const e = await rejection(
      (async () => {
        for await (const r of readTrace(stalled(), { signal: controller.signal })) {
          seen.push(r.line)
          if (r.line === 2) setTimeout(() => controller.abort(new Error('user cancelled')), 10)
        }
      })(),
    )
    expect(seen).toEqual([1, 2])
    expect(e).toMatchObject({ message: 'user cancelled' })

    const between = new AbortController()
    const lines: number[] = []
    const e2 = await rejection(
      (async () => {
        for await (const r of readTrace(fromChunks([`${HEADER}\n{"type":"wait","seconds":1}\n{"type":"wait","seconds":2}\n`]), {
          signal: between.signal,
        })) {
          lines.push(r.line)
          between.abort()
        }
      })(),
    )
    expect(lines).toEqual([1])
    expect(e2).toMatchObject({ name: 'AbortError' })
  })

  it('aborts a file read', async () => {
    const path = join(dir, 'big.sstrace')
    writeFileSync(path, `${HEADER}\n` + '{"type":"wait","seconds":1}\n'.repeat(50_000))
    const controller = new AbortController()
    let events = 0
    const e = await rejection(
      (async () => {
        for await (const r of readTrace(path, { signal: controller.signal })) {
          if (r.kind === 'event' && ++events === 10) controller.abort()
        }
      })(),
    )
    expect(e).toMatchObject({ name: 'AbortError' })
    expect(events).toBe(10)
  })
})

describe('validateTraceFile', () => {
  it('counts the events of a good file', async () => {
    const path = join(dir, 'good.sstrace')
    writeFileSync(path, `${HEADER}\n{"type":"wait","seconds":1}\n\n{"type":"logout","session":"A"}\n`)
    expect(await validateTraceFile(path)).toEqual({ ok: true, events: 2 })
  })

  it('returns the first problem of a bad file', async () => {
    const path = join(dir, 'bad.sstrace')
    writeFileSync(path, `${HEADER}\n{"type":"wait","seconds":-1}\n`)
    const result = await validateTraceFile(path)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(TraceFormatError)
      expect(result.error).toMatchObject({ code: 'schema', line: 2, field: 'seconds' })
    }
  })

  it('rejects on I/O errors instead of calling them format problems', async () => {
    await expect(validateTraceFile(join(dir, 'nope.sstrace'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
