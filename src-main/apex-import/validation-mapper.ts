/**
 * Page validations. The engine's validation is "an expression that must be
 * true"; declarative item checks that the expression language can state are
 * written as such, the rest (format checks, regular expressions, SQL, PL/SQL
 * bodies, tabular-form column checks) stay "not simulated" — the engine skips
 * those with a notice instead of failing the page.
 */
import type { CodeRun, NotSimulated, Validation } from '../engine/model/app-definition.js'
import { buildCondition, languageOf, mapConditionExpression } from './condition-mapper.js'
import type { ExportCall } from './export-call.js'
import { argCode, argId, argText, splitList } from './export-call.js'
import { inList, itemRef, quoteLiteral } from './expression-text.js'
import type { MapContext } from './map-context.js'
import { applyBuildOption, buttonName } from './map-context.js'
import { translateExpression } from './plsql-translator.js'
import { codeRecord, expressionRun } from './code-record.js'
import type { GridValidation } from '../engine/logic/grid-validations.js'
import { GRID_CHECKS } from '../engine/logic/grid-validations.js'

/** Placeholder of a not-simulated validation: always passes, never run (it has `notSimulated`). */
export const NOT_SIMULATED_CHECK = '1 = 1'

const KINDS: Record<string, string> = {
  ITEM_IS_NUMERIC: 'numeric check validation',
  ITEM_IS_ALPHANUMERIC: 'alphanumeric check validation',
  ITEM_IS_DATE: 'date check validation',
  ITEM_IS_TIMESTAMP: 'timestamp check validation',
  ITEM_CONTAINS_NO_SPACES: 'no-spaces check validation',
  ITEM_CONTAINS_AT_LEAST_ONE_CHAR_IN_STRING2: 'character check validation',
  ITEM_CONTAINS_ONLY_CHAR_IN_STRING2: 'character check validation',
  ITEM_CONTAINS_NO_CHAR_IN_STRING2: 'character check validation',
  REGULAR_EXPRESSION: 'regular expression validation',
  EXISTS: 'SQL "rows returned" validation',
  NOT_EXISTS: 'SQL "no rows returned" validation',
  SQL_EXPRESSION: 'SQL expression validation',
  FUNC_BODY_RETURNING_BOOLEAN: 'PL/SQL function body validation',
  FUNC_BODY_RETURNING_ERR_TEXT: 'PL/SQL function body (error text) validation',
  PLSQL_ERROR: 'PL/SQL error validation',
}

/** How each code validation type runs; true/non-null means "passes" as APEX reads it. */
const VALIDATION_RUNS: Record<string, CodeRun> = {
  EXISTS: 'sqlExists',
  NOT_EXISTS: 'sqlNotExists',
  SQL_EXPRESSION: 'sqlExpression',
  FUNC_BODY_RETURNING_BOOLEAN: 'plsqlFunctionBody',
  FUNC_BODY_RETURNING_ERR_TEXT: 'plsqlErrorText',
  PLSQL_ERROR: 'plsqlError',
}

/** Types whose first field is code rather than an item name. */
const CODE_TYPES = new Set(['EXISTS', 'NOT_EXISTS', 'SQL_EXPRESSION', 'FUNC_BODY_RETURNING_BOOLEAN', 'FUNC_BODY_RETURNING_ERR_TEXT', 'PLSQL_ERROR'])

