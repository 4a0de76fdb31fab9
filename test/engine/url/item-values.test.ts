/** The itemValues list syntax on its own: commas, backslash wrapping, empty slots. */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { joinItemValues, splitItemValues } from '../../../src-main/engine/url/index.js'

describe('splitItemValues', () => {
  it('Example 3-4: an empty slot is null', () => {
    expect(splitItemValues('1234,,5678')).toStrictEqual(['1234', null, '5678'])
  })

  it('a backslash-wrapped value keeps its commas and loses its backslashes', () => {
    expect(splitItemValues('\\123,45\\')).toStrictEqual(['123,45'])
    expect(splitItemValues('a,\\1,2\\,b')).toStrictEqual(['a', '1,2', 'b'])
  })

  it('the empty string is the empty list; a trailing comma opens one more slot', () => {
    expect(splitItemValues('')).toStrictEqual([])
    expect(splitItemValues(',')).toStrictEqual([null, null])
    expect(splitItemValues('a,')).toStrictEqual(['a', null])
  })

  it('backslashes that do not wrap a whole slot are literal', () => {
    expect(splitItemValues('\\123,45')).toStrictEqual(['\\123', '45'])
    expect(splitItemValues('a\\b,c')).toStrictEqual(['a\\b', 'c'])
    expect(splitItemValues('\\a\\b,c')).toStrictEqual(['\\a\\b', 'c'])
  })

  it('an empty wrapper is null; colons are plain text here', () => {
    expect(splitItemValues('\\\\,a:b')).toStrictEqual([null, 'a:b'])
  })

  it('does not percent-decode (that is the URL parser\'s job)', () => {
    expect(splitItemValues('a%2Cb')).toStrictEqual(['a%2Cb'])
  })
})

describe('joinItemValues', () => {
  it('wraps values with commas, writes null as an empty slot', () => {
    expect(joinItemValues(['1234', null, '5678'])).toBe('1234,,5678')
    expect(joinItemValues(['123,45', 'x'])).toBe('\\123,45\\,x')
  })

  // Backslash-free values always round-trip; the documented limits are
  // backslashes (use buildUrl, which escapes them) and the one-null list.
  const backslashFree = fc.string({ unit: fc.constantFrom('a', '1', ',', ':', ' ', 'é', '&', '%'), minLength: 1, maxLength: 6 })
  test.prop([fc.array(fc.option(backslashFree, { nil: null }), { maxLength: 6 })])('split(join(values)) == values', (values) => {
    fc.pre(!(values.length === 1 && values[0] === null))
    expect(splitItemValues(joinItemValues(values))).toStrictEqual(values)
  })

  it('documented limit: [null] joins to "", the empty list', () => {
    expect(splitItemValues(joinItemValues([null]))).toStrictEqual([])
  })
})
