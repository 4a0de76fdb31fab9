/**
 * Page items and application items: storage, source ("used"), default and
 * protection (reference §4, §12.2).
 *
 * Exports leave out arguments equal to the import API's default, so absence
 * has a meaning: no `p_is_persistent` is Per Session, no
 * `p_use_cache_before_default` is "only when null", no `p_source_type` is
 * "no source".
 */
import type { AppItem, ChecksumScope, CodeRun, NotSimulated, PageItem } from '../engine/model/app-definition.js'
import type { ExportCall } from './export-call.js'
import { argCode, argText } from './export-call.js'
import { itemRef } from './expression-text.js'
import type { MapContext } from './map-context.js'
import { excludedBy } from './map-context.js'
import { languageOf, mapConditionExpression, buildCondition } from './condition-mapper.js'
import { translateExpression } from './plsql-translator.js'
import { staticTextToExpression } from './substitution-text.js'
import { codeRecord, expressionRun } from './code-record.js'
import { itemProtectionOf } from './session-security-mapper.js'

type Storage = NonNullable<PageItem['storage']>

/**
 * `p_is_persistent`: N = Per Request, U = Per User, Y or absent = Per Session.
 * Application items may also say `A`, which Oracle does not document
 * (reference §4.1); it is read as Per Session and noted.
 */
export function storageOf(code: string | undefined): { storage: Storage; note?: string } {
  switch (code) {
    case undefined:
    case 'Y':
      return { storage: 'session' }
    case 'N':
      return { storage: 'request' }
    case 'U':
      return { storage: 'user' }
    default:
      return { storage: 'session', note: `storage code ${code} is not documented; treated as Per Session` }
  }
}

/**
 * Session State Protection of an item: I is enforced by the engine; the
 * checksum levels B, P, S are mapped to `checksumRequired` (issue #16),
 * which the engine enforces for URLs a browser types (session-security-mapper.ts).
 */
export function protectionOf(code: string | undefined): { protection: 'N' | 'I'; checksumRequired?: ChecksumScope; note?: string } {
  return itemProtectionOf(code)
}

/** What a value field (source or default) maps to. */
type ValueMapping = { expression?: string; notSimulated?: NotSimulated }

const SOURCE_KINDS: Record<string, string> = {
  QUERY: 'SQL query source',
  QUERY_COLON: 'SQL query source (colon-delimited)',
  SQL_QUERY: 'SQL query source',
  FUNCTION_BODY: 'PL/SQL function body source',
  PLSQL_FUNCTION_BODY: 'PL/SQL function body source',
  DB_COLUMN: 'database column source',
  REGION_SOURCE_COLUMN: 'region source column',
  PREFERENCE: 'user preference source',
  FACET_COLUMN: 'facet column source',
}

const SOURCE_RUNS: Record<string, CodeRun> = {
  QUERY: 'sqlQuery',
  SQL_QUERY: 'sqlQuery',
  QUERY_COLON: 'sqlColonList',
  FUNCTION_BODY: 'plsqlFunctionBody',
  PLSQL_FUNCTION_BODY: 'plsqlFunctionBody',
  DB_COLUMN: 'formColumn',
  REGION_SOURCE_COLUMN: 'formColumn',
  // A facet's value is session state the user sets (database.md §4): nothing to run at render.
  FACET_COLUMN: 'formColumn',
}

const DEFAULT_RUNS: Record<string, CodeRun> = {
  SQL_QUERY: 'sqlQuery',
  SQL_QUERY_COLON: 'sqlColonList',
  FUNCTION_BODY: 'plsqlFunctionBody',
  PLSQL_FUNCTION_BODY: 'plsqlFunctionBody',
  SEQUENCE: 'sqlSequence',
}

/** A code record when the type has a way to run, else the plain not-simulated record. */
function codeOrNot(kind: string, text: string, type: string, run: CodeRun | undefined): NotSimulated {
  return run !== undefined ? codeRecord(kind, text, type, run) : { kind, text }
}

const DEFAULT_KINDS: Record<string, string> = {
  SQL_QUERY: 'SQL query default',
  SQL_QUERY_COLON: 'SQL query default (colon-delimited)',
  FUNCTION_BODY: 'PL/SQL function body default',
  PLSQL_FUNCTION_BODY: 'PL/SQL function body default',
  SEQUENCE: 'sequence default (applied by the form process)',
}

function mapSource(call: ExportCall, context: MapContext): ValueMapping {
  const type = argCode(call, 'p_source_type') ?? 'ALWAYS_NULL'
  const text = argText(call, 'p_source')
  switch (type) {
    case 'ALWAYS_NULL':
      return {}
    case 'STATIC': {
      const expression = staticTextToExpression(text, context.substitutions)
      return expression === undefined ? {} : { expression }
    }
    case 'ITEM':
      return text === undefined || text.trim() === '' ? {} : { expression: itemRef(text.replace(/^\s*:/, '')) }
    case 'EXPRESSION':
    case 'PLSQL_EXPRESSION':
    case 'SQL_EXPRESSION':
      return translated(text, type === 'EXPRESSION' ? languageOf(argText(call, 'p_source_language')) : type.startsWith('SQL') ? 'SQL' : 'PL/SQL', 'source', type, context)
    default:
      return { notSimulated: codeOrNot(SOURCE_KINDS[type] ?? `${type} source`, text ?? '', type, SOURCE_RUNS[type]) }
  }
}

