/**
 * Component mapping on small constructed exports: each APEX setting the
 * fixtures do not (or not fully) exercise.
 */
import { describe, expect, it } from 'vitest'
import { mapConditionExpression } from '../../src-main/apex-import/condition-mapper.js'
import type { PageItem, Process } from '../../src-main/engine/model/app-definition.js'
import { importPage } from './snippets.js'

const item = (name: string, extra = ''): string =>
  `wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(${name.length}${name.charCodeAt(name.length - 1)}), p_name=>'${name}', p_item_sequence=>10${extra});`

describe('page items', () => {
  it('reads storage from p_is_persistent with its default', async () => {
    const { page, result } = await importPage(
      [
        item('P1_DEFAULT'),
        item('P1_SESSION', ", p_is_persistent=>'Y'"),
        item('P1_REQUEST', ", p_is_persistent=>'N'"),
        item('P1_USER', ", p_is_Persistent=>'U'"),
        item('P1_ODD', ", p_is_persistent=>'A'"),
      ].join('\n'),
    )
    const storage = Object.fromEntries((page.items ?? []).map((i) => [i.name, i.storage]))
    expect(storage).toEqual({ P1_DEFAULT: 'session', P1_SESSION: 'session', P1_REQUEST: 'request', P1_USER: 'user', P1_ODD: 'session' })
    expect(page.items?.find((i) => i.name === 'P1_ODD')).toHaveProperty('storageNote')
    expect(result.summary[0]?.storage).toEqual({ request: 1, session: 3, user: 1 })
  })

  it('reads source, "used", default and protection', async () => {
    const { page } = await importPage(
      [
        item('P1_A', ", p_use_cache_before_default=>'NO', p_source=>'Hello &P1_B.', p_source_type=>'STATIC', p_item_default=>'x', p_protection_level=>'I'"),
        item('P1_B', ", p_source=>'P1_A', p_source_type=>'ITEM', p_item_default=>'P1_A', p_item_default_type=>'ITEM', p_protection_level=>'S'"),
        item('P1_C', ", p_source=>'upper(:P1_A)', p_source_type=>'EXPRESSION', p_source_language=>'PLSQL', p_item_default=>'sysdate', p_item_default_type=>'EXPRESSION', p_item_default_language=>'SQL'"),
        item('P1_D', ", p_source=>'select 1 from dual', p_source_type=>'QUERY', p_item_default=>'return 1;', p_item_default_type=>'FUNCTION_BODY', p_item_default_language=>'PLSQL'"),
      ].join('\n'),
    )
    const by = (name: string): PageItem => page.items?.find((i) => i.name === name) as PageItem
    expect(by('P1_A')).toMatchObject({ sourceUsed: 'always', source: "'Hello ' || :P1_B", default: "'x'", protection: 'I' })
    // S: Checksum Required at session level (issue #16, enforced for typed URLs), no note.
    expect(by('P1_B')).toMatchObject({ sourceUsed: 'onlyWhenNull', source: ':P1_A', default: ':P1_A', protection: 'N', checksumRequired: 'session' })
    expect(by('P1_C')).toMatchObject({ source: 'UPPER(:P1_A)', notSimulated: { kind: 'SQL expression default', text: 'sysdate' } })
    expect(by('P1_C')).not.toHaveProperty('default')
    expect(by('P1_D')).toMatchObject({
      notSimulated: { kind: 'SQL query source', text: 'select 1 from dual' },
      moreNotSimulated: [{ kind: 'PL/SQL function body default', text: 'return 1;' }],
    })
  })
})

