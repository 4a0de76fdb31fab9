/**
 * App definitions: the apps the engine simulates (trace-format-v1 "AppDefinition").
 *
 * Schemas are zod so that the same definition validates trace headers, IPC and
 * WebSocket payloads, and imported APEX exports. Objects are "loose": unknown
 * fields are kept, because the trace format promises forward compatibility.
 */
import { z } from 'zod'

export const ItemStorageSchema = z.enum(['session', 'request', 'user'])
export const ItemProtectionSchema = z.enum(['N', 'I'])
export const PageProtectionSchema = z.enum(['N', 'U', 'D'])

/*
 * Issue #16 (browsers, cookies, Rejoin Sessions, checksums): the fields below
 * are mapped by the importer and enforced by the request lifecycle for events
 * that name a browser (docs/browsers-and-sessions.md); events without a
 * browser keep the rules of older traces, as if they were absent.
 */

/** Rejoin Sessions (APEX `REJOIN_EXISTING_SESSIONS`: N / P / Y). */
export const RejoinSessionsSchema = z.enum(['disabled', 'public', 'all'])
export type RejoinSessions = z.infer<typeof RejoinSessionsSchema>

/**
 * Session State Protection "Checksum Required" scopes of an item (APEX item
 * protection B / P / S; checksum levels 1 / 2 / 3, reference §1.3).
 */
export const ChecksumScopeSchema = z.enum(['application', 'user', 'session'])
export type ChecksumScope = z.infer<typeof ChecksumScopeSchema>

/** Execution points (trace-format-v1, "Points P"). Array order = sequence order. */
export const POINTS = [
  'onNewInstance',
  'afterLogin',
  'beforeHeader',
  'afterHeader',
  'beforeRegions',
  'afterRegions',
  'beforeFooter',
  'afterFooter',
  'afterSubmit',
  'onSubmitBeforeComputation',
  'validating',
  'processing',
  'afterProcessing',
] as const
export const PointSchema = z.enum(POINTS)
export type Point = z.infer<typeof PointSchema>

/**
 * Something an importer could not translate (PL/SQL, SQL): it stays in the
 * definition with its original text and is reported, never run, never dropped.
 */
export const NotSimulatedSchema = z.looseObject({
  /** What kind of code it was, e.g. "PL/SQL process", "SQL query source". */
  kind: z.string(),
  /** The original text from the export. */
  text: z.string(),
  /**
   * Extension (docs/trace-format.md): the code's language. With `run` set the
   * engine tries to run the text on the app database / PL/SQL interpreter; the
   * record then only says the expression language could not state it. Whether
   * it runs is decided when the app loads (it compiles or not).
   */
  language: z.enum(['sql', 'plsql']).optional(),
  /** Extension: the APEX type as exported (e.g. `FUNCTION_BODY`, `NATIVE_PLSQL`). */
  apexType: z.string().optional(),
  /**
   * Extension: how the engine runs the text (one of CODE_RUNS). A string, not
   * an enum, so a definition from a newer importer still loads: an unknown
   * way is simply not run.
   */
  run: z.string().optional(),
})
export type NotSimulated = z.infer<typeof NotSimulatedSchema>

/**
 * The ways a component's SQL or PL/SQL runs (`NotSimulated.run`). Where the
 * component sits says what the result is used for: a condition or a
 * validation tests it, a source, default or computation stores it.
 */
