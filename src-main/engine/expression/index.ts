/**
 * The expression language of semantics §7: a small, sandboxed language (never
 * JavaScript eval) for computations, conditions, validations, process values,
 * item sources and defaults, plus `&ITEM.` substitution in text.
 */
export type {
  ArithmeticOp,
  Between,
  Binary,
  BinaryOp,
  BooleanLiteral,
  Call,
  Compare,
  CompareOp,
  Expr,
  ExprValue,
  FunctionName,
  In,
  IsNull,
  Like,
  Logical,
  LogicalOp,
  Negate,
  Not,
  NullLiteral,
  NumberLiteral,
  Reference,
  StringLiteral,
} from './ast.js'
export { childrenOf } from './ast.js'
export { toItemValue } from './coercion.js'
export type { EvalContext } from './eval-context.js'
export { evaluate, evaluateCondition } from './evaluate.js'
export { formatExpr } from './format.js'
export { MAX_NESTING_DEPTH } from './limits.js'
export { parseExpression, tryParseExpression } from './parser.js'
export { referencedNames } from './referenced-names.js'
export { substituteText } from './substitute.js'
export { ExpressionLimitError } from './limit-error.js'
export { ExpressionSyntaxError } from './syntax-error.js'
