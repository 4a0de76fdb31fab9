/**
 * An app definition made ready to run: pages and items indexed by id, alias
 * and name, and every expression parsed once, at load time — so that a syntax
 * error is reported with its place before anything runs (semantics §7).
 */
import type { Expr, ExpressionSyntaxError } from '../expression/index.js'
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
  /** `rowKey(storageApp, page, name)`, made once: every read and write of the item's row looks it up. */
  rowKey: string
  /** How a clear-cache resolution names the item: "PAGE:NAME", or "app:NAME" for an application item. */
  cacheLabel: string
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
  /** `logicAt`'s answers for this page, by point. */
  byPoint: Map<Point, PointLogic>
  /** Phase labels and causes that name this page, made once rather than for every request. */
  text: {
    itemsRender: string
    shown: string
    submit: string
    posted: string
    noBranch: string
    cloneRender: string
    /** "Posted values (REQUEST = …)" by request (see postValuesLabel). */
    postValues: Map<string | null, string>
  }
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
  /**
   * Conditions of Ajax code (On Demand processes, dynamic actions' server-side code) that did not parse at load, by
   * source text, with why. Not a load problem: such code does not run, and each call says why (operations/ajax.ts).
   */
  ajaxConditionErrors: Map<string, ExpressionSyntaxError>
  /** `appLogicAt`'s answers, by point. */
  byPoint: Map<Point, AppPointLogic>
  /** Phase labels that name this app, made once. */
  text: {
    onNewInstance: string
    afterLogin: string
  }
}

/** The label of an accept's posted-values phase, one string per page and request (the usual few buttons). */
export function postValuesLabel(page: CompiledPage, request: string | null): string {
  let label = page.text.postValues.get(request)
  if (label === undefined) {
    label = `Posted values (REQUEST = ${request ?? 'none'})`
    // Bounded: a request value is whatever the caller sent.
    if (page.text.postValues.size < 64) page.text.postValues.set(request, label)
  }
  return label
}

export function atPoint<T extends { point: Point }>(list: readonly Located<T>[], point: Point): Located<T>[] {
  return list.filter((x) => x.def.point === point)
}

/** What runs at one point of a page: application computations and processes first (docs/decisions.md §2), the page's branches. */
export interface PointLogic {
  computations: readonly Located<Computation>[]
  processes: readonly Located<Process>[]
  branches: readonly Located<Branch>[]
}

/** What runs at one point of the application alone (On New Instance, After Authentication). */
export interface AppPointLogic {
  computations: readonly Located<Computation>[]
  processes: readonly Located<Process>[]
}

/*
 * A request asks "what runs at this point" a dozen times (every render point,
 * branch point and submit phase), always of the same compiled lists, which
 * never change after compilation: the answers are made on first use and kept
 * on the page (a page belongs to one app) and on the app, as shared read-only
 * arrays.
 */
export function logicAt(app: CompiledApp, page: CompiledPage, point: Point): PointLogic {
  let hit = page.byPoint.get(point)
  if (!hit) {
    hit = {
      computations: [...atPoint(app.computations, point), ...atPoint(page.computations, point)],
      processes: [...atPoint(app.processes, point), ...atPoint(page.processes, point)],
      branches: atPoint(page.branches, point),
    }
    page.byPoint.set(point, hit)
  }
  return hit
}

export function appLogicAt(app: CompiledApp, point: Point): AppPointLogic {
  let hit = app.byPoint.get(point)
  if (!hit) app.byPoint.set(point, (hit = { computations: atPoint(app.computations, point), processes: atPoint(app.processes, point) }))
  return hit
}
