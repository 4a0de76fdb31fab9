/**
 * The APEX API subset (database.md §3) and the few Oracle packages apps use
 * for plumbing (DBMS_OUTPUT, DBMS_LOB on CLOBs, DBMS_UTILITY's error text).
 * Each entry names its parameters in order, so positional and `name =>`
 * arguments both work, and which of them are OUT.
 */
import { CollectionError, CHAR_ATTRS, DATE_ATTRS, NUMBER_ATTRS, type MemberValues } from './collections'
import { PlsqlError } from './errors'
import type { PlsqlHost, SqlValue } from './host'
import { getInitials, getSince, getUrl } from './apex-text-functions'
import { getXml, xmlConstructor, xmlMethod } from './xmltype'
import { PlsqlDate, dateToString, newCollection, toDate, toNumber, toText, isCollection, type Value } from './values'

export interface ApiContext {
  host: PlsqlHost
  now(): PlsqlDate
  item(name: string): string | null
  currentError(): PlsqlError | null
  query(sql: string, binds: Map<string, string | null>): { columns: string[]; rows: SqlValue[][] }
}

export interface ApiArgs {
  values: Map<string, Value>
  out: Map<string, Value>
}

interface ApiEntry {
  params: string[]
  out?: Record<string, 'OUT' | 'IN OUT'>
  run(a: ApiArgs, ctx: ApiContext): Value
}

const P = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)
const MEMBER_PARAMS = [...CHAR_ATTRS.map((a) => `P_${a}`), ...NUMBER_ATTRS.map((a) => `P_${a}`), ...DATE_ATTRS.map((a) => `P_${a}`), 'P_CLOB001', 'P_BLOB001', 'P_XMLTYPE001', 'P_GENERATE_MD5']

function text(a: ApiArgs, name: string): string | null {
  const v = a.values.get(name)
  return v === undefined ? null : toText(v)
}

/** APEX_UTIL.PREPARE_URL's p_checksum_type: PUBLIC_BOOKMARK / 1 application, PRIVATE_BOOKMARK / 2 user, SESSION / 3 or null session. */
export function checksumTypeScope(type: string | null): 'application' | 'user' | 'session' {
  const t = (type ?? '').trim().toUpperCase()
  if (t === 'PUBLIC_BOOKMARK' || t === '1') return 'application'
  if (t === 'PRIVATE_BOOKMARK' || t === '2') return 'user'
  return 'session'
}

/** APEX_PAGE.GET_URL's link, carrying a checksum where its target demands one (the engine's signing, if the host has it). */
function signedWhereDemanded(c: ApiContext, url: string | null): string | null {
  return url === null || !c.host.apex.signUrl ? url : c.host.apex.signUrl(url, null)
}

function required(a: ApiArgs, name: string, api: string): string {
  const v = text(a, name)
  if (v === null) throw new PlsqlError(`ORA-20001: ${api}: ${name} must not be null`, 20001)
  return v
}

/** The simulated clock: the host's, else the database's SYSDATE (which the engine sets from the same clock). */
function simulatedNow(c: ApiContext): number {
  const clock = c.host.clock?.()
  if (clock) return clock.getTime()
  const d = toDate((c.query('select sysdate from dual', new Map()).rows[0]?.[0] ?? null) as Value)
  if (d === null) throw new PlsqlError('ORA-20001: APEX_UTIL.GET_SINCE: no clock to compare with', 20001)
  return d.ms
}

function num(a: ApiArgs, name: string): number | null {
  const v = a.values.get(name)
  return v === undefined ? null : toNumber(v)
}

function memberValues(a: ApiArgs): MemberValues {
  const out: MemberValues = {}
  for (const attr of CHAR_ATTRS) out[attr] = text(a, `P_${attr}`)
  for (const attr of NUMBER_ATTRS) out[attr] = num(a, `P_${attr}`)
  for (const attr of DATE_ATTRS) {
    const v = a.values.get(`P_${attr}`)
    out[attr] = v === undefined || v === null ? null : v instanceof PlsqlDate ? dateToString(v) : toText(v)
  }
  out.CLOB001 = text(a, 'P_CLOB001')
  // An XMLType value is its XML text (xmltype.ts); it is kept as given.
  out.XMLTYPE001 = text(a, 'P_XMLTYPE001')
  return out
}

function collectionName(a: ApiArgs, api: string): string {
  const n = text(a, 'P_COLLECTION_NAME')
  if (n === null) throw new CollectionError(`${api}: collection name cannot be null`)
  return n
}

/** APEX_DEBUG.MESSAGE('x %s y', p0…): %s / %0…%9 replaced by the arguments. */
function debugText(a: ApiArgs): string {
  const msg = text(a, 'P_MESSAGE') ?? ''
  const params = P(20, 'P').map((p) => text(a, p) ?? '')
  let next = 0
  return msg.replace(/%(s|\d)/g, (_m, k: string) => (k === 's' ? (params[next++] ?? '') : (params[Number(k)] ?? '')))
}

