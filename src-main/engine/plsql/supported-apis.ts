/**
 * Which Oracle-supplied and APEX package members the interpreter runs. The
 * parser checks every `PACKAGE.MEMBER` call against this table when a unit is
 * compiled: a member of a listed package that is not listed, or any member of
 * a system package that is not listed at all, makes the unit "not simulated"
 * (decided at load, docs/plsql.md). Names are upper-cased.
 */
export const SUPPORTED_PACKAGE_MEMBERS: Record<string, readonly string[]> = {
  APEX_UTIL: [
    'SET_SESSION_STATE', 'GET_SESSION_STATE', 'CLEAR_PAGE_CACHE', 'CLEAR_APP_CACHE', 'CLEAR_USER_CACHE',
    'STRING_TO_TABLE', 'TABLE_TO_STRING', 'GET_NUMERIC_SESSION_STATE', 'PREPARE_URL', 'URL_ENCODE',
    'SET_SESSION_TIME_ZONE', 'GET_SESSION_TIME_ZONE', 'GET_SINCE',
  ],
  APEX_PAGE: ['GET_URL'],
  APEX_APPLICATION: ['G_USER', 'G_FLOW_ID', 'G_FLOW_STEP_ID', 'G_REQUEST', 'G_INSTANCE', 'G_DEBUG', 'G_PRINTER_FRIENDLY',
    ...Array.from({ length: 20 }, (_, i) => `G_X${String(i + 1).padStart(2, '0')}`),
    ...Array.from({ length: 50 }, (_, i) => `G_F${String(i + 1).padStart(2, '0')}`),
    'G_NOTIFICATION', 'DO_SUBSTITUTIONS'],
  APEX_ERROR: ['ADD_ERROR', 'C_INLINE_IN_NOTIFICATION', 'C_INLINE_WITH_FIELD', 'C_INLINE_WITH_FIELD_AND_NOTIF', 'C_ON_ERROR_PAGE', 'HAVE_ERRORS_OCCURRED'],
  APEX_COLLECTION: [
    'CREATE_COLLECTION', 'CREATE_OR_TRUNCATE_COLLECTION', 'COLLECTION_EXISTS', 'ADD_MEMBER', 'UPDATE_MEMBER',
    'UPDATE_MEMBER_ATTRIBUTE', 'DELETE_MEMBER', 'DELETE_COLLECTION', 'TRUNCATE_COLLECTION', 'COLLECTION_MEMBER_COUNT',
    'MOVE_MEMBER_UP', 'MOVE_MEMBER_DOWN', 'RESEQUENCE_COLLECTION', 'CREATE_COLLECTION_FROM_QUERY', 'CREATE_COLLECTION_FROM_QUERY_B',
    'CREATE_COLLECTION_FROM_QUERY2', 'CREATE_COLLECTION_FROM_QUERY_B2', 'DELETE_ALL_COLLECTIONS',
  ],
  APEX_DEBUG: ['MESSAGE', 'ERROR', 'WARN', 'INFO', 'TRACE', 'ENTER', 'LOG_MESSAGE', 'ENABLE', 'DISABLE', 'LOG_LONG_MESSAGE', 'C_LOG_LEVEL_INFO', 'C_LOG_LEVEL_WARN', 'C_LOG_LEVEL_ERROR'],
  APEX_STRING: ['SPLIT', 'JOIN', 'FORMAT', 'SPLIT_NUMBERS', 'GET_INITIALS'],
  APEX_LANG: ['MESSAGE', 'LANG'],
  HTMLDB_LANG: ['MESSAGE'],
  APEX_ACL: ['HAS_USER_ROLE', 'HAS_USER_ANY_ROLES'],
  DBMS_OUTPUT: ['PUT_LINE', 'PUT', 'NEW_LINE', 'ENABLE', 'DISABLE'],
  DBMS_LOB: ['GETLENGTH', 'SUBSTR', 'INSTR', 'CREATETEMPORARY', 'FREETEMPORARY', 'APPEND', 'WRITEAPPEND', 'OPEN', 'CLOSE', 'CALL', 'SESSION', 'LOBMAXSIZE', 'LOB_READONLY', 'LOB_READWRITE'],
  // The export API's own constant used by install code.
  WWV_FLOW_API: ['EMPTY_VARCHAR2_TABLE'],
  DBMS_UTILITY: ['FORMAT_ERROR_STACK', 'FORMAT_ERROR_BACKTRACE', 'FORMAT_CALL_STACK'],
  SYS: ['SYS_GUID'],
  // Login pages: the cookie is not simulated (no browser), LOGIN goes to the engine when it offers it.
  APEX_AUTHENTICATION: ['LOGIN', 'POST_LOGIN', 'SEND_LOGIN_USERNAME_COOKIE', 'GET_LOGIN_USERNAME_COOKIE', 'IS_PUBLIC_USER', 'IS_AUTHENTICATED'],
  // Page output of PL/SQL dynamic-content regions and Ajax callbacks, handed to the engine (host.apex.print).
  HTP: ['P', 'PRN', 'PRINT'],
  APEX_ESCAPE: ['HTML', 'HTML_ATTRIBUTE', 'JS_LITERAL', 'NOOP'],
  // Theme styles only change how pages look: accepted as no-ops (recorded as debug messages).
  APEX_THEME: ['SET_CURRENT_STYLE', 'ENABLE_USER_STYLE', 'DISABLE_USER_STYLE', 'SET_USER_STYLE', 'CLEAR_USER_STYLE', 'CLEAR_ALL_USERS_STYLE'],
  // XMLType's subset (plsql/xmltype.ts): member functions in their static form, and a query's rows as XML.
  XMLTYPE: ['CREATEXML', 'EXTRACT', 'EXISTSNODE', 'GETSTRINGVAL', 'GETCLOBVAL', 'GETNUMBERVAL'],
  DBMS_XMLGEN: ['GETXML'],
}

