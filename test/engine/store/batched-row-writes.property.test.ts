/**
 * SqliteStore.persist writes a step's state rows in multi-row statements, and
 * a step that is one such statement without a transaction of its own. The
 * reference here is the plain way: every effect as its own STORE_SQL statement,
 * one transaction per step. Both must leave the same tables and load back the
 * same SessionState, whatever the steps hold: rows written twice in a step,
 * deleted between two writes, more rows than one statement takes, session and
 * user writes between them, metadata, notices.
 */
import type Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type { Effect, SessionRecord } from '../../../src-main/engine/model/effect.js'
import type { RowStatus } from '../../../src-main/engine/model/values.js'
import { APP_ITEM_PAGE } from '../../../src-main/engine/model/values.js'
import { MAX_ROWS_PER_PUT, STORE_SQL, SqliteStore } from '../../../src-main/engine/store/sqlite-store.js'

/** The plain writer: each effect its own statement, the step in one transaction (the store before batching). */
class PlainWriter {
  readonly store = new SqliteStore()
  private readonly stmts: Record<keyof typeof STORE_SQL, Database.Statement>
  private seq = 1
  private readonly tx: (effects: readonly Effect[], meta: Record<string, string>) => void

  constructor() {
    const db = this.store.db
    this.stmts = Object.fromEntries(Object.entries(STORE_SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<keyof typeof STORE_SQL, Database.Statement>
    this.tx = db.transaction((effects: readonly Effect[], meta: Record<string, string>) => {
      const s = this.stmts
      for (const e of effects) {
        if (e.op === 'set') {
          if (e.toStatus === null) s.deleteRow.run(e.session, e.app, e.page ?? APP_ITEM_PAGE, e.item)
          else s.upsertRow.run(e.session, e.app, e.page ?? APP_ITEM_PAGE, e.item, e.to, e.toStatus)
        } else if (e.op === 'userSet') {
          if (e.to === null) s.deleteUser.run(e.user, e.app, e.item)
          else s.upsertUser.run(e.user, e.app, e.item, e.to)
        } else if (e.op === 'session') {
          const r = e.to!
          s.upsertSession.run(r.id, r.alias, r.user, r.createdAt, r.groupId, JSON.stringify(r.apps), r.currentApp, r.currentPage, r.ended, r.endedAt, this.seq++)
        }
      }
      for (const k in meta) s.setMeta.run(k, meta[k])
    })
  }

  persist(effects: readonly Effect[], meta: Record<string, string>): void {
    this.tx(effects, meta)
  }
}

const SESSIONS = [11, 12]
const ITEMS = ['P1_A', 'P1_B', 'P1_C', 'G_X']

const setEffect = fc
  .record({
    session: fc.constantFrom(...SESSIONS),
    app: fc.constantFrom(100, 200),
    page: fc.constantFrom(1, null),
    item: fc.constantFrom(...ITEMS),
    to: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
    toStatus: fc.constantFrom<RowStatus | null>('I', 'U', 'R', null),
  })
  .map((r): Effect => ({ op: 'set', ...r, from: null, fromStatus: null, cause: 'test' }))

const otherEffect = fc.oneof(
  fc.constant<Effect>({ op: 'notice', message: 'n' }),
  fc.constant<Effect>({ op: 'row', app: 100, table: 'EMP', key: '1', change: 'insert', from: null, to: { EMPNO: 1 }, cause: 'DML' } as Effect),
  fc
    .record({ user: fc.constantFrom('ANN', 'BOB'), item: fc.constantFrom(...ITEMS), to: fc.option(fc.string({ maxLength: 4 }), { nil: null }) })
    .map((r): Effect => ({ op: 'userSet', user: r.user, app: 100, item: r.item, from: null, to: r.to, cause: 'test' }) as Effect),
  fc.record({ id: fc.constantFrom(...SESSIONS), page: fc.integer({ min: 1, max: 3 }) }).map((r): Effect => {
    const rec: SessionRecord = { id: r.id, alias: null, user: 'ANN', createdAt: 0, groupId: r.id, apps: [100], currentApp: 100, currentPage: r.page, ended: null, endedAt: null }
    return { op: 'session', event: 'pageShown', session: r.id, from: null, to: rec, cause: 'test' } as Effect
  }),
)

/** Steps of mostly state rows, sometimes more than one statement holds, sometimes with other writes or metadata. */
const steps = fc.array(
  fc.record({
    effects: fc.array(fc.oneof({ arbitrary: setEffect, weight: 4 }, { arbitrary: otherEffect, weight: 1 }), { maxLength: MAX_ROWS_PER_PUT * 2 + 3 }),
    meta: fc.option(fc.constantFrom<Record<string, string>>({ clock: '5' }, { idState: 'x' }), { nil: undefined }),
  }),
  { maxLength: 12 },
)

function tables(db: Database.Database): unknown {
  return {
    state: db.prepare('SELECT * FROM state ORDER BY session, app, page, item').all(),
    user: db.prepare('SELECT * FROM user_state ORDER BY user, app, item').all(),
    sessions: db.prepare('SELECT * FROM sessions ORDER BY id').all(),
    meta: db.prepare('SELECT * FROM meta ORDER BY key').all(),
  }
}

const open: SqliteStore[] = []
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})

