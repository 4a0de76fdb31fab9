/**
 * One call of the APEX export API (`wwv_flow_imp_page.create_page_item(…)`),
 * with its named arguments already evaluated to plain values. Both API
 * generations (`wwv_flow_api.*` up to 21.1, `wwv_flow_imp*.*` since 21.2) end
 * up in this one shape: the mappers only look at the procedure name.
 */

/** An evaluated argument. */
export type ArgValue =
  /** String literals, `wwv_flow_string.join(…)`, `'a'||chr(10)||'b'`, `unistr(…)`. */
  | { kind: 'text'; value: string }
  /** Numbers keep their written form: ids exceed 2^53. */
  | { kind: 'number'; value: string }
  /** `wwv_flow_api.id(123)` / `wwv_flow_imp.id(123)`: a component reference. */
  | { kind: 'id'; value: string }
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  /** `wwv_flow_t_varchar2(…)` and `wwv_flow_t_plugin_attributes(…)`. */
  | { kind: 'list'; items: ArgValue[] }
  /** Anything else (`wwv_flow.g_flow_id`, install-time functions): its source text. */
  | { kind: 'raw'; text: string }

export interface ExportCall {
  /** Package, lower case, e.g. `wwv_flow_imp_page`. */
  pkg: string
  /** Procedure, lower case, e.g. `create_page_item`. */
  name: string
  /** Named arguments by lower-case name (`p_is_Persistent` → `p_is_persistent`). */
  args: Record<string, ArgValue>
  /** Arguments written without a name, in order. */
  positional: ArgValue[]
  file: string
  /** 1-based line of the call's first character. */
  line: number
}

/** The argument as text: strings, numbers and ids; undefined for null, absent and unevaluated code. */
export function argText(call: ExportCall, name: string): string | undefined {
  return valueText(call.args[name])
}

export function valueText(value: ArgValue | undefined): string | undefined {
  if (value === undefined) return undefined
  switch (value.kind) {
    case 'text':
    case 'number':
    case 'id':
      return value.value
    case 'boolean':
      return value.value ? 'true' : 'false'
    case 'list':
      return value.items.map((v) => valueText(v) ?? '').join('\n')
    default:
      return undefined
  }
}

/** Upper-case text, for code-like arguments (`'after_submit'` and `'AFTER_SUBMIT'` mean the same). */
export function argCode(call: ExportCall, name: string): string | undefined {
  const text = argText(call, name)?.trim()
  return text === undefined || text === '' ? undefined : text.toUpperCase()
}

/** A numeric argument (sequence, page id); undefined when absent or not a number. */
export function argNumber(call: ExportCall, name: string): number | undefined {
  const text = argText(call, name)?.trim()
  if (text === undefined || text === '' || !/^[-+]?\d+(\.\d+)?$/.test(text)) return undefined
  return Number(text)
}

/** The referenced component id of `p_x=>wwv_flow_imp.id(…)` (or a bare number). */
export function argId(call: ExportCall, name: string): string | undefined {
  const value = call.args[name]
  if (value?.kind === 'id' || value?.kind === 'number') return normalizeId(value.value)
  if (value?.kind === 'text' && /^\s*-?\d+\s*$/.test(value.value)) return normalizeId(value.value)
  return undefined
}

/** Ids compare as written digits; strip a leading plus and zeros so `007` and `7` agree. */
function normalizeId(id: string): string {
  const trimmed = id.trim().replace(/^\+/, '')
  const negative = trimmed.startsWith('-')
  const digits = (negative ? trimmed.slice(1) : trimmed).replace(/^0+(?=\d)/, '')
  return negative ? `-${digits}` : digits
}

/** Orders ids numerically without losing precision past 2^53. */
export function compareIds(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0
  if (a === undefined) return 1
  if (b === undefined) return -1
  try {
    const x = BigInt(a)
    const y = BigInt(b)
    return x < y ? -1 : x > y ? 1 : 0
  } catch {
    return a < b ? -1 : 1
  }
}

/** `"a:b:c"` / `"a,b"` → trimmed, non-empty parts. */
export function splitList(text: string | undefined, separator: RegExp = /[,:]/): string[] {
  if (text === undefined) return []
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}
