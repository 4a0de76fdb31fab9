/**
 * timeline.state's additions: every row carries its last change (step,
 * phase, cause) and every session its clone group's record, checked against
 * a brute-force replay of the steps (never the timeline) at every point of
 * random traces — engine-simulated and recorded — and against timeline.why;
 * the compact `columns` encoding decodes to exactly the row objects; and
 * workspace.summary answers what the last workspace.changed said.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import type { StateRowColumns, TimelineState, TimelineStateRow } from '../../src-main/api/contract.js'
import type { Step } from '../../src-main/engine/model/step.js'
import { allPoints, engineTrace, phaseOf, refState, synthTrace, timelineOf } from '../timeline/helpers.js'
import type { TraceCase } from '../timeline/helpers.js'
import { call } from '../timeline/api-call.js'

const keyOf = (session: number, app: number, page: number | null, item: string) => `${session}|${app}|${page ?? ''}|${item}`

/** The last change of every row after `pos` effects, by replaying the steps (a rotation moves a session's rows). */
function refLastChanges(steps: readonly Step[], pos: number): Map<string, { step: number; phase: number; cause: string }> {
  const last = new Map<string, { step: number; phase: number; cause: string }>()
  let left = pos
  for (const s of steps) {
    for (let rel = 0; rel < s.effects.length && left > 0; rel++, left--) {
      const e = s.effects[rel]!
      if (e.op === 'set') {
        const k = keyOf(e.session, e.app, e.page, e.item)
        if (e.toStatus === null) last.delete(k)
        else last.set(k, { step: s.index, phase: phaseOf(s, rel), cause: e.cause })
      } else if (e.op === 'rekey') {
        for (const [k, v] of [...last]) {
          if (!k.startsWith(`${e.from}|`)) continue
          last.delete(k)
          last.set(`${e.to}|${k.slice(String(e.from).length + 1)}`, v)
        }
      }
    }
    if (left <= 0) break
  }
  return last
}

/** Decodes StateRowColumns as the contract documents them. */
function decodeColumns(c: StateRowColumns): TimelineStateRow[] {
  const out: TimelineStateRow[] = []
  let run = 0
  let left = c.sessionRuns[1] ?? 0
  for (let i = 0; i < c.length; i++) {
    while (left === 0) {
      run += 2
      left = c.sessionRuns[run + 1]!
    }
    left--
    const step = c.changedStep[i]!
    out.push({
      session: c.sessionRuns[run]!,
      app: c.app[i]!,
      page: c.page[i]! < 0 ? null : c.page[i]!,
      item: c.strings[c.item[i]!]!,
      value: c.value[i]! < 0 ? null : c.strings[c.value[i]!]!,
      status: c.status[i] as 'I' | 'U' | 'R',
      changed: step < 0 ? null : { step, phase: c.changedPhase[i]!, cause: c.changedCause[i]! < 0 ? '' : c.strings[c.changedCause[i]!]! },
    })
  }
  return out
}

function checkAllPoints(c: TraceCase, every: number) {
  const tl = timelineOf(c, every)
  const points = allPoints(c.steps)
  // Out of order, so the cursor moves both ways.
  const order = points.map((_, i) => (i * 7919) % points.length)
  for (const i of order) {
    const p = points[i]!
    const st = tl.stateAt(p, { changes: true, groups: true })
    const ref = refLastChanges(c.steps, p.pos)
    const where = `point ${p.step}/${p.phase}`
    expect(st.rows.map((r) => [keyOf(r.session, r.app, r.page, r.item), r.changed]), where).toEqual(
      st.rows.map((r) => [keyOf(r.session, r.app, r.page, r.item), ref.get(keyOf(r.session, r.app, r.page, r.item)) ?? null]),
    )
    for (const r of st.rows) {
      const why = tl.why(p, r)
      expect(why && { step: why.step, phase: why.phase, cause: why.cause }, where).toEqual(r.changed)
    }
    const cols = tl.stateAt(p, { encoding: 'columns', groups: true })
    expect(cols.rows).toEqual([])
    expect(decodeColumns(cols.rowColumns!), where).toEqual(st.rows)
    const groups = refState(c.steps, p.pos).groups
    for (const s of st.sessions) {
      const g = groups.get(s.groupId) ?? null
      expect(s.group ?? null, `${where} session ${s.id}`).toEqual(g && { ...g })
      if (s.group) expect(s.idleSec).toBe(st.t - s.group.lastActivity)
    }
  }
}

