/**
 * XMLType in PL/SQL (src-main/engine/plsql/xmltype.ts), on the forms Sample
 * Collections uses: a declared XMLTYPE variable, XMLTYPE(text),
 * `xmltype.extract(x, '/').getstringval()` (a method on a call's result),
 * methods on variables and record fields, DBMS_XMLGEN.GETXML, and the
 * collection attributes that keep XML. Expected values are written by hand.
 */
import { describe, expect, test } from 'vitest'
import { compilePlsql } from '../../../src-main/engine/plsql'
import { fakeHost } from './helpers/fake-host'
import { error, run, value } from './helpers/run'

const EMP = "create table emp (empno integer, ename text, comm integer); insert into emp values (7839, 'KING', null); insert into emp values (7499, 'ALLEN', 300);"

describe('XMLTYPE values', () => {
  test('a declared XMLTYPE holds the text XMLTYPE(text) checked', () => {
    expect(value("declare x xmltype := xmltype('<a><b>1</b></a>'); begin return x.getclobval(); end;")).toBe('<a><b>1</b></a>')
    expect(value("declare x xmltype; begin x := XMLType('<a/>'); return x.getStringVal(); end;")).toBe('<a/>')
    expect(value("begin return xmltype.createxml('<a/>').getstringval(); end;")).toBe('<a/>')
  })

  test("chained: xmltype.extract(x, path).getstringval() — the sample's form, SELF first", () => {
    expect(value("declare x xmltype := xmltype('<r><e>KING</e><e>ALLEN</e></r>'); begin return xmltype.extract(x, '/r/e[2]').getstringval(); end;")).toBe('<e>ALLEN</e>')
    expect(value("declare x xmltype := xmltype('<r><e>KING</e></r>'); begin return x.extract('//e/text()').getstringval(); end;")).toBe('KING')
    expect(value("begin return xmltype('<r n=\"5\"/>').extract('/r/@n').getnumberval() + 1; end;")).toBe('6')
    expect(value("declare x xmltype := xmltype('<r/>'); begin return x.existsnode('/r') || x.existsnode('/q'); end;")).toBe('10')
  })

  test('a method on a record field (a cursor row), as page 4 reads c1.xmltype001', () => {
    const host = fakeHost()
    host.apex.collections.create('C')
    host.apex.collections.addMember('C', { C001: 'one', XMLTYPE001: '<ROWSET><ROW><N>1</N></ROW></ROWSET>' })
    const { result } = run(
      "for c1 in (select c001, xmltype001 from apex_collections where collection_name = 'C') loop :P1_X := c1.xmltype001.extract('//N/text()').getstringval(); :P1_Y := xmltype.extract(c1.xmltype001, '/').getstringval(); end loop;",
      'block',
      host,
    )
    expect(result.ok).toBe(true)
    expect(host.items.get('P1_X')).toBe('1')
    expect(host.items.get('P1_Y')).toBe('<ROWSET><ROW><N>1</N></ROW></ROWSET>')
  })

  test('ill-formed text is ORA-31011, catchable, with the line of the call', () => {
    const e = error("declare\n  x xmltype;\nbegin\n  x := xmltype('<a>');\nend;")
    expect(e.message).toMatch(/^ORA-31011: XML parsing failed: start tag <a> is never closed/)
    expect(e.line).toBe(4)
    expect(value("begin declare x xmltype; begin x := xmltype('<a'); exception when others then return sqlcode; end; end;")).toBe('-31011')
  })

  test('a method on NULL is ORA-30625 (Oracle refuses dispatch on a NULL SELF)', () => {
    expect(error('declare x xmltype; begin :P1_X := x.getstringval(); end;').message).toMatch(/^ORA-30625/)
    expect(error("begin :P1_X := xmltype.extract(null, '/').getstringval(); end;").message).toMatch(/^ORA-30625/)
  })

  test('other chained calls stay not simulated, decided at load', () => {
    const c = compilePlsql('begin x := f(1).g(2); end;', 'block')
    expect(c.ok).toBe(false)
    if (!c.ok) expect(c.reason.message).toMatch(/chained calls are not simulated/)
  })
})

describe('DBMS_XMLGEN.GETXML', () => {
  test("a query's rows as a ROWSET document, NULL columns left out", () => {
    const host = fakeHost({ setup: EMP })
    expect(value("begin return dbms_xmlgen.getxml('select * from emp where empno = ' || 7839); end;", host)).toBe(
      '<?xml version="1.0"?>\n<ROWSET>\n <ROW>\n  <EMPNO>7839</EMPNO>\n  <ENAME>KING</ENAME>\n </ROW>\n</ROWSET>\n',
    )
    expect(value("begin return nvl(dbms_xmlgen.getxml('select * from emp where empno = 1'), 'none'); end;", host)).toBe('none')
  })

  test('what page 6 of Sample Collections does: GETXML into XMLType into the member, read back by XPath', () => {
    const host = fakeHost({ setup: EMP })
    const { result } = run(
      `declare l_rowxml varchar2(4000);
       begin
         apex_collection.create_collection_from_query2(p_collection_name => 'E', p_query => 'select empno, comm, null, null, null, null, null, null, null, null, ename from emp order by ename');
         for c1 in (select n001 empno, seq_id from apex_collections where collection_name = 'E' order by seq_id) loop
           l_rowxml := dbms_xmlgen.getxml('select * from emp where empno = ' || c1.empno);
           apex_collection.update_member_attribute(p_collection_name => 'E', p_seq => c1.seq_id, p_xmltype_number => 1, p_xmltype_value => XMLType(l_rowxml));
         end loop;
       end;`,
      'block',
      host,
    )
    expect(result.ok, result.ok ? '' : result.error.message).toBe(true)
    const members = host.apex.collections.all()[0]?.members ?? []
    // ALLEN (7499, comm 300) sorts first: the "2" variant puts the first five columns in n001-n005, the 11th in c001.
    expect(members.map((m) => [m.values.N001, m.values.N002, m.values.C001])).toEqual([[7499, 300, 'ALLEN'], [7839, null, 'KING']])
    expect(members[1]?.values.XMLTYPE001).toBe('<?xml version="1.0"?>\n<ROWSET>\n <ROW>\n  <EMPNO>7839</EMPNO>\n  <ENAME>KING</ENAME>\n </ROW>\n</ROWSET>\n')
  })

  test('add_member and update_member keep p_xmltype001', () => {
    const host = fakeHost()
    const { result } = run(
      "begin apex_collection.create_collection('C'); apex_collection.add_member(p_collection_name => 'C', p_c001 => 'a', p_xmltype001 => xmltype('<x/>')); apex_collection.update_member(p_collection_name => 'C', p_seq => 1, p_c001 => 'b', p_xmltype001 => xmltype('<y/>')); end;",
      'block',
      host,
    )
    expect(result.ok).toBe(true)
    expect(host.apex.collections.all()[0]?.members[0]?.values).toMatchObject({ C001: 'b', XMLTYPE001: '<y/>' })
  })
})
