/** f?p URLs from Oracle's docs, the reference notes and real exports, read by parseUrl. */
import { describe, expect, it } from 'vitest'
import { parsed, fp } from './url-test-helpers.js'

describe('f?p: examples from the seed docs and reference', () => {
  it('Example 3-1: clearing two items, with the session substitution still in place', () => {
    // A bare "&APP_SESSION." is not an "&name=value" parameter: it stays the session text.
    expect(parsed('f?p=100:5:&APP_SESSION.::NO:THE_EMPNO,THE_DEPTNO')).toStrictEqual(
      fp({ app: '100', page: '5', session: '&APP_SESSION.', debug: 'NO', clearCache: ['THE_EMPNO', 'THE_DEPTNO'] }),
    )
  })

  it('Example 3-1 after substitution', () => {
    expect(parsed('f?p=100:5:13766599855150::NO:THE_EMPNO,THE_DEPTNO')).toStrictEqual(
      fp({ app: '100', page: '5', session: '13766599855150', debug: 'NO', clearCache: ['THE_EMPNO', 'THE_DEPTNO'] }),
    )
  })

  it('Example 3-2: two pages and RP', () => {
    expect(parsed('f?p=6000:6003:123::NO:6004,6014,RP')).toStrictEqual(
      fp({ app: '6000', page: '6003', session: '123', debug: 'NO', clearCache: ['6004', '6014', 'RP'] }),
    )
  })

  it('Example 3-3: clear page 6003 and set MY_ITEM', () => {
    expect(parsed('f?p=6000:6003:&APP_SESSION.::NO:6003:MY_ITEM:1234')).toStrictEqual(
      fp({ app: '6000', page: '6003', session: '&APP_SESSION.', debug: 'NO', clearCache: ['6003'], items: [{ name: 'MY_ITEM', value: '1234' }] }),
    )
  })

  it('Example 3-4: an empty slot sets the item to null', () => {
    expect(parsed('f?p=6000:6004:123::NO:6003:MY_ITEM1,MY_ITEM2,MY_ITEM3:1234,,5678')).toStrictEqual(
      fp({
        app: '6000',
        page: '6004',
        session: '123',
        debug: 'NO',
        clearCache: ['6003'],
        items: [
          { name: 'MY_ITEM1', value: '1234' },
          { name: 'MY_ITEM2', value: null },
          { name: 'MY_ITEM3', value: '5678' },
        ],
      }),
    )
  })

  it('resetting an application: the APP keyword', () => {
    expect(parsed('f?p=App:Page:Session::NO:APP')).toStrictEqual(
      fp({ app: 'App', page: 'Page', session: 'Session', debug: 'NO', clearCache: ['APP'] }),
    )
  })

  it('session ID in a full URL (seed 3.5.2): the base is kept', () => {
    expect(parsed('https://apex.example.com/ords/f?p=392:3:13766599855150')).toStrictEqual(
      fp({ base: 'https://apex.example.com/ords/', app: '392', page: '3', session: '13766599855150' }),
    )
  })

  it('a value with commas wrapped in backslashes: \\123,45\\', () => {
    expect(parsed('f?p=100:1:0::::P1_AMOUNT,P1_NOTE:\\123,45\\,plain').items).toStrictEqual([
      { name: 'P1_AMOUNT', value: '123,45' },
      { name: 'P1_NOTE', value: 'plain' },
    ])
  })

  it('a checksummed URL: percent-decoded values and the cs parameter in extra', () => {
    const r = parsed(
      'f?p=113:4:10575610643973::NO:4:P4_REPOSITORY,P4_TAG,P4_PRODUCT:5,5,Oracle%20WebLogic%20Server&cs=3iFxObG0_85t6Mwsgvrw2P_x',
    )
    expect(r.items).toStrictEqual([
      { name: 'P4_REPOSITORY', value: '5' },
      { name: 'P4_TAG', value: '5' },
      { name: 'P4_PRODUCT', value: 'Oracle WebLogic Server' },
    ])
    expect(r.clearCache).toStrictEqual(['4'])
    expect(r.extra).toStrictEqual([{ name: 'cs', value: '3iFxObG0_85t6Mwsgvrw2P_x' }])
  })

  it('extra parameters keep their order: p_trace, c, success_msg', () => {
    expect(parsed('f?p=100:1:123&p_trace=YES&c=MY_WS&success_msg=Saved%20it').extra).toStrictEqual([
      { name: 'p_trace', value: 'YES' },
      { name: 'c', value: 'MY_WS' },
      { name: 'success_msg', value: 'Saved it' },
    ])
  })
})

