/**
 * A small stand-in for the engine's AppDatabase and session: better-sqlite3
 * with Oracle binds (`:NAME`, `:"name"`) rewritten to positional parameters,
 * a DUAL table, and a map of items. Enough SQL for the interpreter's tests;
 * the real Oracle translation is the SQL engineer's AppDatabase.
 */
import Database from 'better-sqlite3'
import { MemoryCollectionStore, PackageRegistry, type PlsqlHost } from '../../../../src-main/engine/plsql'
import type { BindLookup } from '../../../../src-main/engine/plsql/host'

export class FakeDb {
  readonly sqlite = new Database(':memory:')
  readonly statements: string[] = []

  constructor(setup = '') {
    this.sqlite.exec('create table dual (dummy text); insert into dual values (\'X\');')
    if (setup) this.sqlite.exec(setup)
  }

  private prepare(sql: string, binds: BindLookup): { text: string; values: (string | null)[] } {
    const values: (string | null)[] = []
    const text = sql.replace(/'(?:[^']|'')*'|:"([^"]+)"|:([A-Za-z_][\w$#]*)/g, (m, quoted: string | undefined, plain: string | undefined) => {
      if (m.startsWith("'")) return m
      const name = quoted ?? (plain as string).toUpperCase()
      const v = binds(name)
      if (v === undefined) throw new Error(`ORA-01006: bind variable does not exist: ${name}`)
      values.push(v)
      return '?'
    })
    this.statements.push(text)
    return { text, values }
  }

  query(sql: string, binds: BindLookup, opts?: { maxRows?: number }): { columns: string[]; rows: (string | number | null)[][] } {
    const { text, values } = this.prepare(sql, binds)
    const stmt = this.sqlite.prepare(text).raw(true)
    const columns = stmt.columns().map((c) => c.name.toUpperCase())
    const rows: (string | number | null)[][] = []
    for (const r of stmt.iterate(...values) as Iterable<(string | number | null)[]>) {
      if (opts?.maxRows !== undefined && rows.length >= opts.maxRows) break
      rows.push(r)
    }
    return { columns, rows }
  }

  execute(sql: string, binds: BindLookup): { rowCount: number; returning?: (string | number | null)[][] } {
    // SQLite's RETURNING has no INTO (the interpreter assigns the returned row itself).
    const { text, values } = this.prepare(sql.replace(/(\breturning\b[\s\S]*?)\binto\b[\s\S]*$/i, '$1'), binds)
    if (/\breturning\b/i.test(text)) {
      const rows = this.sqlite.prepare(text).raw(true).all(...values) as (string | number | null)[][]
      return { rowCount: rows.length, returning: rows }
    }
    const r = this.sqlite.prepare(text).run(...values)
    return { rowCount: r.changes }
  }
}

export interface FakeHost extends PlsqlHost {
  items: Map<string, string | null>
  errors: { message: string; item?: string }[]
  debugLog: string[]
  cleared: string[]
  db: FakeDb
}

export function fakeHost(opts: { setup?: string; items?: Record<string, string | null>; steps?: number; packages?: PackageRegistry; roles?: string[] } = {}): FakeHost {
  const items = new Map<string, string | null>(Object.entries(opts.items ?? {}))
  const errors: { message: string; item?: string }[] = []
  const debugLog: string[] = []
  const cleared: string[] = []
  return {
    db: new FakeDb(opts.setup),
    items,
    errors,
    debugLog,
    cleared,
    item: (name) => (items.has(name) ? (items.get(name) ?? null) : undefined),
    setItem: (name, value) => void items.set(name, value),
    apex: {
      user: 'ALICE',
      appId: 100,
      pageId: 1,
      request: 'SAVE',
      session: 42,
      g: { G_X01: 'x1', G_F01: 'a:b' },
      clearCache: (t) => void cleared.push(t),
      addError: (message, item) => void errors.push(item === undefined ? { message } : { message, item }),
      debug: (m) => void debugLog.push(m),
      collections: new MemoryCollectionStore(),
      message: (name, params) => (name === 'GREETING' ? `Hello ${params[0] ?? ''}` : null),
      hasRole: (role) => (opts.roles ?? []).includes(role),
    },
    packages: opts.packages ?? new PackageRegistry(),
    budget: { steps: opts.steps ?? 100_000 },
    clock: () => new Date(Date.UTC(2024, 0, 15, 10, 30, 0)),
  }
}