const traceArb = fc.record({ seed: fc.integer({ min: 1, max: 1_000_000 }), events: fc.integer({ min: 5, max: 40 }), users: fc.integer({ min: 1, max: 5 }) })

describe('timeline.state rows carry their last change; sessions their group', () => {
  test.prop([traceArb, fc.integer({ min: 1, max: 6 })], { numRuns: 15 })('engine-simulated traces, every point', ({ seed, events, users }, every) =>
    checkAllPoints(engineTrace(seed, events, users), every),
  )
  test.prop([traceArb, fc.integer({ min: 1, max: 6 })], { numRuns: 15 })('recorded (synthesized) traces, every point', ({ seed, events, users }, every) =>
    checkAllPoints(synthTrace(seed, events, users), every),
  )

  it('a change is the one that set the row last: a rewrite moves it, a removal and re-creation starts it again', () => {
    const c = engineTrace(4242, 60, 3)
    const tl = timelineOf(c, 4)
    const end = tl.stateAt({ step: c.steps.length - 1 }, { changes: true })
    const changed = end.rows.filter((r) => r.changed)
    expect(changed.length).toBe(end.rows.length)
    // Every change points at a set effect of that step that wrote the row's current value.
    for (const r of end.rows) {
      const s = c.steps[r.changed!.step]!
      expect(s.effects.some((e) => e.op === 'set' && e.item === r.item && e.app === r.app && e.page === r.page && e.to === r.value && e.cause === r.changed!.cause)).toBe(true)
    }
  })
})

describe('through the contract', () => {
  it('timeline.state always gives rows their change and sessions their group; columns are the same rows', async () => {
    const s = new EngineService()
    try {
      await call(s, 'workspace.openDemo', { name: 'onboarding-wizard' })
      const n = (await call(s, 'steps.count', {})).count
      for (const point of [{ step: -1 }, { step: 3, phase: 1 }, { step: n - 1 }]) {
        const rows: TimelineState = await call(s, 'timeline.state', { point })
        const cols = await call(s, 'timeline.state', { point, encoding: 'columns' })
        expect(rows.rowColumns).toBeUndefined()
        expect(rows.rows.every((r) => r.changed !== undefined && r.changed !== null)).toBe(true)
        expect(cols.rows).toEqual([])
        expect(decodeColumns(cols.rowColumns!)).toEqual(rows.rows)
        expect(cols.sessions).toEqual(rows.sessions)
        for (const x of rows.sessions) expect(x.group === null || x.group?.id === x.groupId).toBe(true)
      }
      // The wizard's last step resets P44_JOB with its clear cache.
      const end = await call(s, 'timeline.state', { point: { step: n - 1 } })
      const job = end.rows.find((r) => r.item === 'P44_JOB')!
      expect(job.changed).toMatchObject({ step: n - 1 })
      expect(job.changed!.cause).toMatch(/ClearCache token 44/)
      const only = await call(s, 'timeline.state', { point: { step: n - 1 }, sessions: [job.session], encoding: 'columns' })
      expect(decodeColumns(only.rowColumns!)).toEqual(end.rows.filter((r) => r.session === job.session))
      expect((await s.dispatch('timeline.state', { point: { step: 0 }, encoding: 'binary' })).ok).toBe(false)
    } finally {
      s.close()
    }
  })

  it('workspace.summary answers what the last workspace.changed said', async () => {
    const s = new EngineService()
    try {
      const seen: unknown[] = []
      s.subscribe('workspace.changed', (p) => seen.push(p))
      expect((await call(s, 'workspace.summary', {})).steps).toBe(0)
      const opened = await call(s, 'workspace.openDemo', { name: 'session-cloning' })
      expect(await call(s, 'workspace.summary', {})).toEqual(opened)
      expect(await call(s, 'workspace.summary', {})).toEqual(seen.at(-1))
      await call(s, 'workspace.new', { use: ['demo:onboarding'], title: 'Live' })
      await call(s, 'operate', { op: { type: 'request', url: 'f?p=HR:1', as: 'A' } })
      const live = await call(s, 'workspace.summary', {})
      expect(live).toMatchObject({ title: 'Live', steps: 1, recordedOnly: false })
      expect((await s.dispatch('workspace.summary', { extra: 1 })).ok).toBe(false)
    } finally {
      s.close()
    }
  })
})
