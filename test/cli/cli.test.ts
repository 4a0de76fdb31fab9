import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { main } from '../../src-main/cli/main.js'

const demo = (name: string) => new URL(`../../resources/demos/traces/${name}.sstrace`, import.meta.url).pathname

async function run(args: string[]) {
  let out = ''
  let err = ''
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) })
  return { code, out, err }
}

function tempTrace(lines: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-cli-'))
  const file = join(dir, 't.sstrace')
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n')
  return file
}

const phoneApp = { id: 1, name: 'A', homePage: 1, pages: [{ id: 1, name: 'P', items: [{ name: 'P1_X' }] }] }

describe('session-scope replay', () => {
  it('passes a demo trace and prints the final state table per session', async () => {
    const r = await run(['replay', demo('onboarding-wizard')])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/expects: (\d+)\/\1 passed/)
    expect(r.out).toMatch(/app\s+page\s+item\s+value\s+status/)
    expect(r.out).toContain('G_EMP_COUNT')
  })

  it('prints each failed expect with step, session, item, expected and actual, and exits 1', async () => {
    const file = tempTrace([
      { format: 'session-trace', version: 1, title: 't', seed: 1, apps: [phoneApp] },
      { type: 'request', url: 'f?p=1:1:::::P1_X:hello', as: 'A' },
      { type: 'expect', session: 'A', state: { P1_X: 'goodbye' } },
    ])
    const r = await run(['replay', file])
    expect(r.code).toBe(1)
    expect(r.out).toContain('FAIL line 3 (after step 0): session A, state P1_X: expected "goodbye", actual "hello"')
  })

  it('--json prints one machine-readable summary, byte-identical across runs', async () => {
    const a = await run(['replay', '--json', demo('session-cloning')])
    const b = await run(['replay', '--json', demo('session-cloning')])
    expect(a.code).toBe(0)
    expect(a.out).toBe(b.out)
    const parsed = JSON.parse(a.out)
    expect(parsed.ok).toBe(true)
    expect(parsed.files[0].expects.failed).toBe(0)
    expect(a.out.trim().split('\n')).toHaveLength(1)
  })

  it('reports an invalid file with its line on stderr and exits 1', async () => {
    const file = tempTrace([{ format: 'session-trace', version: 2, title: 't' }])
    const r = await run(['replay', file])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/INVALID TRACE: .*line 1/)
    expect(r.out).toBe('')
  })

  it('reports an expression syntax error in an app definition with its place', async () => {
    const broken = { ...phoneApp, pages: [{ id: 1, name: 'P', items: [{ name: 'P1_X', default: "'unterminated" }] }] }
    const file = tempTrace([{ format: 'session-trace', version: 1, title: 't', apps: [broken] }])
    const r = await run(['replay', '--json', file])
    expect(r.code).toBe(1)
    const parsed = JSON.parse(r.out)
    expect(parsed.files[0].error.field).toBe('header.apps[0].pages[0].items[0].default')
  })

  it('an unknown session alias is a clear error step, not a crash; an expect naming it fails with the name', async () => {
    const file = tempTrace([
      { format: 'session-trace', version: 1, title: 't', seed: 1, apps: [phoneApp] },
      { type: 'submit', session: 'NOBODY_KNOWS', page: 1, values: { P1_X: 'v' } },
      { type: 'expect', outcome: 'error' },
      { type: 'expect', session: 'NOBODY_KNOWS', status: 'deleted' },
    ])
    const r = await run(['replay', '--json', file])
    expect(r.code).toBe(1)
    const parsed = JSON.parse(r.out)
    expect(parsed.files[0].expects).toEqual({ total: 2, passed: 1, failed: 1 })
    expect(parsed.files[0].failures).toMatchObject([{ line: 4, field: 'session', session: 'NOBODY_KNOWS' }])
    expect(parsed.files[0].unexpectedErrors).toEqual([])
    expect(parsed.files[0].steps).toBe(1)
    const text = await run(['replay', file])
    expect(text.out).toContain('FAIL line 4: session "NOBODY_KNOWS" names no session created before this line')
  })

  describe('an error step nothing expected fails the replay with the reason the service shows (issue #12)', () => {
    /** 40 doublings of "abc": the 19th computation passes the 1 MiB value limit. */
    const doubling = {
      id: 90,
      name: 'Doubling',
      homePage: 1,
      pages: [{ id: 1, name: 'D', items: [{ name: 'P1_A' }], computations: Array.from({ length: 40 }, () => ({ point: 'beforeHeader', item: 'P1_A', expression: ':P1_A || :P1_A' })) }],
    }
    const reason = 'computation #19 on page 1 (app 90, page 1): || gives a value of 1572864 bytes, over the 1048576-byte limit of a session-state value'
    const header = { format: 'session-trace', version: 1, title: 'doubling', seed: 1, apps: [doubling] }
    const request = { type: 'request', url: 'f?p=90:1:::::P1_A:abc', as: 'A' }

    it('no expect: exit 1, an ERROR line with the reason, FAIL', async () => {
      const r = await run(['replay', tempTrace([header, request])])
      expect(r.code).toBe(1)
      expect(r.out).toContain(`  ERROR line 2 (step 0), no expect checks it: ${reason}\n`)
      expect(r.out.trimEnd().endsWith('FAIL')).toBe(true)
    })

    it('the same reason the service gives the step of the same trace', async () => {
      const { EngineService } = await import('../../src-main/api/engine-service.js')
      const { call } = await import('../timeline/api-call.js')
      const s = new EngineService()
      try {
        await call(s, 'workspace.openTraceText', { text: [header, request].map((l) => JSON.stringify(l)).join('\n') })
        const [step] = await call(s, 'steps.range', { from: 0, count: 1 })
        expect(step?.reason).toBe(reason)
      } finally {
        s.close()
      }
      const parsed = JSON.parse((await run(['replay', '--json', tempTrace([header, request])])).out)
      expect(parsed.ok).toBe(false)
      expect(parsed.files[0].unexpectedErrors).toEqual([{ line: 2, step: 0, reason, message: `line 2 (step 0) ended in an error no expect checks: ${reason}` }])
    })

    it('an expect of outcome ok fails once, printing the reason', async () => {
      const r = await run(['replay', tempTrace([header, request, { type: 'expect', outcome: 'ok' }])])
      expect(r.code).toBe(1)
      expect(r.out).toContain(`FAIL line 3 (after step 0): session -, outcome: expected "ok", actual "error": ${reason}\n`)
      expect(r.out).not.toContain('ERROR line')
    })

    it('an expect of outcome error, or a recorded outcome error, passes', async () => {
      const expected = await run(['replay', tempTrace([header, request, { type: 'expect', outcome: 'error' }])])
      expect([expected.code, expected.out.trimEnd().endsWith('PASS')]).toEqual([0, true])
      const recorded = await run(['replay', tempTrace([header, { ...request, outcome: 'error' }])])
      expect([recorded.code, recorded.out.trimEnd().endsWith('PASS')]).toEqual([0, true])
    })
  })

  it('usage errors exit 2', async () => {
    expect((await run(['replay'])).code).toBe(2)
    expect((await run(['frobnicate'])).code).toBe(2)
  })
})

describe('session-scope validate', () => {
  it('accepts every demo and rejects a bad file naming the line', async () => {
    const ok = await run(['validate', demo('per-user'), demo('phone-number')])
    expect(ok.code).toBe(0)
    const bad = tempTrace([{ format: 'session-trace', version: 1, title: 't' }, '{"type":"request"'])
    const r = await run(['validate', bad])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/line 2/)
    expect(r.out).toBe('')
  })
})

describe('npx session-scope (the installed bin, no build step)', () => {
  it('runs from a fresh process', () => {
    const bin = new URL('../../bin/session-scope.mjs', import.meta.url).pathname
    const r = spawnSync(process.execPath, [bin, 'replay', demo('phone-number')], { encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('PASS')
  })
})
