/**
 * SqliteStore.persist passes over a step that writes nothing to the store
 * (only notices, warnings and app-database rows): what it must never pass
 * over is a step with one stored effect among those, or engine metadata.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Effect } from '../../../src-main/engine/model/effect.js'
import { SqliteStore } from '../../../src-main/engine/store/sqlite-store.js'

const notice: Effect = { op: 'notice', message: 'fetched', code: 'formFetch' }
const warning: Effect = { op: 'warning', message: 'careful' }
const row: Effect = { op: 'row', app: 100, table: 'EMP', key: '1', change: 'insert', from: null, to: { EMPNO: 1 }, cause: 'DML' } as Effect
const set = (item: string, to: string): Effect => ({ op: 'set', session: 7, app: 100, page: 2, item, from: null, fromStatus: null, to, toStatus: 'I', cause: 'posted value' })

let store: SqliteStore
afterEach(() => store.close())

describe('SqliteStore.persist', () => {
  it('writes a stored effect wherever it sits among effects the store passes over', () => {
    store = new SqliteStore()
    store.persist([notice, row, warning, set('P2_A', 'x')])
    store.persist([set('P2_B', 'y'), notice])
    store.persist([notice, warning, row])
    const rows = store.load().snapshot().rows.map((r) => [r.item, r.value])
    expect(rows).toEqual([
      ['P2_A', 'x'],
      ['P2_B', 'y'],
    ])
  })

  it('writes metadata given with a step that has no stored effect', () => {
    store = new SqliteStore()
    store.persist([notice], { clock: '42' })
    expect(store.getMeta('clock')).toBe('42')
  })
})
