/**
 * What every component mapper needs to know about the app around it: names
 * behind `id(…)` references, the app's substitution strings, and where to
 * report problems.
 */
import type { Condition } from '../engine/model/app-definition.js'
import type { ExportCall } from './export-call.js'
import { argId } from './export-call.js'
import { NEVER_EXPRESSION } from './expression-text.js'
import type { ImportProblem } from './import-types.js'
import type { TranslateContext } from './plsql-translator.js'
import type { SubstitutionStrings } from './substitution-text.js'
import type { PageRegions } from './region-mapper.js'

export interface MapContext extends TranslateContext {
  appId: number
  substitutions: SubstitutionStrings
  /** Button id → button name, over all pages (branches and processes refer to buttons by id). */
  buttonNames: ReadonlyMap<string, string>
  /** Page item id → item name (validations name their item by id). */
  itemNames: ReadonlyMap<string, string>
  /**
   * Upper-case names of every item the export defines (page and application
   * items). The engine refuses a definition that sets an unknown item, so a
   * component that would is kept as not simulated instead.
   */
  knownItems: ReadonlySet<string>
  /** Build option id → name, for options with status EXCLUDE. */
  excludedBuildOptions: ReadonlyMap<string, string>
  problems: ImportProblem[]
  /** What page processes need of their page: form regions, legacy form columns, process names by id. */
  page?: PageContext
}

export interface PageContext {
  regions: PageRegions
  /** Legacy "Database Column" items: item → column. */
  dbColumns: Record<string, string>
  /** Item → format mask, for the items that have one. */
  formatMasks: Record<string, string>
  /** Process id → name (execution chains name their children's parent by id). */
  processNames: ReadonlyMap<string, string>
}

/** The button a `p_*_when_button_id` argument names; a dangling id is reported. */
export function buttonName(call: ExportCall, arg: string, context: MapContext): string | undefined {
  const id = argId(call, arg)
  if (id === undefined) return undefined
  const name = context.buttonNames.get(id)
  if (name === undefined) {
    context.problems.push({ file: call.file, line: call.line, message: `${arg} names button id ${id}, which is not in the export` })
    return `#${id}`
  }
  return name
}

/**
 * Components behind an excluded build option do not exist at run time. They
 * stay in the definition (nothing is silently dropped) but never fire: their
 * condition becomes "never", and they carry the option's name.
 */
export function excludedBy(call: ExportCall, context: MapContext): string | undefined {
  const id = argId(call, 'p_required_patch') ?? argId(call, 'p_build_option_id')
  return id === undefined ? undefined : context.excludedBuildOptions.get(id)
}

export function applyBuildOption<T extends { when?: Condition }>(component: T, call: ExportCall, context: MapContext): T {
  const option = excludedBy(call, context)
  if (option === undefined) return component
  const result: T & { excludedByBuildOption: string; whenIncluded?: Condition } = { ...component, excludedByBuildOption: option }
  if (component.when !== undefined) result.whenIncluded = component.when
  result.when = { expression: NEVER_EXPRESSION }
  return result
}
