/**
 * Properties over random recordings (fast-check, run counts bounded):
 *  - masked values, passwords and cookie values never appear anywhere in the
 *    written trace, wherever the recording carried them (URLs, posted p_json,
 *    Ajax items, rendered pages, Ajax answers, headers);
 *  - the importer never throws, whatever the recording: fixtures mutated at
 *    random (fields dropped, replaced by other JSON, strings changed) and
 *    cut at random bytes.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readTraceText } from '../../src-main/trace/reader.js'
import { writeTraceText } from '../../src-main/trace/writer.js'
import { HOST, ONBOARDING_HAR, SAMPLE_DA_HAR, entry, har, importText, page, pJson, timelineOfEvents, urlencoded } from './helpers.js'

/** Distinctive secrets: they cannot occur in the trace by accident. */
const secret = fc.stringMatching(/^[A-Za-z0-9]{6,14}$/).map((s) => `Zq${s}Xj`)
const itemSuffix = fc.constantFrom('SSN', 'TAX_SSN', 'SSN_OLD')
const pageNo = fc.integer({ min: 1, max: 30 })

interface Planted {
  text: string
  secrets: string[]
}

/** A recording of one session where masked items, passwords and cookies appear in every place they can. */
const recording: fc.Arbitrary<Planted> = fc
  .record({
    pages: fc.array(fc.record({ page: pageNo, suffix: itemSuffix, value: secret, plain: fc.stringMatching(/^[a-z]{1,8}$/), where: fc.constantFrom('url', 'submit', 'ajax', 'html', 'json', 'friendly') }), { minLength: 1, maxLength: 8 }),
    password: secret,
    cookie: secret,
    token: secret,
    login: fc.boolean(),
  })
  .map(({ pages, password, cookie, token, login }) => {
    const S = '5000000000005'
    const secrets = [password, cookie, token]
    const headers: [string, string][] = [
      ['Cookie', `ORA_WWV_APP_100=${cookie}`],
      ['Authorization', `Bearer ${token}`],
    ]
    const entries: unknown[] = [entry({ at: 0, url: `${HOST}f?p=100:1:${S}`, requestHeaders: headers, responseHeaders: [['Set-Cookie', `ORA_WWV_APP_100=${cookie}`]], text: page(100, 1, S) })]
    let at = 1
    if (login) {
      entries.push(
        entry({
          method: 'POST',
          at: at++,
          url: `${HOST}wwv_flow.accept`,
          status: 302,
          requestHeaders: headers,
          responseHeaders: [['Location', `f?p=100:1:6000000000006`]],
          postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', '9999'], ['p_instance', S], ['p_request', 'LOGIN'], ['p_json', pJson([{ n: 'P9999_USERNAME', v: 'scott' }, { n: 'P9999_PASSWORD', v: password }])]]),
        }),
      )
    }
    const session = login ? '6000000000006' : S
    for (const p of pages) {
      const item = `P${p.page}_${p.suffix}`
      secrets.push(p.value)
      const at2 = at++
      switch (p.where) {
        case 'url':
          entries.push(entry({ at: at2, url: `${HOST}f?p=100:${p.page}:${session}::NO::${item},P${p.page}_PLAIN:${p.value},${p.plain}`, requestHeaders: headers, text: page(100, p.page, session) }))
          break
        case 'friendly':
          entries.push(entry({ at: at2, url: `${HOST}r/ws/app/page-${p.page}?session=${session}&${item.toLowerCase()}=${p.value}`, requestHeaders: headers, text: page(100, p.page, session) }))
          break
        case 'submit':
          entries.push(
            entry({
              method: 'POST',
              at: at2,
              url: `${HOST}wwv_flow.accept`,
              status: 302,
              responseHeaders: [['Location', `f?p=100:${p.page}:${session}::NO::${item}:${p.value}`]],
              postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', String(p.page)], ['p_instance', session], ['p_request', 'SAVE'], ['p_json', pJson([{ n: item, v: p.value }, { n: `P${p.page}_PASSWORD`, v: password }])]]),
            }),
          )
          break
        case 'ajax':
          entries.push(
            entry({
              method: 'POST',
              at: at2,
              url: `${HOST}wwv_flow.ajax`,
              mime: 'application/json',
              text: JSON.stringify({ item: item, value: p.value, [item]: p.value }),
              postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', String(p.page)], ['p_instance', session], ['p_request', 'APPLICATION_PROCESS=CHECK'], ['p_json', pJson([{ n: item, v: [p.value, p.plain] }])]]),
            }),
          )
          break
        case 'html':
          entries.push(
            entry({
              at: at2,
              url: `${HOST}f?p=100:${p.page}:${session}`,
              text: page(100, p.page, session, `<input type="text" id="${item}" name="${item}" value="${p.value}"><span id="${item}_DISPLAY">${p.value}</span><input type="password" id="P${p.page}_SECRET" name="P${p.page}_SECRET" value="${password}">`),
            }),
          )
          break
        case 'json':
          entries.push(
            entry({
              method: 'POST',
              at: at2,
              url: `${HOST}wwv_flow.ajax`,
              mime: 'application/json',
              text: JSON.stringify({ items: [{ id: item, value: p.value }, { id: `P${p.page}_PASSWORD`, value: password }] }),
              postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', String(p.page)], ['p_instance', session], ['p_request', 'PLUGIN=abc']]),
            }),
          )
          break
      }
    }
    return { text: har(entries), secrets }
  })

