import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { parseExportCalls } from '../../src-main/apex-import/export-call-parser.js'
import type { ExportCall } from '../../src-main/apex-import/export-call.js'
import { argId, argText } from '../../src-main/apex-import/export-call.js'
import { F130_FILE } from './fixtures.js'
import { describeWithSharedFixtures } from '../helpers/shared-fixtures.js'

const one = (text: string): ExportCall => {
  const { calls, problems } = parseExportCalls(text, 'x.sql')
  expect(problems).toEqual([])
  expect(calls).toHaveLength(1)
  return calls[0] as ExportCall
}

describe('parseExportCalls: values', () => {
  it('reads both API generations into the same shape', () => {
    const old = one("wwv_flow_api.create_page_item(\n p_id=>wwv_flow_api.id(4427013093970505041)\n,p_name=>'P11_ID'\n);")
    const neu = one("wwv_flow_imp_page.create_page_item(\n p_id=>wwv_flow_imp.id(4427013093970505041)\n,p_name=>'P11_ID'\n);")
    expect(old).toMatchObject({ pkg: 'wwv_flow_api', name: 'create_page_item', line: 1 })
    expect(neu).toMatchObject({ pkg: 'wwv_flow_imp_page', name: 'create_page_item' })
    expect(old.args).toEqual(neu.args)
    expect(argId(old, 'p_id')).toBe('4427013093970505041')
  })

  it("decodes '' escapes, q-quotes, unistr, chr and || concatenations", () => {
    const call = one(
      "wwv_x.create_y(p_a=>'it''s', p_b=>q'[a 'quoted' ]text]', p_c=>unistr('caf\\00e9 \\\\'), p_d=>'x'||chr(10)||'y', p_e=>'1'||'2'||null, p_f=>Q'{ok}')",
    )
    expect(argText(call, 'p_a')).toBe("it's")
    expect(argText(call, 'p_b')).toBe("a 'quoted' ]text")
    expect(argText(call, 'p_c')).toBe('café \\')
    expect(argText(call, 'p_d')).toBe('x\ny')
    expect(argText(call, 'p_e')).toBe('12')
    expect(argText(call, 'p_f')).toBe('ok')
  })

  it('joins wwv_flow_string.join(wwv_flow_t_varchar2(…)) with newlines', () => {
    const call = one("wwv_flow_api.create_page_process(\n p_process_sql_clob=>wwv_flow_string.join(wwv_flow_t_varchar2(\n'begin',\n'  null;',\n'end;'))\n);")
    expect(argText(call, 'p_process_sql_clob')).toBe('begin\n  null;\nend;')
  })

  it('reads numbers, null, booleans, plugin attribute lists and unknown code', () => {
    const call = one(
      "wwv_flow_imp_page.create_page_item(p_seq=>-9999, p_n=>null, p_t=>true, p_f=>false, p_attributes=>wwv_flow_t_plugin_attributes(wwv_flow_t_varchar2(\n  'format', 'HTML')).to_clob, p_id=>wwv_flow.g_flow_id, p_name=>nvl(wwv_flow_application_install.get_application_name,'My App'))",
    )
    expect(call.args['p_seq']).toEqual({ kind: 'number', value: '-9999' })
    expect(call.args['p_n']).toEqual({ kind: 'null' })
    expect(call.args['p_t']).toEqual({ kind: 'boolean', value: true })
    expect(call.args['p_f']).toEqual({ kind: 'boolean', value: false })
    expect(call.args['p_attributes']).toEqual({ kind: 'list', items: [{ kind: 'text', value: 'format' }, { kind: 'text', value: 'HTML' }] })
    expect(call.args['p_id']).toEqual({ kind: 'raw', text: 'wwv_flow.g_flow_id' })
    // The install-time override is unknown here; the export's own value is used.
    expect(argText(call, 'p_name')).toBe('My App')
  })

  it('lower-cases argument names and keeps positional arguments', () => {
    const call = one("wwv_flow_api.create_page_item(p_is_Persistent => 'N', 42)")
    expect(argText(call, 'p_is_persistent')).toBe('N')
    expect(call.positional).toEqual([{ kind: 'number', value: '42' }])
  })

  it('reads ids written with the old offset form', () => {
    const call = one('wwv_flow_api.create_page_branch(p_id=>123 + wwv_flow_api.g_id_offset)')
    expect(argId(call, 'p_id')).toBe('123')
  })

  it('steps over SQL*Plus commands, comments, blocks and blob assignments', () => {
    const text = [
      "prompt --application/pages/page_00001 it's",
      'set define off verify off',
      'begin',
      "-- wwv_flow_api.create_page(p_id=>99)",
      '/* wwv_flow_api.create_page(p_id=>98) */',
      "wwv_flow_imp.g_varchar2_table(1) := '89504E47';",
      "my_own_proc(p_x => ')');",
      'wwv_flow_api.create_page(',
      ' p_id=>1',
      ');',
      'wwv_flow_api.component_end;',
      'end;',
      '/',
    ].join('\n')
    const { calls, problems } = parseExportCalls(text, 'p.sql')
    expect(problems).toEqual([])
    expect(calls.map((c) => [c.name, c.line])).toEqual([['create_page', 8]])
  })
})

