/**
 * Shared by the HAR import tests: the constructed fixtures, a HAR built in
 * memory entry by entry (for shapes a fixture file would make big, such as a
 * p_json split into 8000-character chunks), and loading an imported
 * recorded-only trace into a real timeline (which checks every effect's
 * before-image, so an effect the importer got wrong fails the load).
 */
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { Step } from '../../src-main/engine/model/step.js'
import { importHarToMemory, type HarImportOptions } from '../../src-main/har-import/index.js'
import type { TraceEvent } from '../../src-main/trace/schema.js'
import { Timeline } from '../../src-main/timeline/timeline.js'
import { stepsOfRecordedEvent } from '../../src-main/timeline/trace-steps.js'

export const HAR_FIXTURES = fileURLToPath(new URL('../fixtures/har/', import.meta.url))
export const SAMPLE_DA_HAR = `${HAR_FIXTURES}sample-dynamic-actions-login-edit.constructed.har`
export const ONBOARDING_HAR = `${HAR_FIXTURES}onboarding-two-tabs.constructed.har`
export const MASTER_DETAIL_HAR = `${HAR_FIXTURES}sample-master-detail-two-users.constructed.har`

export const HOST = 'https://apex.example.com/ords/'

export interface EntrySpec {
  method?: string
  url: string
  status?: number
  /** Seconds after 2026-01-05T10:00:00Z. */
  at?: number
  requestHeaders?: [string, string][]
  responseHeaders?: [string, string][]
  postData?: unknown
  mime?: string
  text?: string
  encoding?: string
}

export function entry(s: EntrySpec): Record<string, unknown> {
  const content: Record<string, unknown> = { size: s.text?.length ?? 0, mimeType: s.mime ?? 'text/html' }
  if (s.text !== undefined) content.text = s.text
  if (s.encoding !== undefined) content.encoding = s.encoding
  const e: Record<string, unknown> = {
    startedDateTime: new Date(Date.UTC(2026, 0, 5, 10) + (s.at ?? 0) * 1000).toISOString(),
    time: 10,
    request: {
      method: s.method ?? 'GET',
      url: s.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: (s.requestHeaders ?? []).map(([name, value]) => ({ name, value })),
      queryString: [],
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: s.status ?? 200,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: (s.responseHeaders ?? []).map(([name, value]) => ({ name, value })),
      content,
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 8, receive: 2 },
  }
  if (s.postData !== undefined) (e.request as Record<string, unknown>).postData = s.postData
  return e
}

export function har(entries: unknown[], version = '1.2'): string {
  return JSON.stringify({ log: { version, creator: { name: 'test', version: '1' }, entries } })
}

/** A urlencoded body as browsers send it (encodeURIComponent, as jQuery does). */
export function urlencoded(fields: [string, string][]): { mimeType: string; text: string } {
  return { mimeType: 'application/x-www-form-urlencoded; charset=UTF-8', text: fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') }
}

export function pJson(items: { n: string; v: string | string[] }[]): string {
  return JSON.stringify({ pageItems: { itemsToSubmit: items, protected: 'x', rowVersion: '', formRegionChecksums: [] }, salt: '1' })
}

export function page(app: number, pageId: number, session: string, body = ''): string {
  return `<html><body><form id="wwvFlowForm"><input type="hidden" name="p_flow_id" value="${app}" id="pFlowId"><input type="hidden" name="p_flow_step_id" value="${pageId}" id="pFlowStepId"><input type="hidden" name="p_instance" value="${session}" id="pInstance">${body}</form></body></html>`
}

export function importText(text: string, options: HarImportOptions = {}): ReturnType<typeof importHarToMemory> {
  return importHarToMemory(Readable.from([Buffer.from(text, 'utf8')]), options)
}

/** The events without their recorded effects and steps (what a person reads and writes by hand). */
export function bare(events: readonly TraceEvent[]): Record<string, unknown>[] {
  return events.map((e) => {
    const { effects: _effects, steps: _steps, ...rest } = e as TraceEvent & { effects?: unknown; steps?: unknown }
    return rest
  })
}

/** Loads recorded events into a timeline (throws TimelineConsistencyError on an effect that does not apply). */
export function timelineOfEvents(events: readonly TraceEvent[]): { timeline: Timeline; steps: Step[] } {
  const timeline = new Timeline({ checkpointEvery: 4 })
  const steps: Step[] = []
  let previousT = 0
  for (const e of events) {
    const chain = stepsOfRecordedEvent(e, steps.length, previousT)
    timeline.appendEvent(chain)
    for (const s of chain) {
      steps.push(s)
      previousT = s.t
    }
  }
  return { timeline, steps }
}
