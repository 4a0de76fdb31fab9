/**
 * A replay fails on an error step nothing in the trace expected, and on an
 * expect naming a session the trace never created (issue #12: the CLI printed
 * PASS, item null, for a trace whose computation ran into the 1 MiB value
 * limit, and an expect on a mistyped alias passed as "deleted").
 *
 * An error step is expected when an expect checking `outcome` follows its
 * event (an `"outcome": "error"` passes it, any other value fails as that
 * expect, with the step's reason) or when the event records
 * `"outcome": "error"`.
 */
import { describe, expect, it } from 'vitest'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import { replayText } from '../../src-main/trace/replay.js'
import type { ReplaySummary } from '../../src-main/trace/replay.js'

/** 40 doublings of a 3-character value: the 19th passes 1 MiB (3 × 2^19 = 1572864 bytes). */
const DOUBLING: AppDefinition = {
  id: 90,
  name: 'Doubling',
  homePage: 1,
  pages: [
    {
      id: 1,
      name: 'Double',
      items: [{ name: 'P1_A' }],
      computations: Array.from({ length: 40 }, () => ({ point: 'beforeHeader' as const, item: 'P1_A', expression: ':P1_A || :P1_A' })),
    },
    { id: 2, name: 'Plain', items: [{ name: 'P2_B' }] },
  ],
}
const LIMIT_REASON = 'computation #19 on page 1 (app 90, page 1): || gives a value of 1572864 bytes, over the 1048576-byte limit of a session-state value'
const HEADER = { format: 'session-trace', version: 1, title: 't', seed: 1, apps: [DOUBLING] }
const DOUBLE = { type: 'request', url: 'f?p=90:1:::::P1_A:abc', as: 'A' }
const PLAIN = { type: 'request', url: 'f?p=90:2:::::P2_B:x', as: 'B' }

function summaryOf(lines: unknown[]): ReplaySummary {
  const replayer = replayText(lines.map((l) => JSON.stringify(l)).join('\n'))
  try {
    return replayer.summary()
  } finally {
    replayer.close()
  }
}

describe('replay: error steps must be expected', () => {
  it('an error step with no expect after it is reported with its line, step and the reason the service shows', () => {
    const s = summaryOf([HEADER, DOUBLE])
    expect(s.failures).toEqual([])
    expect(s.unexpectedErrors).toEqual([{ line: 2, step: 0, reason: LIMIT_REASON, message: `line 2 (step 0) ended in an error no expect checks: ${LIMIT_REASON}` }])
  })

  it('an expect that checks only state does not account for the error', () => {
    const s = summaryOf([HEADER, DOUBLE, { type: 'expect', session: 'A', state: { P1_A: null } }])
    expect(s.unexpectedErrors.map((e) => e.line)).toEqual([2])
  })

  it('an error step followed by another event and then an outcome expect is still unexpected (the expect checks the later event)', () => {
    const s = summaryOf([HEADER, DOUBLE, PLAIN, { type: 'expect', outcome: 'ok' }])
    expect(s.failures).toEqual([])
    expect(s.unexpectedErrors.map((e) => [e.line, e.step])).toEqual([[2, 0]])
  })

  it('"outcome": "error" right after the event expects it: nothing is reported', () => {
    const s = summaryOf([HEADER, DOUBLE, { type: 'expect', outcome: 'error' }, PLAIN])
    expect(s.failures).toEqual([])
    expect(s.unexpectedErrors).toEqual([])
  })

  it('an event recording "outcome": "error" expects it (an exported trace of a live error replays clean)', () => {
    const s = summaryOf([HEADER, { ...DOUBLE, outcome: 'error' }])
    expect(s.unexpectedErrors).toEqual([])
  })

  it('an outcome expect of another value fails once, as that expect, carrying the reason', () => {
    const s = summaryOf([HEADER, DOUBLE, { type: 'expect', outcome: 'ok' }])
    expect(s.unexpectedErrors).toEqual([])
    expect(s.failures).toEqual([
      {
        line: 3,
        step: 0,
        session: null,
        item: null,
        field: 'outcome',
        expected: 'ok',
        actual: 'error',
        reason: LIMIT_REASON,
        message: `outcome of the last event: expected ok, got error: ${LIMIT_REASON}`,
      },
    ])
  })

  it('a submit naming a session nobody made is an error step too: unexpected unless checked', () => {
    const submit = { type: 'submit', session: 'NOBODY', page: 1, values: { P1_A: 'v' } }
    expect(summaryOf([HEADER, submit]).unexpectedErrors).toHaveLength(1)
    expect(summaryOf([HEADER, submit, { type: 'expect', outcome: 'error' }]).unexpectedErrors).toEqual([])
  })

  it('expired is the outcome of a working app, not an error', () => {
    const lines = [{ ...HEADER, settings: { maxSessionIdleSec: 60 } }, PLAIN, { type: 'wait', seconds: 120 }, { type: 'request', url: 'f?p=90:2:&SESSION.', session: 'B' }]
    const replayer = replayText(lines.map((l) => JSON.stringify(l)).join('\n'))
    try {
      expect(replayer.steps.map((x) => x.outcome)).toContain('expired')
      expect(replayer.summary().unexpectedErrors).toEqual([])
    } finally {
      replayer.close()
    }
  })
})

