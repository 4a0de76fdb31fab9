/**
 * A fast acceptance check for trace events, for the loader's hot path.
 *
 * The trace module's zod schemas (src-main/trace/schema.ts and the model
 * schemas they build on) are the reference; running them on every line of a
 * million-event trace costs about half as much as JSON.parse itself. This
 * hand-written check is only ever used to *accept*: it must be sound (never
 * accept an event the schema refuses). When it says no — an `expect` line,
 * an unusual shape, a number it is unsure of, an oversized value — the loader
 * asks the trace module to judge the line, which accepts it or reports the
 * first problem with its line and field exactly as the reader does. Tests
 * check the soundness on random and mutated events against the zod schema,
 * and that the keys known here are the schema's keys.
 */
import { GROUP_EVENTS, SESSION_EVENTS } from '../../engine/model/effect.js'
import { MAX_CLOCK_SECONDS, isBrowserName } from '../../engine/model/operation.js'
import { OUTCOMES } from '../../engine/model/step.js'
import { findOversizedValue } from '../../trace/limits.js'
import type { TraceEvent } from '../../trace/schema.js'

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v)
const isStr = (v: unknown): v is string => typeof v === 'string'
const isStr1 = (v: unknown): v is string => typeof v === 'string' && v.length >= 1
const strOrNull = (v: unknown) => v === null || typeof v === 'string'
const numOrNull = (v: unknown) => v === null || isNum(v)
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v)
/** A session reference: an alias (non-empty) or a positive integer ID. */
const isSessionRef = (v: unknown) => isStr1(v) || (isInt(v) && v > 0)
const isInputValue = (v: unknown) => v === null || typeof v === 'string' || isNum(v)
const isStatus = (v: unknown) => v === null || v === 'I' || v === 'U' || v === 'R'
const SESSION_EVENT_SET = new Set<unknown>(SESSION_EVENTS)
const GROUP_EVENT_SET = new Set<unknown>(GROUP_EVENTS)
const OUTCOME_SET = new Set<unknown>(OUTCOMES)
const ENDED_SET = new Set<unknown>([null, 'expired', 'loggedOut'])

function isRecordOf(v: unknown, check: (x: unknown) => boolean): boolean {
  if (!isObj(v)) return false
  for (const k in v) if (!check(v[k])) return false
  return true
}

/** A clock time or duration as the operation schema takes it: 0 … MAX_CLOCK_SECONDS (100 years). */
function isSeconds(v: unknown): boolean {
  return isNum(v) && v >= 0 && v <= MAX_CLOCK_SECONDS
}

/** A row image of the app database: column → text, number or null. */
function isRowImage(v: unknown): boolean {
  return isRecordOf(v, (x) => x === null || isStr(x) || isNum(x))
}

const ROW_CHANGES = new Set(['insert', 'update', 'delete'])

function isSessionRecord(r: unknown): boolean {
  if (!isObj(r)) return false
  if (!isNum(r.id) || !strOrNull(r.alias) || !isStr(r.user) || !isNum(r.createdAt) || !isNum(r.groupId)) return false
  const apps = r.apps
  if (!Array.isArray(apps)) return false
  // An index loop, not every(): every() skips holes, which the schema refuses.
  for (let i = 0; i < apps.length; i++) if (!isNum(apps[i])) return false
  return numOrNull(r.currentApp) && numOrNull(r.currentPage) && ENDED_SET.has(r.ended) && numOrNull(r.endedAt) && optional(r.browser, isStr) && optional(r.cookie, isStr)
}

function isGroupRecord(r: unknown): boolean {
  return isObj(r) && isNum(r.id) && isNum(r.createdAt) && isNum(r.lastActivity) && isNum(r.maxSessionLengthSec) && isNum(r.maxSessionIdleSec)
}

function isEffect(e: unknown): boolean {
  if (!isObj(e)) return false
  switch (e.op) {
    case 'set':
      return isNum(e.session) && isNum(e.app) && numOrNull(e.page) && isStr(e.item) && strOrNull(e.from) && isStatus(e.fromStatus) && strOrNull(e.to) && isStatus(e.toStatus) && isStr(e.cause)
    case 'userSet':
      return isStr(e.user) && isNum(e.app) && isStr(e.item) && strOrNull(e.from) && strOrNull(e.to) && optional(e.session, isNum) && isStr(e.cause)
    case 'session':
      return SESSION_EVENT_SET.has(e.event) && isNum(e.session) && (e.from === null || isSessionRecord(e.from)) && (e.to === null || isSessionRecord(e.to)) && isStr(e.cause)
    case 'group':
      return GROUP_EVENT_SET.has(e.event) && isNum(e.groupId) && (e.from === null || isGroupRecord(e.from)) && (e.to === null || isGroupRecord(e.to)) && isStr(e.cause)
    case 'rekey':
      return isNum(e.from) && isNum(e.to) && isStr(e.cause)
    case 'insertRow':
      return isNum(e.app) && isStr(e.table) && isInt(e.index) && e.index >= 0 && isRecordOf(e.row, strOrNull) && optional(e.session, isNum) && isStr(e.cause)
    case 'row':
      return isNum(e.app) && isStr(e.table) && isStr(e.key) && ROW_CHANGES.has(e.change as string) && (e.from === null || isRowImage(e.from)) && (e.to === null || isRowImage(e.to)) && optional(e.session, isNum) && isStr(e.cause)
    case 'browser':
      return e.event === 'created' && isBrowserName(e.browser) && isStr(e.cause)
    case 'cookie':
      return isBrowserName(e.browser) && isStr1(e.name) && isStr1(e.path) && strOrNull(e.from) && strOrNull(e.to) && optional(e.session, isNum) && isStr(e.cause)
    case 'notice':
    case 'warning':
      return optional(e.code, isStr) && isStr(e.message) && optional(e.session, isNum) && optional(e.app, isNum) && optional(e.page, numOrNull) && optional(e.item, isStr)
    default:
      return false
  }
}

