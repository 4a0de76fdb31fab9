import { describe, expect, test } from 'vitest'
import { fakeHost } from './helpers/fake-host'
import { error, run, value } from './helpers/run'

const EMP = `create table emp (id integer primary key, name text, dept integer, sal number);
insert into emp values (1, 'KING', 10, 5000), (2, 'BLAKE', 30, 2850), (3, 'CLARK', 10, 2450), (4, 'ALLEN', 30, 1600);`

describe('values and operators (Oracle rules)', () => {
  test("'' is NULL and || ignores NULL", () => {
    expect(value("return case when '' is null then 'null' else 'not' end;")).toBe('null')
    expect(value("return 'a' || null || 'b';")).toBe('ab')
    expect(value('return null || null;')).toBe(null)
  })

  test('three-valued logic: a NULL condition is not true, NOT NULL is still NULL', () => {
    expect(value("declare x number; begin if x = 1 then return 'then'; elsif not (x = 1) then return 'elsif'; else return 'else'; end if; end;")).toBe('else')
    expect(value("begin if null or true then return 'y'; end if; return 'n'; end;")).toBe('y')
    expect(value("begin if null and false then return 'y'; end if; return 'n'; end;")).toBe('n')
    expect(value("declare b boolean := (1 = null) or false; begin return case when b is null then 'null' end; end;")).toBe('null')
  })

  test('numbers: text converts implicitly, .5 prints without a leading zero, division by zero raises', () => {
    expect(value("return '2' + 3;")).toBe('5')
    expect(value('return 1/2;')).toBe('.5')
    expect(value('return -1/4;')).toBe('-.25')
    expect(value('return 7 mod 3;')).toBe('1')
    expect(value('return 2 ** 10;')).toBe('1024')
    expect(error("declare n number; begin n := 'abc'; end;").message).toMatch(/ORA-06502.*character to number/)
    expect(error('declare n number; begin n := 1 / 0; end;').oraCode).toBe(1476)
  })

  test('VARCHAR2 length and NUMBER precision are enforced (ORA-06502)', () => {
    expect(error("declare s varchar2(3); begin s := 'abcd'; end;").message).toMatch(/character string buffer too small/)
    expect(value("declare s varchar2(4); begin s := 'abcd'; return s; end;")).toBe('abcd')
    expect(value('declare n number(5,2); begin n := 3.14159; return n; end;')).toBe('3.14')
    expect(error('declare n number(3); begin n := 1234; end;').message).toMatch(/precision/)
    expect(value('declare i integer; begin i := 2.5; return i; end;')).toBe('3')
    expect(value("declare c char(3) := 'a'; begin return '[' || c || ']'; end;")).toBe('[a  ]')
  })

  test('dates: arithmetic in days, default text form, built-ins', () => {
    expect(value("return to_date('2024-01-31', 'YYYY-MM-DD') + 1;")).toBe('2024-02-01 00:00:00')
    expect(value("return to_date('2024-03-01', 'YYYY-MM-DD') - to_date('2024-02-01', 'YYYY-MM-DD');")).toBe('29')
    expect(value("return to_char(add_months(to_date('2024-01-31','YYYY-MM-DD'), 1), 'DD-MON-YYYY');")).toBe('29-FEB-2024')
    expect(value("return to_char(sysdate, 'YYYY-MM-DD HH24:MI');")).toBe('2024-01-15 10:30')
    expect(value("return to_char(trunc(sysdate, 'MM'), 'YYYY-MM-DD');")).toBe('2024-01-01')
  })

  test('built-in functions with 1-based positions and null rules', () => {
    expect(value("return substr('abcdef', 2, 3);")).toBe('bcd')
    expect(value("return substr('abcdef', -2);")).toBe('ef')
    expect(value("return instr('a,b,c', ',', 1, 2);")).toBe('4')
    expect(value("return nvl(null, 'x') || nvl2('a', 'y', 'z') || coalesce(null, null, 'w');")).toBe('xyw')
    expect(value("return decode(null, null, 'match', 'no');")).toBe('match')
    expect(value("return lpad('7', 3, '0') || rpad('a', 3, '-');")).toBe('007a--')
    expect(value("return initcap('hello wORLD');")).toBe('Hello World')
    expect(value("return trim(both '.' from '..a.b..');")).toBe('a.b')
    expect(value("return replace('aXbX', 'X');")).toBe('ab')
    expect(value("return to_char(1234.5, 'FM999G990D00');")).toBe('1,234.50')
    expect(value("return regexp_replace('  x  ', '^[[:space:]]*(.*?)[[:space:]]*$', '\\1');")).toBe('x')
    expect(value("return regexp_substr('a1b22c', '[0-9]+', 1, 2);")).toBe('22')
    expect(value('return greatest(3, 10, 7) + least(3, 10, 7);')).toBe('13')
    expect(value('return round(2.5) + trunc(-2.7) + mod(-7, 3);')).toBe('0')
    expect(value("return length('') ;")).toBe(null)
  })
})

