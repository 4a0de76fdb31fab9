/**
 * The engine's fast path for operation validation must give exactly zod's
 * answer (same value, same key order, -0 kept) whenever it answers at all, and
 * must answer for ordinary operations (else the engine silently pays zod's
 * price for every operation again).
 */
import { test } from '@fast-check/vitest'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fastParseOperation } from '../../../src-main/engine/model/operation-fast-parse.js'
import { OperationSchema } from '../../../src-main/engine/model/operation.js'
import { generateOperations } from '../../../scripts/trace-generator/index.js'

/** Deep equality that also requires the same key order and tells -0 from 0. */
function identical(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b)
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false
  return ka.every((k) => identical((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

function agreesWithZod(input: unknown): void {
  const fast = fastParseOperation(input)
  if (fast === undefined) return
  const zod = OperationSchema.safeParse(input)
  expect(zod.success, `fast path accepted what zod rejects: ${String(JSON.stringify(input))}`).toBe(true)
  if (!zod.success) return
  expect(identical(fast, zod.data), `fast ${JSON.stringify(fast)} vs zod ${JSON.stringify(zod.data)}`).toBe(true)
  expect(fast).not.toBe(input)
}

const TYPES = ['request', 'submit', 'clone', 'login', 'logout', 'wait', 'setState', 'clearCache']
const KEYS = ['type', 't', 'note', 'session', 'url', 'as', 'page', 'app', 'request', 'values', 'user', 'seconds', 'item', 'value', 'tokens', 'extra', '__proto__', 'constructor']
const scalar = fc.oneof(
  fc.constantFrom('', 'A', 'f?p=100:1', '12', ' ', 0, -0, 1, 2, 1.5, -1, 2 ** 53, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity, null, undefined, true, false),
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.double(),
)
const record = fc.oneof(
  fc.dictionary(fc.constantFrom('P1_A', 'p1_b', '2', '__proto__', 'constructor', ''), scalar, { maxKeys: 3 }),
  fc.constantFrom([], [1], new Map(), Object.create(null) as object),
)
const fieldValue = fc.oneof(scalar, record, fc.constantFrom(...TYPES))
const op = fc
  .tuple(fc.option(fc.constantFrom(...TYPES, 'expect', 'REQUEST'), { nil: undefined }), fc.array(fc.tuple(fc.constantFrom(...KEYS), fieldValue), { maxLength: 8 }))
  .map(([type, fields]) => {
    const o: Record<string, unknown> = {}
    for (const [k, v] of fields) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
    if (type !== undefined) o.type = type
    return o
  })

/** Mostly valid operations (each field usually a good value), so the fast path's "valid" answers get checked too. */
const GOOD: Record<string, unknown[]> = {
  t: [0, -0, 1.5, 1e9],
  note: ['', 'why'],
  session: ['A', 5, Number.MAX_SAFE_INTEGER],
  url: ['f?p=100:1', ''],
  as: ['B'],
  page: [0, 3],
  app: [100],
  request: ['', 'SAVE'],
  values: [{}, { P1_A: 'x', p1_b: 2, '3': null }],
  user: ['bob'],
  seconds: [0, 5.5],
  item: ['P1_A'],
  value: ['x', 1, null, -0],
  tokens: ['', '1,APP'],
  extra: [{ nested: [1] }, undefined],
}
const likelyValid = fc
  .tuple(fc.constantFrom(...TYPES), fc.shuffledSubarray(Object.keys(GOOD)))
  .chain(([type, keys]) =>
    fc.tuple(
      fc.constant(type),
      fc.tuple(...keys.map((k) => fc.tuple(fc.constant(k), fc.oneof({ arbitrary: fc.constantFrom(...GOOD[k]!), weight: 6 }, { arbitrary: fieldValue, weight: 1 })))),
    ),
  )
  .map(([type, fields]) => {
    const o: Record<string, unknown> = { type }
    for (const [k, v] of fields) o[k] = v
    return o
  })

describe('fastParseOperation', () => {
  test.prop([op], { numRuns: 2000 })('never disagrees with zod', (input) => agreesWithZod(input))

  test.prop([likelyValid], { numRuns: 3000 })('never disagrees with zod on mostly valid operations', (input) => agreesWithZod(input))

  it('accepts a good share of the mostly valid operations (so the property above checks real answers)', () => {
    const sample = fc.sample(likelyValid, { numRuns: 1000, seed: 1 })
    const accepted = sample.filter((o) => fastParseOperation(o) !== undefined).length
    expect(accepted).toBeGreaterThan(50)
  })

  test.prop([fc.constantFrom(null, undefined, 1, 'request', [], [{ type: 'wait', seconds: 1 }])])('leaves non-objects to zod', (input) => {
    expect(fastParseOperation(input)).toBeUndefined()
  })

  it('answers for every operation the trace generator makes, exactly as zod does', () => {
    let n = 0
    for (const o of generateOperations({ events: 3000, sessions: 20, seed: 4 })) {
      expect(fastParseOperation(o)).toBeDefined()
      agreesWithZod(o)
      n++
    }
    expect(n).toBe(3000)
  })

  it('keeps unknown fields and an explicit undefined, in zod order', () => {
    const input = { zz: 1, values: { b: 1, a: null }, type: 'submit', session: 'A', page: 2, app: undefined }
    const fast = fastParseOperation(input)
    expect(fast && Object.keys(fast)).toEqual(['type', 'session', 'page', 'app', 'values', 'zz'])
    agreesWithZod(input)
    expect((fast as { values: unknown }).values).not.toBe(input.values)
  })

  it('leaves class instances, a __proto__ key and invalid fields to zod', () => {
    class Wait {
      type = 'wait'
      seconds = 1
    }
    expect(fastParseOperation(new Wait())).toBeUndefined()
    expect(fastParseOperation(JSON.parse('{"type":"wait","seconds":1,"__proto__":{"x":1}}'))).toBeUndefined()
    expect(fastParseOperation({ type: 'wait', seconds: -1 })).toBeUndefined()
    expect(fastParseOperation({ type: 'login', session: 'A' })).toBeUndefined()
  })

  it('leaves an ajax event and a submit with grid rows to zod, and still answers for a plain submit', () => {
    expect(fastParseOperation({ type: 'ajax', session: 'A', page: 1, process: 'P' })).toBeUndefined()
    expect(fastParseOperation({ type: 'submit', session: 'A', page: 1, grids: { G: [{ status: 'C', values: { A: '1' } }] } })).toBeUndefined()
    expect(fastParseOperation({ type: 'submit', session: 'A', page: 1, values: { P1_A: 'x' } })).toEqual({ type: 'submit', session: 'A', page: 1, values: { P1_A: 'x' } })
  })
})