describe('replay: an expect must name a session the trace created', () => {
  it('a mistyped alias fails with the name, instead of passing as deleted with null values', () => {
    const s = summaryOf([HEADER, PLAIN, { type: 'expect', session: 'C', status: 'deleted', state: { P2_B: null } }])
    expect(s.failures).toEqual([
      {
        line: 3,
        step: 0,
        session: 'C',
        item: null,
        field: 'session',
        expected: 'C',
        actual: null,
        message: 'session "C" names no session created before this line (a request\'s "as", or an ID the trace made): check the name',
      },
    ])
  })

  it('an alias created later in the trace is still unknown at the expect before it', () => {
    const s = summaryOf([HEADER, { type: 'expect', session: 'B', page: 2 }, PLAIN, { type: 'expect', session: 'B', page: 2 }])
    expect(s.failures.map((f) => [f.line, f.field])).toEqual([[2, 'session']])
  })

  it('a session ID the trace never made fails; the ID the trace did make passes', () => {
    const made = summaryOf([HEADER, PLAIN])
    const id = made.sessions[0]!.id
    expect(summaryOf([HEADER, PLAIN, { type: 'expect', session: id, page: 2 }]).failures).toEqual([])
    expect(summaryOf([HEADER, PLAIN, { type: 'expect', session: id + 1, page: 2 }]).failures.map((f) => f.field)).toEqual(['session'])
    expect(summaryOf([HEADER, PLAIN, { type: 'expect', session: String(id + 1), page: 2 }]).failures.map((f) => f.field)).toEqual(['session'])
  })

  it('the alias of a session that ended is known: "deleted" passes after a logout', () => {
    const s = summaryOf([HEADER, PLAIN, { type: 'logout', session: 'B' }, { type: 'expect', session: 'B', status: 'deleted' }])
    expect(s.failures).toEqual([])
  })

  it('a recorded-only trace knows the aliases of its recorded session effects', () => {
    const created = { op: 'session', event: 'created', session: 7, from: null, cause: 'new session', to: { id: 7, alias: 'A', user: 'nobody', createdAt: 0, groupId: 7, apps: [], currentApp: null, currentPage: null, ended: null, endedAt: null } }
    const lines = [{ format: 'session-trace', version: 1, title: 't' }, { type: 'request', url: 'f?p=1:1', as: 'A', effects: [created] }]
    expect(summaryOf([...lines, { type: 'expect', session: 'A', status: 'active' }]).failures).toEqual([])
    expect(summaryOf([...lines, { type: 'expect', session: 'Z', status: 'deleted' }]).failures.map((f) => f.field)).toEqual(['session'])
  })
})
