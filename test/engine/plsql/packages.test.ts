import { describe, expect, test } from 'vitest'
import { PackageRegistry, compilePlsql } from '../../../src-main/engine/plsql'
import { fakeHost } from './helpers/fake-host'
import { error, run, value } from './helpers/run'

const SPEC = `create or replace package shop_pkg as
  c_tax constant number := 0.2;
  g_calls number := 0;
  function gross(p_net in number) return number;
  procedure add_item(p_name in varchar2, p_id out number);
end shop_pkg;
/`
const BODY = `create or replace package body shop_pkg as
  function gross(p_net in number) return number is
  begin
    g_calls := g_calls + 1;
    return round(p_net * (1 + c_tax), 2);
  end gross;
  procedure add_item(p_name in varchar2, p_id out number) is
  begin
    insert into items (name) values (p_name);
    select max(id) into p_id from items;
  end add_item;
begin
  g_calls := 100;
end shop_pkg;
/`

function registry(): PackageRegistry {
  const r = new PackageRegistry()
  expect(r.load(SPEC)).toMatchObject({ ok: true, unit: 'PACKAGE SHOP_PKG' })
  expect(r.load(BODY)).toMatchObject({ ok: true, unit: 'PACKAGE BODY SHOP_PKG' })
  expect(r.load("create or replace function twice(x number) return number is begin return x * 2; end;\n/")).toMatchObject({ ok: true, unit: 'FUNCTION TWICE' })
  return r
}

describe('PackageRegistry and calls into packages', () => {
  test('package functions, constants, OUT parameters and embedded SQL', () => {
    const h = fakeHost({ packages: registry(), setup: 'create table items (id integer primary key, name text);' })
    // gross(10) = 10 * 1.2 = 12; twice(21) = 42
    expect(value("declare id number; begin shop_pkg.add_item('pen', id); return shop_pkg.gross(10) || '/' || shop_pkg.c_tax || '/' || id || '/' || twice(21); end;", h)).toBe('12/.2/1/42')
  })

  test('package state: initialised once per session by the body, kept across runs of that session', () => {
    const reg = registry()
    const h = fakeHost({ packages: reg })
    value('return shop_pkg.gross(1);', h)
    // init set 100, two calls → 102
    expect(value('return shop_pkg.gross(1) + 0 * shop_pkg.g_calls || \'/\' || shop_pkg.g_calls;', h)).toBe('1.2/102')
    const other = fakeHost({ packages: reg })
    other.apex.session = 43
    expect(value('return shop_pkg.g_calls;', other)).toBe('100')
    reg.resetState(42)
    expect(value('return shop_pkg.g_calls;', h)).toBe('100')
  })

  test('a unit that does not compile is kept with its reason; calling it names the reason', () => {
    const r = new PackageRegistry()
    const bad = r.load("create or replace procedure dyn as begin\n  execute immediate 'x';\nend;\n/")
    expect(bad).toMatchObject({ ok: false, unit: 'PROCEDURE DYN' })
    expect(bad.reason).toMatchObject({ construct: 'EXECUTE IMMEDIATE', line: 2, col: 3 })
    const e = error('dyn;', 'block', fakeHost({ packages: r }))
    expect(e.message).toMatch(/DYN cannot run: PROCEDURE is not simulated \(EXECUTE IMMEDIATE/)
  })

  test('a PIPELINED function does not stop the rest of its package, and PL/SQL may not call it (only TABLE() in SQL)', () => {
    const r = new PackageRegistry()
    expect(r.load(`create or replace package p as
      type t is table of number;
      function rows_of(n number) return t pipelined;
      function ok return number;
    end;`).ok).toBe(true)
    expect(r.load(`create or replace package body p as
      function rows_of(n number) return t pipelined is begin for i in 1 .. n loop pipe row(i); end loop; return; end;
      function ok return number is begin return 1; end;
    end;`).ok).toBe(true)
    const h = fakeHost({ packages: r })
    expect(value('return p.ok;', h)).toBe('1')
    expect(error('declare x p.t; begin x := p.rows_of(2); end;', 'block', h).message).toMatch(/PLS-00653: .*P.ROWS_OF is PIPELINED/i)
  })

  test('unknown package members are runtime errors with the position', () => {
    const h = fakeHost({ packages: registry() })
    const { result } = run('begin\n  shop_pkg.nothing(1);\nend;', 'block', h)
    expect(result).toMatchObject({ ok: false, error: { line: 2, col: 3 } })
  })
})

describe('with the supporting objects loaded, unknown calls are decided at compile time', () => {
  test('unknown procedures and package members are not simulated, with their position', () => {
    const packages = registry()
    const no = (text: string) => {
      const r = compilePlsql(text, 'block', { packages })
      if (r.ok) throw new Error('expected "not simulated"')
      return r.reason
    }
    expect(no('begin\n  missing_proc(1);\nend;')).toMatchObject({ construct: 'MISSING_PROC', line: 2, col: 3 })
    expect(no("begin :P1_X := shop_pkg.nothing(1); end;")).toMatchObject({ construct: 'SHOP_PKG.NOTHING', message: 'SHOP_PKG has no member NOTHING' })
    expect(no("begin other_pkg.run; end;").message).toMatch(/no package OTHER_PKG/)
  })

  test('declared, built-in, system, registry and SQL-answerable names compile', () => {
    const packages = registry()
    for (const text of [
      "declare procedure local_p is begin null; end; r emp%rowtype; begin local_p; r.ename := 'x'; :P1_X := shop_pkg.gross(1) + twice(2) + shop_pkg.c_tax; apex_util.set_session_state('A', upper(r.ename)); end;",
      "begin <<outer>> for i in 1 .. 2 loop :P1_X := outer.i; end loop; end;",
      'declare function f(n number) return number is begin return f.n; end; begin :P1_X := soundex(f(1)); end;',
    ]) {
      const r = compilePlsql(text, 'block', { packages })
      expect(r.ok ? 'ok' : r.reason.message).toBe('ok')
    }
    // Without the registry, the same unknown call waits for run time.
    expect(compilePlsql('begin missing_proc(1); end;', 'block').ok).toBe(true)
  })
})
