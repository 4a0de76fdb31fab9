/**
 * HAR entries → trace events, one entry at a time (the caller streams).
 *
 * Each APEX request becomes the event it is (docs/har-import.md has the
 * table): a page view → `request`, a page submit → `submit` (or `login` when
 * the login page's answer rotates the session ID), an Ajax call → `ajax`, a
 * logout → `logout`. Every event carries `t` (seconds since the first
 * entry's startedDateTime; the clock never goes back), its session alias and
 * `observed` (what the server answered). Without app definitions the events
 * also carry the effects the recording proves (recorded-state.ts), so the
 * trace is steppable as a recorded-only trace; with them, a replay simulates
 * each event and compares it with `observed`.
 *
 * Sessions: each distinct APEX session ID gets an alias (A, B, …). A login's
 * new ID, a redirect that carries a new ID for a known session and a session
 * the server created for a URL without one are followed; a clone
 * (REQUEST=APEX_CLONE_SESSION) gets its own alias.
 *
 * Nothing here throws on bad input: a problem is recorded with the entry
 * index and field, and the entry is skipped or read as far as it goes.
 */
import type { AppDefinition } from '../engine/model/app-definition.js'
import { AJAX_X_NAME, MAX_OPERATION_BYTES, operationSizeProblem, type Operation } from '../engine/model/operation.js'
import { bytesOverLimit, MAX_VALUE_BYTES } from '../engine/model/values.js'
import { buildUrl, type UrlRequest } from '../engine/url/index.js'
import type { Observed, TraceEvent, TraceHeader } from '../trace/schema.js'
import { classifyRequest, pageNumber, positiveInt, SKIPPED_KINDS, staticKind, type AcceptRequest, type AjaxRequest, type ApexRequest, type PostedItem, type SkippedKind } from './apex-request.js'
import { maskRequest, readAnswer, type Answer } from './answer.js'
import { parseFormBody } from './form-body.js'
import { ItemPrivacy, MASKED_VALUE } from './masking.js'
import { RecordedState, type RecordedStep } from './recorded-state.js'
import { withoutCredentials } from './url-credentials.js'

export const EVENT_KINDS = ['request', 'submit', 'login', 'ajax', 'logout'] as const
export type ImportedEventKind = (typeof EVENT_KINDS)[number]

export interface ImportProblem {
  /** Index in log.entries, or null for the file as a whole. */
  entry: number | null
  /** Where, as a path: `log.entries[17].request.postData`. */
  field: string
  message: string
}

export interface ImportedSession {
  alias: string
  /** Every APEX session ID this alias had, in order (a login adds one). */
  ids: string[]
  user?: string
  /** The alias this session was cloned from. */
  clonedFrom?: string
}

export interface HarImportSummary {
  harVersion: string | null
  creator: string | null
  entries: number
  events: number
  eventsByKind: Record<ImportedEventKind, number>
  skippedByKind: Record<SkippedKind, number>
  /** APEX endpoints this importer does not map, by name, with counts. */
  unknownEndpoints: Record<string, number>
  sessions: ImportedSession[]
  withheld: {
    /** Password values (posted, in URLs, in returned pages, a URL's user:password@) left out. */
    passwordValues: number
    /** Cookie / Set-Cookie headers in the recording, none of them written. */
    cookieHeaders: number
    /** Authorization headers in the recording, none of them written. */
    authorizationHeaders: number
  }
  masked: { globs: string[]; values: number }
  /** Entries whose time was earlier than the one before (the trace's clock never goes back). */
  outOfOrder: number
  recordedOnly: boolean
  startTime: string | null
  /** The first problems (MAX_LISTED_PROBLEMS), and how many there were in all. */
  problems: ImportProblem[]
  problemCount: number
  stopped: { message: string; byte: number; entryIndex: number | null; cancelled: boolean } | null
}

const MAX_LISTED_PROBLEMS = 200
const MAX_UNKNOWN_NAMES = 50
const MAX_UNKNOWN_NAME_CHARS = 80
export const OTHER_UNKNOWN = '(other endpoints)'

export interface ConverterOptions {
  masks?: readonly string[]
  /** App definition files the trace names (paths relative to the trace): the trace is then not recorded-only. */
  appFiles?: readonly string[]
  /** Inline app definitions (small apps): the trace is then not recorded-only. */
  apps?: readonly AppDefinition[]
  title?: string
}

