/**
 * render-page keeps an item's records (itemRecords) per item definition. Kept
 * or not, the answer must be itemRecords' for the item as it is now, also
 * after the definition is edited in place: a record replaced, its role or kind
 * changed, records added to or removed from moreNotSimulated.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { itemRecords } from '../../../src-main/engine/logic/component-records.js'
import type { PageItem } from '../../../src-main/engine/model/app-definition.js'
import { recordsOf } from '../../../src-main/engine/runtime/render-page.js'

const role = fc.constantFrom(undefined, 'source', 'default', 'postComputation', 'other')
const record = fc.record({ kind: fc.constantFrom<unknown>('SQL query', 'PL/SQL', 7), text: fc.constant('select 1 from dual'), role })
const recordOrNot = fc.oneof({ arbitrary: record, weight: 4 }, { arbitrary: fc.constant(undefined), weight: 1 })

type Edit =
  | { op: 'replaceFirst'; r: object | undefined }
  | { op: 'setRole'; at: number; role: string | undefined }
  | { op: 'setKind'; at: number; kind: unknown }
  | { op: 'push'; r: object }
  | { op: 'pop' }
  | { op: 'replaceMore'; list: object[] | undefined }

const edit: fc.Arbitrary<Edit> = fc.oneof(
  recordOrNot.map((r): Edit => ({ op: 'replaceFirst', r })),
  fc.record({ at: fc.nat(4), role }).map(({ at, role }): Edit => ({ op: 'setRole', at, role })),
  fc.record({ at: fc.nat(4), kind: fc.constantFrom<unknown>('SQL query', 3) }).map(({ at, kind }): Edit => ({ op: 'setKind', at, kind })),
  record.map((r): Edit => ({ op: 'push', r })),
  fc.constant<Edit>({ op: 'pop' }),
  fc.option(fc.array(record, { maxLength: 3 }), { nil: undefined }).map((list): Edit => ({ op: 'replaceMore', list })),
)

/** The item's records as a list: the first, then moreNotSimulated's. */
function recordAt(item: Record<string, unknown>, at: number): Record<string, unknown> | undefined {
  const all = [item.notSimulated, ...((item.moreNotSimulated as unknown[] | undefined) ?? [])]
  const r = all[at % Math.max(1, all.length)]
  return typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : undefined
}

function apply(item: Record<string, unknown>, e: Edit): void {
  switch (e.op) {
    case 'replaceFirst':
      item.notSimulated = e.r
      return
    case 'setRole': {
      const r = recordAt(item, e.at)
      if (r) r.role = e.role
      return
    }
    case 'setKind': {
      const r = recordAt(item, e.at)
      if (r) r.kind = e.kind
      return
    }
    case 'push':
      ;((item.moreNotSimulated ??= []) as unknown[]).push(e.r)
      return
    case 'pop':
      ;(item.moreNotSimulated as unknown[] | undefined)?.pop()
      return
    case 'replaceMore':
      item.moreNotSimulated = e.list
      return
  }
}

function expectSame(item: PageItem): void {
  const kept = recordsOf(item)
  const fresh = itemRecords(item)
  expect(Object.keys(kept).sort()).toEqual(Object.keys(fresh).sort())
  for (const k of ['source', 'default', 'postComputation'] as const) expect(kept[k]).toBe(fresh[k])
}

describe('render-page: an item’s records kept per definition', () => {
  it('answer as itemRecords does for the item as it is now, through edits in place', () => {
    fc.assert(
      fc.property(recordOrNot, fc.option(fc.array(record, { maxLength: 3 }), { nil: undefined }), fc.array(edit, { maxLength: 8 }), (first, more, edits) => {
        const item: Record<string, unknown> = { name: 'P1_X', notSimulated: first }
        if (more !== undefined) item.moreNotSimulated = more
        expectSame(item as unknown as PageItem)
        for (const e of edits) {
          apply(item, e)
          expectSame(item as unknown as PageItem)
          // Asked twice: the second answer is the kept one.
          expectSame(item as unknown as PageItem)
        }
      }),
      { numRuns: 400 },
    )
  })
})
