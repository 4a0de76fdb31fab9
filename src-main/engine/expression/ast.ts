/**
 * The syntax tree of the expression language (semantics §7).
 *
 * Nodes are plain, position-free data so that two parses of equivalent text
 * compare equal with a deep equality check (the formatExpr round trip relies
 * on it) and so that trees can cross IPC unchanged. Parentheses leave no node:
 * the tree shape already says how operands group.
 */

/** What an expression evaluates to. Strings are never '' (as in Oracle, '' is null). */
export type ExprValue = string | number | boolean | null

export type ArithmeticOp = '+' | '-' | '*' | '/'
/** `||` shares the additive level with `+` and `-`, as in Oracle. */
export type AdditiveOp = '||' | '+' | '-'
export type MultiplicativeOp = '*' | '/'
export type BinaryOp = AdditiveOp | MultiplicativeOp
/** `!=` in source is stored as `<>`: one spelling per meaning keeps trees canonical. */
export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>='
export type LogicalOp = 'AND' | 'OR'

/** Functions the language knows; the parser rejects every other name. */
export type FunctionName =
  | 'NVL'
  | 'COALESCE'
  | 'UPPER'
  | 'LOWER'
  | 'TRIM'
  | 'LENGTH'
  | 'SUBSTR'
  | 'TO_NUMBER'
  | 'TO_CHAR'
  | 'V'
  | 'NV'

/** `'text'`. The value may be '' (it evaluates to null). */
export interface StringLiteral {
  readonly kind: 'string'
  readonly value: string
}

/** `12`, `3.5`, `.5`, `1e3`. Always finite and never negative: `-3` is a negation of `3`. */
export interface NumberLiteral {
  readonly kind: 'number'
  readonly value: number
}

export interface BooleanLiteral {
  readonly kind: 'boolean'
  readonly value: boolean
}

export interface NullLiteral {
  readonly kind: 'null'
}

/** `:NAME` or `:"NAME"`; `name` is the upper-cased lookup key (the quoting is not kept). */
export interface Reference {
  readonly kind: 'ref'
  readonly name: string
}

/** Unary minus. */
export interface Negate {
  readonly kind: 'negate'
  readonly operand: Expr
}

export interface Not {
  readonly kind: 'not'
  readonly operand: Expr
}

/** `||`, `+`, `-`, `*`, `/`. */
export interface Binary {
  readonly kind: 'binary'
  readonly op: BinaryOp
  readonly left: Expr
  readonly right: Expr
}

export interface Compare {
  readonly kind: 'compare'
  readonly op: CompareOp
  readonly left: Expr
  readonly right: Expr
}

export interface Logical {
  readonly kind: 'logical'
  readonly op: LogicalOp
  readonly left: Expr
  readonly right: Expr
}

/** `x IS NULL` / `x IS NOT NULL`. */
export interface IsNull {
  readonly kind: 'isNull'
  readonly negated: boolean
  readonly operand: Expr
}

/** `x IN (a, b)` / `x NOT IN (a, b)`; the list is never empty. */
export interface In {
  readonly kind: 'in'
  readonly negated: boolean
  readonly operand: Expr
  readonly list: readonly Expr[]
}

/** `x LIKE p` / `x NOT LIKE p` with `%` and `_` wildcards (no ESCAPE clause). */
export interface Like {
  readonly kind: 'like'
  readonly negated: boolean
  readonly operand: Expr
  readonly pattern: Expr
}

/** `x BETWEEN low AND high` / `x NOT BETWEEN low AND high`. */
export interface Between {
  readonly kind: 'between'
  readonly negated: boolean
  readonly operand: Expr
  readonly low: Expr
  readonly high: Expr
}

/** A call of a known function, including `V('ITEM')` and `NV('ITEM')`. */
export interface Call {
  readonly kind: 'call'
  readonly fn: FunctionName
  readonly args: readonly Expr[]
}

export type Expr =
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | NullLiteral
  | Reference
  | Negate
  | Not
  | Binary
  | Compare
  | Logical
  | IsNull
  | In
  | Like
  | Between
  | Call

/** Direct sub-expressions, in source order (for walks that do not care about node kinds). */
export function childrenOf(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'negate':
    case 'not':
    case 'isNull':
      return [expr.operand]
    case 'binary':
    case 'compare':
    case 'logical':
      return [expr.left, expr.right]
    case 'in':
      return [expr.operand, ...expr.list]
    case 'like':
      return [expr.operand, expr.pattern]
    case 'between':
      return [expr.operand, expr.low, expr.high]
    case 'call':
      return expr.args
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'ref':
      return []
  }
}
