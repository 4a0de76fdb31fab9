/**
 * Zod schemas of trace format v1 (../shared/spec/trace-format-v1.md): the
 * header on line 1 and the events on every later line.
 *
 * Built on the shared model so that a trace line, a live action and an IPC
 * payload are validated by the very same definitions. Every object is loose:
 * the contract says unknown fields are kept on read and written back on
 * export, so a newer writer's additions survive a round trip through us.
 * The published JSON Schema is generated from these (json-schema.ts), so this
 * file is the single source of truth for the format's shape.
 */
import { z } from 'zod'
import { AppDefinitionSchema, SessionSettingsSchema } from '../engine/model/app-definition.js'
import { EffectSchema } from '../engine/model/effect.js'
import {
  AjaxOpSchema,
  CloneOpSchema,
  ClearCacheOpSchema,
  LoginOpSchema,
  LogoutOpSchema,
  OPERATION_TYPES,
  RequestOpSchema,
  SessionRefSchema,
  SetStateOpSchema,
  SubmitOpSchema,
  WaitOpSchema,
} from '../engine/model/operation.js'
import { OUTCOMES } from '../engine/model/step.js'

export const TRACE_FORMAT = 'session-trace'
/** Versions this reader accepts; named in the error for any other version. */
export const SUPPORTED_VERSIONS = [1] as const
export const TRACE_VERSION = 1

/** Canonical file extension first; the others are accepted on open. */
export const TRACE_FILE_EXTENSIONS = ['.sstrace', '.ndjson', '.jsonl'] as const

// ---------------------------------------------------------------------------
// Header

export const TraceHeaderSchema = z.looseObject({
  format: z.literal(TRACE_FORMAT),
  version: z.literal(TRACE_VERSION),
  title: z.string(),
  description: z.string().optional(),
  /** Origin of the simulated clock; offsets are allowed, the engine works in UTC. */
  startTime: z.iso.datetime({ offset: true }).optional(),
  /** Makes session IDs deterministic (semantics §1). */
  seed: z.number().int().optional(),
  /**
   * EXTENSION (issue #16): the Session State Protection secret of a workspace
   * recorded without a seed, so the cs= checksums of its links verify again
   * when it is reopened or re-simulated. Ignored when `seed` is present.
   */
  checksumSecret: z.string().min(1).max(200).optional(),
  settings: SessionSettingsSchema.optional(),
  apps: z.array(AppDefinitionSchema).optional(),
  /** Built-in demo apps by name, e.g. "demo:onboarding". */
  use: z.array(z.string().min(1)).optional(),
  /**
   * EXTENSION to the v1 contract: app-definition JSON files (each one
   * AppDefinition, e.g. written by the APEX importer), by path relative to the
   * trace file. They supply apps like `apps` does, but keep a big imported
   * application out of line 1, which must stay under the line limit and is
   * rewritten on every export. Readers that do not know the field keep it
   * (unknown fields are kept) and treat the trace as recorded-only.
   */
  appFiles: z.array(z.string().min(1)).optional(),
})
export type TraceHeader = z.infer<typeof TraceHeaderSchema>

// ---------------------------------------------------------------------------
// Events

export { OUTCOMES }
export const OutcomeSchema = z.enum(OUTCOMES)

export const SESSION_STATUSES = ['active', 'expired', 'deleted'] as const
export const SessionStatusSchema = z.enum(SESSION_STATUSES)

/**
 * EXTENSION (issue #15): what the real APEX server answered to this event's
 * request, as a browser recording (HAR) shows it. Written by the HAR importer,
 * compared with the simulation by a replay. It never holds passwords, cookies
 * or Authorization values (the importer withholds them). Loose, like every
 * object of the format, so a newer importer's fields survive a round trip.
 */
export const ObservedSchema = z.looseObject({
  /** HTTP status of the answer. */
  status: z.number().int().nonnegative(),
  /** Redirect target (Location) as sent: a submit's branch. */
  location: z.string().optional(),
  /** The page the server showed (redirect target or the returned page's pFlowId/pFlowStepId). */
  app: z.number().int().positive().optional(),
  page: z.number().int().nonnegative().optional(),
  /** The session ID the answer carries (a login rotates it). */
  session: z.string().optional(),
  /** Item values visible in the returned page (inputs, selects, textareas, display-only items). */
  items: z.record(z.string(), z.union([z.string(), z.null()])).optional(),
  /** Validation and error messages in the answer. */
  errors: z.array(z.string()).optional(),
  /** Success messages in the answer. */
  messages: z.array(z.string()).optional(),
  /** An Ajax answer: its parsed JSON, bounded by the importer. */
  json: z.unknown().optional(),
  /** Time the server took, in milliseconds. */
  ms: z.number().nonnegative().optional(),
})
export type Observed = z.infer<typeof ObservedSchema>