describe('f?p: link targets from real 24.2 exports (substitutions not yet expanded)', () => {
  it('branch to page 4 with RP and trailing empty parts', () => {
    expect(parsed('f?p=&APP_ID.:4:&SESSION.::&DEBUG.:RP::')).toStrictEqual(
      fp({ app: '&APP_ID.', page: '4', session: '&SESSION.', debug: '&DEBUG.', clearCache: ['RP'] }),
    )
  })

  it('button to page 58 clearing RP and the page', () => {
    expect(parsed('f?p=&APP_ID.:58:&SESSION.::&DEBUG.:RP,58:::').clearCache).toStrictEqual(['RP', '58'])
  })

  it('substitutions in item values are values, not parameters', () => {
    const r = parsed('f?p=4750:11001:&SESSION.::&DEBUG.:RP,11001:P11001_APPLICATION_ID,P11001_PAGE_ID:&APP_ID.,&APP_PAGE_ID.:')
    expect(r.items).toStrictEqual([
      { name: 'P11001_APPLICATION_ID', value: '&APP_ID.' },
      { name: 'P11001_PAGE_ID', value: '&APP_PAGE_ID.' },
    ])
    expect(r.extra).toStrictEqual([])
  })

  it('an interactive-report filter pseudo-item is kept as an item (the engine decides what it means)', () => {
    expect(parsed('f?p=&APP_ID.:29:&SESSION.::&DEBUG.:RP,RIR:IRNN_SQLERRM:').items).toStrictEqual([{ name: 'IRNN_SQLERRM', value: null }])
  })

  it('a branch ending in &success_msg=#SUCCESS_MSG#: the fragment is dropped, the parameter kept empty', () => {
    const r = parsed('f?p=&APP_ID.:1:&SESSION.&success_msg=#SUCCESS_MSG#')
    expect(r.session).toBe('&SESSION.')
    expect(r.extra).toStrictEqual([{ name: 'success_msg', value: '' }])
  })
})

describe('f?p: decisions', () => {
  it('only &name= starts a parameter; &WORD. and a lone & stay in the value', () => {
    const r = parsed('f?p=100:1:&APP_SESSION.:A&B:&DEBUG.&cs=x&y&z=1')
    expect(r.session).toBe('&APP_SESSION.')
    expect(r.request).toBe('A&B')
    expect(r.debug).toBe('&DEBUG.')
    expect(r.extra).toStrictEqual([
      { name: 'cs', value: 'x&y' },
      { name: 'z', value: '1' },
    ])
  })

  it('fewer values than names: the missing values are null', () => {
    expect(parsed('f?p=1:2:::::A,B,C:x').items).toStrictEqual([
      { name: 'A', value: 'x' },
      { name: 'B', value: null },
      { name: 'C', value: null },
    ])
    expect(parsed('f?p=1:2:::::A,B').items).toStrictEqual([
      { name: 'A', value: null },
      { name: 'B', value: null },
    ])
  })

  it('item names and clear-cache tokens are trimmed and upper-cased; empty tokens dropped', () => {
    const r = parsed('f?p=1:2:::: rp ,,p1_x,:p1_a, p1_b :1,2')
    expect(r.clearCache).toStrictEqual(['RP', 'P1_X'])
    expect(r.items.map((i) => i.name)).toStrictEqual(['P1_A', 'P1_B'])
  })

  it('app and page are kept as written (aliases are not upper-cased) but trimmed', () => {
    const r = parsed('f?p=%20hr-App%20:Update_Emp')
    expect(r.app).toBe('hr-App')
    expect(r.page).toBe('Update_Emp')
  })

  it('parts are split before decoding: %3A and %2C are data, not separators', () => {
    const r = parsed('f?p=1:2:::::P1_A,P1_B%2CX:a%3Ab,c%2Cd')
    expect(r.items).toStrictEqual([
      { name: 'P1_A', value: 'a:b' },
      { name: 'P1_B,X', value: 'c,d' },
    ])
  })

  it('"+" is a space (form encoding) and %2B is a plus', () => {
    expect(parsed('f?p=1:2:::::P1_A,P1_B:a+b,1%2B1').items).toStrictEqual([
      { name: 'P1_A', value: 'a b' },
      { name: 'P1_B', value: '1+1' },
    ])
  })

  it('%XX decodes as UTF-8; raw unicode passes through', () => {
    expect(parsed('f?p=1:2:::::A,B:caf%C3%A9,日本').items).toStrictEqual([
      { name: 'A', value: 'café' },
      { name: 'B', value: '日本' },
    ])
  })

  it('a wrapped value may hold a raw colon (APEX 24.2 link parser) and escaped backslashes', () => {
    expect(parsed('f?p=1:2:::::A,B:\\a:b,c\\,\\x%5C,y\\:YES')).toStrictEqual(
      fp({
        app: '1',
        page: '2',
        items: [
          { name: 'A', value: 'a:b,c' },
          { name: 'B', value: 'x\\,y' },
        ],
        printerFriendly: 'YES',
      }),
    )
  })

  it('an unclosed backslash is read literally', () => {
    expect(parsed('f?p=1:2:::::A,B:\\123,45').items).toStrictEqual([
      { name: 'A', value: '\\123' },
      { name: 'B', value: '45' },
    ])
  })

  it('an empty wrapped value is null', () => {
    expect(parsed('f?p=1:2:::::A:\\\\').items).toStrictEqual([{ name: 'A', value: null }])
  })

  it('all nine parts, including PrinterFriendly', () => {
    expect(parsed('f?p=100:1:123:SAVE:LEVEL9:RP:P1_X:1:YES')).toStrictEqual(
      fp({
        app: '100',
        page: '1',
        session: '123',
        request: 'SAVE',
        debug: 'LEVEL9',
        clearCache: ['RP'],
        items: [{ name: 'P1_X', value: '1' }],
        printerFriendly: 'YES',
      }),
    )
  })

  it('surrounding blanks and a #fragment are ignored; F?P= is accepted', () => {
    expect(parsed('  \thttps://h/ords/F?P=100:1:5#top \n')).toStrictEqual(fp({ base: 'https://h/ords/', app: '100', page: '1', session: '5' }))
  })

  it('repeated item names are all kept, in order', () => {
    expect(parsed('f?p=1:2:::::A,A:1,2').items).toStrictEqual([
      { name: 'A', value: '1' },
      { name: 'A', value: '2' },
    ])
  })
})
