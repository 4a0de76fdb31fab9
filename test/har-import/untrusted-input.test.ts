/**
 * What a crafted or unusual recording must not do (review of issue #15's
 * importer): hang the import (a masking glob against a long item name, a
 * page of deeply nested elements or a million error messages), leak a
 * secret (a URL's user:password@, a masked item deep inside an Ajax
 * answer), or grow the summary without bound (made-up endpoint names).
 * Expected values are written by hand from the inputs built here.
 */
import { fc, test as fcTest } from '@fast-check/vitest'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { main } from '../../src-main/cli/main.js'
import { globMatches, ItemPrivacy } from '../../src-main/har-import/masking.js'
import { MAX_ELEMENT_DEPTH, MAX_PAGE_MESSAGES, readPage } from '../../src-main/har-import/page-answer.js'
import { withoutCredentials } from '../../src-main/har-import/url-credentials.js'
import { entry, har, HOST, importText, page, pJson, SAMPLE_DA_HAR, urlencoded } from './helpers.js'

const ajaxFields = (extra: [string, string][] = []): [string, string][] => [
  ['p_flow_id', '100'],
  ['p_flow_step_id', '1'],
  ['p_instance', '12345'],
  ['p_request', 'APPLICATION_PROCESS=GET_CUSTOMER'],
  ...extra,
]

describe('masking globs', () => {
  it('match as documented: * any run, ? one character, case-insensitive', () => {
    expect(globMatches('P*_SSN', 'P12_SSN')).toBe(true)
    expect(globMatches('P*_SSN', 'p3_ssn')).toBe(true)
    expect(globMatches('P*_SSN', 'P12_SSN_X')).toBe(false)
    expect(globMatches('P?_SSN', 'P1_SSN')).toBe(true)
    expect(globMatches('P?_SSN', 'P12_SSN')).toBe(false)
    expect(globMatches('*', '')).toBe(true)
    expect(globMatches('P1_A.B', 'P1_AXB')).toBe(false)
    expect(globMatches('**X', 'ABX')).toBe(true)
  })

  it('a glob with several * against a long item name from the recording answers without backtracking', () => {
    // A regular expression made from this glob took over a minute on a 500-character name.
    const name = '_'.repeat(20_000)
    expect(globMatches('*_*_*_*_SSN', name)).toBe(false)
    expect(globMatches('*_*_*_*_SSN', `${name}SSN`)).toBe(true)
    expect(new ItemPrivacy(['*_*_*_*_SSN']).isMasked(name)).toBe(false)
  })

  fcTest.prop([fc.stringMatching(/^[A-C*?_]{0,8}$/), fc.stringMatching(/^[A-Ca-c_]{0,12}$/)], { numRuns: 2000 })(
    'agree with the glob read as an anchored, case-insensitive pattern (short inputs, where a regular expression is safe)',
    (glob, name) => {
      const pattern = [...glob].map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch)).join('')
      expect(globMatches(glob, name)).toBe(new RegExp(`^${pattern}$`, 'i').test(name))
    },
  )

  it('an import with such a mask and a long posted item name finishes and masks nothing it should not', async () => {
    const longName = `P1_${'_'.repeat(3000)}`
    const text = har([
      entry({ url: `${HOST}f?p=100:1:12345`, text: page(100, 1, '12345') }),
      entry({
        method: 'POST',
        url: `${HOST}wwv_flow.accept`,
        postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', '1'], ['p_instance', '12345'], ['p_request', 'SAVE'], ['p_json', pJson([{ n: longName, v: 'kept' }])]]),
        status: 302,
        responseHeaders: [['Location', `${HOST}f?p=100:1:12345`]],
      }),
    ])
    const { events } = await importText(text, { masks: ['*_*_*_*_SSN'] })
    expect((events[1] as { values?: Record<string, string> }).values).toEqual({ [longName]: 'kept' })
  })
})

