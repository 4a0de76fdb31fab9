/**
 * What the server answered to one recorded request, as the trace's
 * `observed` field (docs/trace-format.md, "Field observed"): status, redirect
 * target, page shown, the session ID the answer carries, item values and
 * messages of a returned page, an Ajax answer's JSON (bounded), server time.
 *
 * Only `Location` and the content type are read from the answer's headers:
 * Set-Cookie (and every other header) never reaches the trace. Item values
 * go through ItemPrivacy: passwords are dropped, masked items masked.
 */
import { buildUrl, parseUrl } from '../engine/url/index.js'
import type { UrlRequest } from '../engine/url/index.js'
import type { Observed } from '../trace/schema.js'
import { MASKED_VALUE, type ItemPrivacy } from './masking.js'
import { pageNumber, positiveInt } from './apex-request.js'
import { MAX_ELEMENT_DEPTH, readPage } from './page-answer.js'
import { withoutCredentials } from './url-credentials.js'

/** Largest Ajax answer kept as parsed JSON in `observed.json`; a bigger one is summarised by its size. */
export const MAX_OBSERVED_JSON_CHARS = 64 * 1024

/** A rendered item value longer than this is left out of `observed` (the trace's line must hold the whole event). */
export const MAX_OBSERVED_VALUE_CHARS = 256 * 1024
/** At most this many error and success messages are kept, each cut at MAX_MESSAGE_CHARS. */
const MAX_OBSERVED_MESSAGES = 50
const MAX_MESSAGE_CHARS = 4000

function bounded(message: string): string {
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message
}

export interface Answer {
  observed: Observed
  /** The session ID the answer carries (redirect target, JSON redirectURL, or the page's pInstance). */
  session: string | null
  /** Where the answer redirects, parsed, when it is an APEX URL. */
  redirect: UrlRequest | null
  /** Validation or error messages were found. */
  failed: boolean
  /** What could not be read (the caller names the entry and field). */
  problems: string[]
  /** The redirect target carried a user:password@ (left out). */
  urlCredentials: boolean
}

export type AnswerFor = 'show' | 'accept' | 'ajax' | 'logout'

function header(headers: unknown, name: string): string | undefined {
  if (!Array.isArray(headers)) return undefined
  for (const h of headers) {
    if (typeof h === 'object' && h !== null && typeof (h as { name?: unknown }).name === 'string' && (h as { name: string }).name.toLowerCase() === name) {
      const v = (h as { value?: unknown }).value
      return typeof v === 'string' ? v : undefined
    }
  }
  return undefined
}

/** The body as text: HAR 1.2 `content.text`, base64-decoded when `encoding` says so. */
export function bodyText(content: unknown): { text: string | null; mime: string; problem?: string } {
  if (typeof content !== 'object' || content === null) return { text: null, mime: '' }
  const c = content as { text?: unknown; encoding?: unknown; mimeType?: unknown }
  const mime = typeof c.mimeType === 'string' ? c.mimeType : ''
  if (typeof c.text !== 'string') return { text: null, mime }
  if (typeof c.encoding === 'string' && c.encoding.toLowerCase() === 'base64') {
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(c.text)) return { text: null, mime, problem: 'content.text: encoding is base64 but the text is not base64' }
    return { text: Buffer.from(c.text, 'base64').toString('utf8'), mime }
  }
  return { text: c.text, mime }
}

