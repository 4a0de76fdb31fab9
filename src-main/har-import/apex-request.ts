/**
 * What one recorded HTTP request was, in APEX terms.
 *
 * The shapes come from Oracle's client code (APEX 24.2
 * `libraries/apex/server.js`, read, not copied) and the URL syntax
 * (semantics §8):
 *  - a page view: `GET …/f?p=APP:PAGE:SESSION:REQUEST:DEBUG:CLEAR:ITEMS:VALUES`
 *    or a friendly URL `…/r/WS/APP/PAGE?session=…`;
 *  - a page submit: `POST …/wwv_flow.accept` with `p_flow_id`,
 *    `p_flow_step_id`, `p_instance`, `p_request` (the button),
 *    `p_page_submission_id`, `p_reload_on_submit` and `p_json` — JSON text
 *    `{"pageItems":{"itemsToSubmit":[{"n","v","ck"}],…},"salt":…}` that the
 *    client splits into several `p_json` fields of at most 8000 characters
 *    each when it is longer (`apex.server.chunk`): the fields are joined in
 *    order before parsing;
 *  - an Ajax call: `POST …/wwv_flow.ajax` with the same page fields,
 *    `p_request` = `APPLICATION_PROCESS=NAME` (apex.server.process) or
 *    `PLUGIN=ID` (apex.server.plugin), scalars `x01`…`x20`, arrays
 *    `f01`…`f50`, and `p_json` as above;
 *  - a logout: `…/apex_authentication.logout?p_app_id=…&p_session_id=…`
 *    (the default logout URL of an authentication scheme) or the older
 *    `wwv_flow_custom_auth_std.logout`;
 *  - legacy submits that name items in `p_arg_names` with values in
 *    `p_arg_values` or in `p_t01`…`p_t200` (before APEX 18).
 * Both endpoints may carry `p_context=APP/PAGE/SESSION` in their query.
 */
import { parseUrl } from '../engine/url/index.js'
import type { UrlRequest } from '../engine/url/index.js'
import { fieldValue, fieldValues, type FormField } from './form-body.js'

/** A page item as posted: name, value (multi-value items joined with ':'), checksum present. */
export interface PostedItem {
  name: string
  value: string
}

export interface ShowRequest {
  kind: 'show'
  url: UrlRequest
}

export interface AcceptRequest {
  kind: 'accept'
  app: number | null
  page: number | null
  session: string
  /** p_request: the button name (or the request a JavaScript submit gave). */
  request: string
  items: PostedItem[]
}

export interface AjaxRequest {
  kind: 'ajax'
  app: number | null
  page: number | null
  session: string
  /** APPLICATION_PROCESS=NAME */
  process?: string
  /** PLUGIN=ID */
  plugin?: string
  /** Any other p_request (widgets, native components), kept as sent. */
  other?: string
  items: PostedItem[]
  x: Record<string, string>
  f: Record<string, string[]>
}

export interface LogoutRequest {
  kind: 'logout'
  app: number | null
  session: string
}

/** An endpoint of the APEX engine this importer does not map (counted and named). */
export interface UnknownApexRequest {
  kind: 'unknownApex'
  endpoint: string
}

export type ApexRequest = ShowRequest | AcceptRequest | AjaxRequest | LogoutRequest | UnknownApexRequest

export type Classified = { apex: ApexRequest } | { skipped: SkippedKind } | { problem: string }

export const SKIPPED_KINDS = ['image', 'stylesheet', 'script', 'font', 'media', 'other'] as const
export type SkippedKind = (typeof SKIPPED_KINDS)[number]

const EXTENSION_KIND: Record<string, SkippedKind> = {
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', svg: 'image', ico: 'image', webp: 'image', bmp: 'image', avif: 'image',
  css: 'stylesheet',
  js: 'script', mjs: 'script', map: 'script',
  woff: 'font', woff2: 'font', ttf: 'font', otf: 'font', eot: 'font',
  mp3: 'media', mp4: 'media', webm: 'media', ogg: 'media', wav: 'media',
}

function kindOfMime(mime: string): SkippedKind | null {
  const m = mime.toLowerCase()
  if (m.startsWith('image/')) return 'image'
  if (m.startsWith('text/css')) return 'stylesheet'
  if (m.includes('javascript') || m.includes('ecmascript')) return 'script'
  if (m.startsWith('font/') || m.includes('font-woff') || m.includes('opentype')) return 'font'
  if (m.startsWith('audio/') || m.startsWith('video/')) return 'media'
  return null
}

