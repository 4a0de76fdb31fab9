/**
 * Page branches (reference §5.2, §12.3). Redirect branches keep their f?p
 * target as written, substitutions and all (`&APP_ID.`, `&P11_ID.`): the
 * engine expands them when the branch fires, and the clear-cache and item
 * parts of the URL are the branch's session-state effect.
 */
import type { Branch } from '../engine/model/app-definition.js'
import { buildCondition, mapConditionExpression } from './condition-mapper.js'
import type { ExportCall } from './export-call.js'
import { argCode, argText } from './export-call.js'
import { branchPoint } from './execution-points.js'
import type { MapContext } from './map-context.js'
import { applyBuildOption, buttonName } from './map-context.js'

/** `f?p=&APP_ID.:<page>:&SESSION.` for "branch to page" types. */
function pageTarget(page: string): string {
  return `f?p=&APP_ID.:${page}:&SESSION.`
}

const FUNCTION_BRANCHES: Record<string, { kind: string; type: 'redirect' | 'show' }> = {
  BRANCH_TO_FUNCTION_RETURNING_URL: { kind: 'PL/SQL function returning a URL branch', type: 'redirect' },
  BRANCH_TO_FUNCTION_RETURNING_PAGE: { kind: 'PL/SQL function returning a page branch', type: 'show' },
  PLSQL: { kind: 'PL/SQL procedure branch', type: 'redirect' },
}

/** A branch at a point the engine does not know is kept, as not simulated (and reported). */
export function mapBranch(call: ExportCall, context: MapContext): Branch {
  const pointCode = argCode(call, 'p_branch_point') ?? 'AFTER_PROCESSING'
  const point = branchPoint(pointCode)
  if (point === undefined) {
    context.problems.push({ file: call.file, line: call.line, message: `branch point ${pointCode} is unknown; the branch is kept as not simulated` })
  }
  const action = (argText(call, 'p_branch_action') ?? '').trim()
  const type = argCode(call, 'p_branch_type') ?? (/^\d+$/.test(action) ? 'BRANCH_TO_STEP' : 'REDIRECT_URL')
  const branch: Branch & Record<string, unknown> = { point: point ?? 'afterProcessing', target: action }
  switch (type) {
    case 'REDIRECT_URL':
      branch.type = 'redirect'
      break
    case 'BRANCH_TO_STEP':
    case 'BRANCH_TO_PAGE_ACCEPT':
      // "Branch to Page" renders the target in the same request (show-only): Per Request
      // values stay visible there. A page number or alias; older exports may give a URL.
      branch.type = 'show'
      branch.target = action.includes('?') || action.includes(':') ? action : pageTarget(action)
      if (type === 'BRANCH_TO_PAGE_ACCEPT') branch.note = 'branch to page accept processing: simulated as a show-only branch'
      break
    case 'BRANCH_TO_PAGE_IDENT_BY_ITEM':
      branch.type = 'show'
      branch.target = pageTarget(`&${action.replace(/^[:&]|\.$/g, '').toUpperCase()}.`)
      break
    case 'BRANCH_TO_URL_IDENT_BY_ITEM':
      branch.type = 'redirect'
      branch.target = `&${action.replace(/^[:&]|\.$/g, '').toUpperCase()}.`
      break
    default: {
      const known = FUNCTION_BRANCHES[type]
      branch.type = known?.type ?? 'redirect'
      branch.target = ''
      branch.notSimulated = { kind: known?.kind ?? `${type} branch`, text: action }
    }
  }
  if (point === undefined && branch.notSimulated === undefined) {
    branch.notSimulated = { kind: `branch at point ${pointCode}`, text: action }
  }
  const name = argText(call, 'p_branch_name')
  if (name !== undefined && name !== '') branch.name = name
  const when = buildCondition(
    buttonName(call, 'p_branch_when_button_id', context),
    mapConditionExpression(
      { type: argText(call, 'p_branch_condition_type'), expr1: argText(call, 'p_branch_condition'), expr2: argText(call, 'p_branch_condition_text') },
      context,
    ),
  )
  if (when !== undefined) branch.when = when
  return applyBuildOption(branch, call, context)
}
