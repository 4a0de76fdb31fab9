/** toForm: the same request shown in the other URL form. */
import { describe, expect, it } from 'vitest'
import { buildUrl, toForm } from '../../../src-main/engine/url/index.js'
import { parsed } from './url-test-helpers.js'

describe('toForm', () => {
  it('friendly → f?p keeps every fact and points at the same ORDS', () => {
    const r = parsed('https://apex.example.com/ords/mycompany/r/hr-app/update-employees?session=137&clear=RP&p2_id=1,5&cs=x')
    const f = toForm(r, 'fp')
    expect('friendly' in f).toBe(false)
    expect(buildUrl(f)).toBe('https://apex.example.com/ords/f?p=hr-app:update-employees:137:::RP:P2_ID:\\1,5\\&cs=x')
    const { form: _a, base: _b, friendly: _c, ...facts } = r
    expect(parsed(buildUrl(f))).toMatchObject(facts)
  })

  it('f?p → friendly takes the workspace from the c parameter and the host from the base', () => {
    const r = parsed('https://h/ords/f?p=100:1:5::::P1_X:a%20b&c=MY_WS')
    expect(buildUrl(toForm(r, 'friendly'))).toBe('https://h/ords/r/MY_WS/100/1?session=5&p1_x=a+b&c=MY_WS')
  })

  it('the layout and prefix can be chosen; a relative f?p base becomes a relative friendly URL', () => {
    const r = parsed('f?p=100:1')
    expect(buildUrl(toForm(r, 'friendly', { layout: 'prefix-r', prefix: 'ws' }))).toBe('/ords/ws/r/100/1')
  })

  it('converting there and back gives the request back', () => {
    const r = parsed('https://h/ords/r/ws/app/home?session=1&p1_a=x')
    expect(toForm(toForm(r, 'fp'), 'friendly', { layout: 'r-prefix', prefix: 'ws' })).toStrictEqual(r)
  })

  it('without any workspace the prefix is empty, and the built URL is rejected rather than guessed', () => {
    const r = toForm(parsed('f?p=100:1'), 'friendly')
    expect(r.friendly).toStrictEqual({ layout: 'r-prefix', prefix: '' })
  })
})
