/**
 * Page buttons. A submit button's name becomes REQUEST when it is pressed,
 * which is what branch, process and validation conditions test.
 */
import type { Button } from '../engine/model/app-definition.js'
import { buildCondition, mapConditionExpression } from './condition-mapper.js'
import type { ExportCall } from './export-call.js'
import { argCode, argText } from './export-call.js'
import type { MapContext } from './map-context.js'
import { excludedBy } from './map-context.js'

/** Undefined for a button without a name (reported): the engine could never press it. */
export function mapButton(call: ExportCall, context: MapContext): Button | undefined {
  const name = (argText(call, 'p_button_name') ?? '').trim()
  if (name === '') {
    context.problems.push({ file: call.file, line: call.line, message: 'button without a name; skipped' })
    return undefined
  }
  const button: Button & Record<string, unknown> = { name }
  const label = argText(call, 'p_button_image_alt')
  if (label !== undefined && label !== '') button.label = label
  const action = argCode(call, 'p_button_action')
  if (action !== undefined) button.action = action
  const url = argText(call, 'p_button_redirect_url')
  if (url !== undefined && url !== '') button.url = url
  const display = buildCondition(
    undefined,
    mapConditionExpression(
      { type: argText(call, 'p_button_condition_type'), expr1: argText(call, 'p_button_condition'), expr2: argText(call, 'p_button_condition2') },
      context,
    ),
  )
  if (display !== undefined) button.displayWhen = display
  const excluded = excludedBy(call, context)
  if (excluded !== undefined) button.excludedByBuildOption = excluded
  return button
}
