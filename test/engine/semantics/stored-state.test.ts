/**
 * semantics.md §2 Stored state: rows and statuses, storage kinds (request,
 * session, user), application item scope, and the end-of-request commit.
 */
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Engine } from '../../../src-main/engine/engine.js'
import { SqliteStore } from '../../../src-main/engine/store/sqlite-store.js'
import {
  cell,
  idOf,
  makeEngine,
  notices,
  only,
  rowOf,
  rowsNamed,
  sets,
  show,
  tempDir,
  userSets,
  userValue,
  valueOf,
} from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'
import { hrApp, otherApp } from '../helpers/fixtures.js'

/** Page 5: items of each storage written by computations at render time. */
function storageApp(): App {
  const app = hrApp()
  app.items!.push({ name: 'A_USER_PREF', storage: 'user' })
  app.pages.push({
    id: 5,
    name: 'Computed',
    items: [
      { name: 'P5_REQ', storage: 'request' },
      { name: 'P5_SES' },
      { name: 'P5_USR', storage: 'user' },
      { name: 'P5_SEEN_REQ', source: ':P5_REQ', sourceUsed: 'always' },
    ],
    computations: [
      { point: 'beforeHeader', item: 'P5_REQ', expression: "'r-' || :APP_PAGE_ID" },
      { point: 'beforeHeader', item: 'P5_SES', expression: "'s'" },
      { point: 'beforeHeader', item: 'P5_USR', expression: "'u'" },
    ],
  })
  return app
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('§2 rows and statuses', () => {
  it('§2 one row per (session, app, page or none for application items, item) holding value and status', () => {
    const engine = makeEngine([hrApp(), otherApp()])
    show(engine, 'f?p=100:1:::::P1_X,A_ONI_COUNT:x,5', { as: 'A' })
    const a = idOf(engine, 'A')
    show(engine, `f?p=200:1:${a}::::Q1_X:q`)
    engine.run({ type: 'setState', session: 'A', item: 'G_SHARED', value: 'g' })
    expect(engine.stateRows(a)).toEqual(
      expect.arrayContaining([
        { session: a, app: 100, page: 1, item: 'P1_X', value: 'x', status: 'I' },
        { session: a, app: 100, page: null, item: 'A_ONI_COUNT', value: '5', status: 'I' },
        { session: a, app: 200, page: 1, item: 'Q1_X', value: 'q', status: 'I' },
        { session: a, app: 200, page: null, item: 'B_ONI_COUNT', value: '1', status: 'I' },
        { session: a, app: 0, page: null, item: 'G_SHARED', value: 'g', status: 'I' },
      ]),
    )
    // No two rows share a key.
    const keys = engine.stateRows(a).map((r) => `${r.app}/${r.page}/${r.item}`)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('§2 status I when a row is inserted, U when updated, R when reset to null; clearing keeps the row', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    let step = only(engine, { type: 'setState', session: 'A', item: 'P1_X', value: 'one' })
    expect(setOfItem(step, 'P1_X')).toMatchObject({ from: null, fromStatus: null, to: 'one', toStatus: 'I' })
    expect(cell(engine, 'A', 'P1_X')).toEqual(['one', 'I'])
    step = only(engine, { type: 'setState', session: 'A', item: 'P1_X', value: 'two' })
    expect(setOfItem(step, 'P1_X')).toMatchObject({ from: 'one', fromStatus: 'I', to: 'two', toStatus: 'U' })
    expect(cell(engine, 'A', 'P1_X')).toEqual(['two', 'U'])
    step = only(engine, { type: 'clearCache', session: 'A', tokens: 'P1_X' })
    expect(setOfItem(step, 'P1_X')).toMatchObject({ from: 'two', fromStatus: 'U', to: null, toStatus: 'R' })
    expect(cell(engine, 'A', 'P1_X')).toEqual([null, 'R'])
    expect(rowsNamed(engine, 'A', 'P1_X')).toHaveLength(1)
    step = only(engine, { type: 'setState', session: 'A', item: 'P1_X', value: 'three' })
    expect(setOfItem(step, 'P1_X')).toMatchObject({ from: null, fromStatus: 'R', to: 'three', toStatus: 'U' })
  })

  it('§2 Decision: a write of the value a row already holds produces no effect', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:1:::::P1_X:same', { as: 'A' })
    const step = only(engine, { type: 'setState', session: 'A', item: 'P1_X', value: 'same' })
    expect(sets(step)).toEqual([])
    const viaUrl = only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.::::P1_X:same' })
    expect(sets(viaUrl)).toEqual([])
    const viaPost = engine.run({ type: 'submit', session: 'A', page: 1, values: { P1_X: 'same' } })[0]!
    expect(sets(viaPost)).toEqual([])
    expect(cell(engine, 'A', 'P1_X')).toEqual(['same', 'I'])
  })

  it('§2 Decision: writing null to a missing row stores nothing', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    expect(sets(only(engine, { type: 'setState', session: 'A', item: 'P1_X', value: null }))).toEqual([])
    expect(sets(only(engine, { type: 'request', session: 'A', url: 'f?p=100:1:&SESSION.::::P1_X,P1_Y:,' }))).toEqual([])
    expect(rowOf(engine, 'A', 'P1_X')).toBeUndefined()
    expect(rowOf(engine, 'A', 'P1_Y')).toBeUndefined()
  })

  it('§2 the empty string is null: posting or setting "" stores null', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:2:::::P2_SESSION:v', { as: 'A' })
    expect(sets(only(engine, { type: 'setState', session: 'A', item: 'P1_X', value: '' }))).toEqual([])
    engine.run({ type: 'submit', session: 'A', page: 2, values: { P2_SESSION: '' } })
    expect(cell(engine, 'A', 'P2_SESSION')).toEqual([null, 'U'])
    engine.run({ type: 'setState', session: 'A', item: 'P1_Y', value: 'y' })
    engine.run({ type: 'setState', session: 'A', item: 'P1_Y', value: '' })
    expect(cell(engine, 'A', 'P1_Y')).toEqual([null, 'U'])
    for (const r of engine.stateRows(idOf(engine, 'A'))) expect(r.value).not.toBe('')
  })

  it('§2 values given as numbers are stored as their decimal string', () => {
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:2', { as: 'A' })
    engine.run({ type: 'setState', session: 'A', item: 'P1_X', value: 42 })
    engine.run({ type: 'setState', session: 'A', item: 'P1_Y', value: 0.5 })
    engine.run({ type: 'submit', session: 'A', page: 2, values: { P2_SESSION: -7 } })
    expect(valueOf(engine, 'A', 'P1_X')).toBe('42')
    expect(valueOf(engine, 'A', 'P1_Y')).toBe('0.5')
    expect(valueOf(engine, 'A', 'P2_SESSION')).toBe('-7')
  })
})

