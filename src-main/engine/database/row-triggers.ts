/**
 * BEFORE/AFTER … FOR EACH ROW triggers of supporting objects, translated to
 * what SQLite can run, when their body is made only of the shapes real apps
 * use to fill keys and audit columns:
 *   :new.col := expr;   SELECT expr INTO :new.col FROM dual;
 *   IF cond THEN … ELSIF … ELSE … END IF;   (INSERTING / UPDATING allowed)
 *   RAISE_APPLICATION_ERROR(code, message);   NULL;
 *
 * Decision (docs/decisions.md): an assignment on INSERT whose value does not
 * read the row (a sequence, SYS_GUID, SYSDATE, the user), unconditional or
 * guarded by `:new.col IS NULL`, becomes an *insert-time fill*: the
 * translator adds the column to every INSERT, so NOT NULL holds, RETURNING
 * sees the key, and it costs nothing per row. Everything else becomes a
 * SQLite AFTER trigger that updates the row just written (by rowid) — the
 * same end state as Oracle's BEFORE trigger, and the change is captured like
 * any other. Triggers are off while time travel applies recorded changes.
 *
 * Any other body (loops, DML on other tables, package calls, …) is handed to
 * the PL/SQL engine as a unit (`undefined` here).
 */
import type { Expr } from '../sql/ast.js'
import type { InsertFill } from '../sql/emit-sqlite.js'
import { quoteIdent, quoteString, SqliteEmitter } from '../sql/emit-sqlite.js'
import { Parser } from '../sql/parser.js'

export interface TranslatedTrigger {
  name: string
  table: string
  /** Insert-time fills (added to the table's INSERTs). */
  fills: InsertFill[]
  /** SQLite CREATE TRIGGER statements (zero or more). */
  sqliteTriggers: string[]
}

type Event = 'INSERT' | 'UPDATE'

type Action =
  | { k: 'assign'; column: string; value: Expr; guard: Expr[] }
  | { k: 'raise'; code: Expr; message: Expr; guard: Expr[] }

class NotTranslatable extends Error {}

/** Translates a CREATE TRIGGER; undefined when its body needs the PL/SQL engine. */
export function translateRowTrigger(text: string, triggersOn: string): TranslatedTrigger | undefined {
  try {
    return translate(text, triggersOn)
  } catch {
    return undefined
  }
}

