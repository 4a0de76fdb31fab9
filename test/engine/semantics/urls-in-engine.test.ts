/**
 * semantics.md §8 URLs, as the engine runs them: f?p parts, aliases,
 * backslash-wrapped values, empty slots, extra parameters, substitutions,
 * friendly URLs, the equivalence of both forms, and malformed URLs.
 * (The URL parser's own laws are property-tested in test/engine/url/.)
 */
import { describe, expect, it } from 'vitest'
import type { Engine } from '../../../src-main/engine/engine.js'
import { buildUrl, parseUrl } from '../../../src-main/engine/url/index.js'
import { cell, idOf, makeEngine, only, sessionOf, sets, show, valueOf, warnings } from '../helpers/engine-helpers.js'
import type { App } from '../helpers/engine-helpers.js'

function urlApp(): App {
  return {
    id: 100,
    alias: 'HR',
    name: 'HR',
    homePage: 1,
    items: [{ name: 'A_ITEM' }, { name: 'A_USER', storage: 'user' }],
    pages: [
      {
        id: 1,
        alias: 'Home',
        name: 'Home',
        items: [{ name: 'P1_X' }, { name: 'P1_Y' }, { name: 'P1_DEBUG' }, { name: 'P1_REQ' }],
        computations: [
          { point: 'beforeHeader', item: 'P1_DEBUG', expression: ':DEBUG' },
          { point: 'beforeHeader', item: 'P1_REQ', expression: ':REQUEST' },
        ],
      },
      { id: 44, alias: 'job', name: 'Job', items: [{ name: 'P44_JOB' }, { name: 'P44_SAL' }] },
    ],
  }
}

function fresh(): Engine {
  const engine = makeEngine([urlApp()])
  show(engine, 'f?p=100:1', { as: 'A' })
  return engine
}

describe('§8 f?p URLs', () => {
  it('§8 f?p=App:Page:Session:Request:Debug:ClearCache:itemNames:itemValues:PrinterFriendly, positional', () => {
    const engine = fresh()
    const id = idOf(engine, 'A')
    engine.run({ type: 'setState', session: 'A', item: 'P44_SAL', value: 'old' })
    const url = `f?p=100:1:${id}:GO:YES:44:P1_X,P1_Y:x,y:YES`
    const step = only(engine, { type: 'request', url })
    expect(step.request).toEqual({
      url,
      app: 100,
      page: 1,
      request: 'GO',
      debug: 'YES',
      clearCache: ['44'],
      items: [
        { name: 'P1_X', value: 'x' },
        { name: 'P1_Y', value: 'y' },
      ],
      printerFriendly: 'YES',
    })
    expect(step.session).toBe(id)
    expect([valueOf(engine, 'A', 'P1_X'), valueOf(engine, 'A', 'P1_Y'), valueOf(engine, 'A', 'P1_DEBUG'), valueOf(engine, 'A', 'P1_REQ')]).toEqual(['x', 'y', 'YES', 'GO'])
    expect(cell(engine, 'A', 'P44_SAL')).toEqual([null, 'R'])
  })

  it('§8 trailing parts are optional', () => {
    const engine = makeEngine([urlApp()])
    for (const url of ['f?p=100:1', 'f?p=100:1:', 'f?p=100:1:::', 'f?p=100:1::::::']) {
      const step = only(engine, { type: 'request', url })
      expect(step.outcome, url).toBe('ok')
      expect(step.request).toMatchObject({ app: 100, page: 1, request: null, clearCache: [], items: [] })
    }
  })

  it('§8 App and Page accept IDs or aliases, case-insensitively', () => {
    const engine = fresh()
    for (const url of ['f?p=HR:JOB:&SESSION.', 'f?p=hr:job:&SESSION.', 'f?p=Hr:44:&SESSION.', 'f?p=100:Job:&SESSION.']) {
      const step = only(engine, { type: 'request', session: 'A', url })
      expect(step.outcome, url).toBe('ok')
      expect([step.app, step.page]).toEqual([100, 44])
    }
    expect(sessionOf(engine, 'A').currentPage).toBe(44)
  })

  it('§8 itemValues are comma-separated; a value containing a comma is wrapped in backslashes', () => {
    const engine = fresh()
    show(engine, 'f?p=100:44:&SESSION.::::P44_JOB,P44_SAL:\\123,45\\,CLERK', { session: 'A' })
    expect(valueOf(engine, 'A', 'P44_JOB')).toBe('123,45')
    expect(valueOf(engine, 'A', 'P44_SAL')).toBe('CLERK')
    show(engine, 'f?p=100:44:&SESSION.::::P44_JOB,P44_SAL:a\\b,\\x,y\\', { session: 'A' })
    expect(valueOf(engine, 'A', 'P44_JOB')).toBe('a\\b')
    expect(valueOf(engine, 'A', 'P44_SAL')).toBe('x,y')
  })

  it('§8 an empty slot sets null', () => {
    const engine = fresh()
    show(engine, 'f?p=100:44:&SESSION.::::P44_JOB,P44_SAL:a,b', { session: 'A' })
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=100:44:&SESSION.::::P44_JOB,P44_SAL:,B2' })
    expect(sets(step).map((e) => [e.item, e.to, e.toStatus])).toEqual([
      ['P44_JOB', null, 'U'],
      ['P44_SAL', 'B2', 'U'],
    ])
  })

  it('§8 extra &name=value parameters (cs, success_msg, …) are kept and ignored', () => {
    const engine = fresh()
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=100:44:&SESSION.::::P44_JOB:x&cs=3ABC&success_msg=Saved&p_trace=YES' })
    expect(step.outcome).toBe('ok')
    expect(step.request?.items).toEqual([{ name: 'P44_JOB', value: 'x' }])
    expect(engine.stateRows(idOf(engine, 'A')).map((r) => r.item).sort()).toEqual(['P1_DEBUG', 'P44_JOB'])
    expect(warnings(step)).toEqual([])
  })

  it('§8 percent-encoded values are decoded', () => {
    const engine = fresh()
    show(engine, 'f?p=100:44:&SESSION.::::P44_JOB:a%20b%2Cc', { session: 'A' })
    expect(valueOf(engine, 'A', 'P44_JOB')).toBe('a b,c')
  })
})