/** What an exported or recorded event may carry: what the engine produced (semantics §9), and what the real server answered (`observed`). */
const recorded = {
  effects: z.array(EffectSchema).optional(),
  outcome: OutcomeSchema.optional(),
  observed: ObservedSchema.optional(),
}

/** Expected values are what the engine stores: text, or null for "no value". */
const ExpectedValueSchema = z.union([z.string(), z.null()])

/**
 * An assertion checked at this point of a replay. Its `outcome` is the
 * *expected* outcome of the last non-expect event before it, not a recorded
 * one (an expect produces nothing to record); `effects` is accepted for
 * uniformity with the other events and is always empty when recorded.
 */
export const ExpectEventSchema = z
  .looseObject({
    /** Same meaning as on operations (the model keeps these two private). */
    t: z.number().nonnegative().optional(),
    note: z.string().optional(),
    type: z.literal('expect'),
    session: SessionRefSchema.optional(),
    app: z.number().int().positive().optional(),
    /** Item name (case-insensitive, optionally "<appId>:NAME") → expected value. */
    state: z.record(z.string(), ExpectedValueSchema).optional(),
    status: SessionStatusSchema.optional(),
    page: z.number().int().nonnegative().optional(),
    outcome: OutcomeSchema.optional(),
    table: z.string().min(1).optional(),
    /** The exact rows of `table`, in insertion order: column → value. */
    rows: z.array(z.record(z.string(), ExpectedValueSchema)).optional(),
    effects: recorded.effects,
  })
  .superRefine((e, ctx) => {
    // A table without rows (or rows without a table) asserts nothing
    // meaningful, and silently ignoring half of it would hide a typo.
    if (e.table !== undefined && e.rows === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rows'], message: 'missing: "table" and "rows" go together (give the expected rows of the table, [] for none)' })
    } else if (e.rows !== undefined && e.table === undefined) {
      ctx.addIssue({ code: 'custom', path: ['table'], message: 'missing: "table" and "rows" go together (name the table whose rows are expected)' })
    }
  })
export type ExpectEvent = z.infer<typeof ExpectEventSchema>

export const RequestEventSchema = RequestOpSchema.extend(recorded)
export const SubmitEventSchema = SubmitOpSchema.extend(recorded)
export const CloneEventSchema = CloneOpSchema.extend(recorded)
export const LoginEventSchema = LoginOpSchema.extend(recorded)
export const LogoutEventSchema = LogoutOpSchema.extend(recorded)
export const WaitEventSchema = WaitOpSchema.extend(recorded)
export const SetStateEventSchema = SetStateOpSchema.extend(recorded)
export const ClearCacheEventSchema = ClearCacheOpSchema.extend(recorded)
/** safeExtend: the ajax operation carries a refinement (exactly one of process/plugin/action), which plain extend refuses. */
export const AjaxEventSchema = AjaxOpSchema.safeExtend(recorded)

/** Every event type, in the order of the contract's table. */
export const EVENT_TYPES = [...OPERATION_TYPES, 'expect'] as const
export type TraceEventType = (typeof EVENT_TYPES)[number]

export const TraceEventSchema = z.discriminatedUnion(
  'type',
  [
    RequestEventSchema,
    SubmitEventSchema,
    CloneEventSchema,
    LoginEventSchema,
    LogoutEventSchema,
    WaitEventSchema,
    SetStateEventSchema,
    ClearCacheEventSchema,
    AjaxEventSchema,
    ExpectEventSchema,
  ],
  {
    // One message that lists the alternatives, for callers that show zod's
    // own text (IPC, API); the reader words it itself with line and field.
    error: (issue) =>
      issue.code === 'invalid_union' && issue.discriminator === 'type' && issue.errors.length === 0
        ? `unknown event type; known types: ${EVENT_TYPES.join(', ')}`
        : undefined,
  },
)
export type TraceEvent = z.infer<typeof TraceEventSchema>
/** The events that are engine operations (everything but `expect`). */
export type OperationEvent = Exclude<TraceEvent, ExpectEvent>

export function isTraceEventType(value: unknown): value is TraceEventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value)
}
