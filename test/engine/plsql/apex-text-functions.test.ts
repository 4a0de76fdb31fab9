/**
 * APEX_STRING.GET_INITIALS, APEX_UTIL.GET_SINCE and APEX_PAGE.GET_URL, in
 * PL/SQL and called from SQL with named arguments (the Oracle samples'
 * report queries: `apex_page.get_url(p_page => 13, p_items => 'P13_ID',
 * p_values => id)`, `apex_string.get_initials(c.created_by)`).
 *
 * Expected values: GET_INITIALS from Oracle's documented examples (24.2
 * API reference: 'John Doe' → JD, 'Andres Homero Lozano Garza' with 3 →
 * AHL, 'JBHiFi' with 3 → JBH). GET_SINCE from the CALENDAR_SINCE rules
 * Oracle documents (seconds under 2 minutes, minutes under 120, hours under
 * 2 days, days under 14, weeks under 60 days, months under 365 days, years
 * truncated at the tenths); the fake host's clock is 2024-01-15 10:30:00.
 * GET_URL: the fake host is app 100, page 1, session 42.
 */
import { describe, expect, test } from 'vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database'
import { PackageRegistry, callPlsqlFunction, createPlsqlUnitHook, scriptHost, type PlsqlHost } from '../../../src-main/engine/plsql'
import { getInitials, getSince } from '../../../src-main/engine/plsql/apex-text-functions'
import { value } from './helpers/run'

describe('APEX_STRING.GET_INITIALS', () => {
  test("Oracle's documented examples", () => {
    expect(value("return apex_string.get_initials('John Doe');")).toBe('JD')
    expect(value("return apex_string.get_initials(p_str => 'Andres Homero Lozano Garza', p_cnt => 3);")).toBe('AHL')
    expect(value("return apex_string.get_initials(p_str => 'JBHiFi', p_cnt => 3);")).toBe('JBH')
  })

  test('separators are spaces, commas, dashes and quotes; lower case is upper-cased; null stays null', () => {
    expect(getInitials("mary-jane o'neil", 3)).toBe('MJO')
    expect(getInitials('doe, john', null)).toBe('DJ')
    expect(getInitials('x', null)).toBe('X')
    expect(getInitials(null, 2)).toBeNull()
    expect(value("return nvl(apex_string.get_initials(null), 'none');")).toBe('none')
  })

  test('a p_cnt outside 1 … 255 is an error naming the function', () => {
    expect(() => value("return apex_string.get_initials('John Doe', 0);")).toThrow(/GET_INITIALS: p_cnt must be 1 to 255/)
  })
})

describe('APEX_UTIL.GET_SINCE', () => {
  const now = Date.UTC(2024, 0, 15, 10, 30, 0)
  const ago = (ms: number) => getSince(now - ms, now, false)
  test('each unit at its boundaries (CALENDAR_SINCE rules)', () => {
    expect(ago(0)).toBe('Now')
    expect(ago(119_000)).toBe('119 seconds ago')
    expect(ago(120_000)).toBe('2 minutes ago')
    expect(ago(119 * 60_000)).toBe('119 minutes ago')
    expect(ago(120 * 60_000)).toBe('2 hours ago')
    expect(ago(47 * 3_600_000)).toBe('47 hours ago')
    expect(ago(48 * 3_600_000)).toBe('2 days ago')
    expect(ago(13 * 86_400_000)).toBe('13 days ago')
    expect(ago(20 * 86_400_000)).toBe('2 weeks ago')
    expect(ago(59 * 86_400_000)).toBe('8 weeks ago')
    expect(ago(90 * 86_400_000)).toBe('3 months ago')
    expect(ago(365 * 86_400_000)).toBe('1 years ago')
    expect(ago(Math.round(1.89 * 365 * 86_400_000))).toBe('1.8 years ago')
    expect(getSince(now + 3 * 86_400_000, now, false)).toBe('3 days from now')
    expect(getSince(now + 3 * 86_400_000, now, true)).toBe('in 3d')
    expect(getSince(now - 30 * 60_000, now, true)).toBe('30m')
    expect(getSince(null, now, false)).toBeNull()
  })

  test('in PL/SQL against the simulated clock, p_short as Y or TRUE', () => {
    expect(value("return apex_util.get_since(to_date('2024-01-13 10:30:00', 'YYYY-MM-DD HH24:MI:SS'));")).toBe('2 days ago')
    expect(value("return apex_util.get_since(to_date('2024-01-15 10:00:00', 'YYYY-MM-DD HH24:MI:SS'), 'Y');")).toBe('30m')
    expect(value("return apex_util.get_since(to_date('2024-01-15 10:00:00', 'YYYY-MM-DD HH24:MI:SS'), p_short => true);")).toBe('30m')
  })
})

describe('APEX_PAGE.GET_URL', () => {
  test('defaults to the current app, page and session; trailing empty parts dropped', () => {
    expect(value('return apex_page.get_url;')).toBe('f?p=100:1:42')
    expect(value("return apex_page.get_url(p_page => 13, p_items => 'P13_ID', p_values => 7);")).toBe('f?p=100:13:42::::P13_ID:7')
    expect(value("return apex_page.get_url(p_application => 200, p_page => 2, p_request => 'EDIT', p_clear_cache => '2');")).toBe('f?p=200:2:42:EDIT::2')
  })
})

describe('named arguments in SQL calls of PL/SQL functions', () => {
  const clock = (): Date => new Date(Date.UTC(2024, 0, 15, 9, 0, 0))
  function engineDb(): AppDatabase {
    const packages = new PackageRegistry()
    const ref: { db?: AppDatabase } = {}
    const host = (): PlsqlHost => scriptHost({ db: ref.db as AppDatabase, packages, clock })
    ref.db = new AppDatabase({ clock, onPlsqlUnit: createPlsqlUnitHook({ packages, host }), callFunction: (name, args, names) => callPlsqlFunction(name, args, host(), names) })
    return ref.db
  }

  test('a package function called with names in any order, mixed with positional ones first', () => {
    const db = engineDb()
    const report = db.runScript('install', `
create or replace package fmt as
  function pair(p_a varchar2, p_b varchar2 default 'B', p_c varchar2 default 'C') return varchar2;
end fmt;
/
create or replace package body fmt as
  function pair(p_a varchar2, p_b varchar2 default 'B', p_c varchar2 default 'C') return varchar2 is
  begin
    return p_a || '-' || p_b || '-' || p_c;
  end pair;
end fmt;
/
`)
    expect(report.statements.every((s) => s.ok)).toBe(true)
    const one = (sql: string) => db.query(sql, () => undefined).rows[0]?.[0]
    expect(one("select fmt.pair(p_c => 'z', p_a => 'x') from dual")).toBe('x-B-z')
    expect(one("select fmt.pair('x', p_c => 'z') from dual")).toBe('x-B-z')
    expect(one("select apex_string.get_initials(p_str => 'John Doe') from dual")).toBe('JD')
  })

  test('named notation on a SQL built-in, or a positional argument after a named one, is a clear error', () => {
    const db = engineDb()
    expect(() => db.query("select nvl(p_a => 1, p_b => 2) from dual", () => undefined)).toThrow(/named arguments \(=>\) are only supported in calls of PL\/SQL functions, not NVL/)
    expect(() => db.query("select fmt.pair(p_a => 'x', 'y') from dual", () => undefined)).toThrow(/positional argument cannot follow a named one/)
  })
})
