/**
 * A submit's `values` are copied by a short walk over Object.keys when those
 * are all of the record's own keys, and by the careful walk over every own key
 * (symbols, non-enumerable keys) otherwise: both must give the same answer,
 * key order included, and the fast parse must still agree with zod.
 */
import { test } from '@fast-check/vitest'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { copyEveryKey, copyRecord, fastParseOperation } from '../../../src-main/engine/model/operation-fast-parse.js'
import { OperationSchema } from '../../../src-main/engine/model/operation.js'

const SYMBOL = Symbol('s')
const key = fc.oneof(fc.constantFrom('P1_A', 'p1_b', '2', '10', '0', '__proto__', 'constructor', '', 'toString'), fc.string({ maxLength: 3 }))
const value = fc.oneof(fc.constantFrom(null, undefined, '', 'x', 0, -0, 1.5, NaN, Infinity, true, {}), fc.string({ maxLength: 3 }), fc.integer())
/** A record built key by key: some keys not enumerable, sometimes a symbol key. */
const record = fc
  .tuple(fc.array(fc.tuple(key, value, fc.boolean()), { maxLength: 6 }), fc.constantFrom('none', 'none', 'none', 'enumerable', 'hidden'))
  .map(([fields, symbol]) => {
    const o: Record<string | symbol, unknown> = {}
    for (const [k, v, enumerable] of fields) Object.defineProperty(o, k, { value: v, enumerable, writable: true, configurable: true })
    if (symbol !== 'none') Object.defineProperty(o, SYMBOL, { value: 'x', enumerable: symbol === 'enumerable', configurable: true })
    return o
  })

/** The same keys in the same order with the same values (-0 told from 0). */
function identical(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b
  const ka = Reflect.ownKeys(a)
  const kb = Reflect.ownKeys(b)
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && Object.is(a[k as string], b[k as string]))
}

describe('copying a submit\'s values', () => {
  test.prop([record], { numRuns: 3000 })('the short walk answers as the walk over every own key', (r) => {
    expect(identical(copyRecord(r), copyEveryKey(r))).toBe(true)
  })

  test.prop([record], { numRuns: 1500 })('a submit with such values is parsed as zod parses it, or left to zod', (r) => {
    const input = { type: 'submit', session: 'A', page: 1, values: r }
    const fast = fastParseOperation(input)
    if (fast === undefined) return
    const zod = OperationSchema.safeParse(input)
    expect(zod.success).toBe(true)
    if (zod.success) expect(identical((fast as { values: Record<string, unknown> }).values, (zod.data as { values: Record<string, unknown> }).values)).toBe(true)
  })

  it('leaves a symbol key, a hidden __proto__ and a bad value to the careful answer (undefined)', () => {
    expect(copyRecord({ [SYMBOL]: 'x', P1_A: 'a' })).toBeUndefined()
    const hidden = { P1_A: 'a' }
    Object.defineProperty(hidden, '__proto__', { value: 'x', enumerable: false })
    expect(copyRecord(hidden)).toBeUndefined()
    expect(copyRecord({ P1_A: {} })).toBeUndefined()
  })

  it('copies a hidden key\'s record without it, in Object.keys order (index keys first)', () => {
    const r: Record<string, unknown> = { b: '1', 10: 'x', a: null, 2: 3 }
    Object.defineProperty(r, 'h', { value: 'hidden', enumerable: false })
    const copy = copyRecord(r)
    expect(copy).toEqual({ 2: 3, 10: 'x', b: '1', a: null })
    expect(Object.keys(copy!)).toEqual(['2', '10', 'b', 'a'])
  })
})
