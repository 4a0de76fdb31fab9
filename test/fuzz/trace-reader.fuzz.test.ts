/**
 * Fuzz target: the trace reader (reader.ts readTraceText, parse-line.ts
 * parseTraceLine, line-splitter.ts). Property: any text — random, JSON-shaped,
 * or a header with random fields followed by JSON lines — gives records or a
 * TraceFormatError naming a line, never another exception; and it ends.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineSplitter } from '../../src-main/trace/line-splitter.js'
import { TraceFormatError, parseTraceLine, readTraceText } from '../../src-main/trace/reader.js'
import { anyText, fuzz, textOf } from './fuzz-runs.js'

function readAll(text: string): number {
  let n = 0
  try {
    for (const _ of readTraceText(text)) n++
  } catch (err) {
    if (!(err instanceof TraceFormatError)) throw err
    expect(err.line).toBeGreaterThanOrEqual(0)
  }
  return n
}

const headerish = fc
  .record(
    {
      format: fc.oneof(fc.constant('session-trace'), fc.string({ maxLength: 5 })),
      version: fc.oneof(fc.constant(1), fc.integer(), fc.string({ maxLength: 3 })),
      title: fc.string({ maxLength: 10 }),
      apps: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 2 }),
      use: fc.array(fc.oneof(fc.constant('demo:onboarding'), fc.string({ maxLength: 8 })), { maxLength: 2 }),
      appFiles: fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }),
      seed: fc.oneof(fc.integer(), fc.double()),
      startTime: fc.string({ maxLength: 25 }),
    },
    { requiredKeys: ['format', 'version'] },
  )
  .map((h) => JSON.stringify(h))

const eventish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        type: fc.constantFrom('request', 'submit', 'clone', 'login', 'logout', 'wait', 'setState', 'clearCache', 'expect', 'bogus'),
        url: fc.oneof(fc.constant('f?p=HR:43'), fc.string({ maxLength: 20 })),
        as: fc.string({ maxLength: 4 }),
        session: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
        seconds: fc.oneof(fc.double(), fc.integer()),
        t: fc.oneof(fc.double(), fc.integer(), fc.constant(null)),
        state: fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.constant(null))),
        effects: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 2 }),
      },
      { requiredKeys: ['type'] },
    )
    .map((e) => JSON.stringify(e)),
  anyText(40),
)

const traceText = fc
  .tuple(fc.oneof(headerish, anyText(60)), fc.array(eventish, { maxLength: 6 }), fc.constantFrom('\n', '\r\n', ''), fc.boolean())
  .map(([h, events, eol, bom]) => (bom ? '\ufeff' : '') + [h, ...events].join(eol === '' ? '\n' : eol) + eol)

describe('fuzz: trace reader', () => {
  it('readTraceText gives records or a TraceFormatError on any text', () => {
    fuzz('trace reader (readTraceText)', fc.oneof(traceText, anyText(300), textOf(['{', '}', '"format"', ':', '"session-trace"', ',', '"version":1', '\n', '\r', '[', ']', '"type"', '"request"', 'null', '1e999', '\\u0000', '\ufeff'])), 4000, (text) => {
      readAll(text)
    })
  })

  it('parseTraceLine gives a record, null or a TraceFormatError on any line, as header or event', () => {
    fuzz('trace line parser (parseTraceLine)', fc.tuple(fc.oneof(headerish, eventish, anyText(200)), fc.boolean()), 4000, ([line, isHeader]) => {
      try {
        const r = parseTraceLine(line, 1, isHeader)
        expect(r === null || typeof r === 'object').toBe(true)
      } catch (err) {
        if (!(err instanceof TraceFormatError)) throw err
      }
    })
  })

  it('the line splitter gives lines or a TraceFormatError on any bytes, in any chunks', () => {
    const bytes = fc.uint8Array({ maxLength: 200 })
    fuzz('trace line splitter (bytes)', fc.tuple(bytes, fc.array(fc.nat(200), { maxLength: 4 })), 3000, ([data, cuts]) => {
      const splitter = new LineSplitter(64)
      const buf = Buffer.from(data)
      const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b)
      let from = 0
      try {
        for (const to of [...points, buf.length]) {
          for (const _ of splitter.push(buf.subarray(from, to))) void _
          from = to
        }
        splitter.end()
      } catch (err) {
        if (!(err instanceof TraceFormatError)) throw err
      }
    })
  })
})