describe('processes', () => {
  const process = (id: number, extra: string): string =>
    `wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(${id}), p_process_sequence=>${id}, p_process_point=>'AFTER_SUBMIT', p_process_name=>'p${id}'${extra});`

  it('maps every Clear Session State mode to clear-cache tokens', async () => {
    const { page } = await importPage(
      [
        process(1, ", p_process_type=>'NATIVE_SESSION_STATE', p_attribute_01=>'CLEAR_CACHE_FOR_ITEMS', p_attribute_03=>'P1_A,p1_b'"),
        process(2, ", p_process_type=>'NATIVE_SESSION_STATE', p_attribute_01=>'CLEAR_CACHE_FOR_PAGES', p_attribute_04=>'2,3'"),
        process(3, ", p_process_type=>'NATIVE_SESSION_STATE', p_attribute_01=>'CLEAR_CACHE_CURRENT_FLOW'"),
        process(4, ", p_process_type=>'NATIVE_SESSION_STATE', p_attribute_01=>'RESET_SESSION_STATE'"),
        process(5, ", p_process_type=>'NATIVE_SESSION_STATE', p_attribute_01=>'CLEAR_CACHE_CURRENT_PAGE'"),
        process(6, ", p_process_type=>'NATIVE_SESSION_STATE', p_attribute_01=>'CLEAR_CACHE_FOR_FLOWS', p_attribute_02=>'100'"),
        process(7, ", p_process_type=>'NATIVE_SESSION_STATE', p_attribute_01=>'CLEAR_CACHE_FOR_FLOWS', p_attribute_02=>'100,200'"),
        process(8, ", p_process_type=>'NATIVE_RESET_PAGINATION', p_attribute_01=>'THIS_PAGE'"),
      ].join('\n'),
    )
    const summary = (page.processes ?? []).map((p) => (p.type === 'clearCache' ? p.tokens : p.type))
    expect(summary).toEqual(['P1_A,P1_B', '2,3', 'APP', 'SESSION', '1', 'APP', 'notSimulated', 'RP'])
    const other = page.processes?.[6]
    expect(other?.type === 'notSimulated' && other.notSimulated.text).toMatch(/CLEAR_CACHE_FOR_FLOWS.*100,200/)
  })

  it('maps points, keeps Ajax callbacks out of the flow, and sorts by sequence', async () => {
    const { page, result } = await importPage(
      [
        item('P1_X'),
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(11), p_process_sequence=>20, p_process_point=>'BEFORE_HEADER', p_process_type=>'NATIVE_PLSQL', p_process_name=>'second', p_process_sql_clob=>':P1_X := ''b'';');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(12), p_process_sequence=>10, p_process_point=>'BEFORE_HEADER', p_process_type=>'NATIVE_PLSQL', p_process_name=>'first', p_process_sql_clob=>'begin :P1_X := ''a''; end;');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(13), p_process_sequence=>5, p_process_point=>'ON_SUBMIT_BEFORE_COMPUTATION', p_process_type=>'NATIVE_PLSQL', p_process_name=>'early', p_process_sql_clob=>'pkg.run;');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(14), p_process_sequence=>1, p_process_point=>'ON_DEMAND', p_process_type=>'NATIVE_PLSQL', p_process_name=>'GET_DATA', p_process_sql_clob=>'htp.p(1);');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(15), p_process_sequence=>1, p_process_point=>'BEFORE_BOX_BODY', p_process_type=>'NATIVE_FORM_INIT', p_process_name=>'init', p_region_id=>wwv_flow_imp.id(9));",
      ].join('\n'),
    )
    expect((page.processes ?? []).map((p) => [p.name, p.point, p.type])).toEqual([
      ['first', 'beforeHeader', 'setItems'],
      ['second', 'beforeHeader', 'setItems'],
      ['init', 'beforeRegions', 'notSimulated'],
      ['early', 'onSubmitBeforeComputation', 'notSimulated'],
    ])
    expect(page.processes?.[0]).toMatchObject({ items: { P1_X: "'a'" }, plsql: "begin :P1_X := 'a'; end;" })
    const early = page.processes?.[3] as Process
    expect(early.type === 'notSimulated' && early.notSimulated).toEqual({ kind: 'PL/SQL process', text: 'pkg.run;', language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' })
    expect((page as Record<string, unknown>).onDemand).toEqual([
      expect.objectContaining({ name: 'GET_DATA', apexPoint: 'ON_DEMAND', notSimulated: { kind: 'Ajax Callback process', text: 'htp.p(1);', language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' } }),
    ])
    expect(result.summary[0]).toMatchObject({ processes: 5, onDemand: 1 })
  })

  it('keeps the processes of an excluded build option but never runs them', async () => {
    const { page, result } = await importPage(
      "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(21), p_process_point=>'AFTER_SUBMIT', p_process_type=>'NATIVE_SESSION_STATE', p_process_name=>'off', p_attribute_01=>'RESET_SESSION_STATE', p_process_when=>'GO', p_process_when_type=>'REQUEST_EQUALS_CONDITION', p_required_patch=>wwv_flow_imp.id(77));",
      "wwv_flow_imp_shared.create_build_option(p_id=>wwv_flow_imp.id(77), p_build_option_name=>'hide', p_build_option_status=>'EXCLUDE');",
    )
    expect(page.processes?.[0]).toMatchObject({
      type: 'clearCache',
      when: { expression: '1 = 0' },
      excludedByBuildOption: 'hide',
      whenIncluded: { expression: ":REQUEST = 'GO'" },
    })
    expect(result.summary[0]?.excludedByBuildOption).toBe(1)
  })
})

describe('branches, buttons, validations, computations', () => {
  const button = "wwv_flow_imp_page.create_page_button(p_id=>wwv_flow_imp.id(500), p_button_sequence=>10, p_button_name=>'SAVE', p_button_action=>'SUBMIT', p_button_image_alt=>'Save');"

  it('maps branch types and points, with the button they fire on', async () => {
    const { page } = await importPage(
      [
        button,
        "wwv_flow_imp_page.create_page_branch(p_id=>wwv_flow_imp.id(601), p_branch_action=>'f?p=&APP_ID.:2:&SESSION.::&DEBUG.:2,RP:P2_ID:&P1_ID.', p_branch_point=>'AFTER_PROCESSING', p_branch_type=>'REDIRECT_URL', p_branch_when_button_id=>wwv_flow_imp.id(500), p_branch_sequence=>20);",
        "wwv_flow_imp_page.create_page_branch(p_id=>wwv_flow_imp.id(602), p_branch_action=>'3', p_branch_point=>'BEFORE_VALIDATION', p_branch_type=>'BRANCH_TO_STEP', p_branch_sequence=>10, p_branch_condition_type=>'ITEM_IS_NULL', p_branch_condition=>'P1_ID');",
        "wwv_flow_imp_page.create_page_branch(p_id=>wwv_flow_imp.id(603), p_branch_action=>'P1_TARGET', p_branch_point=>'BEFORE_COMPUTATION', p_branch_type=>'BRANCH_TO_PAGE_IDENT_BY_ITEM', p_branch_sequence=>10);",
        "wwv_flow_imp_page.create_page_branch(p_id=>wwv_flow_imp.id(604), p_branch_action=>'return pkg.url;', p_branch_point=>'AFTER_PROCESSING', p_branch_type=>'BRANCH_TO_FUNCTION_RETURNING_URL', p_branch_sequence=>10);",
      ].join('\n'),
    )
    expect(page.buttons).toEqual([{ name: 'SAVE', label: 'Save', action: 'SUBMIT' }])
    expect(page.branches).toEqual([
      expect.objectContaining({ point: 'afterSubmit', type: 'show', target: 'f?p=&APP_ID.:&P1_TARGET.:&SESSION.' }),
      expect.objectContaining({ point: 'validating', type: 'show', target: 'f?p=&APP_ID.:3:&SESSION.', when: { expression: ':P1_ID IS NULL' } }),
      expect.objectContaining({ point: 'afterProcessing', notSimulated: { kind: 'PL/SQL function returning a URL branch', text: 'return pkg.url;' } }),
      expect.objectContaining({ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:2:&SESSION.::&DEBUG.:2,RP:P2_ID:&P1_ID.', when: { button: 'SAVE' } }),
    ])
  })

  it('maps validations it can state and keeps the rest', async () => {
    const { page } = await importPage(
      [
        button,
        item('P1_NAME'),
        "wwv_flow_imp_page.create_page_validation(p_id=>wwv_flow_imp.id(701), p_validation_name=>'required', p_validation_sequence=>10, p_validation=>'P1_NAME', p_validation_type=>'ITEM_NOT_NULL', p_error_message=>'#LABEL# must have a value.', p_when_button_pressed=>wwv_flow_imp.id(500), p_associated_item=>wwv_flow_imp.id(769));",
        "wwv_flow_imp_page.create_page_validation(p_id=>wwv_flow_imp.id(702), p_validation_name=>'short', p_validation_sequence=>20, p_validation=>'length(:P1_NAME) <= 10', p_validation2=>'PLSQL', p_validation_type=>'EXPRESSION', p_error_message=>'Too long');",
        "wwv_flow_imp_page.create_page_validation(p_id=>wwv_flow_imp.id(703), p_validation_name=>'numeric', p_validation_sequence=>30, p_validation=>'P1_NAME', p_validation_type=>'ITEM_IS_NUMERIC', p_error_message=>'Number please');",
      ].join('\n'),
    )
    expect(page.validations).toEqual([
      { name: 'required', expression: ':P1_NAME IS NOT NULL', message: '#LABEL# must have a value.', item: 'P1_NAME', when: { button: 'SAVE' } },
      { name: 'short', expression: 'LENGTH(:P1_NAME) <= 10', message: 'Too long' },
      { name: 'numeric', expression: '1 = 1', message: 'Number please', item: 'P1_NAME', notSimulated: { kind: 'numeric check validation', text: 'ITEM_IS_NUMERIC: P1_NAME' } },
    ])
  })

  it('maps computations with conditions', async () => {
    const { page, app } = await importPage(
      [
        item('P1_X'),
        item('P1_Y'),
        item('P1_Z'),
        "wwv_flow_imp_page.create_page_computation(p_id=>wwv_flow_imp.id(801), p_computation_sequence=>10, p_computation_item=>'P1_X', p_computation_point=>'BEFORE_HEADER', p_computation_type=>'STATIC_ASSIGNMENT', p_computation=>'&APP_NAME. rocks', p_compute_when=>'P1_X', p_compute_when_type=>'ITEM_IS_NULL');",
        "wwv_flow_imp_page.create_page_computation(p_id=>wwv_flow_imp.id(802), p_computation_sequence=>20, p_computation_item=>'P1_Y', p_computation_type=>'EXPRESSION', p_computation_language=>'PLSQL', p_computation=>'nvl(:P1_Y, 0) + 1');",
        "wwv_flow_imp_page.create_page_computation(p_id=>wwv_flow_imp.id(803), p_computation_sequence=>30, p_computation_item=>'P1_Z', p_computation_point=>'AFTER_SUBMIT', p_computation_type=>'QUERY', p_computation=>'select 1 from dual');",
      ].join('\n'),
      [
        "wwv_flow_imp_shared.create_flow_item(p_id=>wwv_flow_imp.id(805), p_name=>'G_X', p_scope=>'GLOBAL');",
        "wwv_flow_imp_shared.create_flow_computation(p_id=>wwv_flow_imp.id(804), p_computation_sequence=>10, p_computation_item=>'G_X', p_computation_point=>'ON_NEW_INSTANCE', p_computation_type=>'ITEM_VALUE', p_computation=>'APP_USER');",
      ].join('\n'),
    )
    expect(page.computations).toEqual([
      { point: 'beforeHeader', item: 'P1_X', expression: "'Snippet App rocks'", when: { expression: ':P1_X IS NULL' } },
      { point: 'afterSubmit', item: 'P1_Y', expression: 'NVL(:P1_Y, 0) + 1' },
      { point: 'afterSubmit', item: 'P1_Z', expression: "''", notSimulated: { kind: 'SQL query computation', text: 'select 1 from dual', language: 'sql', apexType: 'QUERY', run: 'sqlQuery' } },
    ])
    expect(app.computations).toEqual([{ point: 'onNewInstance', item: 'G_X', expression: ':APP_USER' }])
  })

  it('keeps components that set items the export does not define out of the engine flow', async () => {
    const { page, result } = await importPage(
      [
        "wwv_flow_imp_page.create_page_computation(p_id=>wwv_flow_imp.id(901), p_computation_sequence=>10, p_computation_item=>'P9_ELSEWHERE', p_computation_point=>'BEFORE_HEADER', p_computation_type=>'STATIC_ASSIGNMENT', p_computation=>'x');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(902), p_process_point=>'BEFORE_HEADER', p_process_type=>'NATIVE_PLSQL', p_process_name=>'set', p_process_sql_clob=>':P9_ELSEWHERE := 1;');",
      ].join('\n'),
    )
    expect(page.computations).toBeUndefined()
    expect((page as Record<string, unknown>).unplaced).toEqual([
      expect.objectContaining({ component: 'computation', item: 'P9_ELSEWHERE', notSimulated: { kind: 'computation of an item not in the export', text: 'x' } }),
    ])
    expect(page.processes?.[0]).toMatchObject({ type: 'notSimulated', notSimulated: { kind: 'PL/SQL process', text: ':P9_ELSEWHERE := 1;' } })
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('computation of P9_ELSEWHERE'),
      expect.stringContaining('PL/SQL process sets P9_ELSEWHERE'),
    ])
    expect(result.summary[0]).toMatchObject({ computations: 1, processes: 1, notSimulated: 2 })
  })

  it('reads the application: name through nvl, alias, home page by alias, session settings', async () => {
    const { app } = await importPage('')
    expect(app).toMatchObject({ id: 100, name: 'Snippet App', alias: 'SNIP', homePage: 1, settings: { maxSessionIdleSec: 900 } })
  })
})

describe('mapConditionExpression', () => {
  it.each([
    ['NEVER', '', '', '1 = 0'],
    ['ITEM_IS_NOT_NULL', 'P1_A', '', ':P1_A IS NOT NULL'],
    ['ITEM_IS_NULL', 'p1_a', '', ':P1_A IS NULL'],
    ['ITEM_IS_ZERO', 'P1_A', '', ":P1_A = '0'"],
    ['ITEM_NOT_NULL_OR_ZERO', 'P1_A', '', ":P1_A IS NOT NULL AND :P1_A != '0'"],
    ['VAL_OF_ITEM_IN_COND_EQ_COND2', 'P1_A', 'Y', ":P1_A = 'Y'"],
    ['VAL_OF_ITEM_IN_COND_NOT_EQ_COND2', 'P1_A', "it's", "(:P1_A IS NULL OR :P1_A != 'it''s')"],
    ['VALUE_OF_ITEM_IN_CONDITION_IN_COLON_DELIMITED_LIST', 'P1_A', 'A:B', ":P1_A IN ('A', 'B')"],
    ['REQUEST_EQUALS_CONDITION', 'SAVE', '', ":REQUEST = 'SAVE'"],
    ['REQUEST_NOT_EQUAL_CONDITION', 'SAVE', '', "(:REQUEST IS NULL OR :REQUEST != 'SAVE')"],
    ['REQUEST_IN_CONDITION', 'SAVE, CREATE', '', ":REQUEST IN ('SAVE', 'CREATE')"],
    ['REQUEST_NOT_IN_CONDITION', 'SAVE', '', "(:REQUEST IS NULL OR :REQUEST NOT IN ('SAVE'))"],
    ['CURRENT_PAGE_IN_CONDITION', '10,20', '', ":APP_PAGE_ID IN ('10', '20')"],
    ['CURRENT_PAGE_EQUALS_CONDITION', '10', '', ":APP_PAGE_ID = '10'"],
    ['EXPRESSION', ":P1_A = 'X'", 'PLSQL', ":P1_A = 'X'"],
    ['PLSQL_EXPRESSION', ':P1_A is null', '', ':P1_A IS NULL'],
  ])('%s(%j, %j) → %s', (type, expr1, expr2, expected) => {
    expect(mapConditionExpression({ type, expr1, expr2 }, {})).toEqual({ expression: expected })
  })

  it('treats no type and ALWAYS as no condition', () => {
    expect(mapConditionExpression({ type: undefined, expr1: 'x', expr2: undefined }, {})).toBeUndefined()
    expect(mapConditionExpression({ type: 'ALWAYS', expr1: undefined, expr2: undefined }, {})).toBeUndefined()
  })

  it.each([
    ['EXISTS', 'select 1 from dual', '', 'SQL "rows returned" condition', 'select 1 from dual', { language: 'sql', apexType: 'EXISTS', run: 'sqlExists' }],
    ['NOT_EXISTS', 'select 1 from dual', '', 'SQL "no rows returned" condition', 'select 1 from dual', { language: 'sql', apexType: 'NOT_EXISTS', run: 'sqlNotExists' }],
    ['FUNCTION_BODY', 'return true;', 'PLSQL', 'PL/SQL function body condition', 'return true;', { language: 'plsql', apexType: 'FUNCTION_BODY', run: 'plsqlFunctionBody' }],
    ['EXPRESSION', "pkg.f('x') = 1", 'PLSQL', 'PL/SQL expression condition', "pkg.f('x') = 1", { language: 'plsql', apexType: 'EXPRESSION', run: 'plsqlExpression' }],
    ['EXPRESSION', 'sysdate > 1', 'SQL', 'SQL expression condition', 'sysdate > 1', { language: 'sql', apexType: 'EXPRESSION', run: 'sqlExpression' }],
    ['ITEM_IS_NULL', 'not an item', '', 'condition', 'ITEM_IS_NULL: not an item', {}],
    ['SOMETHING_NEW', 'a', 'b', 'condition', 'SOMETHING_NEW: a: b', {}],
  ])('keeps %s as not simulated, with how the engine may run its code', (type, expr1, expr2, kind, text, code) => {
    expect(mapConditionExpression({ type, expr1, expr2 }, {})).toEqual({ notSimulated: { kind, text, ...code } })
  })
})
