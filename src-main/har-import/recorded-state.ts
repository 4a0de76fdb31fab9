/**
 * The effects a recording proves, for a recorded-only trace (no app
 * definition: nothing can be simulated, so each event carries what it did).
 *
 * What a browser recording proves about session state, and nothing more:
 *  - a session exists from the first request that carries its ID;
 *  - a page view stores the item values its URL sets (f?p items/values,
 *    friendly URL parameters) and shows that page;
 *  - a submit stores the posted values (status I/U as APEX would);
 *  - an Ajax call stores its Items to Submit;
 *  - a login rotates the session ID (the alias follows) and names the user;
 *  - a logout removes the session and its rows.
 * What the server computed (defaults, computations, processes, clear cache)
 * is not in a recording; it stays in `observed` beside each event.
 *
 * Effects are made by the engine's own StepRecorder on a real SessionState,
 * so they have the engine's shapes and apply cleanly forward and backward on
 * the timeline, as recorded traces must.
 */
import type { Effect, GroupRecord, SessionRecord } from '../engine/model/effect.js'
import type { Outcome, Phase, StepKind } from '../engine/model/step.js'
import { toStoredValue } from '../engine/model/values.js'
import { removeAllRows, writeRow } from '../engine/runtime/state-writes.js'
import { StepRecorder } from '../engine/runtime/step-recorder.js'
import { SessionState } from '../engine/state/session-state.js'

/** Default settings of a session's clone group (semantics §1): recorded-only traces never expire anything. */
const MAX_SESSION_LENGTH_SEC = 28800
const MAX_SESSION_IDLE_SEC = 3600

/** Synthetic numeric IDs for session IDs that are not safe integers start here (below 2^53). */
const SYNTHETIC_ID_BASE = 9_000_000_000_000_000

export interface RecordedStep {
  effects: Effect[]
  phases: Phase[]
  outcome: Outcome
  session: number | null
  app: number | null
  page: number | null
  kind: StepKind
  t: number
}

/** The page an item belongs to by APEX's naming convention (P12_NAME → 12); application items have none. */
export function pageOfItem(name: string): number | null {
  const m = /^P(\d{1,9})_/i.exec(name)
  return m ? Number(m[1]) : null
}

export class RecordedState {
  private readonly state = new SessionState()
  private readonly numeric = new Map<string, number>()
  private nextSynthetic = SYNTHETIC_ID_BASE

  /** The number the trace uses for an APEX session ID (the ID itself when it is a safe integer). */
  idOf(session: string): number {
    const known = this.numeric.get(session)
    if (known !== undefined) return known
    const n = /^\d{1,15}$/.test(session) && Number(session) > 0 ? Number(session) : this.nextSynthetic++
    this.numeric.set(session, n)
    return n
  }

  exists(session: string): boolean {
    const s = this.state.sessions.get(this.idOf(session))
    return s !== undefined && s.ended === null
  }

  /** One step: `fn` emits its effects through the recorder. */
  step(kind: StepKind, t: number, fn: (rec: StepRecorder) => { session: number | null; app: number | null; page: number | null; outcome: Outcome }): RecordedStep {
    const rec = new StepRecorder(this.state)
    const r = fn(rec)
    rec.close()
    return { effects: rec.effects, phases: rec.phases, kind, t, ...r }
  }

  /** Makes the session (and its clone group) when the recording first shows it. */
  ensureSession(rec: StepRecorder, session: string, alias: string, t: number, cause: string, groupOf?: string): number {
    const id = this.idOf(session)
    if (this.state.sessions.get(id)?.ended === null) return id
    if (this.state.sessions.has(id)) return id
    rec.phase('resolveSession', `Session ${session} appears in the recording`)
    let groupId = id
    const parent = groupOf !== undefined ? this.state.sessions.get(this.idOf(groupOf)) : undefined
    if (parent && parent.ended === null) groupId = parent.groupId
    else {
      const group: GroupRecord = { id, createdAt: t, lastActivity: t, maxSessionLengthSec: MAX_SESSION_LENGTH_SEC, maxSessionIdleSec: MAX_SESSION_IDLE_SEC }
      rec.emit({ op: 'group', event: 'created', groupId: id, from: null, to: group, cause })
    }
    const record: SessionRecord = {
      id,
      alias,
      user: parent?.user ?? 'nobody',
      createdAt: t,
      groupId,
      apps: parent ? [...parent.apps] : [],
      currentApp: parent?.currentApp ?? null,
      currentPage: parent?.currentPage ?? null,
      ended: null,
      endedAt: null,
    }
    rec.emit({ op: 'session', event: parent ? 'cloned' : 'created', session: id, from: null, to: record, cause })
    if (parent) {
      // A clone starts with a copy of its original's rows (semantics §5): the recording proves the copy happened.
      for (const row of this.state.rowsOf(parent.id)) {
        rec.emit({ op: 'set', session: id, app: row.app, page: row.page, item: row.item, from: null, fromStatus: null, to: row.value, toStatus: row.status, cause })
      }
    }
    return id
  }

