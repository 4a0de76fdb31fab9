/**
 * `session-scope import-har`: usage errors, the summary and progress, the
 * trace it writes (valid format v1), --app (a JSON definition, and an APEX
 * export from the shared Oracle samples: written beside the trace and named
 * in appFiles so replay simulates), --mask, and files that are not HARs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { main } from '../../src-main/cli/main.js'
import { validateTraceFile } from '../../src-main/trace/reader.js'
import { replayFile } from '../../src-main/trace/replay.js'
import { itWithSharedFixtures, sharedFixture } from '../helpers/shared-fixtures.js'
import { MASTER_DETAIL_HAR, ONBOARDING_HAR, SAMPLE_DA_HAR } from './helpers.js'

const ONBOARDING_APP = fileURLToPath(new URL('../../resources/demos/apps/onboarding.json', import.meta.url))

async function run(args: string[]) {
  let out = ''
  let err = ''
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) })
  return { code, out, err }
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ss-har-'))
}

describe('session-scope import-har', () => {
  it('usage errors exit 2 and say what is missing', async () => {
    expect(await run(['import-har'])).toMatchObject({ code: 2, err: expect.stringContaining('name the recording to import') })
    expect(await run(['import-har', SAMPLE_DA_HAR])).toMatchObject({ code: 2, err: expect.stringContaining('--out names the trace to write') })
    expect(await run(['import-har', SAMPLE_DA_HAR, '--out', 'x.sstrace', '--mask', ' '])).toMatchObject({ code: 2, err: expect.stringContaining('--mask needs a pattern') })
    expect(await run(['import-har', SAMPLE_DA_HAR, '--bogus'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --bogus') })
  })

  it('writes a valid trace, prints the summary on stdout and progress on stderr', async () => {
    const out = join(tempDir(), 'real.sstrace')
    const r = await run(['import-har', SAMPLE_DA_HAR, '--out', out])
    expect(r.code).toBe(0)
    expect(r.out).toContain('APEX requests imported       9   request 5, submit 1, login 1, ajax 1, logout 1')
    expect(r.out).toContain('other traffic skipped        5   image 1, stylesheet 1, script 2, font 1')
    expect(r.out).toContain('sessions                     1   A (demo): 1000000000001 → 2000000000002')
    expect(r.out).toContain('never written: 1 password value, 10 Cookie/Set-Cookie and 0 Authorization headers')
    expect(r.out).toContain('recorded-only')
    expect(r.err).toMatch(/import-har: 100% \(/)
    expect(await validateTraceFile(out)).toMatchObject({ events: 9 })
  })

  it('--json prints one JSON document with the summary', async () => {
    const out = join(tempDir(), 'real.sstrace')
    const r = await run(['import-har', ONBOARDING_HAR, '--out', out, '--json'])
    const doc = JSON.parse(r.out) as { events: number; sessions: unknown[]; unknownEndpoints: unknown }
    expect(doc.events).toBe(12)
    expect(doc.sessions.length).toBe(2)
    expect(doc.unknownEndpoints).toEqual({ 'wwv_flow.js_messages': 1 })
  })

  it('--mask masks the matching items everywhere and says how many', async () => {
    const out = join(tempDir(), 'masked.sstrace')
    const r = await run(['import-har', SAMPLE_DA_HAR, '--out', out, '--mask', 'P3_SAL', '--mask', 'p3_h*'])
    // Posted P3_SAL and P3_HIREDATE, and both as rendered on page 3 (the Ajax answer's P3_SAL is masked too, not counted).
    expect(r.out).toContain('masked: 4 values of items matching P3_SAL, p3_h*')
    const text = readFileSync(out, 'utf8')
    for (const v of ['"P3_SAL":"5500"', '"P3_SAL":"5000"', '17-NOV-1981']) expect(text).not.toContain(v)
    expect(text).toContain('"P3_SAL":"[masked]"')
    // Masks go by item name: the Ajax answer's own key "sal" is not an item, so its value stays (docs/har-import.md, limits).
    expect(text).toContain('"sal":"5500"')
  })

  it('--app with a JSON definition: written beside the trace, named in appFiles, and replay simulates each request', async () => {
    const dir = tempDir()
    const out = join(dir, 'wizard.sstrace')
    const r = await run(['import-har', ONBOARDING_HAR, '--out', out, '--app', ONBOARDING_APP])
    expect(r.code).toBe(0)
    const header = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!) as { appFiles: string[]; seed: number }
    expect(header.appFiles).toEqual(['wizard.app.json'])
    // Seeded, so two replays print the same session IDs.
    expect(header.seed).toBe(1)
    const twice = [await run(['replay', out]), await run(['replay', out])]
    expect(twice[0]!.out).toBe(twice[1]!.out)
    expect(JSON.parse(readFileSync(join(dir, 'wizard.app.json'), 'utf8'))).toMatchObject({ id: 100, alias: 'HR' })
    // Not recorded-only: no event carries effects; the replay makes them.
    expect(readFileSync(out, 'utf8')).not.toContain('"effects"')
    const replay = await replayFile(out)
    expect(replay.summary().recordedOnly).toBe(false)
    // The submit of page 43 (NEXT) stores the posted name in the simulation.
    const stored = replay.steps.flatMap((s) => s.effects).some((e) => e.op === 'set' && e.item === 'P43_ENAME' && e.to === 'KING')
    expect(stored).toBe(true)
    replay.close()
  })

  itWithSharedFixtures('--app with an Oracle sample export (sample-dynamic-actions.sql, app 7840): imported and replayed with the recording', async () => {
    const dir = tempDir()
    const out = join(dir, 'da.sstrace')
    const r = await run(['import-har', SAMPLE_DA_HAR, '--out', out, '--app', sharedFixture('oracle-samples-24.2/sample-dynamic-actions.sql')])
    expect(r.code).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, 'da.app.json'), 'utf8'))).toMatchObject({ id: 7840 })
    const replay = await replayFile(out)
    expect(replay.steps.length).toBeGreaterThanOrEqual(9)
    // Every recorded request ran in the simulation as the event it is (the real-vs-simulated comparison is test/cli/replay-observed's).
    expect(replay.steps.map((s) => s.kind)).toEqual(['show', 'show', 'login', 'show', 'show', 'accept', 'show', 'ajax', 'logout'])
    expect(replay.steps[2]!.session).not.toBe(replay.steps[1]!.session)
    replay.close()
  }, 120_000)

  itWithSharedFixtures('--app with sample-master-detail.sql (app 7860): two users, friendly URLs and a plug-in Ajax call replay in their own sessions', async () => {
    const dir = tempDir()
    const out = join(dir, 'md.sstrace')
    expect((await run(['import-har', MASTER_DETAIL_HAR, '--out', out, '--app', sharedFixture('oracle-samples-24.2/sample-master-detail.sql')])).code).toBe(0)
    const replay = await replayFile(out)
    const shows = replay.steps.filter((s) => s.kind === 'show' && s.causedBy === undefined).map((s) => s.page)
    // home, home, side-by-side, side-by-side, project, side-by-side (A, after SAVE), page 2 (B, after RESET), milestones.
    expect(shows).toEqual([1, 1, 2, 2, 10, 2, 2, 6])
    expect(new Set(replay.steps.map((s) => s.session)).size).toBe(2)
    expect(replay.steps.find((s) => s.kind === 'ajax')?.effects).toContainEqual(expect.objectContaining({ op: 'set', item: 'P2_SEARCH', to: 'mobile' }))
    replay.close()
  }, 120_000)

  it('a file that is not a HAR, or has no APEX request, exits 1 and says so', async () => {
    const dir = tempDir()
    const notHar = join(dir, 'x.har')
    writeFileSync(notHar, '<html>')
    const r = await run(['import-har', notHar, '--out', join(dir, 'x.sstrace')])
    expect(r.code).toBe(1)
    expect(r.err).toContain('is not a HAR recording')
    const empty = join(dir, 'empty.har')
    writeFileSync(empty, JSON.stringify({ log: { version: '1.2', entries: [{ startedDateTime: '2026-01-01T00:00:00Z', request: { method: 'GET', url: 'https://example.com/a.png' }, response: { status: 200, content: { mimeType: 'image/png' } } }] } }))
    const e = await run(['import-har', empty, '--out', join(dir, 'e.sstrace')])
    expect(e.code).toBe(1)
    expect(e.err).toContain('holds no APEX request')
    const missing = await run(['import-har', join(dir, 'nope.har'), '--out', join(dir, 'n.sstrace')])
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/nope\.har/)
  })
})
