/** Malformed URLs: an error naming the part and the offset, never a throw (semantics §8). */
import { describe, expect, it } from 'vitest'
import { parseError } from './url-test-helpers.js'

/** Offset of the first occurrence of `marker` in `url` (keeps expected positions readable). */
const at = (url: string, marker: string, from = 0): number => url.indexOf(marker, from)

describe('not a page URL at all', () => {
  it.each(['', '   ', 'hello world', 'https://example.com/index.html', 'wwv_flow.show?p_flow_id=1'])('%j → part url', (url) => {
    expect(parseError(url).part).toBe('url')
  })

  it('garbage reports the offset where the URL starts', () => {
    expect(parseError('garbage')).toMatchObject({ part: 'url', position: 0 })
    expect(parseError('  garbage')).toMatchObject({ part: 'url', position: 2 })
  })
})

describe('f?p errors', () => {
  it('empty app', () => {
    expect(parseError('f?p=')).toMatchObject({ part: 'app', position: 4 })
    expect(parseError('f?p=:1')).toMatchObject({ part: 'app', position: 4 })
    expect(parseError('https://h/ords/f?p=%20:1')).toMatchObject({ part: 'app', position: 19 })
  })

  it('missing or empty page', () => {
    expect(parseError('f?p=100')).toMatchObject({ part: 'page', position: 7 })
    expect(parseError('f?p=100:')).toMatchObject({ part: 'page', position: 8 })
    expect(parseError('f?p=100::123')).toMatchObject({ part: 'page', position: 8 })
    expect(parseError('f?p=100&cs=1')).toMatchObject({ part: 'page', position: 7 })
  })

  it('positions count from the start of the input, blanks included', () => {
    expect(parseError('   f?p=')).toMatchObject({ part: 'app', position: 7 })
  })

  it('more item values than names', () => {
    const url = 'f?p=1:2:::::A:1,2'
    expect(parseError(url)).toMatchObject({ part: 'itemValues', position: at(url, '2', 15) })
    const wrapped = 'f?p=1:2:::::A:1,\\3,4\\'
    expect(parseError(wrapped)).toMatchObject({ part: 'itemValues', position: at(wrapped, '\\') })
    const noNames = 'f?p=1:2::::::x'
    expect(parseError(noNames)).toMatchObject({ part: 'itemValues', position: at(noNames, 'x') })
  })

  it('an empty item name', () => {
    const url = 'f?p=1:2:::::A,,B:1,2,3'
    expect(parseError(url)).toMatchObject({ part: 'itemNames', position: at(url, ',B') })
  })

  it('malformed percent escapes name the part and the "%"', () => {
    const cases: [string, string, string][] = [
      ['f?p=%ZZ:1', 'app', '%ZZ'],
      ['f?p=1:%4', 'page', '%4'],
      ['f?p=1:2:12%G3', 'session', '%G3'],
      ['f?p=1:2::SA%VE', 'request', '%VE'],
      ['f?p=1:2:::%', 'debug', '%'],
      ['f?p=1:2::::RP,%x', 'clearCache', '%x'],
      ['f?p=1:2:::::P1_%:1', 'itemNames', '%'],
      ['f?p=1:2:::::P1_A:50%', 'itemValues', '%'],
      ['f?p=1:2:::::P1_A:\\5,0%\\', 'itemValues', '%'],
      ['f?p=1:2:::::::Y%', 'printerFriendly', '%'],
      ['f?p=1:2&cs=%zz', 'query', '%zz'],
    ]
    for (const [url, part, marker] of cases) {
      expect(parseError(url), url).toMatchObject({ part, position: url.indexOf(marker) })
    }
  })

  it('percent escapes that are not UTF-8 are errors too', () => {
    expect(parseError('f?p=1:2:::::A:%FF')).toMatchObject({ part: 'itemValues', position: 14 })
    expect(parseError('f?p=1:2:::::A:ok%C3')).toMatchObject({ part: 'itemValues', position: 16 }) // truncated
    expect(parseError('f?p=1:2:::::A:%C0%AF')).toMatchObject({ part: 'itemValues', position: 14 }) // overlong "/"
    expect(parseError('f?p=1:2:::::A:%ED%A0%80')).toMatchObject({ part: 'itemValues', position: 14 }) // a surrogate
    expect(parseError('f?p=1:2:::::A:%C3%A9%E9')).toMatchObject({ part: 'itemValues', position: 20 }) // second char bad
  })

  it('a tenth part (an unencoded colon in a value)', () => {
    const url = 'f?p=1:2:3:4:5:6:7:8:9:10'
    expect(parseError(url)).toMatchObject({ part: 'p', position: url.lastIndexOf(':') })
  })

  it('f without ?p=', () => {
    expect(parseError('f?x=1&p=100:1')).toMatchObject({ part: 'query', position: 2 })
    expect(parseError('https://h/ords/f')).toMatchObject({ part: 'query', position: 16 })
  })
})

describe('friendly errors', () => {
  it('path ends early', () => {
    expect(parseError('/ords/ws/r/app')).toMatchObject({ part: 'page', position: 14 })
    expect(parseError('/ords/ws/r')).toMatchObject({ part: 'app', position: 10 })
    expect(parseError('/ords/r/ws/app?session=1')).toMatchObject({ part: 'page', position: 14 })
    expect(parseError('/ords/r/ws')).toMatchObject({ part: 'app' })
    expect(parseError('/ords/r')).toMatchObject({ part: 'path' })
  })

  it('empty app or page segments', () => {
    expect(parseError('/ords/ws/r//home')).toMatchObject({ part: 'app', position: 11 })
    expect(parseError('/ords/r/ws/app/%20')).toMatchObject({ part: 'page', position: 15 })
  })

  it('empty prefix', () => {
    expect(parseError('/ords//r/app/home')).toMatchObject({ part: 'path', position: 6 })
    expect(parseError('/ords/r//app/home')).toMatchObject({ part: 'path', position: 8 })
  })

  it('no router segment, or too many segments', () => {
    expect(parseError('/ords/ws/x/app/home')).toMatchObject({ part: 'path', position: 6 })
    expect(parseError('/ords/r/ws/app/home/more')).toMatchObject({ part: 'path', position: 20 })
    expect(parseError('https://h/ords/')).toMatchObject({ part: 'path', position: 15 })
  })

  it('malformed escapes in the path and the query', () => {
    expect(parseError('/ords/w%s/r/app/home')).toMatchObject({ part: 'path', position: 7 })
    expect(parseError('/ords/r/ws/app/home?session=1%2')).toMatchObject({ part: 'session', position: 29 })
    expect(parseError('/ords/r/ws/app/home?clear=RP%2')).toMatchObject({ part: 'clearCache', position: 28 })
    expect(parseError('/ords/r/ws/app/home?p1_x=%FF')).toMatchObject({ part: 'itemValues', position: 25 })
    expect(parseError('/ords/r/ws/app/home?cs=%')).toMatchObject({ part: 'query', position: 23 })
    expect(parseError('/ords/r/ws/app/home?p1_%=1')).toMatchObject({ part: 'query', position: 23 })
  })
})
