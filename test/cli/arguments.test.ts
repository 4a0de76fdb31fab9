/**
 * The command line's arguments, streams and exit codes, through the installed
 * bin in a fresh process: `--help` everywhere, `--version`, unknown options
 * rejected with exit 2 and named, diagnostics on stderr and results on stdout.
 * Exit codes: 0 ok, 1 failed expect / divergence / invalid or unreadable
 * input, 2 usage (README "The command line").
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnCli } from './helpers/spawn-cli.js'

const demo = (name: string) => new URL(`../../resources/demos/traces/${name}.sstrace`, import.meta.url).pathname
const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
const COMMAND_NAMES = ['replay', 'validate', 'import-apex']

const dir = mkdtempSync(join(tmpdir(), 'ss-cli-args-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
function traceFile(name: string, lines: unknown[]): string {
  const file = join(dir, name)
  writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n')
  return file
}
const invalidVersion = traceFile('v2.sstrace', [{ format: 'session-trace', version: 2, title: 't' }])
const brokenLine2 = traceFile('broken.sstrace', [{ format: 'session-trace', version: 1, title: 't' }, '{"type":"request"'])
const missing = join(dir, 'missing.sstrace')
const failingExpect = traceFile('fails.sstrace', [
  { format: 'session-trace', version: 1, title: 't', seed: 1, apps: [{ id: 1, name: 'A', homePage: 1, pages: [{ id: 1, name: 'P', items: [{ name: 'P1_X' }] }] }] },
  { type: 'request', url: 'f?p=1:1:::::P1_X:hello', as: 'A' },
  { type: 'expect', session: 'A', state: { P1_X: 'goodbye' } },
])
const dashNamed = '-odd.sstrace'
writeFileSync(join(dir, dashNamed), readFileSync(demo('per-user')))

describe.concurrent('session-scope: help and version', { timeout: 60_000 }, () => {
  it('--help, -h and help print the top-level help on stdout, exit 0, listing every command and the exit codes', async () => {
    const runs = await Promise.all([spawnCli(['--help']), spawnCli(['-h']), spawnCli(['help'])])
    for (const r of runs) {
      expect(r).toMatchObject({ code: 0, stderr: '' })
      expect(r.stdout).toBe(runs[0]!.stdout)
    }
    const help = runs[0]!.stdout
    expect(help).toMatch(/^Usage: session-scope <command>/)
    for (const name of COMMAND_NAMES) expect(help).toMatch(new RegExp(`^  ${name} `, 'm'))
    expect(help).toContain('--version')
    expect(help).toMatch(/^ {2}0 /m)
    expect(help).toMatch(/^ {2}1 /m)
    expect(help).toMatch(/^ {2}2 +usage error/m)
  })

  it('--version prints the version from package.json', async () => {
    expect(await spawnCli(['--version'])).toEqual({ code: 0, stdout: `session-scope ${packageVersion}\n`, stderr: '' })
  })

  it.each(COMMAND_NAMES)('%s --help and -h print that command’s help and open no file', async (name) => {
    const [long, short, viaHelp] = await Promise.all([spawnCli([name, '--help']), spawnCli([name, '-h', 'some-file']), spawnCli(['help', name])])
    expect(long).toMatchObject({ code: 0, stderr: '' })
    expect(long.stdout).toMatch(new RegExp(`^Usage: session-scope ${name} `))
    expect(long.stdout).toContain('Exit status: 0')
    expect(short).toEqual(long)
    expect(viaHelp).toEqual(long)
  })
})

describe.concurrent('session-scope: usage errors exit 2 with the reason on stderr', { timeout: 60_000 }, () => {
  it.each([
    { args: [], says: 'session-scope: name a command' },
    { args: ['frobnicate'], says: 'session-scope: unknown command "frobnicate"' },
    { args: ['--frob'], says: 'session-scope: unknown option --frob' },
    { args: ['--json', 'replay', demo('per-user')], says: 'session-scope: unknown option --json' },
    { args: ['help', 'frobnicate'], says: 'session-scope help: unknown command "frobnicate"' },
    { args: ['replay', '--frob', demo('per-user')], says: 'session-scope replay: unknown option --frob' },
    { args: ['replay', demo('per-user'), '-x'], says: 'session-scope replay: unknown option -x' },
    { args: ['replay', '--json=yes', demo('per-user')], says: 'session-scope replay: --json takes no value' },
    { args: ['replay'], says: 'session-scope replay: name at least one trace file' },
    { args: ['replay', '--version'], says: 'session-scope replay: unknown option --version' },
    { args: ['validate', '--strict', demo('per-user')], says: 'session-scope validate: unknown option --strict' },
    { args: ['validate', '--json'], says: 'session-scope validate: name at least one trace file' },
    { args: ['import-apex', '--bogus', 'f1.sql'], says: 'session-scope import-apex: unknown option --bogus' },
    { args: ['import-apex', 'f1.sql', '--out'], says: 'session-scope import-apex: --out needs a value' },
    { args: ['import-apex', 'a.sql', 'b.sql'], says: 'session-scope import-apex: one export at a time' },
    { args: ['import-apex'], says: 'session-scope import-apex: name the export' },
  ])('$args', async ({ args, says }) => {
    const r = await spawnCli(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.startsWith(says)).toBe(true)
    // The help of the command (or the top level) follows, so the user sees what is accepted.
    expect(r.stderr).toContain('\n\nUsage: session-scope ')
  })
})

describe.concurrent('session-scope: results on stdout, diagnostics on stderr', { timeout: 60_000 }, () => {
  it('replay: an invalid and a missing file are named on stderr, exit 1, nothing on stdout', async () => {
    const r = await spawnCli(['replay', invalidVersion, missing])
    expect(r).toMatchObject({ code: 1, stdout: '' })
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(new RegExp(`^${invalidVersion}: INVALID TRACE: .*line 1`))
    expect(lines[1]).toMatch(new RegExp(`^${missing}: ERROR: .*ENOENT`))
  })

  it('replay: a good file’s report stays on stdout when another file is bad', async () => {
    const r = await spawnCli(['replay', demo('phone-number'), invalidVersion])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`${demo('phone-number')}: `)
    expect(r.stdout).toContain('PASS')
    expect(r.stdout).not.toContain(invalidVersion)
    expect(r.stderr).toMatch(new RegExp(`^${invalidVersion}: INVALID TRACE: `))
  })

  it('replay --json: the one JSON document on stdout says which file failed; stderr names it too', async () => {
    const r = await spawnCli(['replay', '--json', invalidVersion])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, files: [{ file: invalidVersion, ok: false, error: { kind: 'format', line: 1 } }] })
    expect(r.stderr).toMatch(new RegExp(`^${invalidVersion}: INVALID TRACE: `))
  })

  it('replay: a failed expect is part of the report (stdout), exit 1, stderr quiet', async () => {
    const r = await spawnCli(['replay', failingExpect])
    expect(r).toMatchObject({ code: 1, stderr: '' })
    expect(r.stdout).toContain('FAIL line 3 (after step 0): session A, state P1_X: expected "goodbye", actual "hello"')
  })

  it('validate: valid files on stdout, an invalid one (with its line) and an unreadable one on stderr, exit 1', async () => {
    const r = await spawnCli(['validate', demo('per-user'), brokenLine2, missing])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(new RegExp(`^${demo('per-user')}: valid \\(\\d+ events\\)\\n$`))
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(new RegExp(`^${brokenLine2}: INVALID: .*line 2`))
    expect(lines[1]).toMatch(new RegExp(`^${missing}: cannot read: `))
  })

  it('validate: a file whose name starts with "-" is named after --', async () => {
    const r = await spawnCli(['validate', '--', dashNamed], dir)
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toMatch(/^-odd\.sstrace: valid \(\d+ events\)\n$/)
  })

  it('import-apex: a missing export is reported on stderr, exit 1', async () => {
    const r = await spawnCli(['import-apex', join(dir, 'no-such.sql')])
    expect(r).toMatchObject({ code: 1, stdout: '' })
    expect(r.stderr).toContain('no-such.sql: no such file or folder')
  })
})
