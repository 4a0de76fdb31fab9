/**
 * Converts a request between the two URL forms (for the UI's "show as f?p /
 * friendly" toggle). The nine facts carry over unchanged; only where the URL
 * points (base, path prefix) has to be translated.
 *
 * Decisions:
 * - f?p → friendly: the base keeps only scheme+host (a friendly URL's base
 *   ends before "/ords"); the prefix is, in order, the one asked for, the
 *   request's own, the f?p `c` parameter (which names the workspace, reference
 *   §1.2), else ''. An empty prefix builds a URL that does not parse: the UI
 *   must ask for the workspace path prefix then.
 * - friendly → f?p: the base becomes `{scheme+host}/ords/`, the same ORDS.
 * - Use buildUrl(toForm(r, form)) to show the other form's URL.
 * - Nothing else is dropped or renamed. What one form cannot express
 *   (friendly: items named like a reserved parameter, clear-cache tokens with
 *   commas; f?p: extra names that are not plain words) stays in the record
 *   and is lost only when the URL is built.
 */
import type { FriendlyLayout, UrlForm, UrlRequest } from './url-request.js'

const AUTHORITY = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/[^/?#]*/

export interface ToFormOptions {
  layout?: FriendlyLayout
  prefix?: string
}

export function toForm(r: UrlRequest, form: UrlForm, options: ToFormOptions = {}): UrlRequest {
  const { friendly: _friendly, ...rest } = r
  if (form === 'fp') {
    const base = r.form === 'fp' ? r.base : `${r.base}/ords/`
    return { ...rest, form: 'fp', base }
  }
  const workspaceParam = [...r.extra].reverse().find((p) => p.name.toLowerCase() === 'c')?.value
  const prefix = options.prefix ?? r.friendly?.prefix ?? workspaceParam ?? ''
  const layout = options.layout ?? r.friendly?.layout ?? 'r-prefix'
  const base = r.form === 'friendly' ? r.base : (AUTHORITY.exec(r.base)?.[0] ?? '')
  return { ...rest, form: 'friendly', base, friendly: { layout, prefix } }
}