export const CODE_RUNS = [
  /** SQL query: the first column of the first row (null when no row). */
  'sqlQuery',
  /** SQL query: the first column of every row joined with ':'. */
  'sqlColonList',
  /** SQL query: true when it returns a row. */
  'sqlExists',
  /** SQL query: true when it returns no row. */
  'sqlNotExists',
  /** SQL expression (as in `select <expr> from dual` or `where <expr>`). */
  'sqlExpression',
  /** Sequence name: its NEXTVAL. */
  'sqlSequence',
  /** PL/SQL expression. */
  'plsqlExpression',
  /** PL/SQL function body (ends with RETURN). */
  'plsqlFunctionBody',
  /** PL/SQL anonymous block (a process). */
  'plsqlBlock',
  /** Validation: a function body returning error text (null passes). */
  'plsqlErrorText',
  /** Validation: a block that fails when it raises. */
  'plsqlError',
  /** Process: Form Initialization / Automatic Row Fetch (the process's `form`). */
  'formFetch',
  /** Process: Form DML / Automatic Row Processing by request (the process's `form`). */
  'formDml',
  /** Process: Close Dialog (ends the request; no branch runs). */
  'closeDialog',
  /** Process: Execution Chain (runs the processes whose `chain` names it). */
  'executionChain',
  /** Process: Interactive Grid - Automatic Row Processing (DML) of the submitted grid rows (the process's `grid`). */
  'gridDml',
  /**
   * Item whose value is only session state: filled by its form's fetch
   * (region source / database column, the text is the column) or by the user
   * (a faceted search facet). Nothing runs at render.
   */
  'formColumn',
] as const
export type CodeRun = (typeof CODE_RUNS)[number]

export const ConditionSchema = z.looseObject({
  button: z.string().optional(),
  expression: z.string().optional(),
  notSimulated: NotSimulatedSchema.optional(),
})
export type Condition = z.infer<typeof ConditionSchema>

export const ComputationSchema = z.looseObject({
  point: PointSchema,
  item: z.string().min(1),
  expression: z.string(),
  when: ConditionSchema.optional(),
  notSimulated: NotSimulatedSchema.optional(),
})
export type Computation = z.infer<typeof ComputationSchema>

export const ValidationSchema = z.looseObject({
  name: z.string(),
  expression: z.string(),
  message: z.string(),
  item: z.string().optional(),
  when: ConditionSchema.optional(),
  notSimulated: NotSimulatedSchema.optional(),
})
export type Validation = z.infer<typeof ValidationSchema>

const processBase = {
  name: z.string(),
  point: PointSchema,
  when: ConditionSchema.optional(),
}

export const SetItemsProcessSchema = z.looseObject({
  ...processBase,
  type: z.literal('setItems'),
  items: z.record(z.string(), z.string()),
})
export const ClearCacheProcessSchema = z.looseObject({
  ...processBase,
  type: z.literal('clearCache'),
  tokens: z.string(),
})
export const InsertRowProcessSchema = z.looseObject({
  ...processBase,
  type: z.literal('insertRow'),
  table: z.string().min(1),
  columns: z.record(z.string(), z.string()),
})
/**
 * Extension: the table a form process fetches or writes, its key columns with
 * the items that hold them, and which item holds which column.
 */
export const FormSpecSchema = z.looseObject({
  table: z.string(),
  keys: z.array(z.looseObject({ column: z.string(), item: z.string() })),
  /** Item → column. */
  columns: z.record(z.string(), z.string()),
  /** Allowed operations, e.g. `I:U:D` (absent: all). */
  operations: z.string().optional(),
  /** Items fetched but never written ("Query Only"). */
  queryOnly: z.array(z.string()).optional(),
  /** Item → format mask: fetched with TO_CHAR(column, mask), written with TO_DATE / TO_NUMBER(item, mask). */
  masks: z.record(z.string(), z.string()).optional(),
})
export type FormSpec = z.infer<typeof FormSpecSchema>

/** Extension (issue #11): the table an Interactive Grid's row processing writes, and its columns. */
export const GridSpecSchema = z.looseObject({
  /** The grid region's static ID (`p_region_name`), which names its rows in a submit's `grids`. */
  region: z.string(),
  /** The region's name: a submit may name the grid by it too. */
  regionName: z.string().optional(),
  table: z.string(),
  /** Primary key columns (`ROWID` for a grid on ROWID); empty: the table's primary key, read from the app database. */
  keys: z.array(z.string()),
  /** Columns the grid writes (database columns that are not query only); empty: every column the rows carry. */
  columns: z.array(z.string()),
})
export type GridSpec = z.infer<typeof GridSpecSchema>

