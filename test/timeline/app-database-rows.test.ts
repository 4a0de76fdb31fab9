/**
 * The app database's rows (`op: 'row'` effects, issue #11) on the timeline:
 * for random sequences of inserts, updates and deletes with consistent
 * before/after images, hung on the steps of an engine trace, the tables at
 * random points — visited in random order, so the row cursor moves forward,
 * backward and restarts, across checkpoints — equal a brute-force replay of
 * the row effects up to there; the diff of two points equals the difference
 * of two replays; a reopened timeline (byte parts) answers the same; and a
 * before-image that does not match the row is refused.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import type { Effect, RowEffect, RowImage } from '../../src-main/engine/model/effect.js'
import type { Step } from '../../src-main/engine/model/step.js'
import { deserializeTimeline, serializeTimeline } from '../../src-main/timeline/persist.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { chainsOf, engineTrace } from './helpers.js'

const base = engineTrace(31, 10, 2).steps

interface Command {
  app: number
  table: string
  kind: 'insert' | 'update' | 'delete'
  pick: number
  value: string | number | null
}

const commandArb: fc.Arbitrary<Command> = fc.record({
  app: fc.constantFrom(100, 101),
  table: fc.constantFrom('EMP', 'DEPT'),
  kind: fc.constantFrom('insert' as const, 'update' as const, 'delete' as const),
  pick: fc.nat(50),
  value: fc.oneof(fc.string({ maxLength: 4 }), fc.integer({ min: -5, max: 500 }), fc.constant(null)),
})

/** Row effects with consistent images: the generator keeps its own model of the rows (by app/table), keys are rowids that only grow. */
function rowEffectsOf(perStep: Command[][]): RowEffect[][] {
  const model = new Map<string, Map<string, RowImage>>()
  let nextId = 1
  return perStep.map((cmds) =>
    cmds.map((cmd): RowEffect | null => {
      const name = `${cmd.app}/${cmd.table}`
      let rows = model.get(name)
      if (!rows) model.set(name, (rows = new Map()))
      const keys = [...rows.keys()]
      const common = { op: 'row' as const, app: cmd.app, table: cmd.table, cause: `process ${cmd.kind}` }
      if (cmd.kind === 'insert' || keys.length === 0) {
        const key = String(nextId++)
        const to: RowImage = { ID: Number(key), NAME: cmd.value }
        rows.set(key, to)
        return { ...common, key, change: 'insert', from: null, to }
      }
      const key = keys[cmd.pick % keys.length]!
      const from = rows.get(key)!
      if (cmd.kind === 'delete') {
        rows.delete(key)
        return { ...common, key, change: 'delete', from, to: null }
      }
      const to: RowImage = { ...from, NAME: cmd.value }
      rows.set(key, to)
      return { ...common, key, change: 'update', from, to }
    }).filter((e): e is RowEffect => e !== null),
  )
}

function withRows(rowEffects: RowEffect[][]): Step[] {
  return base.map((s, i) => ({ ...s, effects: [...s.effects, ...(rowEffects[i] ?? [])] }))
}

/** Brute force: the database after steps 0..step, replayed from nothing, as `app/table` → key → image. */
function replay(rowEffects: RowEffect[][], step: number): Map<string, Map<string, RowImage>> {
  const db = new Map<string, Map<string, RowImage>>()
  for (let s = 0; s <= step; s++) {
    for (const e of rowEffects[s] ?? []) {
      const name = `${e.app}/${e.table}`
      if (!db.has(name)) db.set(name, new Map())
      if (e.to === null) db.get(name)!.delete(e.key)
      else db.get(name)!.set(e.key, e.to)
    }
  }
  return db
}

/** What timeline.state should say for the database tables: touched tables, rows by numeric key, numbers as text. */
function expectedTables(db: Map<string, Map<string, RowImage>>) {
  return [...db]
    .map(([name, rows]) => {
      const [app, table] = name.split('/') as [string, string]
      const keys = [...rows.keys()].sort((a, b) => Number(a) - Number(b))
      return { app: Number(app), table, source: 'database', keys, rows: keys.map((k) => Object.fromEntries(Object.entries(rows.get(k)!).map(([c, v]) => [c, typeof v === 'number' ? String(v) : v]))) }
    })
    .sort((a, b) => a.app - b.app || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0))
}

function expectedDiff(a: Map<string, Map<string, RowImage>>, b: Map<string, Map<string, RowImage>>) {
  const out: { app: number; table: string; key: string; before: RowImage | null; after: RowImage | null }[] = []
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const [app, table] = name.split('/') as [string, string]
    const ra = a.get(name) ?? new Map<string, RowImage>()
    const rb = b.get(name) ?? new Map<string, RowImage>()
    for (const key of new Set([...ra.keys(), ...rb.keys()])) {
      const before = ra.get(key) ?? null
      const after = rb.get(key) ?? null
      if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ app: Number(app), table, key, before, after })
    }
  }
  return out.sort((x, y) => x.app - y.app || (x.table < y.table ? -1 : x.table > y.table ? 1 : 0) || Number(x.key) - Number(y.key))
}

