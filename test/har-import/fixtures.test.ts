/**
 * The constructed recordings (test/fixtures/har/*.constructed.har) import to
 * the events written here by hand from the fixtures: which request is which
 * event, its session alias, posted values, button, time and what the server
 * answered. And the recorded-only trace loads into a real timeline (every
 * effect's before-image checked), steppable and searchable.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { importHarToMemory } from '../../src-main/har-import/index.js'
import { writeTraceText } from '../../src-main/trace/writer.js'
import { readTraceText } from '../../src-main/trace/reader.js'
import { MASTER_DETAIL_HAR, ONBOARDING_HAR, SAMPLE_DA_HAR, bare, timelineOfEvents } from './helpers.js'

const H = 'https://apex.example.com/ords/'

describe('sample-dynamic-actions (app 7840): login, form edit, Ajax items to submit, logout — Chrome HAR 1.2', () => {
  it('imports each APEX request as the event it is, with what the server answered', async () => {
    const { header, events, summary } = await importHarToMemory(SAMPLE_DA_HAR)
    expect(header.startTime).toBe('2026-03-02T09:00:00.000Z')
    expect(bare(events)).toEqual([
      {
        type: 'request',
        t: 0,
        url: `${H}f?p=7840:1`,
        as: 'A',
        observed: { status: 302, location: `${H}f?p=7840:101:1000000000001`, app: 7840, page: 101, session: '1000000000001', ms: 40.5 },
        outcome: 'ok',
      },
      {
        type: 'request',
        t: 0.25,
        url: `${H}f?p=7840:101:&SESSION.`,
        session: 'A',
        observed: { status: 200, app: 7840, page: 101, items: { P101_USERNAME: null }, session: '1000000000001', ms: 40.5 },
        outcome: 'ok',
      },
      {
        type: 'login',
        t: 7,
        session: 'A',
        user: 'demo',
        observed: { status: 302, location: 'f?p=7840:1:2000000000002', app: 7840, page: 1, session: '2000000000002', ms: 180.25 },
        outcome: 'ok',
      },
      { type: 'request', t: 7.3, url: `${H}f?p=7840:1:&SESSION.`, session: 'A', observed: { status: 200, app: 7840, page: 1, session: '2000000000002', ms: 40.5 }, outcome: 'ok' },
      {
        type: 'request',
        t: 15,
        url: `${H}f?p=7840:3:&SESSION.::NO:RP,3:P3_ROWID:AAAR3sAAEAAAACXAAA`,
        session: 'A',
        observed: {
          status: 200,
          app: 7840,
          page: 3,
          items: { P3_ROWID: 'AAAR3sAAEAAAACXAAA', P3_EMPNO: '7839', P3_ENAME: 'KING', P3_JOB: 'PRESIDENT', P3_HIREDATE: '17-NOV-1981', P3_SAL: '5000', P3_COMM: null, P3_MGR: null, P3_DEPTNO: '10' },
          session: '2000000000002',
          ms: 40.5,
        },
        outcome: 'ok',
      },
      {
        type: 'submit',
        t: 31.5,
        session: 'A',
        page: 3,
        app: 7840,
        request: 'SAVE',
        values: { P3_ROWID: 'AAAR3sAAEAAAACXAAA', P3_EMPNO: '7839', P3_ENAME: 'KING', P3_JOB: 'PRESIDENT', P3_MGR: '', P3_HIREDATE: '17-NOV-1981', P3_SAL: '5500', P3_COMM: '', P3_DEPTNO: '10' },
        // apex.server.accept answers JSON with redirectURL instead of a 302.
        observed: { status: 200, location: 'f?p=7840:2:2000000000002&success_msg=Action%20Processed.%2FAB12', app: 7840, page: 2, session: '2000000000002', ms: 95 },
        outcome: 'ok',
      },
      {
        type: 'request',
        t: 31.8,
        url: `${H}f?p=7840:2:&SESSION.&success_msg=Action%20Processed./AB12`,
        session: 'A',
        observed: { status: 200, app: 7840, page: 2, messages: ['Action Processed.'], session: '2000000000002', ms: 40.5 },
        outcome: 'ok',
      },
      {
        type: 'ajax',
        t: 40,
        session: 'A',
        app: 7840,
        page: 3,
        process: 'GET_SALARY',
        values: { P3_EMPNO: '7839', P3_DEPTNO: '20' },
        x: { x01: '7839' },
        observed: { status: 200, json: { sal: '5500', P3_SAL: '5500' }, ms: 12 },
        outcome: 'ok',
      },
      { type: 'logout', t: 60, session: 'A', observed: { status: 302, location: `${H}f?p=7840:1:0`, app: 7840, page: 1, ms: 40.5 }, outcome: 'ok' },
    ])
    expect(summary.eventsByKind).toEqual({ request: 5, submit: 1, login: 1, ajax: 1, logout: 1 })
    // Core.min.css, desktop_all.min.js and wwv_flow.js_messages (served as JavaScript), logo.png, font-apex.woff2.
    expect(summary.skippedByKind).toEqual({ image: 1, stylesheet: 1, script: 2, font: 1, media: 0, other: 0 })
    expect(summary.sessions).toEqual([{ alias: 'A', ids: ['1000000000001', '2000000000002'], user: 'demo' }])
    // 8 Cookie request headers and 2 Set-Cookie answers; the one password posted.
    expect(summary.withheld).toEqual({ passwordValues: 1, cookieHeaders: 10, authorizationHeaders: 0 })
    expect(summary.problems).toEqual([])
  })

  it('never writes the password or a cookie value anywhere in the trace', async () => {
    const { header, events } = await importHarToMemory(SAMPLE_DA_HAR)
    const fixture = readFileSync(SAMPLE_DA_HAR, 'utf8')
    // The secrets really are in the fixture…
    for (const secret of ['Tr0ub4dor', 'ORA_WWV-secretcookie123', 'ORA_WWV-loggedincookie']) expect(fixture).toContain(secret)
    const text = writeTraceText(header, events)
    for (const secret of ['Tr0ub4dor', 'ORA_WWV', 'P101_PASSWORD', 'firstcookie']) expect(text).not.toContain(secret)
  })

  it('the recorded-only trace loads into the timeline: the login rotates A, the submit stores the posted values, the logout removes them', async () => {
    const { events } = await importHarToMemory(SAMPLE_DA_HAR)
    const { timeline, steps } = timelineOfEvents(events)
    expect(steps.map((s) => `${s.kind}:${s.session}:${s.page}`)).toEqual([
      // The first request (page 1) is answered with a redirect to the login page: it shows nothing, the next request shows page 101.
      'show:1000000000001:1',
      'show:1000000000001:101',
      'login:2000000000002:101',
      'show:2000000000002:1',
      'show:2000000000002:3',
      'accept:2000000000002:3',
      'show:2000000000002:2',
      'ajax:2000000000002:3',
      'logout:2000000000002:null',
    ])
    const sal = steps[5]!.effects.find((e) => e.op === 'set' && e.item === 'P3_SAL')
    expect(sal).toMatchObject({ op: 'set', session: 2000000000002, app: 7840, page: 3, from: null, to: '5500', toStatus: 'I' })
    // The Ajax call's Items to Submit change P3_DEPTNO (posted 10 by the submit, 20 by the Ajax call).
    expect(steps[7]!.effects).toMatchObject([{ op: 'set', item: 'P3_DEPTNO', from: '10', to: '20', toStatus: 'U' }])
    expect(steps[2]!.effects[0]).toMatchObject({ op: 'rekey', from: 1000000000001, to: 2000000000002 })
    expect(timeline.search('PRESIDENT').total).toBeGreaterThan(0)
  })

  it('writes a trace the reader accepts', async () => {
    const { header, events } = await importHarToMemory(SAMPLE_DA_HAR)
    const records = [...readTraceText(writeTraceText(header, events))]
    expect(records.length).toBe(events.length + 1)
  })
})

describe('the onboarding demo (app 100 "HR"): branch with clear cache, multipart, a clone in a second tab, a validation error — Firefox HAR 1.1, base64 pages', () => {
  it('imports each request with its session, and the clone as session B', async () => {
    const { events, summary } = await importHarToMemory(ONBOARDING_HAR)
    const rows = bare(events).map((e) => [e.type, e.session ?? null, e.as ?? null, e.url ?? e.page, e.request ?? null, e.values ?? null])
    expect(rows).toEqual([
      ['request', null, 'A', `${H}f?p=HR:1`, null, null],
      ['request', 'A', null, `${H}f?p=HR:1:&SESSION.`, null, null],
      ['submit', 'A', null, 1, 'ADD', {}],
      ['request', 'A', null, `${H}f?p=100:43:&SESSION.::NO:43,44,45`, null, null],
      // The multipart body: its file part is left out.
      ['submit', 'A', null, 43, 'NEXT', { P43_ENAME: 'KING', P43_EMAIL: 'king@example.com' }],
      ['request', 'A', null, `${H}f?p=100:44:&SESSION.`, null, null],
      ['request', 'A', 'B', `${H}f?p=HR:44:&SESSION.:APEX_CLONE_SESSION`, null, null],
      ['request', 'B', null, `${H}f?p=HR:44:&SESSION.`, null, null],
      ['submit', 'A', null, 44, 'NEXT', { P44_JOB: 'ANALYST', P44_SAL: '3000' }],
      ['request', 'A', null, `${H}f?p=100:45:&SESSION.`, null, null],
      ['submit', 'A', null, 45, 'FINISH', { P45_DEPTNO: '', P45_SUMMARY: 'KING, ANALYST' }],
      ['logout', 'A', null, undefined, null, null],
    ])
    // The branch with clear cache (the 302 after ADD) and the validation failure (page 45 again, with its error).
    expect((events[2] as { observed: unknown }).observed).toEqual({ status: 302, location: 'f?p=100:43:3000000000003::NO:43,44,45', app: 100, page: 43, session: '3000000000003', ms: 40.5 })
    expect((events[10] as { observed: unknown; outcome: unknown }).observed).toMatchObject({ status: 200, page: 45, errors: ['Department must have a value'], items: { P45_SUMMARY: 'KING, ANALYST', P45_DEPTNO: null } })
    expect((events[10] as { outcome: unknown }).outcome).toBe('validationFailed')
    expect(summary.sessions).toEqual([
      { alias: 'A', ids: ['3000000000003'] },
      { alias: 'B', ids: ['4000000000004'], clonedFrom: 'A' },
    ])
    expect(summary.unknownEndpoints).toEqual({ 'wwv_flow.js_messages': 1 })
    expect(summary.skippedByKind.font).toBe(1)
    expect(summary.harVersion).toBe('1.1')
  })

  it('the clone starts with a copy of A’s values, and the logout ends the whole clone group', async () => {
    const { events } = await importHarToMemory(ONBOARDING_HAR)
    const { steps } = timelineOfEvents(events)
    const clone = steps[6]!
    expect(clone.kind).toBe('clone')
    expect(clone.effects.filter((e) => e.op === 'set').map((e) => (e as { item: string; to: string }).item)).toEqual(['P43_ENAME', 'P43_EMAIL'])
    const logout = steps[11]!
    const deleted = logout.effects.filter((e) => e.op === 'session').map((e) => (e as { session: number }).session)
    expect(deleted).toEqual([3000000000003, 4000000000004])
  })
})

describe('sample-master-detail (app 7860): two users in two browsers, friendly URLs, a plug-in Ajax call, a friendly redirect with clear cache, a server error — Chrome HAR 1.2', () => {
  const R = `${H}r/demo/sample-master-detail/`
  it('two sessions, each request in its own', async () => {
    const { events, summary } = await importHarToMemory(MASTER_DETAIL_HAR)
    const rows = bare(events).map((e) => [e.type, e.session ?? null, e.as ?? null, e.url ?? e.page ?? null, e.request ?? e.plugin ?? null])
    expect(rows).toEqual([
      ['request', null, 'A', `${R}home`, null],
      ['request', 'A', null, `${R}home?session=&SESSION.`, null],
      ['request', null, 'B', `${R}side-by-side`, null],
      ['request', 'B', null, `${R}side-by-side?session=&SESSION.`, null],
      ['request', 'A', null, `${R}project?session=&SESSION.&clear=10&p10_id=3`, null],
      ['ajax', 'B', null, 2, 'UkVHSU9OIFRZUEV-fjQ1NjA0NDM2NzE'],
      ['submit', 'A', null, 10, 'SAVE'],
      ['request', 'A', null, `${R}side-by-side?session=&SESSION.&clear=RP&p2_id=3&success_msg=Action+Processed.%2FX1`, null],
      ['submit', 'B', null, 2, 'RESET'],
      ['request', 'B', null, `${H}f?p=7860:2:&SESSION.::NO:RP,2`, null],
      ['request', 'A', null, `${R}milestones?session=&SESSION.`, null],
    ])
    expect(bare(events)[5]).toMatchObject({ values: { P2_SEARCH: 'mobile' }, observed: { status: 200, json: { regions: [{ id: 'side_by_side_list', data: { rows: 1 } }] }, ms: 30 } })
    // The textarea's posted CRLF is kept; the radio group and the select read from the rendered page.
    expect(bare(events)[6]!.values).toMatchObject({ P10_DESCRIPTION: 'Build the mobile app\r\nfor iOS and Android', P10_STATUS_CD: 'ASSIGNED' })
    expect(bare(events)[4]!.observed).toMatchObject({ page: 10, items: { P10_ID: '3', P10_PROJECT_LEAD: '1', P10_STATUS_CD: 'ASSIGNED', P10_DESCRIPTION: 'Build the mobile app', P10_COMPLETED_DATE: null } })
    expect(bare(events)[7]!.observed).toMatchObject({ page: 2, items: { P2_ID: '3' }, messages: ['Action Processed.'] })
    expect(bare(events)[10]).toMatchObject({ observed: { status: 500 }, outcome: 'error' })
    expect(summary.sessions).toEqual([
      { alias: 'A', ids: ['8100000000001'] },
      { alias: 'B', ids: ['8200000000002'] },
    ])
  })

  it('the recorded-only trace loads: A and B hold their own values', async () => {
    const { events } = await importHarToMemory(MASTER_DETAIL_HAR)
    const { steps } = timelineOfEvents(events)
    const sets = (i: number) => steps[i]!.effects.filter((e) => e.op === 'set').map((e) => `${(e as { session: number }).session}:${(e as { item: string }).item}=${(e as { to: string | null }).to}`)
    expect(sets(4)).toEqual(['8100000000001:P10_ID=3'])
    expect(sets(5)).toEqual(['8200000000002:P2_SEARCH=mobile'])
    expect(sets(7)).toEqual(['8100000000001:P2_ID=3'])
  })
})
