/**
 * A timeline as named byte parts (and back): what a workspace file stores as
 * BLOBs and what the load worker hands to the main thread (transferred, not
 * copied). Reopening is therefore a few BLOB reads — no trace parsing, no
 * effect re-application beyond one checkpoint interval.
 */
import type { ColumnKind } from './columns/growable.js'
import { typedFromBytes } from './columns/growable.js'
import { StringTable } from './columns/string-table.js'
import { OP_BROWSER, OP_COOKIE, OP_GROUP, OP_INSERT, OP_NOTICE, OP_OTHER, OP_REKEY, OP_ROW, OP_SESSION, OP_SET, OP_USERSET, OP_WARNING } from './codes.js'
import type { Checkpoint } from './dense-state.js'
import { TimelineColumns } from './timeline-columns.js'
import type { EventStore } from './timeline-columns.js'

export const PERSIST_VERSION = 2

type Col = { length: number; bytes(): Buffer; adopt(v: never): void }

function columnsOf(c: TimelineColumns): [string, ColumnKind, Col][] {
  const r = c.sessionRecords
  const g = c.groupRecords
  return [
    ['sessIds', 'f64', c.sessionIds],
    ['sessSlot', 'i32', c.sessionSlot],
    ['slotInitSess', 'i32', c.slotFirstSession],
    ['rkSlot', 'i32', c.rowKeySlot],
    ['rkApp', 'i32', c.rowKeyApp],
    ['rkPage', 'i32', c.rowKeyPage],
    ['rkItem', 'i32', c.rowKeyItem],
    ['ukUser', 'i32', c.userKeyUser],
    ['ukApp', 'i32', c.userKeyApp],
    ['ukItem', 'i32', c.userKeyItem],
    ['groupIds', 'f64', c.groupIds],
    ['tbApp', 'i32', c.tableApp],
    ['tbName', 'i32', c.tableName],
    ['eOp', 'u8', c.effectOp],
    ['eSess', 'i32', c.effectSession],
    ['eSlot', 'i32', c.effectSlot],
    ['eApp', 'i32', c.effectApp],
    ['ePage', 'i32', c.effectPage],
    ['eItem', 'i32', c.effectItem],
    ['eFrom', 'i32', c.effectFrom],
    ['eTo', 'i32', c.effectTo],
    ['eFromSt', 'u8', c.effectFromStatus],
    ['eToSt', 'u8', c.effectToStatus],
    ['eCause', 'i32', c.effectCause],
    ['eKey', 'i32', c.effectKey],
    ['sT', 'f64', c.stepTime],
    ['sTEnd', 'f64', c.stepTimeAfter],
    ['sEff', 'u32', c.stepFirstEffect],
    ['sKind', 'u8', c.stepKind],
    ['sOutcome', 'u8', c.stepOutcome],
    ['sCausedBy', 'i32', c.stepCausedBy],
    ['sPh', 'u32', c.stepFirstPhase],
    ['sFlags', 'u8', c.stepFlags],
    ['sEvent', 'i32', c.stepEvent],
    ['sSub', 'u8', c.stepInEvent],
    ['phEnd', 'u32', c.phaseEnd],
    ['phKind', 'u8', c.phaseKind],
    ['sr.id', 'f64', r.id],
    ['sr.alias', 'i32', r.alias],
    ['sr.user', 'i32', r.user],
    ['sr.createdAt', 'f64', r.createdAt],
    ['sr.groupId', 'f64', r.groupId],
    ['sr.apps', 'i32', r.apps],
    ['sr.currentApp', 'f64', r.currentApp],
    ['sr.currentPage', 'f64', r.currentPage],
    ['sr.ended', 'u8', r.ended],
    ['sr.endedAt', 'f64', r.endedAt],
    ['gr.id', 'f64', g.id],
    ['gr.createdAt', 'f64', g.createdAt],
    ['gr.lastActivity', 'f64', g.lastActivity],
    ['gr.maxLen', 'f64', g.maxLen],
    ['gr.maxIdle', 'f64', g.maxIdle],
    ['tombSince', 'u32', c.tombstoneSince],
    ['tombRec', 'i32', c.tombstoneRecord],
    ['tombSess', 'i32', c.tombstoneSession],
  ]
}

const STRING_TABLES = ['names', 'values', 'causes', 'misc'] as const

export interface TimelineParts {
  /** Column and table bytes by name. */
  parts: Record<string, Uint8Array>
  checkpoints: Checkpoint[]
  checkpointEvery: number
}

const text = (s: string) => Buffer.from(s, 'utf8')

export function serializeTimeline(c: TimelineColumns): TimelineParts {
  const parts: Record<string, Uint8Array> = {}
  for (const [name, , col] of columnsOf(c)) parts[name] = col.bytes()
  for (const t of STRING_TABLES) {
    const d = c[t].dump()
    parts[`${t}.arena`] = d.arena
    parts[`${t}.starts`] = d.starts
    parts[`${t}.exotic`] = text(d.exotic)
  }
  parts['sr.extras'] = text(JSON.stringify([...c.sessionRecords.extras]))
  parts['gr.extras'] = text(JSON.stringify([...c.groupRecords.extras]))
  parts['tableRows'] = text(JSON.stringify(c.tableRows))
  return { parts, checkpoints: c.checkpoints, checkpointEvery: c.checkpointEvery }
}

