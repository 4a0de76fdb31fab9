/**
 * A hand-written fast path for `OperationSchema.safeParse` (operation.ts).
 *
 * Every operation the engine runs is validated first, and zod's general
 * machinery cost more per operation than resolving a session or rendering a
 * simple page. This checks the same rules directly and builds the very value
 * zod would return: a new object, the schema's keys first in shape order
 * (optional keys only when present, an explicit `undefined` kept), then the
 * unknown keys as `for…in` yields them, and `values` copied as zod copies a
 * record.
 *
 * It only ever says "valid, and here is zod's output" or "not sure": anything
 * unusual (a class instance, a `__proto__` key, a symbol key in `values`, any
 * invalid field) answers `undefined`, and the caller asks zod, which gives the
 * verdict and the error message. It is sound only for the schemas it was
 * written for, so it switches itself off (everything goes to zod) if a
 * schema's keys differ from the table below; test/engine/operation-fast-parse
 * checks its answers against zod's on random inputs. The one rule it leaves
 * out is OperationSchema's whole-operation size (operationSizeProblem, which
 * measures rather than checks a field): Engine.run applies that after either path.
 */
import type { z } from 'zod'
import type { Operation } from './operation.js'
import { bytesOverLimit } from './values.js'
import {
  ClearCacheOpSchema,
  CloneOpSchema,
  LoginOpSchema,
  LogoutOpSchema,
  MAX_CLOCK_SECONDS,
  RequestOpSchema,
  SetStateOpSchema,
  SubmitOpSchema,
  WaitOpSchema,
  isBrowserName,
} from './operation.js'

/** What a field must hold; one function checks them all (a call per field kind would be a polymorphic call site). */
const enum Kind {
  /** Seconds (`t`, a wait): finite, >= 0 and at most MAX_CLOCK_SECONDS (z.number() refuses NaN and infinities). */
  Seconds,
  /** z.number().int().nonnegative(): int means a safe integer. */
  NonNegativeInt,
  PositiveInt,
  String,
  NonEmptyString,
  /** A string at most MAX_VALUE_BYTES long (a request URL). */
  ValueText,
  /** SessionRefSchema: a non-empty string or a positive integer. */
  SessionRef,
  /** InputValueSchema: string, finite number or null. */
  InputValue,
  /** The `values` record, which zod copies rather than passes on. */
  Record,
  /** A field only zod checks (a submit's `grids`): present, it sends the operation to zod. */
  ZodOnly,
  /** BrowserNameSchema (isBrowserName). */
  BrowserName,
}

function holds(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case Kind.Seconds:
      return typeof v === 'number' && v >= 0 && v <= MAX_CLOCK_SECONDS
    case Kind.NonNegativeInt:
      return Number.isSafeInteger(v) && (v as number) >= 0
    case Kind.PositiveInt:
      return Number.isSafeInteger(v) && (v as number) > 0
    case Kind.String:
      return typeof v === 'string'
    case Kind.NonEmptyString:
      return typeof v === 'string' && v.length >= 1
    case Kind.SessionRef:
      return typeof v === 'string' ? v.length >= 1 : Number.isSafeInteger(v) && (v as number) > 0
    case Kind.ValueText:
      return typeof v === 'string' && bytesOverLimit(v) === null
    case Kind.InputValue:
      return v === null || (typeof v === 'string' && bytesOverLimit(v) === null) || (typeof v === 'number' && Number.isFinite(v))
    case Kind.BrowserName:
      return isBrowserName(v)
    case Kind.Record:
    case Kind.ZodOnly:
      return false
  }
}

interface Field {
  key: string
  kind: Kind
  optional: boolean
}

const req = (key: string, kind: Kind): Field => ({ key, kind, optional: false })
const opt = (key: string, kind: Kind): Field => ({ key, kind, optional: true })
const common = [opt('t', Kind.Seconds), opt('note', Kind.String)]

/**
 * The operations with a fast path. `ajax` has none: its exactly-one-target
 * rule and nested x/f parameters are zod's alone, and it is rare enough that
 * zod's price does not matter.
 */
type FastType = Exclude<Operation['type'], 'ajax'>

