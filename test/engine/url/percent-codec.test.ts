/** The hand-written codec: must agree with the platform where the platform does not throw. */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { formEncode, pathSegmentEncode, percentDecode } from '../../../src-main/engine/url/percent-codec.js'

const decode = (s: string, plus = true) => percentDecode(s, 0, s.length, plus)

describe('percentDecode', () => {
  it('decodes UTF-8 escapes, mixed case hex, and "+" only when asked', () => {
    expect(decode('caf%c3%A9+x')).toStrictEqual({ ok: true, value: 'café x' })
    expect(decode('a+b', false)).toStrictEqual({ ok: true, value: 'a+b' })
    expect(decode('%F0%9F%98%80')).toStrictEqual({ ok: true, value: '😀' })
  })

  it('reports the offset of a bad escape', () => {
    expect(decode('ab%')).toMatchObject({ ok: false, position: 2 })
    expect(decode('ab%4')).toMatchObject({ ok: false, position: 2 })
    expect(decode('ab%4g')).toMatchObject({ ok: false, position: 2 })
    expect(decode('%80')).toMatchObject({ ok: false, position: 0 })
    expect(decode('%F4%90%80%80')).toMatchObject({ ok: false, position: 0 }) // above U+10FFFF
  })

  it('decodes only within [start, end)', () => {
    expect(percentDecode('xx%41yy', 2, 5, true)).toStrictEqual({ ok: true, value: 'A' })
    expect(percentDecode('%4', 0, 2, true)).toMatchObject({ ok: false, position: 0 })
  })

  test.prop([fc.string({ unit: 'binary' })])('agrees with decodeURIComponent on everything encodeURIComponent writes', (s) => {
    expect(decode(encodeURIComponent(s), false)).toStrictEqual({ ok: true, value: s })
  })

  test.prop([fc.string({ unit: fc.constantFrom('%', 'a', 'F', '8', 'C', '3', '0', '+', 'é') })])('agrees with decodeURIComponent, or errors where it throws', (s) => {
    let expected: string | undefined
    try {
      expected = decodeURIComponent(s)
    } catch {
      expected = undefined
    }
    const got = decode(s, false)
    expect(got.ok ? got.value : undefined).toBe(expected)
  })
})

describe('encoders', () => {
  test.prop([fc.string({ unit: 'binary' })])('formEncode writes exactly what URLSearchParams writes', (s) => {
    expect(`x=${formEncode(s)}`).toBe(new URLSearchParams({ x: s }).toString())
  })

  test.prop([fc.string({ unit: 'binary' })])('pathSegmentEncode never leaves "/", "?", "#" or "%" raw, and decodes back', (s) => {
    const e = pathSegmentEncode(s)
    expect(e).not.toMatch(/[/?#]/)
    expect(decodeURIComponent(e)).toBe(s)
  })
})
