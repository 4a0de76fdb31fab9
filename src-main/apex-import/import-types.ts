/**
 * The importer's public result types. Kept apart from the code that fills them
 * so the CLI, the UI and tests can depend on the shapes without pulling in the
 * parser.
 */
import type { AppDefinition } from '../engine/model/app-definition.js'
import type { AppCoverage } from './coverage.js'

/**
 * Something the importer could not read. `line` is 1-based; 0 means the
 * problem concerns the whole file (missing, unreadable, empty folder), not a
 * line in it.
 */
export interface ImportProblem {
  file: string
  line: number
  message: string
}

/**
 * Counts for one imported app, computed from the definition itself (see
 * `summarize`), so that what the summary says is what the engine will run.
 * The first keys are the issue's `--json` shape; the rest are extras.
 */
export interface ImportSummary {
  id: number
  pages: number
  /** Page items of every page. */
  pageItems: number
  /** Page items by storage (absent storage counts as session, the APEX default). */
  storage: { request: number; session: number; user: number }
  branches: number
  appItems: number
  /** Page computations + application computations (placed or not). */
  computations: number
  validations: number
  buttons: number
  /** Page processes + application processes, including Ajax callbacks. */
  processes: number
  /** Every `notSimulated` record in the definition (items, steps, conditions). */
  notSimulated: number
  // ---- extras ----
  name: string
  homePage: number
  computationsByLevel: { page: number; application: number }
  processesByLevel: { page: number; application: number }
  /** Application items by storage. */
  appItemStorage: { request: number; session: number; user: number }
  /** `notSimulated` broken down by its `kind` text. */
  notSimulatedByKind: Record<string, number>
  /** Ajax callback (On Demand) processes, kept out of the page flow. */
  onDemand: number
  /** Session-state-protection settings that need checksums and were mapped to "Unrestricted". */
  protectionDowngraded: { pages: number; items: number }
  /** Components switched off by an excluded build option (kept, but never run). */
  excludedByBuildOption: number
  /** What runs (issue #11): components by kind and supporting-object statements, as the engine loads the app. */
  coverage: AppCoverage
}

export interface ImportResult {
  apps: AppDefinition[]
  /** One summary per app, same order as `apps`. */
  summary: ImportSummary[]
  problems: ImportProblem[]
  /** Export API calls that carry nothing the simulator uses, counted by procedure name. */
  skippedCalls: Record<string, number>
}

export interface ImportOptions {
  /** Called before each file is read (progress for a UI; never required). */
  onFile?: (file: string) => void
}
