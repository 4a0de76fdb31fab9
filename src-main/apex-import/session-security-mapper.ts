/**
 * Issue #16 settings of an export: Rejoin Sessions (application and page),
 * Session State Protection (on/off, page access protection C, item
 * Checksum Required B/P/S), the checksum salt and the session cookie of the
 * current authentication scheme.
 *
 * The engine does not enforce these yet (docs/browsers-and-sessions.md, the
 * wiring plan): until it does, each mapped value keeps a note saying so, and
 * the fields the engine does enforce stay as they were (`protection: 'N'`),
 * so the simulation never claims a protection it does not apply.
 */
import type { AppDefinition, ChecksumScope, Page, RejoinSessions } from '../engine/model/app-definition.js'
import { REJOIN_CODES } from '../engine/browsers/rejoin-sessions.js'
import { ITEM_PROTECTION_SCOPES } from '../engine/url/checksum.js'
import type { ExportCall } from './export-call.js'
import { argCode, argId, argText } from './export-call.js'
import type { RawApp } from './export-grouping.js'
import type { ImportProblem } from './import-types.js'

/** Said beside every mapped issue #16 setting until the lifecycle is wired. */
export const NOT_YET_ENFORCED = 'not yet enforced by the engine (issue #16 wiring pending)'

// `p_rejoin_existing_sessions` N / P / Y (reference §8.3) and item `p_protection_level` B / P / S
// (reference §1.3): the engine's own tables, so the importer and the checks they feed read codes alike.
const REJOIN = REJOIN_CODES
const ITEM_SCOPES = ITEM_PROTECTION_SCOPES
const SCOPE_LABELS: Readonly<Record<ChecksumScope, string>> = { application: 'Application', user: 'User', session: 'Session' }

/** An item's protection: I and N as the engine enforces them; B/P/S mapped to `checksumRequired` with a note. */
export function itemProtectionOf(code: string | undefined): { protection: 'N' | 'I'; checksumRequired?: ChecksumScope; note?: string } {
  if (code === 'I') return { protection: 'I' }
  if (code === undefined || code === 'N') return { protection: 'N' }
  const scope = ITEM_SCOPES[code]
  if (scope === undefined) return { protection: 'N', note: `protection level ${code} is not one APEX documents; treated as Unrestricted` }
  return {
    protection: 'N',
    checksumRequired: scope,
    note: `Session State Protection "Checksum Required - ${SCOPE_LABELS[scope]} Level" (${code}) is mapped to checksumRequired: ${scope}, but ${NOT_YET_ENFORCED}; treated as Unrestricted until then`,
  }
}

/** A page's access protection and Rejoin Sessions, from its create_page call. */
export function pageSessionSecurity(create: ExportCall | undefined): Pick<Page, 'protection' | 'argumentsMustHaveChecksum' | 'settings'> & { protectionNote?: string } {
  const code = (create && argCode(create, 'p_protection_level')) ?? 'N'
  const out: Pick<Page, 'protection' | 'argumentsMustHaveChecksum' | 'settings'> & { protectionNote?: string } = { protection: 'N' }
  if (code === 'U' || code === 'D' || code === 'N') out.protection = code
  else if (code === 'C') {
    out.argumentsMustHaveChecksum = true
    out.protectionNote = `page access protection "Arguments Must Have Checksum" (C) is mapped to argumentsMustHaveChecksum, but ${NOT_YET_ENFORCED}; treated as Unrestricted until then`
  } else out.protectionNote = `page access protection ${code} is not one APEX documents; treated as Unrestricted`
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
 * One note for the app when Rejoin Sessions would let a URL without a session
 * ID continue a session: the engine starts a new session meanwhile, which is
 * what `disabled` does. Null when nothing differs from that.
 */
export function rejoinNote(app: RejoinSessions | undefined, pages: readonly Page[]): string | null {
  const parts: string[] = []
  if (app !== undefined && app !== 'disabled') parts.push(`application: ${app}`)
  const enabled = pages.filter((p) => p.settings?.rejoinSessions !== undefined && p.settings.rejoinSessions !== 'disabled')
  if (enabled.length > 0) parts.push(`page${enabled.length === 1 ? '' : 's'} ${enabled.map((p) => `${p.id}: ${p.settings!.rejoinSessions}`).join(', ')}`)
  if (parts.length === 0) return null
  return `Rejoin Sessions (${parts.join('; ')}) is mapped to settings.rejoinSessions, but ${NOT_YET_ENFORCED}: a URL without a session ID starts a new session until then`
}
