/**
 * "Why" and breakpoints on app database rows (issue #11): for random inserts,
 * updates and deletes hung on the steps of an engine trace — some at the start
 * of a step (inside its first phase), some after its phases — `whyRow` at every
 * point and `findBreakpoint` with row breakpoints (table, row, column), forward
 * and backward from every point, equal a brute force over the steps' effects.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import type { Effect, RowEffect, RowImage } from '../../src-main/engine/model/effect.js'
import type { Step } from '../../src-main/engine/model/step.js'
import { findBreakpoint } from '../../src-main/timeline/breakpoints.js'
import type { BreakpointSpec } from '../../src-main/timeline/breakpoints.js'
import { whyRow } from '../../src-main/timeline/row-why.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { allPoints, chainsOf, engineTrace, phaseOf } from './helpers.js'

const base = engineTrace(47, 12, 2).steps

interface Command {
  table: 'EMP' | 'DEPT'
  kind: 'insert' | 'update' | 'delete'
  pick: number
  column: 'NAME' | 'SAL'
  value: string | null
  front: boolean
}

const commandArb: fc.Arbitrary<Command> = fc.record({
  table: fc.constantFrom('EMP' as const, 'DEPT' as const),
  kind: fc.constantFrom('insert' as const, 'update' as const, 'delete' as const),
  pick: fc.nat(20),
  column: fc.constantFrom('NAME' as const, 'SAL' as const),
  // Few values, so that an update often leaves a column as it was.
  value: fc.constantFrom('a', 'b', null),
  front: fc.boolean(),
})

/** The steps with row effects put in: `front` ones at the start of the step (its first phase grows), the rest at the end. */
function withRows(perStep: Command[][]): Step[] {
  const model = new Map<string, Map<string, RowImage>>()
  let nextId = 1
  return base.map((s, si) => {
    const front: Effect[] = []
    const back: Effect[] = []
    for (const cmd of perStep[si] ?? []) {
      let rows = model.get(cmd.table)
      if (!rows) model.set(cmd.table, (rows = new Map()))
      const keys = [...rows.keys()]
      const common = { op: 'row' as const, app: 100, table: cmd.table, cause: `process ${cmd.kind} ${cmd.table}` }
      let e: RowEffect
      if (cmd.kind === 'insert' || keys.length === 0) {
        const key = String(nextId++)
        const to: RowImage = { ID: Number(key), NAME: cmd.value, SAL: 1 }
        rows.set(key, to)
        e = { ...common, key, change: 'insert', from: null, to }
      } else {
        const key = keys[cmd.pick % keys.length]!
        const from = rows.get(key)!
        if (cmd.kind === 'delete') {
          rows.delete(key)
          e = { ...common, key, change: 'delete', from, to: null }
        } else {
          const to: RowImage = { ...from, [cmd.column]: cmd.column === 'SAL' ? (cmd.value === null ? null : cmd.value.length) : cmd.value }
          rows.set(key, to)
          e = { ...common, key, change: 'update', from, to }
        }
      }
      // Effects keep their order within a step (the images chain); only a leading run can go to the front.
      if (cmd.front && back.length === 0 && s.phases.length > 0) front.push(e)
      else back.push(e)
    }
    const k = front.length
    const phases = s.phases.map((p, j) => ({ ...p, start: j === 0 ? p.start : p.start + k, end: p.end + k }))
    return { ...s, phases, effects: [...front, ...s.effects, ...back] }
  })
}

function timelineOf(steps: Step[]): Timeline {
  const tl = new Timeline({ checkpointEvery: 3 })
  for (const chain of chainsOf(steps)) tl.appendEvent(chain)
  return tl
}

type RowBp = Extract<BreakpointSpec, { kind: 'rowChanges' }>