/** A, B, …, Z, AA, AB, … */
export function aliasName(n: number): string {
  let s = ''
  let k = n
  do {
    s = String.fromCharCode(65 + (k % 26)) + s
    k = Math.floor(k / 26) - 1
  } while (k >= 0)
  return s
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function countHeaders(headers: unknown, names: readonly string[]): number {
  if (!Array.isArray(headers)) return 0
  let n = 0
  for (const h of headers) if (isRecord(h) && typeof h.name === 'string' && names.includes(h.name.toLowerCase())) n++
  return n
}

function responseMime(entry: Record<string, unknown>): string {
  const res = entry.response
  if (!isRecord(res)) return ''
  const content = res.content
  return isRecord(content) && typeof content.mimeType === 'string' ? content.mimeType : ''
}

export class HarConverter {
  readonly summary: HarImportSummary
  private readonly privacy: ItemPrivacy
  private readonly recorded: RecordedState | null
  /** APEX session ID → alias. */
  private readonly aliasOf = new Map<string, string>()
  private readonly sessions = new Map<string, ImportedSession>()
  private startMs: number | null = null
  private lastT = 0

  constructor(private readonly options: ConverterOptions = {}) {
    this.privacy = new ItemPrivacy(options.masks ?? [])
    const recordedOnly = (options.appFiles?.length ?? 0) === 0 && (options.apps?.length ?? 0) === 0
    this.recorded = recordedOnly ? new RecordedState() : null
    this.summary = {
      harVersion: null,
      creator: null,
      entries: 0,
      events: 0,
      eventsByKind: Object.fromEntries(EVENT_KINDS.map((k) => [k, 0])) as Record<ImportedEventKind, number>,
      skippedByKind: Object.fromEntries(SKIPPED_KINDS.map((k) => [k, 0])) as Record<SkippedKind, number>,
      unknownEndpoints: {},
      sessions: [],
      withheld: { passwordValues: 0, cookieHeaders: 0, authorizationHeaders: 0 },
      masked: { globs: [...(options.masks ?? [])], values: 0 },
      outOfOrder: 0,
      recordedOnly,
      startTime: null,
      problems: [],
      problemCount: 0,
      stopped: null,
    }
  }

  /** The header, once the first entry with a time has set the clock's origin (or at the end). */
  header(): TraceHeader {
    const h: TraceHeader = {
      format: 'session-trace',
      version: 1,
      title: this.options.title ?? 'Imported browser recording (HAR)',
      description:
        'Imported from a browser recording by session-scope import-har. Passwords, Cookie, Set-Cookie and Authorization values were never written' +
        (this.summary.masked.globs.length > 0 ? `; values of items matching ${this.summary.masked.globs.join(', ')} are masked` : '') +
        '.',
    }
    if (this.summary.startTime !== null) h.startTime = this.summary.startTime
    // A fixed seed: a replay of the recording makes the same session IDs every time (byte-identical output).
    if (!this.summary.recordedOnly) h.seed = 1
    if (this.options.apps && this.options.apps.length > 0) h.apps = [...this.options.apps]
    if (this.options.appFiles && this.options.appFiles.length > 0) h.appFiles = [...this.options.appFiles]
    return h
  }

  problem(entry: number | null, field: string, message: string): void {
    this.summary.problemCount++
    if (this.summary.problems.length < MAX_LISTED_PROBLEMS) this.summary.problems.push({ entry, field, message })
  }

  /**
   * Counts an endpoint the importer does not map. The names come from the
   * recording: at most MAX_UNKNOWN_NAMES distinct ones, each cut at
   * MAX_UNKNOWN_NAME_CHARS, are named; the rest count under OTHER_UNKNOWN
   * (a recording of a million made-up names must not make a million-line summary).
   */
  private countUnknown(name: string): void {
    const counts = this.summary.unknownEndpoints
    let key = name.length > MAX_UNKNOWN_NAME_CHARS ? `${name.slice(0, MAX_UNKNOWN_NAME_CHARS)}…` : name
    if (!Object.hasOwn(counts, key) && Object.keys(counts).length >= MAX_UNKNOWN_NAMES) key = OTHER_UNKNOWN
    counts[key] = (Object.hasOwn(counts, key) ? counts[key]! : 0) + 1
  }

  /** Notes the time of an entry before it is converted (so the header can be written first). */
  noteTime(raw: unknown): void {
    if (this.startMs !== null || !isRecord(raw) || typeof raw.startedDateTime !== 'string') return
    const ms = Date.parse(raw.startedDateTime)
    if (Number.isFinite(ms)) {
      this.startMs = ms
      this.summary.startTime = new Date(ms).toISOString()
    }
  }

  /**
   * Whether the answer's body of this (partly read) entry can be left out
   * unread: a GET of a static file the importer skips anyway (a script, an
   * image, a style sheet, a font). Saves assembling the biggest strings of a
   * real recording. Never throws.
   */
  needsNoBody(entry: unknown): boolean {
    try {
      if (!isRecord(entry) || !isRecord(entry.request)) return false
      const { method, url } = entry.request
      if (typeof url !== 'string' || (typeof method === 'string' && method.toUpperCase() !== 'GET')) return false
      return staticKind(url, responseMime(entry)) !== null
    } catch {
      return false
    }
  }

  /** The events of one entry (none, or one). Never throws. */
  convert(raw: unknown, index: number, dropped: readonly string[] = []): TraceEvent[] {
    this.summary.entries++
    const where = `log.entries[${index}]`
    try {
      for (const d of dropped) this.problem(index, d, 'a string longer than the importer keeps: left out')
      return this.convertEntry(raw, index, where)
    } catch (error) {
      // A safety net: the code above is written not to throw; a bug must not end the import.
      this.problem(index, where, `internal error while importing this entry: ${error instanceof Error ? error.message : String(error)}`)
      return []
    }
  }

  private convertEntry(raw: unknown, index: number, where: string): TraceEvent[] {
    if (!isRecord(raw)) {
      this.problem(index, where, 'not an object')
      return []
    }
    const request = raw.request
    if (!isRecord(request)) {
      this.problem(index, `${where}.request`, 'missing or not an object')
      return []
    }
    const method = typeof request.method === 'string' ? request.method : ''
    const url = typeof request.url === 'string' ? request.url : null
    if (url === null) {
      this.problem(index, `${where}.request.url`, 'missing or not text')
      return []
    }
    this.summary.withheld.cookieHeaders += countHeaders(request.headers, ['cookie'])
    this.summary.withheld.authorizationHeaders += countHeaders(request.headers, ['authorization', 'proxy-authorization'])
    if (isRecord(raw.response)) this.summary.withheld.cookieHeaders += countHeaders(raw.response.headers, ['set-cookie'])

    const t = this.timeOf(raw, index, where)
    let fields: ReturnType<typeof parseFormBody> = { ok: true, fields: [], kind: 'none' }
    if (method.toUpperCase() === 'POST') {
      fields = parseFormBody(request.postData)
      if (!fields.ok) {
        this.problem(index, `${where}.request.postData`, fields.message)
        fields = { ok: true, fields: [], kind: 'none' }
      }
    }
    const classified = classifyRequest(method, url, responseMime(raw), fields.ok ? fields.fields : [])
    if ('skipped' in classified) {
      this.summary.skippedByKind[classified.skipped]++
      return []
    }
    if ('problem' in classified) {
      this.problem(index, `${where}.request${/p_json/.test(classified.problem) ? '.postData' : ''}`, classified.problem)
      return []
    }
    const apex = classified.apex
    if (apex.kind === 'unknownApex') {
      this.countUnknown(apex.endpoint)
      return []
    }
    if (apex.kind === 'accept' && method.toUpperCase() === 'POST' && request.postData === undefined) {
      this.problem(index, `${where}.request.postData`, 'missing: a page submit without its posted fields (the recording left them out); imported without values')
    }
    const answer = readAnswer(raw, apex.kind === 'show' ? 'show' : apex.kind, this.privacy)
    if (answer.urlCredentials) this.summary.withheld.passwordValues++
    for (const p of answer.problems) this.problem(index, `${where}.${p.split(':')[0]}`, p.slice(p.indexOf(':') + 1).trim())
    const event = this.eventOf(apex, answer, t, index, where)
    if (event === null) return []
    this.summary.events++
    this.summary.eventsByKind[event.type as ImportedEventKind]++
    return [event]
  }

  private timeOf(raw: Record<string, unknown>, index: number, where: string): number | undefined {
    if (typeof raw.startedDateTime !== 'string') {
      this.problem(index, `${where}.startedDateTime`, 'missing: the entry gets the time of the one before')
      return undefined
    }
    const ms = Date.parse(raw.startedDateTime)
    if (!Number.isFinite(ms)) {
      this.problem(index, `${where}.startedDateTime`, `not a date and time (${raw.startedDateTime.slice(0, 40)}): the entry gets the time of the one before`)
      return undefined
    }
    if (this.startMs === null) {
      this.startMs = ms
      this.summary.startTime = new Date(ms).toISOString()
    }
    let t = Math.round(ms - this.startMs) / 1000
    if (t < this.lastT) {
      this.summary.outOfOrder++
      t = this.lastT
    }
    this.lastT = t
    return t
  }

  // -------------------------------------------------------------------------
  // Sessions

  private alias(id: string): string | undefined {
    return this.aliasOf.get(id)
  }

  private newAlias(id: string, clonedFrom?: string): string {
    const alias = aliasName(this.sessions.size)
    this.aliasOf.set(id, alias)
    const s: ImportedSession = { alias, ids: [id] }
    if (clonedFrom !== undefined) s.clonedFrom = clonedFrom
    this.sessions.set(alias, s)
    this.summary.sessions.push(s)
    return alias
  }

  /** The same session under a new ID (a login's rotation, a redirect carrying a new ID). */
  private follow(alias: string, newId: string): void {
    if (this.aliasOf.has(newId)) return
    this.aliasOf.set(newId, alias)
    this.sessions.get(alias)?.ids.push(newId)
  }

  // -------------------------------------------------------------------------
  // Values

  /** Posted or URL values as the trace may show them: withheld dropped, masked masked, over-long left out. */
  private values(items: readonly { name: string; value: string | null }[], index: number, where: string): Record<string, string> {
    const out: Record<string, string> = {}
    for (const it of items) {
      if (this.privacy.isWithheld(it.name)) {
        if (it.value !== null && it.value !== '') this.summary.withheld.passwordValues++
        continue
      }
      let v = it.value ?? ''
      if (this.privacy.isMasked(it.name)) {
        if (v !== '') {
          this.summary.masked.values++
          v = MASKED_VALUE
        }
      } else {
        const over = bytesOverLimit(v, MAX_VALUE_BYTES)
        if (over !== null) {
          this.problem(index, where, `the value of ${it.name} is ${over} bytes, over the ${MAX_VALUE_BYTES}-byte limit of a trace value: left out`)
          continue
        }
      }
      out[it.name] = v
    }
    return out
  }

  /**
   * One operation is at most MAX_OPERATION_BYTES as JSON (the engine's and the
   * reader's limit): a form posting several long values can exceed it. The
   * longest values are left out (in the event and so in its effects) until it
   * fits — before any effect is recorded, so the recorded state stays the
   * trace's.
   */
  private fitOperation(event: Record<string, unknown>, values: Record<string, string>, index: number, where: string): void {
    while (operationSizeProblem(event as unknown as Operation) !== null) {
      const longest = Object.keys(values).sort((a, b) => values[b]!.length - values[a]!.length)[0]
      if (longest === undefined) {
        delete event.observed
        if (operationSizeProblem(event as unknown as Operation) !== null) delete event.f
        break
      }
      this.problem(index, `${where}.request.postData`, `the event is over the ${MAX_OPERATION_BYTES}-byte limit of one operation: the value of ${longest} (${values[longest]!.length} characters) is left out`)
      delete values[longest]
    }
  }

  private countObserved(observed: Observed): void {
    if (observed.items) for (const v of Object.values(observed.items)) if (v === MASKED_VALUE) this.summary.masked.values++
  }

  // -------------------------------------------------------------------------
  // Events

  private eventOf(apex: Exclude<ApexRequest, { kind: 'unknownApex' }>, answer: Answer, t: number | undefined, index: number, where: string): TraceEvent | null {
    this.countObserved(answer.observed)
    switch (apex.kind) {
      case 'show':
        if (isLogoutPage(apex.url, answer) && this.alias(apex.url.session) !== undefined) return this.logout(apex.url.session, positiveInt(apex.url.app), answer, t, index, where)
        return this.show(apex.url, answer, t, index, where)
      case 'accept':
        return this.accept(apex, answer, t, index, where)
      case 'ajax':
        return this.ajax(apex, answer, t, index, where)
      case 'logout':
        return this.logout(apex.session, apex.app, answer, t, index, where)
    }
  }

  private base(type: string, t: number | undefined): Record<string, unknown> {
    const e: Record<string, unknown> = { type }
    if (t !== undefined) e.t = t
    return e
  }

  private show(url: UrlRequest, answer: Answer, t: number | undefined, index: number, where: string): TraceEvent | null {
    const urlSession = url.session === '0' ? '' : url.session
    const carried = answer.session
    const event = this.base('request', t)
    let alias: string | undefined
    let as: string | undefined
    let sessionId: string | null = null
    let clonedFrom: string | undefined
    if (urlSession !== '' && this.alias(urlSession) !== undefined) {
      alias = this.alias(urlSession)!
      sessionId = urlSession
      if (url.request.toUpperCase() === 'APEX_CLONE_SESSION' && carried !== null && carried !== urlSession && this.alias(carried) === undefined) {
        // The clone: a new session in the same group; the answer carries its ID.
        as = this.newAlias(carried, alias)
        clonedFrom = urlSession
        sessionId = carried
      } else if (carried !== null && carried !== urlSession && this.alias(carried) === undefined) {
        // The server answered with a new ID for this session (it had expired, or a login elsewhere rotated it).
        this.follow(alias, carried)
      }
    } else if (carried !== null && this.alias(carried) !== undefined) {
      // No (or an unknown) session in the URL, but the answer is in a session we know (the browser's cookie).
      alias = this.alias(carried)!
      sessionId = carried
    } else {
      // A new session: the server made it (the answer carries it), or the recording starts inside it.
      const id = carried ?? (urlSession !== '' ? urlSession : null)
      if (id !== null) {
        as = this.newAlias(id)
        sessionId = id
        if (urlSession !== '' && carried !== null && urlSession !== carried) this.follow(as, urlSession)
      }
    }
    // The URL as the trace writes it: the real session ID becomes &SESSION. (the replay's own ID), private values hidden.
    // A new session's URL names none (the replay makes it); a known one's names &SESSION.
    const written: UrlRequest = { ...url, session: alias !== undefined ? '&SESSION.' : '' }
    const shown = withoutCredentials(buildUrl(maskRequest(written, this.privacy)).replace(/%26SESSION\./g, '&SESSION.'))
    if (shown.removed) this.summary.withheld.passwordValues++
    event.url = shown.url
    const urlOver = bytesOverLimit(event.url as string, MAX_VALUE_BYTES)
    if (urlOver !== null) {
      this.problem(index, `${where}.request.url`, `the URL is ${urlOver} bytes, over the ${MAX_VALUE_BYTES}-byte limit of a trace value: skipped`)
      return null
    }
    const urlValues = this.values(url.items, index, `${where}.request.url`)
    if (alias !== undefined) event.session = alias
    if (as !== undefined) event.as = as
    event.observed = answer.observed
    if (this.recorded !== null && sessionId !== null) {
      const rs = this.recorded
      // A redirect shows no page and stores nothing yet: the request it redirects to does (the browser's next entry).
      const status = answer.observed.status
      const redirected = status >= 300 && status < 400
      const app = redirected ? (positiveInt(url.app) ?? answer.observed.app ?? null) : (answer.observed.app ?? positiveInt(url.app))
      const page = redirected ? pageNumber(url.page) : (answer.observed.page ?? pageNumber(url.page))
      const aliasNow = as ?? alias ?? '?'
      const step = rs.step(clonedFrom !== undefined ? 'clone' : 'show', t ?? this.lastT, (rec) => {
        const id = rs.ensureSession(rec, sessionId!, aliasNow, t ?? this.lastT, `request ${event.url as string}`, clonedFrom)
        if (app !== null && !redirected) {
          rs.store(rec, id, app, urlValues, 'setUrlItems', 'Item values set by the URL', `URL ${event.url as string}`)
          if (page !== null && answer.observed.status < 400) rs.showPage(rec, id, app, page, `page ${page} of app ${app} shown`)
        }
        return { session: id, app, page, outcome: outcomeOf(answer, 'show') }
      })
      attachRecorded(event, step)
    }
    return event as unknown as TraceEvent
  }

  private sessionFor(id: string): string {
    return this.alias(id) ?? this.newAlias(id)
  }

  private accept(apex: AcceptRequest, answer: Answer, t: number | undefined, index: number, where: string): TraceEvent | null {
    if (apex.session === '' || apex.app === null || apex.page === null) {
      this.problem(index, `${where}.request.postData`, `a page submit without ${apex.session === '' ? 'p_instance (the session)' : apex.app === null ? 'p_flow_id (the app)' : 'p_flow_step_id (the page)'}: skipped`)
      return null
    }
    const known = this.alias(apex.session) !== undefined
    const alias = this.sessionFor(apex.session)
    const passwordPosted = apex.items.some((it) => this.privacy.isWithheld(it.name) && it.value !== '')
    const rotated = answer.session !== null && answer.session !== apex.session && !answer.failed
    const values = this.values(apex.items, index, `${where}.request.postData`)
    if (passwordPosted && rotated) {
      const user = userOf(apex.items, this.privacy)
      const event = this.base('login', t)
      event.session = alias
      event.user = user
      event.observed = answer.observed
      this.follow(alias, answer.session!)
      const s = this.sessions.get(alias)
      if (s) s.user = user
      if (this.recorded !== null) {
        const rs = this.recorded
        const step = rs.step('login', t ?? this.lastT, (rec) => {
          rs.ensureSession(rec, apex.session, alias, t ?? this.lastT, `login page ${apex.page} of app ${apex.app}`)
          const id = rs.login(rec, apex.session, answer.session!, user)
          return { session: id, app: apex.app, page: apex.page, outcome: 'ok' }
        })
        attachRecorded(event, step)
      }
      return event as unknown as TraceEvent
    }
    if (!known) this.problem(index, `${where}.request.postData.p_instance`, `a submit in session ${apex.session}, which the recording never showed before: it starts the session`)
    if (answer.session !== null && answer.session !== apex.session && this.alias(answer.session) === undefined) this.follow(alias, answer.session)
    const event = this.base('submit', t)
    event.session = alias
    event.page = apex.page
    event.app = apex.app
    if (apex.request !== '') event.request = apex.request
    event.values = values
    event.observed = answer.observed
    this.fitOperation(event, values, index, where)
    if (this.recorded !== null) {
      const rs = this.recorded
      const step = rs.step('accept', t ?? this.lastT, (rec) => {
        const id = rs.ensureSession(rec, apex.session, alias, t ?? this.lastT, `submit of page ${apex.page}`)
        rs.store(rec, id, apex.app!, values, 'postValues', `Posted values (REQUEST = ${apex.request || 'none'})`, `posted value (submit of page ${apex.page})`)
        return { session: id, app: apex.app, page: apex.page, outcome: outcomeOf(answer, 'accept') }
      })
      attachRecorded(event, step)
    }
    return event as unknown as TraceEvent
  }

  private ajax(apex: AjaxRequest, answer: Answer, t: number | undefined, index: number, where: string): TraceEvent | null {
    if (apex.session === '') {
      this.problem(index, `${where}.request.postData`, 'an Ajax call without p_instance (the session): skipped')
      return null
    }
    if (apex.other !== undefined) {
      const name = `wwv_flow.ajax ${apex.other === '' ? '(no p_request)' : `p_request=${apex.other.split('=')[0]}`}`
      this.countUnknown(name)
      return null
    }
    const alias = this.sessionFor(apex.session)
    const values = this.values(apex.items, index, `${where}.request.postData`)
    const event = this.base('ajax', t)
    event.session = alias
    if (apex.app !== null) event.app = apex.app
    event.page = apex.page ?? 0
    if (apex.process !== undefined) event.process = apex.process
    else event.plugin = apex.plugin
    if (Object.keys(values).length > 0) event.values = values
    const x: Record<string, string> = {}
    for (const [k, v] of Object.entries(apex.x)) {
      if (!AJAX_X_NAME.test(k)) {
        this.problem(index, `${where}.request.postData.${k}`, 'x11…x20 have no place in the trace (it keeps x01…x10): left out')
        continue
      }
      if (bytesOverLimit(v, MAX_VALUE_BYTES) === null) x[k] = v
    }
    if (Object.keys(x).length > 0) event.x = x
    const f: Record<string, string[]> = {}
    for (const [k, list] of Object.entries(apex.f)) f[k] = list.filter((v) => bytesOverLimit(v, MAX_VALUE_BYTES) === null)
    if (Object.keys(f).length > 0) event.f = f
    event.observed = answer.observed
    this.fitOperation(event, values, index, where)
    if (this.recorded !== null) {
      const rs = this.recorded
      const app = apex.app
      const step = rs.step('ajax', t ?? this.lastT, (rec) => {
        const id = rs.ensureSession(rec, apex.session, alias, t ?? this.lastT, `Ajax call on page ${apex.page ?? '?'}`)
        if (app !== null) rs.store(rec, id, app, values, 'ajaxSubmit', 'Items to Submit', `Items to Submit of Ajax ${apex.process ?? apex.plugin} (page ${apex.page ?? '?'})`)
        return { session: id, app, page: apex.page, outcome: outcomeOf(answer, 'ajax') }
      })
      attachRecorded(event, step)
    }
    return event as unknown as TraceEvent
  }

  private logout(session: string, app: number | null, answer: Answer, t: number | undefined, index: number, where: string): TraceEvent | null {
    const alias = session !== '' ? this.alias(session) : undefined
    if (alias === undefined) {
      this.problem(index, `${where}.request.url`, session === '' ? 'a logout that names no session: skipped' : `a logout of session ${session}, which the recording never showed: skipped`)
      return null
    }
    const event = this.base('logout', t)
    event.session = alias
    event.observed = answer.observed
    if (this.recorded !== null) {
      const rs = this.recorded
      const step = rs.step('logout', t ?? this.lastT, (rec) => ({ session: rs.logout(rec, session, t ?? this.lastT), app, page: null, outcome: 'ok' }))
      attachRecorded(event, step)
    }
    return event as unknown as TraceEvent
  }
}

/**
 * A logout page (a page or request named LOGOUT whose process calls
 * APEX_AUTHENTICATION.LOGOUT): a view of it in a known session answered by a
 * redirect that carries no session any more.
 */
function isLogoutPage(url: UrlRequest, answer: Answer): boolean {
  if (url.request.toUpperCase() !== 'LOGOUT' && url.page.toUpperCase() !== 'LOGOUT') return false
  const status = answer.observed.status
  return status >= 300 && status < 400 && answer.session === null
}

function outcomeOf(answer: Answer, kind: 'show' | 'accept' | 'ajax'): 'ok' | 'validationFailed' | 'error' {
  const status = answer.observed.status
  if (status === 0 || status >= 500) return 'error'
  if (answer.failed) return kind === 'accept' && status < 400 ? 'validationFailed' : 'error'
  return 'ok'
}

/** The user a login names: the posted user-name item (not the password), else the first posted value. */
function userOf(items: readonly PostedItem[], privacy: ItemPrivacy): string {
  const candidates = items.filter((it) => !privacy.isWithheld(it.name) && it.value !== '')
  const named = candidates.find((it) => /USER|LOGIN|EMAIL|NAME/i.test(it.name)) ?? candidates[0]
  if (!named) return 'unknown'
  return privacy.isMasked(named.name) ? MASKED_VALUE : named.value.slice(0, 256)
}

/** The recorded form: effects, outcome and the `steps` extension (docs/timeline.md) so the session, app and page show. */
function attachRecorded(event: Record<string, unknown>, step: RecordedStep): void {
  event.effects = step.effects
  event.outcome = step.outcome
  event.steps = [
    {
      effects: step.effects.length,
      kind: step.kind,
      outcome: step.outcome,
      t: step.t,
      session: step.session,
      app: step.app,
      page: step.page,
      phases: step.phases,
    },
  ]
}
