/**
 * An app definition made ready to run: pages and items indexed by id, alias
 * and name, and every expression parsed once, at load time — so that a syntax
 * error is reported with its place before anything runs (semantics §7).
 */
import type { Expr } from '../expression/index.js'
import type {
  AppDefinition,
  AppItem,
  Branch,
  Computation,
  Page,
  PageItem,
  Point,
  Process,
  Table,
  Validation,
} from '../model/app-definition.js'
import type { ItemScope, ItemStorage } from '../model/values.js'

export interface ItemInfo {
  /** Upper-case name: item names are case-insensitive. */
  name: string
  /** App under which rows are stored: the app's id, or GLOBAL_APP for GLOBAL items. */
  storageApp: number
  /** Page of a page item; null for application items. */
  page: number | null
  kind: 'page' | 'app'
  scope: ItemScope
  storage: ItemStorage
  protection: 'N' | 'I'
  def: PageItem | AppItem
}

/** A definition element together with where it sits in the definition (for causes and errors). */
export interface Located<T> {
  def: T
  /** e.g. "computation #2 on page 44", "application process 'Init'". */
  label: string
  /** Position in the list it came from (0-based). */
  index: number
}

export interface CompiledPage {
  def: Page
  id: number
  alias: string | null
  protection: 'N' | 'U' | 'D'
  items: ItemInfo[]
  buttons: Set<string>
  computations: Located<Computation>[]
  validations: Located<Validation>[]
  processes: Located<Process>[]
  branches: Located<Branch>[]
}

export interface CompiledApp {
  def: AppDefinition
  id: number
  /** Upper-case alias, if any. */
  alias: string | null
  pages: Map<number, CompiledPage>
  /** Upper-case page alias → page id. */
  pageAliases: Map<string, number>
  /** Upper-case item name → item (page items and application items). */
  items: Map<string, ItemInfo>
  computations: Located<Computation>[]
  processes: Located<Process>[]
  /** Upper-case table name → table. */
  tables: Map<string, Table>
  /** Parsed expressions by source text. */
  expressions: Map<string, Expr>
}

export function atPoint<T extends { point: Point }>(list: Located<T>[], point: Point): Located<T>[] {
  return list.filter((x) => x.def.point === point)
}