function translate(text: string, triggersOn: string): TranslatedTrigger {
  const p = new Parser(text)
  p.expectWord('CREATE')
  if (p.acceptWord('OR')) p.expectWord('REPLACE')
  if (!p.acceptWord('EDITIONABLE')) p.acceptWord('NONEDITIONABLE')
  p.expectWord('TRIGGER')
  const name = p.qualifiedName().at(-1)?.name as string
  const timing = p.next().value
  if (timing !== 'BEFORE' && timing !== 'AFTER') throw new NotTranslatable(timing)
  const events = new Set<Event>()
  let updateOf: string[] | undefined
  do {
    const ev = p.next().value
    if (ev === 'INSERT') events.add('INSERT')
    else if (ev === 'UPDATE') {
      events.add('UPDATE')
      if (p.acceptWord('OF')) {
        updateOf = [p.ident().name]
        while (p.acceptSym(',')) updateOf.push(p.ident().name)
      }
    } else throw new NotTranslatable(ev)
  } while (p.acceptWord('OR'))
  p.expectWord('ON')
  const table = p.qualifiedName().at(-1)?.name as string
  if (p.isWord('REFERENCING')) throw new NotTranslatable('REFERENCING')
  if (!(p.acceptWord('FOR') && p.acceptWord('EACH') && p.acceptWord('ROW'))) throw new NotTranslatable('statement trigger')
  p.acceptWord('ENABLE')
  if (p.isWord('DISABLE')) throw new NotTranslatable('disabled')
  let when: Expr | undefined
  if (p.acceptWord('WHEN')) {
    p.expectSym('(')
    when = withPseudoRecords(p.expr())
    p.expectSym(')')
  }
  p.expectWord('BEGIN')
  const actions = statements(p, [], ['END'])
  p.expectWord('END')
  if (p.peek().kind === 'word') p.next()
  p.finish()
  if (timing === 'AFTER' && actions.some((a) => a.k === 'assign')) throw new NotTranslatable(':new in an AFTER trigger')

  const fills: InsertFill[] = []
  const sqliteTriggers: string[] = []
  for (const event of events) {
    const eventActions = actions
      .map((a) => ({ ...a, guard: a.guard.map((g) => fold(g, event)) }) as Action)
      .filter((a) => !a.guard.some((g) => g.k === 'bool' && !g.value))
      .map((a) => ({ ...a, guard: a.guard.filter((g) => !(g.k === 'bool' && g.value)) }) as Action)
    const body: string[] = []
    const rowRef = `rowid = NEW.rowid`
    const emitter = new SqliteEmitter({
      pseudo: (which, column) =>
        which === 'NEW'
          ? `(SELECT ${quoteIdent(column)} FROM ${quoteIdent(table)} WHERE ${rowRef})`
          : event === 'UPDATE' ? `OLD.${quoteIdent(column)}` : 'NULL',
      bindSql: (bind) => `ORA_V(${quoteString(bind)})`,
    })
    const fillsAllowed = event === 'INSERT' && when === undefined
    /** Columns read or written by the steps that stay in the AFTER trigger so far. */
    const touched = new Set<string>()
    for (const action of eventActions) {
      // A fill runs before every trigger step: only if no earlier step reads or writes that column is the order kept.
      if (action.k === 'assign' && fillsAllowed && !readsRow(action.value) && !touched.has(action.column)) {
        const guardIsNull = action.guard.length === 1 && isNullCheckOf(action.guard[0] as Expr, action.column)
        if (action.guard.length === 0 || guardIsNull) {
          fills.push({ column: action.column, sql: emitter.expr(action.value), onlyWhenNull: guardIsNull })
          continue
        }
      }
      if (action.k === 'assign') touched.add(action.column)
      for (const e of [...action.guard, ...(action.k === 'assign' ? [action.value] : [action.code, action.message])]) {
        for (const column of pseudoColumns(e)) touched.add(column)
      }
      const guard = action.guard.length > 0 ? ` AND ${action.guard.map((g) => `(${emitter.expr(g)}) IS TRUE`).join(' AND ')}` : ''
      if (action.k === 'assign') {
        body.push(`UPDATE ${quoteIdent(table)} SET ${quoteIdent(action.column)} = ${emitter.expr(action.value)} WHERE ${rowRef}${guard};`)
      } else {
        body.push(`SELECT ORA_RAISE(${emitter.expr(action.code)}, ${emitter.expr(action.message)}) WHERE 1${guard};`)
      }
    }
    if (body.length > 0) {
      const whenSql = when ? ` AND (${new SqliteEmitter({ pseudo: (w, c) => (w === 'NEW' ? `NEW.${quoteIdent(c)}` : event === 'UPDATE' ? `OLD.${quoteIdent(c)}` : 'NULL'), bindSql: (b) => `ORA_V(${quoteString(b)})` }).expr(fold(when, event))}) IS TRUE` : ''
      const of = event === 'UPDATE' && updateOf ? ` OF ${updateOf.map(quoteIdent).join(', ')}` : ''
      sqliteTriggers.push(
        // ENTER/LEAVE mark the trigger body: the row updates it makes must not fire triggers again (Oracle's BEFORE trigger writes :new, not the table).
        `CREATE TRIGGER ${quoteIdent(`${name}$${event === 'INSERT' ? 'I' : 'U'}`)} AFTER ${event}${of} ON ${quoteIdent(table)} FOR EACH ROW WHEN ${triggersOn}${whenSql} BEGIN SELECT ORA_TRIGGER_ENTER(); ${body.join(' ')} SELECT ORA_TRIGGER_LEAVE(); END`,
      )
    }
  }
  return { name, table, fills, sqliteTriggers }
}