/**
 * The kind of static file a GET fetches, from its answer's MIME type or its
 * file extension, or null. Cheap (no URL parsing): asked for every entry
 * before its body is read.
 */
export function staticKind(url: string, mime: string): SkippedKind | null {
  const byMime = kindOfMime(mime)
  if (byMime) return byMime
  const { segment } = lastSegment(url)
  const ext = /\.([a-z0-9]{1,6})$/.exec(segment)?.[1]
  return (ext !== undefined ? EXTENSION_KIND[ext] : undefined) ?? null
}

/** The last path segment of a URL, lower-cased, without query or fragment. */
function lastSegment(url: string): { segment: string; query: string } {
  const hash = url.indexOf('#')
  const noHash = hash === -1 ? url : url.slice(0, hash)
  const q = noHash.indexOf('?')
  const path = q === -1 ? noHash : noHash.slice(0, q)
  const query = q === -1 ? '' : noHash.slice(q + 1)
  const slash = path.lastIndexOf('/')
  return { segment: path.slice(slash + 1).toLowerCase(), query }
}

function queryParam(query: string, name: string): string | undefined {
  for (const part of query.split('&')) {
    const eq = part.indexOf('=')
    const key = eq === -1 ? part : part.slice(0, eq)
    if (key.toLowerCase() === name) {
      const raw = eq === -1 ? '' : part.slice(eq + 1)
      try {
        return decodeURIComponent(raw.replace(/\+/g, ' '))
      } catch {
        return raw
      }
    }
  }
  return undefined
}

/** An app ID as recorded (URL part, form field): 1 to 9 digits, above 0; else null. */
export function positiveInt(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,9}$/.test(s.trim())) return null
  const n = Number(s.trim())
  return n > 0 ? n : null
}

/** A page number as recorded: 1 to 9 digits (page 0 is APEX's global page); else null. */
export function pageNumber(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,9}$/.test(s.trim())) return null
  return Number(s.trim())
}

/** `p_context=APP/PAGE/SESSION` (server.js adds it to accept and ajax URLs). */
function contextOf(query: string): { app?: string; page?: string; session?: string } {
  const ctx = queryParam(query, 'p_context')
  if (ctx === undefined) return {}
  const [app, page, session] = ctx.split('/')
  return { app, page, session }
}

/**
 * Where JSON.parse gave up, without its words: V8 quotes the text around the
 * fault (`Unexpected token 'h', …"v":hunter2}…`), and p_json holds the posted
 * values, a password among them on a login page.
 */
function jsonErrorPlace(error: unknown): string {
  const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')
  return at ? `: it breaks at character ${at[1]}` : ''
}

/** Items from `p_json` (chunks joined) and the legacy `p_arg_names` fields. */
export function postedItems(fields: readonly FormField[]): { items: PostedItem[]; problem?: string } {
  const items: PostedItem[] = []
  let problem: string | undefined
  const chunks = fieldValues(fields, 'p_json')
  if (chunks.length > 0) {
    const text = chunks.join('')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      problem = `p_json is not valid JSON (${chunks.length} field${chunks.length === 1 ? '' : 's'}, ${text.length} characters)${jsonErrorPlace(e)}`
    }
    const list = (json as { pageItems?: { itemsToSubmit?: unknown } } | undefined)?.pageItems?.itemsToSubmit
    if (Array.isArray(list)) {
      for (const [i, it] of list.entries()) {
        const n = (it as { n?: unknown } | null)?.n
        const v = (it as { v?: unknown } | null)?.v
        if (typeof n !== 'string' || n === '') {
          problem ??= `p_json pageItems.itemsToSubmit[${i}] has no item name ("n")`
          continue
        }
        const sep = typeof (it as { s?: unknown }).s === 'string' ? (it as { s: string }).s : ':'
        items.push({ name: n.toUpperCase(), value: Array.isArray(v) ? v.map((x) => String(x ?? '')).join(sep) : v === undefined || v === null ? '' : String(v) })
      }
    } else if (list !== undefined) problem ??= 'p_json pageItems.itemsToSubmit is not a list'
  }
  // Legacy form (before page submits used p_json): names in p_arg_names, values in p_arg_values or p_t01…
  const names = fieldValues(fields, 'p_arg_names')
  if (names.length > 0) {
    const values = fieldValues(fields, 'p_arg_values')
    names.forEach((n, i) => {
      const v = values.length > 0 ? values[i] : fieldValue(fields, `p_t${String(i + 1).padStart(2, '0')}`)
      if (n !== '') items.push({ name: n.toUpperCase(), value: v ?? '' })
    })
  }
  return problem === undefined ? { items } : { items, problem }
}

