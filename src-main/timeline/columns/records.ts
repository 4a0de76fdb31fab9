/**
 * Session and clone-group records as columns. Every `session`/`group` effect
 * carries a before and an after record; the timeline stores each distinct
 * record once (a `from` image always equals the record already current, so
 * only `to` images are new) and effects refer to them by id.
 *
 * Fields the model does not know (records are loose objects: a newer writer
 * may add some) are kept per record and given back on reconstruction.
 */
import type { GroupRecord, SessionRecord } from '../../engine/model/effect.js'
import { F64, I32, U8 } from './growable.js'
import type { StringTable } from './string-table.js'

const SESSION_KEYS = ['id', 'alias', 'user', 'createdAt', 'groupId', 'apps', 'currentApp', 'currentPage', 'ended', 'endedAt'] as const
const SESSION_KEY_SET = new Set<string>(SESSION_KEYS)
const GROUP_KEYS = ['id', 'createdAt', 'lastActivity', 'maxSessionLengthSec', 'maxSessionIdleSec'] as const
const GROUP_KEY_SET = new Set<string>(GROUP_KEYS)

const ENDED = [null, 'expired', 'loggedOut'] as const

function extraFields(rec: Record<string, unknown>, known: Set<string>, expected: number): Record<string, unknown> | null {
  let n = 0
  let unknown = false
  for (const k in rec) {
    n++
    if (!known.has(k)) unknown = true
  }
  if (n === expected && !unknown) return null
  const extra: Record<string, unknown> = {}
  for (const k in rec) if (!known.has(k)) extra[k] = rec[k]
  return extra
}

/** Column for a number or null (NaN stands for null; a genuine NaN cannot come from JSON). */
function nn(v: unknown): number {
  return typeof v === 'number' ? v : NaN
}

export class SessionRecords {
  readonly id = new F64()
  readonly alias = new I32()
  readonly user = new I32()
  readonly createdAt = new F64()
  readonly groupId = new F64()
  readonly apps = new I32()
  readonly currentApp = new F64()
  readonly currentPage = new F64()
  readonly ended = new U8()
  readonly endedAt = new F64()
  /** Record id → fields the model does not know, or whose value the columns cannot hold exactly. */
  readonly extras = new Map<number, Record<string, unknown>>()
  private lastAppsJson = ''
  private lastAppsId = -1

  constructor(
    private readonly names: StringTable,
    private readonly misc: StringTable,
  ) {}

  get count(): number {
    return this.id.length
  }

  /**
   * Adds a record. `like` is a record it probably shares strings with (the
   * one it replaces): equal alias, user and apps reuse its ids without
   * hashing.
   */
  add(rec: SessionRecord, like = -1): number {
    const r = rec as unknown as Record<string, unknown>
    const idx = this.id.push(nn(rec.id))
    const likeAlias = like >= 0 ? this.alias.get(like) : -2
    const likeUser = like >= 0 ? this.user.get(like) : -2
    this.alias.push(
      typeof rec.alias === 'string' ? (likeAlias >= 0 && this.names.get(likeAlias) === rec.alias ? likeAlias : this.names.intern(rec.alias)) : -1,
    )
    this.user.push(typeof rec.user === 'string' ? (likeUser >= 0 && this.names.get(likeUser) === rec.user ? likeUser : this.names.intern(rec.user)) : -1)
    this.createdAt.push(nn(rec.createdAt))
    this.groupId.push(nn(rec.groupId))
    if (like >= 0 && Array.isArray(rec.apps) && sameNumbers(this.appsOf(this.apps.get(like)), rec.apps)) this.apps.push(this.apps.get(like))
    else {
      const appsJson = Array.isArray(rec.apps) ? (rec.apps.length === 0 ? '[]' : JSON.stringify(rec.apps)) : 'null'
      if (appsJson !== this.lastAppsJson) {
        this.lastAppsJson = appsJson
        this.lastAppsId = this.misc.intern(appsJson)
      }
      this.apps.push(this.lastAppsId)
    }
    this.currentApp.push(nn(rec.currentApp))
    this.currentPage.push(nn(rec.currentPage))
    const ended = rec.ended === null ? 0 : rec.ended === 'expired' ? 1 : rec.ended === 'loggedOut' ? 2 : 0
    this.ended.push(ended)
    this.endedAt.push(nn(rec.endedAt))
    // Anything the columns would not give back exactly goes to extras.
    let extra = extraFields(r, SESSION_KEY_SET, SESSION_KEYS.length)
    const odd =
      typeof rec.id !== 'number' ||
      (rec.alias !== null && typeof rec.alias !== 'string') ||
      typeof rec.user !== 'string' ||
      typeof rec.createdAt !== 'number' ||
      typeof rec.groupId !== 'number' ||
      !Array.isArray(rec.apps) ||
      (rec.currentApp !== null && typeof rec.currentApp !== 'number') ||
      (rec.currentPage !== null && typeof rec.currentPage !== 'number') ||
      (rec.ended !== null && rec.ended !== 'expired' && rec.ended !== 'loggedOut') ||
      (rec.endedAt !== null && typeof rec.endedAt !== 'number')
    if (odd) {
      extra ??= {}
      for (const k of SESSION_KEYS) extra[k] = r[k]
    }
    if (extra) this.extras.set(idx, extra)
    return idx
  }

  /** A copy of record `idx` with another session ID (login rotation moves the record). */
  addRekeyed(idx: number, newId: number): number {
    const n = this.id.push(newId)
    this.alias.push(this.alias.get(idx))
    this.user.push(this.user.get(idx))
    this.createdAt.push(this.createdAt.get(idx))
    this.groupId.push(this.groupId.get(idx))
    this.apps.push(this.apps.get(idx))
    this.currentApp.push(this.currentApp.get(idx))
    this.currentPage.push(this.currentPage.get(idx))
    this.ended.push(this.ended.get(idx))
    this.endedAt.push(this.endedAt.get(idx))
    const extra = this.extras.get(idx)
    if (extra) this.extras.set(n, 'id' in extra ? { ...extra, id: newId } : { ...extra })
    return n
  }