describe("a URL's user:password@ never reaches the trace", () => {
  it('is cut from absolute URLs only where WHATWG URL puts credentials', () => {
    expect(withoutCredentials('https://alice:pw@apex.example.com/ords/f?p=1')).toEqual({ url: 'https://apex.example.com/ords/f?p=1', removed: true })
    expect(withoutCredentials('https://alice@apex.example.com/x')).toEqual({ url: 'https://apex.example.com/x', removed: true })
    expect(withoutCredentials('https://apex.example.com/ords/f?p=1:2::::P2_MAIL:a@b.c')).toEqual({ url: 'https://apex.example.com/ords/f?p=1:2::::P2_MAIL:a@b.c', removed: false })
    expect(withoutCredentials('f?p=1:2:3')).toEqual({ url: 'f?p=1:2:3', removed: false })
  })

  it('neither in the event URL nor in the redirect target (APEX or other host), and it is counted as a withheld password', async () => {
    const url = 'https://alice:s3cretpw@apex.example.com/ords/f?p=100:1:12345'
    const { events, summary } = await importText(
      har([
        entry({ url, text: page(100, 1, '12345') }),
        entry({ url, status: 302, responseHeaders: [['Location', 'https://bob:pw2@apex.example.com/ords/f?p=100:2:12345']] }),
        entry({ url, status: 302, responseHeaders: [['Location', 'https://carol:pw3@other.example.com/x?y=1']] }),
      ]),
    )
    const written = JSON.stringify(events)
    for (const secret of ['s3cretpw', 'alice', 'pw2', 'bob', 'pw3', 'carol']) expect(written).not.toContain(secret)
    expect((events[0] as { url: string }).url).toBe('https://apex.example.com/ords/f?p=100:1')
    expect((events[1] as { url: string }).url).toBe('https://apex.example.com/ords/f?p=100:1:&SESSION.')
    expect((events[1] as { observed: { location: string } }).observed.location).toBe('https://apex.example.com/ords/f?p=100:2:12345')
    expect((events[2] as { observed: { location: string } }).observed.location).toBe('https://other.example.com/x?…')
    // Three event URLs and two redirect targets carried credentials.
    expect(summary.withheld.passwordValues).toBe(5)
  })
})

describe('Ajax answers nested deeply', () => {
  it('a masked item below the depth the scrub looks into is left out, not kept as it was', async () => {
    const deep = '{"a":'.repeat(70) + '{"P1_SSN":"123-45-6789"}' + '}'.repeat(70)
    const { events } = await importText(
      har([
        entry({ url: `${HOST}f?p=100:1:12345`, text: page(100, 1, '12345') }),
        entry({ method: 'POST', url: `${HOST}wwv_flow.ajax`, postData: urlencoded(ajaxFields()), mime: 'application/json', text: deep }),
      ]),
      { masks: ['P1_SSN'] },
    )
    expect(events).toHaveLength(2)
    expect(JSON.stringify(events)).not.toContain('123-45-6789')
  })

  it('30,000 levels of arrays import as an ajax event (no internal error)', async () => {
    const deep = '['.repeat(30_000) + ']'.repeat(30_000)
    const { events, summary } = await importText(
      har([
        entry({ url: `${HOST}f?p=100:1:12345`, text: page(100, 1, '12345') }),
        entry({ method: 'POST', url: `${HOST}wwv_flow.ajax`, postData: urlencoded(ajaxFields()), mime: 'application/json', text: deep }),
      ]),
    )
    expect(summary.problems.filter((p) => /internal error/.test(p.message))).toEqual([])
    expect(events.map((e) => e.type)).toEqual(['request', 'ajax'])
  })
})