describe('§8 substitutions in a full request', () => {
  it('§8 &APP_ID., &SESSION. / &APP_SESSION. and &ITEM. are expanded before parsing (trace URLs)', () => {
    const engine = fresh()
    engine.run({ type: 'setState', session: 'A', item: 'A_ITEM', value: 'CLERK' })
    const step = only(engine, { type: 'request', session: 'A', url: 'f?p=&APP_ID.:44:&APP_SESSION.::::P44_JOB,P44_SAL:&A_ITEM.,&SESSION.' })
    const id = idOf(engine, 'A')
    expect(step.request?.url).toBe(`f?p=100:44:${id}::::P44_JOB,P44_SAL:CLERK,${id}`)
    expect(step.session).toBe(id)
    expect(valueOf(engine, 'A', 'P44_JOB')).toBe('CLERK')
    expect(valueOf(engine, 'A', 'P44_SAL')).toBe(String(id))
  })

  it('§8 substitutions in branch targets are expanded before the target is parsed (a value with a comma stays one value)', () => {
    const app = urlApp()
    app.pages[0]!.buttons = [{ name: 'GO' }]
    app.pages[0]!.branches = [{ point: 'afterProcessing', target: 'f?p=&APP_ID.:job:&SESSION.::::P44_JOB:\\&P1_X.\\', when: { button: 'GO' } }]
    const engine = makeEngine([app])
    show(engine, 'f?p=100:1', { as: 'A' })
    const steps = engine.run({ type: 'submit', session: 'A', page: 1, request: 'GO', values: { P1_X: 'a,b' } })
    expect(steps[1]!.request?.url).toBe(`f?p=100:job:${idOf(engine, 'A')}::::P44_JOB:\\a,b\\`)
    expect(valueOf(engine, 'A', 'P44_JOB')).toBe('a,b')
  })

  it('§8/§7 &ITEM. in a trace URL reads a logged-in user’s Per User value (lookup order ends with the Per User store)', () => {
    const engine = fresh()
    engine.run({ type: 'login', session: 'A', user: 'SCOTT' })
    engine.run({ type: 'setState', session: 'A', item: 'A_USER', value: 'per-user' })
    show(engine, 'f?p=100:44:&SESSION.::::P44_JOB:&A_USER.', { session: 'A' })
    expect(valueOf(engine, 'A', 'P44_JOB')).toBe('per-user')
  })
})

