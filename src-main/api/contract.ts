/**
 * The one typed contract between the engine and every client (preload
 * bridge, browser host, tests). Each method has a zod schema for its payload —
 * validated by the dispatcher before any handler runs — and a result type.
 * The renderer imports only this file's types and schemas.
 */
import { z } from 'zod'
import { AppDefinitionSchema, SessionSettingsSchema } from '../engine/model/app-definition.js'
import type { AppDefinition } from '../engine/model/app-definition.js'
import { BrowserNameSchema, ImplicitBrowserNameSchema, OperationSchema } from '../engine/model/operation.js'
import type { Step } from '../engine/model/step.js'
import type { SessionView } from '../engine/engine.js'
import type { RowChange } from '../timeline/row-why.js'
export type { RowChange, RowTarget } from '../timeline/row-why.js'
import type { AnswerHit, ItemChange, SearchHit, StateDiff, TimelineState } from '../timeline/results.js'
import type { SessionWindow } from '../timeline/session-window.js'
import type { StepTextResult } from '../timeline/step-text-index.js'
export type { StepTextHit, StepTextPart, StepTextResult } from '../timeline/step-text-index.js'
export type { SessionWindow, SessionWindowRow } from '../timeline/session-window.js'
import type { BrowserWindow } from '../timeline/browser-window.js'
export type { BrowserAtPoint, BrowserCookieAtPoint, BrowserTreeRow, BrowserWindow } from '../timeline/browser-window.js'
import type { StateRow, TableRow, UserRow } from '../engine/state/session-state.js'
import type { ExpectFailure, Divergence } from '../trace/replay.js'
import type { ExpectLineList } from '../trace/expect-lines.js'
export type { ExpectCheck, ExpectLine, ExpectLineList } from '../trace/expect-lines.js'
import type { ReportView } from '../engine/runtime/report-regions.js'
export type { ReportView } from '../engine/runtime/report-regions.js'
// The state export files: the desktop's File → Export and the page's download write them with this one module.
export { CSV_COLUMNS, csvField, stateRowsToCsv, stateToJson } from '../engine/model/state-export.js'
export type { StateExport } from '../engine/model/state-export.js'
import type { ObservedDivergence } from '../trace/compare-observed.js'
import type { HarImportSummary } from '../har-import/har-converter.js'
export type { ObservedDivergence, ObservedField } from '../trace/compare-observed.js'
import type { ImportProblem, ImportSummary } from '../apex-import/import-types.js'
import type { Outcome } from '../engine/model/step.js'
import { UI_RUNNABLE_MAIN_COMMANDS } from './shell-command-names.js'
import type { RendererCommand } from './shell-command-names.js'
export type { MainCommand, RendererCommand, ShellCommandId, UiRunnableMainCommand } from './shell-command-names.js'

/** Largest trace text accepted inline over IPC/WebSocket (bigger files go by path through the shell). */
export const MAX_INLINE_TRACE_BYTES = 64 * 1024 * 1024

/**
 * Text accepted by workspace.importApexFiles, all files
 * together, in UTF-16 code units (a page checks the files' bytes against the
 * same number). Half the WebSocket message limit, so the JSON escaping of the
 * SQL always fits; bigger exports go by path (desktop menu, CLI).
 */
export const MAX_APEX_IMPORT_CHARS = 32 * 1024 * 1024
/** Files in one workspace.importApexFiles call (a split export of a big app has ~1,000). */
export const MAX_APEX_IMPORT_FILES = 5000

/** One file of an export a page read, its path relative to what the user picked. */
export const ApexImportFileSchema = z.strictObject({
  path: z
    .string()
    .min(1)
    .max(1024)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'a file path without control characters'),
  text: z.string().max(MAX_APEX_IMPORT_CHARS),
})

