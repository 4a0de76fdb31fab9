/** buildUrl: the text it writes, beyond "it parses back" (the laws cover that). */
import { describe, expect, it } from 'vitest'
import { buildUrl } from '../../../src-main/engine/url/index.js'
import { fp, friendly, parsed } from './url-test-helpers.js'

describe('buildUrl, f?p form', () => {
  it('reproduces the documented examples character for character', () => {
    for (const url of [
      'f?p=100:5:&APP_SESSION.::NO:THE_EMPNO,THE_DEPTNO',
      'f?p=6000:6003:123::NO:6004,6014,RP',
      'f?p=6000:6004:123::NO:6003:MY_ITEM1,MY_ITEM2,MY_ITEM3:1234,,5678',
      'https://apex.example.com/ords/f?p=392:3:13766599855150',
      'f?p=113:4:10575610643973::NO:4:P4_REPOSITORY,P4_TAG,P4_PRODUCT:5,5,Oracle%20WebLogic%20Server&cs=3iFxObG0_85t6Mwsgvrw2P_x',
      'f?p=4750:11001:&SESSION.::&DEBUG.:RP,11001:P11001_APPLICATION_ID,P11001_PAGE_ID:&APP_ID.,&APP_PAGE_ID.',
    ]) {
      expect(buildUrl(parsed(url))).toBe(url)
    }
  })

  it('drops trailing empty parts, keeps empty middle ones', () => {
    expect(buildUrl(fp({ app: '100', page: '1' }))).toBe('f?p=100:1')
    expect(buildUrl(fp({ app: '100', page: '1', debug: 'NO' }))).toBe('f?p=100:1:::NO')
    expect(buildUrl(fp({ app: '100', page: '1', printerFriendly: 'YES' }))).toBe('f?p=100:1:::::::YES')
  })

  it('wraps a value containing a comma in backslashes; null is an empty slot', () => {
    const r = fp({ app: '1', page: '2', items: [{ name: 'P1_AMOUNT', value: '123,45' }, { name: 'P1_X', value: null }, { name: 'P1_Y', value: '7' }] })
    expect(buildUrl(r)).toBe('f?p=1:2:::::P1_AMOUNT,P1_X,P1_Y:\\123,45\\,,7')
  })

  it('a lone null item leaves the values part out (missing values are null)', () => {
    expect(buildUrl(fp({ app: '1', page: '2', items: [{ name: 'P1_X', value: null }] }))).toBe('f?p=1:2:::::P1_X')
  })

  it('encodes only what would break parsing', () => {
    const r = fp({
      app: '1',
      page: '2',
      request: 'a:b #c?d%e+f',
      items: [
        { name: 'A', value: 'x&y=1' },
        { name: 'B', value: '&P1_X.' },
        { name: 'C', value: 'back\\slash' },
        { name: 'D', value: 'café,日本=ok/;@' },
      ],
    })
    expect(buildUrl(r)).toBe('f?p=1:2::a%3Ab%20%23c%3Fd%25e%2Bf:::A,B,C,D:x%26y=1,&P1_X.,back%5Cslash,\\café,日本=ok/;@\\')
  })

  it('a backslash inside a wrapped value is escaped so it cannot close the wrapper', () => {
    const r = fp({ app: '1', page: '2', items: [{ name: 'A', value: 'a\\,b' }] })
    expect(buildUrl(r)).toBe('f?p=1:2:::::A:\\a%5C,b\\')
    expect(parsed(buildUrl(r)).items).toStrictEqual(r.items)
  })

  it('commas inside item names and clear-cache tokens are escaped', () => {
    expect(buildUrl(fp({ app: '1', page: '2', clearCache: ['A,B'], items: [{ name: 'X,Y', value: '1' }] }))).toBe('f?p=1:2::::A%2CB:X%2CY:1')
  })

  it('writes extra parameters after the p value', () => {
    expect(buildUrl(fp({ app: '1', page: '2', extra: [{ name: 'cs', value: 'a b' }, { name: 'p_trace', value: 'YES' }] }))).toBe(
      'f?p=1:2&cs=a%20b&p_trace=YES',
    )
  })
})

