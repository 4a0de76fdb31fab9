/**
 * Properties of the engine over random apps and random operation sequences
 * (scenario-arbitrary.ts):
 * (a) isolation — an operation on one session changes no other session,
 *     except the documented exceptions (semantics §1, §5);
 * (b) reversibility — each step's effects, applied backward, restore the
 *     state before it exactly, and forward again the state after it (§9);
 * (d) robustness — run() never throws for valid operations, never reports an
 *     internal error, and throws only OperationInputError for invalid input.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { Engine, OperationInputError } from '../../../src-main/engine/engine.js'
import type { Operation, SessionRef } from '../../../src-main/engine/model/operation.js'
import type { Step } from '../../../src-main/engine/model/step.js'
import { applyEffects } from '../../../src-main/engine/state/apply-effect.js'
import type { StateSnapshot } from '../../../src-main/engine/state/session-state.js'
import { expectPhasesPartitionEffects, expectReversible } from '../helpers/engine-helpers.js'
import { scenarioArb } from './scenario-arbitrary.js'
import type { Scenario } from './scenario-arbitrary.js'

const OUTCOMES = new Set(['ok', 'validationFailed', 'expired', 'error'])

function engineFor(s: Scenario): Engine {
  return new Engine({ apps: s.apps, seed: s.seed, settings: s.settings })
}

/** Per session: its record and rows, as canonical JSON. */
function sessionSlices(snap: StateSnapshot): Map<number, string> {
  const out = new Map<number, { record: unknown; rows: unknown[] }>()
  const get = (id: number) => {
    let v = out.get(id)
    if (!v) {
      v = { record: null, rows: [] }
      out.set(id, v)
    }
    return v
  }
  for (const s of snap.sessions) get(s.id).record = s
  for (const r of snap.rows) get(r.session).rows.push(r)
  return new Map([...out].map(([k, v]) => [k, JSON.stringify(v)]))
}

function diffKeys<K>(a: Map<K, string>, b: Map<K, string>): K[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k))
}

function keyed<T>(list: T[], key: (t: T) => string | number): Map<string | number, string> {
  return new Map(list.map((x) => [key(x), JSON.stringify(x)]))
}

/** Checks (a) for one step, given the snapshots around it and the session the operation named (resolved before it ran). */
function expectIsolated(op: Operation, step: Step, before: StateSnapshot, after: StateSnapshot, named: number | null): void {
  const allowed = new Set<number>()
  if (step.session !== null) allowed.add(step.session)
  // Login rotates the ID: the old ID's record and rows move away.
  if (op.type === 'login' && named !== null) allowed.add(named)
  // Logout deletes every live member of the clone group.
  if (op.type === 'logout' && named !== null) {
    const rec = before.sessions.find((s) => s.id === named)
    if (rec) for (const s of before.sessions) if (s.groupId === rec.groupId && s.ended === null) allowed.add(s.id)
  }
  const where = `step ${step.index} (${op.type}${'url' in op ? ` ${op.url}` : ''}), session ${step.session}`
  for (const id of diffKeys(sessionSlices(before), sessionSlices(after))) {
    expect(allowed.has(id), `${where} changed session ${id}`).toBe(true)
  }
  // Clone groups: only the group(s) of the sessions allowed to change.
  const groupsOfAllowed = new Set([...before.sessions, ...after.sessions].filter((s) => allowed.has(s.id)).map((s) => s.groupId))
  for (const g of diffKeys(keyed(before.groups, (g) => g.id), keyed(after.groups, (g) => g.id))) {
    expect(groupsOfAllowed.has(g as number), `${where} changed clone group ${g}`).toBe(true)
  }
  // The Per User store: only the user of a session allowed to change.
  const usersOfAllowed = new Set([...before.sessions, ...after.sessions].filter((s) => allowed.has(s.id)).map((s) => s.user))
  const userKey = (r: { user: string; app: number; item: string }) => `${r.user}/${r.app}/${r.item}`
  for (const k of diffKeys(keyed(before.userRows, userKey), keyed(after.userRows, userKey))) {
    expect(usersOfAllowed.has(String(k).split('/')[0]!), `${where} changed Per User value ${k}`).toBe(true)
  }
}

function namedSession(engine: Engine, op: Operation): number | null {
  const ref = 'session' in op ? (op.session as SessionRef | undefined) : undefined
  return ref === undefined ? null : engine.resolveSession(ref)
}