export const ApexImportFilesInput = z.strictObject({
  files: z
    .array(ApexImportFileSchema)
    .min(1)
    .max(MAX_APEX_IMPORT_FILES)
    .superRefine((files, ctx) => {
      let total = 0
      const seen = new Set<string>()
      for (const [i, f] of files.entries()) {
        total += f.text.length
        if (total > MAX_APEX_IMPORT_CHARS) {
          ctx.addIssue({ code: 'custom', path: [i, 'text'], message: `the files together exceed ${MAX_APEX_IMPORT_CHARS / 1048576} MiB of text; import an export this big by path (desktop File → Import APEX Export…, or npx session-scope import-apex)` })
          return
        }
        const key = f.path.replace(/\\/g, '/')
        if (seen.has(key)) {
          ctx.addIssue({ code: 'custom', path: [i, 'path'], message: `${f.path} is given twice` })
          return
        }
        seen.add(key)
      }
    }),
  /** Start a new live workspace with the app even when the current one has recorded steps (the user agreed). */
  newWorkspace: z.boolean().optional(),
})

export const NewWorkspaceInput = z.strictObject({
  apps: z.array(AppDefinitionSchema).optional(),
  /** Built-in demo apps, e.g. ["demo:onboarding"]. */
  use: z.array(z.string().min(1)).optional(),
  settings: SessionSettingsSchema.optional(),
  seed: z.number().int().optional(),
  startTime: z.iso.datetime({ offset: true }).optional(),
  title: z.string().max(500).optional(),
})

/**
 * A point on the timeline: the state after step `step` (-1 = before the first
 * step), or, with `phase`, after phase `phase` of that step (sub-step view).
 */
export const TimelinePointSchema = z.strictObject({
  step: z.number().int().min(-1),
  phase: z.number().int().nonnegative().nullable().optional(),
})
export type TimelinePoint = z.infer<typeof TimelinePointSchema>

const ItemNameSchema = z.string().min(1).max(255)

/** Playback breakpoints (issue: time travel): checked by the timeline, not the UI. */
export const BreakpointSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('itemChanges'), item: ItemNameSchema, session: z.number().int().positive().optional() }),
  z.strictObject({ kind: z.literal('itemEquals'), item: ItemNameSchema, value: z.string().nullable(), session: z.number().int().positive().optional() }),
  z.strictObject({ kind: z.literal('outcomeNotOk') }),
  z.strictObject({ kind: z.literal('event'), events: z.array(z.enum(['clone', 'clearCache', 'login', 'logout', 'expiry'])).min(1) }),
  /** A breakpoint on one step: hits after that step. */
  z.strictObject({ kind: z.literal('step'), step: z.number().int().nonnegative() }),
  /** A change of an app database row (issue #11): any row of the table, one row (key), or one column of it. */
  z.strictObject({ kind: z.literal('rowChanges'), table: ItemNameSchema, app: z.number().int().nonnegative().optional(), key: z.string().min(1).max(255).optional(), column: ItemNameSchema.optional() }),
])
export type Breakpoint = z.infer<typeof BreakpointSchema>

/**
 * How a state is sent (the options of timeline.state), for every method that
 * can answer with the state at the point it arrives at — so a move is one
 * round trip: timeline.navigate, timeline.findBreakpoint, operate.
 */
export const StateOptionsSchema = z.strictObject({
  /** Only the rows of these sessions (the session list stays complete) — for big traces. */
  sessions: z.array(z.number().int().positive()).max(10_000).optional(),
  /** Leave ended sessions (expired, logged out) out of `sessions`. */
  liveOnly: z.boolean().optional(),
  /** 'columns' sends the rows as `rowColumns` (compact, for big states; `rows` is then empty). Default 'rows'. */
  encoding: z.enum(['rows', 'columns']).optional(),
  /** Add `here`: the step at the point, the rows it (or the phase shown) changed, the rows a later clear-cache phase resets. */
  here: z.boolean().optional(),
  /** false: leave the session list out (`sessions` empty) — a step whose sessions the view asks for once it settles. Default true. */
  sessionList: z.boolean().optional(),
  /**
   * With `sessionList: false`: `sessions` holds only these sessions' records (the ones a view shows — the
   * selected session, a filter's), and the answer adds `rowSessions` (ID, alias and creation time of each
   * session whose rows it carries) and `sessionCount` — a jump's answer without the whole list (issue #13).
   */
  sessionsShown: z.array(z.number().int().positive()).max(1000).optional(),
  /** false: leave the Per User rows out (`userRows` empty). Default true. */
  userRows: z.boolean().optional(),
  /** false: leave the simulator and app database tables out (`tables` empty). Default true. */
  tables: z.boolean().optional(),
  /**
   * Also answer `diff`: what differs between this point and the point arrived at (timeline.diff's
   * answer) — the view patches the rows it shows instead of receiving them all.
   */
  diffFrom: TimelinePointSchema.optional(),
})
export type StateOptions = z.infer<typeof StateOptionsSchema>