/** Fields every event may have (t, note) and the recorded ones (effects, outcome). */
function commonOk(e: Obj): boolean {
  if (!optional(e.t, isSeconds) || !optional(e.note, isStr)) return false
  // What the real server answered (a HAR import's `observed`) is nested and rare: the schema path checks it.
  if (e.observed !== undefined) return false
  if (e.outcome !== undefined && !OUTCOME_SET.has(e.outcome)) return false
  const effects = e.effects
  if (effects !== undefined) {
    if (!Array.isArray(effects)) return false
    for (const x of effects) if (!isEffect(x)) return false
  }
  return true
}

function shapeOk(e: Obj): boolean {
  switch (e.type) {
    case 'request':
      // A signed request (issue #16) is rare: its scope is the schema's to judge.
      return optional(e.session, isSessionRef) && isStr(e.url) && optional(e.as, isStr1) && optional(e.browser, isBrowserName) && e.sign === undefined
    case 'submit':
      return (
        isSessionRef(e.session) &&
        isInt(e.page) &&
        e.page >= 0 &&
        optional(e.app, (a) => isInt(a) && a > 0) &&
        optional(e.request, isStr) &&
        optional(e.values, (v) => isRecordOf(v, isInputValue)) &&
        // Interactive Grid rows (issue #11) are judged by the trace module.
        e.grids === undefined &&
        optional(e.browser, isBrowserName)
      )
    case 'clone':
      return isSessionRef(e.session) && isStr1(e.as) && optional(e.page, (p) => isInt(p) && p >= 0) && optional(e.browser, isBrowserName)
    case 'login':
      return isSessionRef(e.session) && isStr1(e.user) && optional(e.browser, isBrowserName)
    case 'logout':
      return isSessionRef(e.session) && optional(e.browser, isBrowserName)
    case 'wait':
      return isSeconds(e.seconds)
    case 'setState':
      return isSessionRef(e.session) && isStr1(e.item) && isInputValue(e.value) && optional(e.app, (a) => isInt(a) && a > 0)
    case 'clearCache':
      return isSessionRef(e.session) && isStr(e.tokens) && optional(e.app, (a) => isInt(a) && a > 0)
    default:
      // `expect` (and anything unknown) is judged by the trace module.
      return false
  }
}

/**
 * True when `value` (a parsed line after the header) is certainly a valid
 * event under the trace format, value size limit included. False means
 * "ask the trace module", not "invalid".
 */
export function fastAcceptEvent(value: unknown, maxValueBytes: number): value is TraceEvent {
  if (!isObj(value) || !shapeOk(value) || !commonOk(value)) return false
  return findOversizedValue(value as TraceEvent, maxValueBytes) === null
}

/** The keys this check knows, per event type and effect op (a test compares them with the zod schemas). */
export const FAST_VALIDATE_KEYS = {
  events: {
    request: ['type', 't', 'note', 'session', 'url', 'as', 'browser', 'sign', 'effects', 'outcome', 'observed'],
    submit: ['type', 't', 'note', 'session', 'page', 'app', 'request', 'values', 'grids', 'browser', 'effects', 'outcome', 'observed'],
    clone: ['type', 't', 'note', 'session', 'as', 'page', 'browser', 'effects', 'outcome', 'observed'],
    login: ['type', 't', 'note', 'session', 'user', 'browser', 'effects', 'outcome', 'observed'],
    logout: ['type', 't', 'note', 'session', 'browser', 'effects', 'outcome', 'observed'],
    wait: ['type', 't', 'note', 'seconds', 'effects', 'outcome', 'observed'],
    setState: ['type', 't', 'note', 'session', 'item', 'value', 'app', 'effects', 'outcome', 'observed'],
    clearCache: ['type', 't', 'note', 'session', 'tokens', 'app', 'effects', 'outcome', 'observed'],
    // Listed for the key check only: shapeOk has no case for ajax, so its events always take the schema path.
    ajax: ['type', 't', 'note', 'session', 'app', 'page', 'process', 'plugin', 'action', 'values', 'returnItems', 'x', 'f', 'effects', 'outcome', 'observed'],
  },
  effects: {
    set: ['op', 'session', 'app', 'page', 'item', 'from', 'fromStatus', 'to', 'toStatus', 'cause'],
    userSet: ['op', 'user', 'app', 'item', 'from', 'to', 'session', 'cause'],
    session: ['op', 'event', 'session', 'from', 'to', 'cause'],
    group: ['op', 'event', 'groupId', 'from', 'to', 'cause'],
    rekey: ['op', 'from', 'to', 'cause'],
    insertRow: ['op', 'app', 'table', 'index', 'row', 'session', 'cause'],
    row: ['op', 'app', 'table', 'key', 'change', 'from', 'to', 'session', 'cause'],
    notice: ['op', 'code', 'message', 'session', 'app', 'page', 'item'],
    browser: ['op', 'event', 'browser', 'cause'],
    cookie: ['op', 'browser', 'name', 'path', 'from', 'to', 'session', 'cause'],
  },
  sessionRecord: ['id', 'alias', 'user', 'createdAt', 'groupId', 'apps', 'currentApp', 'currentPage', 'ended', 'endedAt', 'browser', 'cookie'],
  groupRecord: ['id', 'createdAt', 'lastActivity', 'maxSessionLengthSec', 'maxSessionIdleSec'],
}
