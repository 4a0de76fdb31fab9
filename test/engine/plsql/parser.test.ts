import { describe, expect, test } from 'vitest'
import { compilePlsql } from '../../../src-main/engine/plsql'

function reason(text: string, kind: Parameters<typeof compilePlsql>[1] = 'block') {
  const r = compilePlsql(text, kind)
  if (r.ok) throw new Error('expected "not simulated"')
  return r.reason
}

describe('compilePlsql accepts the supported language', () => {
  test.each([
    ['null;'],
    ['begin null; end;'],
    ["declare x varchar2(10) := 'a'; c constant number := 1; b boolean default true; d date; begin x := x || c; end;"],
    ['declare type r_t is record (a number, b varchar2(10)); r r_t; type t_t is table of varchar2(100) index by pls_integer; t t_t; begin r.a := 1; t(1) := r.b; end;'],
    ['declare x emp.sal%type; r emp%rowtype; begin null; end;'],
    ['begin if a = 1 then null; elsif a = 2 then null; else null; end if; end;'],
    ['begin case x when 1 then null; else null; end case; case when x > 1 then null; end case; end;'],
    ['begin loop exit when i > 3; continue when i = 2; end loop; while i < 3 loop i := i + 1; end loop; for i in reverse 1 .. 3 loop null; end loop; end;'],
    ['begin for r in (select * from emp where deptno = l_d) loop null; end loop; end;'],
    ['declare cursor c(p number) is select * from emp where id = p; begin for r in c(1) loop null; end loop; open c(2); fetch c into r; close c; end;'],
    ['begin select a, b into x, y from t where id = :P1_ID; update t set a = 1 where id = x returning b into y; end;'],
    ['declare e exception; pragma exception_init(e, -20001); begin raise e; exception when e or no_data_found then raise; when others then null; end;'],
    ["begin raise_application_error(-20001, 'x'); end;"],
    ['declare procedure p(a in number, b out varchar2, c in out date) is begin null; end; function f(x number default 1) return number is begin return x; end; begin p(1, b => v, c => w); end;'],
    ['begin <<outer>> loop exit outer; end loop outer; end;'],
    ['commit;'],
    ["apex_util.set_session_state('P1_X', 'v'); apex_collection.create_collection(p_collection_name => 'C');"],
  ])('%s', (text) => {
    const r = compilePlsql(text, 'block')
    expect(r.ok ? 'ok' : `${r.reason.message} ${r.reason.line}:${r.reason.col}`).toBe('ok')
  })

  test('function bodies, expressions and conditions', () => {
    expect(compilePlsql('return :P1_X;', 'functionBody').ok).toBe(true)
    expect(compilePlsql("declare x number; begin x := 1; return x; end;", 'functionBody').ok).toBe(true)
    expect(compilePlsql("nvl(:P1_X, 'a') || 'b'", 'expression').ok).toBe(true)
    expect(compilePlsql(':P1_X is not null and :REQUEST in (\'SAVE\', \'CREATE\')', 'condition').ok).toBe(true)
    expect(compilePlsql('wwv_flow.g_f01.count >= 1', 'condition').ok).toBe(true)
  })
})

describe('compilePlsql names what it does not simulate, with line and column', () => {
  test.each([
    ["begin\n  execute immediate 'drop table t';\nend;", 'EXECUTE IMMEDIATE', 2, 3],
    ['begin\n  forall i in 1 .. 3 delete t;\nend;', 'FORALL', 2, 3],
    ['declare\n  c sys_refcursor;\nbegin null; end;', 'ref cursor', 2, 5],
    ["begin\n  x := utl_http.request('u');\nend;", 'UTL_HTTP.REQUEST', 2, 8],
    ["begin\n   dbms_sql.parse(c, 's', 1);\nend;", 'DBMS_SQL.PARSE', 2, 4],
    ["begin apex_util.submit_feedback(p_comment => 'x'); end;", 'APEX_UTIL.SUBMIT_FEEDBACK', 1, 7],
    ['begin goto l; end;', 'GOTO', 1, 7],
    ['declare x anydata; begin null; end;', 'type', 1, 11],
    ["begin owa_util.mime_header('text/plain'); end;", 'OWA_UTIL.MIME_HEADER', 1, 7],
    ['begin htp.init; end;', 'HTP.INIT', 1, 7],
  ])('%s', (text, construct, line, col) => {
    const r = reason(text)
    expect(r.construct).toBe(construct)
    expect([r.line, r.col]).toEqual([line, col])
  })

  test('syntax errors are reasons too, at the offending token', () => {
    const r = reason('begin\n  x := ;\nend;')
    expect(r.construct).toBe('syntax')
    expect([r.line, r.col]).toEqual([2, 8])
    expect(reason("begin x := 'open").construct).toBe('syntax')
    expect(reason('', 'expression').message).toMatch(/empty/)
  })

  test('a SELECT without INTO is refused at load', () => {
    expect(reason('begin select 1 from dual; end;').message).toMatch(/INTO/)
  })
})