function statements(p: Parser, guard: Expr[], enders: string[]): Action[] {
  const actions: Action[] = []
  while (!enders.some((w) => p.isWord(w)) && p.peek().kind !== 'eof') {
    const t = p.peek()
    if (t.kind === 'bind' && (t.value === 'NEW' || t.value === 'OLD') && p.isSym('.', 1)) {
      p.next()
      p.next()
      const column = p.ident().name
      p.expectSym(':=')
      if (t.value !== 'NEW') throw new NotTranslatable(':old assignment')
      actions.push({ k: 'assign', column, value: p.expr(), guard })
      p.expectSym(';')
      continue
    }
    if (p.acceptWord('NULL')) {
      p.expectSym(';')
      continue
    }
    if (p.acceptWord('SELECT')) {
      const values = p.exprList()
      p.expectWord('INTO')
      const targets: string[] = []
      do {
        const b = p.next()
        if (b.kind !== 'bind' || b.value !== 'NEW' || !p.acceptSym('.')) throw new NotTranslatable('SELECT INTO a variable')
        targets.push(p.ident().name)
      } while (p.acceptSym(','))
      p.expectWord('FROM')
      if (p.ident().name !== 'DUAL') throw new NotTranslatable('SELECT INTO from a table')
      p.expectSym(';')
      if (targets.length !== values.length) throw new NotTranslatable('SELECT INTO count')
      targets.forEach((column, i) => actions.push({ k: 'assign', column, value: values[i] as Expr, guard }))
      continue
    }
    if (p.acceptWord('IF')) {
      let previous: Expr[] = []
      let cond = p.expr()
      p.expectWord('THEN')
      for (;;) {
        const branchGuard = [...guard, ...previous.map((c) => notTrue(c)), cond]
        actions.push(...statements(p, branchGuard, ['ELSIF', 'ELSE', 'END']))
        previous = [...previous, cond]
        if (p.acceptWord('ELSIF')) {
          cond = p.expr()
          p.expectWord('THEN')
          continue
        }
        if (p.acceptWord('ELSE')) {
          actions.push(...statements(p, [...guard, ...previous.map((c) => notTrue(c))], ['END']))
        }
        p.expectWord('END')
        p.expectWord('IF')
        p.expectSym(';')
        break
      }
      continue
    }
    if (t.kind === 'word' && t.value === 'RAISE_APPLICATION_ERROR') {
      p.next()
      p.expectSym('(')
      const code = p.expr()
      p.expectSym(',')
      const message = p.expr()
      if (p.acceptSym(',')) p.expr()
      p.expectSym(')')
      p.expectSym(';')
      actions.push({ k: 'raise', code, message, guard })
      continue
    }
    throw new NotTranslatable(t.text)
  }
  return actions
}

/** PL/SQL IF: a branch after a condition runs when that condition was FALSE or NULL. */
function notTrue(c: Expr): Expr {
  // (c) IS NOT TRUE, written with CASE so it stays one Expr: CASE WHEN c THEN 0 ELSE 1 END = 1
  return { k: 'bin', op: '=', l: { k: 'case', whens: [{ when: c, then: { k: 'num', text: '0' } }], else: { k: 'num', text: '1' } }, r: { k: 'num', text: '1' } }
}

