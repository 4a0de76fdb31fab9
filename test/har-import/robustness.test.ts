/**
 * Damaged and unusual recordings: a clear problem naming the entry, what
 * could be read kept, never a throw. Each recording is built here, so the
 * expected values are the ones written into it.
 */
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { importHarToMemory, streamHar } from '../../src-main/har-import/index.js'
import { readTraceText } from '../../src-main/trace/reader.js'
import { writeTraceText } from '../../src-main/trace/writer.js'
import { HOST, bare, entry, har, importText, page, pJson, timelineOfEvents, urlencoded } from './helpers.js'

const S = '7000000000007'
const show = (at: number, url = `${HOST}f?p=100:1:${S}`) => entry({ at, url, text: page(100, 1, S) })

describe('damaged files', () => {
  it('a truncated file keeps the entries read before the cut and says where reading stopped', async () => {
    const text = har([show(0), show(1, `${HOST}f?p=100:2:${S}`), show(2, `${HOST}f?p=100:3:${S}`)])
    // Cut inside the third entry.
    const cut = text.lastIndexOf('f?p=100:3') + 4
    const { events, summary } = await importText(text.slice(0, cut))
    // The recording starts inside session S: its first request makes session A (no ID in the URL), the next names it.
    expect(events.map((e) => (e as { url: string }).url)).toEqual([`${HOST}f?p=100:1`, `${HOST}f?p=100:2:&SESSION.`])
    expect(summary.stopped).toMatchObject({ entryIndex: 2, cancelled: false, byte: cut })
    expect(summary.problems.at(-1)).toMatchObject({ entry: 2, field: 'log.entries[2]' })
    expect(summary.problems.at(-1)!.message).toMatch(/reading stopped near byte \d+: not valid JSON .*truncated.*the 2 entries before it were imported/)
  })

  it('text that is not JSON, JSON that is not a HAR, and an empty file: no entries, a problem, no throw', async () => {
    for (const text of ['<html>not a har</html>', '{"foo": [1, 2]}', '', '[{"log": {"entries": []}}]']) {
      const { events, summary } = await importText(text)
      expect(events).toEqual([])
      expect(summary.problemCount, text).toBeGreaterThan(0)
    }
  })

  it('entries that are not objects, or lack request/url, are named by index and skipped; the rest import', async () => {
    const text = har([42, { request: 'x' }, { request: { method: 'GET' } }, show(3)])
    const { events, summary } = await importText(text)
    expect(events.length).toBe(1)
    expect(summary.problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'log.entries[0]: not an object',
      'log.entries[1].request: missing or not an object',
      'log.entries[2].request.url: missing or not text',
    ])
  })

  it('a bad startedDateTime takes the time of the entry before; an earlier one does not move the clock back', async () => {
    const a = show(10)
    const b = { ...show(20), startedDateTime: 'yesterday' }
    const c = show(5)
    const { events, summary } = await importText(har([a, b, c]))
    expect(events.map((e) => (e as { t?: number }).t)).toEqual([0, undefined, 0])
    expect(summary.outOfOrder).toBe(1)
    expect(summary.problems[0]).toEqual({ entry: 1, field: 'log.entries[1].startedDateTime', message: 'not a date and time (yesterday): the entry gets the time of the one before' })
  })

  it('cancel: an aborted signal stops the read and says so', async () => {
    const controller = new AbortController()
    controller.abort()
    const { summary } = await importText(har([show(0)]), { signal: controller.signal })
    expect(summary.stopped?.cancelled).toBe(true)
    expect(summary.events).toBe(0)
  })

  it('cancel midway: what was read before the abort is kept', async () => {
    const text = har([show(0), show(1, `${HOST}f?p=100:2:${S}`), show(2, `${HOST}f?p=100:3:${S}`)])
    const cut = text.indexOf('f?p=100:2:')
    const controller = new AbortController()
    const { events, summary } = await importHarToMemory(Readable.from([Buffer.from(text.slice(0, cut)), Buffer.from(text.slice(cut))]), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    })
    expect(events.length).toBe(1)
    expect(summary.stopped).toMatchObject({ cancelled: true, entryIndex: 1 })
    expect(summary.problems.at(-1)!.message).toBe('import cancelled; the 1 entry before it was imported')
  })

  it('a string longer than the importer keeps is left out and named, the entry still imports', async () => {
    const big = entry({ at: 0, url: `${HOST}f?p=100:1:${S}`, text: page(100, 1, S, 'x'.repeat(5000)) })
    const { events, summary } = await importText(har([big]), { maxStringChars: 1000 })
    expect(events.length).toBe(1)
    expect(summary.problems).toEqual([{ entry: 0, field: 'log.entries[0].response.content.text', message: 'a string longer than the importer keeps: left out' }])
  })

  it('the body of a file the importer skips (a script, an image) is never assembled', async () => {
    const script = entry({ at: 0, url: `${HOST}i/app.js`, mime: 'application/javascript', text: 'x'.repeat(5000) })
    const { summary } = await importText(har([script, show(1)]), { maxStringChars: 1000 })
    // Over the string limit, yet no problem: the body was skipped before it was read, not dropped for its size.
    expect(summary.problems).toEqual([])
    expect(summary.skippedByKind.script).toBe(1)
    expect(summary.events).toBe(1)
  })

  it('progress is reported by bytes read', async () => {
    const text = har([show(0), show(1)])
    const seen: number[] = []
    await importHarToMemory(Readable.from([Buffer.from(text.slice(0, 100)), Buffer.from(text.slice(100))]), { onProgress: (n) => seen.push(n) })
    expect(seen).toEqual([100, Buffer.byteLength(text)])
  })
})

