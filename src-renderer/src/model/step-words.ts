/**
 * Words for steps: the timeline's icon, target (URL or button) and one-line
 * summary of effects; the inspector's phrases for changes.
 */
import type { Effect, Step, StepKind } from '../transport/api-types.js'
import { changeKindOf } from './rows.js'

export const KIND_ICONS: Record<StepKind, string> = {
  show: '▤',
  accept: '⏎',
  clone: '❐',
  login: '⇥',
  logout: '⏏',
  wait: '⟳',
  setState: '✎',
  clearCache: '⌫',
  ajax: '⇄',
}

export const KIND_LABELS: Record<StepKind, string> = {
  show: 'Show page',
  accept: 'Submit page',
  clone: 'Clone session',
  login: 'Login',
  logout: 'Logout',
  wait: 'Wait',
  setState: 'Set state',
  clearCache: 'Clear cache',
  ajax: 'Ajax call',
}

/** The URL or the button (or what else) the step was about. */
export function stepTarget(step: Step): string {
  const input = step.input as Record<string, unknown>
  switch (step.kind) {
    case 'show':
      return step.request?.url ?? String(input.url ?? '')
    case 'accept': {
      const req = typeof input.request === 'string' ? input.request : null
      return `page ${step.page ?? input.page ?? '?'}${req ? ` · button ${req}` : ''}`
    }
    case 'clone':
      // The clone's own session column names the new session: the target says where it came from.
      return step.request?.url ?? operationWords(step)
    case 'login':
      return `as ${String(input.user ?? '')}`
    case 'wait':
      return `${String(input.seconds ?? '')} s`
    case 'setState':
      return `${String(input.item ?? '')} := ${input.value === null ? 'null' : String(input.value ?? '')}`
    case 'clearCache':
      return `tokens ${String(input.tokens ?? '')}`
    case 'ajax': {
      // What the call named: the process (APPLICATION_PROCESS=…), the dynamic action, or the plug-in.
      const target =
        typeof input.process === 'string'
          ? `process ${input.process}`
          : typeof input.action === 'string'
            ? `action ${input.action}`
            : `plug-in ${String(input.plugin ?? '')}`
      return `page ${step.page ?? String(input.page ?? '?')} · ${target}`
    }
    default:
      return ''
  }
}

export function summarizeEffects(effects: readonly Effect[]): string {
  let set = 0
  let reset = 0
  let removed = 0
  let user = 0
  let rows = 0
  const events: string[] = []
  const cookies: string[] = []
  let warnings = 0
  for (const e of effects) {
    switch (e.op) {
      case 'set': {
        const k = changeKindOf(e.to, e.toStatus)
        if (k === 'set') set++
        else if (k === 'reset') reset++
        else removed++
        break
      }
      case 'userSet':
        user++
        break
      case 'insertRow':
      case 'row':
        rows++
        break
      case 'session':
        if (e.event !== 'pageShown' && e.event !== 'joinedApp') events.push(e.event === 'loggedIn' ? 'logged in' : e.event)
        break
      case 'rekey':
        events.push('ID rotated')
        break
      case 'cookie':
        cookies.push(e.to === null ? 'cookie cleared' : 'cookie set')
        break
      case 'warning':
        warnings++
        break
      default:
        break
    }
  }
  const parts: string[] = []
  if (set) parts.push(`${set} set`)
  if (reset) parts.push(`${reset} reset`)
  if (removed) parts.push(`${removed} removed`)
  if (user) parts.push(`${user} per-user`)
  if (rows) parts.push(`${rows} table row${rows > 1 ? 's' : ''}`)
  for (const ev of new Set(events)) parts.push(`session ${ev}`)
  for (const c of new Set(cookies)) parts.push(c)
  if (warnings) parts.push(`${warnings} warning${warnings > 1 ? 's' : ''}`)
  return parts.length ? parts.join(', ') : 'no state change'
}

export function outcomeWords(step: Step): string {
  switch (step.outcome) {
    case 'ok':
      return 'ok'
    case 'validationFailed':
      return 'validation failed'
    case 'expired':
      return 'session expired'
    case 'error':
      return 'error'
  }
}

/** "reset to null by ClearCache token 44 in f?p=…" — one change in words. */
export function effectWords(e: Effect): string {
  switch (e.op) {
    case 'set': {
      const k = changeKindOf(e.to, e.toStatus)
      const what = k === 'removed' ? 'removed' : k === 'reset' ? 'reset to null' : `set to ${quote(e.to)}${e.from !== null ? ` (was ${quote(e.from)})` : ''}`
      return `${e.item} ${what} by ${e.cause}`
    }
    case 'userSet':
      return `${e.item} (Per User, ${e.user}) set to ${quote(e.to)} by ${e.cause}`
    case 'session':
      return `session ${e.session} ${e.event === 'loggedIn' ? 'logged in' : e.event === 'pageShown' ? `shows page ${e.to?.currentPage ?? ''}` : e.event === 'joinedApp' ? 'joined an app' : e.event}: ${e.cause}`
    case 'group':
      return `clone group ${e.groupId} ${e.event}`
    case 'rekey':
      return `session ID ${e.from} rotated to ${e.to} (${e.cause})`
    case 'insertRow':
      return `row ${e.index + 1} inserted into ${e.table} by ${e.cause}`
    case 'row':
      return `row ${e.key} of ${e.table} ${e.change === 'insert' ? 'inserted' : e.change === 'update' ? 'updated' : 'deleted'} by ${e.cause}`
    case 'browser':
      return `browser ${e.browser} opened (${e.cause})`
    case 'cookie':
      return `browser ${e.browser}: cookie ${e.name} ${e.to === null ? 'cleared' : e.from === null ? `set to ${e.to}` : `replaced by ${e.to} (was ${e.from})`}${e.session !== undefined ? ` — session ${e.session}` : ''} (${e.cause})`
    case 'notice':
      return e.message
    case 'warning':
      return `⚠ ${e.message}`
  }
}

