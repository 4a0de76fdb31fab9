/**
 * `session-scope replay` on traces that carry real answers (`observed`, issue
 * #15): each request's first divergence from the simulation is printed and
 * fails the replay (exit 1); agreeing answers pass (exit 0). The real answers
 * below are written by hand from the onboarding demo's definition
 * (resources/demos/apps/onboarding.json): page 1's ADD branches to page 43
 * clearing 43,44,45; page 43's NEXT branches to 44, where P44_JOB defaults
 * to CLERK.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src-main/cli/main.js'

const HAR = new URL('../fixtures/har/onboarding-next-to-45.constructed.har', import.meta.url).pathname
const ONBOARDING_APP = new URL('../../resources/demos/apps/onboarding.json', import.meta.url).pathname

async function run(args: string[]) {
  let out = ''
  let err = ''
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) })
  return { code, out, err }
}

function tempTrace(lines: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-observed-'))
  const file = join(dir, 'real.sstrace')
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n')
  return file
}

const HEADER = { format: 'session-trace', version: 1, title: 'A real session of the onboarding wizard', seed: 5, use: ['demo:onboarding'] }

function session(p44Job: string) {
  return [
    HEADER,
    { type: 'request', url: 'f?p=HR:1', as: 'A', observed: { status: 200, app: 100, page: 1 } },
    { type: 'submit', session: 'A', page: 1, request: 'ADD', observed: { status: 302, location: 'f?p=100:43:999::NO:43,44,45', app: 100, page: 43, items: { P43_ENAME: '', P43_EMAIL: '' } } },
    {
      type: 'submit',
      session: 'A',
      page: 43,
      request: 'NEXT',
      values: { P43_ENAME: 'KING' },
      observed: { status: 302, location: 'f?p=100:44:999', app: 100, page: 44, items: { P44_JOB: p44Job, P44_SAL: '' } },
    },
  ]
}

describe('session-scope replay: real vs simulated', () => {
  it('real answers that agree with the simulation pass, and the summary says how many were compared', async () => {
    const r = await run(['replay', tempTrace(session('CLERK'))])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('  real answers: 3 compared with the simulation, 0 requests diverged\n')
    expect(r.out).not.toContain('REAL VS SIMULATED')
  })

  it('a real page that rendered another value fails the replay (exit 1) with line, step, field, real, simulated and why', async () => {
    const r = await run(['replay', tempTrace(session('MANAGER'))])
    expect(r.code).toBe(1)
    expect(r.out).toContain('  real answers: 3 compared with the simulation, 1 request diverged\n')
    // Line 4 is the NEXT submit; its steps are 3 (the submit) and 4 (the redirect's show of page 44).
    expect(r.out).toContain(
      '  REAL VS SIMULATED line 4 (step 3), item P44_JOB: APEX rendered P44_JOB = "MANAGER" on page 44; the simulation rendered P44_JOB = "CLERK" because its value came from default of P44_JOB\n' +
        '    real: APEX rendered P44_JOB = "MANAGER" on page 44\n' +
        '    simulated: rendered P44_JOB = "CLERK"\n' +
        '    why: its value came from default of P44_JOB\n',
    )
    expect(r.out).toMatch(/FAIL\n\n$/)
  })

  it('--json carries the comparison: compared count and each divergence', async () => {
    const r = await run(['replay', '--json', tempTrace(session('MANAGER'))])
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.out) as { ok: boolean; files: { observed: { compared: number; divergences: { line: number; step: number; lastStep: number; field: string; item: string }[] } }[] }
    expect(doc.ok).toBe(false)
    expect(doc.files[0]!.observed.compared).toBe(3)
    expect(doc.files[0]!.observed.divergences).toMatchObject([{ line: 4, step: 3, lastStep: 4, field: 'item', item: 'P44_JOB', real: 'rendered P44_JOB = "MANAGER" on page 44' }])
  })

  it('a recorded-only trace (no app definition) compares nothing and says nothing about real answers', async () => {
    const lines: unknown[] = session('MANAGER')
    lines[0] = { format: 'session-trace', version: 1, title: 'recorded only' }
    const r = await run(['replay', tempTrace(lines)])
    expect(r.out).not.toContain('real answers')
    expect(r.out).not.toContain('REAL VS SIMULATED')
  })

  it('the help says that a divergence from a real answer exits 1', async () => {
    const r = await run(['replay', '--help'])
    expect(r.out).toContain('Real vs simulated')
    expect(r.out).toMatch(/1 an expect failed[\s\S]*from a real answer/)
  })
})

describe('import-har, then replay: a constructed recording altered to disagree with the app', () => {
  it('diverges exactly where the fixture was altered (entry 4: the server went to page 45, the app branches to 44), and replay exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ss-har-replay-'))
    const trace = join(dir, 'real.sstrace')
    const imported = await run(['import-har', HAR, '--app', ONBOARDING_APP, '--out', trace])
    expect(imported.code).toBe(0)
    const r = await run(['replay', '--json', trace])
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.out) as { files: { observed: { compared: number; divergences: { line: number; step: number; field: string; message: string }[] }; unexpectedErrors: unknown[] }[] }
    const file = doc.files[0]!
    // Six APEX requests (the stylesheet is skipped); line 6 is the NEXT submit of page 43 (entry 4).
    expect(file.observed.compared).toBe(6)
    expect(file.observed.divergences).toEqual([
      expect.objectContaining({
        line: 6,
        field: 'redirect',
        message: 'APEX redirected to page 45; the simulation branched to page 44 because branch #1 on page 43 fired (After Processing branches): the request was NEXT',
      }),
    ])
    expect(file.unexpectedErrors).toEqual([])
    const text = await run(['replay', trace])
    expect(text.out).toContain('REAL VS SIMULATED line 6 (step 5), redirect: APEX redirected to page 45')
  })
})
