import { afterEach, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { PlayheadState } from '../../src-renderer/src/model/playhead-state.js'
import type { RowEntry } from '../../src-renderer/src/model/rows.js'
import { changeKindOf, rowKey } from '../../src-renderer/src/model/rows.js'
import { binarySearch, makeComparator, patchSorted } from '../../src-renderer/src/model/sorted-rows.js'
import { effectWords, stepTarget, summarizeEffects } from '../../src-renderer/src/model/step-words.js'
import type { Step } from '../../src-renderer/src/transport/api-types.js'

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

function plain(rows: readonly RowEntry[]) {
  return rows.map((r) => ({ session: r.session, app: r.app, page: r.page, item: r.item, value: r.value, status: r.status }))
}

describe('PlayheadState', () => {
  it.each(['onboarding-wizard', 'session-cloning', 'per-user', 'timeouts-and-logout', 'clear-cache-urls', 'request-vs-session'])(
    'replaying %s forward from nothing gives the engine’s final state, and backward gives nothing again',
    async (name) => {
      const { steps, final } = await demo(name)
      const ph = new PlayheadState()
      for (const s of steps) ph.apply(s.effects, 'forward', s.index, s.t)
      const engineRows = [...(final.rows.result as RowEntry[])].map((r) => rowKey(r.session, r.app, r.page, r.item) + '=' + r.value + '/' + r.status).sort()
      expect([...ph.rows.values()].map((r) => r.key + '=' + r.value + '/' + r.status).sort()).toEqual(engineRows)
      expect(ph.sortedRows().length).toBe(ph.rows.size)
      const sorted = ph.sortedRows()
      for (let i = 1; i < sorted.length; i++) expect(ph.compare(sorted[i - 1]!, sorted[i]!)).toBeLessThan(0)
      expect(new Set(ph.sessionList().map((s) => s.id))).toEqual(new Set((final.sessions.result as { id: number }[]).map((s) => s.id)))
      for (let i = steps.length - 1; i >= 0; i--) ph.apply(steps[i]!.effects, 'backward', i, steps[i]!.t)
      expect(ph.rows.size).toBe(0)
      expect(ph.sessions.size).toBe(0)
      expect(ph.sortedRows()).toEqual([])
    },
  )

  it('knows the step and cause of the last change, and forgets it when stepping back over it', async () => {
    const { steps } = await demo('onboarding-wizard')
    const ph = new PlayheadState()
    for (const s of steps) ph.apply(s.effects, 'forward', s.index, s.t)
    const ename = [...ph.rows.values()].find((r) => r.item === 'P43_ENAME')!
    expect(ename.value).toBeNull()
    expect(ename.status).toBe('R')
    expect(ename.changedStep).toBe(13)
    expect(ename.cause).toMatch(/ClearCache token 43/)
    ph.apply(steps[13]!.effects, 'backward', 13, steps[12]!.t)
    const back = [...ph.rows.values()].find((r) => r.item === 'P43_ENAME')!
    expect(back.value).toBe('KING')
    expect(back.changedStep).toBe(3)
  })

  it('moves rows with a login’s ID rotation and back', async () => {
    const { steps } = await demo('per-user')
    const ph = new PlayheadState()
    ph.apply(steps[0]!.effects, 'forward', 0, 0)
    const before = plain(ph.sortedRows())
    ph.apply(steps[1]!.effects, 'forward', 1, 5)
    const rotated = steps[1]!.session!
    expect(ph.sortedRows().every((r) => r.session === rotated)).toBe(true)
    ph.apply(steps[1]!.effects, 'backward', 1, 0)
    expect(plain(ph.sortedRows())).toEqual(before)
  })

  it('loads a full snapshot (the timeline.state shape)', () => {
    const ph = PlayheadState.fromSnapshot({
      t: 10,
      sessions: [{ id: 5, alias: 'A', user: 'nobody', createdAt: 0, groupId: 5, apps: [1], currentApp: 1, currentPage: 1, ended: null, endedAt: null, status: 'active', idleSec: 4, groupCreatedAt: 0 }],
      rows: [
        { session: 5, app: 1, page: 2, item: 'B', value: 'x', status: 'I' },
        { session: 5, app: 1, page: null, item: 'Z', value: null, status: 'R' },
      ],
      userRows: [],
      tables: [{ app: 1, table: 'EMP', rows: [{ A: '1' }] }],
    })
    expect(ph.sortedRows().map((r) => r.item)).toEqual(['Z', 'B'])
    // Sessions come out by creation time (not by ID), whatever order the engine lists them in.
    const two = PlayheadState.fromSnapshot({
      t: 0,
      sessions: [
        { id: 9, alias: 'A', user: 'nobody', createdAt: 0, groupId: 9, apps: [], currentApp: null, currentPage: null, ended: null, endedAt: null, status: 'active', idleSec: 0, groupCreatedAt: 0 },
        { id: 3, alias: 'B', user: 'nobody', createdAt: 5, groupId: 3, apps: [], currentApp: null, currentPage: null, ended: null, endedAt: null, status: 'active', idleSec: 0, groupCreatedAt: 5 },
      ],
      rows: [
        { session: 3, app: 1, page: 1, item: 'X', value: 'b', status: 'I' },
        { session: 9, app: 1, page: 1, item: 'X', value: 'a1', status: 'I' },
        { session: 9, app: 1, page: 1, item: 'Y', value: 'a2', status: 'I' },
      ],
      userRows: [],
      tables: [],
    })
    expect(two.sortedRows().map((r) => r.value)).toEqual(['a1', 'a2', 'b'])
    // What the loaded step changed is known without indexing the rows first.
    two.setLastChange({ session: 9, app: 1, page: 1, item: 'Y' }, 7, 'posted value')
    expect(two.sortedRows()[1]).toMatchObject({ item: 'Y', changedStep: 7, cause: 'posted value' })
    expect(two.rows.get('9|1|1|Y')?.changedStep).toBe(7)
    two.setLastChange({ session: 3, app: 1, page: 1, item: 'X' }, 8, 'clone')
    expect(two.sortedRows()[2]).toMatchObject({ value: 'b', changedStep: 8 })
    expect(ph.sessionList()[0]).toMatchObject({ id: 5, status: 'active', idleSec: 4 })
    expect(ph.tables.get('1|EMP')).toEqual([{ A: '1' }])
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

describe('timeline.state in columns, last changes and expiry deadlines', () => {
  const session = (id: number, groupId: number, createdAt: number) => ({
    id,
    alias: null,
    user: 'nobody',
    createdAt,
    groupId,
    apps: [1],
    currentApp: 1,
    currentPage: 1,
    ended: null,
    endedAt: null,
    status: 'active' as const,
    idleSec: 0,
    groupCreatedAt: createdAt,
  })

  it('decodes the columns into rows (keys made on demand) in the table’s order, with their last changes', async () => {
    const s = new EngineService()
    services.push(s)
    await s.dispatch('workspace.openDemo', { name: 'session-cloning' })
    const n = s.timeline.stepCount
    for (const step of [2, 5, n - 1]) {
      const cols = await s.dispatch('timeline.state', { point: { step }, encoding: 'columns' })
      const objs = await s.dispatch('timeline.state', { point: { step } })
      if (!cols.ok || !objs.ok) throw new Error('timeline.state failed')
      const a = PlayheadState.fromSnapshot(cols.result as never)
      const b = PlayheadState.fromSnapshot(objs.result as never)
      expect(a.knowsChanges).toBe(true)
      expect(b.knowsChanges).toBe(true)
      const view = (ph: PlayheadState) => ph.sortedRows().map((r) => ({ key: r.key, value: r.value, status: r.status, changedStep: r.changedStep, changedPhase: r.changedPhase, cause: r.cause }))
      expect(view(a)).toEqual(view(b))
      for (const r of a.sortedRows()) expect(r.key).toBe(rowKey(r.session, r.app, r.page, r.item))
      expect(a.sortedRows().every((r) => r.changedStep !== null && r.changedStep <= step)).toBe(true)
    }
  })

  it('remembers the engine’s change under the ones walked over, and says which rows a backward move left unknown', () => {
    const ph = PlayheadState.fromSnapshot({
      t: 0,
      sessions: [session(5, 5, 0)],
      rows: [
        { session: 5, app: 1, page: 1, item: 'A', value: 'a0', status: 'I', changed: { step: 3, phase: 1, cause: 'posted value' } },
        { session: 5, app: 1, page: 1, item: 'B', value: 'b0', status: 'I', changed: { step: 4, phase: 0, cause: 'default' } },
      ],
      userRows: [],
      tables: [],
    })
    const set = (item: string, from: string, to: string, cause: string) =>
      ({ op: 'set', session: 5, app: 1, page: 1, item, from, to, fromStatus: 'I', toStatus: 'U', cause }) as never
    // Forward over step 10 (A changed in its phase 2), then back: A has the engine's change again.
    ph.apply([set('A', 'a0', 'a1', 'SET_SESSION_STATE')], 'forward', 10, 1, () => 2)
    expect(ph.rows.get('5|1|1|A')).toMatchObject({ value: 'a1', changedStep: 10, changedPhase: 2, cause: 'SET_SESSION_STATE' })
    ph.apply([set('A', 'a0', 'a1', 'SET_SESSION_STATE')], 'backward', 10, 0)
    expect(ph.rows.get('5|1|1|A')).toMatchObject({ value: 'a0', changedStep: 3, changedPhase: 1, cause: 'posted value' })
    expect(ph.lostChanges.size).toBe(0)
    // Back over the engine's own change of B (step 4): what set B before is not known here.
    ph.apply([set('B', 'b-1', 'b0', 'default')], 'backward', 4, 0)
    expect(ph.rows.get('5|1|1|B')).toMatchObject({ value: 'b-1', changedStep: null })
    expect([...ph.lostChanges]).toEqual(['5|1|1|B'])
    ph.setLastChange({ session: 5, app: 1, page: 1, item: 'B' }, 2, 'posted value', 0)
    expect(ph.lostChanges.size).toBe(0)
    expect(ph.sortedRows().find((r) => r.item === 'B')).toMatchObject({ changedStep: 2, changedPhase: 0 })
  })

  it('knows when a session expires: the earlier of its group’s idle and length deadlines', () => {
    const ph = PlayheadState.fromSnapshot({
      t: 450,
      sessions: [
        { ...session(5, 5, 0), group: { id: 5, createdAt: 0, lastActivity: 450, maxSessionIdleSec: 600, maxSessionLengthSec: 1000 } },
        { ...session(6, 6, 100), group: { id: 6, createdAt: 100, lastActivity: 200, maxSessionIdleSec: 600, maxSessionLengthSec: 0 } },
        { ...session(7, 7, 100), group: { id: 7, createdAt: 100, lastActivity: 200, maxSessionIdleSec: 0, maxSessionLengthSec: 0 } },
        session(8, 8, 0),
      ],
      rows: [],
      userRows: [],
      tables: [],
    })
    expect(ph.expiryDeadline(5)).toEqual({ at: 1000, limit: 'length', seconds: 1000 })
    expect(ph.expiryDeadline(6)).toEqual({ at: 800, limit: 'idle', seconds: 600 })
    expect(ph.expiryDeadline(7)).toBeNull()
    // No group record: not known here.
    expect(ph.expiryDeadline(8)).toBeNull()
    // Status follows the group records (strictly past a limit is expired).
    expect(ph.sessionList().find((x) => x.id === 6)).toMatchObject({ status: 'active', idleSec: 250 })
  })
})
