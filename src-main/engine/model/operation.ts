/**
 * Operations: what a user (or a trace line) asks the engine to do.
 *
 * They are exactly the non-`expect` event types of trace-format-v1, so a live
 * action, an IPC call and a trace line are one and the same value. Sessions are
 * named either by alias (a name the trace gave them) or by numeric ID.
 */
import { z } from 'zod'
import { bytesOverLimit, utf8Length, valueTooLongMessage } from './values.js'
import type { SetEffect } from './effect.js'
import { ChecksumScopeSchema } from './app-definition.js'

/**
 * Latest simulated time, and longest single wait: 100 years, in seconds.
 * Far beyond any session's lifetime, and small enough that the clock stays an
 * exact, finite JSON number (two waits of 1e308 s once made it Infinity,
 * written to the trace as `"t":null`).
 */
export const MAX_CLOCK_SECONDS = 100 * 365.25 * 24 * 60 * 60

/**
 * Largest operation, as JSON in UTF-8 bytes (2 MiB). An exported trace line
 * carries the operation, its effects (a value's before and after) and its
 * steps, and the reader refuses lines over 8 MiB: a quarter of that for the
 * operation leaves room for the rest, so what the engine accepts it can also
 * write and read back.
 */
export const MAX_OPERATION_BYTES = 2 * 1024 * 1024

/** Text that carries item values is at most MAX_VALUE_BYTES long (the trace reader's limit, in its words). */
function withinValueLimit(ctx: { value: unknown; issues: unknown[] }): void {
  if (typeof ctx.value !== 'string') return
  const bytes = bytesOverLimit(ctx.value)
  if (bytes !== null) ctx.issues.push({ code: 'custom', message: valueTooLongMessage(bytes), input: ctx.value })
}
const valueText = z.string().check(withinValueLimit)

const seconds = z.number().nonnegative().max(MAX_CLOCK_SECONDS, `more than ${MAX_CLOCK_SECONDS} seconds (100 years)`)

/** A session reference: an alias given earlier ("A") or a numeric session ID. */
export const SessionRefSchema = z.union([z.string().min(1), z.number().int().positive()])
export type SessionRef = z.infer<typeof SessionRefSchema>

/**
 * Issue #16: the browser an event acts from (its cookie jar is shared by its
 * tabs). Absent: the browser that owns the session the event names, else an
 * implicit browser of its own — so old traces replay as before. Names
 * starting with `~` are the implicit browsers' (`~1`, `~2`, …).
 */
export const BROWSER_NAME_MAX = 60
/**
 * One rule for a browser name wherever one comes in (trace events, `operate`,
 * browser.open): 1–60 characters, no control characters, no space at either
 * end, not starting with `~`. Each refusal says which part of the rule failed.
 */
export const BrowserNameSchema = z
  .string()
  .min(1, 'a browser name may not be empty')
  .max(BROWSER_NAME_MAX, `a browser name has at most ${BROWSER_NAME_MAX} characters`)
  .regex(/^[^\p{Cc}]*$/u, 'a browser name may not hold control characters')
  .regex(/^[^~]/, 'a browser name may not start with ~ (reserved for implicit browsers)')
  .regex(/^\S(?:.*\S)?$/su, 'a browser name may not start or end with a space')
/** The name of an implicit browser (`~` and its clone group's ID), for asks about what the timeline shows. */
export const ImplicitBrowserNameSchema = z.string().regex(/^~\d{1,20}$/, 'an implicit browser name is ~ and a number')
/** BrowserNameSchema as a plain test, for the loader's fast validation (timeline/load/fast-validate.ts). */
export function isBrowserName(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= BROWSER_NAME_MAX && !CONTROL_CHARACTER.test(v) && v[0] !== '~' && v.trim() === v
}
const CONTROL_CHARACTER = /\p{Cc}/u


