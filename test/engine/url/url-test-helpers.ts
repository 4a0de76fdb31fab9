/** Small helpers so example tests read as "this URL means this request". */
import { expect } from 'vitest'
import { parseUrl } from '../../../src-main/engine/url/index.js'
import type { UrlError, UrlRequest } from '../../../src-main/engine/url/index.js'

/** Parses a URL that must be valid, failing the test with the parser's error otherwise. */
export function parsed(url: string): UrlRequest {
  const r = parseUrl(url)
  if (!r.ok) throw new Error(`expected ${JSON.stringify(url)} to parse, got ${JSON.stringify(r.error)}`)
  return r.value
}

/** Parses a URL that must be invalid and returns its error. */
export function parseError(url: string): UrlError {
  const r = parseUrl(url)
  if (r.ok) throw new Error(`expected ${JSON.stringify(url)} to be rejected, got ${JSON.stringify(r.value)}`)
  expect(r.error.position).toBeGreaterThanOrEqual(0)
  expect(r.error.position).toBeLessThanOrEqual(url.length)
  return r.error
}

/** An f?p request with every field at its "absent" value, overridden by `fields`. */
export function fp(fields: Partial<UrlRequest> & Pick<UrlRequest, 'app' | 'page'>): UrlRequest {
  return {
    form: 'fp',
    base: '',
    session: '',
    request: '',
    debug: '',
    clearCache: [],
    items: [],
    printerFriendly: '',
    extra: [],
    ...fields,
  }
}

/** A friendly request with every field at its "absent" value, overridden by `fields`. */
export function friendly(fields: Partial<UrlRequest> & Pick<UrlRequest, 'app' | 'page' | 'friendly'>): UrlRequest {
  return { ...fp({ app: fields.app, page: fields.page }), form: 'friendly', ...fields }
}