/**
 * Beyond this many sessions in a workspace (timeline.info's `sessions`), states are asked for with
 * `liveOnly` (ended sessions are most of a long trace's and most of every answer). The engine warms
 * End's answer after a trace opens the same way (issue #13), so the renderer reads it from here.
 */
export const LIST_ENDED_SESSIONS_UP_TO = 10_000

/** Navigation modes of timeline.navigate (src-main/timeline/navigation.ts). */
export const NAV_MODES = ['into', 'over', 'out', 'backInto', 'backOver', 'backOut', 'next', 'prev', 'first', 'last'] as const

export const methodSchemas = {
  /** Versions and capabilities. */
  'engine.info': z.strictObject({}),
  /** Starts an empty live workspace with the given apps. */
  'workspace.new': NewWorkspaceInput,
  /** Loads a trace given as text (NDJSON, format v1) and replays it. */
  'workspace.openTraceText': z.strictObject({ text: z.string().max(MAX_INLINE_TRACE_BYTES), name: z.string().max(1000).optional() }),
  /** Opens one of the built-in demo traces by file name (see demos.list). */
  'workspace.openDemo': z.strictObject({ name: z.string().regex(/^[a-z0-9-]+$/, 'a demo name: lower-case letters, digits and dashes') }),
  /** Exports the workspace as trace text (format v1, with recorded effects). */
  'workspace.exportTraceText': z.strictObject({}),
  /** Runs one live operation (the trace event types) and records its steps; with `state`, the answer carries the state after its last step. */
  operate: z.strictObject({ op: OperationSchema, state: StateOptionsSchema.optional() }),
  'sessions.list': z.strictObject({}),
  /** The alias a new session or clone from the Sessions panel takes in a live workspace: the first of A–Z, then S27, S28, … no session of the workspace has (ended ones too). */
  'sessions.freeAlias': z.strictObject({}),
  'state.rows': z.strictObject({ session: z.number().int().positive().optional() }),
  'state.userRows': z.strictObject({}),
  'tables.rows': z.strictObject({ app: z.number().int().positive(), table: z.string().min(1).max(128) }),
  'apps.list': z.strictObject({}),
  'steps.count': z.strictObject({}),
  'steps.range': z.strictObject({ from: z.number().int().nonnegative(), count: z.number().int().positive().max(10_000) }),
  'demos.list': z.strictObject({}),

  // --- Time travel (timeline) ---------------------------------------------
  /** Full state of every session at a point. */
  'timeline.state': z.strictObject({ point: TimelinePointSchema, ...StateOptionsSchema.shape }),
  /**
   * One window of the session list at a point, as clone-group trees in creation order, filtered by the
   * engine: the Sessions panel asks for the rows it shows (`total`: how many match), not every session.
   */
  'timeline.sessions': z.strictObject({
    point: TimelinePointSchema,
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(1000),
    /** Keeps the sessions whose ID, alias, user or status contains it (ignoring case). */
    filter: z.string().max(200).optional(),
    /** Leave ended sessions (expired, logged out) out. */
    liveOnly: z.boolean().optional(),
  }),
  /**
   * Issue #16: the Sessions panel's tree at a point, one window at a time: browsers a level above the
   * sessions they own (each with its cookies: name, path, value, the session it points to, the apps using
   * it), sessions as clone-group trees under them, filtered by the engine (`total`: rows that match). When
   * every browser is implicit and holds one clone group (an old trace), `grouped` is false and the rows are
   * the flat session list. At the last step of a live workspace, browsers opened with browser.open and not
   * used yet are listed too (`opened`).
   */
  'timeline.browsers': z.strictObject({
    point: TimelinePointSchema,
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(1000),
    /** Keeps sessions whose ID, alias, user, status or browser contains it (ignoring case), and browsers whose name does. */
    filter: z.string().max(200).optional(),
    /** Leave ended sessions (expired, logged out) out. */
    liveOnly: z.boolean().optional(),
    /** Browsers listed without their sessions (collapsed in the panel). */
    collapsed: z.array(z.union([BrowserNameSchema, ImplicitBrowserNameSchema])).max(1000).optional(),
    /** false: browser rows only (the URL bar's chooser). Default true. */
    sessions: z.boolean().optional(),
    /** Only browsers a trace event or the user named (no implicit `~N` ones). */
    namedOnly: z.boolean().optional(),
  }),
  /** What differs between two points (any two, either order): rows with their last change, sessions, Per User values, table rows. */
  'timeline.diff': z.strictObject({ from: TimelinePointSchema, to: TimelinePointSchema }),
  /** Every change of an item (in one session or all), oldest first. */
  'timeline.itemHistory': z.strictObject({
    item: ItemNameSchema,
    session: z.number().int().positive().optional(),
    app: z.number().int().nonnegative().optional(),
    limit: z.number().int().positive().max(100_000).optional(),
  }),
  /** "Why does this item have this value": the step and cause that last set it at or before the point. */
  'timeline.why': z.strictObject({
    point: TimelinePointSchema,
    session: z.number().int().positive(),
    app: z.number().int().nonnegative(),
    page: z.number().int().nonnegative().nullable(),
    item: ItemNameSchema,
  }),
  /** "Why does this table row look like this" (issue #11): the change that last touched the row (or its column) at or before the point. */
  'timeline.whyRow': z.strictObject({
    point: TimelinePointSchema,
    app: z.number().int().nonnegative(),
    table: ItemNameSchema,
    key: z.string().min(1).max(255),
    column: ItemNameSchema.optional(),
  }),
  /** Item names and values containing `query`, over all sessions and steps. */
  'timeline.search': z.strictObject({
    query: z.string().min(1).max(1000),
    limit: z.number().int().positive().max(10_000).optional(),
    offset: z.number().int().nonnegative().optional(),
    /** Default false (matching is `toLowerCase()`-insensitive). */
    caseSensitive: z.boolean().optional(),
    /** Match item names, values, or both (default). */
    in: z.enum(['all', 'names', 'values']).optional(),
    /** Also answer `next`: the nearest hit after (forward) or before (backward) this step, over every hit. */
    near: z.strictObject({ step: z.number().int().min(-1), direction: z.enum(['forward', 'backward']) }).optional(),
    /**
     * Also find steps by their words — session (alias or ID), user, button, URL, note — answered apart as `stepWords` (first page only: not
     * with `offset`). A big timeline's step words are indexed in the background from the first such search: ask timeline.searchStepWords
     * for the rest. With `near`, `nextStep` is the nearest step with any hit: change, real answer or step word.
     */
    stepWords: z.boolean().optional(),
  }),
  /** How far the step-word index built in the background got (a cheap ask, for a progress line: no search runs). */
  'timeline.stepWordsProgress': z.strictObject({}),
  /** Steps by their words only (timeline.search's `stepWords`): its hits over the steps indexed so far. */
  'timeline.searchStepWords': z.strictObject({
    query: z.string().min(1).max(1000),
    limit: z.number().int().positive().max(10_000).optional(),
    caseSensitive: z.boolean().optional(),
  }),
  /** The next (or previous) point from `from` where a breakpoint hits, over the whole timeline, or null; with `state`, the state there too. */
  'timeline.findBreakpoint': z.strictObject({
    from: TimelinePointSchema,
    direction: z.enum(['forward', 'backward']),
    breakpoints: z.array(BreakpointSchema).min(1).max(100),
    state: StateOptionsSchema.optional(),
  }),
  /** Opens a trace file by path (desktop shell and browser host only), streaming with load.progress events. */
  'workspace.openTraceFile': z.strictObject({ path: z.string().min(1).max(4096) }),
  /** Cancels a load in progress; the previous workspace stays. */
  'workspace.cancelLoad': z.strictObject({}),
  /**
   * Opens a browser recording (HAR) by path (desktop shell and browser host only, like openTraceFile):
   * imported into a trace (src-main/har-import/), with the current workspace's app definitions when it
   * has any — so each real answer is compared with the simulation (WorkspaceSummary.observed) —, then
   * loaded like a trace file. load.progress covers both stages; workspace.cancelLoad stops either. A
   * recording with no APEX request fails naming the entry; the current workspace stays.
   */
  'workspace.openHarFile': z.strictObject({ path: z.string().min(1).max(4096) }),
  /** The same for a recording a page read (browser host, drag and drop). */
  'workspace.openHarText': z.strictObject({ text: z.string().max(MAX_INLINE_TRACE_BYTES), name: z.string().max(1000).optional() }),

  // --- Navigation, playback, index facts, files ------------------------------
  /**
   * Debugger navigation from a point (src-main/timeline/navigation.ts): into/over/out and their
   * backward mirrors, whole steps (next, prev) and the ends (first, last); with `state`, the state
   * at the point arrived at comes in the same answer. With `ahead` (and `state`), the answer also
   * carries the same move once more from the point arrived at (`ahead`: its point, and its state with
   * `diffFrom` the point arrived at): a held arrow key paints its next step without waiting.
   */
  'timeline.navigate': z.strictObject({ from: TimelinePointSchema, mode: z.enum(NAV_MODES), state: StateOptionsSchema.optional(), ahead: z.boolean().optional() }),
  /**
   * The next points of a playback with the delay before each (the UI drives the timer). With
   * `breakpoints`, the ticks end at the first point where one hits (`breakpoint` says which).
   */
  'timeline.playback': z.strictObject({
    from: TimelinePointSchema,
    speed: z.union([z.literal('original'), z.literal(1), z.literal(2), z.literal(4)]),
    count: z.number().int().positive().max(10_000),
    unit: z.enum(['into', 'over']).optional(),
    breakpoints: z.array(BreakpointSchema).min(1).max(100).optional(),
  }),
  /**
   * Issue #16: a live user opens another browser (its own cookie jar; no session yet). Nothing is recorded:
   * the browser enters the trace with its first event (a request from the URL bar with `browser`), which
   * records its `browser created` effect. Without `name`, the next free `B<n>`. A name in use, or one
   * starting with `~` (the implicit browsers'), is refused naming it. Live workspaces only.
   */
  'browser.open': z.strictObject({
    /** The one browser-name rule (engine/model/operation.ts), after trimming what the user typed. */
    name: z.string().trim().pipe(BrowserNameSchema).optional(),
  }),
  /** Sizes of the time-travel index (steps, effects, checkpoints, memory). */
  'timeline.info': z.strictObject({}),
  /**
   * The page flow of one session as a graph (src-main/timeline/flow-graph.ts): pages as nodes, the ways
   * between them (branch, validation failure, URL, clone, logout, expiry) as edges with their counts over
   * the session's life and up to step `upTo`, where the session is at `upTo` and the path to it.
   * `session`: any ID the session had (default: the session of the step at `upTo`).
   */
  'timeline.flow': z.strictObject({ session: z.number().int().positive().optional(), upTo: z.number().int().min(-1) }),
  /** The current workspace's summary (what `workspace.changed` last said) — for a window that connects late. */
  'workspace.summary': z.strictObject({}),
  /**
   * Exercises (issue #14): the trace's `expect` lines (at most 10,000; `leftOut` counts the rest), each with
   * its line, the step it follows, its session, the fields it checks with expected values and the replay's
   * verdict (actual values), listed during the load that checks them. Null for a workspace file written
   * before the list existed. Its own method, not part of WorkspaceSummary: the list reaches megabytes on a
   * big trace and the summary goes out with every `workspace.changed` and after every live step.
   */
  'workspace.exercises': z.strictObject({}),
  /** Streams the workspace as a v1 trace file (recorded effects plus the `steps` extension; see docs/timeline.md). */
  'workspace.exportTraceFile': z.strictObject({ path: z.string().min(1).max(4096) }),
  /** Saves the workspace as a workspace file (SQLite); open it again with workspace.openTraceFile. */
  'workspace.save': z.strictObject({ path: z.string().min(1).max(4096) }),
  /**
   * The first `steps` steps are now in a file the user keeps (a trace the page
   * downloaded from workspace.exportTraceText, whose answer says how many steps it holds).
   * Saving through workspace.exportTraceFile or workspace.save marks them by itself.
   */
  'workspace.markSaved': z.strictObject({ steps: z.number().int().min(0) }),

  // --- APEX import (docs/decisions.md "APEX import"; result: ApexImportResult) -------
  /** Imports an APEX export by path — a `.sql` file or a split-export folder (desktop shell only: main-only over IPC, refused by the browser host). */
  'workspace.importApexExport': z.strictObject({ path: z.string().min(1).max(4096), newWorkspace: z.boolean().optional() }),
  /** Imports an APEX export a page read: one `.sql` file, or a split export's files with their relative paths. */
  'workspace.importApexFiles': ApexImportFilesInput,

  // --- Desktop shell ---------------------------------------------------
  /**
   * Runs a main-process command of the desktop shell (an Open or Save dialog, export, help),
   * answered by the shell's IPC bridge itself; the engine (and so the browser host) refuses it
   * with `forbidden`. The command names: shell-command-names.ts.
   */
  'shell.run': z.strictObject({ command: z.enum(UI_RUNNABLE_MAIN_COMMANDS) }),
} as const

