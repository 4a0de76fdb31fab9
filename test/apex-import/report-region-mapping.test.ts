/**
 * Report regions keep what the simulator shows of them: their id (pagination
 * requests name it), rows per page, column headings and hidden columns. A
 * report's columns and saved reports name no region: they belong to the
 * region exported just before them.
 */
import { describe, expect, it } from 'vitest'
import { importPage } from './snippets.js'

describe('report regions', () => {
  it('a classic report exported as create_report_region: id, rows per page, headings, hidden columns', async () => {
    const { page } = await importPage(
      [
        "wwv_flow_imp_page.create_report_region(p_id=>wwv_flow_imp.id(30), p_name=>'Emps', p_display_sequence=>10, p_source_type=>'NATIVE_SQL_REPORT', p_query_type=>'SQL', p_source=>'select rowid, empno, ename from emp', p_query_num_rows=>10);",
        "wwv_flow_imp_page.create_report_columns(p_id=>wwv_flow_imp.id(31), p_query_column_id=>1, p_column_alias=>'ROWID', p_column_heading=>'ROWID', p_hidden_column=>'Y');",
        "wwv_flow_imp_page.create_report_columns(p_id=>wwv_flow_imp.id(32), p_query_column_id=>2, p_column_alias=>'EMPNO', p_column_heading=>'Number', p_hidden_column=>'Y');",
        "wwv_flow_imp_page.create_report_columns(p_id=>wwv_flow_imp.id(33), p_query_column_id=>3, p_column_alias=>'ENAME', p_column_heading=>'Name');",
        "wwv_flow_imp_page.create_page_plug(p_id=>wwv_flow_imp.id(40), p_plug_name=>'IR', p_plug_display_sequence=>20, p_query_type=>'SQL', p_plug_source=>'select empno, ename, sal from emp', p_plug_source_type=>'NATIVE_IR');",
        "wwv_flow_imp_page.create_worksheet(p_id=>wwv_flow_imp.id(41), p_name=>'IR');",
        "wwv_flow_imp_page.create_worksheet_column(p_id=>wwv_flow_imp.id(42), p_db_column_name=>'EMPNO', p_column_label=>'Empno', p_display_text_as=>'HIDDEN');",
        "wwv_flow_imp_page.create_worksheet_column(p_id=>wwv_flow_imp.id(43), p_db_column_name=>'ENAME', p_column_label=>'Employee');",
        "wwv_flow_imp_page.create_worksheet_column(p_id=>wwv_flow_imp.id(44), p_db_column_name=>'SAL', p_column_label=>'Salary');",
        "wwv_flow_imp_page.create_worksheet_rpt(p_id=>wwv_flow_imp.id(45), p_is_default=>'Y', p_display_rows=>5, p_report_columns=>'EMPNO:ENAME');",
      ].join('\n'),
    )
    expect(page.regions).toEqual([
      { name: 'Emps', type: 'NATIVE_SQL_REPORT', query: 'select rowid, empno, ename from emp', id: '30', rowsPerPage: 10, headings: { ROWID: 'ROWID', EMPNO: 'Number', ENAME: 'Name' }, hiddenColumns: ['ROWID', 'EMPNO'] },
      // SAL is not in the default report's columns: hidden too.
      { name: 'IR', type: 'NATIVE_IR', query: 'select empno, ename, sal from emp', id: '40', rowsPerPage: 5, headings: { EMPNO: 'Empno', ENAME: 'Employee', SAL: 'Salary' }, hiddenColumns: ['EMPNO', 'SAL'] },
    ])
  })

  it('a Function Body returning SQL Query source is kept as queryFunction, not as a query', async () => {
    const { page } = await importPage(
      "wwv_flow_imp_page.create_page_plug(p_id=>wwv_flow_imp.id(50), p_plug_name=>'Fn', p_plug_display_sequence=>10, p_query_type=>'FUNC_BODY_RETURNING_SQL', p_function_body_language=>'PLSQL', p_plug_source=>'return pkg.sql_text;', p_plug_source_type=>'NATIVE_IR');",
    )
    expect(page.regions).toEqual([{ name: 'Fn', type: 'NATIVE_IR', queryFunction: 'return pkg.sql_text;', id: '50' }])
  })
})