describe('control flow', () => {
  test('loops: numeric FOR (and REVERSE), WHILE, LOOP with EXIT WHEN and CONTINUE', () => {
    // 1+2+…+5 = 15, reverse order string "321", while doubling 1→16, loop skipping 3: 1+2+4+5 = 12
    expect(value("declare s number := 0; begin for i in 1 .. 5 loop s := s + i; end loop; return s; end;")).toBe('15')
    expect(value("declare s varchar2(10); begin for i in reverse 1 .. 3 loop s := s || i; end loop; return s; end;")).toBe('321')
    expect(value('declare n number := 1; begin while n < 10 loop n := n * 2; end loop; return n; end;')).toBe('16')
    expect(value('declare i number := 0; s number := 0; begin loop i := i + 1; exit when i > 5; continue when i = 3; s := s + i; end loop; return s; end;')).toBe('12')
    expect(value('declare s number := 0; begin for i in 3 .. 1 loop s := s + 1; end loop; return s; end;')).toBe('0')
  })

  test('labelled EXIT leaves the outer loop', () => {
    // i=1: j=1,2 counted; i=2: j=1 counted then exit outer → 3
    expect(value('declare n number := 0; begin <<outer>> for i in 1 .. 3 loop for j in 1 .. 2 loop exit outer when i = 2 and j = 2; n := n + 1; end loop; end loop outer; return n; end;')).toBe('3')
  })

  test('CASE statement and expression, simple and searched; CASE_NOT_FOUND', () => {
    expect(value("declare x number := 2; begin case x when 1 then return 'one'; when 2 then return 'two'; end case; end;")).toBe('two')
    expect(value("declare x number := 5; begin return case when x < 3 then 'small' when x < 10 then 'medium' else 'large' end; end;")).toBe('medium')
    expect(error('declare x number := 9; begin case x when 1 then null; end case; end;').oraCode).toBe(6592)
  })

  test('nested blocks see outer variables and shadow them', () => {
    expect(value("declare x varchar2(5) := 'out'; r varchar2(20); begin declare x varchar2(5) := 'in'; begin r := x; end; return r || '/' || x; end;")).toBe('in/out')
  })

  test('a function body that ends without RETURN is an error', () => {
    expect(run('null;', 'functionBody').result).toMatchObject({ ok: false, error: { oraCode: 6503 } })
  })
})

