import { describe, expect, it } from 'vitest'
import { parseExpression, referencedNames } from '../../../src-main/engine/expression/index.js'

describe('referencedNames', () => {
  it('lists names upper-cased, unique, in order of first appearance', () => {
    const expr = parseExpression(":p1_b = 1 AND V('p1_a') IS NULL OR :P1_B || NV('P1_C') || :\"my item\" = :APP_USER")
    expect(referencedNames(expr)).toEqual(['P1_B', 'P1_A', 'P1_C', 'MY ITEM', 'APP_USER'])
  })

  it('skips names that are only known at run time', () => {
    expect(referencedNames(parseExpression("V('P1_' || :N)"))).toEqual(['N'])
  })

  it('is empty for expressions without references', () => {
    expect(referencedNames(parseExpression("UPPER('x') || 1"))).toEqual([])
  })
})