const common = {
  /** Seconds since the trace's startTime; the clock never goes back. */
  t: seconds.optional(),
  /** Free text shown in the timeline. */
  note: z.string().optional(),
}

/** Submitted/set values: strings, numbers (converted to decimal text) or null. */
export const InputValueSchema = z.union([z.string(), z.number(), z.null()]).check(withinValueLimit)

export const RequestOpSchema = z.looseObject({
  ...common,
  type: z.literal('request'),
  session: SessionRefSchema.optional(),
  /** Carries item values, so it is bounded like one. */
  url: valueText,
  as: z.string().min(1).optional(),
  browser: BrowserNameSchema.optional(),
  /** Issue #16: the engine signs the URL at this scope before sending it (as APEX_UTIL.PREPARE_URL would). */
  sign: ChecksumScopeSchema.optional(),
})
/**
 * One changed row of an Interactive Grid as the page submits it: its status
 * (`:APEX$ROW_STATUS`: C created, U updated, D deleted) and its columns' values.
 */
export const GridRowSchema = z.looseObject({
  status: z.enum(['C', 'U', 'D']),
  values: z.record(z.string(), InputValueSchema),
})
export type GridRow = z.infer<typeof GridRowSchema>

export const SubmitOpSchema = z.looseObject({
  ...common,
  type: z.literal('submit'),
  session: SessionRefSchema,
  page: z.number().int().nonnegative(),
  app: z.number().int().positive().optional(),
  request: z.string().optional(),
  values: z.record(z.string(), InputValueSchema).optional(),
  /** Extension (issue #11): Interactive Grid changes submitted with the page, by the grid's region static ID (or name). */
  grids: z.record(z.string().min(1), z.array(GridRowSchema)).optional(),
  browser: BrowserNameSchema.optional(),
})
export const CloneOpSchema = z.looseObject({
  ...common,
  type: z.literal('clone'),
  session: SessionRefSchema,
  as: z.string().min(1),
  page: z.number().int().nonnegative().optional(),
  browser: BrowserNameSchema.optional(),
})
export const LoginOpSchema = z.looseObject({
  ...common,
  type: z.literal('login'),
  session: SessionRefSchema,
  user: z.string().min(1),
  browser: BrowserNameSchema.optional(),
})
export const LogoutOpSchema = z.looseObject({
  ...common,
  type: z.literal('logout'),
  session: SessionRefSchema,
  browser: BrowserNameSchema.optional(),
})
export const WaitOpSchema = z.looseObject({
  ...common,
  type: z.literal('wait'),
  seconds,
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

/** Names of APEX's x01…x10 scalar parameters (APEX_APPLICATION.G_X01…G_X10), as the browser posts them. */
export const AJAX_X_NAME = /^x(0[1-9]|10)$/
/** Names of APEX's f01…f50 array parameters (APEX_APPLICATION.G_F01…G_F50). */
export const AJAX_F_NAME = /^f(0[1-9]|[1-4][0-9]|50)$/

/** The keys of an ajax event that name the code it calls; exactly one is given. */
export const AJAX_TARGET_KEYS = ['process', 'plugin', 'action'] as const

/**
 * An Ajax call of a page (wwv_flow.ajax): the Items to Submit are stored in
 * session state, the named code runs, and the Items to Return are answered
 * with their values after it ran (docs/trace-format.md, "Event `ajax`").
 */
export const AjaxOpSchema = z
  .looseObject({
    ...common,
    type: z.literal('ajax'),
    session: SessionRefSchema,
    app: z.number().int().positive().optional(),
    page: z.number().int().nonnegative(),
    /** APPLICATION_PROCESS=NAME: an On Demand application process or the page's Ajax Callback process. */
    process: z.string().min(1).optional(),
    /** PLUGIN=ID: a plug-in's (dynamic action's, region's) request, opaque to the simulator. */
    plugin: z.string().min(1).optional(),
    /** A dynamic action's "Execute Server-side Code" action, by name (hand-written traces). */
    action: z.string().min(1).optional(),
    /** Items to Submit: stored as a submit stores posted values, before the code runs. */
    values: z.record(z.string(), InputValueSchema).optional(),
    /** Items to Return: their values after the code ran are the answer. */
    returnItems: z.array(z.string().min(1)).optional(),
    /** x01…x10 (APEX_APPLICATION.G_X01…). */
    x: z.record(z.string().regex(AJAX_X_NAME, 'an x parameter is named x01 … x10'), valueText).optional(),
    /** f01…f50 arrays (APEX_APPLICATION.G_F01…). */
    f: z.record(z.string().regex(AJAX_F_NAME, 'an f parameter is named f01 … f50'), z.array(valueText)).optional(),
  })
  .check((ctx) => {
    const given = AJAX_TARGET_KEYS.filter((k) => (ctx.value as Record<string, unknown>)[k] !== undefined)
    if (given.length !== 1) {
      ctx.issues.push({
        code: 'custom',
        message:
          given.length === 0
            ? 'missing: an ajax event names what it calls, with exactly one of "process", "plugin" or "action"'
            : `an ajax event names exactly one of "process", "plugin" or "action", not ${given.map((k) => `"${k}"`).join(' and ')}`,
        input: ctx.value,
        path: given.length === 0 ? ['process'] : [given[1]!],
      })
    }
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
  AjaxOpSchema,
]).check((ctx) => {
  // Whole-operation size: a live `operate` is refused as invalid input, like a too-long value.
  const problem = operationSizeProblem(ctx.value as Operation)
  if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
})
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
export type AjaxOp = z.infer<typeof AjaxOpSchema>

export const OPERATION_TYPES = [
  'request',
  'submit',
  'clone',
  'login',
  'logout',
  'wait',
  'setState',
  'clearCache',
  'ajax',
] as const satisfies readonly OperationType[]

/**
 * Why `op` is too large to be written as one trace line, or null. Cheap for
 * the usual operation: the lengths of its strings bound its size, and only an
 * operation that may be near the limit is serialised to be measured.
 */
export function operationSizeProblem(op: Operation): string | null {
  let units = 0
  let other = false
  for (const key in op) {
    const v = (op as Record<string, unknown>)[key]
    if (typeof v === 'string') units += v.length + key.length
    else if (key === 'values' && typeof v === 'object' && v !== null) {
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k]
        units += k.length + 4 + (typeof x === 'string' ? x.length : 32)
      }
    } else if (typeof v === 'object' && v !== null) other = true
  }
  // Escapes can make a UTF-16 unit up to 6 bytes of JSON (\u0001); 64 KiB covers keys, numbers and punctuation.
  if (!other && units * 6 + 64 * 1024 <= MAX_OPERATION_BYTES) return null
  const bytes = utf8Length(JSON.stringify(op))
  return bytes > MAX_OPERATION_BYTES ? `the operation takes ${bytes} bytes as JSON, over the ${MAX_OPERATION_BYTES}-byte limit of one operation` : null
}

