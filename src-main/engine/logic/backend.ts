/**
 * What the engine's app logic needs of the SQL translator, the app database
 * and the PL/SQL interpreter (the interfaces agreed for issue #11, written
 * structurally). The engine depends on this shape, not on those folders, so
 * the bridge is testable with small fakes and the real implementations are
 * wired in one place (`oracle-backend.ts`).
 */

// The data shapes are the app database's own (type-only: the bridge still runs on any structural fake).
import type { BindLookup, DmlResult, QueryResult, RowChange, ScriptReport } from '../database/app-database.js'
import type { SequenceDef } from '../database/catalog.js'
export type { SequenceDef } from '../database/catalog.js'
export type { BindLookup, DmlResult, QueryResult, RowChange, RowImage, ScriptReport, SqlValue } from '../database/app-database.js'

/** The app database (`database/AppDatabase`). */
export interface LogicDatabase {
  runScript(name: string, text: string): ScriptReport
  query(sql: string, binds: BindLookup, opts?: { maxRows?: number }): QueryResult
  execute(sql: string, binds: BindLookup): DmlResult
  applyChange(change: RowChange, direction: 'forward' | 'backward'): void
  begin(): void
  commit(): void
  rollback(): void
  tableNames(): string[]
  /** Frees the database (optional: a fake may have nothing to free). */
  close?(): void
  /** The table's primary key columns (optional: a fake may not know). */
  primaryKey?(table: string): string[] | undefined
  /** Every sequence's position, to keep with a saved workspace (optional: a fake may have none). */
  sequenceState?(): SequenceDef[]
  /** Puts sequences back where `sequenceState` found them. */
  restoreSequences?(state: readonly SequenceDef[]): void
}

export type PlsqlKind = 'block' | 'functionBody' | 'expression' | 'condition'
export interface NotRunnableReason {
  construct: string
  message: string
  line: number
  col: number
}
export type PlsqlCompileResult = { ok: true; program: unknown } | { ok: false; reason: NotRunnableReason }
export type PlsqlRunResult =
  | { ok: true; value?: string | null | boolean }
  | { ok: false; error: { message: string; line: number; col: number; oraCode?: number } }

/** The APEX side of a PL/SQL run (`plsql/host.ts` ApexContext). */
export interface ApexContextLike {
  user: string
  appId: number
  pageId: number
  request: string | null
  session: number
  g: Record<string, string | null>
  clearCache(tokens: string): void
  addError(message: string, item?: string): void
  debug(message: string): void
  collections: unknown
  message(name: string, params: string[]): string | null
  hasRole?(role: string): boolean
}

export interface PlsqlHostLike {
  db: LogicDatabase
  item(name: string): string | null | undefined
  setItem(name: string, value: string | null): void
  apex: ApexContextLike
  packages: unknown
  budget: { steps: number }
  clock?: () => Date
}

export interface LogicBackend {
  /** Checks that Oracle SQL text translates (decided at load). */
  translateSql(text: string): { ok: true } | { ok: false; error: { message: string; line: number; col: number } }
  compilePlsql(text: string, kind: PlsqlKind): PlsqlCompileResult
  runPlsql(program: unknown, host: PlsqlHostLike): PlsqlRunResult
  /**
   * A new app database. PL/SQL units of install scripts are compiled into
   * `packages` (anonymous blocks run, as APEX's installer runs them); SQL
   * calling a package function runs it with `host()` — the running request's
   * interpreter host, or null outside requests (install time).
   */
  createDatabase(opts: { clock: () => Date; packages: unknown; host: () => PlsqlHostLike | null }): LogicDatabase
  /** A new, empty package registry (per engine). */
  createPackages(): unknown
  /** A new, empty APEX_COLLECTION store (per session). */
  createCollections(): unknown
}

/** Steps one PL/SQL run may take before it is stopped (runaway loops). */
export const PLSQL_STEP_BUDGET = 1_000_000
