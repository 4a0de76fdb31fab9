/**
 * A small test-side reader of an export's supporting-object install scripts
 * (the import side has its own, fuller extraction): `create_install_script`
 * calls of type INSTALL, continued by `append_to_install_script` calls with
 * the same id, in sequence order.
 */
import { readFileSync } from 'node:fs'
import { argCode, argId, argNumber, argText } from '../../../../src-main/apex-import/export-call.js'
import { parseExportCalls } from '../../../../src-main/apex-import/export-call-parser.js'

export interface InstallScript {
  name: string
  sequence: number
  text: string
}

export function installScriptsOf(file: string): InstallScript[] {
  const { calls } = parseExportCalls(readFileSync(file, 'utf8'), file)
  const scripts: (InstallScript & { id: string | undefined; type: string })[] = []
  for (const call of calls) {
    if (call.name === 'create_install_script') {
      scripts.push({
        id: argId(call, 'p_id'),
        type: argCode(call, 'p_script_type') ?? 'INSTALL',
        name: argText(call, 'p_name') ?? '?',
        sequence: argNumber(call, 'p_sequence') ?? Number.MAX_SAFE_INTEGER,
        text: argText(call, 'p_script_clob') ?? argText(call, 'p_sql') ?? '',
      })
    } else if (call.name === 'append_to_install_script') {
      const target = scripts.find((s) => s.id !== undefined && s.id === argId(call, 'p_id'))
      if (target) target.text += argText(call, 'p_script_clob') ?? argText(call, 'p_sql') ?? ''
    }
  }
  return scripts
    .filter((s) => s.type === 'INSTALL')
    .sort((a, b) => a.sequence - b.sequence)
    .map(({ name, sequence, text }) => ({ name, sequence, text }))
}
