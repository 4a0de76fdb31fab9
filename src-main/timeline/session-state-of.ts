/**
 * The engine's SessionState for a timeline point (the dense state turned back
 * into maps). Used where engine code needs a real state: checking a recorded
 * trace's `expect` lines, handing the final state to an engine that continues
 * a loaded trace, and tests.
 */
import type { Effect } from '../engine/model/effect.js'
import { SessionState, rowKey, tableKey, userKey } from '../engine/state/session-state.js'
import type { StateRow, TableRow } from '../engine/state/session-state.js'
import { STATUS_CODES } from './codes.js'
import { browsersAtEffect } from './browser-state.js'
import { newBrowser, withJar } from '../engine/browsers/browser.js'
import { setCookie } from '../engine/browsers/cookie-jar.js'
import type { DenseState } from './dense-state.js'
import type { TimelineColumns } from './timeline-columns.js'

export function sessionStateOf(c: TimelineColumns, d: DenseState): SessionState {
  d.fit()
  const state = new SessionState()
  for (let s = 0; s < c.slotFirstSession.length; s++) {
    const r = d.recordOf(s)
    if (r >= 0) state.sessions.set(c.sessionIds.get(d.sessionOf(s)), c.sessionRecords.get(r))
  }
  for (let g = 0; g < c.groupIds.length; g++) {
    const r = d.groupRecord[g]!
    if (r >= 0) state.groups.set(c.groupIds.get(g), c.groupRecords.get(r))
  }
  for (let k = 0; k < c.rowKeySlot.length; k++) {
    const st = d.rowStatus[k]!
    if (st === 0) continue
    const session = c.sessionIds.get(d.sessionOf(c.rowKeySlot.get(k)))
    const page = c.rowKeyPage.get(k)
    const v = d.rowValue[k]!
    const row: StateRow = { session, app: c.rowKeyApp.get(k), page: page === -1 ? null : page, item: c.names.get(c.rowKeyItem.get(k)), value: v < 0 ? null : c.values.get(v), status: STATUS_CODES[st] as 'I' | 'U' | 'R' }
    let m = state.rows.get(session)
    if (!m) {
      m = new Map()
      state.rows.set(session, m)
    }
    m.set(rowKey(row.app, row.page, row.item), row)
  }
  for (let u = 0; u < c.userKeyUser.length; u++) {
    const v = d.userValue[u]!
    if (v < 0) continue
    const user = c.names.get(c.userKeyUser.get(u))
    const item = c.names.get(c.userKeyItem.get(u))
    state.userRows.set(userKey(user, c.userKeyApp.get(u), item), { user, app: c.userKeyApp.get(u), item, value: c.values.get(v) })
  }
  // Issue #16: the browsers and their cookies at this point (session records carry their owner already).
  for (const b of browsersAtEffect(c, d.pos)) {
    let browser = newBrowser(b.name)
    for (const k of b.cookies) browser = withJar(browser, setCookie(browser.jar, k.name, k.value, k.path))
    state.browsers.set(b.name, browser)
  }
  for (let t = 0; t < c.tableApp.length; t++) {
    const len = d.tableLength[t]!
    if (len === 0) continue
    state.tables.set(
      tableKey(c.tableApp.get(t), c.names.get(c.tableName.get(t))),
      c.tableRows[t]!.slice(0, len).map((id) => JSON.parse(c.misc.get(id)) as TableRow),
    )
  }
  return state
}

/** Effects that build `state` from nothing (groups, sessions, rows, Per User values, table rows). */
export function creationEffects(state: SessionState, cause = 'state at this point'): Effect[] {
  const out: Effect[] = []
  for (const g of state.groups.values()) out.push({ op: 'group', event: 'created', groupId: g.id, from: null, to: { ...g }, cause })
  for (const [id, s] of state.sessions) out.push({ op: 'session', event: 'created', session: id, from: null, to: { ...s, apps: [...s.apps] }, cause })
  for (const m of state.rows.values())
    for (const r of m.values()) out.push({ op: 'set', session: r.session, app: r.app, page: r.page, item: r.item, from: null, fromStatus: null, to: r.value, toStatus: r.status, cause })
  for (const u of state.userRows.values()) out.push({ op: 'userSet', user: u.user, app: u.app, item: u.item, from: null, to: u.value, cause })
  for (const [key, rows] of state.tables) {
    const sep = key.indexOf('\u0000')
    const app = Number(key.slice(0, sep))
    const table = key.slice(sep + 1)
    rows.forEach((row, index) => out.push({ op: 'insertRow', app, table, index, row: { ...row }, cause }))
  }
  return out
}
