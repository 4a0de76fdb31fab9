/**
 * Words a zod issue for a person who is fixing a trace file by hand.
 *
 * zod's default texts ("Invalid input: expected number, received string") are
 * written for developers and hide the offending value; a trace author wants
 * "expected a number, got "12"". Only the wording lives here: which issue is
 * reported and where (line, field) is the reader's business.
 */
import type { z } from 'zod'

type Issue = z.core.$ZodIssue

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  null: 'null',
  bigint: 'an integer',
}

/** How the input looked, short enough for one error line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)` : JSON.stringify(value)
    case 'number':
      return String(value)
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected
}

function joinAlternatives(parts: readonly string[]): string {
  const unique = [...new Set(parts)]
  if (unique.length <= 1) return unique[0] ?? 'something else'
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`
}

function literal(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v)
}

/** What one failed union alternative wanted, when it can be said in a few words. */
function alternativeWanted(issues: readonly Issue[]): string | null {
  if (issues.length !== 1) return null
  const [only] = issues
  if (only === undefined || only.path.length !== 0) return null
  if (only.code === 'invalid_type') return typeName(only.expected)
  if (only.code === 'invalid_value') return only.values.map(literal).join(' or ')
  if (only.code === 'too_small' && only.origin === 'string' && Number(only.minimum) === 1) return 'a non-empty string'
  if (only.code === 'too_small' && (only.origin === 'number' || only.origin === 'int')) {
    return `a number ${only.inclusive ? '>=' : '>'} ${String(only.minimum)}`
  }
  return null
}

function sizeBound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, isMin: boolean): string {
  const bound = String(isMin ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum)
  switch (issue.origin) {
    case 'string':
      if (isMin && bound === '1') return 'must not be empty'
      return `must have ${isMin ? 'at least' : 'at most'} ${bound} characters`
    case 'array':
    case 'set':
      if (isMin && bound === '1') return 'must not be empty'
      return `must have ${isMin ? 'at least' : 'at most'} ${bound} entries`
    default: {
      const op = isMin ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<'
      const note = 'note' in issue && typeof issue.note === 'string' && issue.note !== '' ? ` (${issue.note.replace(/\.$/, '').toLowerCase()})` : ''
      return `must be ${op} ${bound}${note}`
    }
  }
}

/**
 * The problem in words, without location. `value` is the input found at the
 * issue's path (the reader looks it up in the parsed line).
 */
export function describeIssue(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `missing (expected ${typeName(issue.expected)})`
      return `expected ${typeName(issue.expected)}, got ${describeValue(value)}`
    case 'invalid_value':
      return `expected ${joinAlternatives(issue.values.map(literal))}, got ${describeValue(value)}`
    case 'invalid_union': {
      if (issue.discriminator !== undefined && issue.errors.length === 0 && 'options' in issue) {
        // A discriminated union found no option for the discriminator's value.
        const options = issue.options ?? []
        const key = issue.discriminator
        const known = `expected one of ${options.map((o) => String(o)).join(', ')}`
        return value === undefined ? `missing (${known})` : `unknown ${key} ${describeValue(value)}; ${known}`
      }
      const wanted = issue.errors.map(alternativeWanted)
      if (wanted.length > 0 && wanted.every((w): w is string => w !== null)) {
        if (value === undefined) return `missing (expected ${joinAlternatives(wanted)})`
        return `expected ${joinAlternatives(wanted)}, got ${describeValue(value)}`
      }
      return value === undefined ? 'missing' : `${describeValue(value)} does not match any allowed form`
    }
    case 'too_small':
      return `${sizeBound(issue, true)}, got ${describeValue(value)}`
    case 'too_big':
      return `${sizeBound(issue, false)}, got ${describeValue(value)}`
    case 'invalid_format':
      if (issue.format === 'datetime') {
        return `expected an ISO 8601 date-time such as "2026-01-01T09:00:00Z", got ${describeValue(value)}`
      }
      return `expected a ${issue.format}, got ${describeValue(value)}`
    default:
      return issue.message
  }
}