export function quote(v: string | null): string {
  return v === null ? 'null' : `"${v}"`
}

/** A session as a trace names it: its alias ("A") or its numeric ID. */
function sessionRef(ref: unknown): string {
  return `session ${String(ref ?? '?')}`
}

function valueWords(v: unknown): string {
  return v === null || v === undefined ? 'null' : `"${String(v)}"`
}

/** "50 min", "11 min 40 s", "2 h 5 min", "45 s": a wait as people say it. */
export function durationWords(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 60) return `${seconds} s`
  const d = Math.floor(seconds / 86400)
  const h = Math.floor((seconds % 86400) / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = Math.round(seconds % 60)
  const parts = [d ? `${d} d` : '', h ? `${h} h` : '', m ? `${m} min` : '', s ? `${s} s` : ''].filter(Boolean)
  return parts.slice(0, 2).join(' ')
}

/**
 * One ClearCache token in words (APEX's f?p ClearCache argument): a page
 * number clears that page's items, APP the application's, SESSION the whole
 * session's, RP the report pagination, RIR/CIR interactive report settings;
 * anything else names an item.
 */
function clearCacheTokenWords(token: string): string {
  const t = token.trim()
  if (/^\d+$/.test(t)) return `page ${t}`
  switch (t.toUpperCase()) {
    case 'APP':
      return 'the whole application'
    case 'SESSION':
      return 'the whole session'
    case 'RP':
      return 'report pagination'
    case 'RIR':
      return 'interactive report settings (reset)'
    case 'CIR':
      return 'interactive report settings (clear)'
    default:
      return `item ${t}`
  }
}

/**
 * The operation of a step that is not a URL or a submit, as a sentence —
 * what the inspector shows instead of the trace's JSON ("Clone session A as
 * B (APEX_CLONE_SESSION), showing page 44"). Unknown fields are left out;
 * an unknown kind falls back to its label.
 */
export function operationWords(step: Step): string {
  const input = step.input as Record<string, unknown>
  const inApp = typeof input.app === 'number' ? ` of application ${input.app}` : ''
  switch (step.kind) {
    case 'clone':
      return `Clone ${sessionRef(input.session)} as ${String(input.as ?? '?')} (APEX_CLONE_SESSION)${typeof input.page === 'number' ? `, showing page ${input.page}` : ''}`
    case 'login':
      return `Log ${sessionRef(input.session)} in as user ${String(input.user ?? '?')} (the session gets a new ID; its alias follows)`
    case 'logout':
      return `Log out ${sessionRef(input.session)} and every session cloned with it`
    case 'wait':
      return typeof input.seconds === 'number'
        ? `Wait ${durationWords(input.seconds)}${input.seconds >= 60 ? ` (${input.seconds} s)` : ''} on the simulated clock`
        : 'Wait on the simulated clock'
    case 'setState':
      return `Set ${String(input.item ?? '?')}${inApp} to ${valueWords(input.value)} in ${sessionRef(input.session)}`
    case 'clearCache': {
      const tokens = String(input.tokens ?? '')
      const words = tokens.split(',').filter((t) => t.trim() !== '').map(clearCacheTokenWords)
      return `Clear the cache of ${words.length ? words.join(', ') : 'nothing'}${inApp} in ${sessionRef(input.session)} (ClearCache "${tokens}")`
    }
    case 'ajax': {
      const target =
        typeof input.process === 'string'
          ? `process ${input.process}`
          : typeof input.action === 'string'
            ? `dynamic action ${input.action}`
            : `plug-in ${String(input.plugin ?? '?')}`
      const values = input.values && typeof input.values === 'object' ? Object.entries(input.values as Record<string, unknown>) : []
      const returns = Array.isArray(input.returnItems) ? input.returnItems.map(String) : []
      return (
        `Ajax call from page ${String(input.page ?? step.page ?? '?')} in ${sessionRef(input.session)}: ${target}` +
        (values.length ? `, sending ${values.map(([k, v]) => `${k} = ${valueWords(v)}`).join(', ')}` : '') +
        (returns.length ? `, returning ${returns.join(', ')}` : '')
      )
    }
    default:
      return KIND_LABELS[step.kind]
  }
}

/** Step numbers as the playhead shows them (from 0): "step 16", or "steps 15–16" for a request that made two. */
export function stepSpanWords(first: number, count: number): string {
  return count > 1 ? `steps ${first}–${first + count - 1}` : `step ${first}`
}
