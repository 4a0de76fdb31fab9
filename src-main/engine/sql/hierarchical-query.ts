/**
 * Oracle's hierarchical queries (START WITH / CONNECT BY [NOCYCLE] / PRIOR /
 * LEVEL / SYS_CONNECT_BY_PATH / ORDER SIBLINGS BY) rewritten as a recursive
 * WITH that SQLite runs — a faithful subset (docs/database.md):
 *
 * - one table (or view) in FROM, with or without an alias; no GROUP BY;
 * - no START WITH: every row is a root (Oracle's rule);
 * - WHERE filters the rows after the hierarchy is built (Oracle's order for a
 *   query without joins);
 * - rows come depth-first, each parent before its children; siblings in
 *   ORDER SIBLINGS BY order (ascending keys; text compared as text, numbers
 *   as numbers), else in insertion (rowid) order; a plain ORDER BY sorts the
 *   result instead, as in Oracle;
 * - a row that would repeat one of its own ancestors is a loop: ORA-01436
 *   without NOCYCLE; with NOCYCLE that row is left out (Oracle's behaviour).
 *
 * The rewrite is AST to AST: the emitter then writes the usual SQL.
 */
import type { CommonTable, Expr, Hierarchy, Ident, OrderItem, Query, SelectItem } from './ast.js'
import { SqlSyntaxError } from './parser.js'

type Select = Query & { k: 'select' }

const id = (name: string): Ident => ({ name, quoted: false })
const col = (...names: string[]): Expr => ({ k: 'col', parts: names.map(id) })
const call = (name: string, ...args: Expr[]): Expr => ({ k: 'call', name: [id(name)], args })
const str = (value: string): Expr => ({ k: 'str', value })
const num = (n: number): Expr => ({ k: 'num', text: String(n) })
const concat = (...parts: Expr[]): Expr => ({ k: 'concat', parts })

const CTE = '__HIER'
const PARENT = '__HIER_P'
/** A WITH query's rows, numbered as ROWID (the hierarchy needs a row id). */
const SOURCE = '__HIER_SRC'
const CHILD = '__HIER_C'

/** Rebuilds an expression bottom-up where `f` answers; subqueries are left as they are. */
export function mapExpr(e: Expr, f: (e: Expr) => Expr | undefined): Expr {
  const r = f(e)
  if (r) return r
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(e)) {
    if (key === 'q' || key === 'sub' || key === 'over' || key === 'withinGroup') out[key] = v
    else if (Array.isArray(v)) out[key] = v.map((x: unknown) => mapChild(x, f))
    else out[key] = mapChild(v, f)
  }
  return out as Expr
}

function mapChild(x: unknown, f: (e: Expr) => Expr | undefined): unknown {
  if (typeof x !== 'object' || x === null) return x
  if ('k' in x) return mapExpr(x as Expr, f)
  if ('when' in x && 'then' in x) {
    const w = x as { when: Expr; then: Expr }
    return { when: mapExpr(w.when, f), then: mapExpr(w.then, f) }
  }
  return x
}

function isPathCall(e: Expr): e is Expr & { k: 'call' } {
  return e.k === 'call' && e.name.length === 1 && (e.name[0] as Ident).name === 'SYS_CONNECT_BY_PATH'
}

