import { describe, expect, it } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { tokenize } from '../../../src-main/engine/sql/lexer.js'
import type { Token } from '../../../src-main/engine/sql/lexer.js'

/** kind:value pairs without the eof, for compact expectations. */
const brief = (text: string): string[] =>
  tokenize(text)
    .filter((t) => t.kind !== 'eof')
    .map((t) => `${t.kind}:${t.value}`)

describe('tokenize', () => {
  it('reads words upper-cased, numbers, ops and punctuation', () => {
    expect(brief('select e.ename, sal*1.5 from emp e where deptno<>10;')).toEqual([
      'word:SELECT', 'word:E', 'punct:.', 'word:ENAME', 'punct:,', 'word:SAL', 'op:*', 'number:1.5',
      'word:FROM', 'word:EMP', 'word:E', 'word:WHERE', 'word:DEPTNO', 'op:<>', 'number:10', 'punct:;',
    ])
  })

  it('keeps $ and # inside identifiers and reads non-ASCII letters', () => {
    expect(brief('v$session sys#x Ärger_1')).toEqual(['word:V$SESSION', 'word:SYS#X', 'word:ÄRGER_1'])
  })

  it('reads the two-character operators of SQL and PL/SQL', () => {
    expect(brief("a||b x:=1 p=>2 a!=b a^=b a~=b a<=b a>=b 1..10 2**3 <<lbl>>")).toEqual([
      'word:A', 'op:||', 'word:B', 'word:X', 'op::=', 'number:1', 'word:P', 'op:=>', 'number:2',
      'word:A', 'op:!=', 'word:B', 'word:A', 'op:^=', 'word:B', 'word:A', 'op:~=', 'word:B',
      'word:A', 'op:<=', 'word:B', 'word:A', 'op:>=', 'word:B', 'number:1', 'op:..', 'number:10',
      'number:2', 'op:**', 'number:3', 'op:<<', 'word:LBL', 'op:>>',
    ])
  })

  it('reads number forms: 12. .5 1e10 1.5E-3, and 1e without exponent digits as 1 then a word', () => {
    expect(brief('12. .5 1e10 1.5E-3 1e')).toEqual(['number:12.', 'number:.5', 'number:1e10', 'number:1.5E-3', 'number:1', 'word:E'])
  })

  it("unescapes strings: '' inside, N'..', q'[..]', q'!..!', Nq'{..}'", () => {
    const tokens = tokenize("'it''s' N'nat' q'[a 'b' ]c]' Q'!x!' nq'{y}' ''")
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['string', "it's"], ['string', 'nat'], ['string', "a 'b' ]c"], ['string', 'x'], ['string', 'y'], ['string', ''], ['eof', ''],
    ])
    expect(tokens[2]?.text).toBe("q'[a 'b' ]c]'")
  })

  it('treats q, n and nq followed by something other than a quote as words', () => {
    expect(brief('q n nq qty')).toEqual(['word:Q', 'word:N', 'word:NQ', 'word:QTY'])
  })

  it('reads quoted identifiers as written', () => {
    expect(brief('"My Col" "lower"')).toEqual(['quotedIdent:My Col', 'quotedIdent:lower'])
  })

  it('reads binds: upper-cased names, quoted names as written, positional numbers; := is not a bind', () => {
    expect(brief(':p1_x :"P1 x" :1 :new.id x:=y')).toEqual([
      'bind:P1_X', 'bind:P1 x', 'bind:1', 'bind:NEW', 'punct:.', 'word:ID', 'word:X', 'op::=', 'word:Y',
    ])
  })

  it('keeps a lone colon as an op', () => {
    expect(brief('a : b')).toEqual(['word:A', 'op::', 'word:B'])
  })

  it('skips -- and /* */ comments, hints included', () => {
    expect(brief('select /*+ index(e) */ 1 -- the one\nfrom dual /* x\n y */ ;')).toEqual([
      'word:SELECT', 'number:1', 'word:FROM', 'word:DUAL', 'punct:;',
    ])
  })

  it('gives 1-based lines and columns across \\n, \\r\\n and \\r', () => {
    const tokens = tokenize('a\n  b\r\n c\rd')
    expect(tokens.map((t) => [t.value, t.line, t.col])).toEqual([
      ['A', 1, 1], ['B', 2, 3], ['C', 3, 2], ['D', 4, 1], ['', 4, 2],
    ])
  })

  it('counts lines inside multi-line strings and comments', () => {
    const tokens = tokenize("'a\nb' /* \n\n */ x")
    expect(tokens[0]?.value).toBe('a\nb')
    expect(tokens[1]).toMatchObject({ value: 'X', line: 4, col: 5 })
  })

  it('ends with exactly one eof, also for empty text', () => {
    expect(tokenize('')).toEqual([{ kind: 'eof', text: '', value: '', offset: 0, line: 1, col: 1 }])
    expect(tokenize('x').filter((t) => t.kind === 'eof')).toHaveLength(1)
  })

  it.each([
    ["select 'abc from dual", 'unterminated string literal', "'abc from dual"],
    ['select 1 /* open', 'unterminated comment', '/* open'],
    ['select "Col from t', 'unterminated quoted identifier', '"Col from t'],
    ["select q'[abc from t", 'unterminated q-quoted string', "q'[abc from t"],
    ["select N'abc", 'unterminated string literal', "N'abc"],
    ['select :"P1 X', 'unterminated quoted bind variable', ':"P1 X'],
  ])('reports %j as one error token naming what is open', (text, message, rest) => {
    const tokens = tokenize(text)
    const errors = tokens.filter((t) => t.kind === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.value).toContain(message)
    expect(errors[0]?.text).toBe(rest)
    expect(tokens.at(-1)?.kind).toBe('eof')
  })

  it('reports an unexpected character and goes on', () => {
    expect(brief('a ` b & c')).toEqual(['word:A', 'error:unexpected character "`"', 'word:B', 'error:unexpected character "&"', 'word:C'])
  })

  it("reports q' followed by a blank as a bad delimiter and goes on", () => {
    const tokens = tokenize("q' x")
    expect(tokens[0]).toMatchObject({ kind: 'error', text: "q'" })
    expect(tokens[0]?.value).toContain('q-quote delimiter')
    expect(tokens[1]).toMatchObject({ kind: 'word', value: 'X' })
  })
})

