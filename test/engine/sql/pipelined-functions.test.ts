/**
 * PIPELINED functions read through TABLE() (issue #11, Sample Reporting's
 * "Pipelined Functions" page): PIPE ROW sends a row — a scalar or a record,
 * copied as it is when piped — and the rows are the function's result, read
 * in SQL by their fields (`t.page_id`, or unqualified when the TABLE() is the
 * only source), joined to tables, grouped, and from a cursor of another
 * pipelined function. Expected rows worked out by hand from the code below.
 */
import { describe, expect, it } from 'vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database.js'
import { PackageRegistry, callPlsqlFunction, callPlsqlTableFunction, createPlsqlUnitHook, scriptHost, type PlsqlHost } from '../../../src-main/engine/plsql/index.js'

const clock = (): Date => new Date(Date.UTC(2024, 0, 15, 9, 0, 0))
function engineDb(): AppDatabase {
  const packages = new PackageRegistry()
  const ref: { db?: AppDatabase } = {}
  const host = (): PlsqlHost => scriptHost({ db: ref.db as AppDatabase, packages, clock })
  ref.db = new AppDatabase({
    clock,
    onPlsqlUnit: createPlsqlUnitHook({ packages, host }),
    callFunction: (name, args, names) => callPlsqlFunction(name, args, host(), names),
    callTableFunction: (name, args, names) => callPlsqlTableFunction(name, args, host(), names),
  })
  return ref.db
}
const none = () => undefined

const PKG = `create table pages (page_id number, page_name varchar2(30));
insert into pages values (1, 'Home');
insert into pages values (2, 'Report');
insert into pages values (3, 'Form');
create or replace package demo_pkg as
  type ref_t is record (source_id number, target_id number);
  type ref_tbl is table of ref_t;
  type rep_t is record (page_id number, refs number, label varchar2(40));
  type rep_tbl is table of rep_t;
  type num_tbl is table of number;
  function squares(n in number) return num_tbl pipelined;
  function refs return ref_tbl pipelined;
  function report return rep_tbl pipelined;
end demo_pkg;
/
create or replace package body demo_pkg as
  function squares(n in number) return num_tbl pipelined is
  begin
    for i in 1 .. n loop
      pipe row (i * i);
    end loop;
    return;
  end squares;

  function refs return ref_tbl pipelined is
    l_ref ref_t;
  begin
    -- 1 -> 2, 1 -> 3, 2 -> 3: page 3 is linked twice, page 2 once, page 1 never.
    l_ref.source_id := 1; l_ref.target_id := 2; pipe row (l_ref);
    l_ref.target_id := 3; pipe row (l_ref);
    l_ref.source_id := 2; pipe row (l_ref);
  end refs;

  function report return rep_tbl pipelined is
    l_rep rep_t;
    type count_t is table of number index by binary_integer;
    l_counts count_t;
    cursor c_refs is select target_id, count(*) c from table(refs()) group by target_id;
  begin
    for r in c_refs loop
      l_counts(r.target_id) := r.c;
    end loop;
    for p in (select page_id, page_name from pages order by page_id) loop
      l_rep.page_id := p.page_id;
      l_rep.refs := case when l_counts.exists(p.page_id) then l_counts(p.page_id) else 0 end;
      l_rep.label := p.page_name || ' (' || l_rep.refs || ')';
      pipe row (l_rep);
    end loop;
  end report;
end demo_pkg;
/`

describe('pipelined functions through TABLE()', () => {
  it('scalar rows are COLUMN_VALUE, in the order piped', () => {
    const db = engineDb()
    const r = db.runScript('pkg', PKG)
    expect(r.statements.filter((x) => !x.ok), JSON.stringify(r)).toEqual([])
    expect(db.query('select column_value from table(demo_pkg.squares(4))', none).rows).toEqual([[1], [4], [9], [16]])
  })

  it('record rows are read by their fields, joined to a table as the sample does', () => {
    const db = engineDb()
    db.runScript('pkg', PKG)
    const sql = 'select t.page_id, p.page_name page, t.refs, t.label from table( demo_pkg.report() ) t, pages p where p.page_id = t.page_id order by t.page_id'
    expect(db.query(sql, none).rows).toEqual([
      [1, 'Home', 0, 'Home (0)'],
      [2, 'Report', 1, 'Report (1)'],
      [3, 'Form', 2, 'Form (2)'],
    ])
    // Unqualified, when the TABLE() is the only source.
    expect(db.query('select target_id, count(*) from table(demo_pkg.refs) group by target_id order by target_id', none).rows).toEqual([[2, 1], [3, 2]])
  })

  it('CONNECT BY over a WITH query (the sample breadcrumb cursor): its rows are numbered to walk them', () => {
    const db = engineDb()
    db.runScript('bc', 'create table bc (id number, parent_id number, page number);\ninsert into bc values (1, 0, 10);\ninsert into bc values (2, 1, 20);\ninsert into bc values (3, 2, 30);\ninsert into bc values (4, 0, 40);')
    const sql = "with data as (select id, parent_id, page from bc where page < 40) select page, sys_connect_by_path(page, ':') p from data start with parent_id = 0 connect by prior id = parent_id"
    expect(db.query(sql, none).rows).toEqual([[10, ':10'], [20, ':10:20'], [30, ':10:20:30']])
  })

  it('TABLE() in DML runs inside the statement, as before (a function that does not query)', () => {
    const db = engineDb()
    db.runScript('pkg', PKG)
    const r = db.execute('delete from pages where page_id in (select column_value from table(demo_pkg.squares(2)))', none)
    expect(r.rowCount).toBe(1)
    expect(db.query('select page_id from pages order by 1', none).rows).toEqual([[2], [3]])
  })

  it('PIPE ROW outside a pipelined function does not compile', () => {
    const db = engineDb()
    const r = db.runScript('bad', 'create or replace function f return number is begin pipe row (1); return 1; end;\n/')
    expect(r.statements.filter((x) => !x.ok)).toHaveLength(1)
  })
})
