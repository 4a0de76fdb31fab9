/**
 * Applying effects to a SessionState, forward (redo) or backward (undo).
 *
 * This is the single place where state changes. The engine applies each
 * effect as it emits it; the timeline applies recorded effects to seek. An
 * effect that does not match the state it is applied to (a broken recorded
 * trace) throws EffectMismatchError rather than silently corrupting state.
 */
import { newBrowser, withJar } from '../browsers/browser.js'
import { clearCookie, cookieAt, cookieValue, setCookie } from '../browsers/cookie-jar.js'
import type { BrowserEffect, CookieEffect, Effect, GroupRecord, RowEffect, SessionRecord, SetEffect } from '../model/effect.js'
import type { SessionState, StateRow } from './session-state.js'
import { rowKey, tableKey, userKey } from './session-state.js'

export class EffectMismatchError extends Error {
  constructor(
    message: string,
    readonly effect: Effect,
  ) {
    super(message)
    this.name = 'EffectMismatchError'
  }
}

export type Direction = 'forward' | 'backward'

/**
 * Where row effects (`op: 'row'`) go: the app database of whoever applies
 * effects to this state. Session state itself holds no table rows, so without
 * a sink a row effect changes nothing here. The engine registers none for
 * its working state — the database made the change already, and a failed
 * request rolls back the database's transaction — while a reader seeking
 * through recorded steps registers its copy of the database.
 */
export type RowSink = (effect: RowEffect, direction: Direction) => void
const ROW_SINKS = new WeakMap<SessionState, RowSink>()

export function setRowSink(state: SessionState, sink: RowSink | null): void {
  if (sink === null) ROW_SINKS.delete(state)
  else ROW_SINKS.set(state, sink)
}

export function applyEffects(state: SessionState, effects: readonly Effect[], direction: Direction = 'forward'): void {
  if (direction === 'forward') {
    for (const e of effects) applyEffect(state, e, 'forward')
  } else {
    for (let i = effects.length - 1; i >= 0; i--) applyEffect(state, effects[i]!, 'backward')
  }
}

/**
 * `adopt`: the state may keep the effect's session and group records as they
 * are instead of copies. The engine's recorder passes it for effects it has
 * just made (records are never changed in place, so sharing one is safe, and
 * each copy was an object per request that outlived a garbage collection
 * cycle); everyone else applying effects that belong to somebody else (a
 * recorded trace, the timeline) gets copies.
 */
export function applyEffect(state: SessionState, e: Effect, direction: Direction, adopt = false): void {
  const fwd = direction === 'forward'
  switch (e.op) {
    case 'set':
      putRow(state, e, rowKey(e.app, e.page, e.item), fwd)
      return
    case 'userSet': {
      const value = fwd ? e.to : e.from
      const key = userKey(e.user, e.app, e.item)
      if (value === null) state.userRows.delete(key)
      else state.userRows.set(key, { user: e.user, app: e.app, item: e.item, value })
      return
    }
    case 'session': {
      const rec = fwd ? e.to : e.from
      if (rec === null) state.sessions.delete(e.session)
      else state.sessions.set(e.session, adopt ? rec : copySession(rec))
      return
    }
    case 'group': {
      const rec = fwd ? e.to : e.from
      if (rec === null) state.groups.delete(e.groupId)
      else state.groups.set(e.groupId, adopt ? rec : { ...(rec as GroupRecord) })
      return
    }
    case 'rekey': {
      const from = fwd ? e.from : e.to
      const to = fwd ? e.to : e.from
      const rec = state.sessions.get(from)
      if (!rec) throw new EffectMismatchError(`rekey: session ${from} does not exist`, e)
      if (state.sessions.has(to)) throw new EffectMismatchError(`rekey: session ${to} already exists`, e)
      state.sessions.delete(from)
      state.sessions.set(to, { ...rec, id: to, apps: [...rec.apps] })
      const rows = state.rows.get(from)
      if (rows) {
        state.rows.delete(from)
        const moved = new Map<string, StateRow>()
        for (const [k, r] of rows) moved.set(k, { ...r, session: to })
        state.rows.set(to, moved)
      }
      return
    }
    case 'insertRow': {
      const key = tableKey(e.app, e.table)
      let rows = state.tables.get(key)
      if (fwd) {
        if (!rows) {
          rows = []
          state.tables.set(key, rows)
        }
        if (rows.length !== e.index) throw new EffectMismatchError(`insertRow: table ${e.table} has ${rows.length} rows, expected ${e.index}`, e)
        rows.push({ ...e.row })
      } else {
        if (!rows || rows.length !== e.index + 1) throw new EffectMismatchError(`insertRow undo: table ${e.table} is not at row ${e.index + 1}`, e)
        rows.pop()
        if (rows.length === 0) state.tables.delete(key)
      }
      return
    }
    case 'row':
      ROW_SINKS.get(state)?.(e, direction)
      return
    case 'browser':
      applyBrowser(state, e, fwd)
      return
    case 'cookie':
      applyCookie(state, e, fwd)
      return
    case 'notice':
    case 'warning':
      return
  }
}

