/**
 * Dynamic actions whose "Execute Server-side Code" action runs PL/SQL on the
 * server: an Ajax call of the page (engine/operations/ajax.ts, trace event
 * `ajax` with `action`). Client-side actions do not run (there is no browser
 * page) and are not kept.
 *
 * The action has no name of its own in the export: it is named by its
 * dynamic action (the event's `p_name`), with " #<action sequence>" when one
 * dynamic action has several server-side actions. Items to Submit and Items
 * to Return are the action's attributes 02 and 03 (comma lists).
 */
import type { NotSimulated } from '../engine/model/app-definition.js'
import { codeRecord } from './code-record.js'
import type { ExportCall } from './export-call.js'
import { argCode, argId, argNumber, argText } from './export-call.js'
import type { RawPage } from './export-grouping.js'

const SERVER_SIDE_CODE = 'NATIVE_EXECUTE_PLSQL_CODE'
const KIND = 'Dynamic action server-side code'

export interface AjaxAction {
  name: string
  notSimulated: NotSimulated
  itemsToSubmit?: string[]
  itemsToReturn?: string[]
}

export function mapAjaxActions(raw: RawPage): AjaxAction[] {
  const eventNames = new Map<string, string>()
  for (const e of raw.daEvents) {
    const id = argId(e, 'p_id')
    if (id !== undefined) eventNames.set(id, argText(e, 'p_name')?.trim() || `dynamic action ${id}`)
  }
  const actions = raw.daActions
    .filter((a) => argCode(a, 'p_action') === SERVER_SIDE_CODE)
    .sort((a, b) => (argNumber(a, 'p_action_sequence') ?? 0) - (argNumber(b, 'p_action_sequence') ?? 0))
  const perEvent = new Map<string, ExportCall[]>()
  for (const a of actions) {
    const event = argId(a, 'p_event_id') ?? ''
    const list = perEvent.get(event)
    if (list) list.push(a)
    else perEvent.set(event, [a])
  }
  const out: AjaxAction[] = []
  for (const [event, list] of perEvent) {
    const base = eventNames.get(event) ?? `dynamic action ${event}`
    for (const a of list) {
      const name = list.length === 1 ? base : `${base} #${argNumber(a, 'p_action_sequence') ?? list.indexOf(a) + 1}`
      out.push(mapAction(a, name))
    }
  }
  return out
}

function mapAction(call: ExportCall, name: string): AjaxAction {
  const code = argText(call, 'p_attribute_01') ?? ''
  // Attribute 05 is the language (24.2); older exports have only PL/SQL.
  const language = argCode(call, 'p_attribute_05') ?? 'PLSQL'
  const notSimulated: NotSimulated =
    language === 'PLSQL' && code.trim() !== ''
      ? codeRecord(KIND, code, SERVER_SIDE_CODE, 'plsqlBlock')
      : { kind: `${KIND} (${language === 'PLSQL' ? 'no code' : language})`, text: code }
  const action: AjaxAction = { name, notSimulated }
  const submit = itemList(argText(call, 'p_attribute_02'))
  if (submit.length > 0) action.itemsToSubmit = submit
  const back = itemList(argText(call, 'p_attribute_03'))
  if (back.length > 0) action.itemsToReturn = back
  return action
}

function itemList(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '')
}
