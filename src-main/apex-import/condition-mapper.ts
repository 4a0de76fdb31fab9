/**
 * APEX server-side conditions (`p_process_when_type`, `p_branch_condition_type`,
 * …) as engine conditions. Declarative types become expressions; PL/SQL and
 * SQL are translated when simple, otherwise kept verbatim as "not simulated".
 */
import type { CodeRun, Condition, NotSimulated } from '../engine/model/app-definition.js'
import { NEVER_EXPRESSION, inList, itemRef, quoteLiteral } from './expression-text.js'
import { splitList } from './export-call.js'
import { codeRecord, expressionRun } from './code-record.js'
import type { TranslateContext } from './plsql-translator.js'
import { translateExpression } from './plsql-translator.js'

/** A condition as the export spells it: type plus its two expression fields. */
export interface RawCondition {
  type: string | undefined
  expr1: string | undefined
  expr2: string | undefined
}

export type ConditionResult = { expression: string } | { notSimulated: NotSimulated } | undefined

/**
 * Maps one condition. Undefined means "always" (no condition). Value
 * comparisons treat a null item as "not equal", as APEX's own NVL-guarded
 * checks do, so `!=` conditions are written `(:X IS NULL OR :X != 'v')`.
 */
export function mapConditionExpression(raw: RawCondition, context: TranslateContext): ConditionResult {
  const type = raw.type?.trim().toUpperCase()
  if (type === undefined || type === '' || type === 'ALWAYS') return undefined
  const e1 = raw.expr1 ?? ''
  const e2 = raw.expr2 ?? ''
  const item = (): string => itemRef(e1)
  const notEqual = (subject: string, value: string): string => `(${subject} IS NULL OR ${subject} != ${quoteLiteral(value)})`
  const notIn = (subject: string, values: string[]): string => `(${subject} IS NULL OR ${inList(subject, values, true)})`
  // Request and page lists are comma-separated in APEX; item-value lists are colon-separated.
  const commaList = (text: string): string[] => splitList(text, /,/)
  const colonList = (text: string): string[] => splitList(text, /:/)
  switch (type) {
    case 'NEVER':
      return { expression: NEVER_EXPRESSION }
    case 'ITEM_IS_NULL':
      return nameOk(e1) ? { expression: `${item()} IS NULL` } : unsupported(type, raw)
    case 'ITEM_IS_NOT_NULL':
      return nameOk(e1) ? { expression: `${item()} IS NOT NULL` } : unsupported(type, raw)
    case 'ITEM_IS_ZERO':
      return nameOk(e1) ? { expression: `${item()} = '0'` } : unsupported(type, raw)
    case 'ITEM_IS_NOT_ZERO':
      return nameOk(e1) ? { expression: notEqual(item(), '0') } : unsupported(type, raw)
    case 'ITEM_IS_NULL_OR_ZERO':
      return nameOk(e1) ? { expression: `(${item()} IS NULL OR ${item()} = '0')` } : unsupported(type, raw)
    case 'ITEM_NOT_NULL_OR_ZERO':
    case 'ITEM_IS_NOT_NULL_OR_ZERO':
      return nameOk(e1) ? { expression: `${item()} IS NOT NULL AND ${item()} != '0'` } : unsupported(type, raw)
    case 'VAL_OF_ITEM_IN_COND_EQ_COND2':
      return nameOk(e1) ? { expression: `${item()} = ${quoteLiteral(e2)}` } : unsupported(type, raw)
    case 'VAL_OF_ITEM_IN_COND_NOT_EQ_COND2':
      return nameOk(e1) ? { expression: notEqual(item(), e2) } : unsupported(type, raw)
    case 'VALUE_OF_ITEM_IN_CONDITION_IN_COLON_DELIMITED_LIST':
      return nameOk(e1) && colonList(e2).length > 0 ? { expression: inList(item(), colonList(e2)) } : unsupported(type, raw)
    case 'VALUE_OF_ITEM_IN_CONDITION_NOT_IN_COLON_DELIMITED_LIST':
      return nameOk(e1) && colonList(e2).length > 0 ? { expression: notIn(item(), colonList(e2)) } : unsupported(type, raw)
    case 'REQUEST_EQUALS_CONDITION':
      return { expression: `:REQUEST = ${quoteLiteral(e1)}` }
    case 'REQUEST_NOT_EQUAL_CONDITION':
      return { expression: notEqual(':REQUEST', e1) }
    case 'REQUEST_IN_CONDITION':
      return commaList(e1).length > 0 ? { expression: inList(':REQUEST', commaList(e1)) } : unsupported(type, raw)
    case 'REQUEST_NOT_IN_CONDITION':
      return commaList(e1).length > 0 ? { expression: notIn(':REQUEST', commaList(e1)) } : unsupported(type, raw)
    case 'CURRENT_PAGE_EQUALS_CONDITION':
      return { expression: `:APP_PAGE_ID = ${quoteLiteral(e1.trim())}` }
    case 'CURRENT_PAGE_NOT_EQUAL_CONDITION':
      return { expression: notEqual(':APP_PAGE_ID', e1.trim()) }
    case 'CURRENT_PAGE_IN_CONDITION':
      return commaList(e1).length > 0 ? { expression: inList(':APP_PAGE_ID', commaList(e1)) } : unsupported(type, raw)
    case 'CURRENT_PAGE_NOT_IN_CONDITION':
      return commaList(e1).length > 0 ? { expression: notIn(':APP_PAGE_ID', commaList(e1)) } : unsupported(type, raw)
    case 'USER_IS_PUBLIC_USER':
      return { expression: `:APP_USER = 'nobody'` }
    case 'USER_IS_NOT_PUBLIC_USER':
      return { expression: `:APP_USER != 'nobody'` }
    case 'EXPRESSION':
    case 'PLSQL_EXPRESSION':
    case 'SQL_EXPRESSION': {
      const language = type === 'EXPRESSION' ? languageOf(e2) : type === 'SQL_EXPRESSION' ? 'SQL' : 'PL/SQL'
      const expression = translateExpression(e1, context)
      return expression !== undefined ? { expression } : { notSimulated: codeRecord(`${language} expression condition`, e1, type, expressionRun(language)) }
    }
    default: {
      const kind = CONDITION_KINDS[type] ?? 'condition'
      const run = CONDITION_RUNS[type]
      return { notSimulated: run !== undefined ? codeRecord(kind, conditionText(type, raw), type, run) : { kind, text: conditionText(type, raw) } }
    }
  }
}

