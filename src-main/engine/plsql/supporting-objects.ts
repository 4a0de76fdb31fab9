/**
 * The PL/SQL side of an app's supporting objects and of SQL calling PL/SQL:
 *
 * - `createPlsqlUnitHook` is AppDatabase's `onPlsqlUnit`: CREATE PACKAGE /
 *   PACKAGE BODY / PROCEDURE / FUNCTION texts are compiled into the registry;
 *   anonymous blocks (`begin load_sample_data; end;`) run at once, as they do
 *   when APEX installs the app.
 * - `scriptHost` is the host those install-time blocks run with: the app's
 *   database and packages, no session (items are unknown, APEX calls that need
 *   a session fail with a clear error).
 * - `callPlsqlFunction` is AppDatabase's `callFunction`: a package or
 *   standalone function named in SQL (`select pkg.f(x) from dual`).
 */
import type { Expr } from './ast'
import { MemoryCollectionStore } from './collections'
import { BudgetExceeded, PlsqlError } from './errors'
import { DEFAULT_STEP_BUDGET, type PlsqlDatabase, type PlsqlHost, type SqlValue } from './host'
import { Interpreter, runningPackage } from './interpreter'
import type { PackageRegistry } from './packages'
import { compilePlsql, runPlsql } from './program'
import { isCollection, isRecord, toText, type Value } from './values'

export interface PlsqlUnitResult {
  ok: boolean
  error?: string
}

const CREATE_UNIT = /^\s*create\s+(or\s+replace\s+)?((non)?editionable\s+)?(package|procedure|function|trigger|type)\b/i

export function createPlsqlUnitHook(opts: { packages: PackageRegistry; host: () => PlsqlHost }): (text: string, script: string, line: number) => PlsqlUnitResult {
  return (text) => {
    if (CREATE_UNIT.test(text)) {
      const r = opts.packages.load(text)
      return r.ok ? { ok: true } : { ok: false, error: `${r.unit ?? 'PL/SQL unit'} is not simulated: ${r.error ?? ''}` }
    }
    const c = compilePlsql(text.replace(/\s*\/\s*$/, ''), 'block')
    if (!c.ok) return { ok: false, error: `PL/SQL block not simulated: ${c.reason.message} (line ${c.reason.line}, col ${c.reason.col})` }
    const r = runPlsql(c.program, opts.host())
    return r.ok ? { ok: true } : { ok: false, error: `${r.error.message} (line ${r.error.line}, col ${r.error.col})` }
  }
}

/** A host for install scripts and other session-less runs. */
export function scriptHost(opts: { db: PlsqlDatabase; packages: PackageRegistry; clock: () => Date; appId?: number; budget?: number }): PlsqlHost {
  const noSession = (what: string) => (): never => {
    throw new PlsqlError(`ORA-20987: ${what} needs an APEX session (not available while installing supporting objects)`, 20987)
  }
  return {
    db: opts.db,
    item: () => undefined,
    setItem: noSession('setting session state'),
    apex: {
      user: 'NOBODY',
      appId: opts.appId ?? 0,
      pageId: 0,
      request: null,
      session: 0,
      g: {},
      clearCache: noSession('clearing the cache'),
      addError: noSession('APEX_ERROR.ADD_ERROR'),
      debug: () => undefined,
      collections: new MemoryCollectionStore(),
      message: () => null,
    },
    packages: opts.packages,
    budget: { steps: opts.budget ?? DEFAULT_STEP_BUDGET },
    clock: opts.clock,
  }
}

/**
 * TABLE(f(…)) in SQL: the collection the function returns, its elements in
 * index order as a JSON array (numbers as numbers, the rest as text) for
 * SQLite's json_each. A function returning no collection is ORA-22905.
 */
export function callPlsqlTableFunction(name: string, args: SqlValue[], host: PlsqlHost, names?: readonly (string | undefined)[]): string {
  const v = evalPlsqlCall(name, args, host, names, true)
  if (v === null) return '[]'
  if (!isCollection(v)) throw new Error(`ORA-22905: cannot access rows from a non-nested table item (${name} returns no collection)`)
  const keys = [...v.items.keys()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1))
  return JSON.stringify(keys.map((k) => {
    const e = v.items.get(k) ?? null
    if (isRecord(e)) {
      // A row of a pipelined function (or a collection of records): its fields by name, SQL values each.
      const row: Record<string, SqlValue> = {}
      for (const [field, v] of e.fields) row[field] = sqlScalar(v, `${name}: field ${field}`)
      return row
    }
    return sqlScalar(e, name)
  }))
}

/** A PL/SQL value as one SQL value of a TABLE() row; BOOLEAN and nested records or collections have none. */
function sqlScalar(v: Value, where: string): SqlValue {
  if (typeof v === 'number' || v === null) return v
  if (isRecord(v) || isCollection(v) || typeof v === 'boolean') throw new Error(`ORA-22905: ${where}: TABLE() over BOOLEAN or nested records and collections is not supported`)
  return toText(v)
}

/** A PL/SQL function called from SQL: `NAME` or `PKG.NAME` (schema dropped), positional or named (`names[i]`) arguments. */
export function callPlsqlFunction(name: string, args: SqlValue[], host: PlsqlHost, names?: readonly (string | undefined)[]): SqlValue {
  const v = evalPlsqlCall(name, args, host, names)
  if (typeof v === 'number' || v === null) return v
  if (typeof v === 'boolean' || isRecord(v) || isCollection(v)) throw new Error(`ORA-06553: PLS-382: ${name} returns a value SQL cannot hold (BOOLEAN, record or collection)`)
  return toText(v)
}

/** Whether the package's spec or body declares a subprogram of that name. */
function packageDeclares(host: PlsqlHost, pkg: string, name: string): boolean {
  const def = host.packages.getPackage(pkg)
  const has = (decls: readonly { k: string; sub?: { name: string } }[] | undefined) => (decls ?? []).some((d) => d.k === 'subprogram' && d.sub?.name === name)
  return has(def?.spec?.decls) || has(def?.body?.decls)
}

function evalPlsqlCall(name: string, args: SqlValue[], host: PlsqlHost, names?: readonly (string | undefined)[], table = false): Value {
  const parts = name.toUpperCase().split('.')
  if (parts.length > 2) parts.shift()
  // Inside a package's code, an unqualified name is first the package's own function (Oracle's resolution).
  const pkg = runningPackage()
  if (parts.length === 1 && pkg !== undefined && packageDeclares(host, pkg, parts[0]!)) parts.unshift(pkg)
  const pos = { line: 1, col: 1 }
  const call: Expr = { k: 'call', parts, args: args.map((v, i) => ({ ...(names?.[i] !== undefined ? { name: names[i] } : {}), value: { k: 'lit', value: v === '' ? null : v, pos } })), pos }
  const interp = new Interpreter(host)
  interp.tableCallPending = table
  let v: Value
  try {
    v = interp.evalExpr(call)
  } catch (e) {
    if (e instanceof PlsqlError || e instanceof BudgetExceeded) throw new Error(`${e.message} (in ${name})`, { cause: e })
    throw e
  }
  return v
}
