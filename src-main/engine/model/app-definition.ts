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
})
export type NotSimulated = z.infer<typeof NotSimulatedSchema>

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
/** A process the engine cannot run (e.g. PL/SQL): shown as "not simulated" when reached. */
export const NotSimulatedProcessSchema = z.looseObject({
  ...processBase,
  type: z.literal('notSimulated'),
  notSimulated: NotSimulatedSchema,
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
  label: z.string().optional(),
  notSimulated: NotSimulatedSchema.optional(),
})
export type PageItem = z.infer<typeof PageItemSchema>

export const ButtonSchema = z.looseObject({
  name: z.string().min(1),
  label: z.string().optional(),
})
export type Button = z.infer<typeof ButtonSchema>

export const PageSchema = z.looseObject({
  id: z.number().int().nonnegative(),
  alias: z.string().optional(),
  name: z.string(),
  protection: PageProtectionSchema.optional(),
  items: z.array(PageItemSchema).optional(),
  buttons: z.array(ButtonSchema).optional(),
  computations: z.array(ComputationSchema).optional(),
  validations: z.array(ValidationSchema).optional(),
  processes: z.array(ProcessSchema).optional(),
  branches: z.array(BranchSchema).optional(),
})
export type Page = z.infer<typeof PageSchema>

export const AppItemSchema = z.looseObject({
  name: z.string().min(1),
  scope: z.enum(['APP', 'GLOBAL']).optional(),
  storage: ItemStorageSchema.optional(),
  protection: ItemProtectionSchema.optional(),
})
export type AppItem = z.infer<typeof AppItemSchema>

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
  items: z.array(AppItemSchema).optional(),
  computations: z.array(ComputationSchema).optional(),
  processes: z.array(ProcessSchema).optional(),
  tables: z.array(TableSchema).optional(),
  pages: z.array(PageSchema),
})
export type AppDefinition = z.infer<typeof AppDefinitionSchema>
