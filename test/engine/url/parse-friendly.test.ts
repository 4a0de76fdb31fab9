/** Friendly URLs (APEX 20.1+) from Oracle's docs and public code, read by parseUrl. */
import { describe, expect, it } from 'vitest'
import { friendly, parsed } from './url-test-helpers.js'

describe('friendly: examples from the seed docs and reference', () => {
  it('20.1 layout /ords/{prefix}/r/{app}/{page} with a session (seed 3.5.2)', () => {
    expect(parsed('https://apex.example.com/ords/mycompany/r/hr-app/update-employees?session=13766599855150')).toStrictEqual(
      friendly({
        base: 'https://apex.example.com',
        friendly: { layout: 'prefix-r', prefix: 'mycompany' },
        app: 'hr-app',
        page: 'update-employees',
        session: '13766599855150',
      }),
    )
  })

  it('23.1 layout /ords/r/{prefix}/{app}/{page} with a clear list', () => {
    expect(parsed('https://apex.oracle.com/ords/r/gopalmallya/107/customers?clear=RP,RIR,CIR')).toStrictEqual(
      friendly({
        base: 'https://apex.oracle.com',
        friendly: { layout: 'r-prefix', prefix: 'gopalmallya' },
        app: '107',
        page: 'customers',
        clearCache: ['RP', 'RIR', 'CIR'],
      }),
    )
  })

  it('the 24.2 engine comment: .../ords/r/my-workspace/my-app/home?session=123', () => {
    const r = parsed('https://host/ords/r/my-workspace/my-app/home?session=123')
    expect(r.friendly).toStrictEqual({ layout: 'r-prefix', prefix: 'my-workspace' })
    expect([r.app, r.page, r.session]).toStrictEqual(['my-app', 'home', '123'])
  })

  it('clear before session', () => {
    const r = parsed('https://host/ords/r/payroll_prod/payroll-query-template-25361/pqt-home?clear=RP&session=3435057582161')
    expect(r.clearCache).toStrictEqual(['RP'])
    expect(r.session).toBe('3435057582161')
    expect(r.app).toBe('payroll-query-template-25361')
  })

  it('a two-segment prefix seen in the wild: /ords/sfdw/sfdw/r/…', () => {
    const r = parsed('https://host/ords/sfdw/sfdw/r/sdwis_fed_reports_public/wsdetail?clear=RP,RIR')
    expect(r.friendly).toStrictEqual({ layout: 'prefix-r', prefix: 'sfdw/sfdw' })
    expect([r.app, r.page]).toStrictEqual(['sdwis_fed_reports_public', 'wsdetail'])
  })

  it('an item passed as a lower-case parameter: ?p2_id=10', () => {
    expect(parsed('https://host/ords/r/apex_app/ai_support/support-sr?p2_id=10').items).toStrictEqual([{ name: 'P2_ID', value: '10' }])
  })

  it('26.2 publishing example with a relative URL: /ords/example/r/hr-app/…', () => {
    expect(parsed('/ords/example/r/hr-app/employees')).toStrictEqual(
      friendly({ friendly: { layout: 'prefix-r', prefix: 'example' }, app: 'hr-app', page: 'employees' }),
    )
  })
})

