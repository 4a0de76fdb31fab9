/**
 * The URL laws of semantics §8 as properties:
 * 1. totality — parseUrl never throws and always reports a position inside the input;
 * 2. parse(build(r)) == r for every canonical request r;
 * 3. build(parse(u)) describes the same request as u.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { normalizeName } from '../../../src-main/engine/model/values.js'
import { buildUrl, parseUrl } from '../../../src-main/engine/url/index.js'
import type { UrlRequest } from '../../../src-main/engine/url/index.js'
import { anyInput, fpRequest, friendlyRequest, messyUrl, urlRequest } from './url-arbitraries.js'

const PARTS = ['url', 'query', 'path', 'p', 'app', 'page', 'session', 'request', 'debug', 'clearCache', 'itemNames', 'itemValues', 'printerFriendly']

/** The canonical-form promises of UrlRequest, checked on everything parseUrl returns. */
function expectCanonical(r: UrlRequest): void {
  expect(r.app).not.toBe('')
  expect(r.app).toBe(r.app.trim())
  expect(r.page).not.toBe('')
  expect(r.page).toBe(r.page.trim())
  for (const t of r.clearCache) {
    expect(t).not.toBe('')
    expect(t).toBe(t.trim().toUpperCase())
  }
  for (const item of r.items) {
    expect(item.name).not.toBe('')
    expect(item.name).toBe(normalizeName(item.name))
    expect(item.value).not.toBe('')
  }
  expect('friendly' in r).toBe(r.form === 'friendly')
}

describe('law 1: parseUrl is total', () => {
  test.prop([anyInput], { numRuns: 2000 })('returns ok or an error with a known part and an in-range position', (input) => {
    let result: ReturnType<typeof parseUrl> | undefined
    expect(() => {
      result = parseUrl(input)
    }).not.toThrow()
    if (result === undefined) throw new Error('no result')
    if (result.ok) {
      expectCanonical(result.value)
    } else {
      expect(PARTS).toContain(result.error.part)
      expect(result.error.position).toBeGreaterThanOrEqual(0)
      expect(result.error.position).toBeLessThanOrEqual(input.length)
      expect(Number.isInteger(result.error.position)).toBe(true)
      expect(result.error.message).not.toBe('')
      // The safety net in parseUrl must never be what answered.
      expect(result.error.message).not.toMatch(/^internal error/)
    }
  })

  test('non-strings from untyped callers are errors, not throws', () => {
    for (const junk of [undefined, null, 42, {}, []]) {
      const r = parseUrl(junk as unknown as string)
      expect(r).toEqual({ ok: false, error: expect.objectContaining({ part: 'url', position: 0 }) })
    }
  })
})

describe('law 2: parse(build(r)) == r', () => {
  test.prop([fpRequest], { numRuns: 1000 })('f?p requests', (r) => {
    expect(parseUrl(buildUrl(r))).toStrictEqual({ ok: true, value: r })
  })
  test.prop([friendlyRequest], { numRuns: 1000 })('friendly requests', (r) => {
    expect(parseUrl(buildUrl(r))).toStrictEqual({ ok: true, value: r })
  })
  test.prop([urlRequest])('build output has no raw whitespace, so trimming can never cut a value', (r) => {
    expect(buildUrl(r)).not.toMatch(/\s/)
  })
})

describe('law 3: build(parse(u)) describes the same request', () => {
  test.prop([messyUrl], { numRuns: 1500 })('parse(build(parse(u))) == parse(u)', (u) => {
    const first = parseUrl(u)
    if (!first.ok) return
    expect(parseUrl(buildUrl(first.value))).toStrictEqual(first)
  })

  test('the messy-URL generator is mostly valid, so law 3 is not vacuous', () => {
    const sample = fc.sample(messyUrl, { numRuns: 400, seed: 42 })
    const ok = sample.filter((u) => parseUrl(u).ok)
    expect(ok.length / sample.length).toBeGreaterThan(0.5)
    expect(ok.some((u) => parseUrl(u).ok && (parseUrl(u) as { value: UrlRequest }).value.form === 'fp')).toBe(true)
    expect(ok.some((u) => parseUrl(u).ok && (parseUrl(u) as { value: UrlRequest }).value.form === 'friendly')).toBe(true)
  })

  test.prop([messyUrl])('building is idempotent on parsed requests: build(parse(build(x))) == build(x)', (u) => {
    const first = parseUrl(u)
    if (!first.ok) return
    const built = buildUrl(first.value)
    const again = parseUrl(built)
    expect(again.ok && buildUrl(again.value)).toBe(built)
  })
})
