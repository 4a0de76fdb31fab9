/**
 * fast-check arbitraries for expression trees that obey the parser's
 * invariants: number literals finite and non-negative, reference names
 * already normalised (upper case, trimmed, no double quote), calls with a
 * valid number of arguments, and shallow enough for the nesting limit.
 */
import { fc } from '@fast-check/vitest'
import type { Arbitrary } from 'fast-check'
import type { CompareOp, Expr, FunctionName } from '../../../src-main/engine/expression/index.js'
import { normalizeName } from '../../../src-main/engine/model/values.js'

const anyText = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }))

const bareName = fc.stringMatching(/^[A-Z][A-Z0-9_$#]{0,29}$/)
const quotedName = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 20 })
  .map(normalizeName)
  .filter((n) => n !== '' && !n.includes('"') && normalizeName(n) === n)

const numberValue = fc
  .oneof(fc.nat(1_000_000), fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }))
  .map((n) => (Object.is(n, -0) ? 0 : n))

export const leafArb: Arbitrary<Expr> = fc.oneof(
  anyText.map((value): Expr => ({ kind: 'string', value })),
  numberValue.map((value): Expr => ({ kind: 'number', value })),
  fc.boolean().map((value): Expr => ({ kind: 'boolean', value })),
  fc.constant<Expr>({ kind: 'null' }),
  fc.oneof(bareName, quotedName).map((name): Expr => ({ kind: 'ref', name })),
)

const compareOps: CompareOp[] = ['=', '<>', '<', '<=', '>', '>=']
const fixedArity: Array<[FunctionName, number]> = [
  ['NVL', 2],
  ['UPPER', 1],
  ['LOWER', 1],
  ['TRIM', 1],
  ['LENGTH', 1],
  ['SUBSTR', 2],
  ['SUBSTR', 3],
  ['TO_NUMBER', 1],
  ['TO_CHAR', 1],
  ['V', 1],
  ['NV', 1],
]

export const exprArb: Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => {
  const sub = tie('expr')
  return {
    expr: fc.oneof(
      { depthSize: 'small', maxDepth: 6, withCrossShrink: true },
      leafArb,
      sub.map((operand): Expr => ({ kind: 'negate', operand })),
      sub.map((operand): Expr => ({ kind: 'not', operand })),
      fc
        .record({ op: fc.constantFrom('||' as const, '+' as const, '-' as const, '*' as const, '/' as const), left: sub, right: sub })
        .map((r): Expr => ({ kind: 'binary', ...r })),
      fc.record({ op: fc.constantFrom(...compareOps), left: sub, right: sub }).map((r): Expr => ({ kind: 'compare', ...r })),
      fc.record({ op: fc.constantFrom('AND' as const, 'OR' as const), left: sub, right: sub }).map((r): Expr => ({ kind: 'logical', ...r })),
      fc.record({ negated: fc.boolean(), operand: sub }).map((r): Expr => ({ kind: 'isNull', ...r })),
      fc
        .record({ negated: fc.boolean(), operand: sub, list: fc.array(sub, { minLength: 1, maxLength: 3 }) })
        .map((r): Expr => ({ kind: 'in', ...r })),
      fc.record({ negated: fc.boolean(), operand: sub, pattern: sub }).map((r): Expr => ({ kind: 'like', ...r })),
      fc.record({ negated: fc.boolean(), operand: sub, low: sub, high: sub }).map((r): Expr => ({ kind: 'between', ...r })),
      fc
        .constantFrom(...fixedArity)
        .chain(([fn, n]) => fc.array(sub, { minLength: n, maxLength: n }).map((args): Expr => ({ kind: 'call', fn, args }))),
      fc.array(sub, { minLength: 2, maxLength: 4 }).map((args): Expr => ({ kind: 'call', fn: 'COALESCE', args })),
    ),
  }
}).expr