/**
 * Older names of the same packages (APEX keeps them as synonyms): WWV_FLOW is
 * APEX_APPLICATION, HTMLDB_* and WWV_FLOW_* the APEX_* packages.
 */
export const PACKAGE_SYNONYMS: Record<string, string> = {
  WWV_FLOW: 'APEX_APPLICATION',
  HTMLDB_APPLICATION: 'APEX_APPLICATION',
  WWV_FLOW_COLLECTION: 'APEX_COLLECTION',
  HTMLDB_COLLECTION: 'APEX_COLLECTION',
  WWV_FLOW_UTILITIES: 'APEX_UTIL',
  HTMLDB_UTIL: 'APEX_UTIL',
  WWV_FLOW_ERROR: 'APEX_ERROR',
  WWV_FLOW_LANG: 'APEX_LANG',
  WWV_FLOW_DEBUG: 'APEX_DEBUG',
}

/** The package's current name (synonyms resolved). */
export function canonicalPackage(name: string): string {
  return PACKAGE_SYNONYMS[name] ?? name
}

/** Is this a package of the simulated system API (under any of its names)? */
export function isSystemPackage(name: string): boolean {
  return SUPPORTED_PACKAGE_MEMBERS[canonicalPackage(name)] !== undefined
}

/** Package-name prefixes of Oracle/APEX-supplied code: a package with such a name that is not in the table is not simulated. */
const SYSTEM_PREFIXES = ['APEX_', 'WWV_', 'HTMLDB_', 'DBMS_', 'UTL_', 'OWA', 'HTP', 'HTF', 'CTX_', 'SDO_', 'ORDS_']

/** Why `pkg.member` cannot run, or null when it can or is not a system package (user packages are resolved at run time). */
export function unsupportedSystemCall(pkgName: string, member: string): string | null {
  const pkg = canonicalPackage(pkgName)
  const members = SUPPORTED_PACKAGE_MEMBERS[pkg]
  if (members) return members.includes(member) ? null : `${pkg}.${member} is not in the simulated APEX/Oracle API subset`
  if (pkg === 'APEX_APPLICATION_GLOBAL') return null // types only (VC_ARR2 ...)
  if (SYSTEM_PREFIXES.some((p) => pkg.startsWith(p))) return `the package ${pkg} is not simulated`
  return null
}
