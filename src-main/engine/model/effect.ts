/**
 * Effects: the exact, reversible changes a step made (semantics §9).
 *
 * Every state-changing effect carries both its before and after image, so
 * applying effects forward, or in reverse order backward, reproduces every
 * state of the timeline with no engine at hand (recorded-only traces,
 * seeking). Notices and warnings change nothing and are their own inverse.
 */
import { z } from 'zod'
import type { RowStatus, Value } from './values.js'
import { BrowserNameSchema } from './operation.js'

const ValueSchema = z.union([z.string(), z.null()])
const StatusSchema = z.union([z.enum(['I', 'U', 'R']), z.null()])

/** A session's record as the engine keeps it. */
export const SessionRecordSchema = z.looseObject({
  id: z.number(),
  /** Name the trace (or the user) gave this session, e.g. "A"; follows ID rotation. */
  alias: z.string().nullable(),
  user: z.string(),
  /** Simulated seconds since trace start. */
  createdAt: z.number(),
  /** Clone group this session belongs to (its first session's original ID). */
  groupId: z.number(),
  /** Apps that have joined this session (their On New Instance has fired), in order. */
  apps: z.array(z.number()),
  currentApp: z.number().nullable(),
  currentPage: z.number().nullable(),
  /** Set when the session ended: its state is gone, its ID no longer works. */
  ended: z.enum(['expired', 'loggedOut']).nullable(),
  endedAt: z.number().nullable(),
  /**
   * Issue #16: the browser that owns the session (absent: a session started
   * by an event that named no browser, owned by an implicit browser; old
   * traces have none).
   */
  browser: z.string().optional(),
  /** Issue #16: the session cookie value (WWV_FLOW_SESSIONS$.COOKIE_VALUE); clones share it, a login renews it. */
  cookie: z.string().optional(),
})
export type SessionRecord = z.infer<typeof SessionRecordSchema>

/** A clone group: shared idle clock, lifetime counted from its first session. */
export const GroupRecordSchema = z.looseObject({
  id: z.number(),
  createdAt: z.number(),
  lastActivity: z.number(),
  maxSessionLengthSec: z.number(),
  maxSessionIdleSec: z.number(),
})
export type GroupRecord = z.infer<typeof GroupRecordSchema>

/** A session-state row changed (or was created / removed: status null = no row). */
export const SetEffectSchema = z.looseObject({
  op: z.literal('set'),
  session: z.number(),
  app: z.number(),
  page: z.number().nullable(),
  item: z.string(),
  from: ValueSchema,
  fromStatus: StatusSchema,
  to: ValueSchema,
  toStatus: StatusSchema,
  cause: z.string(),
})
export interface SetEffect {
  op: 'set'
  session: number
  app: number
  page: number | null
  item: string
  from: Value
  fromStatus: RowStatus | null
  to: Value
  toStatus: RowStatus | null
  cause: string
  [extra: string]: unknown
}

/** A Per User value changed (stored per user, app, item; survives sessions). */
export const UserSetEffectSchema = z.looseObject({
  op: z.literal('userSet'),
  user: z.string(),
  app: z.number(),
  item: z.string(),
  from: ValueSchema,
  to: ValueSchema,
  /** The session whose request made the change (for display only). */
  session: z.number().optional(),
  cause: z.string(),
})
export type UserSetEffect = z.infer<typeof UserSetEffectSchema>

/** Clone-group record events; the timeline stores them by index (append, never reorder). */
export const GROUP_EVENTS = ['created', 'touched', 'deleted'] as const

/** `cookieRenewed` (issue #16): a login gave the session's clone group a new cookie value. Appended: the timeline codes events by position. */
export const SESSION_EVENTS = ['created', 'cloned', 'loggedIn', 'joinedApp', 'pageShown', 'expired', 'deleted', 'cookieRenewed'] as const

/** A session record changed: created (from null), ended, or one of its fields. */
export const SessionEffectSchema = z.looseObject({
  op: z.literal('session'),
  event: z.enum(SESSION_EVENTS),
  session: z.number(),
  from: SessionRecordSchema.nullable(),
  to: SessionRecordSchema.nullable(),
  cause: z.string(),
})
export type SessionEffect = z.infer<typeof SessionEffectSchema>