describe('engine properties over random scenarios', () => {
  test.prop([scenarioArb()], { numRuns: 60 })('(a) isolation: an operation changes no other session than the documented ones', (s) => {
    const engine = engineFor(s)
    for (const op of s.ops) {
      const named = namedSession(engine, op)
      const state = engine.state.clone()
      const steps = engine.run(op)
      for (const step of steps) {
        const before = state.snapshot()
        applyEffects(state, step.effects, 'forward')
        expectIsolated(op, step, before, state.snapshot(), named)
      }
      expect(state.snapshot()).toEqual(engine.snapshot())
    }
    engine.close()
  })

  test.prop([scenarioArb()], { numRuns: 60 })('(b) reversibility: every step’s effects backward restore the state before it; forward again the state after it', (s) => {
    const engine = engineFor(s)
    for (const op of s.ops) {
      const before = engine.state.clone()
      const steps = engine.run(op)
      expectReversible(before, steps, engine.state)
    }
    engine.close()
  })

  test.prop([scenarioArb({ maxOps: 40 })], { numRuns: 80 })('(d) run() never throws for a valid operation and never reports an internal error; steps are well formed', (s) => {
    const engine = engineFor(s)
    let index = 0
    for (const op of s.ops) {
      let steps: Step[] = []
      expect(() => {
        steps = engine.run(op)
      }).not.toThrow()
      expect(steps.length).toBeGreaterThan(0)
      for (const step of steps) {
        expect(step.index).toBe(index++)
        expect(OUTCOMES.has(step.outcome)).toBe(true)
        expect(step.reason ?? '').not.toMatch(/internal/i)
        if (step.outcome !== 'ok') expect(step.reason, JSON.stringify(op)).toBeTruthy()
        expectPhasesPartitionEffects(step)
        for (const e of step.effects) if (e.op === 'set') expect(e.to === '' || e.from === '').toBe(false)
      }
      for (const r of engine.stateRows()) expect(r.value).not.toBe('')
    }
    engine.close()
  })

  it('(a) isolation of reads: a value changed in another session beforehand does not change what an operation does', () => {
    // A random case may have nothing to compare (a wait, no other live session, no item): count the
    // cases really compared, so a run that compared none fails instead of passing silently.
    let compared = 0
    const runs = 60
    fc.assert(
      fc.property(scenarioArb(), fc.nat(), fc.nat(), fc.nat(), (s, at, other, which) => {
        const cut = 3 + (at % (s.ops.length - 2))
        const op = s.ops[Math.min(cut, s.ops.length - 1)]!
        // A wait reports on every session (which ones are past their limits), and setting Y's value
        // is activity in Y's group: the report differs by design. Reads are what this is about.
        if (op.type === 'wait') return
        const prefix = s.ops.slice(0, Math.min(cut, s.ops.length - 1))
        const plain = engineFor(s)
        const perturbed = engineFor(s)
        for (const o of prefix) {
          plain.run(o)
          perturbed.run(o)
        }
        // Pick another live session Y, outside the clone group of the session the operation names.
        const named = namedSession(plain, op)
        const namedGroup = named === null ? null : (plain.state.sessions.get(named)?.groupId ?? null)
        const candidates = plain
          .state.liveSessions()
          .filter((x) => x.id !== named && x.groupId !== namedGroup && x.currentApp !== null && plain.sessionStatus(x.id) === 'active')
        const y = candidates[other % Math.max(1, candidates.length)]
        if (!y) return
        const app = perturbed.apps.get(y.currentApp!)!
        const items = [...app.items.values()].filter((i) => i.storage === 'session')
        const item = items[which % Math.max(1, items.length)]
        if (!item) return
        const set = perturbed.run({ type: 'setState', session: y.id, app: app.id, item: item.name, value: `other-${which}` })
        expect(set[0]!.outcome).toBe('ok')
        const strip = (steps: Step[]) => JSON.stringify(steps.map(({ index: _i, causedBy: _c, ...rest }) => rest))
        expect(strip(perturbed.run(op))).toBe(strip(plain.run(op)))
        compared++
        plain.close()
        perturbed.close()
      }),
      { numRuns: runs },
    )
    // Measured over 6 runs: 48 to 54 of the 60 cases compare; a sixth leaves a wide margin for unlucky seeds.
    expect(compared, `only ${compared} of ${runs} cases had something to compare`).toBeGreaterThanOrEqual(runs / 6)
  })

  test.prop([scenarioArb({ maxOps: 5 }), fc.anything({ maxDepth: 3 })], { numRuns: 100 })(
    '(d) run() throws only OperationInputError, for schema-invalid input',
    (s, junk) => {
      const engine = engineFor(s)
      for (const op of s.ops) engine.run(op)
      const inputs: unknown[] = [junk, { type: 'request', url: junk }, { type: 'submit', session: 'A', page: 1, values: junk }, { type: 'wait', seconds: junk }, { ...s.ops[0]!, type: junk }]
      for (const input of inputs) {
        try {
          engine.run(input)
        } catch (e) {
          expect(e, JSON.stringify(input)).toBeInstanceOf(OperationInputError)
        }
      }
      for (const step of engine.steps) expect(step.reason ?? '').not.toMatch(/internal/i)
      engine.close()
    },
  )
})