export type MethodName = keyof typeof methodSchemas
export type MethodInput<M extends MethodName> = z.input<(typeof methodSchemas)[M]>

export interface EngineInfo {
  product: 'Session Scope'
  version: string
  traceFormatVersions: number[]
  node: string
}

/**
 * The `detail` of a step's `itemsRender` phase, as far as the views read it: one page of rows of each
 * report region the page showed (engine/runtime/report-regions.ts; absent when it has none). A step read
 * back from a trace's `steps` extension or an older workspace file keeps whatever detail it was written
 * with, so a reader checks each report before trusting this shape.
 */
export interface ItemsRenderDetail {
  reports?: ReportView[]
}

export interface WorkspaceSummary {
  title: string
  /** True when the trace had no app definitions and shows recorded effects only. */
  recordedOnly: boolean
  steps: number
  expects: { total: number; passed: number; failed: number }
  failures: ExpectFailure[]
  divergences: Divergence[]
  /**
   * Real vs simulated (issue #15): for a trace with app definitions whose events carry what the
   * real APEX server answered (`observed`), how many were compared and each request's first
   * divergence (step = the request's first step, lastStep = its last redirect show), computed once
   * while the trace was replayed. Absent for recorded-only traces and when nothing was compared.
   */
  observed?: { compared: number; divergences: ObservedDivergence[] }
  /** Where the workspace lives: its workspace file, the trace file it indexes, and whether an existing index was reused. */
  file?: { workspace: string | null; source: string | null; reused: boolean }
  /**
   * Always sent by the engine service: steps recorded live since the
   * workspace was opened, saved or exported — they exist nowhere else, so replacing the
   * workspace (new, demo, another trace) would lose them: the UI asks first
   * (docs/decisions.md "Unsaved live steps").
   */
  unsavedSteps?: number
}