/** Labels for the condition types that always need the database. */
const CONDITION_KINDS: Record<string, string> = {
  EXISTS: 'SQL "rows returned" condition',
  NOT_EXISTS: 'SQL "no rows returned" condition',
  FUNCTION_BODY: 'PL/SQL function body condition',
  PLSQL_FUNCTION_BODY: 'PL/SQL function body condition',
  FUNC_BODY_RETURNING_BOOLEAN: 'PL/SQL function body condition',
  SQL_STATEMENT: 'SQL "rows returned" condition',
  DISPLAYING_INLINE_VALIDATION_ERRORS: 'inline validation errors condition',
  NOT_DISPLAYING_INLINE_VALIDATION_ERRORS: 'inline validation errors condition',
}

/** How the code of each code condition type runs (the rest is not run). */
const CONDITION_RUNS: Record<string, CodeRun> = {
  EXISTS: 'sqlExists',
  SQL_STATEMENT: 'sqlExists',
  NOT_EXISTS: 'sqlNotExists',
  FUNCTION_BODY: 'plsqlFunctionBody',
  PLSQL_FUNCTION_BODY: 'plsqlFunctionBody',
  FUNC_BODY_RETURNING_BOOLEAN: 'plsqlFunctionBody',
}

/** Language of an "Expression" condition (its second field names it; PL/SQL when absent). */
export function languageOf(text: string | undefined): string {
  return text?.trim().toUpperCase() === 'SQL' ? 'SQL' : 'PL/SQL'
}

/** Condition types whose expression 1 is code: the code itself is the text to keep. */
const CODE_TYPES = new Set(['EXISTS', 'NOT_EXISTS', 'FUNCTION_BODY', 'PLSQL_FUNCTION_BODY', 'FUNC_BODY_RETURNING_BOOLEAN', 'SQL_STATEMENT'])

function conditionText(type: string, raw: RawCondition): string {
  if (CODE_TYPES.has(type)) return raw.expr1 ?? ''
  return [type, raw.expr1, raw.expr2].filter((p) => p !== undefined && p !== '').join(': ')
}

function unsupported(type: string, raw: RawCondition): ConditionResult {
  return { notSimulated: { kind: 'condition', text: conditionText(type, raw) } }
}

/** Item-based types need an item name in expression 1. */
function nameOk(name: string): boolean {
  return /^\s*[A-Za-z0-9_$#]+\s*$/.test(name)
}

/** Builds the engine condition from a button (if any) and a mapped expression. */
export function buildCondition(button: string | undefined, result: ConditionResult): Condition | undefined {
  const condition: Condition = {}
  if (button !== undefined) condition.button = button
  if (result !== undefined && 'expression' in result) condition.expression = result.expression
  if (result !== undefined && 'notSimulated' in result) condition.notSimulated = result.notSimulated
  return Object.keys(condition).length === 0 ? undefined : condition
}
