/**
 * Session State Protection checksums (`cs=`, issue #16; reference §1.3).
 *
 * APEX signs the payload of a URL its app builds (branches, links,
 * APEX_UTIL.PREPARE_URL / APEX_PAGE.GET_URL) with a keyed hash at one of
 * three scopes — application (1, "PUBLIC_BOOKMARK"), user (2,
 * "PRIVATE_BOOKMARK"), session (3) — and refuses a typed or edited URL whose
 * checksum is missing, wrong, or of a weaker scope than the page or items
 * demand. APEX's own algorithm is in wrapped package bodies with an
 * instance secret, so real checksums cannot be reproduced; this module makes
 * checksums that behave the same way:
 *
 * - `HMAC-SHA256` (node:crypto, the platform's vetted implementation rather
 *   than a hand-written hash) over a canonical, unambiguous serialisation
 *   (JSON) of: version, scope level, app, page, the user (user scope), the
 *   session (session scope), and the payload — request, clear cache, item
 *   names and values in URL order. Debug and printer-friendly are left out:
 *   they change no state.
 * - The key is derived from the trace's seed (a per-workspace secret: replays
 *   of one trace get the same checksums, different traces different ones)
 *   and the app's exported checksum salt, so two apps never accept each
 *   other's checksums.
 * - The value is the level digit followed by the MAC in base64url, as the
 *   real `cs=3iFxObG0_85t…` values begin with their level (reference §1.3).
 *
 * Pure apart from hashing: no I/O, no clock, no randomness.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { ChecksumScope } from '../model/app-definition.js'
import type { UrlRequest } from './url-request.js'

export type { ChecksumScope }

/** APEX's checksum levels (wwv_flow_security: 1 application, 2 user, 3 session). */
export const CHECKSUM_LEVEL: Readonly<Record<ChecksumScope, 1 | 2 | 3>> = { application: 1, user: 2, session: 3 }
const SCOPE_OF_LEVEL: Readonly<Record<string, ChecksumScope>> = { '1': 'application', '2': 'user', '3': 'session' }

/** APEX item protection codes B / P / S as scopes. */
export const ITEM_PROTECTION_SCOPES: Readonly<Record<string, ChecksumScope>> = { B: 'application', P: 'user', S: 'session' }

/**
 * The words APEX shows an end user when a checksum is missing or wrong
 * (quoted in community.oracle.com thread 2209748, APEX 4.x–24.x alike).
 */
export const APEX_SSP_VIOLATION =
  'Session state protection violation: This may be caused by manual alteration of a URL containing a checksum or by using a link with an incorrect or missing checksum. If you are unsure what caused this error, please contact the application administrator for assistance.'

const VERSION = 'ss-cs-1'
const MAC = /^[A-Za-z0-9_-]{43}$/

/** An opaque key: build it with checksumKey. */
export interface ChecksumKey {
  readonly bytes: Buffer
}

/**
 * The key for one app in one workspace: SHA-256 of the workspace secret (the
 * trace seed, or a random secret the workspace keeps when there is no seed)
 * and the app's checksum salt.
 */
export function checksumKey(workspaceSecret: string | number, appSalt = ''): ChecksumKey {
  if (typeof workspaceSecret === 'number' && !Number.isFinite(workspaceSecret)) throw new RangeError('checksum secret must be a finite number or a string')
  const bytes = createHash('sha256').update(JSON.stringify([VERSION, String(workspaceSecret), appSalt])).digest()
  return { bytes }
}

/** Who and where a checksum is computed for. */
export interface ChecksumContext {
  /** Numeric app and page the URL resolves to (aliases resolved by the caller). */
  app: number
  page: number
  /** The session's user (user scope): compared upper-cased, as APEX usernames are. */
  user: string
  /** The session ID (session scope). */
  session: number
}

/** Whether a URL sets anything: a request, clear cache or item values (page protection C and Rejoin Sessions look at this). */
export function hasPayload(u: UrlRequest): boolean {
  return u.request !== '' || u.clearCache.length > 0 || u.items.length > 0
}

/** The checksum of `u`'s payload at `scope`: the level digit and 43 base64url characters. */
export function computeChecksum(key: ChecksumKey, scope: ChecksumScope, ctx: ChecksumContext, u: UrlRequest): string {
  const level = CHECKSUM_LEVEL[scope]
  const who = scope === 'application' ? null : scope === 'user' ? ctx.user.toUpperCase() : String(ctx.session)
  const message = JSON.stringify([VERSION, level, ctx.app, ctx.page, who, u.request, u.clearCache, u.items.map((i) => [i.name, i.value])])
  return `${level}${createHmac('sha256', key.bytes).update(message).digest('base64url')}`
}

/** `u` with its `cs` parameter set to the checksum at `scope` (an existing one is replaced, others kept in order). */
export function signUrl(key: ChecksumKey, scope: ChecksumScope, ctx: ChecksumContext, u: UrlRequest): UrlRequest {
  const cs = computeChecksum(key, scope, ctx, u)
  const others = u.extra.filter((p) => p.name.toLowerCase() !== 'cs')
  return { ...u, extra: [...others, { name: 'cs', value: cs }] }
}

export type ChecksumReading =
  | { state: 'missing' }
  | { state: 'invalid'; reason: string }
  | { state: 'valid'; scope: ChecksumScope }

