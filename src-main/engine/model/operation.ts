/**
 * Operations: what a user (or a trace line) asks the engine to do.
 *
 * They are exactly the non-`expect` event types of trace-format-v1, so a live
 * action, an IPC call and a trace line are one and the same value. Sessions are
 * named either by alias (a name the trace gave them) or by numeric ID.
 */
import { z } from 'zod'

/** A session reference: an alias given earlier ("A") or a numeric session ID. */
export const SessionRefSchema = z.union([z.string().min(1), z.number().int().positive()])
export type SessionRef = z.infer<typeof SessionRefSchema>

const common = {
  /** Seconds since the trace's startTime; the clock never goes back. */
  t: z.number().nonnegative().optional(),
  /** Free text shown in the timeline. */
  note: z.string().optional(),
}

/** Submitted/set values: strings, numbers (converted to decimal text) or null. */
export const InputValueSchema = z.union([z.string(), z.number(), z.null()])

export const RequestOpSchema = z.looseObject({
  ...common,
  type: z.literal('request'),
  session: SessionRefSchema.optional(),
  url: z.string(),
  as: z.string().min(1).optional(),
})
export const SubmitOpSchema = z.looseObject({
  ...common,
  type: z.literal('submit'),
  session: SessionRefSchema,
  page: z.number().int().nonnegative(),
  app: z.number().int().positive().optional(),
  request: z.string().optional(),
  values: z.record(z.string(), InputValueSchema).optional(),
})
export const CloneOpSchema = z.looseObject({
  ...common,
  type: z.literal('clone'),
  session: SessionRefSchema,
  as: z.string().min(1),
  page: z.number().int().nonnegative().optional(),
})
export const LoginOpSchema = z.looseObject({
  ...common,
  type: z.literal('login'),
  session: SessionRefSchema,
  user: z.string().min(1),
})
export const LogoutOpSchema = z.looseObject({
  ...common,
  type: z.literal('logout'),
  session: SessionRefSchema,
})
export const WaitOpSchema = z.looseObject({
  ...common,
  type: z.literal('wait'),
  seconds: z.number().nonnegative(),
})
export const SetStateOpSchema = z.looseObject({
  ...common,
  type: z.literal('setState'),
  session: SessionRefSchema,
  item: z.string().min(1),
  value: InputValueSchema,
  app: z.number().int().positive().optional(),
})
export const ClearCacheOpSchema = z.looseObject({
  ...common,
  type: z.literal('clearCache'),
  session: SessionRefSchema,
  tokens: z.string(),
  app: z.number().int().positive().optional(),
})

export const OperationSchema = z.discriminatedUnion('type', [
  RequestOpSchema,
  SubmitOpSchema,
  CloneOpSchema,
  LoginOpSchema,
  LogoutOpSchema,
  WaitOpSchema,
  SetStateOpSchema,
  ClearCacheOpSchema,
])
export type Operation = z.infer<typeof OperationSchema>
export type OperationType = Operation['type']
export type RequestOp = z.infer<typeof RequestOpSchema>
export type SubmitOp = z.infer<typeof SubmitOpSchema>
export type CloneOp = z.infer<typeof CloneOpSchema>
export type LoginOp = z.infer<typeof LoginOpSchema>
export type LogoutOp = z.infer<typeof LogoutOpSchema>
export type WaitOp = z.infer<typeof WaitOpSchema>
export type SetStateOp = z.infer<typeof SetStateOpSchema>
export type ClearCacheOp = z.infer<typeof ClearCacheOpSchema>

export const OPERATION_TYPES = [
  'request',
  'submit',
  'clone',
  'login',
  'logout',
  'wait',
  'setState',
  'clearCache',
] as const satisfies readonly OperationType[]