describe('buildUrl, friendly form', () => {
  it('reproduces the documented examples character for character', () => {
    for (const url of [
      'https://apex.example.com/ords/mycompany/r/hr-app/update-employees?session=13766599855150',
      'https://apex.oracle.com/ords/r/gopalmallya/107/customers?clear=RP,RIR,CIR',
      'https://host/ords/sfdw/sfdw/r/sdwis_fed_reports_public/wsdetail?clear=RP,RIR',
      'https://host/ords/r/apex_app/ai_support/support-sr?p2_id=10',
    ]) {
      expect(buildUrl(parsed(url))).toBe(url)
    }
  })

  it('both layouts', () => {
    const base = { app: 'hr-app', page: 'home' }
    expect(buildUrl(friendly({ ...base, friendly: { layout: 'prefix-r', prefix: 'ws' } }))).toBe('/ords/ws/r/hr-app/home')
    expect(buildUrl(friendly({ ...base, friendly: { layout: 'r-prefix', prefix: 'ws' } }))).toBe('/ords/r/ws/hr-app/home')
  })

  it('query: fields in a fixed order, lower-case item names, URLSearchParams encoding, extras last', () => {
    const r = friendly({
      base: 'https://h',
      friendly: { layout: 'r-prefix', prefix: 'ws' },
      app: 'app',
      page: 'home',
      session: '1',
      request: 'SAVE & GO',
      clearCache: ['RP', '6'],
      debug: 'YES',
      printerFriendly: 'YES',
      items: [
        { name: 'P2_ID', value: '1,5' },
        { name: 'P2_NOTE', value: null },
      ],
      extra: [{ name: 'cs', value: '3a/b' }],
    })
    expect(buildUrl(r)).toBe(
      'https://h/ords/r/ws/app/home?session=1&request=SAVE+%26+GO&clear=RP,6&debug=YES&printerFriendly=YES&p2_id=1%2C5&p2_note=&cs=3a%2Fb',
    )
  })

  it('path segments are escaped, so a "/" in an alias cannot split the path', () => {
    expect(buildUrl(friendly({ friendly: { layout: 'r-prefix', prefix: 'a/b' }, app: 'x y', page: 'é/1' }))).toBe('/ords/r/a%2Fb/x%20y/%C3%A9%2F1')
  })

  it('a repeated field in extra forces the field out first, even when empty', () => {
    const r = friendly({ friendly: { layout: 'r-prefix', prefix: 'ws' }, app: 'a', page: 'p', extra: [{ name: 'session', value: '2' }] })
    expect(buildUrl(r)).toBe('/ords/r/ws/a/p?session=&session=2')
    expect(parsed(buildUrl(r))).toStrictEqual(r)
  })

  it('a prefix-r prefix named "r" is the r-prefix URL (documented ambiguity)', () => {
    const r = friendly({ friendly: { layout: 'prefix-r', prefix: 'r' }, app: 'a', page: 'p' })
    expect(buildUrl(r)).toBe('/ords/r/r/a/p')
    expect(parsed(buildUrl(r)).friendly).toStrictEqual({ layout: 'r-prefix', prefix: 'r' })
  })

  it('a prefix-r prefix with an empty piece is written as one escaped segment', () => {
    const r = friendly({ friendly: { layout: 'prefix-r', prefix: '/x' }, app: 'a', page: 'p' })
    expect(buildUrl(r)).toBe('/ords/%2Fx/r/a/p')
    expect(parsed(buildUrl(r))).toStrictEqual(r)
  })

  it('without friendly path info the prefix is empty: the URL does not parse (the caller must supply a workspace)', () => {
    const r = { ...fp({ app: 'a', page: 'p' }), form: 'friendly' as const }
    expect(buildUrl(r)).toBe('/ords/r//a/p')
  })
})