/** A browser recording opened as the workspace: its summary and the importer's (events, skipped traffic, withheld secrets, problems by entry). */
export interface HarOpenResult extends WorkspaceSummary {
  harImport: HarImportSummary
}

export interface DemoInfo {
  name: string
  title: string
  description: string
}

/**
 * Results of the timeline.* methods: defined once, beside the timeline code
 * that builds them (src-main/timeline/results.ts), and re-exported here.
 * The engine service always sends `TimelineState.rows[i].changed` (the row's
 * last change: step, phase, cause) and `sessions[i].group` and `.expiry` (its
 * clone group's record, and when the session expires).
 */
export type {
  ExpiryDeadline,
  ItemChange,
  LastChange,
  PointDetail,
  RowChangeAtPoint,
  RowRef,
  SearchHit,
  AnswerHit,
  StateDiff,
  StateRowColumns,
  StateTable,
  TableRowChange,
  SessionBrief,
  TimelineSession,
  TimelineState,
  TimelineStateRow,
} from '../timeline/results.js'

export type { FlowEdge, FlowEdgeKind, FlowGraph, FlowNode } from '../timeline/flow-graph.js'
import type { FlowGraph } from '../timeline/flow-graph.js'

/** Sizes of the time-travel index (timeline.info). */
export interface TimelineInfo {
  steps: number
  effects: number
  events: number
  phases: number
  /** Logical sessions (a login rotation keeps the session). */
  sessions: number
  rowKeys: number
  checkpoints: number
  checkpointEvery: number
  checkpointBytes: number
  stringBytes: number
}

