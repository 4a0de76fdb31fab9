import { describe, expect, it } from 'vitest'
import { substituteText } from '../../../src-main/engine/expression/index.js'
import { contextOf } from './helpers.js'

const values = { P1_NAME: 'Ann', APP_ID: '100', EMPTY: null, 'MY ITEM': 'q', HTML: '<b>"A&B"</b>' }

function sub(text: string): { text: string; warnings: string[] } {
  const ctx = contextOf(values)
  return { text: substituteText(text, ctx), warnings: ctx.warnings }
}

describe('substituteText', () => {
  it('replaces &ITEM. case-insensitively', () => {
    expect(sub('Hello &P1_NAME.!')).toEqual({ text: 'Hello Ann!', warnings: [] })
    expect(sub('f?p=&app_id.:1').text).toBe('f?p=100:1')
    expect(sub('&P1_NAME.&P1_NAME.').text).toBe('AnnAnn')
  })

  it('replaces the quoted form', () => {
    expect(sub('x=&"my item".').text).toBe('x=q')
    expect(sub('x=&"My Item".').text).toBe('x=q')
  })

  it('substitutes null as the empty string', () => {
    expect(sub('[&EMPTY.]')).toEqual({ text: '[]', warnings: [] })
  })

  it('warns about unknown names and substitutes the empty string', () => {
    expect(sub('[&NOPE.]')).toEqual({ text: '[]', warnings: ['unknown item NOPE'] })
  })

  it('leaves text that is not a substitution alone', () => {
    for (const text of ['a & b', '&nbsp;', 'R&D', '&P1_NAME', '&P1_NAME!', '&"P1_NAME"', '&"unclosed.', '&.', '&"".', '&', 'x&&']) {
      expect(sub(text)).toEqual({ text, warnings: [] })
    }
  })

  it('keeps a period that follows a substitution', () => {
    expect(sub('&P1_NAME..').text).toBe('Ann.')
  })

  it('handles && before a substitution', () => {
    expect(sub('&&P1_NAME.').text).toBe('&Ann')
  })

  it('does not substitute inside substituted values', () => {
    const ctx = contextOf({ A: '&B.', B: 'no' })
    expect(substituteText('&A.', ctx)).toBe('&B.')
  })

  it('applies escape filters', () => {
    expect(sub('&HTML!HTML.').text).toBe('&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;')
    expect(sub('&HTML!raw.').text).toBe('<b>"A&B"</b>')
    expect(sub('&HTML!STRIPHTML.').text).toBe('"A&B"')
    expect(sub('&HTML!JS.').text).toBe('\\u003cb\\u003e\\"A\\u0026B\\"\\u003c/b\\u003e')
    expect(sub('&"html"!ATTR.').text).toBe('&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;')
  })

  it('leaves an unknown filter alone', () => {
    expect(sub('&P1_NAME!BOLD.')).toEqual({ text: '&P1_NAME!BOLD.', warnings: [] })
  })

  it('ignores names longer than an item name can be', () => {
    const text = `&${'A'.repeat(256)}.`
    expect(sub(text)).toEqual({ text, warnings: [] })
  })
})