export function mapValidation(call: ExportCall, context: MapContext): Validation {
  const type = argCode(call, 'p_validation_type') ?? ''
  const text = argText(call, 'p_validation') ?? ''
  const text2 = argText(call, 'p_validation2') ?? ''
  const subject = text.trim()
  const isName = /^[A-Za-z0-9_$#]+$/.test(subject)
  const ref = (): string => itemRef(subject)
  let expression: string | undefined
  let notSimulated: NotSimulated | undefined

  const gridRegionId = argId(call, 'p_tabular_form_region_id')
  let grid: GridValidation | undefined
  if (gridRegionId !== undefined) {
    // A grid / tabular form validation runs once per submitted row, the row's columns as binds (engine/logic/grid-validations.ts).
    grid = gridValidationOf(call, gridRegionId, context)
    if (GRID_CHECKS.has(type) && isName) grid.check = { type, column: subject.toUpperCase(), ...(text2 !== '' ? { pattern: text2 } : {}) }
    else if (type === 'EXPRESSION' || type === 'PLSQL_EXPRESSION' || type === 'SQL_EXPRESSION_BOOLEAN') {
      const language = type === 'EXPRESSION' ? languageOf(text2) : type === 'PLSQL_EXPRESSION' ? 'PL/SQL' : 'SQL'
      notSimulated = codeRecord(`${language} expression validation`, text, type, expressionRun(language))
    } else if (VALIDATION_RUNS[type] !== undefined) notSimulated = codeRecord(KINDS[type] ?? `${type} validation`, text, type, VALIDATION_RUNS[type])
    else notSimulated = { kind: 'tabular form column validation', text: `${type}: ${text}${text2 ? ` ${text2}` : ''}` }
  } else {
    switch (type) {
      case 'ITEM_NOT_NULL':
        if (isName) expression = `${ref()} IS NOT NULL`
        break
      case 'ITEM_NOT_NULL_OR_ZERO':
        if (isName) expression = `${ref()} IS NOT NULL AND ${ref()} != '0'`
        break
      case 'ITEM_NOT_ZERO':
        if (isName) expression = `(${ref()} IS NULL OR ${ref()} != '0')`
        break
      case 'ITEM_IN_VALIDATION_EQ_STRING2':
        if (isName) expression = `${ref()} = ${quoteLiteral(text2)}`
        break
      case 'ITEM_IN_VALIDATION_NOT_EQ_STRING2':
        if (isName) expression = `(${ref()} IS NULL OR ${ref()} != ${quoteLiteral(text2)})`
        break
      case 'ITEM_IN_VALIDATION_IN_STRING2':
        if (isName && splitList(text2, /:/).length > 0) expression = inList(ref(), splitList(text2, /:/))
        break
      case 'ITEM_IN_VALIDATION_NOT_IN_STRING2':
        if (isName && splitList(text2, /:/).length > 0) expression = `(${ref()} IS NULL OR ${inList(ref(), splitList(text2, /:/), true)})`
        break
      case 'EXPRESSION':
      case 'PLSQL_EXPRESSION':
      case 'SQL_EXPRESSION_BOOLEAN':
        expression = translateExpression(text, context)
        if (expression === undefined) {
          const language = type === 'EXPRESSION' ? languageOf(text2) : type === 'PLSQL_EXPRESSION' ? 'PL/SQL' : 'SQL'
          notSimulated = codeRecord(`${language} expression validation`, text, type, expressionRun(language))
        }
        break
      default:
        break
    }
    if (expression === undefined && notSimulated === undefined) {
      const code = CODE_TYPES.has(type) || type === 'REGULAR_EXPRESSION' ? text : undefined
      notSimulated = {
        kind: KINDS[type] ?? (type === '' ? 'validation without a type' : `${type} validation`),
        text: code ?? [type, text, text2].filter((p) => p !== '').join(': '),
      }
      if (type === 'REGULAR_EXPRESSION') notSimulated.pattern = text2
      const run = VALIDATION_RUNS[type]
      if (run !== undefined) notSimulated = codeRecord(notSimulated.kind, notSimulated.text, type, run)
    }
  }

  const validation: Validation & { grid?: GridValidation } & Record<string, unknown> = {
    name: argText(call, 'p_validation_name') ?? '',
    expression: expression ?? NOT_SIMULATED_CHECK,
    message: argText(call, 'p_error_message') ?? '',
  }
  const itemId = argId(call, 'p_associated_item')
  const item = itemId !== undefined ? context.itemNames.get(itemId) : undefined
  if (item !== undefined) validation.item = item
  // A grid validation's subject is a column of the grid's rows, not a page item.
  else if (isName && type.startsWith('ITEM_') && grid === undefined) validation.item = subject.toUpperCase()
  if (itemId !== undefined && item === undefined) {
    context.problems.push({ file: call.file, line: call.line, message: `p_associated_item names item id ${itemId}, which is not in the export` })
  }
  if (notSimulated !== undefined) validation.notSimulated = notSimulated
  if (grid !== undefined) validation.grid = grid
  const when = buildCondition(
    buttonName(call, 'p_when_button_pressed', context),
    mapConditionExpression(
      {
        type: argText(call, 'p_validation_condition_type'),
        expr1: argText(call, 'p_validation_condition'),
        expr2: argText(call, 'p_validation_condition2'),
      },
      context,
    ),
  )
  if (when !== undefined) validation.when = when
  return applyBuildOption(validation, call, context)
}

/**
 * The grid a row validation belongs to, named as its rows are in a submit's
 * `grids` (as process-mapper.ts names a grid's DML: `R<region id>`, or the
 * region's name), with the column it reports on and that column's heading
 * (for `#COLUMN_HEADER#`).
 */
function gridValidationOf(call: ExportCall, regionId: string, context: MapContext): GridValidation {
  const region = context.page?.regions.byId.get(regionId)
  const column = argText(call, 'p_associated_column')?.trim().toUpperCase()
  const grid: GridValidation = { region: region?.id !== undefined ? `R${region.id}` : (region?.name ?? `R${regionId}`) }
  if (region?.name !== undefined) grid.regionName = region.name
  if (column !== undefined && column !== '') {
    grid.column = column
    const heading = (region?.headings as Record<string, string> | undefined)?.[column]
    if (heading !== undefined) grid.heading = heading
  }
  return grid
}
