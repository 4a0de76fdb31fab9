/**
 * The zod schemas used directly (IPC, API): loose objects, one clear message
 * for an unknown event type, and the expect table/rows pairing.
 */
import { describe, expect, it } from 'vitest'
import { EVENT_TYPES, ExpectEventSchema, TraceEventSchema, TraceHeaderSchema } from '../../src-main/trace/schema.js'

describe('trace schemas', () => {
  it('give one issue, listing every known type, for an unknown event type', () => {
    const r = TraceEventSchema.safeParse({ type: 'teleport', to: 'mars' })
    expect(r.success).toBe(false)
    expect(r.error?.issues).toHaveLength(1)
    expect(r.error?.issues[0]?.message).toBe(`unknown event type; known types: ${EVENT_TYPES.join(', ')}`)
  })

  it('list the event types in the order of the union', () => {
    expect(TraceEventSchema.options.map((o) => o.shape.type.value)).toEqual([...EVENT_TYPES])
  })

  it('keep unknown fields in their output', () => {
    expect(TraceHeaderSchema.parse({ format: 'session-trace', version: 1, title: 't', x: 1 })).toEqual({
      format: 'session-trace',
      version: 1,
      title: 't',
      x: 1,
    })
    expect(TraceEventSchema.parse({ type: 'wait', seconds: 1, effects: [{ op: 'notice', message: 'm', y: [2] }], z: null })).toEqual({
      type: 'wait',
      seconds: 1,
      effects: [{ op: 'notice', message: 'm', y: [2] }],
      z: null,
    })
  })

  it('accept recorded effects and outcome on every event, and expect with table and rows together only', () => {
    expect(TraceEventSchema.safeParse({ type: 'logout', session: 'A', outcome: 'expired', effects: [] }).success).toBe(true)
    expect(ExpectEventSchema.safeParse({ type: 'expect', table: 'EMP', rows: [] }).success).toBe(true)
    expect(ExpectEventSchema.safeParse({ type: 'expect', table: 'EMP' }).error?.issues[0]?.path).toEqual(['rows'])
    expect(ExpectEventSchema.safeParse({ type: 'expect', rows: [] }).error?.issues[0]?.path).toEqual(['table'])
    expect(ExpectEventSchema.safeParse({ type: 'expect', outcome: 'maybe' }).success).toBe(false)
  })

  it('accept a startTime with an offset, and refuse a date without time', () => {
    const h = { format: 'session-trace', version: 1, title: 't' }
    expect(TraceHeaderSchema.safeParse({ ...h, startTime: '2026-01-01T09:00:00+02:00' }).success).toBe(true)
    expect(TraceHeaderSchema.safeParse({ ...h, startTime: '2026-01-01' }).success).toBe(false)
  })
})