/** Reads and verifies the URL's `cs` for `ctx`. */
export function readChecksum(key: ChecksumKey, ctx: ChecksumContext, u: UrlRequest): ChecksumReading {
  const given = u.extra.filter((p) => p.name.toLowerCase() === 'cs')
  if (given.length === 0) return { state: 'missing' }
  if (given.length > 1) return { state: 'invalid', reason: `the URL carries ${given.length} checksums (cs=)` }
  const cs = given[0]!.value
  const scope = SCOPE_OF_LEVEL[cs.charAt(0)]
  if (scope === undefined || !MAC.test(cs.slice(1))) return { state: 'invalid', reason: `checksum "${cs}" is not one this app issues (a level 1-3 and 43 characters)` }
  const expected = computeChecksum(key, scope, ctx, u)
  // Equal lengths here (the shape was checked), as timingSafeEqual requires.
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(cs)))
    return { state: 'invalid', reason: `the ${scope}-level checksum does not match the URL's request, clear cache and item values${scope === 'application' ? '' : ` for this ${scope}`} (the URL was changed after it was signed, or signed for another ${scope === 'application' ? 'app or page' : scope})` }
  return { state: 'valid', scope }
}

/** What a page and its items demand (the app definition's issue #16 fields). */
export interface ProtectionRules {
  /** Session State Protection on for the app. Off: nothing here is demanded. */
  enabled: boolean
  /** Page access protection "Arguments Must Have Checksum" (C). */
  argumentsMustHaveChecksum: boolean
  /** The "Checksum Required" scope of a (page or application) item named in the URL, if any. */
  itemScope: (name: string) => ChecksumScope | undefined
}

export type ProtectionVerdict =
  | { ok: true; checksum: ChecksumReading['state'] }
  | {
      ok: false
      checksum: ChecksumReading['state']
      /** Why, in our words: what demanded which checksum and what the URL had. */
      reason: string
      /** What APEX shows the end user. */
      apexMessage: string
    }

/**
 * Session State Protection for a typed URL (page access protection C, item
 * protection B/P/S). The rules, each tested on its own:
 * - SSP off for the app: nothing is demanded.
 * - Page C with a payload: a valid checksum of any scope is demanded.
 * - An item with Checksum Required named in the URL: a valid checksum at its
 *   scope or a stricter one (application < user < session) is demanded —
 *   APEX asks for one "compatible with the strictest protection level of the
 *   items passed" (PE help of PROTECTION_LEVEL).
 * - A checksum that does not verify (tampered, foreign) never satisfies.
 * Page protection U and D and item protection I are the engine's existing
 * access checks (semantics §3) and stay there.
 */
export function checkSessionStateProtection(key: ChecksumKey, ctx: ChecksumContext, u: UrlRequest, rules: ProtectionRules): ProtectionVerdict {
  const reading = readChecksum(key, ctx, u)
  const demand = demandedChecksum(ctx.page, u, rules)
  if (demand === null) return { ok: true, checksum: reading.state }
  const fail = (what: string): ProtectionVerdict => ({ ok: false, checksum: reading.state, reason: `${demand.because}, but ${what}`, apexMessage: APEX_SSP_VIOLATION })
  if (reading.state === 'missing') return fail('the URL has no checksum (cs=)')
  if (reading.state === 'invalid') return fail(reading.reason)
  if (CHECKSUM_LEVEL[reading.scope] < CHECKSUM_LEVEL[demand.scope])
    return fail(`the URL's checksum is ${reading.scope}-level, weaker than the ${demand.scope}-level one demanded`)
  return { ok: true, checksum: 'valid' }
}

/**
 * The weakest checksum scope that satisfies what page `pageId` and the URL's
 * items demand, and why; null when nothing is demanded (SSP off, or no
 * protected payload). The wiring uses it to decide whether an app-built URL
 * (a branch target) needs signing.
 */
export function demandedChecksum(pageId: number, u: UrlRequest, rules: ProtectionRules): { scope: ChecksumScope; because: string } | null {
  if (!rules.enabled) return null
  let required = 0
  let because = ''
  if (rules.argumentsMustHaveChecksum && hasPayload(u)) {
    required = 1
    because = `page ${pageId} has access protection "Arguments Must Have Checksum" (C) and the URL sets ${payloadWords(u)}`
  }
  for (const item of u.items) {
    const scope = rules.itemScope(item.name)
    if (scope === undefined || CHECKSUM_LEVEL[scope] <= required) continue
    required = CHECKSUM_LEVEL[scope]
    because = `item ${item.name} has Session State Protection "Checksum Required - ${scopeLabel(scope)} Level"`
  }
  return required === 0 ? null : { scope: SCOPE_OF_LEVEL[String(required)]!, because }
}

function scopeLabel(scope: ChecksumScope): string {
  return scope === 'application' ? 'Application' : scope === 'user' ? 'User' : 'Session'
}

function payloadWords(u: UrlRequest): string {
  const parts: string[] = []
  if (u.request !== '') parts.push(`request ${u.request}`)
  if (u.clearCache.length > 0) parts.push(`clear cache ${u.clearCache.join(',')}`)
  if (u.items.length > 0) parts.push(`item values (${u.items.map((i) => i.name).join(', ')})`)
  return parts.join(', ')
}
