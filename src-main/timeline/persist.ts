/**
 * A timeline as named byte parts (and back): what a workspace file stores as
 * BLOBs and what the load worker hands to the main thread (transferred, not
 * copied). Reopening is therefore a few BLOB reads — no trace parsing, no
 * effect re-application beyond one checkpoint interval.
 */
import type { ColumnKind } from './columns/growable.js'
import { typedFromBytes } from './columns/growable.js'
import { StringTable } from './columns/string-table.js'
import { OP_GROUP, OP_INSERT, OP_REKEY, OP_SESSION, OP_SET, OP_USERSET } from './codes.js'
import type { Checkpoint } from './dense-state.js'
import { TimelineColumns } from './timeline-columns.js'
import type { EventStore } from './timeline-columns.js'

export const PERSIST_VERSION = 2

type Col = { length: number; bytes(): Buffer; adopt(v: never): void }

function columnsOf(c: TimelineColumns): [string, ColumnKind, Col][] {
  const r = c.sessionRecs
  const g = c.groupRecs
  return [
    ['sessIds', 'f64', c.sessIds],
    ['sessSlot', 'i32', c.sessSlot],
    ['slotInitSess', 'i32', c.slotInitSess],
    ['rkSlot', 'i32', c.rkSlot],
    ['rkApp', 'i32', c.rkApp],
    ['rkPage', 'i32', c.rkPage],
    ['rkItem', 'i32', c.rkItem],
    ['ukUser', 'i32', c.ukUser],
    ['ukApp', 'i32', c.ukApp],
    ['ukItem', 'i32', c.ukItem],
    ['groupIds', 'f64', c.groupIds],
    ['tbApp', 'i32', c.tbApp],
    ['tbName', 'i32', c.tbName],
    ['eOp', 'u8', c.eOp],
    ['eSess', 'i32', c.eSess],
    ['eSlot', 'i32', c.eSlot],
    ['eApp', 'i32', c.eApp],
    ['ePage', 'i32', c.ePage],
    ['eItem', 'i32', c.eItem],
    ['eFrom', 'i32', c.eFrom],
    ['eTo', 'i32', c.eTo],
    ['eFromSt', 'u8', c.eFromSt],
    ['eToSt', 'u8', c.eToSt],
    ['eCause', 'i32', c.eCause],
    ['eKey', 'i32', c.eKey],
    ['sT', 'f64', c.sT],
    ['sTEnd', 'f64', c.sTEnd],
    ['sEff', 'u32', c.sEff],
    ['sKind', 'u8', c.sKind],
    ['sOutcome', 'u8', c.sOutcome],
    ['sCausedBy', 'i32', c.sCausedBy],
    ['sPh', 'u32', c.sPh],
    ['sFlags', 'u8', c.sFlags],
    ['sEvent', 'i32', c.sEvent],
    ['sSub', 'u8', c.sSub],
    ['phEnd', 'u32', c.phEnd],
    ['phKind', 'u8', c.phKind],
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
    ['tombSince', 'u32', c.tombSince],
    ['tombRec', 'i32', c.tombRec],
    ['tombSess', 'i32', c.tombSess],
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
  parts['sr.extras'] = text(JSON.stringify([...c.sessionRecs.extras]))
  parts['gr.extras'] = text(JSON.stringify([...c.groupRecs.extras]))
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
  for (const [k, v] of json('sr.extras') as [number, Record<string, unknown>][]) c.sessionRecs.extras.set(k, v)
  for (const [k, v] of json('gr.extras') as [number, Record<string, unknown>][]) c.groupRecs.extras.set(k, v)
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
  const ne = c.eOp.length
  for (const col of [c.eSess, c.eSlot, c.eApp, c.ePage, c.eItem, c.eFrom, c.eTo, c.eFromSt, c.eToSt, c.eCause, c.eKey]) if (col.length !== ne) fail('effect columns differ in length')
  const ns = c.sT.length
  for (const col of [c.sTEnd, c.sKind, c.sOutcome, c.sCausedBy, c.sFlags, c.sEvent, c.sSub]) if (col.length !== ns) fail('step columns differ in length')
  if (ns > 0 && c.sEvent.get(ns - 1) + 1 !== c.events.count) fail(`${c.events.count} events stored for steps of ${c.sEvent.get(ns - 1) + 1}`)
  if (c.sEff.length !== ns + 1 || c.sPh.length !== ns + 1) fail('step offsets do not match the step count')
  const nph = c.phEnd.length
  if (c.sEff.get(ns) !== ne || c.sPh.get(ns) !== nph) fail('step offsets do not match the effect or phase count')
  if (c.phKind.length !== nph) fail('phase columns differ in length')
  for (const col of [c.tombSince, c.tombRec, c.tombSess]) if (col.length !== c.slotInitSess.length) fail('tombstone columns differ in length')
  const eff = c.sEff.raw
  for (let s = 0; s < ns; s++) if (eff[s]! > eff[s + 1]!) fail(`step ${s} has a negative number of effects`)
  const nk = c.rkSlot.length
  const nslots = c.slotInitSess.length
  const op = c.eOp.raw
  const key = c.eKey.raw
  const slot = c.eSlot.raw
  for (let i = 0; i < ne; i++) {
    const o = op[i]!
    const k = key[i]!
    const ok =
      o === OP_SET
        ? k >= 0 && k < nk && slot[i]! < nslots
        : o === OP_USERSET
          ? k >= 0 && k < c.ukUser.length
          : o === OP_SESSION || o === OP_REKEY
            ? slot[i]! >= 0 && slot[i]! < nslots
            : o === OP_GROUP
              ? k >= 0 && k < c.groupIds.length
              : o === OP_INSERT
                ? k >= 0 && k < c.tbApp.length
                : o >= 7 && o <= 8
    if (!ok) fail(`effect ${i} refers to something that does not exist`)
  }
  for (const cp of c.checkpoints) if (cp.pos > ne || cp.step >= ns) fail('a checkpoint lies beyond the timeline')
}
