/**
 * Issue #12, `appFiles`: a trace header names app definition files to load.
 * These are the attacks found on it, each as it was tried: a trace sent as
 * text (page, renderer) naming any path on the host; a trace opened by path
 * (desktop, CLI) climbing out of its folder, through a symlink, into a FIFO,
 * a device, a directory or a huge file; and errors that echoed the file's
 * first characters. Every case must end in a clear error naming
 * `header.appFiles[i]`, never a read, a hang or the file's content.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EngineService } from '../../src-main/api/engine-service.js'
import { main } from '../../src-main/cli/main.js'
import { MAX_APP_FILE_BYTES } from '../../src-main/trace/app-sources.js'

const DEMO_APP = join(import.meta.dirname, '..', '..', 'resources', 'demos', 'apps', 'onboarding.json')
/** Text no error message may ever contain (it stands for /etc/shadow's content). */
const SECRET = 'root:$6$SECRET-HASH-DO-NOT-ECHO:19000:0:99999:7:::'

let root = ''
let traces = ''
let service: EngineService

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ss-appfiles-attack-'))
  traces = join(root, 'traces')
  mkdirSync(traces)
  // Outside the trace's folder: a secret, and a valid app definition (which apps.list would hand back whole).
  writeFileSync(join(root, 'shadow'), SECRET + '\n')
  copyFileSync(DEMO_APP, join(root, 'outside-app.json'))
  // Inside it: a good app file, a file that is not JSON, a FIFO, a directory, links out, a huge sparse file.
  copyFileSync(DEMO_APP, join(traces, 'app.json'))
  writeFileSync(join(traces, 'not-json.txt'), SECRET + '\n')
  execFileSync('mkfifo', [join(traces, 'pipe.json')])
  mkdirSync(join(traces, 'folder.json'))
  symlinkSync(join(root, 'outside-app.json'), join(traces, 'link-out.json'))
  symlinkSync('/dev/zero', join(traces, 'zero.json'))
  symlinkSync('app.json', join(traces, 'link-in.json'))
  writeFileSync(join(traces, 'huge.json'), '')
  truncateSync(join(traces, 'huge.json'), MAX_APP_FILE_BYTES + 1)
  service = new EngineService({ workspaceDir: join(root, 'workspaces') })
})
afterAll(() => service.close())

function header(appFiles: string[]): string {
  return JSON.stringify({ format: 'session-trace', version: 1, title: 'attack', appFiles }) + '\n'
}

function traceFile(name: string, appFiles: string[]): string {
  const file = join(traces, name)
  writeFileSync(file, header(appFiles))
  return file
}

type Failure = { ok: false; error: { code: string; message: string; field?: string } }

async function openText(appFiles: string[]) {
  return (await service.dispatch('workspace.openTraceText', { text: header(appFiles), name: 'sent.sstrace' })) as { ok: true } | Failure
}

async function openFile(name: string, appFiles: string[]) {
  return (await service.dispatch('workspace.openTraceFile', { path: traceFile(name, appFiles) })) as { ok: true } | Failure
}

function expectRefused(r: { ok: boolean }, message: RegExp, index = 0): void {
  expect(r.ok).toBe(false)
  const { error } = r as Failure
  expect(error.code).toBe('invalidApps')
  expect(error.field).toBe(`header.appFiles[${index}]`)
  expect(error.message).toContain(`header.appFiles[${index}]`)
  expect(error.message).toMatch(message)
  expect(error.message).not.toContain('SECRET')
  expect(error.message).not.toContain('root:')
}

describe('a trace sent as text (workspace.openTraceText: the page, the renderer) may not name files', () => {
  it('refuses an absolute path (it was read: its first characters came back in the error)', async () => {
    expectRefused(await openText([join(root, 'shadow')]), /not read for a trace that was not opened from a file/)
  })

  it('refuses a readable app definition anywhere (it came back whole through apps.list)', async () => {
    const r = await openText([join(root, 'outside-app.json')])
    expectRefused(r, /not read for a trace that was not opened from a file/)
    const apps = (await service.dispatch('apps.list', {})) as { ok: true; result: { id: number }[] }
    expect(apps.result).toEqual([])
  })

  it('refuses a relative path (it was resolved against the host process’s working directory)', async () => {
    expectRefused(await openText(['package.json']), /not read for a trace that was not opened from a file/)
  })

  it('does not tell which paths exist: a missing path and an existing one get the same answer', async () => {
    const missing = (await openText(['/no/such/file.json'])) as Failure
    const existing = (await openText(['/etc/hostname'])) as Failure
    expect(missing.error.message.replace('/no/such/file.json', 'P')).toBe(existing.error.message.replace('/etc/hostname', 'P'))
  })
})