describe('exceptions', () => {
  test('NO_DATA_FOUND and TOO_MANY_ROWS from SELECT INTO, handled by name', () => {
    const h = fakeHost({ setup: EMP })
    expect(value("declare n varchar2(10); begin select name into n from emp where id = 99; return n; exception when no_data_found then return 'none'; end;", h)).toBe('none')
    expect(value("declare n varchar2(10); begin select name into n from emp where dept = 10; return n; exception when too_many_rows then return 'many'; end;", h)).toBe('many')
  })

  test('user exceptions, RAISE, re-RAISE, SQLCODE and SQLERRM', () => {
    expect(value("declare e exception; begin raise e; exception when e then return sqlcode || ':' || sqlerrm; end;")).toBe('1:User-Defined Exception')
    expect(value("begin raise_application_error(-20042, 'bad thing'); exception when others then return sqlcode || ' ' || sqlerrm; end;")).toBe('-20042 ORA-20042: bad thing')
    expect(value("declare e exception; pragma exception_init(e, -20001); begin raise_application_error(-20001, 'x'); exception when e then return 'caught e'; end;")).toBe('caught e')
    expect(value("begin begin raise no_data_found; exception when no_data_found then raise; end; exception when others then return sqlcode; end;")).toBe('100')
  })

  test('an unhandled exception reports its message, ORA code and the raising statement', () => {
    const e = error("begin\n  null;\n  raise_application_error(-20001, 'Stop here');\nend;")
    expect(e).toMatchObject({ message: 'ORA-20001: Stop here', oraCode: 20001, line: 3, col: 3 })
  })

  test('a user exception is not DUP_VAL_ON_INDEX; an error while declaring skips the block\'s own handlers', () => {
    expect(value("declare e exception; begin begin raise e; exception when dup_val_on_index then return 'dup'; end; exception when e then return 'e'; end;")).toBe('e')
    expect(value("begin declare n number := 'x'; begin null; exception when others then return 'inner'; end; exception when value_error then return 'outer'; end;")).toBe('outer')
  })

  test('an exception in the handler propagates; OTHERS catches predefined ones', () => {
    expect(value("declare n number; begin n := 'x'; exception when value_error then return 've'; end;")).toBe('ve')
    expect(error("begin raise zero_divide; exception when no_data_found then null; end;").oraCode).toBe(1476)
  })
})

describe('embedded SQL: variables become binds, items are items', () => {
  test('SELECT INTO a record and scalars; cursor FOR over a query using a local', () => {
    const h = fakeHost({ setup: EMP, items: { P1_DEPT: '30' } })
    // dept 30: BLAKE 2850 + ALLEN 1600 = 4450
    expect(value("declare total number := 0; begin for r in (select sal from emp where dept = :P1_DEPT) loop total := total + r.sal; end loop; return total; end;", h)).toBe('4450')
    expect(value("declare r emp%rowtype; begin select * into r from emp where id = 3; return r.name || r.sal; end;", h)).toBe('CLARK2450')
    expect(value("declare l_id number := 2; l_name varchar2(20); begin select name into l_name from emp where id = l_id; return l_name; end;", h)).toBe('BLAKE')
    expect(h.db.statements).toContain('select name from emp where id = ?')
  })

  test('DML with SQL%ROWCOUNT, SQL%FOUND and RETURNING INTO', () => {
    const h = fakeHost({ setup: EMP })
    const v = value(`declare n number; new_sal number; begin
        update emp set sal = sal + 100 where dept = 10;
        n := sql%rowcount;
        update emp set sal = sal * 2 where id = 4 returning sal into new_sal;
        delete from emp where id = 99;
        return n || '/' || new_sal || '/' || case when sql%found then 'found' else 'notfound' end;
      end;`, h)
    expect(v).toBe('2/3200/notfound')
    expect(h.db.sqlite.prepare('select sal from emp where id = 1').pluck().get()).toBe(5100)
  })

  test('record fields and loop records are bound; names that are not locals stay SQL', () => {
    const h = fakeHost({ setup: EMP + "create table log (msg text);" })
    run("begin for r in (select id, name from emp where dept = 10 order by id) loop insert into log (msg) values (r.name || '#' || r.id); end loop; end;", 'block', h)
    expect(h.db.sqlite.prepare('select msg from log order by msg').pluck().all()).toEqual(['CLARK#3', 'KING#1'])
  })

  test("a column wins over a variable of the same name inside a query (Oracle's rule), not in INSERT … VALUES", () => {
    const h = fakeHost({ setup: EMP + 'create table names (name text);' })
    // "where name = name" compares the column with itself: all 4 rows, as in Oracle.
    expect(value("declare name varchar2(10) := 'KING'; n number; begin select count(*) into n from emp where name = name; insert into names values (name); return n; end;", h)).toBe('4')
    expect(h.db.sqlite.prepare('select name from names').pluck().all()).toEqual(['KING'])
  })

  test('a table alias that is also a loop record names the table inside the query', () => {
    const h = fakeHost({ setup: EMP })
    // Outer record e (KING, dept 10); the inner query's alias e is the emp table: dept 10 has KING and CLARK.
    expect(value("declare s varchar2(100); begin for e in (select name, dept from emp where id = 1) loop for r in (select e.name from emp e where e.dept = 10 order by e.id) loop s := s || r.name || ','; end loop; end loop; return s; end;", h)).toBe('KING,CLARK,')
  })

  test('explicit cursors: OPEN with parameters, FETCH, %FOUND/%NOTFOUND/%ROWCOUNT/%ISOPEN, CLOSE', () => {
    const h = fakeHost({ setup: EMP })
    const v = value(`declare
        cursor c(p_dept number) is select name from emp where dept = p_dept order by name;
        n varchar2(20); s varchar2(100);
      begin
        open c(30);
        loop fetch c into n; exit when c%notfound; s := s || n || ','; end loop;
        s := s || c%rowcount || case when c%isopen then 'open' end;
        close c;
        return s || case when not c%isopen then '/closed' end;
      end;`, h)
    expect(v).toBe('ALLEN,BLAKE,2open/closed')
  })

  test('BULK COLLECT INTO a collection', () => {
    const h = fakeHost({ setup: EMP })
    expect(value("declare type t is table of varchar2(20); names t; begin select name bulk collect into names from emp order by id; return names.count || names(2) || names(names.last); end;", h)).toBe('4BLAKEALLEN')
  })

  test('a SQL error becomes a PL/SQL exception that OTHERS can catch', () => {
    const h = fakeHost({ setup: EMP })
    expect(value("begin insert into emp (id, name) values (1, 'DUP'); return 'no'; exception when dup_val_on_index then return 'dup'; end;", h)).toBe('dup')
    expect(error('declare n number; begin select nope into n from emp; end;', 'block', h).message).toMatch(/nope/)
  })
})