/**
 * Room for what one operation records — its steps' effects and validation
 * errors — in its exported trace line: the reader's 8 MiB line, less the
 * operation (MAX_OPERATION_BYTES) and 1 MiB for the steps' other details.
 * Forty computations of 1 MiB values each would otherwise make a line the
 * reader refuses.
 */
export const MAX_RECORDED_BYTES = 5 * 1024 * 1024

/**
 * The bytes `records` (effects, validation errors) take as JSON, or a larger
 * upper bound that already proves they fit in `room`. Strings are counted two
 * levels deep (an effect's values, a row image's columns); only records that
 * may be near the limit are serialised to be measured exactly.
 */
export function recordedBytes(records: readonly object[], room: number): number {
  let units = 0
  for (const r of records) {
    // Most records are the engine's own 'set' effects: their strings are named
    // fields, read directly (a for-in per effect was 7% of the engine's time).
    const set = r as Partial<SetEffect>
    if (set.op === 'set' && typeof set.item === 'string' && typeof set.cause === 'string') {
      units += 8 + set.item.length + set.cause.length + (typeof set.from === 'string' ? set.from.length : 0) + (typeof set.to === 'string' ? set.to.length : 0)
      continue
    }
    // Session and group effects (nearly one of each per request): named fields too, when the effect and
    // its records have exactly the engine's keys — the general loop's count, without its keyed reads.
    const op = (r as { op?: unknown }).op
    if (op === 'session' || op === 'group') {
      const lifecycle = lifecycleUnits(r as Record<string, unknown>, op === 'session')
      if (lifecycle >= 0) {
        units += lifecycle
        continue
      }
    }
    for (const key in r) {
      const v = (r as Record<string, unknown>)[key]
      if (typeof v === 'string') units += v.length
      else if (typeof v === 'object' && v !== null) for (const k in v) units += k.length + shownLength((v as Record<string, unknown>)[k])
    }
  }
  // An escaped UTF-16 unit is at most 6 bytes of JSON; 256 bytes per record covers keys, numbers and punctuation.
  const bound = units * 6 + records.length * 256
  return bound <= room ? bound : utf8Length(JSON.stringify(records))
}

