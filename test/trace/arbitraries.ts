/**
 * fast-check generators of valid trace headers and events, with unknown fields
 * and multi-byte text, for the round-trip and chunking properties.
 */
import fc from 'fast-check'
import type { Effect } from '../../src-main/engine/model/effect.js'
import type { TraceEvent, TraceHeader } from '../../src-main/trace/schema.js'

/** Any Unicode text, astral characters included, so UTF-8 sequences of 1–4 bytes occur. */
const text = fc.string({ unit: 'binary', maxLength: 12 })
const nonEmptyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 })
const itemName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/)
const value = fc.oneof(text, fc.constant(null))
const inputValue = fc.oneof(text, fc.integer(), fc.constant(null))
const time = fc.double({ min: 0, max: 1e7, noNaN: true, noDefaultInfinity: true }).filter((t) => !Object.is(t, -0))
const posInt = fc.integer({ min: 1, max: 2 ** 31 })
const sessionRef = fc.oneof(nonEmptyText, posInt)
const status = fc.constantFrom('I', 'U', 'R', null)
const outcome = fc.constantFrom('ok', 'validationFailed', 'expired', 'error')

/** Any JSON value, as JSON can carry it (fc.jsonValue may hold -0, which JSON writes as 0). */
const json = (maxDepth: number): fc.Arbitrary<unknown> =>
  fc.jsonValue({ maxDepth, stringUnit: 'binary' }).map((v) => JSON.parse(JSON.stringify(v)) as unknown)

/**
 * Fields a future writer might add. Keys start with "x" so they never
 * collide with a known field; the values are arbitrary JSON.
 */
const unknownFields = fc.dictionary(
  fc.string({ maxLength: 6 }).map((k) => `x${k}`),
  json(2),
  { maxKeys: 2 },
)

const effect: fc.Arbitrary<Effect> = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    session: posInt,
    app: posInt,
    page: fc.oneof(fc.nat(), fc.constant(null)),
    item: itemName,
    from: value,
    fromStatus: status,
    to: value,
    toStatus: status,
    cause: text,
  }),
  fc.record(
    { op: fc.constantFrom('notice' as const, 'warning' as const), code: text, message: text, session: posInt },
    { requiredKeys: ['op', 'message'] },
  ),
  fc.record({ op: fc.constant('rekey' as const), from: posInt, to: posInt, cause: text }),
  fc.record({
    op: fc.constant('insertRow' as const),
    app: posInt,
    table: itemName,
    index: fc.nat(),
    row: fc.dictionary(itemName, value, { maxKeys: 3 }),
    cause: text,
  }),
)

const recorded = { effects: fc.array(effect, { maxLength: 3 }), outcome }
const common = { t: time, note: text }

function event<T extends Record<string, fc.Arbitrary<unknown>>>(fields: T, required: (keyof T & string)[]): fc.Arbitrary<TraceEvent> {
  return fc
    .tuple(fc.record({ ...common, ...recorded, ...fields }, { requiredKeys: required }), unknownFields)
    .map(([known, extra]) => ({ ...known, ...extra }) as unknown as TraceEvent)
}

export const traceEventArb: fc.Arbitrary<TraceEvent> = fc.oneof(
  event({ type: fc.constant('request'), session: sessionRef, url: text, as: nonEmptyText }, ['type', 'url']),
  event(
    {
      type: fc.constant('submit'),
      session: sessionRef,
      page: fc.nat(),
      app: posInt,
      request: text,
      values: fc.dictionary(itemName, inputValue, { maxKeys: 4 }),
    },
    ['type', 'session', 'page'],
  ),
  event({ type: fc.constant('clone'), session: sessionRef, as: nonEmptyText, page: fc.nat() }, ['type', 'session', 'as']),
  event({ type: fc.constant('login'), session: sessionRef, user: nonEmptyText }, ['type', 'session', 'user']),
  event({ type: fc.constant('logout'), session: sessionRef }, ['type', 'session']),
  event({ type: fc.constant('wait'), seconds: time }, ['type', 'seconds']),
  event(
    { type: fc.constant('setState'), session: sessionRef, item: itemName, value: inputValue, app: posInt },
    ['type', 'session', 'item', 'value'],
  ),
  event({ type: fc.constant('clearCache'), session: sessionRef, tokens: text, app: posInt }, ['type', 'session', 'tokens']),
  // expect: table and rows only together, so two shapes.
  event(
    {
      type: fc.constant('expect'),
      session: sessionRef,
      app: posInt,
      state: fc.dictionary(fc.oneof(itemName, itemName.map((n) => `100:${n}`)), value, { maxKeys: 3 }),
      status: fc.constantFrom('active', 'expired', 'deleted'),
      page: fc.nat(),
    },
    ['type'],
  ),
  event(
    { type: fc.constant('expect'), table: itemName, rows: fc.array(fc.dictionary(itemName, value, { maxKeys: 3 }), { maxLength: 3 }) },
    ['type', 'table', 'rows'],
  ),
)

const appArb = fc.record({
  id: posInt,
  name: text,
  homePage: fc.nat(),
  pages: fc.array(
    fc.record(
      {
        id: fc.nat(),
        name: text,
        items: fc.array(fc.record({ name: itemName, source: text, xFuture: json(1) }, { requiredKeys: ['name'] }), {
          maxLength: 2,
        }),
      },
      { requiredKeys: ['id', 'name'] },
    ),
    { maxLength: 2 },
  ),
})

export const traceHeaderArb: fc.Arbitrary<TraceHeader> = fc
  .tuple(
    fc.record(
      {
        format: fc.constant('session-trace' as const),
        version: fc.constant(1 as const),
        title: text,
        description: text,
        startTime: fc
          .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        seed: fc.integer(),
        settings: fc.record(
          { cloneSessionEnabled: fc.boolean(), maxSessionLengthSec: fc.nat(), maxSessionIdleSec: fc.nat() },
          { requiredKeys: [] },
        ),
        apps: fc.array(appArb, { maxLength: 2 }),
        use: fc.array(fc.constantFrom('demo:onboarding', 'demo:hr'), { maxLength: 2 }),
        appFiles: fc.array(fc.constantFrom('apps/f100.json', 'f130 app.json'), { maxLength: 2 }),
      },
      { requiredKeys: ['format', 'version', 'title'] },
    ),
    unknownFields,
  )
  .map(([known, extra]) => ({ ...known, ...extra }) as TraceHeader)

/** Splits bytes at the given cut points (any positions, so UTF-8 sequences get cut too). */
export function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const chunks: Buffer[] = []
  let start = 0
  for (const p of points) {
    if (p > start) chunks.push(bytes.subarray(start, p))
    start = Math.max(start, p)
  }
  if (start < bytes.length) chunks.push(bytes.subarray(start))
  return chunks
}

export async function* fromChunks<T>(chunks: Iterable<T>): AsyncGenerator<T> {
  for (const c of chunks) yield c
}
