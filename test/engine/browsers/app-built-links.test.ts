/**
 * Issue #16: links an app's own PL/SQL builds carry the checksum Session State
 * Protection demands — APEX_UTIL.PREPARE_URL signs at its p_checksum_type
 * (SESSION by default), APEX_PAGE.GET_URL signs where the target page or its
 * items demand it — so the link works from the browser that holds the session,
 * and the same link edited by hand is refused.
 */
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../../src-main/engine/engine.js'
import { checksumTypeScope } from '../../../src-main/engine/plsql/apex-api.js'
import type { App } from '../helpers/engine-helpers.js'
import { last, makeEngine, valueOf } from '../helpers/engine-helpers.js'

const LINKS = `begin
  :P1_LINK := apex_util.prepare_url('f?p=100:5:' || :APP_SESSION || '::NO::P5_EMPNO:7839');
  :P1_PUBLIC := apex_util.prepare_url(p_url => 'f?p=100:5:' || :APP_SESSION || '::NO::P5_EMPNO:7900', p_checksum_type => 'PUBLIC_BOOKMARK');
  :P1_GET := apex_page.get_url(p_page => 5, p_items => 'P5_EMPNO', p_values => '7566');
  :P1_PLAIN := apex_page.get_url(p_page => 2);
  :P1_BARE := apex_util.prepare_url('f?p=100:5:' || :APP_SESSION);
end;`

const app = {
  id: 100,
  name: 'HR',
  homePage: 1,
  pages: [
    {
      id: 1,
      name: 'Home',
      items: ['P1_LINK', 'P1_PUBLIC', 'P1_GET', 'P1_PLAIN', 'P1_BARE'].map((name) => ({ name })),
      processes: [{ name: 'Links', point: 'beforeHeader', type: 'notSimulated', notSimulated: { kind: 'PL/SQL process', text: LINKS, language: 'plsql', apexType: 'NATIVE_PLSQL', run: 'plsqlBlock' } }],
    },
    { id: 2, name: 'Plain' },
    { id: 5, name: 'Employee', argumentsMustHaveChecksum: true, items: [{ name: 'P5_EMPNO' }] },
  ],
} as unknown as App

function opened(): Engine {
  const engine = makeEngine([app], { seed: 16 })
  expect(last(engine, { type: 'request', browser: 'Alice', url: 'f?p=100:1', as: 'A' }).outcome).toBe('ok')
  return engine
}

const link = (engine: Engine, item: string): string => String(valueOf(engine, 'A', item))

describe('links built by the app carry their checksum', () => {
  it('APEX_UTIL.PREPARE_URL signs at session level by default: the link opens page 5, the same link edited is refused', () => {
    const engine = opened()
    const signed = link(engine, 'P1_LINK')
    expect(signed).toMatch(/^f\?p=100:5:\d+::NO::P5_EMPNO:7839&cs=3/)
    expect(last(engine, { type: 'request', browser: 'Alice', session: 'A', url: signed }).outcome).toBe('ok')
    expect(valueOf(engine, 'A', 'P5_EMPNO')).toBe('7839')
    const edited = signed.replace('P5_EMPNO:7839', 'P5_EMPNO:7566')
    const refused = last(engine, { type: 'request', browser: 'Alice', session: 'A', url: edited })
    expect(refused.outcome).toBe('error')
    expect(valueOf(engine, 'A', 'P5_EMPNO')).toBe('7839')
  })

  it('its p_checksum_type picks the level: PUBLIC_BOOKMARK signs for the application (cs=1…)', () => {
    const engine = opened()
    expect(link(engine, 'P1_PUBLIC')).toMatch(/P5_EMPNO:7900&cs=1/)
    expect(checksumTypeScope('PRIVATE_BOOKMARK')).toBe('user')
    expect(checksumTypeScope('2')).toBe('user')
    expect(checksumTypeScope(null)).toBe('session')
  })

  it('APEX_UTIL.PREPARE_URL adds none to a URL without a payload ("if one is required")', () => {
    const engine = opened()
    expect(link(engine, 'P1_BARE')).toMatch(/^f\?p=100:5:\d+$/)
  })

  it('APEX_PAGE.GET_URL signs where the target demands it, and only there', () => {
    const engine = opened()
    const get = link(engine, 'P1_GET')
    expect(get).toMatch(/^f\?p=100:5:\d+::::P5_EMPNO:7566&cs=3/)
    expect(last(engine, { type: 'request', browser: 'Alice', session: 'A', url: get }).outcome).toBe('ok')
    expect(valueOf(engine, 'A', 'P5_EMPNO')).toBe('7566')
    expect(link(engine, 'P1_PLAIN')).toMatch(/^f\?p=100:2:\d+$/)
  })
})
