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