/** The keys of the engine's session and group records (model/effect.ts), and their lengths summed. */
const SESSION_KEYS = ['id', 'alias', 'user', 'createdAt', 'groupId', 'apps', 'currentApp', 'currentPage', 'ended', 'endedAt'] as const
const GROUP_KEYS = ['id', 'createdAt', 'lastActivity', 'maxSessionLengthSec', 'maxSessionIdleSec'] as const
const SESSION_KEY_UNITS = SESSION_KEYS.reduce((n, k) => n + k.length, 0)
const BROWSER_KEY_UNITS = 'browser'.length + 'cookie'.length
const GROUP_KEY_UNITS = GROUP_KEYS.reduce((n, k) => n + k.length, 0)

/** How many own enumerable keys `for…in` visits (no values read). */
function keyCount(o: object): number {
  let n = 0
  for (const _ in o) n++
  return n
}

/**
 * What recordedBytes' general loop counts for a session or group effect, read
 * by name; -1 when the effect or a record has other keys than the engine's
 * (then the general loop counts it). A key set is known to be exactly the
 * expected one when as many keys are visited as are expected and every
 * expected one holds a value (records hold null, never undefined).
 */
function lifecycleUnits(e: Record<string, unknown>, session: boolean): number {
  const { op, event, cause, from, to } = e
  const id = session ? e.session : e.groupId
  if (typeof op !== 'string' || typeof event !== 'string' || typeof cause !== 'string' || typeof id !== 'number' || keyCount(e) !== 6) return -1
  const a = session ? sessionRecordUnits(from) : groupRecordUnits(from)
  const b = session ? sessionRecordUnits(to) : groupRecordUnits(to)
  return a < 0 || b < 0 ? -1 : op.length + event.length + cause.length + a + b
}

function sessionRecordUnits(v: unknown): number {
  if (v === null) return 0
  if (typeof v !== 'object') return -1
  const r = v as Record<string, unknown>
  const { id, alias, user, createdAt, groupId, apps, currentApp, currentPage, ended, endedAt, browser, cookie } = r
  if (id === undefined || alias === undefined || user === undefined || createdAt === undefined || groupId === undefined) return -1
  if (apps === undefined || currentApp === undefined || currentPage === undefined || ended === undefined || endedAt === undefined) return -1
  const owned = browser !== undefined && cookie !== undefined
  if (keyCount(r) !== (owned ? SESSION_KEYS.length + 2 : SESSION_KEYS.length)) return -1
  const units =
    SESSION_KEY_UNITS +
    shownLength(id) +
    shownLength(alias) +
    shownLength(user) +
    shownLength(createdAt) +
    shownLength(groupId) +
    shownLength(apps) +
    shownLength(currentApp) +
    shownLength(currentPage) +
    shownLength(ended) +
    shownLength(endedAt)
  return owned ? units + BROWSER_KEY_UNITS + shownLength(browser) + shownLength(cookie) : units
}