describe('a trace opened by path (desktop, `npm run web TRACE`) reads app files inside its own folder only', () => {
  it('loads a regular JSON file beside the trace, and through a symlink that stays inside', async () => {
    expect((await openFile('good.sstrace', ['app.json'])).ok).toBe(true)
    expect((await openFile('good-link.sstrace', ['link-in.json'])).ok).toBe(true)
  })

  it('refuses an absolute path', async () => {
    expectRefused(await openFile('abs.sstrace', [join(root, 'outside-app.json')]), /outside the trace's folder/)
  })

  it('refuses a path that climbs out with ..', async () => {
    expectRefused(await openFile('dots.sstrace', ['../outside-app.json']), /outside the trace's folder/)
    expectRefused(await openFile('dots-deep.sstrace', ['app.json', '../../../../../../../etc/hostname']), /outside the trace's folder/, 1)
  })

  it('refuses a symlink that points out of the folder (realpath)', async () => {
    expectRefused(await openFile('link.sstrace', ['link-out.json']), /outside the trace's folder/)
  })

  it('refuses a link to /dev/zero (it grew the host to gigabytes)', async () => {
    expectRefused(await openFile('zero.sstrace', ['zero.json']), /outside the trace's folder|not a regular file/)
  })

  it('refuses a FIFO without blocking on it (it hung the load forever)', async () => {
    expectRefused(await openFile('fifo.sstrace', ['pipe.json']), /not a regular file/)
  })

  it('refuses a directory', async () => {
    expectRefused(await openFile('dir.sstrace', ['folder.json']), /not a regular file/)
  })

  it(`refuses a file over the size cap (${MAX_APP_FILE_BYTES} bytes) before reading it`, async () => {
    expectRefused(await openFile('huge.sstrace', ['huge.json']), new RegExp(`larger than ${MAX_APP_FILE_BYTES} bytes`))
  })

  it('never echoes a file’s content when it is not JSON', async () => {
    expectRefused(await openFile('notjson.sstrace', ['not-json.txt']), /is not valid JSON/)
  })

  it('says a missing file is missing, naming the field', async () => {
    expectRefused(await openFile('missing.sstrace', ['nope.json']), /cannot read/)
  })
})

describe('the CLI applies the same rule', () => {
  async function replay(file: string) {
    let out = ''
    const code = await main(['replay', '--json', file], { stdout: (s) => (out += s), stderr: () => {} })
    return { code, error: (JSON.parse(out) as { files: { error?: { field: string; message: string } }[] }).files[0]!.error }
  }

  it('refuses .. and absolute paths, and keeps file content out of its errors', async () => {
    for (const [name, files, message] of [
      ['cli-dots.sstrace', ['../../../../../etc/hostname'], /outside the trace's folder/],
      ['cli-abs.sstrace', [join(root, 'shadow')], /outside the trace's folder/],
      ['cli-fifo.sstrace', ['pipe.json'], /not a regular file/],
      ['cli-notjson.sstrace', ['not-json.txt'], /is not valid JSON/],
    ] as const) {
      const r = await replay(traceFile(name, [...files]))
      expect(r.code).toBe(1)
      expect(r.error?.field).toBe('header.appFiles[0]')
      expect(r.error?.message).toMatch(message)
      expect(r.error?.message).not.toContain('SECRET')
    }
  })

  it('still replays a trace whose app file sits beside it', async () => {
    const r = await replay(traceFile('cli-good.sstrace', ['app.json']))
    expect(r.error).toBeUndefined()
    expect(r.code).toBe(0)
  })
})
