/**
 * APEX_APPLICATION.G_X01 … and the other scalar globals named in SQL inside
 * PL/SQL (an Ajax callback's `select … where id = apex_application.g_x01`):
 * bound like PL/SQL variables, where they failed with ORA-00904 before.
 * The fake host is user ALICE, app 100, page 1, request SAVE, G_X01 'x1'.
 */
import { describe, expect, test } from 'vitest'
import { value } from './helpers/run'

describe('APEX_APPLICATION globals in embedded SQL', () => {
  test('G_X01, G_USER and G_FLOW_ID in a WHERE clause and a select list, also as WWV_FLOW', () => {
    expect(value("declare n number; begin select count(*) into n from dual where apex_application.g_x01 = 'x1'; return n; end;")).toBe('1')
    expect(value('declare s varchar2(100); begin select apex_application.g_user || apex_application.g_flow_id || wwv_flow.g_x01 into s from dual; return s; end;')).toBe('ALICE100x1')
  })

  test('an unset G_X02 is NULL in SQL', () => {
    expect(value("declare s varchar2(10); begin select coalesce(apex_application.g_x02, 'null') into s from dual; return s; end;")).toBe('null')
  })
})
