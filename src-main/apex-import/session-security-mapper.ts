/**
 * Issue #16 settings of an export: Rejoin Sessions (application and page),
 * Session State Protection (on/off, page access protection C, item
 * Checksum Required B/P/S), the checksum salt and the session cookie of the
 * current authentication scheme.
 *
 * The engine enforces them for requests from a named browser
 * (docs/browsers-and-sessions.md): page access protection C becomes
 * `argumentsMustHaveChecksum`, item B/P/S `checksumRequired`, with
 * `protection` left to the checks it always made (U, D; I). Only codes APEX
 * does not document keep a note, as Unrestricted.
 */
import type { AppDefinition, ChecksumScope, Page, RejoinSessions } from '../engine/model/app-definition.js'
import { REJOIN_CODES } from '../engine/browsers/rejoin-sessions.js'
import { ITEM_PROTECTION_SCOPES } from '../engine/url/checksum.js'
import type { ExportCall } from './export-call.js'
import { argCode, argId, argText } from './export-call.js'
import type { RawApp } from './export-grouping.js'
import type { ImportProblem } from './import-types.js'

// `p_rejoin_existing_sessions` N / P / Y (reference §8.3) and item `p_protection_level` B / P / S
// (reference §1.3): the engine's own tables, so the importer and the checks they feed read codes alike.
const REJOIN = REJOIN_CODES
const ITEM_SCOPES = ITEM_PROTECTION_SCOPES

/** An item's protection: I and N as before; B/P/S as `checksumRequired` at that scope (enforced for URLs a browser types). */
export function itemProtectionOf(code: string | undefined): { protection: 'N' | 'I'; checksumRequired?: ChecksumScope; note?: string } {
  if (code === 'I') return { protection: 'I' }
  if (code === undefined || code === 'N') return { protection: 'N' }
  const scope = ITEM_SCOPES[code]
  if (scope === undefined) return { protection: 'N', note: `protection level ${code} is not one APEX documents; treated as Unrestricted` }
  return { protection: 'N', checksumRequired: scope }
}

/** A page's access protection and Rejoin Sessions, from its create_page call. */
export function pageSessionSecurity(create: ExportCall | undefined): Pick<Page, 'protection' | 'argumentsMustHaveChecksum' | 'settings'> & { protectionNote?: string } {
  const code = (create && argCode(create, 'p_protection_level')) ?? 'N'
  const out: Pick<Page, 'protection' | 'argumentsMustHaveChecksum' | 'settings'> & { protectionNote?: string } = { protection: 'N' }
  if (code === 'U' || code === 'D' || code === 'N') out.protection = code
  else if (code === 'C') out.argumentsMustHaveChecksum = true
  else out.protectionNote = `page access protection ${code} is not one APEX documents; treated as Unrestricted`
  const rejoin = create && REJOIN[argCode(create, 'p_rejoin_existing_sessions') ?? '']
  if (rejoin !== undefined) out.settings = { rejoinSessions: rejoin }
  return out
}

/**
 * The application's issue #16 attributes. Session State Protection is on only
 * when the export says `p_page_protection_enabled_y_n => 'Y'` (the attribute
 * is written whenever it is on; a definition without create_flow says nothing).
 */
export function appSessionSecurity(raw: RawApp, problems: ImportProblem[]): Pick<AppDefinition, 'sessionStateProtection' | 'checksumSalt' | 'sessionCookie'> & { rejoinSessions?: RejoinSessions } {
  const out: Pick<AppDefinition, 'sessionStateProtection' | 'checksumSalt' | 'sessionCookie'> & { rejoinSessions?: RejoinSessions } = {}
  const flow = raw.flow
  if (flow === undefined) return out
  out.sessionStateProtection = argCode(flow, 'p_page_protection_enabled_y_n') === 'Y'
  const salt = argText(flow, 'p_checksum_salt')
  if (salt) out.checksumSalt = salt
  const code = argCode(flow, 'p_rejoin_existing_sessions')
  if (code !== undefined) {
    const rejoin = REJOIN[code]
    if (rejoin !== undefined) out.rejoinSessions = rejoin
    else problems.push({ file: flow.file, line: flow.line, message: `Rejoin Sessions code ${code} is not one APEX documents (N, P, Y); the application default (disabled) is used` })
  }
  const current = argId(flow, 'p_authentication_id')
  const scheme = current === undefined ? undefined : raw.authentications.find((a) => argId(a, 'p_id') === current)
  const name = scheme && argText(scheme, 'p_cookie_name')?.trim()
  if (name) {
    const path = scheme && argText(scheme, 'p_cookie_path')?.trim()
    out.sessionCookie = path ? { name, path } : { name }
  }
  return out
}

/**
 * A note for the app about Rejoin Sessions. The engine applies the setting
 * now (requests from a named browser; docs/browsers-and-sessions.md), so
 * there is nothing to warn about: always null. Kept so the app mapper's call
 * stays one line.
 */
export function rejoinNote(_app: RejoinSessions | undefined, _pages: readonly Page[]): string | null {
  return null
}
