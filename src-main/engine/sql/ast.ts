/**
 * The syntax tree of the Oracle SQL the translator understands: expressions,
 * queries and DML. Kept deliberately close to Oracle's grammar; the SQLite
 * text is produced from it by `emit-sqlite.ts`.
 */

/** An identifier: unquoted names are stored upper-cased (Oracle folds them), quoted ones as written. */
export interface Ident {
  name: string
  quoted: boolean
}

export interface OrderItem {
  expr: Expr
  desc: boolean
  nulls?: 'FIRST' | 'LAST'
}

export interface WindowSpec {
  partitionBy: Expr[]
  orderBy: OrderItem[]
  /** ROWS/RANGE frame, re-emitted as written (SQLite uses the same words). */
  frame?: string
}

export type Expr =
  | { k: 'num'; text: string }
  | { k: 'str'; value: string }
  | { k: 'null' }
  | { k: 'bool'; value: boolean }
  /** `:NAME`, `:"Name"`, `v('NAME')`, `nv('NAME')`; `numeric` for nv(). */
  | { k: 'bind'; name: string; numeric?: boolean }
  /** `a`, `t.a`, `s.t.a` */
  | { k: 'col'; parts: Ident[] }
  /** `:new.x` / `:old.x` inside a row trigger. */
  | { k: 'pseudo'; which: 'NEW' | 'OLD'; column: Ident }
  | { k: 'star'; table?: Ident[] }
  | { k: 'unary'; op: '-' | '+' | 'NOT' | 'PRIOR'; e: Expr }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'concat'; parts: Expr[] }
  | { k: 'isNull'; e: Expr; not: boolean }
  | { k: 'in'; e: Expr; not: boolean; list?: Expr[]; sub?: Query }
  | { k: 'between'; e: Expr; not: boolean; lo: Expr; hi: Expr }
  | { k: 'like'; e: Expr; not: boolean; pattern: Expr; escape?: Expr }
  | { k: 'exists'; q: Query }
  | { k: 'subquery'; q: Query }
  /** `= ANY (…)`, `> ALL (…)` */
  | { k: 'quantified'; op: string; quantifier: 'ANY' | 'ALL'; l: Expr; list?: Expr[]; sub?: Query }
  | { k: 'case'; operand?: Expr; whens: { when: Expr; then: Expr }[]; else?: Expr }
  | {
      k: 'call'
      name: Ident[]
      args: Expr[]
      /** `name => value` notation: the upper-cased name of each argument given so (a PL/SQL function's call only). */
      argNames?: (string | undefined)[]
      distinct?: boolean
      star?: boolean
      /** LISTAGG … WITHIN GROUP (ORDER BY …) */
      withinGroup?: OrderItem[]
      over?: WindowSpec
    }
  | { k: 'cast'; e: Expr; type: string }
  | { k: 'extract'; field: string; e: Expr }
  | { k: 'trim'; mode: 'LEADING' | 'TRAILING' | 'BOTH'; chars?: Expr; e: Expr }
  | { k: 'seq'; seq: Ident[]; which: 'NEXTVAL' | 'CURRVAL' }
  | { k: 'rownum' }
  /** `SYSDATE`, `SYSTIMESTAMP`, `CURRENT_DATE`, `USER`, … */
  | { k: 'builtin'; name: string }
  /** `DATE '2020-01-31'`, `TIMESTAMP '…'` */
  | { k: 'dateLit'; type: 'DATE' | 'TIMESTAMP'; text: string }
  /** `col (+)` in an old-style outer join condition. */
  | { k: 'outer'; e: Expr }
  | { k: 'tuple'; items: Expr[] }
  /** `PRIOR e` in a CONNECT BY condition: e read on the parent row. */
  | { k: 'prior'; e: Expr }
  /** LEVEL in a hierarchical query (1 for a root row). */
  | { k: 'level' }

export interface SelectItem {
  expr: Expr
  alias?: Ident
  /** Source text of the item, for Oracle's column name of an unaliased expression. */
  source: string
}

export type FromItem =
  | { k: 'table'; name: Ident[]; alias?: Ident }
  | { k: 'subquery'; q: Query; alias?: Ident }
  /** `source PIVOT (agg(…) [AS a], … FOR col IN (v [AS a], …))`: one row per group of the other columns. */
  | { k: 'pivot'; source: FromItem; aggs: { call: Expr & { k: 'call' }; alias?: Ident }[]; column: Ident; values: { e: Expr; alias?: Ident }[]; alias?: Ident }
  /** `TABLE(pkg.f(…))`: the rows of a collection a PL/SQL function returns, one COLUMN_VALUE each. */
  | { k: 'collection'; call: Expr & { k: 'call' }; alias?: Ident }
  | { k: 'join'; type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS'; natural: boolean; l: FromItem; r: FromItem; on?: Expr; using?: Ident[] }

export interface Fetch {
  offset?: Expr
  limit?: Expr
}

export interface CommonTable {
  name: Ident
  columns?: Ident[]
  q: Query
}

export type Query =
  | {
      k: 'select'
      with?: CommonTable[]
      distinct: boolean
      items: SelectItem[]
      from: FromItem[]
      where?: Expr
      groupBy: Expr[]
      having?: Expr
      orderBy: OrderItem[]
      fetch?: Fetch
      /** START WITH / CONNECT BY (hierarchical-query.ts rewrites it to a recursive WITH). */
      hierarchy?: Hierarchy
    }
  | { k: 'setop'; with?: CommonTable[]; op: 'UNION' | 'INTERSECT' | 'MINUS'; all: boolean; l: Query; r: Query; orderBy: OrderItem[]; fetch?: Fetch }

export interface Hierarchy {
  startWith?: Expr
  connectBy: Expr
  noCycle: boolean
  /** ORDER SIBLINGS BY: the order of children under each parent. */
  siblings?: OrderItem[]
}

/** `RETURNING a, b INTO :x, :y` — the targets are kept by name for the caller (PL/SQL). */
export interface Returning {
  exprs: Expr[]
  into: string[]
}

export type Statement =
  | { k: 'query'; q: Query }
  | { k: 'insert'; table: Ident[]; alias?: Ident; columns?: Ident[]; values?: Expr[]; rows?: Expr[][]; q?: Query; returning?: Returning }
  | { k: 'update'; table: Ident[]; alias?: Ident; set: { columns: Ident[]; value?: Expr; q?: Query }[]; where?: Expr; returning?: Returning }
  | { k: 'delete'; table: Ident[]; alias?: Ident; where?: Expr; returning?: Returning }
  | {
      k: 'merge'
      table: Ident[]
      alias?: Ident
      source: FromItem
      on: Expr
      matched?: { set: { column: Ident; value: Expr }[]; where?: Expr; deleteWhere?: Expr }
      notMatched?: { columns?: Ident[]; values: Expr[]; where?: Expr }
    }
