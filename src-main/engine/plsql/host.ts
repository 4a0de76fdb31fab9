/**
 * What the engine gives the interpreter for one run (docs/plsql.md). The
 * database is typed structurally — the two methods the interpreter calls —
 * so the engine's AppDatabase fits without this folder importing it, and
 * tests can pass a small fake.
 */
import type { CollectionStore } from './collections'
import type { PackageRegistry } from './packages'

// The value and bind shapes are the app database's own (type-only: any structural fake still fits PlsqlDatabase).
import type { BindLookup, SqlValue } from '../database/app-database'
export type { BindLookup, SqlValue } from '../database/app-database'

export interface PlsqlDatabase {
  query(sql: string, binds: BindLookup, opts?: { maxRows?: number }): { columns: string[]; rows: SqlValue[][] }
  execute(sql: string, binds: BindLookup): { rowCount: number; returning?: SqlValue[][] }
}

export interface ApexContext {
  user: string
  appId: number
  pageId: number
  request: string | null
  session: number
  /** G_X01…G_X20, G_F01…G_F50 of the current request. */
  g: Record<string, string | null>
  /** Same tokens as the ClearCache slot of f?p: page IDs, APP, SESSION. */
  clearCache(tokens: string): void
  addError(message: string, item?: string): void
  debug(message: string): void
  collections: CollectionStore
  /** A text message of the app (APEX_LANG.MESSAGE); null when it has none of that name. */
  message(name: string, params: string[]): string | null
  hasRole?(role: string): boolean
  /**
   * The rows of an APEX dictionary view built from the app definition
   * (APEX_APPLICATIONS, APEX_APPLICATION_PAGES, APEX_APPLICATION_PAGE_ITEMS,
   * APEX_APPLICATION_ITEMS, …); undefined when the engine has no such view.
   * Embedded SQL naming one reads these rows as an inline view.
   */
  view?(name: string): { columns: string[]; rows: (string | number | null)[][] } | undefined
  /** HTP.P / HTP.PRN / HTP.PRINT: page output (a PL/SQL region's HTML, an Ajax callback's answer); `newline` for P/PRINT. */
  print?(text: string, newline: boolean): void
  /**
   * A link the app's code builds, signed by Session State Protection (issue #16): at `scope`
   * (APEX_UTIL.PREPARE_URL's checksum type), or with `scope` null only where the target
   * demands a checksum (APEX_PAGE.GET_URL). Absent: links are returned unsigned.
   */
  signUrl?(url: string, scope: 'application' | 'user' | 'session' | null): string
  /** APEX_AUTHENTICATION.LOGIN: authenticate the session as this user (the engine's login; absent = not simulated). */
  login?(username: string, password: string | null): void
}

export interface PlsqlHost {
  db: PlsqlDatabase
  /** Session state lookup in semantics.md §7 order; undefined = no such item. */
  item(name: string): string | null | undefined
  setItem(name: string, value: string | null): void
  apex: ApexContext
  packages: PackageRegistry
  budget: { steps: number }
  /** The simulated clock for SYSDATE (optional: without it SYSDATE is asked of the database). */
  clock?: () => Date
}

export const DEFAULT_STEP_BUDGET = 1_000_000
