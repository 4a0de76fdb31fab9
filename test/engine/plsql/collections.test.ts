import { describe, expect, test } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { MemoryCollectionStore, apexCollectionsRows, APEX_COLLECTIONS_COLUMNS } from '../../../src-main/engine/plsql'

describe('MemoryCollectionStore', () => {
  test('a clone is independent of its original (session clone semantics)', () => {
    const a = new MemoryCollectionStore()
    a.create('C')
    a.addMember('C', { C001: 'one' })
    const b = a.clone()
    b.addMember('C', { C001: 'two' })
    b.updateMemberAttribute('C', 1, 'C001', 'changed')
    expect(a.all()).toEqual([{ name: 'C', members: [{ seq: 1, values: { C001: 'one' } }] }])
    expect(b.memberCount('C')).toBe(2)
  })

  test('move up/down swap sequence IDs with the neighbour; the ends stay put', () => {
    const s = new MemoryCollectionStore()
    s.create('C')
    for (const v of ['a', 'b', 'c']) s.addMember('C', { C001: v })
    s.moveMemberUp('C', 3) // a b c → a c b
    s.moveMemberUp('C', 1) // first: unchanged
    s.moveMemberDown('C', 3) // seq 3 is now b: last, unchanged
    expect(s.all()[0]?.members.map((m) => m.values.C001)).toEqual(['a', 'c', 'b'])
  })

  test('errors name the collection or member', () => {
    const s = new MemoryCollectionStore()
    expect(() => s.addMember('nope', {})).toThrow(/Collection NOPE does not exist/)
    s.create('C')
    expect(() => s.deleteMember('C', 9)).toThrow(/Member 9 does not exist in collection C/)
    expect(() => s.addMember('C', { C051: 'x' })).toThrow(/Invalid attribute/)
  })

  test('the APEX_COLLECTIONS rows follow the view column order', () => {
    const s = new MemoryCollectionStore()
    s.create('C')
    s.addMember('C', { C002: 'b', N001: 5 })
    const [row] = apexCollectionsRows(s)
    expect(row?.[APEX_COLLECTIONS_COLUMNS.indexOf('COLLECTION_NAME')]).toBe('C')
    expect(row?.[APEX_COLLECTIONS_COLUMNS.indexOf('SEQ_ID')]).toBe(1)
    expect(row?.[APEX_COLLECTIONS_COLUMNS.indexOf('C002')]).toBe('b')
    expect(row?.[APEX_COLLECTIONS_COLUMNS.indexOf('N001')]).toBe(5)
    expect(row?.length).toBe(APEX_COLLECTIONS_COLUMNS.length)
  })

  fcTest.prop([fc.array(fc.constantFrom('add', 'delete', 'up', 'down', 'reseq'), { maxLength: 40 })])('sequence IDs stay unique through any operations', (ops) => {
    const s = new MemoryCollectionStore()
    s.create('C')
    let n = 0
    for (const op of ops) {
      const seqs = s.all()[0]?.members.map((m) => m.seq) ?? []
      const some = seqs[n % Math.max(1, seqs.length)]
      n++
      if (op === 'add') s.addMember('C', { C001: String(n) })
      else if (some === undefined) continue
      else if (op === 'delete') s.deleteMember('C', some)
      else if (op === 'up') s.moveMemberUp('C', some)
      else if (op === 'down') s.moveMemberDown('C', some)
      else s.resequence('C')
    }
    const seqs = s.all()[0]?.members.map((m) => m.seq) ?? []
    expect(new Set(seqs).size).toBe(seqs.length)
  })
})
