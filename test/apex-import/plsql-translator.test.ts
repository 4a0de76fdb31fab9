import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { translateExpression } from '../../src-main/apex-import/plsql-translator.js'
import { translateAssignments } from '../../src-main/apex-import/plsql-assignments.js'
import { staticTextToExpression } from '../../src-main/apex-import/substitution-text.js'

describe('translateExpression', () => {
  it.each([
    [':P1_X', ':P1_X'],
    ["v('P1_X')", "V('P1_X')"],
    ["NV('P1_N') + 1", "NV('P1_N') + 1"],
    ["apex_util.get_session_state('P1_X')", "V('P1_X')"],
    ['trim(:P27_USER_NAME)', 'TRIM(:P27_USER_NAME)'],
    ["nvl(:A, 'x') || '-' || upper(:B)", "NVL(:A, 'x') || '-' || UPPER(:B)"],
    ["substr(lower(:A), 1, 3) = 'abc'", "SUBSTR(LOWER(:A), 1, 3) = 'abc'"],
    ['to_number(:A) * 2 > length(:B)', 'TO_NUMBER(:A) * 2 > LENGTH(:B)'],
    [':A is not null and :B is null', ':A IS NOT NULL AND :B IS NULL'],
    [':A = 1 or :B = 2 and :C = 3', ':A = 1 OR :B = 2 AND :C = 3'],
    ['(:A = 1 or :B = 2) and :C = 3', '(:A = 1 OR :B = 2) AND :C = 3'],
    ['not :A = 1', 'NOT (:A = 1)'],
    [":REQUEST in ('SAVE','CREATE')", ":REQUEST IN ('SAVE', 'CREATE')"],
    [":A not like 'x%'", ":A NOT LIKE 'x%'"],
    [':A between 1 and 5', ':A BETWEEN 1 AND 5'],
    [':A ^= 1', ':A != 1'],
    [':A - (:B - :C)', ':A - (:B - :C)'],
    ['(:A - :B) - :C', ':A - :B - :C'],
    ['-(-:A)', '-(-:A)'],
    ['apex_application.g_request', ':REQUEST'],
    ["coalesce(:A, :B, 'z');", "COALESCE(:A, :B, 'z')"],
    [":a_long_item_name_that_is_fine", ':A_LONG_ITEM_NAME_THAT_IS_FINE'],
    [':"my item"', ':"MY ITEM"'],
    ["'it''s'", "'it''s'"],
    ["'Hi &P1_NAME.!'", "'Hi ' || :P1_NAME || '!'"],
  ])('%s → %s', (source, expected) => {
    expect(translateExpression(source)).toBe(expected)
  })

  it('inlines application substitution strings referenced as binds', () => {
    expect(translateExpression('nvl(:APPLICATION_TITLE, :APP_NAME)', { substitutions: { APP_NAME: 'Tracker' } })).toBe(
      "NVL(:APPLICATION_TITLE, 'Tracker')",
    )
  })

  it.each([
    'sysdate',
    "eba_stds_fw.get_preference_value('FIRST_RUN') = 'YES'",
    'to_char(localtimestamp,:APP_DATE_TIME_FORMAT)',
    "to_char(:A, 'DD')",
    'select 1 from dual',
    ':A := 1',
    'wwv_flow.g_f01.count >= 1',
    "decode(:A, 1, 'x')",
    "x like 'a' escape '\\'",
    ':A in ()',
    'begin null; end;',
    '',
    '(:A',
    ':A = ',
  ])('leaves %j untranslated', (source) => {
    expect(translateExpression(source)).toBeUndefined()
  })

  test.prop([fc.string({ maxLength: 300 })])('never throws', (source) => {
    const result = translateExpression(source)
    if (result !== undefined) expect(result.length).toBeGreaterThan(0)
  })
})

describe('translateAssignments', () => {
  it('turns item assignments into setItems entries', () => {
    expect(translateAssignments("begin\n  :P2_STATUS := 'NEW';\n  apex_util.set_session_state('p2_owner', :APP_USER);\nend;")).toEqual({
      P2_STATUS: "'NEW'",
      P2_OWNER: ':APP_USER',
    })
    expect(translateAssignments("apex_util.set_session_state(p_name => 'X', p_value => upper(:Y));")).toEqual({ X: 'UPPER(:Y)' })
    expect(translateAssignments('null;')).toEqual({})
  })

  it.each([
    ':P101_USERNAME := apex_authentication.get_login_username_cookie;',
    'begin eba_stds_parser.add_applications; end;',
    "declare x number; begin :A := 1; end;",
    ':A := 1; :A := 2;',
    '',
    "begin :A := 'x' end;",
  ])('does not translate %j', (body) => {
    expect(translateAssignments(body)).toBeUndefined()
  })
})

describe('staticTextToExpression', () => {
  it.each([
    ['REPORT', "'REPORT'"],
    ['&P1_X.', ':P1_X'],
    ['a &P1_X. b &"p1 y". c', "'a ' || :P1_X || ' b ' || :\"P1 Y\" || ' c'"],
    ['&APP_PAGE_ID.', ':APP_PAGE_ID'],
    ['&P1_X!HTML.', ':P1_X'],
    ["O'Brien", "'O''Brien'"],
    ['#SUCCESS_MSG# & co', "'#SUCCESS_MSG# & co'"],
  ])('%j → %s', (text, expected) => {
    expect(staticTextToExpression(text)).toBe(expected)
  })

  it('inlines substitution strings, nested ones too', () => {
    expect(staticTextToExpression('&APP_NAME. v1', { APP_NAME: 'My &WHO.', WHO: 'App' })).toBe("'My App v1'")
    // A cycle stops after a few levels instead of looping.
    expect(staticTextToExpression('&A.', { A: '&A.' })).toBe(':A')
  })

  it('gives no expression for empty text', () => {
    expect(staticTextToExpression('')).toBeUndefined()
    expect(staticTextToExpression(undefined)).toBeUndefined()
  })
})