function groupRecordUnits(v: unknown): number {
  if (v === null) return 0
  if (typeof v !== 'object') return -1
  const r = v as Record<string, unknown>
  const { id, createdAt, lastActivity, maxSessionLengthSec, maxSessionIdleSec } = r
  if (id === undefined || createdAt === undefined || lastActivity === undefined || maxSessionLengthSec === undefined || maxSessionIdleSec === undefined) return -1
  if (keyCount(r) !== GROUP_KEYS.length) return -1
  return GROUP_KEY_UNITS + shownLength(id) + shownLength(createdAt) + shownLength(lastActivity) + shownLength(maxSessionLengthSec) + shownLength(maxSessionIdleSec)
}

/**
 * `String(v).length` without building the string for what session and group
 * records hold — integers, null, and the session's `apps` list of integers
 * (String of numbers and arrays was most of recordedBytes' time, 6% of the
 * engine's). Anything else goes through String itself.
 */
export function shownLength(v: unknown): number {
  if (typeof v === 'string') return v.length
  if (v === null) return 4
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return integerLength(v)
    // The simulated clock's times (12.5 s): a session's creation, a group's last activity.
    const decimal = decimalLength(v)
    if (decimal >= 0) return decimal
    return String(v).length
  }
  if (Array.isArray(v)) {
    let n = v.length > 0 ? v.length - 1 : 0
    for (const x of v as unknown[]) {
      if (typeof x !== 'number' || !Number.isSafeInteger(x)) return String(v).length
      n += integerLength(x)
    }
    return n
  }
  return String(v).length
}

/** 10^k for k = 0..6, each an exact double. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6]

/**
 * `String(v).length` for a number that is not an integer, has at most 6
 * decimals and is at least 1e-6 and below 1e9 in size, without building the
 * string (String of a fraction was most of recordedBytes' time in the engine
 * bench); -1 for any other number. String writes the shortest decimal that
 * reads back as v, in plain notation in this range: with k the fewest decimals
 * for which some integer m has m / 10^k === v — exact as a test, since m and
 * 10^k are exact doubles and the division is rounded once, like reading the
 * decimal — that decimal has k decimals and no trailing zero. Below 1e9, m
 * stays far below 2^53 and Math.round finds it.
 */
function decimalLength(v: number): number {
  const a = v < 0 ? -v : v
  if (!(a >= 1e-6 && a < 1e9)) return -1
  for (let k = 1; k <= 6; k++) {
    const scale = POW10[k]!
    if (Math.round(a * scale) / scale === a) return (v < 0 ? 1 : 0) + digitCount(Math.floor(a)) + 1 + k
  }
  return -1
}

/** Digits of a safe integer as String writes it (a minus sign, none for -0). */
function integerLength(n: number): number {
  return (n < 0 ? 1 : 0) + digitCount(Math.abs(n))
}

/**
 * Decimal digits of a non-negative safe integer (at most 16), by comparisons:
 * session and group IDs have 13–16 digits, and a division per digit for the
 * four IDs of every session effect was most of shownLength's time.
 */
function digitCount(r: number): number {
  if (r < 1e8) {
    if (r < 1e4) return r < 10 ? 1 : r < 100 ? 2 : r < 1e3 ? 3 : 4
    return r < 1e5 ? 5 : r < 1e6 ? 6 : r < 1e7 ? 7 : 8
  }
  if (r < 1e12) return r < 1e9 ? 9 : r < 1e10 ? 10 : r < 1e11 ? 11 : 12
  return r < 1e13 ? 13 : r < 1e14 ? 14 : r < 1e15 ? 15 : 16
}
