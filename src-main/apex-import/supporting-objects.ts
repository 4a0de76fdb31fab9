/**
 * Supporting objects: the install scripts an export carries (tables, data,
 * packages). Only `INSTALL` scripts are kept — upgrade and deinstall scripts
 * never run when an app is installed fresh, which is what loading an app here
 * is. A long script is written as one `create_install_script` and then
 * `append_to_install_script` calls naming it by id; the parts are joined in
 * export order (an append may continue in the middle of a string literal, so
 * nothing is added between them).
 */
import type { SupportingObjects } from '../engine/model/app-definition.js'
import type { ExportCall } from './export-call.js'
import { argCode, argId, argNumber, argText, compareIds } from './export-call.js'
import type { RawApp } from './export-grouping.js'
import type { ImportProblem } from './import-types.js'

interface Script {
  id: string | undefined
  name: string
  sequence: number
  type: string
  parts: string[]
}

export function supportingObjectsOf(raw: RawApp, problems: ImportProblem[]): SupportingObjects | undefined {
  const scripts: Script[] = raw.installScripts.map((call) => ({
    id: argId(call, 'p_id'),
    name: argText(call, 'p_name') ?? `script ${argId(call, 'p_id') ?? ''}`.trim(),
    sequence: argNumber(call, 'p_sequence') ?? Number.MAX_SAFE_INTEGER,
    // The API's default script type is INSTALL.
    type: argCode(call, 'p_script_type') ?? 'INSTALL',
    parts: [scriptText(call) ?? ''],
  }))
  const byId = new Map(scripts.filter((s) => s.id !== undefined).map((s) => [s.id, s]))
  for (const call of raw.installAppends) {
    const target = byId.get(argId(call, 'p_id'))
    if (target === undefined) {
      problems.push({ file: call.file, line: call.line, message: `append_to_install_script for script id ${argId(call, 'p_id') ?? '?'}, which is not in the export; skipped` })
      continue
    }
    target.parts.push(scriptText(call) ?? '')
  }
  const install = scripts
    .filter((s) => s.type === 'INSTALL')
    .sort((a, b) => a.sequence - b.sequence || compareIds(a.id, b.id))
    .map((s) => ({ name: s.name, sequence: s.sequence, text: s.parts.join('') }))
    .filter((s) => s.text.trim() !== '')
  return install.length === 0 ? undefined : { scripts: install }
}

function scriptText(call: ExportCall): string | undefined {
  return argText(call, 'p_script_clob') ?? argText(call, 'p_sql')
}

/** `create_message` calls: name, text and language (for APEX_LANG.MESSAGE). */
export function textMessagesOf(raw: RawApp): { name: string; text: string; language?: string }[] {
  return raw.messages
    .map((call) => {
      const message: { name: string; text: string; language?: string } = {
        name: (argText(call, 'p_name') ?? '').trim().toUpperCase(),
        text: argText(call, 'p_message_text') ?? '',
      }
      const language = argText(call, 'p_message_language')
      if (language !== undefined && language !== '') message.language = language
      return message
    })
    .filter((m) => m.name !== '')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : (a.language ?? '') < (b.language ?? '') ? -1 : 1))
}