/** INSERTING / UPDATING / DELETING become constants for the event the SQLite trigger handles. */
function fold(e: Expr, event: Event): Expr {
  const flag = (name: string): Expr | undefined => {
    if (name === 'INSERTING') return { k: 'bool', value: event === 'INSERT' }
    if (name === 'UPDATING') return { k: 'bool', value: event === 'UPDATE' }
    if (name === 'DELETING') return { k: 'bool', value: false }
    return undefined
  }
  switch (e.k) {
    case 'col':
      return e.parts.length === 1 ? (flag((e.parts[0] as { name: string }).name) ?? e) : e
    case 'call':
      if (e.name.length === 1 && e.name[0]?.name === 'UPDATING') return { k: 'bool', value: event === 'UPDATE' }
      return e
    case 'unary': {
      const inner = fold(e.e, event)
      if (e.op === 'NOT' && inner.k === 'bool') return { k: 'bool', value: !inner.value }
      return { ...e, e: inner }
    }
    case 'bin': {
      const l = fold(e.l, event)
      const r = fold(e.r, event)
      if (e.op === 'AND') {
        if ((l.k === 'bool' && !l.value) || (r.k === 'bool' && !r.value)) return { k: 'bool', value: false }
        if (l.k === 'bool') return r
        if (r.k === 'bool') return l
      }
      if (e.op === 'OR') {
        if ((l.k === 'bool' && l.value) || (r.k === 'bool' && r.value)) return { k: 'bool', value: true }
        if (l.k === 'bool') return r
        if (r.k === 'bool') return l
      }
      return { ...e, l, r }
    }
    case 'case':
      return {
        ...e,
        whens: e.whens.map((w) => ({ when: fold(w.when, event), then: fold(w.then, event) })),
        ...(e.else ? { else: fold(e.else, event) } : {}),
      }
    default:
      return e
  }
}

function readsRow(e: Expr): boolean {
  let found = false
  const visit = (x: Expr): void => {
    if (x.k === 'pseudo' || (x.k === 'col' && !isGlobal(x))) found = true
    for (const child of children(x)) visit(child)
  }
  visit(e)
  return found
}

function pseudoColumns(e: Expr): string[] {
  const columns: string[] = []
  const visit = (x: Expr): void => {
    if (x.k === 'pseudo') columns.push(x.column.name)
    for (const child of children(x)) visit(child)
  }
  visit(e)
  return columns
}

function isGlobal(e: Expr & { k: 'col' }): boolean {
  const q = e.parts.map((p) => p.name).join('.')
  return q === 'WWV_FLOW.G_USER' || q === 'APEX_APPLICATION.G_USER'
}

function children(e: Expr): Expr[] {
  switch (e.k) {
    case 'unary': case 'isNull': case 'outer': case 'cast': case 'extract': return [e.e]
    case 'trim': return e.chars ? [e.chars, e.e] : [e.e]
    case 'bin': return [e.l, e.r]
    case 'concat': return e.parts
    case 'in': return [e.e, ...(e.list ?? [])]
    case 'between': return [e.e, e.lo, e.hi]
    case 'like': return [e.e, e.pattern, ...(e.escape ? [e.escape] : [])]
    case 'call': return e.args
    case 'case': return [...(e.operand ? [e.operand] : []), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])]
    case 'tuple': return e.items
    case 'subquery': case 'exists': throw new NotTranslatable('subquery in a trigger')
    default: return []
  }
}

function isNullCheckOf(e: Expr, column: string): boolean {
  return e.k === 'isNull' && !e.not && e.e.k === 'pseudo' && e.e.which === 'NEW' && e.e.column.name === column
}

/** In a WHEN clause the records are written without a colon: `new.x`. */
function withPseudoRecords(e: Expr): Expr {
  if (e.k === 'col' && e.parts.length === 2 && (e.parts[0]?.name === 'NEW' || e.parts[0]?.name === 'OLD') && !e.parts[0].quoted) {
    return { k: 'pseudo', which: e.parts[0].name as 'NEW' | 'OLD', column: e.parts[1] as { name: string; quoted: boolean } }
  }
  switch (e.k) {
    case 'unary': case 'isNull': return { ...e, e: withPseudoRecords(e.e) }
    case 'bin': return { ...e, l: withPseudoRecords(e.l), r: withPseudoRecords(e.r) }
    case 'concat': return { ...e, parts: e.parts.map(withPseudoRecords) }
    case 'in': return { ...e, e: withPseudoRecords(e.e), ...(e.list ? { list: e.list.map(withPseudoRecords) } : {}) }
    case 'between': return { ...e, e: withPseudoRecords(e.e), lo: withPseudoRecords(e.lo), hi: withPseudoRecords(e.hi) }
    case 'like': return { ...e, e: withPseudoRecords(e.e), pattern: withPseudoRecords(e.pattern) }
    case 'call': return { ...e, args: e.args.map(withPseudoRecords) }
    default: return e
  }
}