describe('returned pages that are large in odd ways stay a bounded read', () => {
  it(`100,000 unclosed elements: the read stops ${MAX_ELEMENT_DEPTH} deep, keeping what came before`, () => {
    const html = `<form><input id="P1_A" value="a">${'<div>x'.repeat(100_000)}<textarea id="P1_NOTE">hello</textarea></form>`
    const answer = readPage(html)
    expect(answer.items).toEqual({ P1_A: 'a' })
    expect(answer.stoppedTooDeep).toBe(true)
  })

  it('a page nested as deep as a real one is read whole', () => {
    const html = `<form>${'<div>'.repeat(100)}<textarea id="P1_NOTE">hello</textarea>${'</div>'.repeat(100)}</form>`
    const answer = readPage(html)
    expect(answer.items).toEqual({ P1_NOTE: 'hello' })
    expect(answer.stoppedTooDeep).toBeUndefined()
  })

  it('the import names the entry whose page was too deep', async () => {
    const { summary } = await importText(har([entry({ url: `${HOST}f?p=100:1:12345`, text: page(100, 1, '12345', '<div>'.repeat(300)) })]))
    expect(summary.problems).toEqual([{ entry: 0, field: 'log.entries[0].response.content.text', message: 'the page nests elements more than 256 deep: read up to there' }])
  })

  it(`100,000 error messages: the first ${MAX_PAGE_MESSAGES} distinct ones are kept`, () => {
    const lis = Array.from({ length: 100_000 }, (_, i) => `<li>error ${i}</li>`).join('')
    const errors = readPage(`<div id="APEX_ERROR_MESSAGE"><ul><li>error 0</li>${lis}</ul></div>`).errors
    expect(errors).toHaveLength(200)
    expect(errors[0]).toBe('error 0')
    expect(errors[199]).toBe('error 199')
  })
})

describe('endpoint names made up by the recording', () => {
  it('at most 50 are named (each at most 80 characters), the rest counted together', async () => {
    const entries = [entry({ url: `${HOST}f?p=100:1:12345`, text: page(100, 1, '12345') })]
    for (let i = 0; i < 500; i++) entries.push(entry({ url: `${HOST}wwv_made_up_${i}${i === 0 ? 'x'.repeat(200) : ''}`, mime: 'text/plain', text: '' }))
    const { summary } = await importText(har(entries))
    const names = Object.keys(summary.unknownEndpoints)
    expect(names).toHaveLength(51)
    expect(names[0]).toBe(`wwv_made_up_0${'x'.repeat(67)}…`)
    expect(summary.unknownEndpoints['(other endpoints)']).toBe(450)
  })
})

describe('a malformed p_json on a login page', () => {
  it("never shows the password in the problem (JSON.parse's own message quotes the text around the fault)", async () => {
    const broken = '{"pageItems":{"itemsToSubmit":[{"n":"P9999_USERNAME","v":"bob"},{"n":"P9999_PASSWORD","v":hunter2}]}}'
    const { events, summary } = await importText(
      har([
        entry({ url: `${HOST}f?p=100:9999:777`, text: page(100, 9999, '777') }),
        entry({
          method: 'POST',
          url: `${HOST}wwv_flow.accept`,
          postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', '9999'], ['p_instance', '777'], ['p_request', 'LOGIN'], ['p_json', broken]]),
          status: 302,
          responseHeaders: [['Location', `${HOST}f?p=100:1:888`]],
        }),
      ]),
    )
    expect(JSON.stringify({ events, summary })).not.toContain('hunter2')
    expect(summary.problems).toEqual([{ entry: 1, field: 'log.entries[1].request.postData', message: `p_json is not valid JSON (1 field, ${broken.length} characters)` }])
  })
})

describe('a recording that starts at the login submit (no rendered page to learn the password input from)', () => {
  it('withholds items named like a password in the usual short forms', async () => {
    const { events, summary } = await importText(
      har([
        entry({
          method: 'POST',
          url: `${HOST}wwv_flow.accept`,
          postData: urlencoded([['p_flow_id', '100'], ['p_flow_step_id', '101'], ['p_instance', '777'], ['p_request', 'LOGIN'], ['p_json', pJson([{ n: 'P101_USER', v: 'bob' }, { n: 'P101_PWD', v: 'hunter2' }, { n: 'P101_PASSCODE', v: '4711' }])]]),
          status: 302,
          responseHeaders: [['Location', `${HOST}f?p=100:1:888`]],
        }),
      ]),
    )
    const written = JSON.stringify(events)
    expect(written).not.toContain('hunter2')
    expect(written).not.toContain('4711')
    expect(events.map((e) => e.type)).toEqual(['login'])
    expect(summary.withheld.passwordValues).toBe(2)
  })
})