/**
 * A process the expression language cannot state (e.g. PL/SQL). With a `run`
 * on its record the engine runs it on the app database; otherwise it is shown
 * as "not simulated" when reached.
 */
export const NotSimulatedProcessSchema = z.looseObject({
  ...processBase,
  type: z.literal('notSimulated'),
  notSimulated: NotSimulatedSchema,
  /** Extension: a form process's table and item mapping. */
  form: FormSpecSchema.optional(),
  /** Extension: an Interactive Grid DML process's table and columns. */
  grid: GridSpecSchema.optional(),
  /** Extension: the execution chain (process name) this process belongs to; it runs only inside it. */
  chain: z.string().optional(),
})
export const ProcessSchema = z.discriminatedUnion('type', [
  SetItemsProcessSchema,
  ClearCacheProcessSchema,
  InsertRowProcessSchema,
  NotSimulatedProcessSchema,
])
export type Process = z.infer<typeof ProcessSchema>

export const BranchSchema = z.looseObject({
  point: PointSchema,
  type: z.enum(['redirect', 'show']).optional(),
  target: z.string(),
  when: ConditionSchema.optional(),
  notSimulated: NotSimulatedSchema.optional(),
})
export type Branch = z.infer<typeof BranchSchema>

export const PageItemSchema = z.looseObject({
  name: z.string().min(1),
  storage: ItemStorageSchema.optional(),
  source: z.string().optional(),
  sourceUsed: z.enum(['onlyWhenNull', 'always']).optional(),
  default: z.string().optional(),
  protection: ItemProtectionSchema.optional(),
  /** Extension (issue #16): "Checksum Required" at this scope; `protection` stays N (U, D and I are separate checks). */
  checksumRequired: ChecksumScopeSchema.optional(),
  label: z.string().optional(),
  notSimulated: NotSimulatedSchema.optional(),
})
export type PageItem = z.infer<typeof PageItemSchema>

export const ButtonSchema = z.looseObject({
  name: z.string().min(1),
  label: z.string().optional(),
})
export type Button = z.infer<typeof ButtonSchema>

/**
 * Extension: a region that reads or writes the app database (classic or
 * interactive report, interactive grid, form). Its items map item name →
 * column; `keys` are the primary-key columns in order.
 */
export const RegionSchema = z.looseObject({
  name: z.string(),
  /** APEX region type, e.g. `NATIVE_FORM`, `NATIVE_SQL_REPORT`, `NATIVE_IR`, `NATIVE_IG`. */
  type: z.string(),
  table: z.string().optional(),
  query: z.string().optional(),
  keys: z.array(z.string()).optional(),
  items: z.record(z.string(), z.string()).optional(),
})
export type Region = z.infer<typeof RegionSchema>

/** Extension (issue #16): settings a page overrides. */
export const PageSettingsSchema = z.looseObject({
  /** The page's Rejoin Sessions; absent = the application's. */
  rejoinSessions: RejoinSessionsSchema.optional(),
})
export type PageSettings = z.infer<typeof PageSettingsSchema>

export const PageSchema = z.looseObject({
  id: z.number().int().nonnegative(),
  alias: z.string().optional(),
  name: z.string(),
  protection: PageProtectionSchema.optional(),
  /**
   * Extension (issue #16): page access protection
   * "Arguments Must Have Checksum" (APEX C). `protection` stays N (U, D and I are separate checks).
   */
  argumentsMustHaveChecksum: z.boolean().optional(),
  /** Extension (issue #16). */
  settings: PageSettingsSchema.optional(),
  items: z.array(PageItemSchema).optional(),
  buttons: z.array(ButtonSchema).optional(),
  computations: z.array(ComputationSchema).optional(),
  validations: z.array(ValidationSchema).optional(),
  processes: z.array(ProcessSchema).optional(),
  branches: z.array(BranchSchema).optional(),
  /** Extension: regions that read or write the app database. */
  regions: z.array(RegionSchema).optional(),
})
export type Page = z.infer<typeof PageSchema>

