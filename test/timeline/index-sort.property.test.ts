/**
 * The Sessions panel's sort of session indexes by creation time, then ID,
 * done in slices (timeline/index-sort.ts): equal to a plain sort by the same
 * key on any input (ties in creation time, IDs in any order), whatever the
 * slice size, and yielding as often as the work asks.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { MOVES_COUNTED_AT_ONCE, sortByCreationInSlices } from '../../src-main/timeline/index-sort.js'
import { SliceCounter, runWhole } from '../../src-main/timeline/work-slices.js'

/** Sessions as (creation time, ID) with unique IDs, as among the sessions at a point. */
const sessionsArb = fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 300 }).chain((ids) =>
  fc.tuple(fc.constant(ids), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: ids.length, maxLength: ids.length })),
)

/** A SliceCounter that also records the work done in each slice. */
class CountingSlices extends SliceCounter {
  total = 0
  longest = 0
  private current = 0
  override add(units = 1): boolean {
    this.total += units
    this.current += units
    return super.add(units)
  }
  /** The work yielded (or ended): the slice is over. */
  yielded(): void {
    this.longest = Math.max(this.longest, this.current)
    this.current = 0
  }
}

describe('sorting session indexes by creation time, then ID, in slices', () => {
  test.prop([sessionsArb, fc.integer({ min: 1, max: 64 })], { numRuns: 200 })('equals a plain sort by the same key', ([ids, times], sliceSize) => {
    const id = Float64Array.from(ids)
    const createdAt = Float64Array.from(times)
    const order = Int32Array.from(ids.keys())
    const expected = [...ids.keys()].sort((a, b) => times[a]! - times[b]! || ids[a]! - ids[b]!)
    const counter = new CountingSlices(sliceSize)
    const work = sortByCreationInSlices(order, createdAt, id, counter)
    while (!work.next().done) counter.yielded()
    counter.yielded()
    expect([...order]).toEqual(expected)
    // Every pass moves every index once (n·⌈log2 n⌉ moves); no slice runs past its size by a counted batch or more.
    expect(counter.total).toBe(ids.length < 2 ? 0 : ids.length * Math.ceil(Math.log2(ids.length)))
    expect(counter.longest).toBeLessThan(sliceSize + MOVES_COUNTED_AT_ONCE)
  })

  it('cuts a long merge into slices (a merge as long as the list is not one slice)', () => {
    const n = 10_000
    const counter = new CountingSlices(256)
    const work = sortByCreationInSlices(Int32Array.from({ length: n }, (_, i) => n - 1 - i), new Float64Array(n), Float64Array.from({ length: n }, (_, i) => i), counter)
    while (!work.next().done) counter.yielded()
    counter.yielded()
    expect(counter.longest).toBeLessThan(256 + MOVES_COUNTED_AT_ONCE)
  })

  it('sorts a subset of the columns (indexes pointing anywhere in them)', () => {
    const createdAt = Float64Array.from([5, 1, 1, 0, 9, 1])
    const id = Float64Array.from([60, 30, 20, 10, 50, 40])
    const order = Int32Array.from([4, 1, 5, 2])
    runWhole(sortByCreationInSlices(order, createdAt, id, new SliceCounter(Infinity)))
    // Creation 1 (IDs 20, 30, 40), then 9: indexes 2, 1, 5, 4.
    expect([...order]).toEqual([2, 1, 5, 4])
  })
})
