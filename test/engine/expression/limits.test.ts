/**
 * Bounds that protect the host from an app's expressions (issue #12): LIKE is
 * bounded by a work counter, computed strings by the trace reader's value
 * limit. Work is counted in steps, never timed.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { evaluate, ExpressionLimitError, parseExpression, substituteText } from '../../../src-main/engine/expression/index.js'
import { likeMatch, likeMatches, MAX_LIKE_STEPS } from '../../../src-main/engine/expression/like.js'
import { MAX_VALUE_BYTES, utf8Length } from '../../../src-main/engine/model/values.js'
import { DEFAULT_MAX_VALUE_BYTES } from '../../../src-main/trace/limits.js'
import { contextOf } from './helpers.js'

const MiB = 1024 * 1024

describe('LIKE work', () => {
  it('matches a 1 MiB value against the usual patterns in linear work', () => {
    const text = 'x'.repeat(MiB) + 'needle' + 'y'.repeat(1000)
    for (const pattern of ['%needle%', 'x%', '%y', 'x%needle%y', '%_needle_%']) {
      const { matches, steps } = likeMatch(text, pattern)
      expect(matches, pattern).toBe(true)
      // Twice the text is generous for these patterns; quadratic work would be ~10^12.
      expect(steps, pattern).toBeLessThanOrEqual(2 * text.length + pattern.length)
    }
  })

  it('matches a pattern without _ piece by piece, linear even where greedy matching is quadratic', () => {
    // Greedy matching would retry the whole tail at every position: ~n·m = 2·10^8 steps.
    const text = 'a'.repeat(200_000)
    const pattern = '%' + 'a'.repeat(1000) + 'b'
    expect(likeMatch(text, pattern)).toEqual({ matches: false, steps: text.length + pattern.length })
    expect(likeMatch(text + 'b', pattern)).toEqual({ matches: true, steps: text.length + 1 + pattern.length })
  })

  it('stops a pathological match at the step limit with a clear error', () => {
    // With `_`, greedy matching retries the whole tail at every position: ~n·m steps (here 2·10^8; 10^12 for 1 MiB each).
    const text = 'a'.repeat(200_000)
    const pattern = '%' + 'a_'.repeat(500) + 'b'
    expect(() => likeMatches(text, pattern)).toThrow(ExpressionLimitError)
    expect(() => likeMatches(text, pattern)).toThrow(/LIKE needs more than 20000000 steps/)
  })

  /** Reference through a regular expression on code points (fine for short inputs). */
  const viaRegExp = (text: string, pattern: string): boolean => {
    const body = Array.from(pattern)
      .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('')
    return new RegExp(`^${body}$`, 'su').test(text)
  }
  const pieces = (alphabet: string[], maxLength: number) => fc.array(fc.constantFrom(...alphabet), { maxLength }).map((a) => a.join(''))

  it('takes each piece after the one before, never overlapping it', () => {
    expect(likeMatches('aba', '%ab%ba%')).toBe(false)
    expect(likeMatches('abba', '%ab%ba%')).toBe(true)
    expect(likeMatches('ab', 'a%b%')).toBe(true)
    expect(likeMatches('ab', 'ab%b')).toBe(false)
  })

  test.prop([pieces(['a', 'b'], 8), pieces(['a', 'b', '%'], 8)], { numRuns: 3_000 })('matches pieces of a and b like the reference', (text, pattern) => {
    expect(likeMatches(text, pattern)).toBe(viaRegExp(text, pattern))
  })

  test.prop([pieces(['a', 'b', '😀', '\uD83D', '\uDE00'], 10), pieces(['a', 'b', '😀', '\uD83D', '\uDE00', '%', '%', '_'], 8)], { numRuns: 2_000 })(
    'both ways of matching agree with a regular-expression reference, lone surrogates included',
    (text, pattern) => {
      expect(likeMatches(text, pattern)).toBe(viaRegExp(text, pattern))
    },
  )

  it('counts every step against the given limit', () => {
    const text = 'a'.repeat(100)
    const pattern = '%' + 'a_'.repeat(25) + 'b'
    const needed = (() => {
      try {
        return likeMatch(text, pattern, Number.MAX_SAFE_INTEGER).steps
      } catch {
        return -1
      }
    })()
    expect(needed).toBeGreaterThan(100)
    expect(likeMatch(text, pattern, needed).matches).toBe(false)
    expect(() => likeMatch(text, pattern, needed - 1)).toThrow(ExpressionLimitError)
  })

  test.prop([fc.string({ maxLength: 40 }), fc.string({ maxLength: 12 }).map((s) => s.replace(/[^a%_]/g, 'a'))], { numRuns: 500 })(
    'never needs more than (text + 1) × (pattern + 1) steps',
    (text, pattern) => {
      const n = Array.from(text).length
      const m = Array.from(pattern).length
      expect(likeMatch(text, pattern).steps).toBeLessThanOrEqual((n + 1) * (m + 1) + m)
    },
  )

  it('is an error of the expression, placed by its context, not a warning', () => {
    const ctx = { ...contextOf({ T: 'a'.repeat(200_000), P: '%' + 'a_'.repeat(500) + 'b' }), where: () => 'computation #1 on page 1' }
    expect(() => evaluate(parseExpression(':T LIKE :P'), ctx)).toThrow(
      /^computation #1 on page 1: LIKE needs more than 20000000 steps/,
    )
    expect(ctx.warnings).toEqual([])
  })

  it('uses the bound the documentation names', () => {
    expect(MAX_LIKE_STEPS).toBe(20_000_000)
  })
})