describe('bind variables and session state', () => {
  test(':ITEM reads and writes session state through the host', () => {
    const h = fakeHost({ items: { P1_A: '20', P1_B: null } })
    run(":P1_B := :P1_A * 2; :P1_C := nvl(:P1_B, 'x') || v('P1_A');", 'block', h)
    expect(h.items.get('P1_B')).toBe('40')
    expect(h.items.get('P1_C')).toBe('4020')
  })

  test('expressions and conditions', () => {
    const h = fakeHost({ items: { P1_X: 'abc', P1_N: '5' } })
    expect(run("upper(:P1_X) || '!'", 'expression', h).result).toEqual({ ok: true, value: 'ABC!' })
    expect(run(':P1_N > 3 and :P1_X is not null', 'condition', h).result).toEqual({ ok: true, value: true })
    expect(run(':P1_MISSING = 1', 'condition', h).result).toEqual({ ok: true, value: false })
    expect(run('nv(\'P1_N\') + 1', 'expression', h).result).toEqual({ ok: true, value: '6' })
  })
})

describe('subprograms', () => {
  test('local procedures and functions: positional, named, defaults, OUT and IN OUT', () => {
    const v = value(`declare
        function add(a number, b number default 10) return number is begin return a + b; end;
        procedure split_name(p_full in varchar2, p_first out varchar2, p_count in out number) is
        begin p_first := substr(p_full, 1, instr(p_full, ' ') - 1); p_count := p_count + 1; end;
        f varchar2(20); c number := 0;
      begin
        split_name('Ada Lovelace', f, c);
        split_name(p_count => c, p_first => f, p_full => 'Alan Turing');
        return add(1) || ',' || add(b => 2, a => 3) || ',' || f || ',' || c;
      end;`)
    expect(v).toBe('11,5,Alan,2')
  })

  test('recursion works and unbounded recursion is stopped', () => {
    expect(value('declare function fact(n number) return number is begin if n <= 1 then return 1; end if; return n * fact(n - 1); end; begin return fact(10); end;')).toBe('3628800')
    expect(error('declare function f(n number) return number is begin return f(n + 1); end; begin return f(1); end;', 'functionBody').message).toMatch(/nested deeper/)
  })

  test('wrong arguments are a clear error', () => {
    expect(error('declare procedure p(a number) is begin null; end; begin p(1, 2); end;').message).toMatch(/wrong number or types of arguments in call to 'P'/)
    expect(error('begin no_such_proc(1); end;').message).toMatch(/NO_SUCH_PROC/)
  })
})

