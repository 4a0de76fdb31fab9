/**
 * XMLType's subset (src-main/engine/sql/xml.ts): strict parsing, the XPath
 * subset, writing nodes back, DBMS_XMLGEN's ROWSET document, and the same
 * functions through the SQL translator on the AppDatabase. Expected texts are
 * written by hand from the XML/XPath rules and DBMS_XMLGEN's documented layout.
 */
import { describe, expect, test } from 'vitest'
import { fc, test as fcTest } from '@fast-check/vitest'
import { AppDatabase } from '../../../src-main/engine/database/app-database'
import { translateSql } from '../../../src-main/engine/sql/translate'
import {
  XmlError, checkedXml, parseXml, rowsetXml, serializeXml, xmlElementName, xmlExistsNode, xmlExtract, xmlExtractValue, type XmlNode,
} from '../../../src-main/engine/sql/xml'

const DOC = '<?xml version="1.0"?>\n<ROWSET>\n <ROW id="1">\n  <EMPNO>7839</EMPNO>\n  <ENAME>KING</ENAME>\n </ROW>\n <ROW id="2">\n  <EMPNO>7698</EMPNO>\n  <ENAME>BLAKE &amp; CO</ENAME>\n </ROW>\n</ROWSET>\n'

function xmlError(f: () => unknown): XmlError {
  try {
    f()
  } catch (e) {
    if (e instanceof XmlError) return e
    throw e
  }
  throw new Error('expected an XmlError')
}

describe('parseXml accepts well-formed documents and refuses the rest with ORA-31011 and a position', () => {
  test('a document: declaration skipped, elements, attributes, entities, CDATA, comments', () => {
    const d = parseXml('<?xml version="1.0"?><a x="1 &lt; 2"><!--c--><b>t&#65;&#x42;</b><![CDATA[<raw>]]></a>')
    expect(d.children).toEqual([
      { k: 'element', name: 'a', attrs: [['x', '1 < 2']], children: [
        { k: 'comment', text: 'c' },
        { k: 'element', name: 'b', attrs: [], children: [{ k: 'text', text: 'tAB' }] },
        { k: 'text', text: '<raw>', cdata: true },
      ] },
    ])
  })

  test.each([
    ['<a>', /start tag <a> is never closed \(line 1, column 1\)/],
    ['<a></b>', /end tag <\/b> does not match start tag <a> \(line 1, column 4\)/],
    ['<a/><b/>', /exactly one root element \(line 1, column 5\)/],
    ['text<a/>', /text outside the root element/],
    ['<a>&foo;</a>', /undefined entity &foo;/],
    ['<a>a & b</a>', /'&' must start an entity reference/],
    ['<a x=1/>', /value must be quoted/],
    ['<a x="1" x="2"/>', /attribute x appears twice/],
    ['', /no root element/],
    ['<!DOCTYPE a><a/>', /DOCTYPE/],
    ['<a>\n  <b>\n</a>', /end tag <\/a> does not match start tag <b> \(line 3, column 1\)/],
  ])('%j is refused', (text, why) => {
    const e = xmlError(() => parseXml(text))
    expect(e.oraCode).toBe(31011)
    expect(e.message).toMatch(/^ORA-31011: XML parsing failed: /)
    expect(e.message).toMatch(why)
  })

  test('XMLTYPE(text) keeps the text as given; NULL stays NULL', () => {
    expect(checkedXml(DOC)).toBe(DOC)
    expect(checkedXml(null)).toBeNull()
    expect(() => checkedXml('<a>')).toThrow(/ORA-31011/)
  })

  test('deep nesting neither recurses nor overflows', () => {
    const depth = 100_000
    const text = '<a>'.repeat(depth) + '</a>'.repeat(depth)
    expect(serializeXml(parseXml(text).children).length).toBe('<a>'.length * (depth - 1) + '</a>'.length * (depth - 1) + '<a/>'.length)
  })
})