describe('request shapes', () => {
  const submit = (postData: unknown, at = 1) => entry({ method: 'POST', at, url: `${HOST}wwv_flow.accept?p_context=100/1/${S}`, status: 302, responseHeaders: [['Location', `f?p=100:2:${S}`]], postData })
  const fields = (items: { n: string; v: string }[], request = 'SAVE'): [string, string][] => [
    ['p_flow_id', '100'],
    ['p_flow_step_id', '1'],
    ['p_instance', S],
    ['p_request', request],
    ['p_json', pJson(items)],
  ]

  it('p_json split into 8000-character chunks (apex.server.chunk) is joined before it is read', async () => {
    const long = 'A'.repeat(20000)
    const json = pJson([{ n: 'P1_NOTE', v: long }, { n: 'P1_X', v: 'x' }])
    const chunks: [string, string][] = []
    for (let i = 0; i < json.length; i += 8000) chunks.push(['p_json', json.slice(i, i + 8000)])
    expect(chunks.length).toBe(3)
    const body = urlencoded([['p_flow_id', '100'], ['p_flow_step_id', '1'], ['p_instance', S], ['p_request', 'SAVE'], ...chunks])
    const { events } = await importText(har([show(0), submit(body)]))
    expect((events[1] as { values: Record<string, string> }).values).toEqual({ P1_NOTE: long, P1_X: 'x' })
  })

  it('Firefox params (decoded), Chrome params (still encoded, text wins), and params only with an encoded body', async () => {
    const f = fields([{ n: 'P1_X', v: 'a b&c=d+e%' }])
    const decoded = { mimeType: 'application/x-www-form-urlencoded', params: f.map(([name, value]) => ({ name, value })) }
    const chrome = { ...urlencoded(f), params: f.map(([name, value]) => ({ name, value: encodeURIComponent(value) })) }
    const encodedOnly = { mimeType: 'application/x-www-form-urlencoded', params: f.map(([name, value]) => ({ name, value: encodeURIComponent(value) })) }
    for (const pd of [chrome, encodedOnly]) {
      const { events } = await importText(har([show(0), submit(pd)]))
      expect((events[1] as { values: unknown }).values).toEqual({ P1_X: 'a b&c=d+e%' })
    }
    // Decoded params of a urlencoded body are decoded once more: a '+' there reads as a space (the HAR cannot tell which form it holds).
    const { events } = await importText(har([show(0), submit(decoded)]))
    expect((events[1] as { values: Record<string, string> }).values.P1_X).toBe('a b&c=d e%')
  })

  it('a multipart post: fields read, file parts left out', async () => {
    const boundary = '----WebKitFormBoundaryX'
    const parts = fields([{ n: 'P1_X', v: 'multi\r\nline' }])
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('')
    const text = `${parts}--${boundary}\r\nContent-Disposition: form-data; name="p_files"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nSECRET-FILE\r\n--${boundary}--\r\n`
    const { events } = await importText(har([show(0), submit({ mimeType: `multipart/form-data; boundary=${boundary}`, text })]))
    expect((events[1] as { values: unknown }).values).toEqual({ P1_X: 'multi\r\nline' })
    expect(JSON.stringify(events)).not.toContain('SECRET-FILE')
  })

  it('values too long for one trace line: the longest are left out and named; the recorded trace still loads and reads back', async () => {
    const big = (c: string) => c.repeat(900 * 1024)
    const body = urlencoded(fields([{ n: 'P1_A', v: big('a') }, { n: 'P1_B', v: big('b') }, { n: 'P1_C', v: big('c') }, { n: 'P1_D', v: 'small' }]))
    const huge = entry({ at: 2, url: `${HOST}f?p=100:1:${S}`, text: page(100, 1, S, `<textarea id="P1_T">${'t'.repeat(300 * 1024)}</textarea><input id="P1_D" value="small">`) })
    const { header, events, summary } = await importText(har([show(0), submit(body), huge]))
    const values = (events[1] as { values: Record<string, string> }).values
    // Three values of 900 KiB make 2.7 MB, over the 2 MiB of one operation; the first of the longest goes, two fit.
    expect(Object.keys(values)).toEqual(['P1_B', 'P1_C', 'P1_D'])
    expect(summary.problems).toContainEqual({ entry: 1, field: 'log.entries[1].request.postData', message: 'the event is over the 2097152-byte limit of one operation: the value of P1_A (921600 characters) is left out' })
    expect((events[2] as { observed: { items: Record<string, unknown> } }).observed.items).toEqual({ P1_D: 'small' })
    expect(summary.problems.some((p) => p.field === 'log.entries[2].response.content.text' && p.message.startsWith('the rendered value of P1_T is 307200 characters'))).toBe(true)
    timelineOfEvents(events)
    expect([...readTraceText(writeTraceText(header, events))].length).toBe(4)
  })

  it('legacy p_arg_names with p_t01… values', async () => {
    const body = urlencoded([['p_flow_id', '100'], ['p_flow_step_id', '1'], ['p_instance', S], ['p_request', 'GO'], ['p_arg_names', 'P1_A'], ['p_t01', 'one'], ['p_arg_names', 'P1_B'], ['p_t02', 'two']])
    const { events } = await importText(har([show(0), submit(body)]))
    expect((events[1] as { values: unknown }).values).toEqual({ P1_A: 'one', P1_B: 'two' })
  })

  it('missing postData: the submit is still an event, without values, and the problem names the entry', async () => {
    const { events, summary } = await importText(har([show(0), submit(undefined)]))
    expect(bare(events)[1]).toMatchObject({ type: 'submit', session: 'A', page: 1 })
    expect(summary.problems.map((p) => p.field)).toContain('log.entries[1].request.postData')
  })

  it('p_json that is not JSON names the entry and field; the import goes on', async () => {
    const body = urlencoded([['p_flow_id', '100'], ['p_flow_step_id', '1'], ['p_instance', S], ['p_json', '{"pageItems":']])
    const { events, summary } = await importText(har([show(0), submit(body), show(2)]))
    expect(events.length).toBe(2)
    expect(summary.problems[0]!.field).toBe('log.entries[1].request.postData')
    expect(summary.problems[0]!.message).toMatch(/^p_json is not valid JSON \(1 field, 13 characters\)/)
  })

  it('a base64 answer is decoded; base64 that is not base64 is a problem', async () => {
    const html = page(100, 7, S, '<input type="text" id="P7_NAME" name="P7_NAME" value="Ünïcode">')
    const ok = entry({ at: 0, url: `${HOST}f?p=100:7:${S}`, text: Buffer.from(html, 'utf8').toString('base64'), encoding: 'base64' })
    const bad = entry({ at: 1, url: `${HOST}f?p=100:7:${S}`, text: '<<not base64>>', encoding: 'base64' })
    const { events, summary } = await importText(har([ok, bad]))
    expect((events[0] as { observed: { items: unknown } }).observed.items).toEqual({ P7_NAME: 'Ünïcode' })
    expect(summary.problems).toEqual([{ entry: 1, field: 'log.entries[1].response.content.text', message: 'encoding is base64 but the text is not base64' }])
  })

  it('unknown APEX endpoints are counted by name, not fatal; other traffic is skipped by kind', async () => {
    const { events, summary } = await importText(
      har([
        entry({ url: `${HOST}wwv_flow.js_messages?p_app_id=100`, mime: 'text/plain' }),
        entry({ url: `${HOST}apex_util.download?x=1`, mime: 'text/plain' }),
        entry({ url: `${HOST}wwv_flow_file_mgr.get_file?p_id=1`, mime: 'application/octet-stream' }),
        entry({ url: 'https://cdn.example.com/a.css', mime: 'text/css' }),
        entry({ url: 'https://cdn.example.com/font', mime: 'font/woff2' }),
        entry({ url: 'https://cdn.example.com/v.mp4', mime: 'video/mp4' }),
        entry({ url: 'https://api.example.com/data', mime: 'application/json' }),
        show(1),
      ]),
    )
    expect(events.length).toBe(1)
    expect(summary.unknownEndpoints).toEqual({ 'wwv_flow.js_messages': 1, 'apex_util.download': 1, 'wwv_flow_file_mgr.get_file': 1 })
    expect(summary.skippedByKind).toEqual({ image: 0, stylesheet: 1, script: 0, font: 1, media: 1, other: 1 })
  })

  it('a friendly URL is a request; its session parameter becomes &SESSION.', async () => {
    const { events } = await importText(
      har([
        entry({ at: 0, url: `${HOST}r/hr/onboarding/employee?session=${S}&p43_ename=KING`, text: page(100, 43, S) }),
        entry({ at: 1, url: `${HOST}r/hr/onboarding/job?session=${S}`, text: page(100, 44, S) }),
      ]),
    )
    expect(bare(events).map((e) => [e.url, e.session ?? null, e.as ?? null])).toEqual([
      [`${HOST}r/hr/onboarding/employee?p43_ename=KING`, null, 'A'],
      [`${HOST}r/hr/onboarding/job?session=&SESSION.`, 'A', null],
    ])
  })

  it('a logout page (page or request LOGOUT answered by a redirect without session) is a logout; the default logout URL too', async () => {
    const { events } = await importText(
      har([
        show(0),
        entry({ at: 1, url: `${HOST}f?p=100:LOGOUT:${S}`, status: 302, responseHeaders: [['Location', 'f?p=100:9999:0']] }),
        entry({ at: 2, url: `${HOST}f?p=100:1:8000000000008`, text: page(100, 1, '8000000000008') }),
        entry({ at: 3, url: `${HOST}f?p=100:1:8000000000008:LOGOUT`, status: 302, responseHeaders: [['Location', `${HOST}r/ws/app/login`]] }),
        entry({ at: 4, url: `${HOST}f?p=100:1:9000000000009`, text: page(100, 1, '9000000000009') }),
        entry({ at: 5, url: `${HOST}apex_authentication.logout?p_app_id=100&p_session_id=9000000000009`, status: 302, responseHeaders: [['Location', 'f?p=100:1']] }),
      ]),
    )
    expect(bare(events).map((e) => `${e.type as string}:${(e.session ?? e.as) as string}`)).toEqual(['request:A', 'logout:A', 'request:B', 'logout:B', 'request:C', 'logout:C'])
  })

  it('HAR 1.1 and 1.2 read alike; another version is read as 1.2 with a note', async () => {
    for (const v of ['1.1', '1.2']) expect((await importText(har([show(0)], v))).summary.problemCount).toBe(0)
    const { events, summary } = await importText(har([show(0)], '2.0'))
    expect(events.length).toBe(1)
    expect(summary.problems).toEqual([{ entry: null, field: 'log.version', message: 'HAR version 2.0: read as 1.2 (this importer knows 1.1 and 1.2)' }])
  })
})

describe('streamHar', () => {
  it('hands out entries one by one with their index, and the creator and version', async () => {
    const seen: [number, unknown][] = []
    const r = await streamHar(Readable.from([har([{ a: 1 }, [2], 'three', null])]), { onEntry: (e, i) => seen.push([i, e]) })
    expect(seen).toEqual([
      [0, { a: 1 }],
      [1, [2]],
      [2, 'three'],
      [3, null],
    ])
    expect(r).toMatchObject({ version: '1.2', creator: 'test', entries: 4, stopped: null, noEntries: false })
  })
})