describe('parseExportCalls: malformed input', () => {
  it('reports an unterminated string with file and line, and keeps earlier calls', () => {
    const text = "wwv_flow_api.create_page(p_id=>1);\nwwv_flow_api.create_page_item(\n p_name=>'P1_X\n);\n"
    const { calls, problems } = parseExportCalls(text, 'f.sql')
    expect(calls.map((c) => c.name)).toEqual(['create_page'])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ file: 'f.sql', line: 2 })
    expect(problems[0]?.message).toMatch(/create_page_item.*unterminated string literal/)
  })

  it('skips a call with unbalanced parentheses and continues with the next call', () => {
    const text = [
      'wwv_flow_api.create_page(p_id=>1);',
      "wwv_flow_api.create_page_item(p_name=>'P1_A'",
      ';',
      "wwv_flow_api.create_page_item(p_name=>'P1_B');",
    ].join('\n')
    const { calls, problems } = parseExportCalls(text, 'f.sql')
    expect(calls.map((c) => argText(c, 'p_name') ?? c.name)).toEqual(['create_page', 'P1_B'])
    expect(problems).toEqual([{ file: 'f.sql', line: 2, message: expect.stringContaining('create_page_item') }])
  })

  it('reports a call cut off by the end of the file', () => {
    const { calls, problems } = parseExportCalls("begin\nwwv_flow_api.create_page(\n p_id=>1\n,p_name=>'Home'", 'cut.sql')
    expect(calls).toEqual([])
    expect(problems).toEqual([{ file: 'cut.sql', line: 2, message: expect.stringMatching(/end of file/) }])
  })

  it('survives deep nesting', () => {
    const { problems } = parseExportCalls(`wwv_flow_api.create_page(p_id=>${'('.repeat(10_000)}1${')'.repeat(10_000)});`, 'deep.sql')
    expect(problems[0]?.message).toMatch(/nesting/)
  })

  it.each([
    ['stray parentheses in foreign code', 'a('.repeat(200_000), 0, /^$/],
    ['calls that never close', "wwv_flow_api.create_page_item(p_name=>'x',\n".repeat(50_000), 50_000, /is not closed before the next call/],
    ['unterminated strings', "wwv_flow_api.create_page_item(p_name=>'x\n".repeat(50_000), 50_000, /expected ',' or '\)'/],
  ] as const)('finishes on %s with one problem per broken call', (_what, text, problemCount, firstProblem) => {
    // How fast (linear) is measured in bench/hostile-input.bench.ts; a unit test holds no clock.
    const { calls, problems } = parseExportCalls(text, 'big.sql')
    expect(calls).toEqual([])
    expect(problems).toHaveLength(problemCount)
    expect(problems[0]?.message ?? '').toMatch(firstProblem)
  })

  test.prop([fc.string({ maxLength: 2000 })])('never throws on arbitrary text', (text) => {
    const result = parseExportCalls(text, 'any.sql')
    for (const p of result.problems) expect(p.line).toBeGreaterThanOrEqual(1)
  })

  const fragments = fc.constantFrom(
    'wwv_flow_api.create_page_item(', 'wwv_flow_imp_page.create_page(', 'p_id=>', 'p_name=>', "'x'", "'it''s'", "q'[y]'", "'", '(', ')', ',', ';', '||', 'chr(10)',
    'wwv_flow_api.id(12)', 'wwv_flow_string.join(wwv_flow_t_varchar2(', 'null', '-', '--', '/*', '*/', '\n', ' ', 'begin', 'end;', 'prompt ', ':=', '=>', '1e5', 'unistr(', '"',
  )
  test.prop([fc.array(fragments, { maxLength: 200 })])('never throws on export-like fragments', (parts) => {
    const text = parts.join('')
    const result = parseExportCalls(text, 'frag.sql')
    const lines = text.split('\n').length
    for (const p of [...result.problems, ...result.calls]) {
      expect(p.line).toBeGreaterThanOrEqual(1)
      expect(p.line).toBeLessThanOrEqual(lines)
    }
  })

  describeWithSharedFixtures('on a real export', () => {
    test.prop([fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 5000 })], { numRuns: 40 })(
      'reads what precedes a cut in a real export',
      (start, length) => {
        const full = readFileSync(F130_FILE, 'utf8')
        const from = start % full.length
        const piece = full.slice(from, from + length * 20)
        expect(() => parseExportCalls(piece, 'cut.sql')).not.toThrow()
      },
    )
  })
})