function split(s: string | null, sep: string | null, limit: number | null): Value {
  const c = newCollection()
  if (s === null) return c
  let parts: string[]
  if (sep === null) parts = s.split(/\r?\n/)
  else parts = s.split(sep)
  if (limit !== null && limit > 0 && parts.length > limit) parts = [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(sep ?? '\n')]
  parts.forEach((p, i) => c.items.set(i + 1, p === '' ? null : p))
  return c
}

function join(v: Value | undefined, sep: string): string | null {
  if (v === undefined || v === null) return null
  if (!isCollection(v)) throw new PlsqlError('PLS-00306: wrong number or types of arguments in call to JOIN (a table was expected)', 306)
  const keys = [...v.items.keys()].sort((x, y) => Number(x) - Number(y))
  const s = keys.map((k) => toText(v.items.get(k) ?? null) ?? '').join(sep)
  return s === '' ? null : s
}

/** The member attributes a query's columns fill: all c001… , or (the "2" variants) n001–n005, d001–d005, then c001…. */
function queryColumnAttrs(typed: boolean): string[] {
  return typed ? [...NUMBER_ATTRS, ...DATE_ATTRS, ...CHAR_ATTRS] : CHAR_ATTRS
}

function fromQuery(a: ApiArgs, ctx: ApiContext, truncateIfExists: boolean, typed = false): Value {
  const name = collectionName(a, 'CREATE_COLLECTION_FROM_QUERY')
  const sql = required(a, 'P_QUERY', 'CREATE_COLLECTION_FROM_QUERY')
  const store = ctx.host.apex.collections
  const binds = new Map<string, string | null>()
  const names = a.values.get('P_NAMES')
  const values = a.values.get('P_VALUES')
  if (names && isCollection(names) && values && isCollection(values)) {
    for (const [k, n] of names.items) binds.set((toText(n) ?? '').toUpperCase(), toText(values.items.get(k) ?? null))
  }
  const r = ctx.query(sql, binds)
  if (store.exists(name)) {
    if (!truncateIfExists && text(a, 'P_TRUNCATE_IF_EXISTS') !== 'YES') throw new CollectionError(`Collection ${name.toUpperCase()} already exists`)
    store.truncate(name)
  } else store.create(name)
  for (const row of r.rows) {
    const m: MemberValues = {}
    const attrs = queryColumnAttrs(typed)
    row.forEach((v, i) => {
      const attr = attrs[i]
      if (attr === undefined) return
      if (NUMBER_ATTRS.includes(attr)) m[attr] = v === null ? null : typeof v === 'number' ? v : toNumber(v as string)
      else m[attr] = v === null ? null : typeof v === 'number' ? (toText(v) as string) : (v as string)
    })
    store.addMember(name, m)
  }
  return null
}