/** A URL without user:password@, with the values of withheld items dropped and masked items masked. */
export function safeUrl(raw: string, privacy: ItemPrivacy): { text: string; parsed: UrlRequest | null; credentials: boolean } {
  const { url, removed: credentials } = withoutCredentials(raw)
  const parsed = parseUrl(url)
  if (!parsed.ok) {
    // Not an APEX URL we can read: its query could carry item values and its fragment tokens
    // (an identity provider's #access_token=…), so it is kept without either.
    const cut = url.search(/[?#]/)
    return { text: cut === -1 ? url : `${url.slice(0, cut)}${url[cut]}…`, parsed: null, credentials }
  }
  const safe = maskRequest(parsed.value, privacy)
  return { text: safe === parsed.value ? url : buildUrl(safe), parsed: safe, credentials }
}

/** The request with withheld items' values dropped and masked items' values masked (the same object when nothing changes). */
export function maskRequest(r: UrlRequest, privacy: ItemPrivacy): UrlRequest {
  if (r.items.length === 0 && r.extra.length === 0) return r
  let changed = false
  const items = r.items.flatMap((it) => {
    if (privacy.isWithheld(it.name)) {
      changed = true
      return []
    }
    if (privacy.isMasked(it.name) && it.value !== null) {
      changed = true
      return [{ name: it.name, value: MASKED_VALUE }]
    }
    return [it]
  })
  const extra = r.extra.filter((p) => !privacy.isWithheld(p.name) && !privacy.isMasked(p.name))
  if (extra.length !== r.extra.length) changed = true
  return changed ? { ...r, items, extra } : r
}

/** Bounded JSON for `observed.json`: the parsed value when small, its size otherwise. */
function boundedJson(text: string, privacy: ItemPrivacy): unknown {
  if (text.length > MAX_OBSERVED_JSON_CHARS) return { truncated: true, chars: text.length }
  try {
    return privacy.scrubJson(JSON.parse(text))
  } catch {
    return { invalidJson: true, chars: text.length }
  }
}

export function readAnswer(entry: Record<string, unknown>, kind: AnswerFor, privacy: ItemPrivacy): Answer {
  const problems: string[] = []
  const response = entry.response
  const observed: Observed = { status: 0 }
  let session: string | null = null
  let redirect: UrlRequest | null = null
  let failed = false
  let urlCredentials = false
  if (typeof response !== 'object' || response === null) {
    problems.push('response: missing (the request got no answer)')
    return { observed, session, redirect, failed, problems, urlCredentials }
  }
  const res = response as { status?: unknown; headers?: unknown; content?: unknown; redirectURL?: unknown }
  const status = typeof res.status === 'number' && Number.isInteger(res.status) && res.status >= 0 ? res.status : 0
  observed.status = status
  if (status === 0) problems.push('response.status: no status (the request was cancelled or blocked)')

  const setRedirect = (location: string): void => {
    const safe = safeUrl(location, privacy)
    if (safe.credentials) urlCredentials = true
    observed.location = safe.text
    redirect = safe.parsed
    if (safe.parsed) {
      const app = positiveInt(safe.parsed.app)
      const page = pageNumber(safe.parsed.page)
      if (app !== null) observed.app = app
      if (page !== null) observed.page = page
      if (safe.parsed.session !== '' && safe.parsed.session !== '0') session = safe.parsed.session
    }
  }

  const location = header(res.headers, 'location') ?? (typeof res.redirectURL === 'string' && res.redirectURL !== '' ? res.redirectURL : undefined)
  if (location !== undefined && status >= 300 && status < 400) setRedirect(location)

  const body = bodyText(res.content)
  if (body.problem) problems.push(`response.${body.problem}`)
  const text = body.text
  const mime = body.mime.toLowerCase()
  if (text !== null && text !== '') {
    const trimmed = text.trimStart()
    const looksJson = mime.includes('json') || trimmed.startsWith('{') || (kind === 'ajax' && trimmed.startsWith('['))
    const looksHtml = mime.includes('html') || trimmed.startsWith('<')
    if (looksJson && !looksHtml) {
      if (kind === 'ajax') observed.json = boundedJson(text, privacy)
      let json: unknown
      try {
        json = text.length <= 16 * 1024 * 1024 ? JSON.parse(text) : undefined
      } catch {
        json = undefined
      }
      if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
        const j = json as { redirectURL?: unknown; error?: unknown; errors?: unknown; successMessage?: unknown }
        // A page submit through apex.server.accept answers {"redirectURL": …} instead of a 302.
        if (typeof j.redirectURL === 'string' && observed.location === undefined) setRedirect(j.redirectURL)
        const errors: string[] = []
        if (typeof j.error === 'string' && j.error !== '') errors.push(j.error)
        if (Array.isArray(j.errors)) for (const e of j.errors) if (typeof (e as { message?: unknown })?.message === 'string') errors.push((e as { message: string }).message)
        if (errors.length > 0) {
          observed.errors = errors.slice(0, MAX_OBSERVED_MESSAGES).map(bounded)
          failed = true
        }
        if (typeof j.successMessage === 'string' && j.successMessage !== '') observed.messages = [j.successMessage]
      }
    } else if (looksHtml) {
      const page = readPage(text)
      if (page.stoppedTooDeep) problems.push(`response.content.text: the page nests elements more than ${MAX_ELEMENT_DEPTH} deep: read up to there`)
      for (const p of page.passwordInputs) privacy.learnPasswordInput(p)
      if (observed.app === undefined && page.app !== null) observed.app = page.app
      if (observed.page === undefined && page.page !== null) observed.page = page.page
      if (session === null && page.session !== null && page.session !== '' && page.session !== '0') session = page.session
      const items: Record<string, string | null> = {}
      let any = false
      for (const [name, value] of Object.entries(page.items)) {
        if (privacy.isWithheld(name)) continue
        if (value !== null && value.length > MAX_OBSERVED_VALUE_CHARS) {
          problems.push(`response.content.text: the rendered value of ${name} is ${value.length} characters, over the ${MAX_OBSERVED_VALUE_CHARS} kept in observed: left out`)
          continue
        }
        items[name] = value !== null && privacy.isMasked(name) ? MASKED_VALUE : value
        any = true
      }
      if (any) observed.items = items
      if (page.errors.length > 0) {
        observed.errors = page.errors.slice(0, MAX_OBSERVED_MESSAGES).map(bounded)
        failed = true
      }
      if (page.messages.length > 0) observed.messages = page.messages.slice(0, MAX_OBSERVED_MESSAGES).map(bounded)
    }
  }
  if (session !== null) observed.session = session
  const timings = entry.timings as { wait?: unknown } | undefined
  const ms = typeof timings?.wait === 'number' && timings.wait >= 0 ? timings.wait : typeof entry.time === 'number' && entry.time >= 0 ? entry.time : undefined
  if (ms !== undefined && Number.isFinite(ms)) observed.ms = Math.round(ms * 1000) / 1000
  if (status >= 400) failed = true
  return { observed, session, redirect, failed, problems, urlCredentials }
}