function mapDefault(call: ExportCall, context: MapContext): ValueMapping {
  const text = argText(call, 'p_item_default')
  if (text === undefined || text === '') return {}
  const type = argCode(call, 'p_item_default_type') ?? 'STATIC_TEXT_WITH_SUBSTITUTIONS'
  switch (type) {
    case 'STATIC_TEXT_WITH_SUBSTITUTIONS':
    case 'STATIC':
    case 'STATIC_TEXT': {
      const expression = staticTextToExpression(text, context.substitutions)
      return expression === undefined ? {} : { expression }
    }
    case 'ITEM':
      return { expression: itemRef(text.replace(/^\s*:/, '')) }
    case 'EXPRESSION':
    case 'PLSQL_EXPRESSION':
    case 'SQL_EXPRESSION':
      return translated(text, type === 'EXPRESSION' ? languageOf(argText(call, 'p_item_default_language')) : type.startsWith('SQL') ? 'SQL' : 'PL/SQL', 'default', type, context)
    default:
      return { notSimulated: codeOrNot(DEFAULT_KINDS[type] ?? `${type} default`, text, type, DEFAULT_RUNS[type]) }
  }
}

function translated(text: string | undefined, language: string, role: string, type: string, context: MapContext): ValueMapping {
  if (text === undefined || text.trim() === '') return {}
  const expression = translateExpression(text, context)
  return expression !== undefined ? { expression } : { notSimulated: codeRecord(`${language} expression ${role}`, text, type, expressionRun(language)) }
}

export function mapPageItem(call: ExportCall, context: MapContext): PageItem {
  const name = (argText(call, 'p_name') ?? '').trim()
  const { storage, note: storageNote } = storageOf(argCode(call, 'p_is_persistent'))
  const { protection, checksumRequired, note: protectionNote } = protectionOf(argCode(call, 'p_protection_level'))
  const item: PageItem & Record<string, unknown> = {
    name,
    storage,
    sourceUsed: argCode(call, 'p_use_cache_before_default') === 'NO' ? 'always' : 'onlyWhenNull',
    protection,
  }
  if (checksumRequired !== undefined) item.checksumRequired = checksumRequired
  const source = mapSource(call, context)
  const fallback = mapDefault(call, context)
  if (source.expression !== undefined) item.source = source.expression
  if (fallback.expression !== undefined) item.default = fallback.expression
  const label = argText(call, 'p_prompt')
  if (label !== undefined && label !== '') item.label = label
  // One item may hold several things we cannot run (source, default, post-computation):
  // the first is the item's `notSimulated`, the others follow in `moreNotSimulated`.
  const parts: NotSimulated[] = []
  // `role` tells the engine which value a record stands for (docs/trace-format.md).
  if (source.notSimulated !== undefined) parts.push({ ...source.notSimulated, role: 'source' })
  if (fallback.notSimulated !== undefined) parts.push({ ...fallback.notSimulated, role: 'default' })
  const post = argText(call, 'p_source_post_computation')
  if (post !== undefined && post.trim() !== '') parts.push({ ...codeRecord('post calculation computation', post, 'POST_COMPUTATION', 'plsqlExpression'), role: 'postComputation' })
  if (parts[0] !== undefined) item.notSimulated = parts[0]
  if (parts.length > 1) item.moreNotSimulated = parts.slice(1)
  const displayAs = argText(call, 'p_display_as')
  if (displayAs !== undefined) item.displayAs = displayAs
  const display = buildCondition(
    undefined,
    mapConditionExpression(
      { type: argText(call, 'p_display_when_type'), expr1: argText(call, 'p_display_when'), expr2: argText(call, 'p_display_when2') },
      context,
    ),
  )
  if (display !== undefined) item.displayWhen = display
  if (storageNote !== undefined) item.storageNote = storageNote
  if (protectionNote !== undefined) item.protectionNote = protectionNote
  const excluded = excludedBy(call, context)
  if (excluded !== undefined) item.excludedByBuildOption = excluded
  if (name === '') context.problems.push({ file: call.file, line: call.line, message: 'page item without a name' })
  return item
}

export function mapAppItem(call: ExportCall, context: MapContext): AppItem {
  const name = (argText(call, 'p_name') ?? '').trim()
  const { storage, note: storageNote } = storageOf(argCode(call, 'p_is_persistent'))
  const { protection, checksumRequired, note: protectionNote } = protectionOf(argCode(call, 'p_protection_level'))
  const item: AppItem & Record<string, unknown> = {
    name,
    scope: argCode(call, 'p_scope') === 'GLOBAL' ? 'GLOBAL' : 'APP',
    storage,
    protection,
  }
  if (checksumRequired !== undefined) item.checksumRequired = checksumRequired
  if (storageNote !== undefined) item.storageNote = storageNote
  if (protectionNote !== undefined) item.protectionNote = protectionNote
  const excluded = excludedBy(call, context)
  if (excluded !== undefined) item.excludedByBuildOption = excluded
  if (name === '') context.problems.push({ file: call.file, line: call.line, message: 'application item without a name' })
  return item
}