describe('computed strings are capped by the value limit', () => {
  it('is the limit the trace reader enforces', () => {
    expect(MAX_VALUE_BYTES).toBe(MiB)
    expect(DEFAULT_MAX_VALUE_BYTES).toBe(MAX_VALUE_BYTES)
  })

  it('stops repeated doubling at the first result over 1 MiB', () => {
    const ctx = { ...contextOf({ A: 'x'.repeat(MiB / 2 + 1) }), where: () => 'computation #3 on page 1' }
    expect(() => evaluate(parseExpression(':A || :A'), ctx)).toThrow(
      'computation #3 on page 1: || gives a value of 1048578 bytes, over the 1048576-byte limit of a session-state value',
    )
  })

  it('accepts a result of exactly the limit', () => {
    const ctx = contextOf({ A: 'x'.repeat(MiB / 2) })
    expect(evaluate(parseExpression(':A || :A'), ctx)).toHaveLength(MiB)
  })

  it('counts bytes, not characters', () => {
    // 'é' is two UTF-8 bytes: 300 000 of them are under a million characters but over 1 MiB... twice.
    const ctx = contextOf({ A: 'é'.repeat(300_000) })
    expect(() => evaluate(parseExpression(':A || :A'), ctx)).toThrow(/1200000 bytes/)
    expect(utf8Length('é😀')).toBe(6)
  })

  it('caps UPPER, whose result can be longer than its argument', () => {
    // 'ΐ' (2 bytes) upper-cases to three code points of 6 bytes: 400 000 bytes become 1 200 000.
    const ctx = contextOf({ A: 'ΐ'.repeat(200_000) })
    expect(() => evaluate(parseExpression('UPPER(:A)'), ctx)).toThrow(/^UPPER gives a value of 1200000 bytes/)
  })

  it('caps substitution, counting what it has written so far', () => {
    const ctx = { ...contextOf({ A: 'x'.repeat(400_000) }), where: () => "validation 'V' on page 2" }
    expect(substituteText('&A.&A.', ctx)).toHaveLength(800_000)
    expect(() => substituteText('&A.&A.&A.', ctx)).toThrow(
      "validation 'V' on page 2: substitution gives text of more than 1048576 bytes (1200000 so far)",
    )
  })
})