/** Where a breakpoint hit: the point, why in words, which breakpoint (its index), and — when asked for — the state there. */
export interface BreakpointFound {
  point: TimelinePoint
  reason: string
  breakpoint?: number
  state?: TimelineState
}

export interface PlaybackTick {
  point: TimelinePoint
  /** Wait this long after showing the previous point. */
  delayMs: number
}

/** What was read — the CLI's `import-apex --json` document. */
export interface ApexImportSummary {
  /** One summary per imported application (pages, pageItems, storage, branches, appItems, computations, validations, buttons, processes, notSimulated, …). */
  apps: ImportSummary[]
  /** What could not be read, with file and line (line 0: the whole file); at most 1,000, see `moreProblems`. */
  problems: ImportProblem[]
  /** Problems beyond those listed. */
  moreProblems?: number
  /** Export calls with nothing to simulate (regions, templates, …), by procedure name. */
  skippedCalls: Record<string, number>
}

/** The result of workspace.importApexExport / workspace.importApexFiles, and the apex.imported event. */
export interface ApexImportResult {
  /** Numbers the imports of this engine (the event and the response of one import carry the same). */
  id: number
  /**
   * What happened to the workspace: the app joined the current live workspace (`added`), a new
   * live workspace holds it (`newWorkspace`), or nothing changed because that would close a
   * workspace with recorded steps (`needsConfirmation`: ask the user, then call again with `newWorkspace: true`).
   */
  action: 'added' | 'newWorkspace' | 'needsConfirmation'
  /** One sentence for the user: what happened, or what they are asked. */
  message: string
  summary: ApexImportSummary
  /** The request to the first app's home page, in a new session (null when nothing changed). */
  home: { app: number; page: number; session: number | null; alias: string | null; step: number; steps: number; outcome: Outcome } | null
  workspace: WorkspaceSummary
}