/** Whether a row effect touches the breakpoint's target, by the definition (a column counts when its value differs; insert/delete change every column). */
function touches(e: RowEffect, bp: RowBp): boolean {
  if (e.table !== bp.table || (bp.app !== undefined && e.app !== bp.app) || (bp.key !== undefined && e.key !== bp.key)) return false
  if (bp.column === undefined) return true
  if (e.from === null || e.to === null) return true
  return e.from[bp.column] !== e.to[bp.column]
}

interface Hit {
  step: number
  phase: number
  bp: number
}

function refHits(steps: readonly Step[], bps: RowBp[]): Hit[] {
  const hits: Hit[] = []
  for (const step of steps)
    step.effects.forEach((e, rel) => {
      if (e.op !== 'row') return
      bps.forEach((bp, i) => {
        if (!touches(e as RowEffect, bp)) return
        const ph = phaseOf(step, rel)
        hits.push({ step: step.index, phase: ph < 0 ? Infinity : ph, bp: i })
      })
    })
  return hits
}

/** As in queries.property.test.ts: the nearest hit strictly after (before) the point; at one place, the breakpoint listed first. */
function refFind(steps: readonly Step[], bps: RowBp[], from: { step: number; phase: number | null }, dir: 'forward' | 'backward'): Hit | null {
  const n = (s: number) => steps[s]?.phases.length ?? 0
  const ord = (s: number, k: number) => (s < 0 ? [-1, Infinity] : [s, k >= n(s) - 1 ? Infinity : k]) as [number, number]
  const [fs, fk] = ord(from.step, from.phase ?? Infinity)
  const cmp = (a: [number, number], b: [number, number]) => a[0] - b[0] || (a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1)
  let best: Hit | null = null
  for (const h of refHits(steps, bps)) {
    const c = cmp(ord(h.step, h.phase), [fs, fk])
    if (dir === 'forward' ? c <= 0 : c >= 0) continue
    if (!best) best = h
    else {
      const d = h.step - best.step || (h.phase === best.phase ? 0 : h.phase < best.phase ? -1 : 1)
      if (dir === 'forward' ? d < 0 : d > 0) best = h
    }
  }
  return best
}

/** The last row effect touching the target among the first `pos` effects: step, phase, change. */
function refWhy(steps: readonly Step[], pos: number, bp: RowBp) {
  let left = pos
  let found: { step: number; phase: number | null; change: string; before: RowImage | null; after: RowImage | null } | null = null
  for (const step of steps) {
    step.effects.forEach((e, rel) => {
      if (rel >= left || e.op !== 'row' || !touches(e as RowEffect, bp)) return
      const ph = phaseOf(step, rel)
      const r = e as RowEffect
      found = { step: step.index, phase: ph < 0 ? null : ph, change: r.change, before: r.from, after: r.to }
    })
    left -= step.effects.length
    if (left <= 0) break
  }
  return found
}

const rowBpArb: fc.Arbitrary<RowBp> = fc.record(
  {
    kind: fc.constant('rowChanges' as const),
    table: fc.constantFrom('EMP', 'DEPT', 'NONE'),
    app: fc.constantFrom(100, 101),
    key: fc.constantFrom('1', '2', '3', '4', '99'),
    column: fc.constantFrom('NAME', 'SAL', 'ID'),
  },
  { requiredKeys: ['kind', 'table'] },
)

const commandsArb = fc.array(fc.array(commandArb, { maxLength: 4 }), { minLength: base.length, maxLength: base.length })