describe("a redirect to another site's URL", () => {
  it('keeps neither its query nor its fragment (an identity provider puts tokens there)', async () => {
    const { events } = await importText(
      har([entry({ url: `${HOST}f?p=100:1:12345`, status: 302, responseHeaders: [['Location', 'https://idp.example.com/cb#access_token=eyJsecret&state=1']] })]),
    )
    expect((events[0] as { observed: { location: string } }).observed.location).toBe('https://idp.example.com/cb#…')
  })
})

describe('import-har --out', () => {
  it('naming the recording itself is a usage error, and the recording is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-har-r-'))
    const copy = join(dir, 'rec.har')
    copyFileSync(SAMPLE_DA_HAR, copy)
    const before = readFileSync(copy, 'utf8')
    let err = ''
    const code = await main(['import-har', copy, '--out', join(dir, '.', 'rec.har')], { stdout: () => {}, stderr: (s) => (err += s) })
    expect(code).toBe(2)
    expect(err).toContain('is the recording itself')
    expect(readFileSync(copy, 'utf8')).toBe(before)
  })
})

describe('import-har --app with a split export whose install.sql points outside its folder', () => {
  it('reads no file outside the folder: the lines are problems and nothing is imported from them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-har-r-'))
    // The app's files sit beside the export folder, not inside it; install.sql reaches for them with ../
    cpSync(fileURLToPath(new URL('../fixtures/apex/f200-split/application', import.meta.url)), join(dir, 'elsewhere', 'application'), { recursive: true })
    mkdirSync(join(dir, 'export'))
    writeFileSync(join(dir, 'export', 'install.sql'), ['set_environment', 'create_application', 'pages/page_00001', 'end_environment'].map((f) => `@@../elsewhere/application/${f}.sql`).join('\n') + '\n')
    let err = ''
    const code = await main(['import-har', SAMPLE_DA_HAR, '--app', join(dir, 'export'), '--out', join(dir, 'out.sstrace')], { stdout: () => {}, stderr: (s) => (err += s) })
    expect(err).toContain("install.sql:1: install.sql runs ../elsewhere/application/set_environment.sql, which is outside the export's folder: not read")
    expect(code).toBe(1)
    expect(existsSync(join(dir, 'out.app.json'))).toBe(false)
  })
})

describe('keys and numbers are assembled within bounds, as strings are', () => {
  it('a 5-million-character key is named as left out, and the entry is still imported', async () => {
    const e = entry({ url: `${HOST}f?p=100:1:12345`, text: page(100, 1, '12345') })
    const text = har([e]).replace('"cache":{}', `"cache":{"${'k'.repeat(5_000_000)}":1}`)
    const { events, summary } = await importText(text)
    expect(events.map((x) => x.type)).toEqual(['request'])
    expect(summary.problems).toEqual([{ entry: 0, field: 'log.entries[0].cache.(a key of 5000000 characters)', message: 'a string longer than the importer keeps: left out' }])
  })

  it('a number of 100,000 digits reads as no number (the status becomes 0, named)', async () => {
    const text = har([entry({ url: `${HOST}f?p=100:1:12345`, text: page(100, 1, '12345') })]).replace('"status":200', `"status":${'9'.repeat(100_000)}`)
    const { events, summary } = await importText(text)
    expect((events[0] as { observed: { status: number } }).observed.status).toBe(0)
    expect(summary.problems.map((p) => p.field)).toContain('log.entries[0].response.status')
  })
})
