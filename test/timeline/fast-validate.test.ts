/**
 * The loader's fast acceptance check must be sound: whatever it accepts, the
 * trace module's schema accepts too (it may refuse more — those lines go to
 * the schema). Checked on generated events, on random mutations of them, and
 * on arbitrary JSON; and its list of known keys must match the schemas'.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { EffectSchema, GroupRecordSchema, SessionRecordSchema } from '../../src-main/engine/model/effect.js'
import { validateEventObject } from '../../src-main/trace/parse-line.js'
import { TraceEventSchema } from '../../src-main/trace/schema.js'
import { generateEvents } from '../../scripts/trace-generator/index.js'
import { FAST_VALIDATE_KEYS, fastAcceptEvent } from '../../src-main/timeline/load/fast-validate.js'

const MAX = 1024 * 1024
const samples = [...generateEvents({ events: 400, sessions: 6, seed: 3, recorded: true }), ...generateEvents({ events: 200, sessions: 6, seed: 4 })].map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>)

function schemaAccepts(v: unknown): boolean {
  try {
    validateEventObject(v, 2, { maxValueBytes: MAX })
    return true
  } catch {
    return false
  }
}

/** Paths to every value inside an object. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [prefix]
  const out: (string | number)[][] = prefix.length ? [prefix] : []
  for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, Array.isArray(v) ? Number(k) : k]))
  return out
}

function mutate(v: Record<string, unknown>, path: (string | number)[], value: unknown, remove: boolean): Record<string, unknown> {
  const copy = structuredClone(v)
  let o: Record<string | number, unknown> = copy
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>
  const last = path[path.length - 1]!
  if (remove) delete o[last]
  else o[last] = value
  return copy
}

describe('fast event check', () => {
  it('accepts the generated events (which the schema accepts)', () => {
    let accepted = 0
    for (const e of samples) {
      expect(schemaAccepts(e)).toBe(true)
      if (fastAcceptEvent(e, MAX)) accepted++
    }
    expect(accepted).toBe(samples.length)
  })

  const weird = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom(-1, 0, 1.5, 2 ** 60, -0, '', 'x', null, [], {}, true, 'I', 'R', 'expired', 'created', 'ok', 'nope'),
  )

  test.prop([fc.nat(), fc.nat(), weird, fc.boolean()], { numRuns: 3000 })('is sound on mutated events', (pick, at, value, remove) => {
    const base = samples[pick % samples.length]!
    const all = paths(base)
    const path = all[at % all.length]!
    if (path.length === 0) return
    const m = mutate(base, path, value, remove)
    if (fastAcceptEvent(m, MAX)) expect(schemaAccepts(m), `${JSON.stringify(path)} = ${JSON.stringify(value)}${remove ? ' (removed)' : ''}`).toBe(true)
  })

  test.prop([fc.constantFrom('request', 'submit', 'clone', 'login', 'logout', 'wait', 'setState', 'clearCache', 'expect'), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue())], { numRuns: 2000 })(
    'is sound on arbitrary objects',
    (type, rest) => {
      const v = { ...rest, type }
      if (fastAcceptEvent(v, MAX)) expect(schemaAccepts(v)).toBe(true)
    },
  )

  it('leaves an event with what the real server answered (observed) to the schema path, valid or not', () => {
    expect(fastAcceptEvent({ type: 'request', url: 'f?p=1:1', observed: 5 }, MAX)).toBe(false)
    expect(fastAcceptEvent({ type: 'request', url: 'f?p=1:1', observed: { status: 200 } }, MAX)).toBe(false)
    expect(schemaAccepts({ type: 'request', url: 'f?p=1:1', observed: 5 })).toBe(false)
    expect(fastAcceptEvent({ type: 'request', url: 'f?p=1:1' }, MAX)).toBe(true)
  })

  it('refuses values over the size limit (the schema path reports them)', () => {
    const e = { type: 'setState', session: 'A', item: 'X', value: 'x'.repeat(MAX + 1) }
    expect(fastAcceptEvent(e, MAX)).toBe(false)
  })

  it('knows exactly the keys of the schemas (a schema change must update the fast check)', () => {
    const shapeKeys = (s: unknown) => Object.keys((s as { shape: Record<string, unknown> }).shape).sort()
    const events = (TraceEventSchema as unknown as { options: { shape: { type: { value: string } } }[] }).options
    for (const opt of events) {
      const type = (opt.shape.type as unknown as { value: string }).value
      if (type === 'expect') continue
      expect(shapeKeys(opt), type).toEqual([...FAST_VALIDATE_KEYS.events[type as keyof typeof FAST_VALIDATE_KEYS.events]].sort())
    }
    const effects = (EffectSchema as unknown as { options: { shape: { op: { value?: string; options?: string[] } } }[] }).options
    for (const opt of effects) {
      const op = (opt.shape.op as { value?: string; options?: string[] }).value ?? (opt.shape.op as { options?: string[] }).options?.[0] ?? ''
      expect(shapeKeys(opt), op).toEqual([...FAST_VALIDATE_KEYS.effects[op as keyof typeof FAST_VALIDATE_KEYS.effects]].sort())
    }
    expect(shapeKeys(SessionRecordSchema)).toEqual([...FAST_VALIDATE_KEYS.sessionRecord].sort())
    expect(shapeKeys(GroupRecordSchema)).toEqual([...FAST_VALIDATE_KEYS.groupRecord].sort())
  })
})