describe('records and collections', () => {
  test('TYPE … IS RECORD, field assignment, record copy semantics', () => {
    expect(value("declare type p_t is record (x number, y number := 5); a p_t; b p_t; begin a.x := 1; b := a; b.x := 2; return a.x || b.x || a.y; end;")).toBe('125')
  })

  test('INDEX BY tables: sparse keys, FIRST/NEXT iteration, EXISTS, DELETE, string keys', () => {
    const v = value(`declare type t is table of number index by pls_integer; a t; k pls_integer; s varchar2(50);
        type m_t is table of varchar2(10) index by varchar2(10); m m_t;
      begin
        a(10) := 1; a(3) := 2; a(7) := 3;
        k := a.first;
        while k is not null loop s := s || k || '=' || a(k) || ';'; k := a.next(k); end loop;
        a.delete(7);
        m('b') := 'B'; m('a') := 'A';
        return s || a.count || case when a.exists(7) then 'y' else 'n' end || m.first || m(m.last);
      end;`)
    expect(v).toBe('3=2;7=3;10=1;2naB')
  })

  test('collection constructors: t(), t(a, b), APEX_T_VARCHAR2(…)', () => {
    expect(value("declare type t is table of varchar2(5); a t := t('x', 'y'); b t := t(); begin b.extend; b(1) := 'z'; return a.count || a(2) || b(1) || apex_string.join(apex_t_varchar2('p', 'q'), '+'); end;")).toBe('2yzp+q')
  })

  test('reading a missing element raises NO_DATA_FOUND', () => {
    expect(error('declare type t is table of number index by pls_integer; a t; n number; begin n := a(1); end;').oraCode).toBe(1403)
  })
})

describe('the step budget', () => {
  test('an infinite loop is stopped with a clear error naming the place', () => {
    // Steps: 1 the block, 2 the LOOP statement, then per iteration the loop's own step (odd) and NULL (even):
    // step 1001 is the loop's, at line 2 col 3.
    const e = error('begin\n  loop\n    null;\n  end loop;\nend;', 'block', fakeHost({ steps: 1000 }))
    expect(e.message).toBe('PL/SQL step budget of 1000 exceeded at line 2 col 3 (an infinite loop?)')
    expect([e.line, e.col]).toEqual([2, 3])
  })

  test('WHEN OTHERS cannot swallow the budget error', () => {
    const e = error('begin loop begin null; exception when others then null; end; end loop; exception when others then null; end;', 'block', fakeHost({ steps: 500 }))
    expect(e.message).toMatch(/step budget of 500 exceeded/)
  })

  test('a bounded loop within the budget finishes', () => {
    expect(value('declare s number := 0; begin for i in 1 .. 100 loop s := s + i; end loop; return s; end;', fakeHost({ steps: 1000 }))).toBe('5050')
  })

  test('doubling a string fails on size instead of exhausting memory', () => {
    expect(error("declare s clob := 'x'; begin loop s := s || s; end loop; end;").message).toMatch(/simulation's limit/)
  })
})

describe('size limits', () => {
  test('LPAD to a billion characters and EXTEND by a billion fail or stop instead of exhausting memory', () => {
    expect(error("declare s clob; begin s := lpad('x', 1000000000, 'y'); end;").message).toMatch(/simulation's limit/)
    expect(error('declare type t is table of number; a t := t(); begin a.extend(1000000000); end;', 'block', fakeHost({ steps: 10_000 })).message).toMatch(/step budget of 10000 exceeded/)
  })
})