/** Every ArrayBuffer of the parts (for postMessage's transfer list). */
export function transferList(p: TimelineParts): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>()
  const add = (a: Uint8Array | Int32Array) => {
    if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) set.add(a.buffer)
  }
  for (const v of Object.values(p.parts)) add(v)
  for (const cp of p.checkpoints) for (const a of [cp.rows, cp.rowStatus, cp.slots, cp.groups, cp.users, cp.tables]) add(a)
  return [...set]
}

export class TimelineDataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TimelineDataError'
  }
}

/** Rebuilds a timeline from its parts, checking that they fit together (a damaged file is refused, never half-read). */
export function deserializeTimeline(p: TimelineParts, events: EventStore): TimelineColumns {
  const need = (name: string): Uint8Array => {
    const v = p.parts[name]
    if (!v) throw new TimelineDataError(`part "${name}" is missing`)
    return v
  }
  const table = (t: (typeof STRING_TABLES)[number]) => StringTable.restore(need(`${t}.arena`), need(`${t}.starts`), Buffer.from(need(`${t}.exotic`)).toString('utf8'))
  const strings = { names: table('names'), values: table('values'), causes: table('causes'), misc: table('misc') }
  const c = new TimelineColumns({ checkpointEvery: p.checkpointEvery, events, strings })
  for (const [name, kind, col] of columnsOf(c)) col.adopt(typedFromBytes(kind, need(name)) as never)
  const json = (name: string) => JSON.parse(Buffer.from(need(name)).toString('utf8')) as unknown
  for (const [k, v] of json('sr.extras') as [number, Record<string, unknown>][]) c.sessionRecords.extras.set(k, v)
  for (const [k, v] of json('gr.extras') as [number, Record<string, unknown>][]) c.groupRecords.extras.set(k, v)
  c.tableRows = json('tableRows') as number[][]
  c.checkpoints = p.checkpoints
  check(c)
  c.dropMaps()
  // The head (state after the last step) is where appends continue.
  const last = c.checkpoints[c.checkpoints.length - 1] ?? null
  c.head.restore(last)
  c.head.forward(c.effectCount)
  c.head.materializeTombs()
  c.rebuildLiveRows()
  return c
}

function check(c: TimelineColumns): void {
  const fail = (why: string): never => {
    throw new TimelineDataError(why)
  }
  const ne = c.effectOp.length
  for (const col of [c.effectSession, c.effectSlot, c.effectApp, c.effectPage, c.effectItem, c.effectFrom, c.effectTo, c.effectFromStatus, c.effectToStatus, c.effectCause, c.effectKey]) if (col.length !== ne) fail('effect columns differ in length')
  const ns = c.stepTime.length
  for (const col of [c.stepTimeAfter, c.stepKind, c.stepOutcome, c.stepCausedBy, c.stepFlags, c.stepEvent, c.stepInEvent]) if (col.length !== ns) fail('step columns differ in length')
  if (ns > 0 && c.stepEvent.get(ns - 1) + 1 !== c.events.count) fail(`${c.events.count} events stored for steps of ${c.stepEvent.get(ns - 1) + 1}`)
  if (c.stepFirstEffect.length !== ns + 1 || c.stepFirstPhase.length !== ns + 1) fail('step offsets do not match the step count')
  const nph = c.phaseEnd.length
  if (c.stepFirstEffect.get(ns) !== ne || c.stepFirstPhase.get(ns) !== nph) fail('step offsets do not match the effect or phase count')
  if (c.phaseKind.length !== nph) fail('phase columns differ in length')
  for (const col of [c.tombstoneSince, c.tombstoneRecord, c.tombstoneSession]) if (col.length !== c.slotFirstSession.length) fail('tombstone columns differ in length')
  const eff = c.stepFirstEffect.raw
  for (let s = 0; s < ns; s++) if (eff[s]! > eff[s + 1]!) fail(`step ${s} has a negative number of effects`)
  const nk = c.rowKeySlot.length
  const nslots = c.slotFirstSession.length
  const op = c.effectOp.raw
  const key = c.effectKey.raw
  const slot = c.effectSlot.raw
  for (let i = 0; i < ne; i++) {
    const o = op[i]!
    const k = key[i]!
    const ok =
      o === OP_SET
        ? k >= 0 && k < nk && slot[i]! < nslots
        : o === OP_USERSET
          ? k >= 0 && k < c.userKeyUser.length
          : o === OP_SESSION || o === OP_REKEY
            ? slot[i]! >= 0 && slot[i]! < nslots
            : o === OP_GROUP
              ? k >= 0 && k < c.groupIds.length
              : o === OP_INSERT || o === OP_ROW
                ? k >= 0 && k < c.tableApp.length
                : o === OP_BROWSER
                  ? c.effectItem.get(i) >= 0 && c.effectItem.get(i) < c.names.count
                  : o === OP_COOKIE
                    ? k >= 0 && k < c.names.count && c.effectItem.get(i) >= 0 && c.effectItem.get(i) < c.names.count
                    : (o >= OP_NOTICE && o <= OP_WARNING) || o === OP_OTHER
    if (!ok) fail(`effect ${i} refers to something that does not exist`)
  }
  for (const cp of c.checkpoints) if (cp.pos > ne || cp.step >= ns) fail('a checkpoint lies beyond the timeline')
}