/** A clone group record changed (created, touched by activity, removed). */
export const GroupEffectSchema = z.looseObject({
  op: z.literal('group'),
  event: z.enum(GROUP_EVENTS),
  groupId: z.number(),
  from: GroupRecordSchema.nullable(),
  to: GroupRecordSchema.nullable(),
  cause: z.string(),
})
export type GroupEffect = z.infer<typeof GroupEffectSchema>

/** Login rotated a session ID: the record and all its rows move to the new ID. */
export const RekeyEffectSchema = z.looseObject({
  op: z.literal('rekey'),
  from: z.number(),
  to: z.number(),
  cause: z.string(),
})
export type RekeyEffect = z.infer<typeof RekeyEffectSchema>

/** A row was inserted into a simulator table (e.g. EMP). */
export const RowInsertEffectSchema = z.looseObject({
  op: z.literal('insertRow'),
  app: z.number(),
  table: z.string(),
  /** Position of the row in the table (0-based); the row is appended there. */
  index: z.number().int().nonnegative(),
  row: z.record(z.string(), ValueSchema),
  session: z.number().optional(),
  cause: z.string(),
})
export type RowInsertEffect = z.infer<typeof RowInsertEffectSchema>

const SqlValueSchema = z.union([z.string(), z.number(), z.null()])
/** A table row's columns as the app database holds them (dates as text, numbers as numbers). */
export const RowImageSchema = z.record(z.string(), SqlValueSchema)
export type RowImage = Record<string, string | number | null>

/**
 * A row of the app database changed (issue #11): inserted (`from` null),
 * updated, or deleted (`to` null). `key` is the row's stable identity in its
 * table (the database's rowid as text), so applying `to` forward or `from`
 * backward restores the table exactly.
 */
export const RowEffectSchema = z.looseObject({
  op: z.literal('row'),
  app: z.number(),
  table: z.string(),
  key: z.string(),
  change: z.enum(['insert', 'update', 'delete']),
  from: RowImageSchema.nullable(),
  to: RowImageSchema.nullable(),
  /** The session whose request made the change (for display only). */
  session: z.number().optional(),
  cause: z.string(),
})
export interface RowEffect {
  op: 'row'
  app: number
  table: string
  key: string
  change: 'insert' | 'update' | 'delete'
  from: RowImage | null
  to: RowImage | null
  session?: number
  cause: string
  [extra: string]: unknown
}

/**
 * Issue #16: a browser appeared (named by an event, or implicit). Forward it
 * adds a browser with an empty cookie jar; backward it removes it (its jar is
 * empty again by then: its cookie effects were undone first).
 */
export const BrowserEffectSchema = z.looseObject({
  op: z.literal('browser'),
  event: z.literal('created'),
  browser: BrowserNameSchema,
  cause: z.string(),
})
export type BrowserEffect = z.infer<typeof BrowserEffectSchema>

/**
 * Issue #16: a browser's cookie was set (`from` null), replaced, or cleared
 * (`to` null) — APEX's session cookie, by name and path. Both images make it
 * reversible.
 */
export const CookieEffectSchema = z.looseObject({
  op: z.literal('cookie'),
  browser: BrowserNameSchema,
  name: z.string().min(1),
  path: z.string().min(1),
  from: z.string().nullable(),
  to: z.string().nullable(),
  /** The session the cookie now points to (or pointed to, when cleared); for display only. */
  session: z.number().optional(),
  cause: z.string(),
})
export type CookieEffect = z.infer<typeof CookieEffectSchema>

/** Information that changes nothing (report pagination reset, "not simulated", …). */
export const NoticeEffectSchema = z.looseObject({
  op: z.enum(['notice', 'warning']),
  /** Machine-readable kind, e.g. "reportReset", "unknownToken", "notSimulated". */
  code: z.string().optional(),
  message: z.string(),
  session: z.number().optional(),
  app: z.number().optional(),
  page: z.number().nullable().optional(),
  item: z.string().optional(),
})
export type NoticeEffect = z.infer<typeof NoticeEffectSchema>

export const EffectSchema = z.discriminatedUnion('op', [
  SetEffectSchema,
  UserSetEffectSchema,
  SessionEffectSchema,
  GroupEffectSchema,
  RekeyEffectSchema,
  RowInsertEffectSchema,
  RowEffectSchema,
  NoticeEffectSchema,
  BrowserEffectSchema,
  CookieEffectSchema,
])
export type Effect = SetEffect | UserSetEffect | SessionEffect | GroupEffect | RekeyEffect | RowInsertEffect | RowEffect | NoticeEffect | BrowserEffect | CookieEffect