describe('§8 friendly URLs', () => {
  it('§8 /ords/{prefix}/r/{app}/{page} with ?session=&request=&clear=&debug= and one lower-case parameter per item', () => {
    const engine = fresh()
    const id = idOf(engine, 'A')
    engine.run({ type: 'setState', session: 'A', item: 'P44_SAL', value: 'old' })
    const step = only(engine, { type: 'request', url: `https://host/ords/ws/r/hr/job?session=${id}&request=GO&clear=44&debug=YES&p44_job=CLERK` })
    expect(step.outcome).toBe('ok')
    expect(step.request).toMatchObject({ app: 100, page: 44, request: 'GO', debug: 'YES', clearCache: ['44'], items: [{ name: 'P44_JOB', value: 'CLERK' }] })
    expect(step.session).toBe(id)
    expect(valueOf(engine, 'A', 'P44_JOB')).toBe('CLERK')
    expect(cell(engine, 'A', 'P44_SAL')).toEqual([null, 'R'])
  })

  it('§8 /ords/r/{prefix}/{app}/{page}, item parameters matched case-insensitively', () => {
    const engine = fresh()
    const id = idOf(engine, 'A')
    const step = only(engine, { type: 'request', url: `/ords/r/ws/HR/Home?session=${id}&P1_x=5&p1_Y=6` })
    expect(step.outcome).toBe('ok')
    expect([valueOf(engine, 'A', 'P1_X'), valueOf(engine, 'A', 'P1_Y')]).toEqual(['5', '6'])
  })

  it('§8 a friendly URL without session starts a new session; &SESSION. works in it', () => {
    const engine = fresh()
    expect(only(engine, { type: 'request', url: '/ords/ws/r/hr/home' }).session).not.toBe(idOf(engine, 'A'))
    expect(only(engine, { type: 'request', session: 'A', url: '/ords/ws/r/hr/home?session=&SESSION.&p1_x=z' }).session).toBe(idOf(engine, 'A'))
    expect(valueOf(engine, 'A', 'P1_X')).toBe('z')
  })

  it('§8 an f?p URL and the friendly URL built from it describe the same request (same effects)', () => {
    const fp = 'f?p=100:44:&SESSION.:GO::44:P44_JOB,P44_SAL:\\1,5\\,'
    const run = (url: (id: number) => string) => {
      const engine = fresh()
      engine.run({ type: 'setState', session: 'A', item: 'P44_SAL', value: 'old' })
      const step = only(engine, { type: 'request', url: url(idOf(engine, 'A')) })
      return { step, rows: engine.stateRows(idOf(engine, 'A')) }
    }
    const a = run((id) => fp.replace('&SESSION.', String(id)))
    const b = run((id) => {
      const parsed = parseUrl(fp.replace('&SESSION.', String(id)))
      if (!parsed.ok) throw new Error(parsed.error.message)
      return buildUrl({ ...parsed.value, form: 'friendly', base: '', friendly: { layout: 'prefix-r', prefix: 'ws' } })
    })
    expect(b.step.request?.url).toMatch(/^\/ords\/ws\/r\//)
    const strip = (s: typeof a.step) => s.effects.map((e) => ({ ...e, cause: undefined }))
    expect(strip(b.step)).toEqual(strip(a.step))
    expect(b.rows).toEqual(a.rows)
    expect({ ...b.step.request, url: '' }).toEqual({ ...a.step.request, url: '' })
  })
})

describe('§8 bad URLs', () => {
  it('§8 a malformed URL yields an error step naming the part and position, never a crash; nothing changes', () => {
    const engine = fresh()
    const cases: [string, RegExp][] = [
      ['f?p=', /^malformed URL: .* \(part app, position 4\)$/],
      ['f?p=100', /^malformed URL: .* \(part page, position 7\)$/],
      ['/ords/x', /^malformed URL: .* \(part path, position 6\)$/],
      ['not a url', /^malformed URL: .* \(part url, position 0\)$/],
      ['f?p=100:1:::::P1_X:%zz', /^malformed URL: .* \(part itemValues, position \d+\)$/],
    ]
    for (const [url, reason] of cases) {
      const before = engine.snapshot()
      const step = only(engine, { type: 'request', url })
      expect(step.outcome, url).toBe('error')
      expect(step.reason, url).toMatch(reason)
      expect(engine.snapshot()).toEqual(before)
    }
  })

  it('§8 an unknown application, page or item, or a non-numeric session, is an error step that changes nothing', () => {
    const engine = fresh()
    const cases: [string, string][] = [
      ['f?p=999:1', 'unknown application 999 in URL f?p=999:1'],
      ['f?p=NOPE:1', 'unknown application NOPE in URL f?p=NOPE:1'],
      ['f?p=100:77', 'application 100 has no page 77'],
      ['f?p=100:nope', 'application 100 has no page nope'],
      ['f?p=100:1:::::NOPE:1', 'item NOPE named in the URL is not defined in app 100'],
      ['f?p=100:1:abc', 'session "abc" in URL is not a number'],
    ]
    for (const [url, reason] of cases) {
      const before = engine.snapshot()
      const step = only(engine, { type: 'request', url })
      expect(step.outcome, url).toBe('error')
      expect(step.reason, url).toBe(reason)
      expect(engine.snapshot()).toEqual(before)
    }
  })
})
