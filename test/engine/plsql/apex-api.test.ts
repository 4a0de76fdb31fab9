import { describe, expect, test } from 'vitest'
import { fakeHost } from './helpers/fake-host'
import { error, run, value } from './helpers/run'

describe('APEX_UTIL and V()/NV()', () => {
  test('SET_SESSION_STATE / GET_SESSION_STATE go through the host, names upper-cased', () => {
    const h = fakeHost({ items: { P1_A: '7' } })
    run("apex_util.set_session_state('p1_b', apex_util.get_session_state('P1_A') || 'x'); apex_util.set_session_state(p_name => 'P1_C', p_value => nv('P1_A') + 1);", 'block', h)
    expect(h.items.get('P1_B')).toBe('7x')
    expect(h.items.get('P1_C')).toBe('8')
  })

  test('CLEAR_PAGE_CACHE / CLEAR_APP_CACHE / CLEAR_USER_CACHE hand the f?p ClearCache tokens to the host', () => {
    const h = fakeHost()
    run('apex_util.clear_page_cache(5); apex_util.clear_page_cache; apex_util.clear_app_cache(100); apex_util.clear_user_cache;', 'block', h)
    // The fake host's current page is 1.
    expect(h.cleared).toEqual(['5', '1', 'APP', 'SESSION'])
  })

  test('GET_SESSION_TIME_ZONE is null until a time zone is set (Oracle: "null if the time zone is not explicitly set")', () => {
    expect(value("return nvl(apex_util.get_session_time_zone, 'unset');")).toBe('unset')
  })

  test('STRING_TO_TABLE / TABLE_TO_STRING split and join on ":"', () => {
    expect(value("declare t apex_application_global.vc_arr2; begin t := apex_util.string_to_table('a:b:c'); return t.count || t(2) || apex_util.table_to_string(t, '-'); end;")).toBe('3ba-b-c')
  })
})

describe('APEX_APPLICATION globals', () => {
  test('G_USER, G_FLOW_ID, G_FLOW_STEP_ID, G_REQUEST, G_X01 and the G_F01 array, also as WWV_FLOW', () => {
    // Fake host: ALICE, app 100, page 1, request SAVE, G_X01 'x1', G_F01 'a:b'
    expect(value("return apex_application.g_user || apex_application.g_flow_id || apex_application.g_flow_step_id || apex_application.g_request || apex_application.g_x01;")).toBe('ALICE1001SAVEx1')
    expect(value('return apex_application.g_f01.count || apex_application.g_f01(2) || wwv_flow.g_f01(1);')).toBe('2ba')
    expect(run('wwv_flow.g_f01.count >= 1', 'condition').result).toEqual({ ok: true, value: true })
  })
})

describe('APEX_ERROR, APEX_DEBUG, DBMS_OUTPUT, APEX_LANG, APEX_ACL', () => {
  test('ADD_ERROR with a page item', () => {
    const h = fakeHost()
    run("apex_error.add_error(p_message => 'Name is required', p_display_location => apex_error.c_inline_with_field_and_notif, p_page_item_name => 'p1_name'); apex_error.add_error('General');", 'block', h)
    expect(h.errors).toEqual([{ message: 'Name is required', item: 'P1_NAME' }, { message: 'General' }])
  })

  test('APEX_DEBUG and DBMS_OUTPUT are recorded through host.apex.debug', () => {
    const h = fakeHost()
    run("apex_debug.message('x=%s y=%s', 1, 'b'); dbms_output.put_line('hello'); apex_debug.enter('proc');", 'block', h)
    expect(h.debugLog).toEqual(['x=1 y=b', 'DBMS_OUTPUT: hello', 'enter proc'])
  })

  test('APEX_LANG.MESSAGE / HTMLDB_LANG.MESSAGE use the host (the name when there is no message)', () => {
    expect(value("return apex_lang.message('greeting', 'Bob') || '|' || htmldb_lang.message('UNKNOWN_MSG');")).toBe('Hello Bob|UNKNOWN_MSG')
  })

  test('APEX_ACL.HAS_USER_ROLE asks the host about the current user', () => {
    const h = fakeHost({ roles: ['ADMIN'] })
    expect(value("return case when apex_acl.has_user_role(p_role_static_id => 'admin') then 'y' else 'n' end || case when apex_acl.has_user_role(p_application_id => 100, p_user_name => 'BOB', p_role_static_id => 'ADMIN') then 'y' else 'n' end;", h)).toBe('yn')
  })
})

describe('APEX_STRING', () => {
  test('SPLIT and JOIN', () => {
    expect(value("declare t apex_t_varchar2; begin t := apex_string.split('a,b,,c', ','); return t.count || '[' || t(3) || ']' || apex_string.join(t, ';'); end;")).toBe('4[]a;b;;c')
  })
})