const FIELDS: Record<FastType, Field[]> = {
  request: [
    ...common,
    req('type', Kind.String),
    opt('session', Kind.SessionRef),
    req('url', Kind.ValueText),
    opt('as', Kind.NonEmptyString),
    opt('browser', Kind.BrowserName),
    // A signed URL (issue #16) is rare: its scope enum is zod's to check.
    opt('sign', Kind.ZodOnly),
  ],
  submit: [
    ...common,
    req('type', Kind.String),
    req('session', Kind.SessionRef),
    req('page', Kind.NonNegativeInt),
    opt('app', Kind.PositiveInt),
    opt('request', Kind.String),
    opt('values', Kind.Record),
    // Interactive Grid rows are rare and nested: zod's alone.
    opt('grids', Kind.ZodOnly),
    opt('browser', Kind.BrowserName),
  ],
  clone: [
    ...common,
    req('type', Kind.String),
    req('session', Kind.SessionRef),
    req('as', Kind.NonEmptyString),
    opt('page', Kind.NonNegativeInt),
    opt('browser', Kind.BrowserName),
  ],
  login: [...common, req('type', Kind.String), req('session', Kind.SessionRef), req('user', Kind.NonEmptyString), opt('browser', Kind.BrowserName)],
  logout: [...common, req('type', Kind.String), req('session', Kind.SessionRef), opt('browser', Kind.BrowserName)],
  wait: [...common, req('type', Kind.String), req('seconds', Kind.Seconds)],
  setState: [
    ...common,
    req('type', Kind.String),
    req('session', Kind.SessionRef),
    req('item', Kind.NonEmptyString),
    req('value', Kind.InputValue),
    opt('app', Kind.PositiveInt),
  ],
  clearCache: [...common, req('type', Kind.String), req('session', Kind.SessionRef), req('tokens', Kind.String), opt('app', Kind.PositiveInt)],
}

const SCHEMAS: Record<FastType, z.ZodObject> = {
  request: RequestOpSchema,
  submit: SubmitOpSchema,
  clone: CloneOpSchema,
  login: LoginOpSchema,
  logout: LogoutOpSchema,
  wait: WaitOpSchema,
  setState: SetStateOpSchema,
  clearCache: ClearCacheOpSchema,
}

interface Plan {
  fields: Field[]
  known: Set<string>
}

/** Per operation type, its fields in the schema's shape order; null when the table no longer matches the schemas. */
const PLANS: Map<string, Plan> | null = (() => {
  const plans = new Map<string, Plan>()
  for (const [type, fields] of Object.entries(FIELDS)) {
    const schema = SCHEMAS[type as FastType]
    const shapeKeys = Object.keys(schema.shape)
    const byKey = new Map(fields.map((f) => [f.key, f]))
    if (shapeKeys.length !== fields.length || shapeKeys.some((k) => !byKey.has(k))) return null
    for (const k of shapeKeys) {
      const optional = (schema.shape as Record<string, z.ZodType>)[k]!.safeParse(undefined).success
      if (optional !== byKey.get(k)!.optional) return null
    }
    plans.set(type, { fields: shapeKeys.map((k) => byKey.get(k)!), known: new Set(shapeKeys) })
  }
  return plans
})()

/** zod's output for a valid operation, or undefined when the caller must ask zod. */
export function fastParseOperation(input: unknown): Operation | undefined {
  if (PLANS === null || typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) return undefined
  const obj = input as Record<string, unknown>
  // Only a string equal to a type's literal finds a plan: the discriminator is checked here.
  const plan = PLANS.get(obj.type as string)
  if (plan === undefined) return undefined
  const out: Record<string, unknown> = {}
  for (const f of plan.fields) {
    if (!(f.key in obj)) {
      if (f.optional) continue
      return undefined
    }
    const v = obj[f.key]
    if (v === undefined) {
      if (!f.optional) return undefined
      out[f.key] = undefined
      continue
    }
    if (f.kind === Kind.Record) {
      const copy = copyRecord(v)
      if (copy === undefined) return undefined
      out[f.key] = copy
    } else if (holds(f.kind, v)) out[f.key] = v
    else return undefined
  }
  for (const key in obj) {
    if (plan.known.has(key)) continue
    if (key === '__proto__') return undefined
    out[key] = obj[key]
  }
  return out as Operation
}

/** A copy of a `values` record of input values, as zod's z.record builds it; undefined when unsure. */
export function copyRecord(v: unknown): Record<string, unknown> | undefined {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return undefined
  const keys = Object.keys(v)
  // Object.keys lists the enumerable string keys in Reflect.ownKeys' order. When those are all the own keys (no
  // symbol, nothing non-enumerable: every submit) it is the same walk as copyEveryKey's without its per-key
  // enumerability call — a submit's values are copied for every submit. Otherwise the careful walk decides.
  if (Object.getOwnPropertyNames(v).length !== keys.length || Object.getOwnPropertySymbols(v).length !== 0) return copyEveryKey(v)
  const out: Record<string, unknown> = {}
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    if (key === '__proto__') return undefined
    const x = (v as Record<string, unknown>)[key]
    if (!holds(Kind.InputValue, x)) return undefined
    out[key] = x
  }
  return out
}

/** copyRecord over every own key, symbols and non-enumerable ones included. */
export function copyEveryKey(v: object): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {}
  for (const key of Reflect.ownKeys(v)) {
    if (typeof key !== 'string' || key === '__proto__') return undefined
    if (!Object.prototype.propertyIsEnumerable.call(v, key)) continue
    const x = (v as Record<string, unknown>)[key]
    if (!holds(Kind.InputValue, x)) return undefined
    out[key] = x
  }
  return out
}
