/**
 * Appending one recorded effect to a timeline: checked against the state
 * after the previous effect (every before-image must match; a rekey needs
 * its session and a free target; a row insert its position), interned,
 * stored in the effect columns and applied to the builder's head — so that
 * seeking backward through the timeline is exact. A mismatch is a
 * TimelineConsistencyError naming the effect.
 */
import type { Effect, GroupRecord } from '../engine/model/effect.js'
import {
  ABSENT,
  FLAG_CLEAR_CACHE,
  FLAG_CLONE,
  FLAG_EXPIRY,
  FLAG_LOGIN,
  FLAG_LOGOUT,
  GROUP_EVENTS,
  OP_BROWSER,
  OP_COOKIE,
  OP_GROUP,
  OP_INSERT,
  OP_NOTICE,
  OP_OTHER,
  OP_REKEY,
  OP_ROW,
  OP_SESSION,
  OP_SET,
  OP_USERSET,
  OP_WARNING,
  SESSION_EVENT_CODES,
  ROW_CHANGES,
  STATUS_CODES,
  codeTable,
  statusCode,
} from './codes.js'
import type { TimelineColumns } from './timeline-columns.js'
import { appTablesAtHead, rowEffectPositions } from './app-table-rows.js'
import type { I32 } from './columns/growable.js'
import { browsersAtHead } from './browser-state.js'

/** Rows (`table/key` ids) some row effect has touched, kept in step with rowEffectPositions (a new list after a truncation starts it again). */
const touchedRows = new WeakMap<TimelineColumns, { list: I32; upTo: number; keys: Set<string> }>()
function rowTouched(cols: TimelineColumns, table: number, key: number): boolean {
  const list = rowEffectPositions(cols)
  let seen = touchedRows.get(cols)
  if (!seen || seen.list !== list) touchedRows.set(cols, (seen = { list, upTo: 0, keys: new Set() }))
  for (; seen.upTo < list.length; seen.upTo++) {
    const i = list.get(seen.upTo)
    seen.keys.add(`${cols.effectKey.get(i)}/${cols.effectItem.get(i)}`)
  }
  return seen.keys.has(`${table}/${key}`)
}

/** A recorded effect that does not match the state it claims to change. */
export class TimelineConsistencyError extends Error {
  constructor(
    message: string,
    /** Position of the effect in its step's effect list. */
    readonly effectIndex: number,
    /** Position of the step in its event. */
    readonly stepInEvent = 0,
  ) {
    super(message)
    this.name = 'TimelineConsistencyError'
  }
}

const SESSION_EVENT_CODE = codeTable(SESSION_EVENT_CODES)
const GROUP_EVENT_CODE = codeTable(GROUP_EVENTS)

function isInt32(v: unknown): v is number {
  return typeof v === 'number' && (v | 0) === v && v !== ABSENT && !Object.is(v, -0)
}

/** A row image: an object of text, number or null columns. */
function isImageOrNull(v: unknown): v is Record<string, unknown> | null {
  if (v === null) return true
  if (typeof v !== 'object' || Array.isArray(v)) return false
  return Object.values(v as Record<string, unknown>).every((x) => x === null || typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)))
}

/** An image as text independent of its column order (a recorded trace may write columns in another order). */
function canonical(image: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(image).sort().map((k) => [k, image[k]]))
}

function show(v: unknown): string {
  return v === null || v === undefined ? 'null' : JSON.stringify(v)
}