describe('privacy over random recordings', () => {
  it('masked values, passwords, cookies and Authorization values never appear in the trace', async () => {
    await fc.assert(
      fc.asyncProperty(recording, async ({ text, secrets }) => {
        const { header, events, summary } = await importText(text, { masks: ['P*_SSN*', 'P?_TAX_*', 'P??_TAX_*'] })
        const out = writeTraceText(header, events) + JSON.stringify(summary)
        for (const s of secrets) expect(out).not.toContain(s)
        expect(events.length).toBeGreaterThan(0)
      }),
      { numRuns: 120 },
    )
  })

  it('the same recordings without --mask do carry the values (the property above is not vacuous)', async () => {
    await fc.assert(
      fc.asyncProperty(recording, async ({ text, secrets }) => {
        const { header, events } = await importText(text)
        const out = writeTraceText(header, events)
        // Every item value planted (secrets after the password, cookie and token) is written when nothing masks it.
        for (const s of secrets.slice(3)) expect(out).toContain(s)
      }),
      { numRuns: 40 },
    )
  })
})

/** A JSON value with random changes: fields dropped, values replaced, strings altered. */
function mutate(value: unknown, rnd: () => number, depth = 0): unknown {
  const r = rnd()
  if (depth > 0 && r < 0.03) return [null, 0, -1, 1e308, '', 'x', [], {}, true][Math.floor(rnd() * 9)]
  if (typeof value === 'string') {
    if (r < 0.05) return value.slice(0, Math.floor(rnd() * value.length))
    if (r < 0.07) return value + '%ZZ\u0000<' + value
    return value
  }
  if (Array.isArray(value)) return value.filter(() => rnd() > 0.03).map((v) => mutate(v, rnd, depth + 1))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (rnd() > 0.03) out[k] = mutate(v, rnd, depth + 1)
    return out
  }
  return value
}

describe('the importer never throws', () => {
  const fixtures = [SAMPLE_DA_HAR, ONBOARDING_HAR].map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown)

  it('on fixtures mutated at random', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1 }), fc.integer(), async (which, seed) => {
        let s = seed >>> 0 || 1
        const rnd = (): number => {
          // xorshift32: the mutation is a function of the seed, so a failure shrinks and replays.
          s ^= s << 13
          s ^= s >>> 17
          s ^= s << 5
          return (s >>> 0) / 4294967296
        }
        const { summary } = await importText(JSON.stringify(mutate(fixtures[which], rnd)))
        expect(summary.entries).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 150 },
    )
  })

  it('on fixtures cut at any byte', async () => {
    const text = readFileSync(ONBOARDING_HAR, 'utf8')
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length }), async (cut) => {
        const { summary } = await importText(text.slice(0, cut))
        if (cut < text.length - 2) expect(summary.stopped ?? summary.problems[0]).toBeTruthy()
      }),
      { numRuns: 80 },
    )
  })

  it('on arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        const { summary } = await importText(JSON.stringify({ log: { version: '1.2', entries: [value, { request: value, response: value }] } }))
        expect(summary.entries).toBe(2)
      }),
      { numRuns: 150 },
    )
  })
})

