/**
 * Everything the importer writes as an expression must be valid in the
 * engine's expression language: the engine parses definitions when it loads
 * them and rejects a syntax error. And the imported apps must load.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { compileApps } from '../../src-main/engine/app/compile-app.js'
import { tryParseExpression } from '../../src-main/engine/expression/index.js'
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'
import { importApexExport } from '../../src-main/apex-import/index.js'
import { translateExpression } from '../../src-main/apex-import/plsql-translator.js'
import { staticTextToExpression } from '../../src-main/apex-import/substitution-text.js'
import { F130_FILE, F347_FOLDER } from './fixtures.js'
import { describeWithSharedFixtures } from '../helpers/shared-fixtures.js'

/** Every expression string of a definition, with where it sits. */
function expressionsOf(app: AppDefinition): Array<{ at: string; expression: string }> {
  const found: Array<{ at: string; expression: string }> = []
  const visit = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${at}[${i}]`))
      return
    }
    if (typeof value !== 'object' || value === null) return
    for (const [key, child] of Object.entries(value)) {
      if (key === 'notSimulated' || key === 'moreNotSimulated') continue
      if ((key === 'expression' || key === 'source' || key === 'default') && typeof child === 'string') found.push({ at: `${at}.${key}`, expression: child })
      else if (key === 'items' && typeof child === 'object' && child !== null && !Array.isArray(child)) {
        for (const [item, expression] of Object.entries(child)) if (typeof expression === 'string') found.push({ at: `${at}.items.${item}`, expression })
      } else visit(child, `${at}.${key}`)
    }
  }
  visit(app, 'app')
  return found
}

describeWithSharedFixtures.each([
  ['f130', F130_FILE, 50],
  ['f347', F347_FOLDER, 5],
])('%s', (_name, path, atLeast) => {
  it('writes only expressions the engine parses', async () => {
    const app = (await importApexExport(path)).apps[0] as AppDefinition
    const expressions = expressionsOf(app)
    expect(expressions.length).toBeGreaterThan(atLeast)
    const failures = expressions
      .map(({ at, expression }) => ({ at, expression, result: tryParseExpression(expression) }))
      .filter(({ result }) => !result.ok)
      .map(({ at, expression, result }) => `${at}: ${expression} (${result.ok ? '' : result.error.message})`)
    expect(failures).toEqual([])
  })

  it('loads in the engine (names, items and home page all resolve)', async () => {
    const { apps } = await importApexExport(path)
    expect(() => compileApps(apps)).not.toThrow()
  })
})

/** Simple PL/SQL expressions of the kinds real exports hold. */
const plsql = fc.letrec<{ value: string; condition: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(':P1_X', ':app_user', "v('P2_Y')", 'nv(\'P3_N\')', "'it''s'", "'&P1_X. and more'", '42', '3.5', 'apex_application.g_request'),
    fc.tuple(tie('value'), fc.constantFrom('||', '+', '-', '*', '/'), tie('value')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(fc.constantFrom('upper', 'lower', 'trim', 'length', 'to_number', 'to_char'), tie('value')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(tie('value'), tie('value')).map(([a, b]) => `nvl(${a}, ${b})`),
    fc.tuple(tie('value'), fc.integer({ min: 1, max: 9 })).map(([a, n]) => `substr(${a}, ${n})`),
    tie('value').map((a) => `(${a})`),
    tie('value').map((a) => `-(${a})`),
  ),
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(tie('value'), fc.constantFrom('=', '!=', '<>', '<', '>=', '^='), tie('value')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('value').map((a) => `${a} is not null`),
    fc.tuple(tie('value'), tie('value'), tie('value')).map(([a, b, c]) => `${a} not between ${b} and ${c}`),
    fc.tuple(tie('value'), fc.array(tie('value'), { minLength: 1, maxLength: 3 })).map(([a, list]) => `${a} in (${list.join(', ')})`),
    fc.tuple(tie('condition'), fc.constantFrom('and', 'or'), tie('condition')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('condition').map((c) => `not (${c})`),
    tie('condition').map((c) => `(${c})`),
  ),
}))

describe('translated expressions', () => {
  test.prop([plsql.condition])('translate, and the engine parses the translation', (source) => {
    const translated = translateExpression(source)
    expect(translated).toBeDefined()
    expect(tryParseExpression(translated as string)).toMatchObject({ ok: true })
  })

  test.prop([fc.string({ maxLength: 200 })])('static text with substitutions always parses', (text) => {
    const expression = staticTextToExpression(text)
    if (expression !== undefined) expect(tryParseExpression(expression)).toMatchObject({ ok: true })
  })
})
