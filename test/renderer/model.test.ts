import { afterEach, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { patchRows, rowOrder, rowsOfState } from '../../src-renderer/src/model/state-at-playhead.js'
import type { RowEntry } from '../../src-renderer/src/model/rows.js'
import { changeKindOf, rowKey } from '../../src-renderer/src/model/rows.js'
import { binarySearch, makeComparator, patchSorted } from '../../src-renderer/src/model/sorted-rows.js'
import { effectWords, stepTarget, summarizeEffects } from '../../src-renderer/src/model/step-words.js'
import type { StateDiff, Step, TimelineState } from '../../src-renderer/src/transport/api-types.js'

const services: EngineService[] = []
afterEach(() => {
  for (const s of services.splice(0)) s.close()
})

async function demo(name: string) {
  const service = new EngineService()
  services.push(service)
  const r = await service.dispatch('workspace.openDemo', { name })
  expect(r.ok).toBe(true)
  const steps = service.steps as Step[]
  const final = {
    sessions: (await service.dispatch('sessions.list', {})) as { ok: true; result: never },
    rows: (await service.dispatch('state.rows', {})) as { ok: true; result: never },
  }
  return { service, steps, final }
}

/** The state at a point as the renderer asks for it, and the engine's diff between two points. */
async function stateAt(service: EngineService, step: number, encoding: 'rows' | 'columns' = 'columns'): Promise<TimelineState> {
  const r = await service.dispatch('timeline.state', { point: { step, phase: null }, encoding })
  if (!r.ok) throw new Error(r.error.message)
  return r.result as TimelineState
}

async function diff(service: EngineService, from: number, to: number): Promise<StateDiff> {
  const r = await service.dispatch('timeline.diff', { from: { step: from, phase: null }, to: { step: to, phase: null } })
  if (!r.ok) throw new Error(r.error.message)
  return r.result as StateDiff
}

function shown(rows: readonly RowEntry[]) {
  return rows.map((r) => ({ key: r.key, value: r.value, status: r.status, changedStep: r.changedStep, changedPhase: r.changedPhase ?? null, cause: r.cause }))
}

describe('the state at the playhead, from the engine’s answers', () => {
  it.each(['onboarding-wizard', 'session-cloning', 'per-user', 'timeouts-and-logout', 'clear-cache-urls', 'request-vs-session'])(
    'patching the rows by the engine’s diffs, step by step through %s and back, gives the engine’s rows and last changes at every point, in the table’s order',
    async (name) => {
      const { service, steps } = await demo(name)
      // Sessions keep their place once seen (a login's rotated ID included), as the playhead keeps them.
      const createdAt = new Map<number, number>()
      const compare = makeComparator((id) => createdAt.get(id) ?? Number.MAX_SAFE_INTEGER)
      const see = (st: TimelineState) => st.sessions.forEach((x) => createdAt.has(x.id) || createdAt.set(x.id, x.createdAt))
      let at = await stateAt(service, 0)
      see(at)
      let rows = rowsOfState(at, compare)
      const visit = async (from: number, to: number) => {
        const expected = await stateAt(service, to)
        see(expected)
        rows = patchRows(rows, await diff(service, from, to), compare)
        expect(shown(rows), `${name} at step ${to}`).toEqual(shown(rowsOfState(expected, compare)))
        for (let i = 1; i < rows.length; i++) expect(compare(rows[i - 1]!, rows[i]!)).toBeLessThan(0)
      }
      for (let i = 1; i < steps.length; i++) await visit(i - 1, i)
      for (let i = steps.length - 2; i >= 0; i--) await visit(i + 1, i)
      at = await stateAt(service, 0)
      expect(shown(rows)).toEqual(shown(rowsOfState(at, compare)))
    },
  )

  it('decodes the columns into rows (keys made on demand) in the table’s order, with their last changes', async () => {
    const { service } = await demo('session-cloning')
    const n = service.timeline.stepCount
    for (const step of [2, 5, n - 1]) {
      const cols = await stateAt(service, step, 'columns')
      const objs = await stateAt(service, step, 'rows')
      const compare = rowOrder(cols.sessions)
      const a = rowsOfState(cols, compare)
      expect(shown(a)).toEqual(shown(rowsOfState(objs, compare)))
      for (const r of a) expect(r.key).toBe(rowKey(r.session, r.app, r.page, r.item))
      expect(a.every((r) => r.changedStep !== null && r.changedStep <= step)).toBe(true)
    }
  })

  it('orders sessions by creation time (not by ID), whatever order the engine lists them in', () => {
    const session = (id: number, createdAt: number) =>
      ({ id, alias: null, user: 'nobody', createdAt, groupId: id, apps: [], currentApp: null, currentPage: null, ended: null, endedAt: null, status: 'active', idleSec: 0, groupCreatedAt: createdAt }) as const
    const st = {
      point: { step: 0 },
      t: 0,
      sessions: [session(9, 0), session(3, 5)],
      rows: [
        { session: 3, app: 1, page: 1, item: 'X', value: 'b', status: 'I' },
        { session: 9, app: 1, page: null, item: 'Z', value: null, status: 'R' },
        { session: 9, app: 1, page: 1, item: 'X', value: 'a1', status: 'I' },
      ],
      userRows: [],
      tables: [],
    } as unknown as TimelineState
    expect(rowsOfState(st, rowOrder(st.sessions)).map((r) => r.item + '=' + r.value)).toEqual(['Z=null', 'X=a1', 'X=b'])
  })
})

describe('sorted rows', () => {
  const mk = (session: number, item: string, value = 'v'): RowEntry => ({ key: rowKey(session, 1, 1, item), session, app: 1, page: 1, item, value, status: 'I', changedStep: null, cause: null })
  const cmp = makeComparator((s) => s)
  it('patches inserts, removals and value changes in place of a full sort', () => {
    const base = [mk(1, 'A'), mk(1, 'C'), mk(2, 'A')]
    const out = patchSorted(base, [{ before: null, after: mk(1, 'B') }, { before: base[2]!, after: null }, { before: base[0]!, after: mk(1, 'A', 'new') }], cmp, () => [])
    expect(out.map((r) => `${r.session}${r.item}${r.value}`)).toEqual(['1Anew', '1Bv', '1Cv'])
    expect(base).toHaveLength(3)
    expect(binarySearch(out, mk(1, 'C'), cmp)).toBe(2)
    expect(binarySearch(out, mk(1, 'BB'), cmp)).toBe(-3)
  })
})

describe('words', () => {
  it('names the kinds of change', () => {
    expect(changeKindOf('x', 'I')).toBe('set')
    expect(changeKindOf(null, 'R')).toBe('reset')
    expect(changeKindOf(null, null)).toBe('removed')
  })
  it('summarises steps and says what happened and why', async () => {
    const { steps } = await demo('onboarding-wizard')
    expect(stepTarget(steps[0]!)).toBe('f?p=HR:1')
    expect(stepTarget(steps[1]!)).toBe('page 1 · button ADD')
    expect(summarizeEffects(steps[0]!.effects)).toBe('1 set, session created')
    expect(summarizeEffects(steps[13]!.effects)).toBe('5 reset')
    const words = steps[13]!.effects.filter((e) => e.op === 'set').map(effectWords)
    expect(words[2]).toBe('P44_JOB reset to null by ClearCache token 44 in URL f?p=100:1:' + steps[13]!.session + '::NO:43,44,45')
  })
})
