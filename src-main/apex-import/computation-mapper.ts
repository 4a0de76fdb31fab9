/**
 * Page and application computations. Static values and item copies always
 * map; expressions map when the translator can state them; queries and
 * function bodies stay "not simulated" with their code.
 *
 * A computation needs a point the engine runs. Ones at points outside the page
 * flow (the error-page points of application computations) come back as
 * `unplaced` so the caller can keep them beside the flow.
 */
import type { CodeRun, Computation, NotSimulated } from '../engine/model/app-definition.js'
import { buildCondition, languageOf, mapConditionExpression } from './condition-mapper.js'
import type { ExportCall } from './export-call.js'
import { argCode, argText } from './export-call.js'
import { computationPoint } from './execution-points.js'
import { itemRef } from './expression-text.js'
import type { MapContext } from './map-context.js'
import { applyBuildOption } from './map-context.js'
import { translateExpression } from './plsql-translator.js'
import { staticTextToExpression } from './substitution-text.js'
import { codeRecord, expressionRun } from './code-record.js'

/**
 * The placeholder expression of a not-simulated computation: the empty string
 * literal, which is null. The engine must not run it (it has `notSimulated`);
 * it is there because the model requires an expression.
 */
export const NOT_SIMULATED_VALUE = "''"

const CODE_KINDS: Record<string, string> = {
  QUERY: 'SQL query computation',
  QUERY_COLON: 'SQL query computation (colon-delimited)',
  FUNCTION_BODY: 'PL/SQL function body computation',
  PLSQL_FUNCTION_BODY: 'PL/SQL function body computation',
  SET_ITEM_EQUAL_THIS_PREFERENCE: 'user preference computation',
}

const CODE_RUNS: Record<string, CodeRun> = {
  QUERY: 'sqlQuery',
  QUERY_COLON: 'sqlColonList',
  FUNCTION_BODY: 'plsqlFunctionBody',
  PLSQL_FUNCTION_BODY: 'plsqlFunctionBody',
}

export type MappedComputation = { placed: true; computation: Computation } | { placed: false; entry: Record<string, unknown> }

export function mapComputation(call: ExportCall, context: MapContext, defaultPoint: string): MappedComputation | undefined {
  const item = (argText(call, 'p_computation_item') ?? '').trim()
  if (item === '') {
    context.problems.push({ file: call.file, line: call.line, message: 'computation without an item; skipped' })
    return undefined
  }
  const pointCode = argCode(call, 'p_computation_point') ?? defaultPoint
  const type = argCode(call, 'p_computation_type') ?? 'SQL_EXPRESSION'
  const text = argText(call, 'p_computation') ?? ''
  let expression: string | undefined
  let notSimulated: NotSimulated | undefined
  switch (type) {
    case 'STATIC_ASSIGNMENT':
      expression = staticTextToExpression(text, context.substitutions) ?? NOT_SIMULATED_VALUE
      break
    case 'ITEM_VALUE':
      if (text.trim() !== '') expression = itemRef(text.replace(/^\s*[:&]|\.\s*$/g, ''))
      else notSimulated = { kind: 'item value computation without an item', text }
      break
    case 'EXPRESSION':
    case 'SQL_EXPRESSION':
    case 'PLSQL_EXPRESSION': {
      const language = type === 'EXPRESSION' ? languageOf(argText(call, 'p_computation_language')) : type === 'SQL_EXPRESSION' ? 'SQL' : 'PL/SQL'
      expression = translateExpression(text, context)
      if (expression === undefined) notSimulated = codeRecord(`${language} expression computation`, text, type, expressionRun(language))
      break
    }
    default: {
      const kind = CODE_KINDS[type] ?? `${type} computation`
      const run = CODE_RUNS[type]
      notSimulated = run !== undefined ? codeRecord(kind, text, type, run) : { kind, text }
    }
  }
  const computation: Computation & Record<string, unknown> = {
    point: computationPoint(pointCode) ?? 'afterSubmit',
    item: item.toUpperCase(),
    expression: expression ?? NOT_SIMULATED_VALUE,
  }
  if (notSimulated !== undefined) computation.notSimulated = notSimulated
  // "Replace existing value" is the only mode current APEX offers; anything else is noted, not guessed.
  const processed = argCode(call, 'p_computation_processed')
  if (processed !== undefined && processed !== 'REPLACE_EXISTING') computation.note = `computation_processed ${processed} is not simulated`
  const when = buildCondition(
    undefined,
    mapConditionExpression(
      { type: argText(call, 'p_compute_when_type'), expr1: argText(call, 'p_compute_when'), expr2: argText(call, 'p_compute_when_text') },
      context,
    ),
  )
  if (when !== undefined) computation.when = when
  const result = applyBuildOption(computation, call, context)
  if (!context.knownItems.has(computation.item)) {
    // The engine refuses a computation of an unknown item; keep it beside the flow instead.
    context.problems.push({ file: call.file, line: call.line, message: `computation of ${computation.item}, which is not an item of this export; kept as not simulated` })
    const { point: _point, ...rest } = result
    return {
      placed: false,
      entry: { component: 'computation', apexPoint: pointCode, ...rest, notSimulated: { kind: 'computation of an item not in the export', text } },
    }
  }
  if (computationPoint(pointCode) === undefined) {
    const { point: _point, ...rest } = result
    return {
      placed: false,
      entry: {
        component: 'computation',
        apexPoint: pointCode,
        ...rest,
        notSimulated: notSimulated ?? { kind: `computation at point ${pointCode}`, text: text },
      },
    }
  }
  return { placed: true, computation: result }
}
