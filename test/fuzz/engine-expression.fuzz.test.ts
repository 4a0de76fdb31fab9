/**
 * Fuzz target: the expression parser (src-main/engine/expression/parser.ts —
 * called, not changed here). Property: any source gives an AST or an
 * ExpressionSyntaxError (tryParseExpression: a value, never a throw), and
 * never the parser's "internal parser error" safety net.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ExpressionSyntaxError } from '../../src-main/engine/expression/syntax-error.js'
import { parseExpression, tryParseExpression } from '../../src-main/engine/expression/parser.js'
import { anyText, fuzz, textOf } from './fuzz-runs.js'

const exprPieces = [':P1_A', ':APP_USER', 'v(', "'", "'x'", "''", '(', ')', ',', ' ', '=', '<>', '!=', '<', '<=', '>', '>=', '||', '+', '-', '*', '/', 'AND', 'OR', 'NOT', 'IS', 'NULL', 'IN', 'LIKE', 'BETWEEN', 'TRUE', 'FALSE', 'NVL', 'UPPER', 'LOWER', 'LENGTH', 'SUBSTR', 'INSTR', 'TO_NUMBER', 'ESCAPE', '1', '1.5', '1e9', '"Q"', '--', '/*', '*/', '\n', '%', '_', '&P1_A.']

describe('fuzz: expression parser', () => {
  it('gives an AST or an ExpressionSyntaxError on any source', () => {
    fuzz('expression parser (parseExpression)', fc.oneof(anyText(200), textOf(exprPieces, 40), fc.nat(400).map((n) => '('.repeat(n) + '1' + ')'.repeat(n))), 6000, (source) => {
      const r = tryParseExpression(source)
      if (!r.ok) {
        expect(r.error).toBeInstanceOf(ExpressionSyntaxError)
        expect(r.error.message).not.toMatch(/internal parser error/)
      }
      try {
        parseExpression(source)
      } catch (err) {
        if (!(err instanceof ExpressionSyntaxError)) throw err
      }
    })
  })
})