describe('SqliteStore.persist: batched row writes', () => {
  it('leaves the tables and the loaded state the plain writer leaves', () => {
    fc.assert(
      fc.property(steps, (stepList) => {
        const store = new SqliteStore()
        const plain = new PlainWriter()
        open.push(store, plain.store)
        for (const { effects, meta } of stepList) {
          store.persist(effects, meta ?? {})
          plain.persist(effects, meta ?? {})
        }
        expect(tables(store.db)).toEqual(tables(plain.store.db))
        expect(store.load().snapshot()).toEqual(plain.store.load().snapshot())
      }),
      { numRuns: 300 },
    )
  })

  it('writes a key written twice in one step with its later value', () => {
    const store = new SqliteStore()
    open.push(store)
    const set = (item: string, to: string, toStatus: RowStatus): Effect => ({ op: 'set', session: 7, app: 100, page: 2, item, from: null, fromStatus: null, to, toStatus, cause: 't' })
    store.persist([set('P2_A', 'first', 'I'), set('P2_B', 'b', 'I'), set('P2_A', 'second', 'U')])
    expect(store.db.prepare('SELECT item, value, status FROM state ORDER BY item').all()).toEqual([
      { item: 'P2_A', value: 'second', status: 'U' },
      { item: 'P2_B', value: 'b', status: 'I' },
    ])
  })

  it('a step that fails writes none of its rows, and leaves none waiting for the next step', () => {
    const store = new SqliteStore()
    open.push(store)
    const set = (item: string, toStatus: string): Effect => ({ op: 'set', session: 7, app: 100, page: 2, item, from: null, fromStatus: null, to: 'v', toStatus, cause: 't' }) as Effect
    // 'X' breaks the status CHECK: in the one-statement path and in the transaction path (a user row too).
    expect(() => store.persist([set('P2_A', 'I'), set('P2_B', 'X')])).toThrow(/CHECK/)
    const user: Effect = { op: 'userSet', user: 'ANN', app: 100, item: 'P2_U', from: null, to: 'u', cause: 't' } as Effect
    expect(() => store.persist([set('P2_C', 'I'), user, set('P2_D', 'X')])).toThrow(/CHECK/)
    store.persist([set('P2_E', 'I')])
    expect(store.db.prepare('SELECT item FROM state').all()).toEqual([{ item: 'P2_E' }])
    expect(store.db.prepare('SELECT count(*) AS n FROM user_state').get()).toEqual({ n: 0 })
  })
})