export const AppItemSchema = z.looseObject({
  name: z.string().min(1),
  scope: z.enum(['APP', 'GLOBAL']).optional(),
  storage: ItemStorageSchema.optional(),
  protection: ItemProtectionSchema.optional(),
  /** Extension (issue #16): "Checksum Required" at this scope; `protection` stays N (U, D and I are separate checks). */
  checksumRequired: ChecksumScopeSchema.optional(),
})
export type AppItem = z.infer<typeof AppItemSchema>


/**
 * Extension: the export's supporting objects. Only install scripts are kept,
 * in install order (sequence); the app database runs them when the app loads.
 */
export const SupportingObjectsSchema = z.looseObject({
  scripts: z.array(
    z.looseObject({
      name: z.string(),
      sequence: z.number(),
      text: z.string(),
    }),
  ),
})
export type SupportingObjects = z.infer<typeof SupportingObjectsSchema>

/** Extension: an application text message (APEX_LANG.MESSAGE). */
export const TextMessageSchema = z.looseObject({
  name: z.string(),
  text: z.string(),
  language: z.string().optional(),
})

export const TableSchema = z.looseObject({
  name: z.string().min(1),
  columns: z.array(z.string()),
})
export type Table = z.infer<typeof TableSchema>

export const SessionSettingsSchema = z.looseObject({
  cloneSessionEnabled: z.boolean().optional(),
  maxSessionLengthSec: z.number().nonnegative().optional(),
  maxSessionIdleSec: z.number().nonnegative().optional(),
  /**
   * Extension: whether a condition the importer could not translate (PL/SQL,
   * SQL) holds. Default false: an unknown condition does not hold, as in SQL.
   */
  notSimulatedConditionsHold: z.boolean().optional(),
  /**
   * Extension (issue #16): Rejoin Sessions. In the trace
   * header it is the instance setting (default `public`), which caps the
   * app's and page's; in an app it is the app's (default `disabled`).
   */
  rejoinSessions: RejoinSessionsSchema.optional(),
})
export type SessionSettings = z.infer<typeof SessionSettingsSchema>

export const AppDefinitionSchema = z.looseObject({
  id: z.number().int().positive(),
  alias: z.string().optional(),
  name: z.string(),
  homePage: z.number().int().nonnegative(),
  /**
   * Extension: per-app session timeouts (APEX: application overrides the
   * instance). Applied when a session is created by a request to this app.
   */
  settings: SessionSettingsSchema.optional(),
  /**
   * Extension (issue #16): Session State Protection on or
   * off for the app (APEX `p_page_protection_enabled_y_n`). Off: checksum
   * settings of pages and items are ignored (item protection I still holds).
   * Absent: on, so a hand-written definition that asks for checksums gets them.
   */
  sessionStateProtection: z.boolean().optional(),
  /** Extension (issue #16): the export's checksum salt, mixed into this app's checksum key. */
  checksumSalt: z.string().optional(),
  /**
   * Extension (issue #16): the session cookie of the app's
   * authentication scheme. Apps naming the same cookie share sessions.
   * Absent: `ORA_WWV_APP_<id>` at path `/`.
   */
  sessionCookie: z.looseObject({ name: z.string().optional(), path: z.string().optional() }).optional(),
  items: z.array(AppItemSchema).optional(),
  computations: z.array(ComputationSchema).optional(),
  processes: z.array(ProcessSchema).optional(),
  tables: z.array(TableSchema).optional(),
  /** Extension: install scripts that build the app database. */
  supportingObjects: SupportingObjectsSchema.optional(),
  /** Extension: text messages for APEX_LANG.MESSAGE. */
  messages: z.array(TextMessageSchema).optional(),
  pages: z.array(PageSchema),
})
export type AppDefinition = z.infer<typeof AppDefinitionSchema>
