/**
 * APEX substitution escape filters (`&ITEM!HTML.`, reference §7). The engine
 * simulates values, not pages, so a plain `&ITEM.` substitutes the raw value;
 * an explicit filter is honoured so that the text reads as APEX would emit it.
 */
export type EscapeFilter = 'RAW' | 'HTML' | 'ATTR' | 'JS' | 'STRIPHTML'

const FILTERS: ReadonlySet<string> = new Set<EscapeFilter>(['RAW', 'HTML', 'ATTR', 'JS', 'STRIPHTML'])

export function isEscapeFilter(name: string): name is EscapeFilter {
  return FILTERS.has(name)
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
}

const JS_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  // Escaped so that a value cannot close a surrounding <script> element.
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
}

export function applyEscapeFilter(filter: EscapeFilter, value: string): string {
  switch (filter) {
    case 'RAW':
      return value
    case 'HTML':
    case 'ATTR':
      // APEX's attribute escaping is stricter; quoting the five HTML specials is the part that matters here.
      return value.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch)
    case 'JS':
      return value.replace(/[\\'"\n\r\t<>&]/g, (ch) => JS_ESCAPES[ch] ?? ch)
    case 'STRIPHTML':
      return stripTags(value)
  }
}

/** Drops `<…>` tags. A loop rather than /<[^>]*>/g, which is quadratic on many unclosed '<'. */
function stripTags(value: string): string {
  let out = ''
  let i = 0
  while (i < value.length) {
    const open = value.indexOf('<', i)
    if (open < 0) break
    const close = value.indexOf('>', open + 1)
    if (close < 0) break
    out += value.slice(i, open)
    i = close + 1
  }
  return out + value.slice(i)
}
