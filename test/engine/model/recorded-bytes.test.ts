/**
 * recordedBytes' fast count of a record's nested values (shownLength) must give
 * exactly what the general rule `String(value).length` gives, so the fast path
 * changes no operation's size verdict.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { recordedBytes, shownLength } from '../../../src-main/engine/model/operation.js'

/** The rule before the fast path: every nested value through String. */
function generalRecordedUnits(records: readonly object[]): number {
  let units = 0
  for (const r of records) {
    for (const key in r) {
      const v = (r as Record<string, unknown>)[key]
      if (typeof v === 'string') units += v.length
      else if (typeof v === 'object' && v !== null) for (const k in v) units += k.length + String((v as Record<string, unknown>)[k]).length
    }
  }
  return units
}

// Values a session or group record holds, and the edge cases around them.
// Each power of ten and its neighbours: where the digit count changes (16-digit session IDs included).
const aroundPowerOfTen = fc
  .tuple(fc.integer({ min: 0, max: 15 }), fc.constantFrom(-1, 0, 1), fc.boolean())
  .map(([k, d, negative]) => (negative ? -1 : 1) * (10 ** k + d))
const integer = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  aroundPowerOfTen,
  fc.constantFrom(0, -0, 9, 10, 99, 100, -1, -10, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
)
const nestedValue = fc.oneof(
  integer,
  fc.double(),
  fc.constantFrom(null, undefined, true, false, 2 ** 53, 1e21, -1e21, NaN, Infinity),
  fc.string(),
  fc.array(integer),
  fc.array(fc.oneof(integer, fc.double(), fc.constant(null), fc.string())),
  fc.sparseArray(integer),
)

describe('shownLength', () => {
  test.prop([nestedValue], { numRuns: 2000 })('equals String(value).length', (v) => {
    expect(shownLength(v)).toBe(String(v).length)
  })
})

describe('recordedBytes on session and group effects', () => {
  const sessionRecord = fc.record({
    id: integer,
    alias: fc.option(fc.string()),
    user: fc.string(),
    createdAt: integer,
    groupId: integer,
    apps: fc.array(integer),
    currentApp: fc.option(integer),
    currentPage: fc.option(integer),
    ended: fc.constantFrom(null, 'expired', 'loggedOut'),
    endedAt: fc.option(fc.oneof(integer, fc.double())),
    extra: nestedValue,
  })
  const sessionEffect = fc.record({
    op: fc.constant('session'),
    event: fc.string(),
    session: integer,
    from: fc.option(sessionRecord),
    to: fc.option(sessionRecord),
    cause: fc.string(),
  })
  test.prop([fc.array(sessionEffect, { maxLength: 20 })])('the bound is the general rule’s', (records) => {
    // Unlimited room: the bound itself is returned (units * 6 + 256 per record).
    expect(recordedBytes(records, Number.MAX_SAFE_INTEGER)).toBe(generalRecordedUnits(records) * 6 + records.length * 256)
  })
})

describe('recordedBytes on the engine’s own session and group effects (the named-field count)', () => {
  // Values as the records hold them, and the odd ones (undefined, nested) that must send the effect to the general loop.
  const field = fc.oneof({ weight: 6, arbitrary: integer }, fc.double(), fc.constant(null), fc.string(), fc.array(integer), fc.constant(undefined))
  // Every key usually present (the engine's records); now and then one missing, or the browser/cookie pair, or only half of it.
  const sessionRecord = fc.record(
    {
      id: field,
      alias: fc.option(fc.string()),
      user: fc.string(),
      createdAt: field,
      groupId: field,
      apps: fc.oneof(fc.array(integer), field),
      currentApp: fc.option(integer),
      currentPage: fc.option(integer),
      ended: fc.constantFrom(null, 'expired', 'loggedOut'),
      endedAt: field,
      browser: fc.string(),
      cookie: fc.string(),
      extra: fc.string(),
    },
    { requiredKeys: ['id', 'alias', 'user', 'createdAt', 'groupId', 'apps', 'currentApp', 'currentPage', 'ended', 'endedAt'] },
  )
  // One of the engine's keys swapped for another: as many keys as expected, not the expected ones.
  const swappedSessionRecord = fc
    .tuple(sessionRecord, fc.constantFrom('id', 'alias', 'user', 'createdAt', 'groupId', 'apps', 'currentApp', 'currentPage', 'ended', 'endedAt'), fc.string())
    .map(([r, drop, value]) => {
      const out: Record<string, unknown> = { ...r }
      delete out[drop]
      out.swapped = value
      return out
    })
  const sparseSessionRecord = fc.record(
    { id: integer, alias: fc.option(fc.string()), user: fc.string(), createdAt: integer, groupId: integer, apps: fc.array(integer), currentApp: fc.option(integer), currentPage: fc.option(integer), ended: fc.constant(null), endedAt: fc.constant(null) },
    { requiredKeys: ['id', 'user', 'createdAt'] },
  )
  const groupRecord = fc.record(
    { id: field, createdAt: field, lastActivity: field, maxSessionLengthSec: field, maxSessionIdleSec: field, extra: field },
    { requiredKeys: ['id', 'createdAt', 'lastActivity', 'maxSessionLengthSec', 'maxSessionIdleSec'] },
  )
  const sparseGroupRecord = fc.record({ id: integer, createdAt: integer, lastActivity: integer, maxSessionLengthSec: integer, maxSessionIdleSec: integer }, { requiredKeys: ['id'] })
  const extraOnEffect = fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, fc.record({ note: fc.string() }), fc.record({ detail: fc.dictionary(fc.string(), integer) }))
  const sessionEffect = fc
    .tuple(
      fc.record({
        op: fc.constant('session'),
        event: fc.string(),
        session: fc.oneof({ weight: 4, arbitrary: integer }, fc.string()),
        from: fc.option(fc.oneof({ weight: 4, arbitrary: sessionRecord }, sparseSessionRecord, swappedSessionRecord, groupRecord)),
        to: fc.option(fc.oneof({ weight: 4, arbitrary: sessionRecord }, sparseSessionRecord, swappedSessionRecord)),
        cause: fc.string(),
      }),
      extraOnEffect,
    )
    .map(([e, extra]) => ({ ...e, ...extra }))
  const groupEffect = fc
    .tuple(
      fc.record({
        op: fc.constant('group'),
        event: fc.string(),
        groupId: fc.oneof({ weight: 4, arbitrary: integer }, fc.constant(null)),
        from: fc.option(fc.oneof({ weight: 4, arbitrary: groupRecord }, sparseGroupRecord, sessionRecord)),
        to: fc.option(fc.oneof({ weight: 4, arbitrary: groupRecord }, sparseGroupRecord)),
        cause: fc.string(),
      }),
      extraOnEffect,
    )
    .map(([e, extra]) => ({ ...e, ...extra }))
  test.prop([fc.array(fc.oneof(sessionEffect, groupEffect), { maxLength: 12 })], { numRuns: 3000 })('the bound is the general rule’s', (records) => {
    expect(recordedBytes(records, Number.MAX_SAFE_INTEGER)).toBe(generalRecordedUnits(records) * 6 + records.length * 256)
  })
})