/** Line and column of an offset computed independently of the lexer. */
function lineColOf(text: string, offset: number): { line: number; col: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/)
  return { line: lines.length, col: (lines.at(-1) ?? '').length + 1 }
}

/** What may lie between two tokens: whitespace and complete comments only. */
const GAP = /^(?:\s|--[^\r\n]*|\/\*[\s\S]*?\*\/)*$/

function checkCoverage(text: string, tokens: Token[]): void {
  expect(tokens.at(-1)?.kind).toBe('eof')
  expect(tokens.filter((t) => t.kind === 'eof')).toHaveLength(1)
  let end = 0
  for (const token of tokens) {
    expect(token.offset).toBeGreaterThanOrEqual(end)
    expect(text.slice(token.offset, token.offset + token.text.length)).toBe(token.text)
    const gap = text.slice(end, token.offset)
    expect(GAP.test(gap), `gap ${JSON.stringify(gap)} before ${JSON.stringify(token)}`).toBe(true)
    expect({ line: token.line, col: token.col }).toEqual(lineColOf(text, token.offset))
    if (token.kind !== 'eof') expect(token.text.length).toBeGreaterThan(0)
    end = token.offset + token.text.length
  }
  expect(tokens.at(-1)?.offset).toBe(text.length)
}

/** Text made of SQL-ish pieces so that strings, comments, binds and line breaks meet often. */
const sqlish = fc
  .array(
    fc.oneof(
      fc.constantFrom("'", "''", '"', ':', ':=', '--', '/*', '*/', '\n', '\r\n', '\r', ' ', 'q\'[', ']\'', "N'", '..', '.', '1', 'e', '-', '|', '||', ';', '/', '`', 'Ä', '\ud83d\ude00'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''))

describe('tokenize properties', () => {
  fcTest.prop([sqlish], { numRuns: 400 })('never throws; tokens cover the text in order with right offsets, lines and columns', (text) => {
    checkCoverage(text, tokenize(text))
  })

  fcTest.prop([fc.string({ maxLength: 60, unit: 'binary' })], { numRuns: 300 })('holds on any unicode text', (text) => {
    checkCoverage(text, tokenize(text))
  })
})
