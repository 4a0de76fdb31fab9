/**
 * XMLType in PL/SQL (docs/plsql.md "XMLType"): the `XMLTYPE(text)` constructor,
 * the member functions `extract`, `existsNode`, `getStringVal`, `getClobVal`
 * and `getNumberVal` — called on a variable (`l_x.getClobVal()`), on a
 * function's result (`xmltype.extract(x, '/a').getStringVal()`) or in the
 * static form Oracle also accepts (`xmltype.extract(x, '/a')`, SELF first) —
 * and `DBMS_XMLGEN.GETXML(query)`. An XMLType value is its XML text; the XML
 * work is the SQL layer's (`sql/xml.ts`), so SQL and PL/SQL agree.
 */
import { XmlError, XML_METHOD_NAMES, checkedXml, rowsetXml, xmlExistsNode, xmlExtract } from '../sql/xml'
import { PlsqlError } from './errors'
import type { SqlValue } from './host'
import { toNumber, toText, type Value } from './values'

export { XML_METHOD_NAMES }

/** Runs XML work, turning its errors into PL/SQL exceptions with the same ORA code. */
export function xmlWork<T>(f: () => T): T {
  try {
    return f()
  } catch (e) {
    if (e instanceof XmlError) throw new PlsqlError(e.message, e.oraCode)
    throw e
  }
}

/** `XMLTYPE(text)` / `XMLTYPE.CREATEXML(text)`: the text once it is a well-formed document. */
export function xmlConstructor(v: Value): Value {
  return xmlWork(() => checkedXml(toText(v)))
}

/**
 * A member function on an XMLType instance. Calling one on NULL is
 * ORA-30625, as in Oracle (the samples guard with `IS NOT NULL`).
 */
export function xmlMethod(self: Value, method: string, args: Value[]): Value {
  const xml = toText(self)
  if (xml === null) throw new PlsqlError(`ORA-30625: method dispatch on NULL SELF argument is disallowed (${method})`, 30625)
  const path = (): string => {
    const p = toText(args[0] ?? null)
    if (p === null) throw new PlsqlError(`ORA-31013: Invalid XPATH expression (NULL) in ${method}`, 31013)
    return p
  }
  switch (method) {
    case 'GETSTRINGVAL':
    case 'GETCLOBVAL':
      return xml
    case 'GETNUMBERVAL':
      return toNumber(xml)
    case 'EXTRACT':
      return xmlWork(() => xmlExtract(xml, path()))
    case 'EXISTSNODE':
      return xmlWork(() => xmlExistsNode(xml, path()))
    default:
      throw new PlsqlError(`PLS-00302: component '${method}' must be declared (XMLType's simulated methods: ${[...XML_METHOD_NAMES].join(', ')})`, 302)
  }
}

/**
 * `DBMS_XMLGEN.GETXML(query)`: runs the query (it is read-only; its text is
 * known only at run time, like the dynamic SQL the sandbox otherwise refuses,
 * but a query changes nothing) and writes its rows as DBMS_XMLGEN's ROWSET
 * document. Values are written as TO_CHAR writes them; no rows gives NULL.
 */
export function getXml(query: string | null, run: (sql: string) => { columns: string[]; rows: SqlValue[][] }): Value {
  if (query === null) throw new PlsqlError('ORA-19206: Invalid value for query or REF CURSOR parameter (NULL)', 19206)
  const r = run(query)
  const text = (v: SqlValue): string | null => (typeof v === 'number' ? toText(v) : v === '' ? null : v)
  return rowsetXml(r.columns, r.rows.map((row) => row.map(text)))
}
