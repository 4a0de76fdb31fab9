/**
 * The Content-Security-Policy of our pages (Electron security checklist item 7).
 * Delivered as a response header by the app:// protocol handler; the
 * `<meta http-equiv>` tag in src-renderer/index.html carries the same policy
 * (minus `frame-ancestors`, which a meta tag cannot set) so the browser host and
 * the dev server are covered too.
 *
 * `style-src 'unsafe-inline'` is there for React's `style={…}` attributes;
 * scripts stay `'self'` only (no inline script, no eval).
 */

export type CspDirectives = Readonly<Record<string, readonly string[]>>

export const APP_CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
}

/** Directives a `<meta>` CSP cannot express (the browser ignores them there). */
export const HEADER_ONLY_DIRECTIVES: readonly string[] = ['frame-ancestors', 'report-uri', 'sandbox']

export function buildCsp(directives: CspDirectives = APP_CSP_DIRECTIVES): string {
  return Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ')
}

export const APP_CSP = buildCsp()

/** Parses a policy into directive → values (lower-cased names; later duplicates ignored, as browsers do). */
export function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const tokens = part.trim().split(/\s+/).filter(Boolean)
    const name = tokens.shift()?.toLowerCase()
    if (name && !out.has(name)) out.set(name, tokens)
  }
  return out
}

/** The sources that apply to `directive`, following the `default-src` fallback. */
export function effectiveSources(policy: Map<string, string[]>, directive: string): string[] {
  return policy.get(directive) ?? (directive.endsWith('-src') ? (policy.get('default-src') ?? []) : [])
}