/** Checks, stores and applies one effect to the head; returns step flags it implies. */
export function checkAndStoreEffect(cols: TimelineColumns, e: Effect, pos: number): number {
  const head = cols.head
  // Causes are kept for row changes (why, history, breakpoints); the others' are in the event line.
  const r = e as unknown as Record<string, unknown>
  let cause = -1
  if ((e.op === 'set' || e.op === 'userSet' || e.op === 'row') && typeof r.cause === 'string') {
    // The effects of one step often share their cause (a logout's row removals, a clone's copies).
    if (r.cause !== cols.lastCause) {
      cols.lastCause = r.cause
      cols.lastCauseId = cols.causes.intern(r.cause)
    }
    cause = cols.lastCauseId
  }
  let flags = 0
  let idx: number
  switch (e.op) {
    case 'set': {
      const sess = cols.sessionIndex(e.session)
      const slot = cols.slotOf(sess)
      const app = e.app
      const page = e.page === null ? -1 : e.page
      if (!isInt32(app) || !isInt32(page) || page < -1 || (e.page !== null && page < 0))
        throw new TimelineConsistencyError(`effect #${pos}: app and page must be whole numbers (app ${show(e.app)}, page ${show(e.page)})`, pos)
      const item = cols.names.intern(e.item)
      const key = cols.rowKey(slot, app, page, item)
      head.fit()
      // The before-image is the row's current value (checked below): reuse its id instead of hashing the text.
      const current = head.rowStatus[key] !== 0 ? head.rowValue[key]! : -2
      const from = e.from === null ? -1 : current >= 0 && cols.values.get(current) === e.from ? current : cols.valueId(e.from)
      const to = cols.valueId(e.to)
      const fromSt = statusCode(e.fromStatus)
      const toSt = statusCode(e.toStatus)
      const curSt = head.rowStatus[key]!
      if (curSt !== fromSt || (fromSt !== 0 && head.rowValue[key] !== from)) {
        const actual = curSt === 0 ? 'no row' : `${show(head.rowValue[key]! < 0 ? null : cols.values.get(head.rowValue[key]!))}/${STATUS_CODES[curSt]}`
        throw new TimelineConsistencyError(
          `effect #${pos} (set ${e.item} in session ${e.session}, app ${e.app}, page ${e.page ?? '-'}) says the row was ${e.fromStatus === null ? 'absent' : `${show(e.from)}/${e.fromStatus}`}, but it is ${actual}`,
          pos,
        )
      }
      if (toSt === 3) flags |= FLAG_CLEAR_CACHE
      idx = cols.pushEffect(OP_SET, sess, slot, app, page, item, from, to, fromSt, toSt, cause, key)
      cols.applyHeadRow(key, to, toSt)
      break
    }
    case 'userSet': {
      const user = cols.names.intern(e.user)
      const item = cols.names.intern(e.item)
      const app = e.app
      if (!isInt32(app)) throw new TimelineConsistencyError(`effect #${pos}: app must be a whole number (got ${show(e.app)})`, pos)
      const key = cols.userKey(user, app, item)
      const from = cols.valueId(e.from)
      const to = cols.valueId(e.to)
      head.fit()
      if (head.userValue[key] !== from) {
        const current = head.userValue[key]!
        throw new TimelineConsistencyError(
          `effect #${pos} (Per User ${e.item} of ${e.user}) says the value was ${show(e.from)}, but it is ${show(current < 0 ? null : cols.values.get(current))}`,
          pos,
        )
      }
      const sess = typeof e.session === 'number' ? cols.sessionIndex(e.session) : -1
      idx = cols.pushEffect(OP_USERSET, sess, -1, app, 0, item, from, to, 0, 0, cause, key)
      head.userValue[key] = to
      break
    }
    case 'session': {
      const sess = cols.sessionIndex(e.session)
      let slot: number
      const ev = SESSION_EVENT_CODE[e.event] ?? 255
      if (e.from === null) {
        const existing = cols.ensureSessionToSlot().get(sess)
        head.fit()
        if (existing !== undefined && head.slotRecord[existing] !== -1)
          throw new TimelineConsistencyError(`effect #${pos} (session ${e.session} ${e.event}) creates a session that already exists`, pos)
        slot = existing ?? cols.newSlot(sess)
        head.fit()
      } else {
        const existing = cols.ensureSessionToSlot().get(sess)
        head.fit()
        if (existing === undefined || head.slotRecord[existing] === -1 || !cols.sessionRecords.equals(head.slotRecord[existing]!, e.from))
          throw new TimelineConsistencyError(`effect #${pos} (session ${e.session} ${e.event}): its "from" record is not the session's current record`, pos)
        slot = existing
      }
      const from = head.slotRecord[slot]!
      const to = e.to === null ? -1 : cols.sessionRecords.add(e.to, from)
      if (e.event === 'cloned') flags |= FLAG_CLONE
      if (e.event === 'loggedIn') flags |= FLAG_LOGIN
      if (e.event === 'deleted') flags |= FLAG_LOGOUT
      if (e.event === 'expired') flags |= FLAG_EXPIRY
      idx = cols.pushEffect(OP_SESSION, sess, slot, 0, 0, -1, from, to, ev, 0, cause, -1)
      head.slotRecord[slot] = to
      cols.trackTomb(slot, idx)
      break
    }
    case 'group': {
      const g = cols.groupIndex(e.groupId)
      head.fit()
      const current = head.groupRecord[g]!
      if (e.from === null ? current !== -1 : current === -1 || !cols.groupRecords.equals(current, e.from))
        throw new TimelineConsistencyError(`effect #${pos} (clone group ${e.groupId} ${e.event}): its "from" record is not the group's current record`, pos)
      const to = e.to === null ? -1 : cols.groupRecords.add(e.to as GroupRecord)
      idx = cols.pushEffect(OP_GROUP, -1, -1, 0, 0, -1, current, to, GROUP_EVENT_CODE[e.event] ?? 255, 0, cause, g)
      head.groupRecord[g] = to
      break
    }
    case 'rekey': {
      const fromSess = cols.sessionIndex(e.from)
      const slot = cols.ensureSessionToSlot().get(fromSess)
      head.fit()
      if (slot === undefined || head.slotRecord[slot] === -1) throw new TimelineConsistencyError(`effect #${pos}: rekey: session ${e.from} does not exist`, pos)
      const toSess = cols.sessionIndex(e.to)
      const other = cols.ensureSessionToSlot().get(toSess)
      if (other !== undefined && head.slotRecord[other] !== -1) throw new TimelineConsistencyError(`effect #${pos}: rekey: session ${e.to} already exists`, pos)
      const fromRec = head.slotRecord[slot]!
      const toRec = cols.sessionRecords.addRekeyed(fromRec, e.to)
      const map = cols.ensureSessionToSlot()
      map.delete(fromSess)
      map.set(toSess, slot)
      cols.sessionSlot.set(toSess, slot)
      flags |= FLAG_LOGIN
      idx = cols.pushEffect(OP_REKEY, fromSess, slot, 0, 0, -1, fromRec, toRec, 0, 0, cause, toSess)
      head.slotRecord[slot] = toRec
      head.slotSession[slot] = toSess
      cols.trackTomb(slot, idx)
      break
    }
    case 'insertRow': {
      const app = e.app
      if (!isInt32(app) || !Number.isInteger(e.index) || e.index < 0)
        throw new TimelineConsistencyError(`effect #${pos}: insertRow needs a whole app number and row index (app ${show(e.app)}, index ${show(e.index)})`, pos)
      const t = cols.tableIndex(app, cols.names.intern(e.table))
      head.fit()
      if (head.tableLength[t] !== e.index)
        throw new TimelineConsistencyError(`effect #${pos}: insertRow: table ${e.table} has ${head.tableLength[t]} rows, expected ${e.index}`, pos)
      const row = cols.misc.intern(JSON.stringify(e.row))
      const rows = cols.tableRows[t]!
      rows[e.index] = row
      const sess = typeof e.session === 'number' ? cols.sessionIndex(e.session) : -1
      idx = cols.pushEffect(OP_INSERT, sess, -1, app, 0, -1, e.index, row, 0, 0, cause, t)
      head.tableLength[t] = e.index + 1
      break
    }
    case 'row': {
      const { app, table, key, change, from, to } = e
      const change_ = ROW_CHANGES.indexOf(change)
      if (!isInt32(app) || typeof table !== 'string' || table === '' || typeof key !== 'string' || key === '' || change_ < 0)
        throw new TimelineConsistencyError(`effect #${pos}: row needs a whole app number, a table, a key and a change (app ${show(app)}, table ${show(table)}, key ${show(key)}, change ${show(change)})`, pos)
      if (!isImageOrNull(from) || !isImageOrNull(to) || (from === null) !== (change === 'insert') || (to === null) !== (change === 'delete'))
        throw new TimelineConsistencyError(`effect #${pos}: row ${table}[${key}] ${change}: 'from' must be null exactly for an insert and 'to' exactly for a delete, else a row image`, pos)
      const t = cols.tableIndex(app, cols.names.intern(table))
      const k = cols.names.intern(key)
      // The before-image must be the row as it is (none for an insert): seeking backward restores it.
      const now = appTablesAtHead(cols).rowOf(t, k)
      const nowImage = now < 0 ? null : cols.misc.get(now)
      // A row no effect has touched yet comes from the app's install scripts (the timeline holds only rows steps changed): its first change brings its before-image.
      const installed = now < 0 && from !== null && !rowTouched(cols, t, k)
      if (!installed && ((nowImage === null) !== (from === null) || (from !== null && canonical(JSON.parse(nowImage!) as Record<string, unknown>) !== canonical(from))))
        throw new TimelineConsistencyError(`effect #${pos}: row ${table}[${key}] ${change}: the row is ${nowImage ?? 'absent'}, 'from' says ${show(from)}`, pos)
      const fromId = from === null ? -1 : cols.misc.intern(JSON.stringify(from))
      const toId = to === null ? -1 : cols.misc.intern(JSON.stringify(to))
      const sess = typeof e.session === 'number' ? cols.sessionIndex(e.session) : -1
      idx = cols.pushEffect(OP_ROW, sess, -1, app, 0, k, fromId, toId, change_, 0, cause, t)
      break
    }
    case 'browser': {
      if (typeof e.browser !== 'string' || e.browser === '') throw new TimelineConsistencyError(`effect #${pos}: a browser effect needs the browser's name (got ${show(e.browser)})`, pos)
      if (browsersAtHead(cols).has(e.browser))
        throw new TimelineConsistencyError(`effect #${pos} (browser ${e.browser} created) creates a browser that already exists`, pos)
      idx = cols.pushEffect(OP_BROWSER, -1, -1, ABSENT, ABSENT, cols.names.intern(e.browser), -1, -1, 0, 0, typeof e.cause === 'string' ? cols.causes.intern(e.cause) : -1, -1)
      break
    }
    case 'cookie': {
      const { browser, name, path, from, to } = e
      if (typeof browser !== 'string' || browser === '' || typeof name !== 'string' || name === '' || typeof path !== 'string' || path === '' || (from !== null && typeof from !== 'string') || (to !== null && typeof to !== 'string'))
        throw new TimelineConsistencyError(`effect #${pos}: a cookie effect needs a browser, a name, a path and from/to texts or null`, pos)
      // The before-image must be what the browser holds now, so seeking backward restores it.
      const jar = browsersAtHead(cols).get(browser)
      if (!jar) throw new TimelineConsistencyError(`effect #${pos} (cookie ${name} of browser ${browser}): browser ${browser} does not exist`, pos)
      const held = jar.get(`${name}\u0000${path}`) ?? null
      if (held !== from) throw new TimelineConsistencyError(`effect #${pos} (cookie ${name} of browser ${browser}) says the cookie was ${show(from)}, but it is ${show(held)}`, pos)
      const sess = typeof e.session === 'number' ? cols.sessionIndex(e.session) : -1
      const causeId = typeof e.cause === 'string' ? cols.causes.intern(e.cause) : -1
      idx = cols.pushEffect(OP_COOKIE, sess, -1, ABSENT, cols.names.intern(path), cols.names.intern(name), cols.valueId(from), cols.valueId(to), 0, 0, causeId, cols.names.intern(browser))
      break
    }
    case 'notice':
    case 'warning': {
      const sess = typeof e.session === 'number' ? cols.sessionIndex(e.session) : -1
      const app = isInt32(e.app) ? e.app : ABSENT
      const page = e.page === null ? -1 : isInt32(e.page) && e.page >= 0 ? e.page : ABSENT
      const item = typeof e.item === 'string' ? cols.names.intern(e.item) : -1
      const code = typeof e.code === 'string' ? cols.names.intern(e.code) : -1
      const message = -1
      idx = cols.pushEffect(e.op === 'notice' ? OP_NOTICE : OP_WARNING, sess, -1, app, page, item, code, -1, 0, 0, message, -1)
      break
    }
    default: {
      // A kind the timeline does not know: kept in the step (its event line), no state to check or change.
      const r = e as { op?: unknown; session?: unknown }
      if (typeof r.op !== 'string' || r.op === '') throw new TimelineConsistencyError(`effect #${pos}: an effect needs an op (got ${show(r.op)})`, pos)
      const sess = typeof r.session === 'number' ? cols.sessionIndex(r.session) : -1
      idx = cols.pushEffect(OP_OTHER, sess, -1, ABSENT, ABSENT, -1, -1, -1, 0, 0, -1, -1)
      break
    }
  }
  head.pos = idx + 1
  return flags
}