describe('§2 storage kinds', () => {
  it('§2 Per Session is the default storage', () => {
    const app = hrApp()
    const engine = makeEngine([app])
    show(engine, 'f?p=100:1:::::P1_X:v', { as: 'A' })
    show(engine, 'f?p=100:2:&SESSION.', { session: 'A' })
    expect(cell(engine, 'A', 'P1_X')).toEqual(['v', 'I'])
    expect(engine.apps.get(100)!.items.get('P1_X')!.storage).toBe('session')
  })

  it('§2 Per Request values live only inside the request that set them and are never stored (URL, computation, post, SET_SESSION_STATE)', () => {
    const engine = makeEngine([storageApp()])
    // From a URL: visible to the render of this request, not stored.
    const s1 = only(engine, { type: 'request', url: 'f?p=100:2:::::P2_REQUEST:r1', as: 'A' })
    expect(sets(s1).filter((e) => e.item === 'P2_REQUEST')).toEqual([])
    expect(rowOf(engine, 'A', 'P2_REQUEST')).toBeUndefined()
    expect(notices(s1, 'requestValuesDropped').map((n) => n.message)).toEqual(['Per Request values dropped at end of request: P2_REQUEST'])
    // From a computation: visible to the item source in the same request.
    const s2 = only(engine, { type: 'request', session: 'A', url: 'f?p=100:5:&SESSION.' })
    expect(valueOf(engine, 'A', 'P5_SEEN_REQ')).toBe('r-5')
    expect(rowOf(engine, 'A', 'P5_REQ')).toBeUndefined()
    expect(s2.effects.some((e) => e.op === 'set' && e.item === 'P5_REQ')).toBe(false)
    // Posted: not stored.
    engine.run({ type: 'submit', session: 'A', page: 2, values: { P2_REQUEST: 'posted' } })
    expect(rowOf(engine, 'A', 'P2_REQUEST')).toBeUndefined()
    // SET_SESSION_STATE: not stored, with a notice.
    const s3 = only(engine, { type: 'setState', session: 'A', item: 'P2_REQUEST', value: 'x' })
    expect(sets(s3)).toEqual([])
    expect(notices(s3, 'requestValuesDropped')).toHaveLength(1)
    // A later request does not see any of them.
    show(engine, 'f?p=100:5:&SESSION.', { session: 'A' })
    expect(engine.stateRows(idOf(engine, 'A')).some((r) => r.item === 'P2_REQUEST' || r.item === 'P5_REQ')).toBe(false)
  })

  it('§2 Per User values of a logged-in user are stored per (user, app, item), not in session state', () => {
    const engine = makeEngine([storageApp()])
    show(engine, 'f?p=100:1', { as: 'A' })
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=100:5:&SESSION.' })
    expect(userSets(step).map((e) => [e.user, e.app, e.item, e.from, e.to, e.session])).toEqual([['SCOTT', 100, 'P5_USR', null, 'u', idOf(engine, 'A')]])
    expect(rowOf(engine, 'A', 'P5_USR')).toBeUndefined()
    expect(engine.userRows()).toEqual([{ user: 'SCOTT', app: 100, item: 'P5_USR', value: 'u' }])
    engine.run({ type: 'setState', session: 'A', item: 'A_USER_PREF', value: 'pref' })
    expect(userValue(engine, 'SCOTT', 100, 'A_USER_PREF')).toBe('pref')
  })

  it('§2 Per User values are visible in every session of that user, and in no session of another user', () => {
    const app = hrApp()
    app.pages.push({ id: 6, name: 'Echo', items: [{ name: 'P6_ECHO', source: ':P2_USER', sourceUsed: 'always' }] })
    const engine = makeEngine([app])
    for (const [alias, user] of [
      ['A', 'SCOTT'],
      ['B', 'SCOTT'],
      ['C', 'ADAMS'],
    ] as const) {
      show(engine, 'f?p=100:2', { as: alias })
      engine.run({ type: 'login', session: alias, user })
    }
    engine.run({ type: 'submit', session: 'A', page: 2, values: { P2_USER: 'dark' } })
    expect(engine.userRows()).toEqual([{ user: 'SCOTT', app: 100, item: 'P2_USER', value: 'dark' }])
    // B (same user, already open) sees it in expressions; C (another user) does not.
    show(engine, 'f?p=100:6:&SESSION.', { session: 'B' })
    expect(valueOf(engine, 'B', 'P6_ECHO')).toBe('dark')
    show(engine, 'f?p=100:6:&SESSION.', { session: 'C' })
    expect(valueOf(engine, 'C', 'P6_ECHO')).toBeNull()
    // A new session of the same user sees it after login.
    show(engine, 'f?p=100:1', { as: 'D' })
    engine.run({ type: 'login', session: 'D', user: 'SCOTT' })
    show(engine, 'f?p=100:6:&SESSION.', { session: 'D' })
    expect(valueOf(engine, 'D', 'P6_ECHO')).toBe('dark')
  })

  it('§2 for user nobody a Per User item behaves like Per Session (stored in session state, no user row)', () => {
    const engine = makeEngine([storageApp()])
    show(engine, 'f?p=100:5', { as: 'A' })
    expect(cell(engine, 'A', 'P5_USR')).toEqual(['u', 'I'])
    engine.run({ type: 'submit', session: 'A', page: 2, values: { P2_USER: 'blue' } })
    expect(cell(engine, 'A', 'P2_USER')).toEqual(['blue', 'I'])
    expect(engine.userRows()).toEqual([])
    // And it does not leak into another anonymous session.
    show(engine, 'f?p=100:2', { as: 'B' })
    expect(valueOf(engine, 'B', 'P2_USER')).toBeNull()
  })

  it('§2 Decision: for a logged-in user a Per User item reads the Per User store first, session state only as fallback', () => {
    const app = hrApp()
    app.pages.push({ id: 6, name: 'Echo', items: [{ name: 'P6_ECHO', source: ':P2_USER', sourceUsed: 'always' }] })
    const engine = makeEngine([app])
    show(engine, 'f?p=100:2', { as: 'A' })
    // As nobody: the value goes to session state.
    engine.run({ type: 'submit', session: 'A', page: 2, values: { P2_USER: 'anon' } })
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    // SCOTT has no Per User value yet: the session value (from before login) is the fallback.
    show(engine, 'f?p=100:6:&SESSION.', { session: 'A' })
    expect(valueOf(engine, 'A', 'P6_ECHO')).toBe('anon')
    // Once SCOTT has a value, it wins over the session value.
    engine.run({ type: 'submit', session: 'A', page: 2, values: { P2_USER: 'scott-value' } })
    expect(userValue(engine, 'SCOTT', 100, 'P2_USER')).toBe('scott-value')
    expect(valueOf(engine, 'A', 'P2_USER')).toBe('anon')
    show(engine, 'f?p=100:6:&SESSION.', { session: 'A' })
    expect(valueOf(engine, 'A', 'P6_ECHO')).toBe('scott-value')
  })

  it('§2 application items have scope APP by default (stored under their app), GLOBAL items under app 0', () => {
    const engine = makeEngine([hrApp(), otherApp()])
    show(engine, 'f?p=200:1', { as: 'A' })
    engine.run({ type: 'setState', session: 'A', item: 'B_APP_ITEM', value: 'b' })
    engine.run({ type: 'setState', session: 'A', item: 'G_SHARED', value: 'g' })
    expect(rowOf(engine, 'A', 'B_APP_ITEM')).toMatchObject({ app: 200, page: null })
    expect(rowOf(engine, 'A', 'G_SHARED')).toMatchObject({ app: 0, page: null })
    expect(engine.apps.get(200)!.items.get('B_APP_ITEM')!.scope).toBe('APP')
    // App 100 of the same session does not see app 200's APP item, but sees the GLOBAL one.
    const app100 = engine.run({ type: 'setState', session: 'A', app: 100, item: 'B_APP_ITEM', value: 'x' })[0]!
    expect(app100.outcome).toBe('error')
    expect(app100.reason).toBe('item B_APP_ITEM is not defined in app 100')
    show(engine, 'f?p=100:1:&SESSION.', { session: 'A' })
    engine.run({ type: 'setState', session: 'A', app: 100, item: 'G_SHARED', value: 'from 100' })
    expect(rowsNamed(engine, 'A', 'G_SHARED')).toEqual([expect.objectContaining({ app: 0, value: 'from 100', status: 'U' })])
  })
})