function timelineWith(steps: Step[], every: number): Timeline {
  const tl = new Timeline({ checkpointEvery: every })
  for (const chain of chainsOf(steps)) tl.appendEvent(chain)
  return tl
}

const databaseTables = (tl: Timeline, step: number) => tl.stateAt({ step }, { changes: false }).tables.filter((t) => t.source === 'database')

describe('app database rows on the timeline', () => {
  test.prop(
    [
      fc.array(fc.array(commandArb, { maxLength: 4 }), { minLength: base.length, maxLength: base.length }),
      fc.array(fc.integer({ min: -1, max: base.length - 1 }), { minLength: 1, maxLength: 12 }),
      fc.constantFrom(1, 2, 5),
    ],
    { numRuns: 40 },
  )('tables at random points and diffs between them equal a brute-force replay', (commands, points, every) => {
    const rowEffects = rowEffectsOf(commands)
    const tl = timelineWith(withRows(rowEffects), every)
    for (const step of points) expect(databaseTables(tl, step), `step ${step}`).toEqual(expectedTables(replay(rowEffects, step)))
    for (let j = 1; j < points.length; j++) {
      const [a, b] = [points[j - 1]!, points[j]!]
      expect(tl.diff({ step: a }, { step: b }).tableRows ?? [], `diff ${a} → ${b}`).toEqual(expectedDiff(replay(rowEffects, a), replay(rowEffects, b)))
    }
  })

  it('a reopened timeline (byte parts) answers the same tables, and row effects come back as written', () => {
    const rowEffects = rowEffectsOf(base.map((_, i) => [{ app: 100, table: 'EMP', kind: 'insert', pick: 0, value: `N${i}` }, { app: 100, table: 'EMP', kind: i % 3 === 2 ? 'delete' : 'update', pick: i, value: i }]))
    const steps = withRows(rowEffects)
    const tl = timelineWith(steps, 2)
    const restored = new Timeline(deserializeTimeline(serializeTimeline(tl.cols), tl.cols.events))
    for (let s = base.length - 1; s >= -1; s--) {
      expect(databaseTables(restored, s)).toEqual(expectedTables(replay(rowEffects, s)))
      expect(restored.stateAt({ step: s })).toEqual(tl.stateAt({ step: s }))
    }
    const last = steps[3]!
    const first = tl.cols.stepFirstEffect.get(3)
    expect(tl.cols.effect(first + last.effects.length - 1)).toEqual(last.effects[last.effects.length - 1])
    // Appending to the reopened timeline checks against its rows too.
    const present = databaseTables(restored, base.length - 1)[0]!.keys![0]!
    const again = { op: 'row', app: 100, table: 'EMP', key: present, change: 'insert', from: null, to: { ID: 0, NAME: 'again' }, cause: 'x' } as Effect
    const extra: Step = { ...base[base.length - 1]!, index: base.length, effects: [again] }
    delete extra.causedBy
    expect(() => restored.appendEvent([extra])).toThrow(new RegExp(`row EMP\\[${present}\\] insert: the row is`))
  })

  it('search finds a value written into a row image', () => {
    const rowEffects = rowEffectsOf([[{ app: 100, table: 'EMP', kind: 'insert', pick: 0, value: 'ZEBRAFISH' }], [{ app: 100, table: 'EMP', kind: 'update', pick: 0, value: 'x' }]])
    const tl = timelineWith(withRows(rowEffects), 3)
    const found = tl.search('zebrafish')
    expect(found.total).toBe(1)
    expect(found.hits[0]).toMatchObject({ step: 0, app: 100, item: 'EMP[1].NAME', value: 'ZEBRAFISH', row: { table: 'EMP', key: '1', column: 'NAME' } })
    // Column names and the image's punctuation are not values.
    const plain = timelineWith(base, 3)
    for (const q of ['NAME', '"ID":']) expect(tl.search(q).total, q).toBe(plain.search(q).total)
  })

  it('a before-image that does not match the row is refused, naming the effect', () => {
    const good = rowEffectsOf([[{ app: 100, table: 'EMP', kind: 'insert', pick: 0, value: 'A' }]])[0]!
    const wrong = { ...good[0]!, change: 'update', from: { ID: 1, NAME: 'B' }, to: { ID: 1, NAME: 'C' } } as RowEffect
    const steps = [{ ...base[0]!, effects: [...base[0]!.effects, good[0]!, wrong] }]
    const tl = new Timeline()
    expect(() => tl.appendEvent(steps)).toThrow(new RegExp(`effect #${base[0]!.effects.length + 1}: row EMP\\[1\\] update: the row is`))
    expect(tl.stepCount).toBe(0)
  })
})