export interface MethodResults {
  'engine.info': EngineInfo
  'workspace.new': WorkspaceSummary
  'workspace.openTraceText': WorkspaceSummary
  'workspace.openDemo': WorkspaceSummary
  /** `steps`: how many steps the text holds (for workspace.markSaved). */
  'workspace.exportTraceText': { text: string; steps?: number }
  /**
   * `steps`: the steps the operation recorded. Also always sent by the engine service:
   * `stepCount` (the timeline's steps after it) and `unsavedSteps` (as WorkspaceSummary's);
   * `state`: the state after its last step, when asked for.
   */
  operate: { steps: Step[]; stepCount?: number; unsavedSteps?: number; state?: TimelineState }
  'sessions.list': SessionView[]
  'sessions.freeAlias': { alias: string }
  'state.rows': StateRow[]
  'state.userRows': UserRow[]
  'tables.rows': TableRow[]
  'apps.list': AppDefinition[]
  'steps.count': { count: number }
  'steps.range': Step[]
  'demos.list': DemoInfo[]
  'timeline.state': TimelineState
  'timeline.sessions': SessionWindow
  'timeline.browsers': BrowserWindow
  /** `name`: the browser opened; `opened`: every browser opened live and not used yet, in opening order. */
  'browser.open': { name: string; opened: string[] }
  'timeline.diff': StateDiff
  'timeline.itemHistory': ItemChange[]
  'timeline.why': ItemChange | null
  /** null: no step changed that row (or column) up to the point — an installed row, or none. */
  'timeline.whyRow': RowChange | null
  /**
   * `steps`: distinct steps with a hit; `next`: with `near`, the nearest change hit there (null: none); `nextStep`: with `near`, the
   * nearest step with a change, real answer or (with `stepWords`) step-word hit (null: none).
   */
  'timeline.search': {
    hits: SearchHit[]
    total: number
    steps?: number
    next?: SearchHit | null
    nextStep?: number | null
    answers?: { hits: AnswerHit[]; total: number; leftOut: number }
    stepWords?: StepTextResult
  }
  'timeline.searchStepWords': StepTextResult
  /** `searched` of `of` steps indexed; `building`: the background build goes on. */
  'timeline.stepWordsProgress': { searched: number; of: number; building: boolean }
  /** `breakpoint`: the index of the breakpoint that hit; `state`: the state at `point`, when asked for. */
  'timeline.findBreakpoint': BreakpointFound | null
  'workspace.openTraceFile': WorkspaceSummary
  'workspace.cancelLoad': { cancelled: boolean }
  'workspace.openHarFile': HarOpenResult
  'workspace.openHarText': HarOpenResult
  /** `state`: the state at `point`, when asked for and there is somewhere to go. */
  'timeline.navigate': { point: TimelinePoint | null; state?: TimelineState; ahead?: { point: TimelinePoint | null; state?: TimelineState } }
  /** `breakpoint`: with `breakpoints`, the hit the ticks stop at (the last tick's point), or null. */
  'timeline.playback': { ticks: PlaybackTick[]; breakpoint?: BreakpointFound | null }
  'timeline.info': TimelineInfo
  'timeline.flow': FlowGraph
  'workspace.summary': WorkspaceSummary
  'workspace.exercises': ExpectLineList | null
  'workspace.exportTraceFile': { path: string; events: number }
  'workspace.save': { path: string }
  'workspace.markSaved': { unsavedSteps: number }
  'workspace.importApexExport': ApexImportResult
  'workspace.importApexFiles': ApexImportResult
  'shell.run': { done: true }
}