describe('the XPath subset: extract, existsNode, extractValue', () => {
  test.each([
    ['/', '<ROWSET>\n <ROW id="1">\n  <EMPNO>7839</EMPNO>\n  <ENAME>KING</ENAME>\n </ROW>\n <ROW id="2">\n  <EMPNO>7698</EMPNO>\n  <ENAME>BLAKE &amp; CO</ENAME>\n </ROW>\n</ROWSET>'],
    ['/*', '<ROWSET>\n <ROW id="1">\n  <EMPNO>7839</EMPNO>\n  <ENAME>KING</ENAME>\n </ROW>\n <ROW id="2">\n  <EMPNO>7698</EMPNO>\n  <ENAME>BLAKE &amp; CO</ENAME>\n </ROW>\n</ROWSET>'],
    ['/ROWSET/ROW/ENAME', '<ENAME>KING</ENAME><ENAME>BLAKE &amp; CO</ENAME>'],
    ['//ENAME/text()', 'KINGBLAKE &amp; CO'],
    ['/ROWSET/ROW[2]/EMPNO', '<EMPNO>7698</EMPNO>'],
    ["/ROWSET/ROW[@id='2']/ENAME/text()", 'BLAKE &amp; CO'],
    ["/ROWSET/ROW[ENAME='KING']/EMPNO/text()", '7839'],
    ['/ROWSET/ROW/@id', '12'],
    ['ROWSET/ROW[1]/EMPNO', '<EMPNO>7839</EMPNO>'],
    ['//ROW[1]/ENAME/.', '<ENAME>KING</ENAME>'],
  ])('extract(DOC, %j)', (path, expected) => {
    expect(xmlExtract(DOC, path)).toBe(expected)
  })

  test('nothing selected is NULL; existsNode says 1 or 0', () => {
    expect(xmlExtract(DOC, '/ROWSET/NOPE')).toBeNull()
    expect(xmlExtract(DOC, '/ROWSET/ROW[3]')).toBeNull()
    expect(xmlExistsNode(DOC, '//EMPNO')).toBe(1)
    expect(xmlExistsNode(DOC, '/ROW')).toBe(0)
  })

  test('extractValue: the text of one node; several nodes are ORA-19025', () => {
    expect(xmlExtractValue(DOC, '/ROWSET/ROW[2]/ENAME')).toBe('BLAKE & CO')
    expect(xmlExtractValue(DOC, '/ROWSET/ROW[1]/@id')).toBe('1')
    expect(xmlExtractValue(DOC, '/ROWSET/NOPE')).toBeNull()
    expect(xmlError(() => xmlExtractValue(DOC, '//ENAME')).oraCode).toBe(19025)
  })

  test.each(['', '/a/', '/a[last()]', '/a/following::b', 'count(/a)', '/a | /b', '/a[b>1]'])('XPath %j is outside the subset: ORA-31013 naming it', (path) => {
    const e = xmlError(() => xmlExtract(DOC, path))
    expect(e.oraCode).toBe(31013)
    expect(e.message).toContain(`'${path}'`)
  })
})

describe("DBMS_XMLGEN's ROWSET document", () => {
  test('one ROW per row, NULL columns left out, one space of indent per level, escaped text', () => {
    expect(rowsetXml(['EMPNO', 'ENAME', 'COMM'], [['7839', 'KING', null], ['1', 'A<B', '0']])).toBe(
      '<?xml version="1.0"?>\n<ROWSET>\n <ROW>\n  <EMPNO>7839</EMPNO>\n  <ENAME>KING</ENAME>\n </ROW>\n <ROW>\n  <EMPNO>1</EMPNO>\n  <ENAME>A&lt;B</ENAME>\n  <COMM>0</COMM>\n </ROW>\n</ROWSET>\n',
    )
    expect(rowsetXml(['X'], [])).toBeNull()
  })

  test('column names that are not XML names are escaped as _xHHHH_', () => {
    expect(xmlElementName('COUNT(*)')).toBe('COUNT_x0028__x002A__x0029_')
    expect(xmlElementName('1ST')).toBe('_x0031_ST')
    expect(xmlElementName('SAL*2')).toBe('SAL_x002A_2')
  })
})