/** Issue #16: a browser created (forward) or removed again (backward, once its cookies were undone). */
function applyBrowser(state: SessionState, e: BrowserEffect, fwd: boolean): void {
  const existing = state.browsers.get(e.browser)
  if (fwd) {
    if (existing) throw new EffectMismatchError(`browser ${e.browser} already exists`, e)
    state.browsers.set(e.browser, newBrowser(e.browser))
    return
  }
  if (!existing) throw new EffectMismatchError(`browser undo: browser ${e.browser} does not exist`, e)
  if (existing.jar.cookies.size > 0) throw new EffectMismatchError(`browser undo: browser ${e.browser} still holds cookies`, e)
  state.browsers.delete(e.browser)
}

/** Issue #16: a cookie set, replaced or cleared; its before-image must be what the jar holds. */
function applyCookie(state: SessionState, e: CookieEffect, fwd: boolean): void {
  const browser = state.browsers.get(e.browser)
  if (!browser) throw new EffectMismatchError(`cookie ${e.name}: browser ${e.browser} does not exist`, e)
  const before = fwd ? e.from : e.to
  const after = fwd ? e.to : e.from
  const held = cookieAt(browser.jar, e.name, e.path)
  if (held !== before)
    throw new EffectMismatchError(`cookie ${e.name} (path ${e.path}) of browser ${e.browser} is ${held ?? 'absent'}, the effect says ${before ?? 'absent'}`, e)
  const jar = after === null ? clearCookie(browser.jar, e.name, e.path) : setCookie(browser.jar, e.name, after, e.path)
  state.browsers.set(e.browser, withJar(browser, jar))
}

/** The value of cookie `name` exactly at `path` in a browser of `state`, or null (no browser, no cookie). */
export function heldCookie(state: SessionState, browser: string, name: string, path: string): string | null {
  const b = state.browsers.get(browser)
  return b ? cookieValue(b.jar, name, path) : null
}

/**
 * A set effect's row change, forward or backward, with the row's `rowKey`
 * given (the engine's recorder has it from the item; see StepRecorder.emitSet).
 */
export function putRow(state: SessionState, e: SetEffect, key: string, fwd: boolean): void {
  const status = fwd ? e.toStatus : e.fromStatus
  let rows = state.rows.get(e.session)
  if (status === null) {
    rows?.delete(key)
    if (rows && rows.size === 0) state.rows.delete(e.session)
    return
  }
  if (!rows) {
    rows = new Map()
    state.rows.set(e.session, rows)
  }
  const row: StateRow = { session: e.session, app: e.app, page: e.page, item: e.item, value: fwd ? e.to : e.from, status }
  rows.set(key, row)
}

function copySession(rec: SessionRecord): SessionRecord {
  return { ...rec, apps: [...rec.apps] }
}
