/**
 * The declarative "Clear Session State" process (`NATIVE_SESSION_STATE`) as the
 * clear-cache tokens of semantics §4 (reference §3.2, §3.5):
 *
 * | attribute_01             | tokens                             |
 * |--------------------------|------------------------------------|
 * | CLEAR_CACHE_CURRENT_FLOW | `APP`                              |
 * | RESET_SESSION_STATE      | `SESSION`                          |
 * | CLEAR_CACHE_FOR_ITEMS    | the items of attribute_03          |
 * | CLEAR_CACHE_FOR_PAGES    | the pages of attribute_04          |
 * | CLEAR_CACHE_CURRENT_PAGE | the page the process is on         |
 * | CLEAR_CACHE_FOR_FLOWS    | `APP` when attribute_02 lists only this app |
 *
 * Pre-plug-in exports used the same names as process types, with the list in
 * the process source; those are read the same way.
 */
import type { ExportCall } from './export-call.js'
import { argCode, argText, splitList } from './export-call.js'

export type ClearCacheMapping = { tokens: string } | { unsupported: string }

export const CLEAR_CACHE_TYPES = new Set([
  'CLEAR_CACHE_CURRENT_FLOW',
  'RESET_SESSION_STATE',
  'CLEAR_CACHE_FOR_ITEMS',
  'CLEAR_CACHE_FOR_PAGES',
  'CLEAR_CACHE_CURRENT_PAGE',
  'CLEAR_CACHE_FOR_FLOWS',
])

/**
 * @param pageId the page the process belongs to; undefined for application processes,
 *   where "current page" is whatever page is running (not a fixed token).
 */
export function clearCacheTokens(call: ExportCall, appId: number, pageId: number | undefined): ClearCacheMapping {
  const processType = argCode(call, 'p_process_type') ?? ''
  const legacy = CLEAR_CACHE_TYPES.has(processType)
  const mode = legacy ? processType : (argCode(call, 'p_attribute_01') ?? '')
  const legacyList = argText(call, 'p_process_sql_clob') ?? argText(call, 'p_process_sql')
  const list = (attribute: string): string[] => splitList(legacy ? legacyList : argText(call, attribute), /[,:\s]+/)
  switch (mode) {
    case 'CLEAR_CACHE_CURRENT_FLOW':
      return { tokens: 'APP' }
    case 'RESET_SESSION_STATE':
      return { tokens: 'SESSION' }
    case 'CLEAR_CACHE_FOR_ITEMS': {
      const items = list('p_attribute_03').map((i) => i.toUpperCase())
      return items.length > 0 ? { tokens: items.join(',') } : { unsupported: 'no items to clear' }
    }
    case 'CLEAR_CACHE_FOR_PAGES': {
      const pages = list('p_attribute_04')
      return pages.length > 0 ? { tokens: pages.join(',') } : { unsupported: 'no pages to clear' }
    }
    case 'CLEAR_CACHE_CURRENT_PAGE':
      return pageId !== undefined ? { tokens: String(pageId) } : { unsupported: 'the current page of an application process' }
    case 'CLEAR_CACHE_FOR_FLOWS': {
      const apps = list('p_attribute_02')
      const self = apps.length > 0 && apps.every((a) => a === String(appId) || /^&(APP_ID|FLOW_ID)\.$/i.test(a))
      return self ? { tokens: 'APP' } : { unsupported: `clearing other applications (${apps.join(', ') || 'none listed'})` }
    }
    default:
      return { unsupported: `clear session state mode ${mode || '(none)'}` }
  }
}