describe('APEX_COLLECTION (per-session store through the host)', () => {
  test('create, add, update attribute, count, exists, delete member, resequence', () => {
    const h = fakeHost()
    run(`begin
        apex_collection.create_collection('cart');
        apex_collection.add_member(p_collection_name => 'CART', p_c001 => 'apple', p_n001 => 3);
        apex_collection.add_member(p_collection_name => 'CART', p_c001 => 'pear', p_n001 => 1, p_d001 => to_date('2024-02-03', 'YYYY-MM-DD'));
        apex_collection.add_member(p_collection_name => 'CART', p_c001 => 'plum');
        apex_collection.update_member_attribute(p_collection_name => 'CART', p_seq => 1, p_attr_number => 2, p_attr_value => 'red');
        apex_collection.delete_member(p_collection_name => 'CART', p_seq => 2);
        apex_collection.resequence_collection('CART');
        :P1_COUNT := apex_collection.collection_member_count('CART');
        :P1_EXISTS := case when apex_collection.collection_exists('cart') then 'Y' else 'N' end;
      end;`, 'block', h)
    expect(h.items.get('P1_COUNT')).toBe('2')
    expect(h.items.get('P1_EXISTS')).toBe('Y')
    const [cart] = h.apex.collections.all()
    expect(cart?.members.map((m) => [m.seq, m.values.C001, m.values.C002 ?? null])).toEqual([[1, 'apple', 'red'], [2, 'plum', null]])
  })

  test('APEX_COLLECTIONS is queryable from PL/SQL SQL as an inline view of the session', () => {
    const h = fakeHost()
    const v = value(`declare s varchar2(100); begin
        apex_collection.create_or_truncate_collection('C');
        apex_collection.add_member('C', 'x', p_n001 => 10);
        apex_collection.add_member('C', 'y', p_n001 => 20);
        for r in (select seq_id, c001, n001 from apex_collections where collection_name = 'C' order by seq_id desc) loop
          s := s || r.seq_id || r.c001 || r.n001 || ';';
        end loop;
        return s;
      end;`, h)
    expect(v).toBe('2y20;1x10;')
  })

  test('CREATE_COLLECTION_FROM_QUERY fills c001… from the query columns', () => {
    const h = fakeHost({ setup: "create table t (a text, b integer); insert into t values ('k', 1), ('l', 2);" })
    run("apex_collection.create_collection_from_query(p_collection_name => 'Q', p_query => 'select a, b from t order by b');", 'block', h)
    expect(h.apex.collections.all()[0]?.members.map((m) => [m.values.C001, m.values.C002])).toEqual([['k', '1'], ['l', '2']])
  })

  test('creating an existing collection is an error naming it', () => {
    expect(error("apex_collection.create_collection('A'); apex_collection.create_collection('a');").message).toMatch(/Collection A already exists/)
  })
})

describe('APEX_AUTHENTICATION and APEX_THEME', () => {
  test('LOGIN without an engine login is a clear runtime error; cookies are no-ops', () => {
    expect(error("apex_authentication.login(p_username => 'bob', p_password => 'x');").message).toMatch(/does not simulate logging in/)
    const h = fakeHost()
    let who = ''
    h.apex.login = (u) => void (who = u)
    run("apex_authentication.send_login_username_cookie(p_username => lower('Bob')); apex_authentication.login(p_username => 'bob', p_password => 'x');", 'block', h)
    expect(who).toBe('BOB')
  })

  test("theme styles change only the look: f130's clear_all_users_style is a no-op recorded in the debug log", () => {
    const { result, host } = run('apex_theme.clear_all_users_style(:APP_ID);', 'block', fakeHost({ items: { APP_ID: '130' } }))
    expect(result.ok).toBe(true)
    expect(host.debugLog).toEqual(['APEX_THEME.CLEAR_ALL_USERS_STYLE: theme styles are not simulated (no effect)'])
  })
})

describe('HTP', () => {
  test('HTP.P / HTP.PRN go to the engine\'s page output; without one they are a clear runtime error', () => {
    const h = fakeHost()
    const out: string[] = []
    h.apex.print = (t, nl) => void out.push(nl ? `${t}\n` : t)
    run("for i in 1 .. 2 loop htp.p('<li>' || i || '</li>'); end loop; htp.prn('done');", 'block', h)
    expect(out.join('')).toBe('<li>1</li>\n<li>2</li>\ndone')
    expect(error("htp.p('x');").message).toMatch(/HTP output is not simulated here/)
  })
})

describe('APEX_ESCAPE and DO_SUBSTITUTIONS', () => {
  test('HTML escaping and &ITEM. substitution from session state', () => {
    const h = fakeHost({ items: { P1_NAME: 'Ann' } })
    expect(value(`return apex_escape.html('<a href="x">&</a>');`, h)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;')
    expect(value("return apex_application.do_substitutions('Hi &P1_NAME., &UNKNOWN. stays');", h)).toBe('Hi Ann, &UNKNOWN. stays')
  })
})
