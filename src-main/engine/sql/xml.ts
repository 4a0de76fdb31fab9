/**
 * XMLType's faithful subset (issue #11, Sample Collections): what Oracle's
 * sample apps do with XML — build a document from a query (DBMS_XMLGEN.GETXML),
 * check it is well formed (the XMLTYPE(text) constructor), keep it in a
 * collection member, and read it back with `extract(x, xpath).getStringVal()`.
 *
 * An XMLType value is its text. This module parses that text strictly (a
 * document that is not well formed raises ORA-31011, as XMLTYPE(text) does in
 * Oracle), selects nodes with a small XPath subset, and writes nodes back as
 * text. Shared by the SQL layer (ORA_XML_* functions) and the PL/SQL
 * interpreter (XMLTYPE constructor and methods), so both give the same text.
 *
 * Written by hand rather than with htmlparser2 (installed) because that parser
 * is lenient by design (it repairs unbalanced tags), and XMLType must refuse
 * what Oracle refuses. No recursion: nesting depth never exhausts the stack.
 *
 * XPath subset (docs/plsql.md "XMLType"): absolute or relative location paths
 * of child (`/`) and descendant (`//`) steps; a step is a name, `*`, `text()`,
 * `node()`, `@name`, `@*` or `.`; predicates `[n]` (position) and
 * `[name='v']` / `[@name='v']` (a child's or attribute's text equals a
 * literal). A relative path starts at the document node, as Oracle's extract
 * does. Anything else raises ORA-31013 naming the expression.
 */

export class XmlError extends Error {
  constructor(
    message: string,
    /** The ORA code: 31011 (XML parsing failed), 31013 (invalid XPath), 19025 (extractValue of many nodes). */
    readonly oraCode: number,
  ) {
    super(message)
  }
}

/** XMLType's member functions the simulator runs (`x.getStringVal()`, `x.extract('/a')`), upper-cased. */
export const XML_METHOD_NAMES: ReadonlySet<string> = new Set(['EXTRACT', 'EXISTSNODE', 'GETSTRINGVAL', 'GETCLOBVAL', 'GETNUMBERVAL'])

export type XmlNode =
  | { k: 'element'; name: string; attrs: [string, string][]; children: XmlNode[] }
  | { k: 'text'; text: string; cdata?: boolean }
  | { k: 'comment'; text: string }
  | { k: 'pi'; target: string; data: string }

/** A parsed document: its top-level nodes (exactly one element among them; the XML declaration is not a node). */
export interface XmlDocument {
  children: XmlNode[]
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/
const NAME_CHAR = /[-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]/
const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** Parses a well-formed XML document; anything else raises ORA-31011 with the line and column of the fault. */
export function parseXml(text: string): XmlDocument {
  return new XmlReader(text).document()
}

class XmlReader {
  private i = 0
  constructor(private readonly s: string) {}

  private fail(detail: string, at = this.i): never {
    let line = 1
    let col = 1
    for (let j = 0; j < at && j < this.s.length; j++) {
      if (this.s[j] === '\n') {
        line++
        col = 1
      } else col++
    }
    throw new XmlError(`ORA-31011: XML parsing failed: ${detail} (line ${line}, column ${col})`, 31011)
  }

  private startsWith(t: string): boolean {
    return this.s.startsWith(t, this.i)
  }

  private skipSpace(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++
  }

  private until(end: string, what: string): string {
    const j = this.s.indexOf(end, this.i)
    if (j < 0) this.fail(`unterminated ${what}`)
    const body = this.s.slice(this.i, j)
    this.i = j + end.length
    return body
  }

  private name(): string {
    const start = this.i
    if (!NAME_START.test(this.s[this.i] ?? '')) this.fail(`expected a name but found ${describe(this.s[this.i])}`)
    this.i++
    while (this.i < this.s.length && NAME_CHAR.test(this.s[this.i] as string)) this.i++
    return this.s.slice(start, this.i)
  }