/** Events pushed to subscribers. */
export interface EventPayloads {
  /** New steps were appended (live operation) — fetch them with steps.range. */
  'steps.appended': { from: number; count: number }
  /** The workspace was replaced (new, opened trace, demo). */
  'workspace.changed': WorkspaceSummary
  /** Progress of a trace load: fraction done (0..1), estimated seconds left. */
  'load.progress': {
    fraction: number
    etaSec: number | null
    bytesRead: number
    totalBytes: number | null
    events: number
    /** `importHar`: a browser recording being imported (workspace.openHar*), before its trace loads; absent while a trace loads. */
    stage?: 'importHar'
  }
  /** An APEX export was imported and the workspace changed (whoever asked: the desktop menu or a page). */
  'apex.imported': ApexImportResult
  /** Steps were saved (Save Trace As…, an export, workspace.markSaved): how many live steps are still in no file. */
  'workspace.saved': { unsavedSteps: number }
  /** A menu command for the UI (desktop shell only; sent by main, never by the engine, so not in EVENT_TOPICS). */
  'shell.command': { command: RendererCommand }
}
export type EventTopic = keyof EventPayloads
export const EVENT_TOPICS = ['steps.appended', 'workspace.changed', 'load.progress', 'apex.imported', 'workspace.saved'] as const satisfies readonly EventTopic[]

/** 'invalidWorkspace': a damaged or foreign workspace file (the message names it); 'invalidExport': nothing could be imported from an APEX export (the message names the file and line). */
export type ApiErrorCode = 'unknownMethod' | 'invalidPayload' | 'invalidTrace' | 'invalidApps' | 'invalidWorkspace' | 'invalidExport' | 'notFound' | 'forbidden' | 'cancelled' | 'busy' | 'internal'

export interface ApiError {
  code: ApiErrorCode
  message: string
  /** The payload field (dotted path) or trace place the error is about. */
  field?: string
  line?: number
}

export type ApiResponse<M extends MethodName> = { ok: true; result: MethodResults[M] } | { ok: false; error: ApiError }

/** What a client of the engine sees, whatever the transport (IPC, WebSocket, in-process). */
export interface EngineApi {
  invoke<M extends MethodName>(method: M, payload: MethodInput<M>): Promise<ApiResponse<M>>
  subscribe<T extends EventTopic>(topic: T, cb: (payload: EventPayloads[T]) => void): () => void
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methodSchemas, name)
}
