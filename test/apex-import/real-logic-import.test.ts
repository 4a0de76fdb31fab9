/**
 * Issue #11, import side: supporting objects, text messages, regions, form
 * processes and execution chains are kept in the definition with what the
 * engine needs to run them. Expected values are read off the snippets.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { importApexExport } from '../../src-main/apex-import/index.js'
import type { AppDefinition, Process } from '../../src-main/engine/model/app-definition.js'
import { importPage } from './snippets.js'
import { describeWithSharedFixtures, sharedFixture } from '../helpers/shared-fixtures.js'

const script = (id: number, name: string, sequence: number, type: string, clob: string): string =>
  `wwv_flow_imp_shared.create_install_script(p_id=>wwv_flow_imp.id(${id}), p_install_id=>wwv_flow_imp.id(9), p_name=>'${name}', p_sequence=>${sequence}, p_script_type=>'${type}', p_script_clob=>${clob});`

describe('supporting objects', () => {
  it('keeps install scripts in sequence order, joins appends exactly, drops upgrade scripts', async () => {
    const { app, result } = await importPage(
      '',
      [
        script(2, 'data', 20, 'INSTALL', "wwv_flow_string.join(wwv_flow_t_varchar2('insert into t values (''ab', ''))"),
        "wwv_flow_imp_shared.append_to_install_script(p_id=>wwv_flow_imp.id(2), p_script_clob=>wwv_flow_string.join(wwv_flow_t_varchar2('cd'');')));",
        script(1, 'tables', 10, 'INSTALL', "'create table t (x varchar2(10));'"),
        script(3, 'upgrade', 5, 'UPGRADE', "'alter table t add y number;'"),
        "wwv_flow_imp_shared.append_to_install_script(p_id=>wwv_flow_imp.id(77), p_script_clob=>'x');",
      ].join('\n'),
    )
    expect(app.supportingObjects).toEqual({
      scripts: [
        { name: 'tables', sequence: 10, text: 'create table t (x varchar2(10));' },
        // The append continues the string literal the first part left open.
        { name: 'data', sequence: 20, text: "insert into t values ('ab\ncd');" },
      ],
    })
    expect(result.problems).toEqual([expect.objectContaining({ message: expect.stringContaining('script id 77') })])
  })

  it('keeps text messages by name', async () => {
    const { app } = await importPage(
      '',
      "wwv_flow_imp_shared.create_message(p_id=>wwv_flow_imp.id(5), p_name=>'greeting', p_message_text=>'Hello %0');",
    )
    expect(app.messages).toEqual([{ name: 'GREETING', text: 'Hello %0' }])
  })
})

describe('forms and regions', () => {
  it('maps a form region, its Form Initialization and Form DML to the table, keys and item columns', async () => {
    const { page } = await importPage(
      [
        "wwv_flow_imp_page.create_page_plug(p_id=>wwv_flow_imp.id(50), p_plug_name=>'Edit Dept', p_plug_display_sequence=>10, p_query_type=>'TABLE', p_query_table=>'dept', p_edit_operations=>'i:u:d', p_plug_source_type=>'NATIVE_FORM');",
        "wwv_flow_imp_page.create_page_plug(p_id=>wwv_flow_imp.id(51), p_plug_name=>'Static', p_plug_display_sequence=>20, p_plug_source=>'<p>hi</p>');",
        "wwv_flow_imp_page.create_page_plug(p_id=>wwv_flow_imp.id(52), p_plug_name=>'Report', p_plug_display_sequence=>30, p_query_type=>'SQL', p_plug_source=>'select * from dept where deptno = :P1_DEPTNO', p_plug_source_type=>'NATIVE_SQL_REPORT');",
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(60), p_name=>'P1_DEPTNO', p_is_primary_key=>true, p_item_sequence=>10, p_item_source_plug_id=>wwv_flow_imp.id(50), p_source=>'DEPTNO', p_source_type=>'REGION_SOURCE_COLUMN');",
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(61), p_name=>'P1_DNAME', p_item_sequence=>20, p_item_source_plug_id=>wwv_flow_imp.id(50), p_source=>'DNAME', p_source_type=>'REGION_SOURCE_COLUMN');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(70), p_process_sequence=>10, p_process_point=>'BEFORE_HEADER', p_region_id=>wwv_flow_imp.id(50), p_process_type=>'NATIVE_FORM_INIT', p_process_name=>'Init');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(71), p_process_sequence=>10, p_process_point=>'AFTER_SUBMIT', p_region_id=>wwv_flow_imp.id(50), p_process_type=>'NATIVE_FORM_DML', p_process_name=>'DML');",
      ].join('\n'),
    )
    expect(page.regions).toEqual([
      { name: 'Edit Dept', type: 'NATIVE_FORM', table: 'DEPT', items: { P1_DEPTNO: 'DEPTNO', P1_DNAME: 'DNAME' }, keys: ['DEPTNO'] },
      { name: 'Report', type: 'NATIVE_SQL_REPORT', query: 'select * from dept where deptno = :P1_DEPTNO', id: '52' },
    ])
    const form = { table: 'DEPT', keys: [{ column: 'DEPTNO', item: 'P1_DEPTNO' }], columns: { P1_DEPTNO: 'DEPTNO', P1_DNAME: 'DNAME' }, operations: 'I:U:D' }
    const [init, dml] = page.processes ?? []
    expect(init).toMatchObject({ name: 'Init', type: 'notSimulated', form, notSimulated: { run: 'formFetch', apexType: 'NATIVE_FORM_INIT', language: 'sql' } })
    expect(dml).toMatchObject({ name: 'DML', type: 'notSimulated', form, notSimulated: { run: 'formDml', apexType: 'NATIVE_FORM_DML', language: 'sql' } })
    expect(page.items?.find((i) => i.name === 'P1_DNAME')?.notSimulated).toEqual({
      kind: 'region source column',
      text: 'DNAME',
      language: 'sql',
      apexType: 'REGION_SOURCE_COLUMN',
      run: 'formColumn',
      role: 'source',
    })
  })

  it('maps legacy Automatic Row Fetch / Processing by their attributes and the Database Column items', async () => {
    const { page } = await importPage(
      [
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(60), p_name=>'P1_ID', p_item_sequence=>10, p_source=>'ID', p_source_type=>'DB_COLUMN');",
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(61), p_name=>'P1_TITLE', p_item_sequence=>20, p_source=>'TITLE', p_source_type=>'DB_COLUMN');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(70), p_process_sequence=>10, p_process_point=>'AFTER_HEADER', p_process_type=>'NATIVE_FORM_FETCH', p_process_name=>'Fetch', p_attribute_02=>'EBA_T', p_attribute_03=>'P1_ID', p_attribute_04=>'ID', p_attribute_11=>'I:U:D');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(71), p_process_sequence=>20, p_process_point=>'AFTER_SUBMIT', p_process_type=>'NATIVE_FORM_PROCESS', p_process_name=>'Process', p_attribute_02=>'EBA_T', p_attribute_03=>'P1_ID', p_attribute_04=>'ID', p_attribute_11=>'I:U');",
      ].join('\n'),
    )
    const keys = [{ column: 'ID', item: 'P1_ID' }]
    const columns = { P1_ID: 'ID', P1_TITLE: 'TITLE' }
    const [fetch, processRow] = page.processes ?? []
    // The fetch ignores the operations list (it only reads).
    expect((fetch as Record<string, unknown>).form).toEqual({ table: 'EBA_T', keys, columns })
    expect((processRow as Record<string, unknown>).form).toEqual({ table: 'EBA_T', keys, columns, operations: 'I:U' })
    expect(fetch?.type === 'notSimulated' && fetch.notSimulated.run).toBe('formFetch')
    expect(processRow?.type === 'notSimulated' && processRow.notSimulated.run).toBe('formDml')
  })

  it('puts the children of an execution chain in the chain, each keeping its code', async () => {
    const { page } = await importPage(
      [
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(80), p_process_sequence=>10, p_process_point=>'AFTER_SUBMIT', p_process_type=>'NATIVE_EXECUTION_CHAIN', p_process_name=>'Chain');",
        "wwv_flow_imp_page.create_page_process(p_id=>wwv_flow_imp.id(81), p_process_sequence=>20, p_parent_process_id=>wwv_flow_imp.id(80), p_process_point=>'AFTER_SUBMIT', p_process_type=>'NATIVE_PLSQL', p_process_name=>'Step', p_process_sql_clob=>'pkg.step;');",
      ].join('\n'),
    )
    const [chain, step] = (page.processes ?? []) as (Process & Record<string, unknown>)[]
    expect(chain).toMatchObject({ name: 'Chain', notSimulated: { run: 'executionChain', apexType: 'NATIVE_EXECUTION_CHAIN' } })
    expect(step).toMatchObject({ name: 'Step', chain: 'Chain', notSimulated: { kind: 'process in an execution chain', text: 'pkg.step;', run: 'plsqlBlock' } })
  })
})

const SAMPLES = sharedFixture('oracle-samples-24.2/')

describeWithSharedFixtures('Oracle sample Master Detail: supporting objects', () => {
  it('keeps both install scripts, the appended part included, and none of the deinstall script', async () => {
    const result = await importApexExport(`${SAMPLES}sample-master-detail.sql`)
    const app = result.apps[0] as AppDefinition
    const scripts = app.supportingObjects?.scripts ?? []
    expect(scripts.map((s) => [s.name, s.sequence])).toEqual([
      ['Create Tables', 10],
      ['Create Data Package', 20],
    ])
    // Read off the export text: the appended part's last statement of the package body.
    const text = readFileSync(`${SAMPLES}sample-master-detail.sql`, 'utf8')
    expect(text).toContain('append_to_install_script')
    expect(scripts[0]?.text).toContain('create table eba_demo_md_status (')
    expect(scripts[1]?.text.startsWith('create or replace package eba_demo_md_data_pkg as')).toBe(true)
    // The create call's last string is empty and the append goes on with the next value row, on a new line.
    expect(scripts[1]?.text).toContain("       , to_date('20141229', 'YYYYMMDD') + l_add_days \n       , to_date('20141230', 'YYYYMMDD') + l_add_days \n      ); ")
    expect(scripts.some((s) => /drop table/i.test(s.text))).toBe(false)
  })
})
