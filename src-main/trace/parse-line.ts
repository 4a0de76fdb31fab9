/**
 * One trace line → one checked record: the part of reading that knows the
 * format but nothing about files, chunks or streams. The streaming reader, the
 * text reader and the writer (which checks what it is about to write) all go
 * through here, so a line is judged the same way everywhere.
 *
 * What comes out is the parsed JSON value itself, once zod has accepted it
 * (the schemas have no transforms, so zod's copy would be equal): the file's
 * key order and every unknown field survive exactly, even one zod's copy
 * would drop (a key named "__proto__"), so an export writes back what it read.
 *
 * Checks run in the order a person fixes them: JSON first, then "is this a
 * session trace at all" (format, version) or "is this a known event" (type),
 * then the schema, then the size of item values. Only the first problem is
 * reported, with its line and field.
 */
import type { z } from 'zod'
import { TraceFormatError } from './errors.js'
import { formatFieldPath } from './field-path.js'
import { describeIssue, describeValue } from './issue-message.js'
import { DEFAULT_MAX_VALUE_BYTES, findOversizedValue, formatBytes } from './limits.js'
import {
  EVENT_TYPES,
  SUPPORTED_VERSIONS,
  TRACE_FORMAT,
  TraceEventSchema,
  TraceHeaderSchema,
  isTraceEventType,
  type TraceEvent,
  type TraceHeader,
} from './schema.js'

export type TraceRecord =
  | { kind: 'header'; line: 1; header: TraceHeader }
  | { kind: 'event'; line: number; event: TraceEvent }

export interface LineCheckOptions {
  /** Longest accepted item value in UTF-8 bytes (default 1 MiB, see reader.ts). */
  maxValueBytes?: number
}

/** Only JSON whitespace makes a line blank; anything else must parse. */
const BLANK = /^[ \t\r]*$/

export function isBlankLine(line: string): boolean {
  return BLANK.test(line)
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<PropertyKey, unknown>)[key]
  }
  return v
}

function schemaError(issues: readonly z.core.$ZodIssue[], root: unknown, lineNo: number): TraceFormatError {
  // zod reports issues in schema order; the first one is as good a "first
  // problem" as any and keeps the message to one line.
  const issue = issues[0]
  if (issue === undefined) return new TraceFormatError('schema', lineNo, null, 'does not match the trace format')
  const path = issue.path
  return new TraceFormatError('schema', lineNo, formatFieldPath(path), describeIssue(issue, valueAt(root, path)))
}

/** JSON.parse's "at position N" as a 1-based column, when the engine says it. */
function jsonColumn(message: string): number | undefined {
  const m = /position (\d+)/.exec(message)
  return m?.[1] === undefined ? undefined : Number(m[1]) + 1
}

/** Checks a parsed line-1 value as the trace header. */
export function validateHeaderObject(value: unknown, lineNo: number): TraceHeader {
  if (!isPlainObject(value)) {
    return fail('format', lineNo, null, `expected the trace header (a JSON object with "format": "${TRACE_FORMAT}"), got ${describeValue(value)}`)
  }
  if (value.format !== TRACE_FORMAT) {
    if (value.format === undefined && typeof value.type === 'string') {
      return fail('format', lineNo, 'format', `missing: line 1 must be the trace header {"format": "${TRACE_FORMAT}", "version": 1, "title": …}, but it looks like a ${describeValue(value.type)} event`)
    }
    const got = value.format === undefined ? 'missing' : `got ${describeValue(value.format)}`
    return fail('format', lineNo, 'format', `not a session trace: expected "${TRACE_FORMAT}", ${got}`)
  }
  if (!(SUPPORTED_VERSIONS as readonly unknown[]).includes(value.version)) {
    const supported = `this reader supports version ${SUPPORTED_VERSIONS.join(', ')}`
    const got = value.version === undefined ? 'missing' : `unsupported version ${describeValue(value.version)}`
    return fail('version', lineNo, 'version', `${got}; ${supported}`)
  }
  const parsed = TraceHeaderSchema.safeParse(value)
  if (!parsed.success) throw schemaError(parsed.error.issues, value, lineNo)
  return value as TraceHeader
}

/** Checks a parsed value as one event (any line after the header). */
export function validateEventObject(value: unknown, lineNo: number, options: LineCheckOptions = {}): TraceEvent {
  if (!isPlainObject(value)) {
    return fail('schema', lineNo, null, `expected an event (a JSON object with a "type"), got ${describeValue(value)}`)
  }
  if (!isTraceEventType(value.type)) {
    const known = `known types: ${EVENT_TYPES.join(', ')}`
    if (value.type === undefined) {
      const hint = value.format !== undefined ? ' (a header is only allowed on line 1)' : ''
      return fail('eventType', lineNo, 'type', `missing; every event needs a "type"${hint}; ${known}`)
    }
    return fail('eventType', lineNo, 'type', `unknown event type ${describeValue(value.type)}; ${known}`)
  }
  const parsed = TraceEventSchema.safeParse(value)
  if (!parsed.success) throw schemaError(parsed.error.issues, value, lineNo)
  const event = value as TraceEvent
  const maxValueBytes = options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES
  const big = findOversizedValue(event, maxValueBytes)
  if (big !== null) {
    return fail('schema', lineNo, formatFieldPath(big.path), `value too long: ${formatBytes(big.bytes)}; a single value may hold at most ${formatBytes(maxValueBytes)}`)
  }
  return event
}

function fail(code: TraceFormatError['code'], lineNo: number, field: string | null, detail: string): never {
  throw new TraceFormatError(code, lineNo, field, detail)
}

/**
 * Parses one line (without its line break; a trailing CR and, on line 1, a
 * BOM are the caller's to strip). Returns null for a blank line: whether a
 * blank line is allowed where it stands is the caller's call. Throws
 * TraceFormatError for anything else it cannot accept.
 */
export function parseTraceLine(line: string, lineNo: number, isHeader: boolean, options: LineCheckOptions = {}): TraceRecord | null {
  // The contract puts the header on line 1, and the record type says so.
  if (isHeader && lineNo !== 1) throw new RangeError(`the header is line 1, not line ${lineNo}`)
  if (isBlankLine(line)) return null
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    throw new TraceFormatError('json', lineNo, null, `invalid JSON: ${message}`, jsonColumn(message))
  }
  if (isHeader) return { kind: 'header', line: 1, header: validateHeaderObject(value, lineNo) }
  return { kind: 'event', line: lineNo, event: validateEventObject(value, lineNo, options) }
}