export const API_SIGNATURES: Record<string, ApiEntry> = {
  // APEX_UTIL
  'APEX_UTIL.SET_SESSION_STATE': {
    params: ['P_NAME', 'P_VALUE', 'P_COMMIT'],
    run: (a, c) => (c.host.setItem(required(a, 'P_NAME', 'SET_SESSION_STATE').toUpperCase(), text(a, 'P_VALUE')), null),
  },
  'APEX_UTIL.GET_SESSION_STATE': { params: ['P_ITEM'], run: (a, c) => c.item(required(a, 'P_ITEM', 'GET_SESSION_STATE').toUpperCase()) },
  'APEX_UTIL.GET_NUMERIC_SESSION_STATE': { params: ['P_ITEM'], run: (a, c) => toNumber(c.item(required(a, 'P_ITEM', 'GET_NUMERIC_SESSION_STATE').toUpperCase())) },
  'APEX_UTIL.CLEAR_PAGE_CACHE': {
    params: ['P_PAGE_ID'],
    run: (a, c) => (c.host.apex.clearCache(text(a, 'P_PAGE_ID') ?? String(c.host.apex.pageId)), null),
  },
  'APEX_UTIL.CLEAR_APP_CACHE': { params: ['P_APP_ID'], run: (_a, c) => (c.host.apex.clearCache('APP'), null) },
  'APEX_UTIL.CLEAR_USER_CACHE': { params: [], run: (_a, c) => (c.host.apex.clearCache('SESSION'), null) },
  'APEX_UTIL.STRING_TO_TABLE': { params: ['P_STRING', 'P_SEPARATOR'], run: (a) => split(text(a, 'P_STRING'), a.values.has('P_SEPARATOR') ? text(a, 'P_SEPARATOR') ?? ':' : ':', null) },
  'APEX_UTIL.TABLE_TO_STRING': { params: ['P_TABLE', 'P_STRING'], run: (a) => join(a.values.get('P_TABLE'), a.values.has('P_STRING') ? text(a, 'P_STRING') ?? '' : ':') },
  // Signs the link as the app's own (issue #16): p_checksum_type PUBLIC_BOOKMARK / 1, PRIVATE_BOOKMARK / 2, SESSION / 3 (default).
  'APEX_UTIL.PREPARE_URL': { params: ['P_URL', 'P_URL_CHARSET', 'P_CHECKSUM_TYPE', 'P_TRIPLET', 'P_PLAIN_URL'], run: (a, c) => {
    const url = text(a, 'P_URL')
    if (url === null || !c.host.apex.signUrl) return url
    return c.host.apex.signUrl(url, checksumTypeScope(text(a, 'P_CHECKSUM_TYPE')))
  } },
  'APEX_UTIL.URL_ENCODE': { params: ['P_URL'], run: (a) => { const s = text(a, 'P_URL'); return s === null ? null : encodeURIComponent(s) } },
  // APEX_ERROR
  'APEX_ERROR.ADD_ERROR': {
    params: ['P_MESSAGE', 'P_ADDITIONAL_INFO', 'P_DISPLAY_LOCATION', 'P_PAGE_ITEM_NAME', 'P_REGION_ID', 'P_COLUMN_ALIAS', 'P_ROW_NUM', 'P_IG_ROW_ID', 'P_ERROR_CODE', 'P_P0', 'P_P1', 'P_P2', 'P_P3', 'P_P4', 'P_LANGUAGE'],
    run: (a, c) => {
      let msg = text(a, 'P_MESSAGE')
      const code = text(a, 'P_ERROR_CODE')
      if (msg === null && code !== null) msg = c.host.apex.message(code, ['P_P0', 'P_P1', 'P_P2', 'P_P3', 'P_P4'].map((p) => text(a, p) ?? '')) ?? code
      const item = text(a, 'P_PAGE_ITEM_NAME')
      c.host.apex.addError(msg ?? '', item === null ? undefined : item.toUpperCase())
      return null
    },
  },
  'APEX_ERROR.HAVE_ERRORS_OCCURRED': { params: [], run: () => false },
  // APEX_COLLECTION
  'APEX_COLLECTION.CREATE_COLLECTION': { params: ['P_COLLECTION_NAME', 'P_TRUNCATE_IF_EXISTS'], run: (a, c) => {
    const n = collectionName(a, 'CREATE_COLLECTION')
    if (text(a, 'P_TRUNCATE_IF_EXISTS') === 'YES') c.host.apex.collections.createOrTruncate(n)
    else c.host.apex.collections.create(n)
    return null
  } },
  'APEX_COLLECTION.CREATE_OR_TRUNCATE_COLLECTION': { params: ['P_COLLECTION_NAME'], run: (a, c) => (c.host.apex.collections.createOrTruncate(collectionName(a, 'CREATE_OR_TRUNCATE_COLLECTION')), null) },
  'APEX_COLLECTION.TRUNCATE_COLLECTION': { params: ['P_COLLECTION_NAME'], run: (a, c) => (c.host.apex.collections.truncate(collectionName(a, 'TRUNCATE_COLLECTION')), null) },
  'APEX_COLLECTION.DELETE_COLLECTION': { params: ['P_COLLECTION_NAME'], run: (a, c) => (c.host.apex.collections.delete(collectionName(a, 'DELETE_COLLECTION')), null) },
  'APEX_COLLECTION.COLLECTION_EXISTS': { params: ['P_COLLECTION_NAME'], run: (a, c) => c.host.apex.collections.exists(collectionName(a, 'COLLECTION_EXISTS')) },
  'APEX_COLLECTION.COLLECTION_MEMBER_COUNT': { params: ['P_COLLECTION_NAME'], run: (a, c) => c.host.apex.collections.memberCount(collectionName(a, 'COLLECTION_MEMBER_COUNT')) },
  'APEX_COLLECTION.ADD_MEMBER': {
    params: ['P_COLLECTION_NAME', ...MEMBER_PARAMS],
    run: (a, c) => (c.host.apex.collections.addMember(collectionName(a, 'ADD_MEMBER'), memberValues(a)), null),
  },
  'APEX_COLLECTION.UPDATE_MEMBER': {
    params: ['P_COLLECTION_NAME', 'P_SEQ', ...MEMBER_PARAMS],
    run: (a, c) => (c.host.apex.collections.updateMember(collectionName(a, 'UPDATE_MEMBER'), num(a, 'P_SEQ') ?? -1, memberValues(a)), null),
  },
  'APEX_COLLECTION.UPDATE_MEMBER_ATTRIBUTE': {
    params: ['P_COLLECTION_NAME', 'P_SEQ', 'P_ATTR_NUMBER', 'P_ATTR_VALUE', 'P_NUMBER_VALUE', 'P_DATE_VALUE', 'P_CLOB_NUMBER', 'P_CLOB_VALUE', 'P_XMLTYPE_NUMBER', 'P_XMLTYPE_VALUE'],
    run: (a, c) => {
      const n = collectionName(a, 'UPDATE_MEMBER_ATTRIBUTE')
      const seq = num(a, 'P_SEQ') ?? -1
      const attrNo = num(a, 'P_ATTR_NUMBER') ?? 0
      if (a.values.has('P_NUMBER_VALUE')) c.host.apex.collections.updateMemberAttribute(n, seq, `N${String(attrNo).padStart(3, '0')}`, num(a, 'P_NUMBER_VALUE'))
      else if (a.values.has('P_DATE_VALUE')) {
        const d = a.values.get('P_DATE_VALUE') ?? null
        c.host.apex.collections.updateMemberAttribute(n, seq, `D${String(attrNo).padStart(3, '0')}`, d instanceof PlsqlDate ? dateToString(d) : toText(d))
      } else if (a.values.has('P_CLOB_VALUE')) c.host.apex.collections.updateMemberAttribute(n, seq, 'CLOB001', text(a, 'P_CLOB_VALUE'))
      else if (a.values.has('P_XMLTYPE_VALUE')) {
        // APEX has one XMLType attribute: p_xmltype_number must be 1 (checked by the store's attribute name).
        const xmlNo = num(a, 'P_XMLTYPE_NUMBER') ?? 1
        c.host.apex.collections.updateMemberAttribute(n, seq, `XMLTYPE${String(xmlNo).padStart(3, '0')}`, text(a, 'P_XMLTYPE_VALUE'))
      }
      else c.host.apex.collections.updateMemberAttribute(n, seq, `C${String(attrNo).padStart(3, '0')}`, text(a, 'P_ATTR_VALUE'))
      return null
    },
  },
  'APEX_COLLECTION.DELETE_MEMBER': { params: ['P_COLLECTION_NAME', 'P_SEQ'], run: (a, c) => (c.host.apex.collections.deleteMember(collectionName(a, 'DELETE_MEMBER'), num(a, 'P_SEQ') ?? -1), null) },
  'APEX_COLLECTION.MOVE_MEMBER_UP': { params: ['P_COLLECTION_NAME', 'P_SEQ'], run: (a, c) => (c.host.apex.collections.moveMemberUp(collectionName(a, 'MOVE_MEMBER_UP'), num(a, 'P_SEQ') ?? -1), null) },
  'APEX_COLLECTION.MOVE_MEMBER_DOWN': { params: ['P_COLLECTION_NAME', 'P_SEQ'], run: (a, c) => (c.host.apex.collections.moveMemberDown(collectionName(a, 'MOVE_MEMBER_DOWN'), num(a, 'P_SEQ') ?? -1), null) },
  'APEX_COLLECTION.RESEQUENCE_COLLECTION': { params: ['P_COLLECTION_NAME'], run: (a, c) => (c.host.apex.collections.resequence(collectionName(a, 'RESEQUENCE_COLLECTION')), null) },
  'APEX_COLLECTION.CREATE_COLLECTION_FROM_QUERY': { params: ['P_COLLECTION_NAME', 'P_QUERY', 'P_GENERATE_MD5', 'P_TRUNCATE_IF_EXISTS'], run: (a, c) => fromQuery(a, c, false) },
  'APEX_COLLECTION.CREATE_COLLECTION_FROM_QUERY2': { params: ['P_COLLECTION_NAME', 'P_QUERY', 'P_GENERATE_MD5', 'P_TRUNCATE_IF_EXISTS'], run: (a, c) => fromQuery(a, c, false, true) },
  'APEX_COLLECTION.CREATE_COLLECTION_FROM_QUERY_B': { params: ['P_COLLECTION_NAME', 'P_QUERY', 'P_NAMES', 'P_VALUES', 'P_MAX_ROW_COUNT', 'P_TRUNCATE_IF_EXISTS'], run: (a, c) => fromQuery(a, c, false) },
  'APEX_COLLECTION.CREATE_COLLECTION_FROM_QUERY_B2': { params: ['P_COLLECTION_NAME', 'P_QUERY', 'P_NAMES', 'P_VALUES', 'P_MAX_ROW_COUNT', 'P_TRUNCATE_IF_EXISTS'], run: (a, c) => fromQuery(a, c, false, true) },
  // APEX_STRING
  'APEX_STRING.SPLIT': { params: ['P_STR', 'P_SEP', 'P_LIMIT'], run: (a) => split(text(a, 'P_STR'), a.values.has('P_SEP') ? text(a, 'P_SEP') : null, num(a, 'P_LIMIT')) },
  'APEX_STRING.SPLIT_NUMBERS': { params: ['P_STR', 'P_SEP'], run: (a) => {
    const c = split(text(a, 'P_STR'), a.values.has('P_SEP') ? text(a, 'P_SEP') : null, null)
    if (isCollection(c)) for (const [k, v] of c.items) c.items.set(k, toNumber(v))
    return c
  } },
  'APEX_STRING.JOIN': { params: ['P_TABLE', 'P_SEP'], run: (a) => join(a.values.get('P_TABLE'), a.values.has('P_SEP') ? text(a, 'P_SEP') ?? '' : '\n') },
  'APEX_STRING.GET_INITIALS': { params: ['P_STR', 'P_CNT'], run: (a) => {
    try {
      return getInitials(text(a, 'P_STR'), num(a, 'P_CNT'))
    } catch (e) {
      throw new PlsqlError(`ORA-20001: APEX_STRING.GET_INITIALS: ${e instanceof Error ? e.message : String(e)}`, 20001)
    }
  } },
  'APEX_STRING.FORMAT': { params: ['P_MESSAGE', ...P(20, 'P'), 'P_MAX_LENGTH', 'P_PREFIX'], run: (a) => debugText(a) },
  // APEX_LANG / HTMLDB_LANG
  'APEX_LANG.MESSAGE': { params: ['P_NAME', ...P(10, 'P'), 'P_LANG', 'P_APPLICATION_ID'], run: (a, c) => langMessage(a, c) },
  'HTMLDB_LANG.MESSAGE': { params: ['P_NAME', ...P(10, 'P'), 'P_LANG', 'P_APPLICATION_ID'], run: (a, c) => langMessage(a, c) },
  'APEX_LANG.LANG': { params: ['P_PRIMARY_TEXT_STRING', ...P(10, 'P'), 'P_PRIMARY_LANGUAGE'], run: (a) => text(a, 'P_PRIMARY_TEXT_STRING') },
  // APEX_ACL
  'APEX_ACL.HAS_USER_ROLE': {
    params: ['P_APPLICATION_ID', 'P_USER_NAME', 'P_ROLE_STATIC_ID'],
    run: (a, c) => {
      const role = required(a, 'P_ROLE_STATIC_ID', 'HAS_USER_ROLE')
      const user = text(a, 'P_USER_NAME')
      if (user !== null && user.toUpperCase() !== c.host.apex.user.toUpperCase()) return false
      return c.host.apex.hasRole?.(role.toUpperCase()) ?? false
    },
  },
  'APEX_ACL.HAS_USER_ANY_ROLES': { params: ['P_APPLICATION_ID', 'P_USER_NAME'], run: () => false },
  // APEX_DEBUG (recorded through the host, no other effect)
  ...Object.fromEntries(['MESSAGE', 'ERROR', 'WARN', 'INFO', 'TRACE', 'ENTER', 'LOG_MESSAGE', 'LOG_LONG_MESSAGE'].map((m) => [
    `APEX_DEBUG.${m}`,
    { params: m === 'ENTER' ? ['P_ROUTINE_NAME', ...Array.from({ length: 10 }, (_, i) => [`P_NAME${String(i + 1).padStart(2, '0')}`, `P_VALUE${String(i + 1).padStart(2, '0')}`]).flat()] : ['P_MESSAGE', ...P(20, 'P'), 'P_LEVEL', 'P_FORCE', 'P_ENABLED'],
      run: (a: ApiArgs, c: ApiContext) => (c.host.apex.debug(m === 'ENTER' ? `enter ${text(a, 'P_ROUTINE_NAME') ?? ''}` : debugText(a)), null) },
  ])),
  'APEX_DEBUG.ENABLE': { params: ['P_LEVEL'], run: () => null },
  'APEX_DEBUG.DISABLE': { params: [], run: () => null },
  // DBMS_OUTPUT → the step's debug messages
  'DBMS_OUTPUT.PUT_LINE': { params: ['A'], run: (a, c) => (c.host.apex.debug(`DBMS_OUTPUT: ${text(a, 'A') ?? ''}`), null) },
  'DBMS_OUTPUT.PUT': { params: ['A'], run: (a, c) => (c.host.apex.debug(`DBMS_OUTPUT: ${text(a, 'A') ?? ''}`), null) },
  'DBMS_OUTPUT.NEW_LINE': { params: [], run: () => null },
  'DBMS_OUTPUT.ENABLE': { params: ['BUFFER_SIZE'], run: () => null },
  'DBMS_OUTPUT.DISABLE': { params: [], run: () => null },
  // DBMS_LOB on CLOBs (a CLOB is a string here)
  'DBMS_LOB.GETLENGTH': { params: ['LOB_LOC'], run: (a) => { const s = text(a, 'LOB_LOC'); return s === null ? null : s.length } },
  'DBMS_LOB.SUBSTR': { params: ['LOB_LOC', 'AMOUNT', 'OFFSET'], run: (a) => {
    const s = text(a, 'LOB_LOC')
    const amount = num(a, 'AMOUNT') ?? 32767
    const offset = num(a, 'OFFSET') ?? 1
    if (s === null) return null
    const r = s.substr(offset - 1, amount)
    return r === '' ? null : r
  } },
  'DBMS_LOB.INSTR': { params: ['LOB_LOC', 'PATTERN', 'OFFSET', 'NTH'], run: (a) => {
    const s = text(a, 'LOB_LOC')
    const p = text(a, 'PATTERN')
    if (s === null || p === null) return null
    let at = (num(a, 'OFFSET') ?? 1) - 1
    const nth = num(a, 'NTH') ?? 1
    for (let k = 0; k < nth; k++) {
      const i = s.indexOf(p, at)
      if (i < 0) return 0
      if (k === nth - 1) return i + 1
      at = i + 1
    }
    return 0
  } },
  'DBMS_LOB.CREATETEMPORARY': { params: ['LOB_LOC', 'CACHE', 'DUR'], out: { LOB_LOC: 'IN OUT' }, run: (a) => (a.out.set('LOB_LOC', null), null) },
  'DBMS_LOB.FREETEMPORARY': { params: ['LOB_LOC'], out: { LOB_LOC: 'IN OUT' }, run: (a) => (a.out.set('LOB_LOC', null), null) },
  'DBMS_LOB.APPEND': { params: ['DEST_LOB', 'SRC_LOB'], out: { DEST_LOB: 'IN OUT' }, run: (a) => (a.out.set('DEST_LOB', (text(a, 'DEST_LOB') ?? '') + (text(a, 'SRC_LOB') ?? '') || null), null) },
  'DBMS_LOB.OPEN': { params: ['LOB_LOC', 'OPEN_MODE'], run: () => null },
  'DBMS_LOB.CLOSE': { params: ['LOB_LOC'], run: () => null },
  'WWV_FLOW_API.EMPTY_VARCHAR2_TABLE': { params: [], run: () => newCollection() },
  'DBMS_LOB.WRITEAPPEND': { params: ['LOB_LOC', 'AMOUNT', 'BUFFER'], out: { LOB_LOC: 'IN OUT' }, run: (a) => {
    const raw = text(a, 'BUFFER') ?? ''
    const amount = num(a, 'AMOUNT')
    // A RAW buffer (HEXTORAW) is hex text: AMOUNT counts its bytes, two hex digits each.
    const isRaw = /^[0-9A-F]*$/i.test(raw) && amount !== null && raw.length === 2 * amount
    const buf = isRaw ? raw : raw.slice(0, amount ?? undefined)
    a.out.set('LOB_LOC', (text(a, 'LOB_LOC') ?? '') + buf || null)
    return null
  } },
  'APEX_UTIL.GET_SINCE': { params: ['P_DATE', 'P_SHORT'], run: (a, c) => {
    const date = toDate(a.values.get('P_DATE') ?? null)
    const short = a.values.get('P_SHORT')
    return getSince(date === null ? null : date.ms, simulatedNow(c), short === true || (typeof short === 'string' && short.toUpperCase() === 'Y'))
  } },
  'APEX_PAGE.GET_URL': {
    params: ['P_APPLICATION', 'P_PAGE', 'P_SESSION', 'P_REQUEST', 'P_DEBUG', 'P_CLEAR_CACHE', 'P_ITEMS', 'P_VALUES', 'P_PRINTER_FRIENDLY', 'P_TRACE', 'P_TRIGGERING_ELEMENT', 'P_PLAIN_URL'],
    run: (a, c) => signedWhereDemanded(c, getUrl({
      application: text(a, 'P_APPLICATION') ?? String(c.host.apex.appId),
      page: text(a, 'P_PAGE') ?? String(c.host.apex.pageId),
      // APEX's default is the current session; passing null explicitly gives none either way here.
      session: a.values.has('P_SESSION') ? text(a, 'P_SESSION') ?? '' : String(c.host.apex.session),
      request: text(a, 'P_REQUEST'),
      debug: text(a, 'P_DEBUG'),
      clearCache: text(a, 'P_CLEAR_CACHE'),
      items: text(a, 'P_ITEMS'),
      values: text(a, 'P_VALUES'),
    })),
  },
  'APEX_UTIL.SET_SESSION_TIME_ZONE': { params: ['P_TIME_ZONE'], run: (a, c) => (c.host.apex.debug(`APEX_UTIL.SET_SESSION_TIME_ZONE(${text(a, 'P_TIME_ZONE') ?? ''}): the simulated clock has no time zone`), null) },
  // Oracle documents null until SET_SESSION_TIME_ZONE sets one (the simulated clock has no zone).
  'APEX_UTIL.GET_SESSION_TIME_ZONE': { params: [], run: () => null },
  'APEX_COLLECTION.DELETE_ALL_COLLECTIONS': { params: [], run: (_a, c) => {
    for (const col of c.host.apex.collections.all()) c.host.apex.collections.delete(col.name)
    return null
  } },
  // APEX_AUTHENTICATION: the login cookie is not simulated; LOGIN asks the engine.
  'APEX_AUTHENTICATION.SEND_LOGIN_USERNAME_COOKIE': { params: ['P_USERNAME', 'P_COOKIE_NAME', 'P_CONSENT'], run: () => null },
  'APEX_AUTHENTICATION.GET_LOGIN_USERNAME_COOKIE': { params: ['P_COOKIE_NAME'], run: () => null },
  'APEX_AUTHENTICATION.LOGIN': { params: ['P_USERNAME', 'P_PASSWORD', 'P_UPPERCASE_USERNAME', 'P_SET_PERSISTENT_AUTH'], run: (a, c) => login(a, c) },
  'APEX_AUTHENTICATION.POST_LOGIN': { params: ['P_USERNAME', 'P_PASSWORD', 'P_UPPERCASE_USERNAME', 'P_SET_PERSISTENT_AUTH'], run: (a, c) => login(a, c) },
  'APEX_AUTHENTICATION.IS_PUBLIC_USER': { params: [], run: (_a, c) => c.host.apex.user.toUpperCase() === 'NOBODY' },
  'APEX_AUTHENTICATION.IS_AUTHENTICATED': { params: [], run: (_a, c) => c.host.apex.user.toUpperCase() !== 'NOBODY' },
  // APEX_THEME: styles change only the look of pages — accepted, recorded, no state.
  ...Object.fromEntries(['SET_CURRENT_STYLE', 'ENABLE_USER_STYLE', 'DISABLE_USER_STYLE', 'SET_USER_STYLE', 'CLEAR_USER_STYLE', 'CLEAR_ALL_USERS_STYLE'].map((m) => [
    `APEX_THEME.${m}`,
    { params: ['P_APPLICATION_ID', 'P_THEME_NUMBER', 'P_ID', 'P_USER'], run: (_a: ApiArgs, c: ApiContext) => (c.host.apex.debug(`APEX_THEME.${m}: theme styles are not simulated (no effect)`), null) },
  ])),
  // XMLType (xmltype.ts): the static forms, SELF first — xmltype.extract(x, '/a') — and DBMS_XMLGEN's query to XML.
  'XMLTYPE.CREATEXML': { params: ['XMLDATA', 'SCHEMA', 'VALIDATED', 'WELLFORMED'], run: (a) => xmlConstructor(a.values.get('XMLDATA') ?? null) },
  ...Object.fromEntries(['EXTRACT', 'EXISTSNODE', 'GETSTRINGVAL', 'GETCLOBVAL', 'GETNUMBERVAL'].map((m) => [
    `XMLTYPE.${m}`,
    { params: ['SELF', 'XPATH', 'NSMAP'], run: (a: ApiArgs) => xmlMethod(a.values.get('SELF') ?? null, m, a.values.has('XPATH') ? [a.values.get('XPATH') ?? null] : []) },
  ])),
  'DBMS_XMLGEN.GETXML': { params: ['SQLQUERY', 'DTDORSCHEMA'], run: (a, c) => getXml(text(a, 'SQLQUERY'), (sql) => c.query(sql, new Map())) },
  // APEX_ESCAPE: pure text functions.
  'APEX_ESCAPE.HTML': { params: ['P_STRING'], run: (a) => escapeHtml(text(a, 'P_STRING'), false) },
  'APEX_ESCAPE.HTML_ATTRIBUTE': { params: ['P_STRING'], run: (a) => escapeHtml(text(a, 'P_STRING'), true) },
  'APEX_ESCAPE.NOOP': { params: ['P_STRING'], run: (a) => text(a, 'P_STRING') },
  'APEX_ESCAPE.JS_LITERAL': { params: ['P_STRING', 'P_QUOTE'], run: (a) => {
    const q = a.values.has('P_QUOTE') ? (text(a, 'P_QUOTE') ?? '') : "'"
    const s = (text(a, 'P_STRING') ?? '').replace(/[\\'"\n\r<>&]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    return q + s + q
  } },
  // APEX_APPLICATION.DO_SUBSTITUTIONS: &ITEM. references replaced by session state.
  'APEX_APPLICATION.DO_SUBSTITUTIONS': { params: ['P_STRING', 'P_ESCAPE'], run: (a, c) => {
    const s = text(a, 'P_STRING')
    if (s === null) return null
    const out = s.replace(/&("[^"]+"|[A-Za-z][\w$#]*)\./g, (m, name: string) => {
      const n = name.startsWith('"') ? name.slice(1, -1) : name.toUpperCase()
      const v = c.host.item(n)
      return v === undefined ? m : (v ?? '')
    })
    return out === '' ? null : out
  } },
  // HTP: the text goes to the engine's page output; without one the call is a clear runtime error.
  ...Object.fromEntries(['P', 'PRN', 'PRINT'].map((m) => [
    `HTP.${m}`,
    { params: ['CBUF'], run: (a: ApiArgs, c: ApiContext) => {
      if (!c.host.apex.print) throw new PlsqlError('ORA-20987: HTP output is not simulated here (the engine gives no page output for this component)', 20987)
      c.host.apex.print(text(a, 'CBUF') ?? '', m !== 'PRN')
      return null
    } },
  ])),
  // DBMS_UTILITY: the handled error's text
  'DBMS_UTILITY.FORMAT_ERROR_STACK': { params: [], run: (_a, c) => { const e = c.currentError(); return e ? e.message + '\n' : null } },
  'DBMS_UTILITY.FORMAT_ERROR_BACKTRACE': { params: [], run: (_a, c) => { const e = c.currentError(); return e ? `ORA-06512: at line ${e.line}\n` : null } },
  'DBMS_UTILITY.FORMAT_CALL_STACK': { params: [], run: () => null },
}

function escapeHtml(s: string | null, attribute: boolean): string | null {
  if (s === null) return null
  const map: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '/': '&#x2F;' }
  return s.replace(attribute ? /[&<>"'/]/g : /[&<>"']/g, (ch) => map[ch] ?? ch)
}

function login(a: ApiArgs, c: ApiContext): Value {
  const user = required(a, 'P_USERNAME', 'LOGIN')
  const upper = text(a, 'P_UPPERCASE_USERNAME') !== 'N' && a.values.get('P_UPPERCASE_USERNAME') !== false
  if (!c.host.apex.login) throw new PlsqlError('ORA-20987: APEX_AUTHENTICATION.LOGIN: this engine does not simulate logging in from PL/SQL', 20987)
  c.host.apex.login(upper ? user.toUpperCase() : user, text(a, 'P_PASSWORD'))
  return null
}

function langMessage(a: ApiArgs, c: ApiContext): Value {
  const name = required(a, 'P_NAME', 'MESSAGE')
  const params = P(10, 'P').map((p) => text(a, p) ?? '')
  return c.host.apex.message(name.toUpperCase(), params) ?? name
}

const ERROR_LOCATIONS: Record<string, string> = {
  C_INLINE_IN_NOTIFICATION: 'INLINE_IN_NOTIFICATION',
  C_INLINE_WITH_FIELD: 'INLINE_WITH_FIELD',
  C_INLINE_WITH_FIELD_AND_NOTIF: 'INLINE_WITH_FIELD_AND_NOTIFICATION',
  C_ON_ERROR_PAGE: 'ON_ERROR_PAGE',
}

/** A package member read without arguments: APEX_APPLICATION.G_*, APEX_ERROR.C_*, constants. */
export function apiGlobal(pkg: string, member: string, ctx: ApiContext): Value {
  const entry = API_SIGNATURES[`${pkg}.${member}`]
  if (entry) return entry.run({ values: new Map(), out: new Map() }, ctx)
  const apex = ctx.host.apex
  if (pkg === 'APEX_APPLICATION') {
    switch (member) {
      case 'G_USER':
        return apex.user
      case 'G_FLOW_ID':
        return apex.appId
      case 'G_FLOW_STEP_ID':
        return apex.pageId
      case 'G_REQUEST':
        return apex.request
      case 'G_INSTANCE':
        return apex.session
      case 'G_DEBUG':
        return ctx.item('DEBUG') === 'YES'
      case 'G_PRINTER_FRIENDLY':
        return false
      case 'G_NOTIFICATION':
        return null
    }
    if (/^G_F\d\d$/.test(member)) {
      // G_F01… are arrays in APEX: the host gives one value per row, colon-separated.
      const v = apex.g[member] ?? null
      return split(v, ':', null)
    }
    if (/^G_X\d\d$/.test(member)) return apex.g[member] ?? null
  }
  if (pkg === 'APEX_ERROR' && ERROR_LOCATIONS[member]) return ERROR_LOCATIONS[member] as string
  if (pkg === 'APEX_DEBUG' && member.startsWith('C_LOG_LEVEL_')) return { C_LOG_LEVEL_ERROR: 1, C_LOG_LEVEL_WARN: 2, C_LOG_LEVEL_INFO: 4 }[member] ?? 4
  if (pkg === 'DBMS_LOB') return { CALL: 12, SESSION: 10, LOBMAXSIZE: 18446744073709552000 }[member] ?? null
  throw new PlsqlError(`PLS-00302: component '${member}' must be declared in ${pkg}`, 302)
}

export function apiCall(pkg: string, member: string, args: ApiArgs, ctx: ApiContext): Value {
  const entry = API_SIGNATURES[`${pkg}.${member}`]
  if (!entry) return apiGlobal(pkg, member, ctx)
  return entry.run(args, ctx)
}
