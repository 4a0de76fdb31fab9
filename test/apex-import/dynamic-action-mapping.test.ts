/**
 * Dynamic actions with "Execute Server-side Code" are kept as the page's
 * `ajaxActions` (an `ajax` event with `action` runs them); client-side
 * actions are not kept.
 */
import { describe, expect, it } from 'vitest'
import { importPage } from './snippets.js'

const event = (id: number, name: string) => `wwv_flow_imp_page.create_page_da_event(p_id=>wwv_flow_imp.id(${id}), p_name=>'${name}', p_event_sequence=>10, p_bind_type=>'bind', p_bind_event_type=>'click');`
const action = (id: number, eventId: number, seq: number, rest: string) =>
  `wwv_flow_imp_page.create_page_da_action(p_id=>wwv_flow_imp.id(${id}), p_event_id=>wwv_flow_imp.id(${eventId}), p_event_result=>'TRUE', p_action_sequence=>${seq}${rest});`

describe('dynamic actions with server-side code', () => {
  it('keeps each one with its PL/SQL, Items to Submit and Items to Return, named by its dynamic action', async () => {
    const { page } = await importPage(
      [
        event(1, 'Save salary'),
        action(10, 1, 10, ", p_action=>'NATIVE_EXECUTE_PLSQL_CODE', p_attribute_01=>'update emp set sal = :P1_SAL where empno = :P1_EMPNO;', p_attribute_02=>'P1_SAL, p1_empno', p_attribute_03=>'P1_SAL', p_attribute_05=>'PLSQL'"),
        action(11, 1, 20, ", p_action=>'NATIVE_REFRESH'"),
        event(2, 'Two steps'),
        action(20, 2, 20, ", p_action=>'NATIVE_EXECUTE_PLSQL_CODE', p_attribute_01=>'null;'"),
        action(21, 2, 10, ", p_action=>'NATIVE_EXECUTE_PLSQL_CODE', p_attribute_01=>'console.log(1)', p_attribute_05=>'JAVASCRIPT'"),
      ].join('\n'),
    )
    expect((page as Record<string, unknown>).ajaxActions).toEqual([
      {
        name: 'Save salary',
        notSimulated: { kind: 'Dynamic action server-side code', text: 'update emp set sal = :P1_SAL where empno = :P1_EMPNO;', language: 'plsql', apexType: 'NATIVE_EXECUTE_PLSQL_CODE', run: 'plsqlBlock' },
        itemsToSubmit: ['P1_SAL', 'P1_EMPNO'],
        itemsToReturn: ['P1_SAL'],
      },
      { name: 'Two steps #10', notSimulated: { kind: 'Dynamic action server-side code (JAVASCRIPT)', text: 'console.log(1)' } },
      { name: 'Two steps #20', notSimulated: { kind: 'Dynamic action server-side code', text: 'null;', language: 'plsql', apexType: 'NATIVE_EXECUTE_PLSQL_CODE', run: 'plsqlBlock' } },
    ])
  })

  it('a page without server-side actions gets no list', async () => {
    const { page } = await importPage([event(1, 'Only client'), action(10, 1, 10, ", p_action=>'NATIVE_SHOW'")].join('\n'))
    expect((page as Record<string, unknown>).ajaxActions).toBeUndefined()
  })
})