  private readonly appsCache = new Map<number, number[]>()

  /** The apps list stored under misc id `id` (parsed once). */
  private appsOf(id: number): number[] {
    let a = this.appsCache.get(id)
    if (!a) {
      a = JSON.parse(this.misc.get(id)) as number[]
      this.appsCache.set(id, a)
    }
    return a
  }

  get(idx: number): SessionRecord {
    const alias = this.alias.get(idx)
    const user = this.user.get(idx)
    const rec: SessionRecord = {
      id: this.id.get(idx),
      alias: alias < 0 ? null : this.names.get(alias),
      user: user < 0 ? '' : this.names.get(user),
      createdAt: this.createdAt.get(idx),
      groupId: this.groupId.get(idx),
      apps: [...(this.appsOf(this.apps.get(idx)) ?? [])],
      currentApp: orNull(this.currentApp.get(idx)),
      currentPage: orNull(this.currentPage.get(idx)),
      ended: ENDED[this.ended.get(idx)] ?? null,
      endedAt: orNull(this.endedAt.get(idx)),
    }
    const extra = this.extras.get(idx)
    return extra ? (Object.assign(rec, extra) as SessionRecord) : rec
  }

  /** Is record `idx` equal to `rec` (as the engine compares records: field by field)? */
  equals(idx: number, rec: SessionRecord | null | undefined): boolean {
    if (rec === null || rec === undefined || typeof rec !== 'object') return false
    if (this.extras.has(idx) || extraFields(rec as unknown as Record<string, unknown>, SESSION_KEY_SET, SESSION_KEYS.length) !== null)
      return sameJson(this.get(idx), rec)
    if (!Array.isArray(rec.apps)) return false
    return (
      this.id.get(idx) === rec.id &&
      this.createdAt.get(idx) === rec.createdAt &&
      this.groupId.get(idx) === rec.groupId &&
      eqNull(this.currentApp.get(idx), rec.currentApp) &&
      eqNull(this.currentPage.get(idx), rec.currentPage) &&
      eqNull(this.endedAt.get(idx), rec.endedAt) &&
      (ENDED[this.ended.get(idx)] ?? null) === rec.ended &&
      strEq(this.names, this.alias.get(idx), rec.alias) &&
      strEq(this.names, this.user.get(idx), rec.user) &&
      sameNumbers(this.appsOf(this.apps.get(idx)), rec.apps)
    )
  }
}

export class GroupRecords {
  readonly id = new F64()
  readonly createdAt = new F64()
  readonly lastActivity = new F64()
  readonly maxLen = new F64()
  readonly maxIdle = new F64()
  readonly extras = new Map<number, Record<string, unknown>>()

  get count(): number {
    return this.id.length
  }

  add(rec: GroupRecord): number {
    const idx = this.id.push(nn(rec.id))
    this.createdAt.push(nn(rec.createdAt))
    this.lastActivity.push(nn(rec.lastActivity))
    this.maxLen.push(nn(rec.maxSessionLengthSec))
    this.maxIdle.push(nn(rec.maxSessionIdleSec))
    const r = rec as unknown as Record<string, unknown>
    let extra = extraFields(r, GROUP_KEY_SET, GROUP_KEYS.length)
    if (GROUP_KEYS.some((k) => typeof r[k] !== 'number')) {
      extra ??= {}
      for (const k of GROUP_KEYS) extra[k] = r[k]
    }
    if (extra) this.extras.set(idx, extra)
    return idx
  }

  get(idx: number): GroupRecord {
    const rec: GroupRecord = {
      id: this.id.get(idx),
      createdAt: this.createdAt.get(idx),
      lastActivity: this.lastActivity.get(idx),
      maxSessionLengthSec: this.maxLen.get(idx),
      maxSessionIdleSec: this.maxIdle.get(idx),
    }
    const extra = this.extras.get(idx)
    return extra ? (Object.assign(rec, extra) as GroupRecord) : rec
  }

  equals(idx: number, rec: GroupRecord | null | undefined): boolean {
    if (rec === null || rec === undefined || typeof rec !== 'object') return false
    if (this.extras.has(idx) || extraFields(rec as unknown as Record<string, unknown>, GROUP_KEY_SET, GROUP_KEYS.length) !== null)
      return sameJson(this.get(idx), rec)
    return (
      this.id.get(idx) === rec.id &&
      this.createdAt.get(idx) === rec.createdAt &&
      this.lastActivity.get(idx) === rec.lastActivity &&
      this.maxLen.get(idx) === rec.maxSessionLengthSec &&
      this.maxIdle.get(idx) === rec.maxSessionIdleSec
    )
  }
}

function sameNumbers(a: readonly number[] | null, b: readonly unknown[]): boolean {
  if (!a || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function orNull(v: number): number | null {
  return Number.isNaN(v) ? null : v
}

function eqNull(col: number, v: unknown): boolean {
  return v === null ? Number.isNaN(col) : col === v
}

function strEq(table: StringTable, id: number, v: unknown): boolean {
  if (id < 0) return v === null
  return typeof v === 'string' && table.get(id) === v
}

/** Key-order-insensitive equality of two JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    if (a.length !== bb.length) return false
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], bb[i])) return false
    return true
  }
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined)
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined)
  if (ak.length !== bk.length) return false
  for (const k of ak) if (!sameJson(ao[k], bo[k])) return false
  return true
}