  /** Replaces entity and character references; a bare `&` or an unknown entity is an error. */
  private decode(raw: string, at: number): string {
    if (!raw.includes('&')) return raw
    return raw.replace(/&([^;&\s]*);?/g, (m, ref: string, off: number) => {
      if (!m.endsWith(';')) this.fail(`'&' must start an entity reference ending in ';'`, at + off)
      if (ref.startsWith('#')) {
        const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN
        if (!Number.isInteger(code) || code < 1 || code > 0x10ffff) this.fail(`invalid character reference &${ref};`, at + off)
        return String.fromCodePoint(code)
      }
      const v = PREDEFINED_ENTITIES[ref]
      if (v === undefined) this.fail(`undefined entity &${ref};`, at + off)
      return v
    })
  }

  document(): XmlDocument {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1
    if (this.startsWith('<?xml') && /[\s?]/.test(this.s[this.i + 5] ?? '')) this.until('?>', 'XML declaration')
    const top: XmlNode[] = []
    /** Open elements, innermost last. */
    const open: { node: Extract<XmlNode, { k: 'element' }>; at: number }[] = []
    let roots = 0
    const add = (n: XmlNode): void => {
      const parent = open[open.length - 1]
      if (parent) parent.node.children.push(n)
      else top.push(n)
    }
    while (this.i < this.s.length) {
      const at = this.i
      if (this.startsWith('<!--')) {
        this.i += 4
        const body = this.until('-->', 'comment')
        if (body.includes('--')) this.fail(`'--' inside a comment`, at)
        add({ k: 'comment', text: body })
      } else if (this.startsWith('<![CDATA[')) {
        if (open.length === 0) this.fail('CDATA outside the root element', at)
        this.i += 9
        add({ k: 'text', text: this.until(']]>', 'CDATA section'), cdata: true })
      } else if (this.startsWith('<!')) {
        this.fail('DOCTYPE and other declarations are not simulated', at)
      } else if (this.startsWith('<?')) {
        this.i += 2
        const target = this.name()
        if (target.toLowerCase() === 'xml') this.fail('an XML declaration is allowed only at the start', at)
        const data = this.until('?>', 'processing instruction').replace(/^\s+/, '')
        add({ k: 'pi', target, data })
      } else if (this.startsWith('</')) {
        this.i += 2
        const name = this.name()
        this.skipSpace()
        if (this.s[this.i] !== '>') this.fail(`expected '>' to end </${name}`)
        this.i++
        const top = open.pop()
        if (!top) this.fail(`end tag </${name}> without a start tag`, at)
        if (top.node.name !== name) this.fail(`end tag </${name}> does not match start tag <${top.node.name}>`, at)
      } else if (this.s[this.i] === '<') {
        this.i++
        const name = this.name()
        const attrs: [string, string][] = []
        for (;;) {
          const before = this.i
          this.skipSpace()
          if (this.startsWith('/>') || this.s[this.i] === '>') break
          if (this.i === before) this.fail(`expected whitespace, '>' or '/>' in <${name}>`)
          const attrName = this.name()
          if (attrs.some(([n]) => n === attrName)) this.fail(`attribute ${attrName} appears twice in <${name}>`)
          this.skipSpace()
          if (this.s[this.i] !== '=') this.fail(`expected '=' after attribute ${attrName}`)
          this.i++
          this.skipSpace()
          const quote = this.s[this.i]
          if (quote !== '"' && quote !== "'") this.fail(`attribute ${attrName}'s value must be quoted`)
          this.i++
          const valueAt = this.i
          const raw = this.until(quote, 'attribute value')
          if (raw.includes('<')) this.fail(`'<' in the value of attribute ${attrName}`, valueAt)
          attrs.push([attrName, this.decode(raw, valueAt)])
        }
        if (open.length === 0 && roots++ > 0) this.fail('a document has exactly one root element', at)
        const node: Extract<XmlNode, { k: 'element' }> = { k: 'element', name, attrs, children: [] }
        add(node)
        if (this.startsWith('/>')) this.i += 2
        else {
          this.i++
          open.push({ node, at })
        }
      } else {
        const next = this.s.indexOf('<', this.i)
        const end = next < 0 ? this.s.length : next
        const raw = this.s.slice(this.i, end)
        this.i = end
        if (open.length === 0) {
          if (raw.trim() !== '') this.fail('text outside the root element', at)
          continue
        }
        if (raw.includes(']]>')) this.fail(`']]>' in text`, at + raw.indexOf(']]>'))
        add({ k: 'text', text: this.decode(raw, at) })
      }
    }
    const unclosed = open[open.length - 1]
    if (unclosed) this.fail(`start tag <${unclosed.node.name}> is never closed`, unclosed.at)
    if (roots === 0) this.fail('no root element')
    return { children: top }
  }
}

function describe(c: string | undefined): string {
  return c === undefined ? 'the end of the text' : `'${c}'`
}

// ---------------------------------------------------------------- writing

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;')

/** Writes nodes as text: elements without children as `<a/>`, text escaped, CDATA kept as CDATA. */
export function serializeXml(nodes: readonly XmlNode[]): string {
  const out: string[] = []
  // An explicit stack of pending work (a node to write, or a closing tag) instead of recursion.
  const work: (XmlNode | string)[] = [...nodes].reverse()
  while (work.length > 0) {
    const w = work.pop() as XmlNode | string
    if (typeof w === 'string') {
      out.push(w)
      continue
    }
    switch (w.k) {
      case 'text':
        out.push(w.cdata ? `<![CDATA[${w.text}]]>` : escapeText(w.text))
        break
      case 'comment':
        out.push(`<!--${w.text}-->`)
        break
      case 'pi':
        out.push(`<?${w.target}${w.data ? ' ' + w.data : ''}?>`)
        break
      case 'element': {
        const open = `<${w.name}${w.attrs.map(([n, v]) => ` ${n}="${escapeAttr(v)}"`).join('')}`
        if (w.children.length === 0) {
          out.push(open + '/>')
          break
        }
        out.push(open + '>')
        work.push(`</${w.name}>`)
        for (let j = w.children.length - 1; j >= 0; j--) work.push(w.children[j] as XmlNode)
      }
    }
  }
  return out.join('')
}

/** The text content of a node (XPath's string value). */
function stringValue(n: XmlNode | Attr | Doc): string {
  if ('attr' in n) return n.value
  if ('k' in n && (n.k === 'text' || n.k === 'comment')) return n.text
  if ('k' in n && n.k === 'pi') return n.data
  const parts: string[] = []
  const work: XmlNode[] = [...(n as { children: XmlNode[] }).children].reverse()
  while (work.length > 0) {
    const w = work.pop() as XmlNode
    if (w.k === 'text') parts.push(w.text)
    else if (w.k === 'element') for (let j = w.children.length - 1; j >= 0; j--) work.push(w.children[j] as XmlNode)
  }
  return parts.join('')
}

// ---------------------------------------------------------------- XPath subset

interface Attr {
  attr: string
  value: string
}
interface Doc {
  doc: true
  children: XmlNode[]
}
type Selected = XmlNode | Attr | Doc

type Test = { k: 'name'; name: string } | { k: 'anyElement' } | { k: 'text' } | { k: 'node' } | { k: 'attr'; name: string | null } | { k: 'self' }
type Predicate = { k: 'position'; n: number } | { k: 'equals'; attr: boolean; name: string; value: string }
interface Step {
  descendant: boolean
  test: Test
  predicates: Predicate[]
}

const MAX_XPATH = 4000
/** A name with at most one prefix (`x:y`); `a::b` is an axis, outside the subset. */
const QNAME = '[A-Za-z_][-\\w.]*(?::[A-Za-z_][-\\w.]*)?'

function parseXPath(path: string): Step[] {
  const bad = (why: string): never => {
    throw new XmlError(`ORA-31013: Invalid XPATH expression '${path}': ${why} (outside the simulated subset of child and descendant steps)`, 31013)
  }
  if (path.length > MAX_XPATH) bad('too long')
  const s = path.trim()
  if (s === '') bad('empty')
  const steps: Step[] = []
  let i = 0
  let first = true
  while (i < s.length) {
    let descendant = false
    if (s.startsWith('//', i)) {
      descendant = true
      i += 2
    } else if (s[i] === '/') i++
    else if (!first) bad(`expected '/' at position ${i + 1}`)
    first = false
    if (i >= s.length) {
      if (descendant || steps.length > 0) bad('a path cannot end with /')
      break // the path "/" alone: the document node
    }
    const rest = s.slice(i)
    let m: RegExpExecArray | null
    let test: Test
    if ((m = /^text\(\)/.exec(rest))) test = { k: 'text' }
    else if ((m = /^node\(\)/.exec(rest))) test = { k: 'node' }
    else if ((m = /^@\*/.exec(rest))) test = { k: 'attr', name: null }
    else if ((m = new RegExp(`^@(${QNAME})`).exec(rest))) test = { k: 'attr', name: m[1] as string }
    else if ((m = /^\*/.exec(rest))) test = { k: 'anyElement' }
    else if ((m = /^\.(?!\.)/.exec(rest))) test = { k: 'self' }
    else if ((m = new RegExp(`^${QNAME}(?![\\w.:(-]|\\s*\\()`).exec(rest))) test = { k: 'name', name: m[0] }
    else return bad(`unsupported step at position ${i + 1}`)
    i += m[0].length
    const predicates: Predicate[] = []
    while (s[i] === '[') {
      const close = s.indexOf(']', i)
      if (close < 0) bad("unterminated '['")
      const body = s.slice(i + 1, close).trim()
      let p: RegExpExecArray | null
      if (/^[1-9]\d{0,8}$/.test(body)) predicates.push({ k: 'position', n: Number(body) })
      else if ((p = new RegExp(`^(@?)(${QNAME})\\s*=\\s*(?:'([^']*)'|"([^"]*)")$`).exec(body))) {
        predicates.push({ k: 'equals', attr: p[1] === '@', name: p[2] as string, value: (p[3] ?? p[4]) as string })
      } else bad(`unsupported predicate [${body}]`)
      i = close + 1
    }
    steps.push({ descendant, test, predicates })
  }
  return steps
}

function childrenOf(n: Selected): XmlNode[] {
  if ('doc' in n) return n.children
  if ('k' in n && n.k === 'element') return n.children
  return []
}

/** The node and every node below it, in document order (for `//`). */
function selfAndDescendants(n: Selected): Selected[] {
  const out: Selected[] = []
  const work: Selected[] = [n]
  while (work.length > 0) {
    const w = work.pop() as Selected
    out.push(w)
    const kids = childrenOf(w)
    for (let j = kids.length - 1; j >= 0; j--) work.push(kids[j] as XmlNode)
  }
  return out
}

function matches(n: Selected, test: Test): boolean {
  if ('attr' in n || 'doc' in n) return false
  switch (test.k) {
    case 'name':
      return n.k === 'element' && n.name === test.name
    case 'anyElement':
      return n.k === 'element'
    case 'text':
      return n.k === 'text'
    case 'node':
      return true
    default:
      return false
  }
}

function applyStep(context: Selected[], step: Step): Selected[] {
  const out: Selected[] = []
  const seen = new Set<Selected>()
  for (const c of context) {
    const bases = step.descendant ? selfAndDescendants(c) : [c]
    for (const b of bases) {
      let candidates: Selected[]
      if (step.test.k === 'self') candidates = [b]
      else if (step.test.k === 'attr') {
        const name = step.test.name
        candidates = 'k' in b && b.k === 'element' ? b.attrs.filter(([n]) => name === null || n === name).map(([attr, value]) => ({ attr, value })) : []
      } else candidates = childrenOf(b).filter((x) => matches(x, step.test))
      for (const p of step.predicates) {
        if (p.k === 'position') candidates = candidates.length >= p.n ? [candidates[p.n - 1] as Selected] : []
        else {
          candidates = candidates.filter((x) => {
            if (!('k' in x) || x.k !== 'element') return false
            if (p.attr) return x.attrs.some(([n, v]) => n === p.name && v === p.value)
            return x.children.some((ch) => ch.k === 'element' && ch.name === p.name && stringValue(ch) === p.value)
          })
        }
      }
      for (const x of candidates) {
        if (seen.has(x)) continue
        seen.add(x)
        out.push(x)
      }
    }
  }
  return out
}

function select(xml: string, xpath: string): Selected[] {
  const steps = parseXPath(xpath)
  const doc: Doc = { doc: true, children: parseXml(xml).children }
  return steps.reduce<Selected[]>((ctx, step) => applyStep(ctx, step), [doc])
}

function write(n: Selected): string {
  if ('attr' in n) return n.value
  if ('doc' in n) return serializeXml(n.children)
  return serializeXml([n])
}

/** `extract(x, xpath)`: the selected nodes as XML text (attributes as their values), NULL when nothing matches. */
export function xmlExtract(xml: string, xpath: string): string | null {
  const nodes = select(xml, xpath)
  return nodes.length === 0 ? null : nodes.map(write).join('')
}

/** `existsNode(x, xpath)`: 1 when the path selects a node, else 0. */
export function xmlExistsNode(xml: string, xpath: string): number {
  return select(xml, xpath).length > 0 ? 1 : 0
}

/** `extractValue(x, xpath)`: the text of the one selected node (NULL for none; ORA-19025 for several or an element with element children). */
export function xmlExtractValue(xml: string, xpath: string): string | null {
  const nodes = select(xml, xpath)
  if (nodes.length === 0) return null
  if (nodes.length > 1) throw new XmlError('ORA-19025: EXTRACTVALUE returns value of only one node', 19025)
  const n = nodes[0] as Selected
  if ('k' in n && n.k === 'element' && n.children.some((c) => c.k === 'element')) throw new XmlError('ORA-19025: EXTRACTVALUE returns value of only one node', 19025)
  const v = stringValue(n)
  return v === '' ? null : v
}

/** XMLTYPE(text): the text itself once it is known to be a well-formed document (NULL stays NULL). */
export function checkedXml(text: string | null): string | null {
  if (text === null) return null
  parseXml(text)
  return text
}

/**
 * A column name as an XML element name, as DBMS_XMLGEN writes it: characters
 * that cannot be in a name become `_xHHHH_` (`COUNT(*)` → `COUNT_x0028__x002A__x0029_`).
 */
export function xmlElementName(column: string): string {
  let out = ''
  for (const ch of column) {
    const ok = out === '' ? NAME_START.test(ch) && ch !== ':' : NAME_CHAR.test(ch) && ch !== ':'
    out += ok ? ch : `_x${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}_`
  }
  return out
}

/**
 * DBMS_XMLGEN.GETXML's canonical document for a query's rows: an XML
 * declaration, `<ROWSET>` with one `<ROW>` per row and one element per
 * non-null column (NULL columns are left out, DBMS_XMLGEN's default), indented
 * by one space per level, each line ending in a newline. No rows: NULL.
 */
export function rowsetXml(columns: readonly string[], rows: readonly (readonly (string | null)[])[]): string | null {
  if (rows.length === 0) return null
  const names = columns.map(xmlElementName)
  const lines = ['<?xml version="1.0"?>', '<ROWSET>']
  for (const r of rows) {
    lines.push(' <ROW>')
    r.forEach((v, j) => {
      if (v !== null) lines.push(`  <${names[j]}>${escapeText(v)}</${names[j]}>`)
    })
    lines.push(' </ROW>')
  }
  lines.push('</ROWSET>')
  return lines.join('\n') + '\n'
}
