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
      return step.request?.url ?? `clone → ${String(input.as ?? '')}`
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
    case 'notice':
      return e.message
    case 'warning':
      return `⚠ ${e.message}`
  }
}

export function quote(v: string | null): string {
  return v === null ? 'null' : `"${v}"`
}