describe('friendly: query parameters', () => {
  it('all fields, names matched case-insensitively, known non-item parameters in extra', () => {
    expect(
      parsed('/ords/r/ws/app/home?SESSION=1&Request=SAVE&debug=YES&PrinterFriendly=YES&P2_Id=5&cs=3abc&dialogCs=xyz&success_msg=Done+ok'),
    ).toStrictEqual(
      friendly({
        friendly: { layout: 'r-prefix', prefix: 'ws' },
        app: 'app',
        page: 'home',
        session: '1',
        request: 'SAVE',
        debug: 'YES',
        printerFriendly: 'YES',
        items: [{ name: 'P2_ID', value: '5' }],
        extra: [
          { name: 'cs', value: '3abc' },
          { name: 'dialogCs', value: 'xyz' },
          { name: 'success_msg', value: 'Done ok' },
        ],
      }),
    )
  })

  it.each(['p_trace', 'c', 'lang', 'territory', 'tz', 'x01', 'hash', 'fsp_region_id', 'pg_max_rows', 'pg_min_row', 'pg_rows_fetched', 'notification_msg'])(
    '%s is not an item',
    (name) => {
      const r = parsed(`/ords/r/ws/app/home?${name}=v`)
      expect(r.items).toStrictEqual([])
      expect(r.extra).toStrictEqual([{ name, value: 'v' }])
    },
  )

  it('clear: %2C and %3A are decoded, tokens upper-cased, empty ones dropped', () => {
    expect(parsed('/ords/r/ws/app/home?clear=rp%2Crir%2C%2C6%3AX').clearCache).toStrictEqual(['RP', 'RIR', '6:X'])
  })

  it('item values: percent-decoded, "+" is a space, commas need no wrapping, empty is null', () => {
    expect(parsed('/ords/r/ws/app/home?p1_a=1%2C5&p1_b=a+b%26c&p1_c=&p1_d').items).toStrictEqual([
      { name: 'P1_A', value: '1,5' },
      { name: 'P1_B', value: 'a b&c' },
      { name: 'P1_C', value: null },
      { name: 'P1_D', value: null },
    ])
  })

  it('the first session wins; a repeat is kept in extra', () => {
    const r = parsed('/ords/r/ws/app/home?session=1&Session=2')
    expect(r.session).toBe('1')
    expect(r.extra).toStrictEqual([{ name: 'Session', value: '2' }])
  })

  it('empty pieces are skipped and an empty name goes to extra', () => {
    const r = parsed('/ords/r/ws/app/home?&&=x&')
    expect(r.items).toStrictEqual([])
    expect(r.extra).toStrictEqual([{ name: '', value: 'x' }])
  })
})

describe('friendly: path', () => {
  it('the segment after /ords/ being literally r selects r-prefix', () => {
    expect(parsed('/ords/x/r/y/z').friendly).toStrictEqual({ layout: 'prefix-r', prefix: 'x' })
    expect(parsed('/ords/r/x/y/z').friendly).toStrictEqual({ layout: 'r-prefix', prefix: 'x' })
  })

  it('a prefix literally named r: /ords/r/r/app/page reads as r-prefix with prefix "r" (both layouts agree on the request)', () => {
    const r = parsed('/ords/r/r/app/page')
    expect(r.friendly).toStrictEqual({ layout: 'r-prefix', prefix: 'r' })
    expect([r.app, r.page]).toStrictEqual(['app', 'page'])
  })

  it('an app or page alias that is literally r', () => {
    expect(parsed('/ords/ws/r/r/r')).toMatchObject({ app: 'r', page: 'r', friendly: { layout: 'prefix-r', prefix: 'ws' } })
    expect(parsed('/ords/r/ws/r/r')).toMatchObject({ app: 'r', page: 'r', friendly: { layout: 'r-prefix', prefix: 'ws' } })
  })

  it('segments are compared decoded: %72 is r', () => {
    expect(parsed('/ords/%72/ws/app/page').friendly).toStrictEqual({ layout: 'r-prefix', prefix: 'ws' })
  })

  it('path segments are percent-decoded ("+" stays a plus in paths)', () => {
    const r = parsed('/ords/my%20ws/r/caf%C3%A9/a+b')
    expect(r.friendly?.prefix).toBe('my ws')
    expect([r.app, r.page]).toStrictEqual(['café', 'a+b'])
  })

  it('one trailing slash and a fragment are ignored', () => {
    expect(parsed('https://h/ords/r/ws/app/home/?session=9#x')).toStrictEqual(
      friendly({ base: 'https://h', friendly: { layout: 'r-prefix', prefix: 'ws' }, app: 'app', page: 'home', session: '9' }),
    )
  })

  it('a page aliased "f" with an item P is friendly, not f?p', () => {
    const r = parsed('/ords/ws/r/app/f?p=1')
    expect(r.form).toBe('friendly')
    expect(r.items).toStrictEqual([{ name: 'P', value: '1' }])
  })

  it('a protocol-relative base', () => {
    expect(parsed('//host:8080/ords/r/ws/app/home').base).toBe('//host:8080')
  })
})