describe('the same subset in SQL (translator + AppDatabase)', () => {
  test("the Collections report's expression: substr(extract(x, '*').getstringval(), 1, 40)", () => {
    const t = translateSql("select substr(extract(xmltype001, '*').getstringval(), 1, 40) from t")
    expect(t.ok).toBe(true)
    const db = new AppDatabase({ clock: () => new Date(0) })
    const r = db.query(
      "select substr(extract(xmltype('<a><b>1</b><b>2</b></a>'), '*').getstringval(), 1, 9) s, extract(xmltype('<a><b>1</b><b>2</b></a>'), '/a/b[2]/text()').getnumberval() + 1 n, extractvalue(xmltype('<a x=\"q\"/>'), '/a/@x') v, existsnode(xmltype('<a/>'), '/b') e, extract(null, '/a') z from dual",
      () => undefined,
    )
    expect(r.rows).toEqual([['<a><b>1</', 3, 'q', 0, null]])
  })

  test('EXTRACT(YEAR FROM d) is still the date function', () => {
    const db = new AppDatabase({ clock: () => new Date(0) })
    expect(db.query("select extract(year from date '2024-03-01') from dual", () => undefined).rows).toEqual([[2024]])
  })

  test('malformed XML in SQL is ORA-31011, as a statement error', () => {
    const db = new AppDatabase({ clock: () => new Date(0) })
    expect(() => db.query("select xmltype('<a>') from dual", () => undefined)).toThrow(/ORA-31011/)
  })
})

// ------------------------------------------------------------------ properties

const NAMES = ['a', 'b', 'ROW', 'x:y', '_z']
const xmlTree: fc.Arbitrary<XmlNode> = fc.letrec<{ node: XmlNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('text' as const), text: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes(']]>')) }),
    fc.record({ k: fc.constant('comment' as const), text: fc.string({ maxLength: 6 }).filter((s) => !s.includes('--') && !s.endsWith('-')) }),
    fc.record({
      k: fc.constant('element' as const),
      name: fc.constantFrom(...NAMES),
      attrs: fc.uniqueArray(fc.tuple(fc.constantFrom('p', 'q', 'r'), fc.string({ maxLength: 5 })), { maxLength: 2, selector: ([n]) => n }),
      children: fc.array(tie('node'), { maxLength: 3 }),
    }),
  ),
})).node

/** Adjacent text nodes merge when read back: merge them in the expectation too. */
function normalise(nodes: XmlNode[]): XmlNode[] {
  const out: XmlNode[] = []
  for (const n of nodes) {
    const last = out[out.length - 1]
    if (n.k === 'text' && last?.k === 'text' && !n.cdata && !last.cdata) out[out.length - 1] = { k: 'text', text: last.text + n.text }
    else out.push(n.k === 'element' ? { ...n, children: normalise(n.children) } : n)
  }
  return out
}

describe('properties', () => {
  fcTest.prop([fc.string({ maxLength: 200 })], { numRuns: 400 })('parseXml never throws anything but XmlError on any text', (text) => {
    try {
      parseXml(text)
    } catch (e) {
      expect(e).toBeInstanceOf(XmlError)
    }
  })

  const xmlish = fc.array(fc.constantFrom('<', '>', '/', 'a', 'b', '=', '"', "'", '&', ';', '!', '-', '?', ' ', '[', 'CDATA', 'amp', '#x41'), { maxLength: 40 }).map((a) => a.join(''))
  fcTest.prop([xmlish], { numRuns: 600 })('…nor on XML-like soup', (text) => {
    try {
      parseXml(text)
    } catch (e) {
      expect(e).toBeInstanceOf(XmlError)
    }
  })

  fcTest.prop([fc.constantFrom(...NAMES), fc.array(xmlTree, { maxLength: 4 })])('writing a tree and reading it back gives the same tree', (rootName, children) => {
    const root: XmlNode = { k: 'element', name: rootName, attrs: [], children }
    const text = serializeXml([root])
    expect(parseXml(text).children).toEqual(normalise([root]))
  })

  fcTest.prop([fc.string({ maxLength: 30 })], { numRuns: 400 })('extract with any path never throws anything but XmlError', (path) => {
    try {
      xmlExtract(DOC, path)
    } catch (e) {
      expect(e).toBeInstanceOf(XmlError)
    }
  })
})
