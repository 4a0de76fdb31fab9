/**
 * The published JSON Schema of trace format v1, generated from the zod
 * schemas (schema.ts) so the two can never disagree. The committed copy is
 * resources/schema/session-trace-v1.schema.json (scripts/gen-trace-schema.ts
 * writes it; a test fails when it is stale).
 *
 * Shape: ONE document describing ONE LINE of a trace. The root accepts a
 * header or an event (`anyOf`); tools that know the position use the
 * definitions directly: line 1 → `#/$defs/TraceHeader`, later lines →
 * `#/$defs/TraceEvent`. NDJSON as a whole (header first, exactly once) is not
 * expressible in JSON Schema; the reader enforces it.
 *
 * Generation choices:
 *   - io "input": the schema describes files as written, before parsing.
 *   - unrepresentable "throw": a zod feature without a JSON Schema equivalent
 *     (a transform, a Date) must fail the build, not silently become `{}`.
 *   - zod refinements do not translate; the two this format has are added by
 *     hand: expect's `table` and `rows` go together (`dependentRequired`),
 *     an ajax event names exactly one of process/plugin/action (`oneOf`).
 *   - Loose zod objects become `"additionalProperties": {}`: unknown fields
 *     are allowed, as the contract says.
 */
import { z } from 'zod'
import { AppDefinitionSchema, ConditionSchema, PageSchema, ProcessSchema } from '../engine/model/app-definition.js'
import { EffectSchema } from '../engine/model/effect.js'
import { SessionRefSchema } from '../engine/model/operation.js'
import {
  AjaxEventSchema,
  ClearCacheEventSchema,
  CloneEventSchema,
  ExpectEventSchema,
  LoginEventSchema,
  LogoutEventSchema,
  RequestEventSchema,
  SetStateEventSchema,
  SubmitEventSchema,
  TraceEventSchema,
  TraceHeaderSchema,
  WaitEventSchema,
} from './schema.js'

export const TRACE_HEADER_REF = '#/$defs/TraceHeader'
export const TRACE_EVENT_REF = '#/$defs/TraceEvent'

interface DefMeta {
  id: string
  description?: string
}

/** Named definitions, so the document reads like the contract, not one nested blob. */
const DEFINITIONS: [z.ZodType, DefMeta][] = [
  [TraceHeaderSchema, { id: 'TraceHeader', description: 'Line 1 of a trace.' }],
  [TraceEventSchema, { id: 'TraceEvent', description: 'Any line after the header: one event, chosen by "type".' }],
  [RequestEventSchema, { id: 'RequestEvent', description: 'A show (GET) of a URL.' }],
  [SubmitEventSchema, { id: 'SubmitEvent', description: 'An accept (POST) of a page; "request" is the button name.' }],
  [CloneEventSchema, { id: 'CloneEvent', description: 'APEX_CLONE_SESSION; the new session is named "as".' }],
  [LoginEventSchema, { id: 'LoginEvent', description: 'Authentication; rotates the session ID.' }],
  [LogoutEventSchema, { id: 'LogoutEvent', description: 'Logout of the session and its clone group.' }],
  [WaitEventSchema, { id: 'WaitEvent', description: 'Advances the simulated clock.' }],
  [SetStateEventSchema, { id: 'SetStateEvent', description: 'APEX_UTIL.SET_SESSION_STATE.' }],
  [ClearCacheEventSchema, { id: 'ClearCacheEvent', description: 'APEX_UTIL clear-cache calls, tokens as in a URL.' }],
  [AjaxEventSchema, { id: 'AjaxEvent', description: 'An Ajax call of a page (wwv_flow.ajax): Items to Submit stored, the named code run, Items to Return answered.' }],
  [ExpectEventSchema, { id: 'ExpectEvent', description: 'An assertion checked at this point of a replay.' }],
  [SessionRefSchema, { id: 'SessionRef', description: 'A session alias given earlier in the trace, or a numeric session ID.' }],
  [EffectSchema, { id: 'Effect', description: 'A recorded change the engine made (semantics section 9).' }],
  [AppDefinitionSchema, { id: 'AppDefinition' }],
  [PageSchema, { id: 'Page' }],
  [ProcessSchema, { id: 'Process' }],
  [ConditionSchema, { id: 'Condition', description: 'All given parts must hold.' }],
]

export type JsonSchemaDocument = Record<string, unknown> & { $defs: Record<string, Record<string, unknown>> }

export function buildTraceJsonSchema(): JsonSchemaDocument {
  // A private registry: the ids are this document's business, and the zod
  // global registry is shared with every other schema in the process.
  const registry = z.registry<DefMeta>()
  for (const [schema, meta] of DEFINITIONS) registry.add(schema, meta)
  const generated = z.toJSONSchema(z.union([TraceHeaderSchema, TraceEventSchema]), {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
    metadata: registry,
    override: (ctx) => {
      if (ctx.zodSchema === ExpectEventSchema) {
        ctx.jsonSchema.dependentRequired = { table: ['rows'], rows: ['table'] }
      }
      // The ajax event's refinement: exactly one of process, plugin, action.
      if (ctx.zodSchema === AjaxEventSchema) {
        ctx.jsonSchema.oneOf = [{ required: ['process'] }, { required: ['plugin'] }, { required: ['action'] }]
      }
    },
  })
  const { $schema, ...rest } = generated as unknown as JsonSchemaDocument
  // Key order fixed here so the committed file is stable and starts readably.
  return {
    $schema,
    title: 'Session Scope trace, format version 1 (one line)',
    description:
      'A trace is UTF-8 NDJSON. Line 1 must match #/$defs/TraceHeader, every later non-blank line #/$defs/TraceEvent. Unknown fields are allowed and kept. Contract: trace-format-v1.md.',
    ...rest,
  }
}

/** The document as committed: two-space indent, final newline. */
export function renderTraceJsonSchema(): string {
  return JSON.stringify(buildTraceJsonSchema(), null, 2) + '\n'
}
