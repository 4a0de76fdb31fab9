/**
 * The reader's verdict on whole inputs: what it accepts, and for everything it
 * refuses, the code, line, field and wording of the error.
 */
import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { TraceFormatError, parseTraceLine, readTraceText, type TraceRecord } from '../../src-main/trace/reader.js'
import { EVENT_TYPES } from '../../src-main/trace/schema.js'

const HEADER = '{"format":"session-trace","version":1,"title":"t"}'

function readAll(text: string, options?: Parameters<typeof readTraceText>[1]): TraceRecord[] {
  return [...readTraceText(text, options)]
}

/** The TraceFormatError reading `text` throws (fails the test if it reads fine or throws something else). */
function errorOf(text: string, options?: Parameters<typeof readTraceText>[1]): TraceFormatError {
  try {
    readAll(text, options)
  } catch (e) {
    expect(e).toBeInstanceOf(TraceFormatError)
    return e as TraceFormatError
  }
  throw new Error('expected the trace to be refused')
}

describe('readTraceText: accepted input', () => {
  it('yields the header on line 1 and each event with its line number, skipping blank lines', () => {
    const text = [HEADER, '{"type":"request","url":"f?p=100:1","as":"A"}', '', '   ', '{"type":"wait","seconds":5}'].join('\n')
    expect(readAll(text)).toEqual([
      { kind: 'header', line: 1, header: { format: 'session-trace', version: 1, title: 't' } },
      { kind: 'event', line: 2, event: { type: 'request', url: 'f?p=100:1', as: 'A' } },
      { kind: 'event', line: 5, event: { type: 'wait', seconds: 5 } },
    ])
  })

  it('accepts a header-only trace and a last line without line break', () => {
    expect(readAll(HEADER)).toHaveLength(1)
    expect(readAll(`${HEADER}\n{"type":"logout","session":"A"}`)).toHaveLength(2)
  })

  it('keeps unknown fields everywhere: header, apps, pages, events, effects', () => {
    const header = {
      format: 'session-trace',
      version: 1,
      title: 't',
      futureTop: { a: [1, 2] },
      apps: [{ id: 100, name: 'A', homePage: 1, colour: 'red', pages: [{ id: 1, name: 'P', layout: 'grid', items: [{ name: 'P1_X', width: 3 }] }] }],
    }
    const event = {
      type: 'setState',
      session: 'A',
      item: 'P1_X',
      value: 'v',
      origin: 'plugin',
      effects: [{ op: 'notice', message: 'm', severity: 2 }],
      outcome: 'ok',
    }
    const [h, e] = readAll(`${JSON.stringify(header)}\n${JSON.stringify(event)}\n`)
    expect(h).toEqual({ kind: 'header', line: 1, header })
    expect(e).toEqual({ kind: 'event', line: 2, event })
  })

  it('keeps even an unknown field named "__proto__", as an own field, without touching prototypes', () => {
    const [, e] = readAll(`${HEADER}\n{"type":"wait","seconds":1,"__proto__":{"polluted":true}}`)
    const event = e?.kind === 'event' ? e.event : undefined
    expect(Object.prototype.hasOwnProperty.call(event, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('preserves the key order of the file', () => {
    const [, e] = readAll(`${HEADER}\n{"seconds":1,"zeta":0,"type":"wait","alpha":0}`)
    expect(Object.keys(e?.kind === 'event' ? e.event : {})).toEqual(['seconds', 'zeta', 'type', 'alpha'])
  })

  it('accepts CRLF line breaks', () => {
    const records = readAll(`${HEADER}\r\n{"type":"request","url":"u"}\r\n\r\n{"type":"wait","seconds":1}\r\n`)
    expect(records.map((r) => r.line)).toEqual([1, 2, 4])
    expect(records[1]).toEqual({ kind: 'event', line: 2, event: { type: 'request', url: 'u' } })
  })

  it('accepts a BOM before the header', () => {
    expect(readAll(`\uFEFF${HEADER}\n`)[0]).toMatchObject({ kind: 'header', header: { title: 't' } })
  })

  it('accepts expect with table and rows, and each recorded effect kind', () => {
    const lines = [
      HEADER,
      '{"type":"expect","table":"EMP","rows":[{"ENAME":"KING","COMM":null}],"state":{"P1_X":"a","100:P1_Y":null},"status":"active","page":1,"outcome":"ok"}',
      '{"type":"expect","outcome":"validationFailed"}',
      '{"type":"submit","session":"A","page":1,"values":{"P1_X":"a","P1_N":3,"P1_E":null},"outcome":"ok","effects":[' +
        '{"op":"set","session":1,"app":100,"page":1,"item":"P1_X","from":null,"fromStatus":null,"to":"a","toStatus":"I","cause":"submit"},' +
        '{"op":"userSet","user":"SCOTT","app":100,"item":"P1_U","from":null,"to":"x","cause":"c"},' +
        '{"op":"insertRow","app":100,"table":"EMP","index":0,"row":{"ENAME":"KING"},"cause":"process"},' +
        '{"op":"warning","message":"not simulated"}]}',
    ]
    expect(readAll(lines.join('\n'))).toHaveLength(4)
  })
})

describe('readTraceText: refused input', () => {
  it('refuses an empty or blank file as "empty"', () => {
    for (const text of ['', '\n', '  \n\t\n', '\uFEFF', '\r\n']) {
      const e = errorOf(text)
      expect(e.code).toBe('empty')
      expect(e.line).toBe(1)
    }
  })

  it('requires the header on line 1, literally (a blank line 1 is refused)', () => {
    const e = errorOf(`\n${HEADER}\n`)
    expect(e).toMatchObject({ code: 'format', line: 1 })
    expect(e.message).toContain('line 1 is blank')
  })

  it('refuses a trace whose line 1 is an event (header missing)', () => {
    const e = errorOf('{"type":"request","url":"f?p=100:1"}\n')
    expect(e).toMatchObject({ code: 'format', line: 1, field: 'format' })
    expect(e.message).toMatch(/^line 1, field "format": missing: line 1 must be the trace header/)
  })

  it('refuses another format', () => {
    const e = errorOf('{"format":"har","version":1,"title":"t"}')
    expect(e).toMatchObject({ code: 'format', line: 1, field: 'format' })
    expect(e.message).toBe('line 1, field "format": not a session trace: expected "session-trace", got "har"')
  })

  it('refuses another version, naming the supported ones', () => {
    for (const version of ['2', '"1"', '0', 'null']) {
      const e = errorOf(`{"format":"session-trace","version":${version},"title":"t"}`)
      expect(e).toMatchObject({ code: 'version', line: 1, field: 'version' })
      expect(e.message).toContain('this reader supports version 1')
    }
    expect(errorOf('{"format":"session-trace","title":"t"}').message).toBe(
      'line 1, field "version": missing; this reader supports version 1',
    )
  })

  it('refuses an unknown event type with one message listing the known types', () => {
    const e = errorOf(`${HEADER}\n{"type":"request","url":"u"}\n{"type":"teleport"}\n`)
    expect(e).toMatchObject({ code: 'eventType', line: 3, field: 'type' })
    expect(e.message).toBe(`line 3, field "type": unknown event type "teleport"; known types: ${EVENT_TYPES.join(', ')}`)
  })

  it('refuses an event without type, and hints when it is a second header', () => {
    expect(errorOf(`${HEADER}\n{"seconds":1}`)).toMatchObject({ code: 'eventType', line: 2, field: 'type' })
    expect(errorOf(`${HEADER}\n${HEADER}`).message).toContain('a header is only allowed on line 1')
  })

  it('refuses a line that is JSON but not an object', () => {
    expect(errorOf(`${HEADER}\n[1,2]`)).toMatchObject({ code: 'schema', line: 2, field: null })
    expect(errorOf('"session-trace"')).toMatchObject({ code: 'format', line: 1 })
  })

  it('names the line and field of a schema error, in words', () => {
    const e = errorOf(`${HEADER}\n\n\n\n\n{"type":"submit","session":"A","page":"43"}`)
    expect(e).toMatchObject({ code: 'schema', line: 6, field: 'page' })
    expect(e.message).toBe('line 6, field "page": expected a number, got "43"')
  })

  it('names nested fields with dots and brackets', () => {
    const header = {
      format: 'session-trace',
      version: 1,
      title: 't',
      apps: [{ id: 1, name: 'A', homePage: 1, pages: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: 'c', items: [{ name: 'P3_A' }, { name: 'P3_B', source: 5 }] }] }],
    }
    expect(errorOf(JSON.stringify(header))).toMatchObject({ code: 'schema', line: 1, field: 'apps[0].pages[2].items[1].source' })
    expect(errorOf(`${HEADER}\n{"type":"submit","session":"A","page":1,"values":{"P1_X":{}}}`).message).toBe(
      'line 2, field "values.P1_X": expected a string, a number or null, got an object',
    )
    expect(errorOf(`${HEADER}\n{"type":"expect","state":{"100:P1_X":1}}`).field).toBe('state["100:P1_X"]')
    expect(errorOf(`${HEADER}\n{"type":"wait","seconds":1,"effects":[{"op":"boom"}]}`)).toMatchObject({
      code: 'schema',
      field: 'effects[0].op',
    })
  })

  it('says "missing" for a missing required field', () => {
    expect(errorOf(`${HEADER}\n{"type":"login","session":"A"}`).message).toBe('line 2, field "user": missing (expected a string)')
    expect(errorOf('{"format":"session-trace","version":1}').message).toBe('line 1, field "title": missing (expected a string)')
  })

  it('requires expect table and rows together', () => {
    expect(errorOf(`${HEADER}\n{"type":"expect","table":"EMP"}`)).toMatchObject({ code: 'schema', field: 'rows' })
    expect(errorOf(`${HEADER}\n{"type":"expect","rows":[]}`)).toMatchObject({ code: 'schema', field: 'table' })
  })

  it('refuses a bad startTime with an example of a good one', () => {
    const e = errorOf('{"format":"session-trace","version":1,"title":"t","startTime":"tomorrow"}')
    expect(e).toMatchObject({ code: 'schema', field: 'startTime' })
    expect(e.message).toContain('2026-01-01T09:00:00Z')
  })

  it('refuses malformed JSON mid-file as "json", with the line and JSON.parse position', () => {
    const e = errorOf(`${HEADER}\n{"type":"wait","seconds":1}\n{"type":"wait",,}\n{"type":"wait","seconds":2}\n`)
    expect(e).toMatchObject({ code: 'json', line: 3, field: null })
    expect(e.message).toMatch(/^line 3: invalid JSON: /)
    expect(e.column).toBe(16)
  })

  it('refuses a cut-off last line as "truncated"', () => {
    const e = errorOf(`${HEADER}\n{"type":"wait","seconds":1}\n{"type":"wait","sec`)
    expect(e).toMatchObject({ code: 'truncated', line: 3, field: null })
    expect(e.message).toMatch(/^line 3: truncated: the last line is incomplete/)
    // A header cut off is truncated too.
    expect(errorOf('{"format":"session-tr')).toMatchObject({ code: 'truncated', line: 1 })
  })

  it('calls an unparsable last line that does end in a line break "json", not "truncated"', () => {
    expect(errorOf(`${HEADER}\n{"type":"wait",}\n`)).toMatchObject({ code: 'json', line: 2 })
  })

  it('reads a lone surrogate in text as U+FFFD, as a UTF-8 file would hold it', () => {
    // (Invalid UTF-8 bytes can only come through the streaming reader: reader-stream.test.ts.)
    expect(readAll(`${HEADER}\n{"type":"request","url":"\uD800"}`)[1]).toMatchObject({ event: { url: '\uFFFD' } })
  })

  it('refuses a 10 MB value: by line length by default, and by field when lines may be longer', () => {
    const big = 'x'.repeat(10_000_000)
    const text = `${HEADER}\n{"type":"wait","seconds":1}\n{"type":"submit","session":"A","page":1,"values":{"P1_X":"${big}"}}\n`
    const byLine = errorOf(text)
    expect(byLine).toMatchObject({ code: 'lineTooLong', line: 3, field: null })
    expect(byLine.message).toContain('8 MiB')
    const byValue = errorOf(text, { maxLineBytes: 32 * 1024 * 1024 })
    expect(byValue).toMatchObject({ code: 'schema', line: 3, field: 'values.P1_X' })
    expect(byValue.message).toBe('line 3, field "values.P1_X": value too long: 9.5 MiB; a single value may hold at most 1 MiB')
  })

  it('refuses an over-long value within the line limit, wherever values live', () => {
    const big = JSON.stringify('é'.repeat(600_000)) // 1.2 MB of UTF-8 in 600k characters
    const cases: [string, string][] = [
      [`{"type":"setState","session":"A","item":"P1_X","value":${big}}`, 'value'],
      [`{"type":"expect","state":{"P1_X":${big}}}`, 'state.P1_X'],
      [`{"type":"expect","table":"EMP","rows":[{"A":"a"},{"ENAME":${big}}]}`, 'rows[1].ENAME'],
      [`{"type":"request","url":${big}}`, 'url'],
      [
        `{"type":"wait","seconds":1,"effects":[{"op":"set","session":1,"app":1,"page":null,"item":"X","from":null,"fromStatus":null,"to":${big},"toStatus":"I","cause":"c"}]}`,
        'effects[0].to',
      ],
      [`{"type":"wait","seconds":1,"effects":[{"op":"insertRow","app":1,"table":"T","index":0,"row":{"C":${big}},"cause":"c"}]}`, 'effects[0].row.C'],
    ]
    for (const [line, field] of cases) expect(errorOf(`${HEADER}\n${line}`)).toMatchObject({ code: 'schema', line: 2, field })
    // Exactly at the limit is fine; the limit is configurable.
    const atLimit = JSON.stringify('x'.repeat(1024 * 1024))
    expect(readAll(`${HEADER}\n{"type":"setState","session":"A","item":"X","value":${atLimit}}`)).toHaveLength(2)
    expect(errorOf(`${HEADER}\n{"type":"setState","session":"A","item":"X","value":"abcdef"}`, { maxValueBytes: 5 }).field).toBe('value')
  })

  it('refuses a line over the line limit', () => {
    const e = errorOf(`${HEADER}\n{"type":"request","url":"${'u'.repeat(200)}"}\n`, { maxLineBytes: 100 })
    expect(e).toMatchObject({ code: 'lineTooLong', line: 2, field: null })
    expect(e.message).toBe('line 2: line too long: more than 100 bytes (the limit for one line); the rest of the line was not read')
  })

  it('reports the first problem of the file', () => {
    const e = errorOf(`${HEADER}\n{"type":"nope"}\n{"type":"request","url":"${'u'.repeat(200)}"}\n`, { maxLineBytes: 100 })
    expect(e).toMatchObject({ code: 'eventType', line: 2 })
  })

  propTest.prop([
    fc.oneof(
      fc.string({ unit: 'binary' }),
      fc
        .array(
          fc.oneof(
            fc.constant(HEADER),
            fc.json(),
            fc.string(),
            fc.constantFrom('', '\r', '\uFEFF', '{', '{"type":"wait","seconds":1}', '{"type":"expect","table":"T"}'),
            fc
              .tuple(fc.constantFrom(...EVENT_TYPES, 'format', 'x'), fc.dictionary(fc.constantFrom('session', 'page', 'url', 'values', 'effects', 'value', 'seconds', 'as', 'user', 'state', 'rows', 'table', 'item', 'tokens', 'version', 'format', 'title', 'apps', 'type'), fc.jsonValue({ maxDepth: 3 })))
              .map(([type, rest]) => JSON.stringify({ type, ...rest })),
          ),
          { maxLength: 6 },
        )
        .map((lines) => lines.join('\n')),
    ),
  ])('for any text, yields records or throws TraceFormatError, never anything else', (text) => {
    try {
      for (const record of readTraceText(text, { maxLineBytes: 1000, maxValueBytes: 50 })) expect(record.kind).toMatch(/header|event/)
    } catch (e) {
      if (!(e instanceof TraceFormatError)) throw e
      expect(e.line).toBeGreaterThanOrEqual(1)
      expect(e.message).toMatch(/^line \d+(, field ".*")?: ./s)
    }
  })
})

describe('parseTraceLine', () => {
  it('returns null for a blank line, a header record for line 1, an event record otherwise', () => {
    expect(parseTraceLine(' \t', 4, false)).toBeNull()
    expect(parseTraceLine(HEADER, 1, true)).toMatchObject({ kind: 'header', line: 1 })
    expect(parseTraceLine('{"type":"logout","session":7}', 9, false)).toEqual({ kind: 'event', line: 9, event: { type: 'logout', session: 7 } })
  })

  it('throws TraceFormatError with the given line number', () => {
    expect(() => parseTraceLine('{"type":"logout"}', 12, false)).toThrow('line 12, field "session": missing')
  })
})
