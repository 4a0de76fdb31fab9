import { readFileSync } from 'node:fs'
import { fc, test as propTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { buildTraceJsonSchema, renderTraceJsonSchema, TRACE_EVENT_REF, TRACE_HEADER_REF } from '../../src-main/trace/json-schema.js'
import { EVENT_TYPES } from '../../src-main/trace/schema.js'
import { traceEventArb, traceHeaderArb } from './arbitraries.js'
import { checkJsonSchema } from './json-schema-check.js'

const COMMITTED = new URL('../../resources/schema/session-trace-v1.schema.json', import.meta.url)

const schema = buildTraceJsonSchema()
// The same document, entered at one definition (as an editor does per line).
const { anyOf: _either, ...definitions } = schema
const headerSchema = { ...definitions, $ref: TRACE_HEADER_REF }
const eventSchema = { ...definitions, $ref: TRACE_EVENT_REF }

describe('published JSON Schema', () => {
  it('is the committed file, byte for byte (run `npx tsx scripts/gen-trace-schema.ts` after a schema change)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(renderTraceJsonSchema())
  })

  it('names the header fields it requires and every event type', () => {
    const header = schema.$defs.TraceHeader
    expect(header?.required).toEqual(['format', 'version', 'title'])
    const oneOf = schema.$defs.TraceEvent?.oneOf as { $ref: string }[]
    const types = oneOf.map((branch) => {
      const name = branch.$ref.replace('#/$defs/', '')
      const props = schema.$defs[name]?.properties as Record<string, { const?: string }>
      return props.type?.const
    })
    expect(types).toEqual([...EVENT_TYPES])
  })

  it('accepts a sample header and one event of each type', () => {
    const header = {
      format: 'session-trace',
      version: 1,
      title: 'Onboard',
      startTime: '2026-01-01T09:00:00Z',
      seed: 42,
      settings: { cloneSessionEnabled: true, maxSessionIdleSec: 3600 },
      apps: [{ id: 100, name: 'HR', homePage: 1, pages: [{ id: 1, name: 'Home', items: [{ name: 'P1_X', source: "'a'" }] }] }],
      use: ['demo:onboarding'],
      appFiles: ['f130.json'],
      futureField: { kept: true },
    }
    expect(checkJsonSchema(headerSchema, header)).toEqual([])
    const events = [
      { type: 'request', url: 'f?p=100:1', as: 'A', t: 0 },
      { type: 'submit', session: 'A', page: 1, request: 'NEXT', values: { P1_X: 'a', P1_N: 3, P1_E: null } },
      { type: 'clone', session: 'A', as: 'B' },
      { type: 'login', session: 'A', user: 'SCOTT' },
      { type: 'logout', session: 4711 },
      { type: 'wait', seconds: 60 },
      { type: 'setState', session: 'A', item: 'P1_X', value: 'v', outcome: 'ok', effects: [{ op: 'rekey', from: 1, to: 2, cause: 'login' }] },
      { type: 'clearCache', session: 'A', tokens: '1,2' },
      { type: 'expect', session: 'A', state: { P1_X: 'a', '100:P1_Y': null }, table: 'EMP', rows: [{ ENAME: 'KING' }] },
    ]
    for (const e of events) expect(checkJsonSchema(eventSchema, e), e.type).toEqual([])
    // The root accepts either kind of line.
    expect(checkJsonSchema(schema, header)).toEqual([])
    expect(checkJsonSchema(schema, events[0])).toEqual([])
  })

  it('rejects what the reader rejects', () => {
    expect(checkJsonSchema(headerSchema, { format: 'session-trace', version: 1 })).toContainEqual('$: missing required title')
    expect(checkJsonSchema(headerSchema, { format: 'session-trace', version: 2, title: 'x' })).not.toEqual([])
    expect(checkJsonSchema(eventSchema, { type: 'teleport' })).not.toEqual([])
    expect(checkJsonSchema(eventSchema, { type: 'submit', session: 'A', page: '1' })).not.toEqual([])
    expect(checkJsonSchema(eventSchema, { type: 'expect', table: 'EMP' })).not.toEqual([])
    expect(checkJsonSchema(eventSchema, { type: 'wait', seconds: 1, effects: [{ op: 'explode' }] })).not.toEqual([])
  })

  propTest.prop([traceHeaderArb, fc.array(traceEventArb, { maxLength: 5 })], { numRuns: 100 })(
    'accepts every generated header and event (schema and zod agree)',
    (header, events) => {
      expect(checkJsonSchema(headerSchema, JSON.parse(JSON.stringify(header)))).toEqual([])
      for (const e of events) expect(checkJsonSchema(eventSchema, JSON.parse(JSON.stringify(e)))).toEqual([])
    },
  )
})