  /** Stores item values (URL items, posted values, Items to Submit). */
  store(rec: StepRecorder, id: number, app: number, values: Record<string, string>, phase: 'setUrlItems' | 'postValues' | 'ajaxSubmit', label: string, cause: string): void {
    const names = Object.keys(values)
    if (names.length === 0) return
    rec.phase(phase, label)
    for (const name of names) {
      writeRow(this.state, rec, { session: id, app, page: pageOfItem(name), item: name }, toStoredValue(values[name]), cause)
    }
  }

  /** The session now shows this page of this app (joining the app the first time). */
  showPage(rec: StepRecorder, id: number, app: number, page: number, cause: string): void {
    const from = this.state.sessions.get(id)
    if (!from || from.ended !== null) return
    if (!from.apps.includes(app)) {
      rec.phase('onNewInstance', `Joins app ${app}`)
      const to: SessionRecord = { ...from, apps: [...from.apps, app] }
      rec.emit({ op: 'session', event: 'joinedApp', session: id, from: { ...from, apps: [...from.apps] }, to, cause })
    }
    const now = this.state.sessions.get(id)!
    if (now.currentApp === app && now.currentPage === page) return
    rec.phase('endOfRequest', `Page ${page} of app ${app} shown`)
    rec.emit({ op: 'session', event: 'pageShown', session: id, from: { ...now, apps: [...now.apps] }, to: { ...now, apps: [...now.apps], currentApp: app, currentPage: page }, cause })
  }

  /** Login: the session ID rotates to `to` and the user is named. Returns the new numeric ID. */
  login(rec: StepRecorder, from: string, to: string, user: string): number {
    const oldId = this.idOf(from)
    const newId = this.idOf(to)
    const s = this.state.sessions.get(oldId)
    if (!s || s.ended !== null || oldId === newId || this.state.sessions.has(newId)) return oldId
    rec.phase('rotateId', `Authenticate ${user}: session ID ${from} → ${to}`, { from: oldId, to: newId })
    rec.emit({ op: 'rekey', from: oldId, to: newId, cause: `login of ${user} rotates the session ID` })
    const now = this.state.sessions.get(newId)!
    if (now.user !== user) {
      rec.emit({ op: 'session', event: 'loggedIn', session: newId, from: { ...now, apps: [...now.apps] }, to: { ...now, apps: [...now.apps], user }, cause: `login of ${user}` })
    }
    return newId
  }

  /** Logout: the session's rows go, then the session, then its group when it was the last member. */
  logout(rec: StepRecorder, session: string, t: number): number | null {
    const id = this.idOf(session)
    const s = this.state.sessions.get(id)
    if (!s || s.ended !== null) return null
    const cause = `logout of session ${session}`
    rec.phase('deleteSessions', `Log out session ${session}`)
    const members = this.state.liveInGroup(s.groupId)
    for (const m of members) {
      removeAllRows(this.state, rec, m.id, cause)
      const cur = this.state.sessions.get(m.id)!
      rec.emit({ op: 'session', event: 'deleted', session: m.id, from: { ...cur, apps: [...cur.apps] }, to: { ...cur, apps: [...cur.apps], ended: 'loggedOut', endedAt: t }, cause })
    }
    const g = this.state.groups.get(s.groupId)
    if (g) rec.emit({ op: 'group', event: 'deleted', groupId: g.id, from: { ...g }, to: null, cause })
    return id
  }
}
