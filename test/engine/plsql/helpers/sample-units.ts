/**
 * The PL/SQL units of a real APEX export, found the way the import finds
 * components: process code, PL/SQL sources, defaults, computations,
 * conditions and validations (by their `*_type` argument), and the packages,
 * procedures and functions in the supporting objects' install scripts.
 */
import { readFileSync } from 'node:fs'
import { parseExportCalls } from '../../../../src-main/apex-import/export-call-parser'
import { valueText, type ExportCall } from '../../../../src-main/apex-import/export-call'
import type { PlsqlKind } from '../../../../src-main/engine/plsql'

export interface SampleUnit {
  file: string
  line: number
  where: string
  kind: PlsqlKind
  text: string
}

const CONDITION_KINDS: Record<string, PlsqlKind> = { EXPRESSION: 'condition', PLSQL_EXPRESSION: 'condition', FUNCTION_BODY: 'functionBody', FUNC_BODY_RETURNING_BOOLEAN: 'functionBody' }
const VALUE_KINDS: Record<string, PlsqlKind> = { EXPRESSION: 'expression', PLSQL_EXPRESSION: 'expression', FUNCTION_BODY: 'functionBody' }

function arg(call: ExportCall, name: string): string | undefined {
  return valueText(call.args[name])
}

export function componentUnits(path: string): SampleUnit[] {
  const { calls } = parseExportCalls(readFileSync(path, 'utf8'), path)
  const units: SampleUnit[] = []
  for (const call of calls) {
    const where = `${call.name} (line ${call.line})`
    const processCode = arg(call, 'p_process_sql_clob')
    if (processCode && arg(call, 'p_process_type') === 'NATIVE_PLSQL' && (arg(call, 'p_process_clob_language') ?? 'PLSQL') === 'PLSQL') {
      units.push({ file: path, line: call.line, where, kind: 'block', text: processCode })
    }
    const plugCode = arg(call, 'p_plug_source')
    if (plugCode && arg(call, 'p_plug_source_type') === 'NATIVE_PLSQL') units.push({ file: path, line: call.line, where, kind: 'block', text: plugCode })
    for (const [name, value] of Object.entries(call.args)) {
      if (!name.endsWith('_type')) continue
      const type = valueText(value)
      if (!type) continue
      const base = name.slice(0, -'_type'.length)
      const text = arg(call, base)
      if (!text) continue
      const language = arg(call, `${base}2`) ?? arg(call, `${base}_language`) ?? (base === 'p_source' ? arg(call, 'p_source_language') : undefined)
      if (language !== undefined && language.toUpperCase() !== 'PLSQL' && type === 'EXPRESSION') continue
      if (type === 'EXPRESSION' && language === undefined) continue
      const isCondition = /when|condition|current|read_only|validation/.test(base)
      let kind: PlsqlKind | undefined = isCondition ? CONDITION_KINDS[type] : VALUE_KINDS[type]
      if (base === 'p_validation' && type === 'PLSQL_ERROR') kind = 'block'
      if (base === 'p_validation' && type === 'FUNC_BODY_RETURNING_ERR_TEXT') kind = 'functionBody'
      if (kind) units.push({ file: path, line: call.line, where: `${where} ${base}`, kind, text })
    }
  }
  return units
}

/** CREATE PACKAGE / PACKAGE BODY / PROCEDURE / FUNCTION / TRIGGER texts in the install scripts, each ended by a "/" line. */
export function supportingUnits(path: string): { name: string; text: string }[] {
  const { calls } = parseExportCalls(readFileSync(path, 'utf8'), path)
  const scripts = new Map<string, string[]>()
  for (const call of calls) {
    if (call.name !== 'create_install_script' && call.name !== 'append_to_install_script') continue
    const id = valueText(call.args.p_id) ?? ''
    const type = (valueText(call.args.p_script_type) ?? 'INSTALL').toUpperCase()
    if (type !== 'INSTALL') continue
    const text = valueText(call.args.p_script_clob) ?? valueText(call.args.p_sql) ?? ''
    scripts.set(id, [...(scripts.get(id) ?? []), text])
  }
  const units: { name: string; text: string }[] = []
  for (const parts of scripts.values()) {
    const lines = parts.join('').split(/\r?\n/)
    let current: string[] | null = null
    for (const line of lines) {
      if (current === null) {
        if (/^\s*create\s+(or\s+replace\s+)?((non)?editionable\s+)?(package|procedure|function|trigger|type)\b/i.test(line)) current = [line]
        continue
      }
      if (/^\s*\/\s*$/.test(line)) {
        units.push({ name: (current[0] ?? '').trim().slice(0, 80), text: current.join('\n') })
        current = null
      } else current.push(line)
    }
  }
  return units
}