export function rewriteHierarchy(q: Select): Select {
  const h = q.hierarchy as Hierarchy
  if (q.from.length !== 1 || q.from[0]?.k !== 'table') throw new SqlSyntaxError('CONNECT BY is supported on one table or view in FROM (no joins or subqueries)', 0, 0)
  if (q.groupBy.length > 0 || q.having) throw new SqlSyntaxError('CONNECT BY with GROUP BY is not supported', 0, 0)
  let table = q.from[0]
  const alias = (table.alias ?? (table.name[table.name.length - 1] as Ident)).name
  // A WITH query has no ROWID to tell its rows apart: read it through one that numbers them (as ROWID).
  const sourceWith: CommonTable[] = []
  const named = table.name.length === 1 ? (table.name[0] as Ident).name : undefined
  if (named !== undefined && (q.with ?? []).some((c) => c.name.name === named)) {
    const numbered: Query = { k: 'select', distinct: false, items: [{ expr: { k: 'rownum' }, alias: id('ROWID'), source: 'ROWNUM' }, { expr: { k: 'star', table: [id(named)] }, source: '*' }], from: [{ k: 'table', name: [id(named)] }], groupBy: [], orderBy: [] }
    sourceWith.push({ name: id(SOURCE), q: numbered })
    table = { k: 'table', name: [id(SOURCE)], alias: id(alias) }
  }

  // SYS_CONNECT_BY_PATH(expr, 'sep') calls become path columns of the recursive WITH.
  const paths: { value: Expr; sep: Expr }[] = []
  const pathColumn = (e: Expr & { k: 'call' }): Expr => {
    if (e.args.length !== 2) throw new SqlSyntaxError('SYS_CONNECT_BY_PATH takes 2 arguments', 0, 0)
    paths.push({ value: e.args[0] as Expr, sep: e.args[1] as Expr })
    return col(CTE, `__PATH${paths.length}`)
  }
  const outer = (e: Expr): Expr =>
    mapExpr(e, (x) => {
      if (x.k === 'level') return col(CTE, '__LEVEL')
      if (isPathCall(x)) return pathColumn(x)
      if (x.k === 'prior') throw new SqlSyntaxError('PRIOR is only allowed in the CONNECT BY condition', 0, 0)
      return undefined
    })
  const items: SelectItem[] = q.items.map((it) => (it.expr.k === 'star' && !it.expr.table ? { ...it, expr: { k: 'star', table: [id(alias)] } } : { ...it, expr: outer(it.expr) }))
  const where = q.where ? outer(q.where) : undefined
  const orderBy: OrderItem[] = q.orderBy.map((o) => ({ ...o, expr: outer(o.expr) }))

  // A column of the hierarchy's table, read on the row named by `qualifier`.
  const onRow = (e: Expr, qualifier: string): Expr =>
    mapExpr(e, (x) => {
      if (x.k === 'col' && (x.parts.length === 1 || (x.parts.length === 2 && (x.parts[0] as Ident).name === alias))) return col(qualifier, (x.parts[x.parts.length - 1] as Ident).name)
      if (x.k === 'level') return col(CTE, '__LEVEL')
      if (x.k === 'subquery' || x.k === 'exists' || x.k === 'in' && x.sub) throw new SqlSyntaxError('subqueries in CONNECT BY conditions are not supported', 0, 0)
      return undefined
    })
  const connect = mapExpr(h.connectBy, (x) => (x.k === 'prior' ? onRow(x.e, PARENT) : undefined))
  const connectOnChild = onRow(connect, CHILD)

  // The sibling order: keys joined into a text that sorts depth-first (ORA_SIBLING_KEY encodes numbers to sort as numbers).
  const siblings = h.siblings ?? []
  if (siblings.some((o) => o.desc)) throw new SqlSyntaxError('ORDER SIBLINGS BY … DESC is not supported', 0, 0)
  const keyOf = (qualifier: string): Expr => {
    const keys = siblings.length > 0 ? siblings.map((o) => call('ORA_SIBLING_KEY', onRow(o.expr, qualifier))) : [call('ORA_SIBLING_KEY', col(qualifier, 'ROWID'))]
    return concat(str('\u0001'), ...keys.flatMap((k, i) => (i === 0 ? [k] : [str('\u0002'), k])))
  }
  const rowidText = (qualifier: string): Expr => concat(col(qualifier, 'ROWID'), str(','))

  const anchor: Select = {
    k: 'select',
    distinct: false,
    items: [
      { expr: col(alias, 'ROWID'), source: '' },
      { expr: num(1), source: '' },
      { expr: keyOf(alias), source: '' },
      { expr: concat(str(','), rowidText(alias)), source: '' },
      { expr: num(0), source: '' },
      ...paths.map((p) => ({ expr: concat(p.sep, onRow(p.value, alias)), source: '' })),
    ],
    from: [table],
    ...(h.startWith ? { where: h.startWith } : {}),
    groupBy: [],
    orderBy: [],
  }
  const loop: Expr = { k: 'bin', op: '>', l: call('INSTR', col(CTE, '__IDS'), concat(str(','), rowidText(CHILD))), r: num(0) }
  const recursive: Select = {
    k: 'select',
    distinct: false,
    items: [
      { expr: col(CHILD, 'ROWID'), source: '' },
      { expr: { k: 'bin', op: '+', l: col(CTE, '__LEVEL'), r: num(1) }, source: '' },
      { expr: concat(col(CTE, '__ORDER'), keyOf(CHILD)), source: '' },
      { expr: concat(col(CTE, '__IDS'), rowidText(CHILD)), source: '' },
      { expr: { k: 'case', whens: [{ when: loop, then: num(1) }], else: num(0) }, source: '' },
      ...paths.map((p, i) => ({ expr: concat(col(CTE, `__PATH${i + 1}`), p.sep, onRow(p.value, CHILD)), source: '' })),
    ],
    from: [
      {
        k: 'join',
        type: 'INNER',
        natural: false,
        l: { k: 'join', type: 'INNER', natural: false, l: { k: 'table', name: [id(CTE)] }, r: { k: 'table', name: table.name, alias: id(PARENT) }, on: { k: 'bin', op: '=', l: col(PARENT, 'ROWID'), r: col(CTE, '__ROWID') } },
        r: { k: 'table', name: table.name, alias: id(CHILD) },
        on: connectOnChild,
      },
    ],
    where: { k: 'bin', op: '=', l: col(CTE, '__CYCLE'), r: num(0) },
    groupBy: [],
    orderBy: [],
  }
  // A loop row is kept out with NOCYCLE; without it, reaching one is ORA-01436.
  const noLoop: Expr = h.noCycle
    ? { k: 'bin', op: '=', l: col(CTE, '__CYCLE'), r: num(0) }
    : { k: 'bin', op: '=', l: call('ORA_CONNECT_BY_LOOP', col(CTE, '__CYCLE')), r: num(0) }
  return {
    k: 'select',
    with: [
      ...(q.with ?? []),
      ...sourceWith,
      {
        name: id(CTE),
        columns: ['__ROWID', '__LEVEL', '__ORDER', '__IDS', '__CYCLE', ...paths.map((_, i) => `__PATH${i + 1}`)].map(id),
        q: { k: 'setop', op: 'UNION', all: true, l: anchor, r: recursive, orderBy: [] },
      },
    ],
    distinct: q.distinct,
    items,
    from: [{ k: 'join', type: 'INNER', natural: false, l: { k: 'table', name: [id(CTE)] }, r: table, on: { k: 'bin', op: '=', l: col(alias, 'ROWID'), r: col(CTE, '__ROWID') } }],
    where: where ? { k: 'bin', op: 'AND', l: noLoop, r: where } : noLoop,
    groupBy: [],
    orderBy: orderBy.length > 0 ? orderBy : [{ expr: col(CTE, '__ORDER'), desc: false }],
    ...(q.fetch ? { fetch: q.fetch } : {}),
  }
}