describe('row breakpoints and whyRow', () => {
  test.prop([commandsArb, fc.array(rowBpArb, { minLength: 1, maxLength: 3 })], { numRuns: 40 })('findBreakpoint with row breakpoints vs brute force, forward and backward from every point', (commands, bps) => {
    const steps = withRows(commands)
    const tl = timelineOf(steps)
    for (const p of allPoints(steps)) {
      for (const dir of ['forward', 'backward'] as const) {
        const want = refFind(steps, bps, p, dir)
        const got = findBreakpoint(tl, p, dir, bps)
        const norm = got ? { step: got.point.step, phase: got.point.phase ?? Infinity, bp: got.breakpoint } : null
        expect(norm, `${dir} from ${p.step}/${p.phase} with ${JSON.stringify(bps)}`).toEqual(want)
      }
    }
  })

  test.prop([commandsArb, rowBpArb.filter((b) => b.key !== undefined)], { numRuns: 40 })('whyRow at every point vs brute force', (commands, bp) => {
    const steps = withRows(commands)
    const tl = timelineOf(steps)
    for (const p of allPoints(steps)) {
      const got = whyRow(tl, p, { table: bp.table, key: bp.key!, ...(bp.app !== undefined ? { app: bp.app } : {}), ...(bp.column !== undefined ? { column: bp.column } : {}) })
      const want = refWhy(steps, p.pos, bp)
      expect(got && { step: got.step, phase: got.phase, change: got.change, before: got.before, after: got.after }, `at ${p.step}/${p.phase} ${JSON.stringify(bp)}`).toEqual(want)
    }
  })

  it('a row breakpoint mixed with item breakpoints: the nearer wins, and the reason names the row, its change and columns', () => {
    const steps = withRows(base.map((_, i) => (i === 4 ? [{ table: 'EMP', kind: 'insert', pick: 0, column: 'NAME', value: 'a', front: false }] : i === 6 ? [{ table: 'EMP', kind: 'update', pick: 0, column: 'SAL', value: 'bb', front: false }] : [])))
    const tl = timelineOf(steps)
    const hit = findBreakpoint(tl, { step: 4 }, 'forward', [{ kind: 'rowChanges', table: 'emp', key: '1' }])
    expect(hit).toEqual({ point: { step: 6, phase: null }, reason: 'step 6: row EMP[1] updated (SAL) (process update EMP)', breakpoint: 0 })
    // Backward from the end: the update; from step 5 backward: the insert.
    expect(findBreakpoint(tl, { step: 5 }, 'backward', [{ kind: 'rowChanges', table: 'EMP', column: 'NAME' }])?.reason).toBe('step 4: row EMP[1] inserted (NAME) (process insert EMP)')
    // The update left NAME alone: a NAME breakpoint does not stop there.
    expect(findBreakpoint(tl, { step: 4 }, 'forward', [{ kind: 'rowChanges', table: 'EMP', column: 'NAME' }])).toBeNull()
    const why = whyRow(tl, { step: 9 }, { app: 100, table: 'EMP', key: '1', column: 'NAME' })
    expect(why).toMatchObject({ step: 4, change: 'insert', before: null, after: { ID: 1, NAME: 'a', SAL: 1 }, columns: ['ID', 'NAME', 'SAL'], cause: 'process insert EMP' })
    expect(whyRow(tl, { step: 9 }, { app: 100, table: 'EMP', key: '1' })).toMatchObject({ step: 6, change: 'update', columns: ['SAL'] })
    expect(whyRow(tl, { step: 3 }, { app: 100, table: 'EMP', key: '1' })).toBeNull()
  })

  it('two row breakpoints hitting the same place: backward, as forward, the one whose change came first wins', () => {
    const cmd = (table: 'EMP' | 'DEPT', kind: 'insert' | 'update'): Command => ({ table, kind, pick: 0, column: 'NAME', value: 'b', front: false })
    // EMP changes first and last in step 2, DEPT in between: EMP's first change decides, in either direction.
    const steps = withRows(base.map((_, i) => (i === 2 ? [cmd('EMP', 'insert'), cmd('DEPT', 'insert'), cmd('EMP', 'update')] : [])))
    const tl = timelineOf(steps)
    const bps: BreakpointSpec[] = [{ kind: 'rowChanges', table: 'DEPT' }, { kind: 'rowChanges', table: 'EMP' }]
    expect(findBreakpoint(tl, { step: 1 }, 'forward', bps)?.breakpoint).toBe(1)
    expect(findBreakpoint(tl, { step: 5 }, 'backward', bps)?.breakpoint).toBe(1)
  })
})