/**
 * Classifies one request. `mime` is the answer's content type (for telling
 * static files apart); `fields` the parsed POST body (empty for a GET).
 */
export function classifyRequest(method: string, url: string, mime: string, fields: readonly FormField[]): Classified {
  const { segment, query } = lastSegment(url)
  const ctx = contextOf(query)
  const upper = method.toUpperCase()
  if (segment === 'wwv_flow.accept' || segment === 'wwv_flow.ajax' || segment === 'wwv_flow.show') {
    const app = positiveInt(fieldValue(fields, 'p_flow_id') ?? ctx.app)
    const page = pageNumber(fieldValue(fields, 'p_flow_step_id') ?? ctx.page)
    const session = (fieldValue(fields, 'p_instance') ?? ctx.session ?? '').trim()
    const request = fieldValue(fields, 'p_request') ?? ''
    const { items, problem } = postedItems(fields)
    if (segment === 'wwv_flow.accept') {
      if (problem !== undefined) return { problem }
      return { apex: { kind: 'accept', app, page, session, request, items } }
    }
    if (problem !== undefined) return { problem }
    const x: Record<string, string> = {}
    const f: Record<string, string[]> = {}
    for (const field of fields) {
      const name = field.name.toLowerCase()
      if (/^x(0[1-9]|1[0-9]|20)$/.test(name)) x[name] = field.value
      else if (/^f(0[1-9]|[1-4][0-9]|50)$/.test(name)) (f[name] ??= []).push(field.value)
    }
    const ajax: AjaxRequest = { kind: 'ajax', app, page, session, items, x, f }
    const proc = /^APPLICATION_PROCESS=(.+)$/i.exec(request)
    const plugin = /^PLUGIN=(.+)$/i.exec(request)
    if (proc) ajax.process = proc[1]!
    else if (plugin) ajax.plugin = plugin[1]!
    else ajax.other = request
    if (segment === 'wwv_flow.show' && !proc && !plugin) return { apex: { kind: 'unknownApex', endpoint: 'wwv_flow.show' } }
    return { apex: ajax }
  }
  if (segment === 'apex_authentication.logout' || segment === 'wwv_flow_custom_auth_std.logout') {
    const session = queryParam(query, 'p_session_id') ?? fieldValue(fields, 'p_session_id') ?? sessionOfLegacyLogout(query) ?? ''
    const app = positiveInt(queryParam(query, 'p_app_id') ?? queryParam(query, 'p_this_flow') ?? fieldValue(fields, 'p_app_id'))
    return { apex: { kind: 'logout', app, session: session.trim() } }
  }
  const byMime = kindOfMime(mime)
  const ext = /\.([a-z0-9]{1,6})$/.exec(segment)?.[1]
  const byExt = ext !== undefined ? EXTENSION_KIND[ext] : undefined
  if (upper === 'GET' && !byMime && !byExt && (segment === 'f' || url.includes('/r/'))) {
    const parsed = parseUrl(url)
    if (parsed.ok) {
      if (parsed.value.form === 'fp' || parsed.value.friendly !== undefined) return { apex: { kind: 'show', url: parsed.value } }
    } else if (segment === 'f') return { problem: `request.url: not an APEX f?p URL: ${parsed.error.message} (${parsed.error.part})` }
  }
  if (byMime) return { skipped: byMime }
  if (byExt) return { skipped: byExt }
  if (/^(wwv_|apex_|htmldb_)/.test(segment)) return { apex: { kind: 'unknownApex', endpoint: segment } }
  return { skipped: 'other' }
}

/** `wwv_flow_custom_auth_std.logout?p_next_flow_page_sess=100:1:SESSION` (legacy). */
function sessionOfLegacyLogout(query: string): string | undefined {
  const v = queryParam(query, 'p_next_flow_page_sess')
  return v?.split(':')[2]
}