/** A random APEX session recording: several sessions, page views, submits, Ajax calls, logins, clones, logouts, in any order. */
const sessionRecording = fc
  .array(
    fc.record({
      user: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom('show', 'showNew', 'submit', 'ajax', 'login', 'clone', 'logout', 'redirect', 'error'),
      page: fc.integer({ min: 1, max: 4 }),
      item: fc.constantFrom('X', 'Y', 'Z'),
      value: fc.constantFrom('', 'a', 'b', 'long value', 'ü'),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((actions) => {
    // Each user's current session ID; a login or a new visit gives a new one.
    const current = new Map<number, string>()
    let next = 1
    const newId = (): string => String(1_000_000_000_000 + next++)
    const entries: unknown[] = []
    actions.forEach((a, i) => {
      let id = current.get(a.user)
      const at = i
      if (id === undefined || a.kind === 'showNew') {
        id = newId()
        current.set(a.user, id)
        entries.push(entry({ at, url: `${HOST}f?p=100:${a.page}`, status: 302, responseHeaders: [['Location', `f?p=100:${a.page}:${id}`]] }))
        return
      }
      const item = `P${a.page}_${a.item}`
      switch (a.kind) {
        case 'show':
          entries.push(entry({ at, url: `${HOST}f?p=100:${a.page}:${id}::NO::${item}:${encodeURIComponent(a.value)}`, text: page(100, a.page, id, `<input id="${item}" name="${item}" value="${a.value}">`) }))
          break
        case 'redirect':
          entries.push(entry({ at, url: `${HOST}f?p=100:${a.page}:${id}`, status: 302, responseHeaders: [['Location', `f?p=100:1:${id}`]] }))
          break
        case 'error':
          entries.push(entry({ at, url: `${HOST}f?p=100:${a.page}:${id}`, status: 500, text: 'oops' }))
          break
        case 'submit':
          entries.push(entry({ method: 'POST', at, url: `${HOST}wwv_flow.accept`, status: 302, responseHeaders: [['Location', `f?p=100:1:${id}`]], postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', String(a.page)], ['p_instance', id], ['p_request', 'SAVE'], ['p_json', pJson([{ n: item, v: a.value }])]]) }))
          break
        case 'ajax':
          entries.push(entry({ method: 'POST', at, url: `${HOST}wwv_flow.ajax`, mime: 'application/json', text: '{}', postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', String(a.page)], ['p_instance', id], ['p_request', 'APPLICATION_PROCESS=P'], ['p_json', pJson([{ n: item, v: a.value }])]]) }))
          break
        case 'login': {
          const rotated = newId()
          entries.push(entry({ method: 'POST', at, url: `${HOST}wwv_flow.accept`, status: 302, responseHeaders: [['Location', `f?p=100:1:${rotated}`]], postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', '9999'], ['p_instance', id], ['p_request', 'LOGIN'], ['p_json', pJson([{ n: 'P9999_USERNAME', v: `user${a.user}` }, { n: 'P9999_PASSWORD', v: 'pw' }])]]) }))
          current.set(a.user, rotated)
          break
        }
        case 'clone': {
          const clone = newId()
          entries.push(entry({ at, url: `${HOST}f?p=100:${a.page}:${id}:APEX_CLONE_SESSION`, status: 302, responseHeaders: [['Location', `f?p=100:${a.page}:${clone}`]] }))
          current.set(a.user, clone)
          break
        }
        case 'logout':
          entries.push(entry({ at, url: `${HOST}apex_authentication.logout?p_app_id=100&p_session_id=${id}`, status: 302, responseHeaders: [['Location', 'f?p=100:1']] }))
          current.delete(a.user)
          break
      }
    })
    return har(entries)
  })

describe('recorded-only traces over random recordings', () => {
  it('every imported event applies cleanly on the timeline (before-images checked) and the trace reads back', async () => {
    await fc.assert(
      fc.asyncProperty(sessionRecording, async (text) => {
        const { header, events, summary } = await importText(text)
        expect(summary.problems.filter((p) => p.message.startsWith('internal error'))).toEqual([])
        const { steps } = timelineOfEvents(events)
        expect(steps.length).toBe(events.length)
        expect([...readTraceText(writeTraceText(header, events))].length).toBe(events.length + 1)
      }),
      { numRuns: 200 },
    )
  })
})
