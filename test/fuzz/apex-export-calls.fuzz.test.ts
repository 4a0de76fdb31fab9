/**
 * Fuzz target: the APEX export call parser
 * (src-main/apex-import/export-call-parser.ts — called, not changed here).
 * Property: any text gives calls and problems, never a throw; every problem
 * names the file and a line inside the text.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseExportCalls } from '../../src-main/apex-import/export-call-parser.js'
import { anyText, fuzz, textOf } from './fuzz-runs.js'

const plsqlPieces = [
  'begin\n', 'end;\n', '/\n', 'wwv_flow_imp_page.create_page_item(', 'wwv_flow_imp.component_begin', 'apex_', 'wwv_flow_api.create_page(', ');\n', '(', ')', ',', '\n', ' ',
  'p_id=>', 'p_name=>', "'", "'P1_A'", "q'[", "]'", "q'{", "}'", "''", 'wwv_flow_imp.id(', '1234', '-1', '1.5e3', 'null', 'true', 'unistr(', "'\\00e9'", '||', 'wwv_flow_string.join(',
  'wwv_flow_t_varchar2(', 'prompt --', 'set define off\n', '--', '/*', '*/', '"', 'p_plug_source=>', 'chr(10)', '=>',
]

describe('fuzz: APEX export call parser', () => {
  it('never throws, and its problems name the file and a line of the text', () => {
    fuzz('APEX export call parser (parseExportCalls)', fc.oneof(anyText(300), textOf(plsqlPieces, 60)), 3000, (text) => {
      const r = parseExportCalls(text, 'f100.sql')
      const lines = text.split('\n').length
      for (const p of r.problems) {
        expect(p.file).toBe('f100.sql')
        expect(p.line).toBeGreaterThanOrEqual(1)
        expect(p.line).toBeLessThanOrEqual(lines)
      }
      return Array.isArray(r.calls)
    })
  })
})