describe('§2 end-of-request commit', () => {
  it('§2 a step’s effects are the diff of that request: applied in order they chain from the state before to the state after', () => {
    const app = hrApp()
    app.pages[0]!.computations = [
      { point: 'beforeHeader', item: 'P1_X', expression: "'first'" },
      { point: 'afterHeader', item: 'P1_X', expression: "'second'" },
    ]
    const engine = makeEngine([app])
    const step = only(engine, { type: 'request', url: 'f?p=100:1', as: 'A' })
    const writes = sets(step).filter((e) => e.item === 'P1_X')
    expect(writes.map((e) => [e.from, e.to])).toEqual([
      [null, 'first'],
      ['first', 'second'],
    ])
    expect(writes[1]!.fromStatus).toBe(writes[0]!.toStatus)
    expect(valueOf(engine, 'A', 'P1_X')).toBe('second')
    expect(writes[1]!.toStatus).toBe(rowOf(engine, 'A', 'P1_X')!.status)
  })

  it('§2 session-state writes are committed at the end of each request: one store transaction per step', () => {
    const persist = vi.spyOn(SqliteStore.prototype, 'persist')
    const engine = makeEngine([hrApp()])
    show(engine, 'f?p=100:3', { as: 'A' })
    expect(persist).toHaveBeenCalledTimes(1)
    const steps = engine.run({ type: 'submit', session: 'A', page: 3, request: 'NEXT', values: { P3_NAME: 'KING' } })
    expect(steps).toHaveLength(2)
    expect(persist).toHaveBeenCalledTimes(3)
    // Each call carries exactly its step's effects.
    expect(persist.mock.calls[1]![0]).toEqual(steps[0]!.effects)
    expect(persist.mock.calls[2]![0]).toEqual(steps[1]!.effects)
  })

  it('§2 after every step the store file holds exactly the engine state; a new Engine on the same file continues it', () => {
    const { dir, cleanup } = tempDir()
    const path = `${dir}/store.db`
    try {
      const ops = [
        { type: 'request', url: 'f?p=100:3', as: 'A' },
        { type: 'submit', session: 'A', page: 3, request: 'NEXT', values: { P3_NAME: 'KING', P3_AGE: 40 } },
        { type: 'login', session: 'A', user: 'SCOTT' },
        { type: 'submit', session: 'A', page: 2, values: { P2_USER: 'dark', P2_SESSION: 's' } },
        { type: 'clone', session: 'A', as: 'B' },
        { type: 'clearCache', session: 'B', tokens: '2' },
        { type: 'wait', seconds: 30 },
        { type: 'request', url: 'f?p=100:1', as: 'C' },
        { type: 'logout', session: 'C' },
      ] as const
      const engine = makeEngine([hrApp()], { storePath: path, seed: 9 })
      for (const op of ops) {
        engine.run(op)
        const reader = new SqliteStore(path)
        expect(reader.load().snapshot(), op.type).toEqual(engine.snapshot())
        reader.close()
      }
      const snap = engine.snapshot()
      const now = engine.now
      engine.close()
      const reopened = new Engine({ apps: [hrApp()], storePath: path })
      expect(reopened.snapshot()).toEqual(snap)
      expect(reopened.now).toBe(now)
      expect(reopened.resolveSession('B')).toBe(snap.sessions.find((s) => s.alias === 'B')!.id)
      // The seeded ID sequence continues where it stopped: same IDs as an engine that never closed.
      const straight = makeEngine([hrApp()], { seed: 9 })
      for (const op of ops) straight.run(op)
      const next1 = only(reopened, { type: 'request', url: 'f?p=100:1' }).session
      const next2 = only(straight, { type: 'request', url: 'f?p=100:1' }).session
      expect(next1).toBe(next2)
      reopened.close()
    } finally {
      cleanup()
    }
  })

  it('§2 Decision: a reopened engine lists sessions in the order of one that never stopped (creation; a login rotation moves the session to the end)', () => {
    const { dir, cleanup } = tempDir()
    const path = `${dir}/store.db`
    try {
      const ops = [
        ...['A', 'B', 'C', 'D', 'E', 'F'].map((as) => ({ type: 'request' as const, url: 'f?p=100:1', as })),
        { type: 'login' as const, session: 'B', user: 'SCOTT' },
        { type: 'clone' as const, session: 'D', as: 'G' },
      ]
      const engine = makeEngine([hrApp()], { storePath: path, seed: 4 })
      const straight = makeEngine([hrApp()], { seed: 4 })
      for (const op of ops) {
        engine.run(op)
        straight.run(op)
      }
      const order = straight.sessions().map((s) => s.alias)
      expect(order).toEqual(['A', 'C', 'D', 'E', 'F', 'B', 'G'])
      // The IDs are not in that order (they are random): the store must keep it.
      const ids = straight.sessions().map((s) => s.id)
      expect([...ids].sort((x, y) => x - y)).not.toEqual(ids)
      engine.close()
      const reopened = new Engine({ apps: [hrApp()], storePath: path })
      expect(reopened.sessions().map((s) => s.id)).toEqual(ids)
      // A wait reports per session in that order too.
      const wait = { type: 'wait' as const, seconds: 1e6 }
      expect(reopened.run(wait)[0]!.effects).toEqual(straight.run(wait)[0]!.effects)
      reopened.close()
    } finally {
      cleanup()
    }
  })

  it('§2 a store written before sessions had an order column is opened, keeps ID order, and lists new sessions after', () => {
    const { dir, cleanup } = tempDir()
    const path = `${dir}/old.db`
    try {
      const old = new Database(path)
      old.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE sessions (id INTEGER PRIMARY KEY, alias TEXT, user TEXT NOT NULL, created_at REAL NOT NULL,
          group_id INTEGER NOT NULL, apps TEXT NOT NULL, current_app INTEGER, current_page INTEGER, ended TEXT, ended_at REAL);
        INSERT INTO meta VALUES ('schemaVersion', '1');
        INSERT INTO sessions VALUES (900, 'Z', 'nobody', 0, 900, '[]', NULL, NULL, NULL, NULL);
        INSERT INTO sessions VALUES (100, 'Y', 'nobody', 1, 100, '[]', NULL, NULL, NULL, NULL);`)
      old.close()
      const store = new SqliteStore(path)
      expect([...store.load().sessions.keys()]).toEqual([100, 900])
      const rec = { id: 50, alias: 'X', user: 'nobody', createdAt: 2, groupId: 50, apps: [], currentApp: null, currentPage: null, ended: null, endedAt: null }
      store.persist([{ op: 'session', event: 'created', session: 50, from: null, to: rec, cause: 'test' }])
      expect([...store.load().sessions.keys()]).toEqual([100, 900, 50])
      store.close()
    } finally {
      cleanup()
    }
  })
})

function setOfItem(step: import('../../../src-main/engine/model/step.js').Step, item: string) {
  const list = sets(step).filter((e) => e.item === item)
  expect(list).toHaveLength(1)
  return list[0]!
}
