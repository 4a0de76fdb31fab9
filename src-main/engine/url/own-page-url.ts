/**
 * The URL the engine itself builds for a page of a session — the redirect to
 * the submitted page when no branch fires (semantics §6.6) — together with
 * the record parseUrl reads from it, so the redirect's show step need not
 * parse the text the engine has just written.
 */
import type { UrlRequest } from './url-request.js'

export interface OwnPageUrl {
  url: string
  /** What parseUrl(url) gives; absent when a part is not plain digits (then the show parses the URL as any other). */
  target?: UrlRequest
}

/** `f?p=App:Page:Session` and, for the usual integer IDs, its parsed form. */
export function ownPageUrl(app: number, page: number, session: number): OwnPageUrl {
  const a = String(app)
  const p = String(page)
  const s = String(session)
  const url = `f?p=${a}:${p}:${s}`
  // Only text parseUrl keeps as written (no '+', '%', '.', blanks): "1e+21" would read as "1e 21".
  if (!isPlainInteger(a) || !isPlainInteger(p) || !isPlainInteger(s)) return { url }
  return {
    url,
    target: { form: 'fp', base: '', app: a, page: p, session: s, request: '', debug: '', clearCache: [], items: [], printerFriendly: '', extra: [] },
  }
}

/** An optional minus sign and at least one decimal digit, nothing else. */
function isPlainInteger(text: string): boolean {
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0
  if (i >= text.length) return false
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}
