/**
 * The loader validates as the trace module's reader does: for every kind of
 * broken file it reports the same first problem (code, line, field), and
 * the oddities the format allows (BOM, CR LF, blank lines, expect lines) load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TraceFormatError } from '../../src-main/trace/errors.js'
import { validateTraceFile } from '../../src-main/trace/reader.js'
import { generateTraceText } from '../../scripts/trace-generator/index.js'
import { indexTraceFile } from '../../src-main/timeline/load/index-file.js'
import { Workspace } from '../../src-main/timeline/workspace.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ss-index-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const base = generateTraceText({ events: 200, sessions: 4, seed: 8, recorded: true })
const lines = base.split('\n')

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}

function indexError(path: string): TraceFormatError | null {
  try {
    const r = indexTraceFile(path, { workspacePath: `${path}.ssws` })
    r.indexer.close()
    return null
  } catch (e) {
    if (e instanceof TraceFormatError) return e
    throw e
  }
}

describe('indexTraceFile validates like the reader', () => {
  const broken: [string, string | Buffer][] = [
    ['bad JSON', [...lines.slice(0, 50), '{"type":', ...lines.slice(51)].join('\n')],
    ['schema', [...lines.slice(0, 70), '{"type":"wait","seconds":-4}', ...lines.slice(71)].join('\n')],
    ['unknown type', [...lines.slice(0, 9), '{"type":"teleport"}', ...lines.slice(10)].join('\n')],
    ['bad effect', [...lines.slice(0, 30), lines[30]!.replace('"op":"group"', '"op":"groop"'), ...lines.slice(31)].join('\n')],
    ['truncated last line', base.slice(0, base.length - 40)],
    ['blank first line', '\n' + base],
    ['not a trace', '{"hello":"world"}\n'],
    ['empty', '\n\n'],
    ['version', base.replace('"version":1', '"version":7')],
    ['bad UTF-8', Buffer.concat([Buffer.from(lines.slice(0, 20).join('\n') + '\n{"type":"wait","seconds":1,"note":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')])],
    ['oversized value', [...lines.slice(0, 5), JSON.stringify({ type: 'setState', session: 'A', item: 'X', value: 'v'.repeat(1024 * 1024 + 5) }), ...lines.slice(5)].join('\n')],
  ]
  for (const [name, content] of broken) {
    it(`same first problem: ${name}`, async () => {
      const p = file(`${name.replace(/\W/g, '-')}.sstrace`, content)
      const ref = await validateTraceFile(p)
      expect(ref.ok).toBe(false)
      const got = indexError(p)
      expect(got).not.toBeNull()
      if (!ref.ok && got) {
        expect({ code: got.code, line: got.line, field: got.field, message: got.message }).toEqual({ code: ref.error.code, line: ref.error.line, field: ref.error.field, message: ref.error.message })
      }
    })
  }

  it('loads what the format allows: BOM, CR LF, blank lines, expect lines (checked)', async () => {
    const withExpect = [
      lines[0]!,
      ...lines.slice(1, 40),
      '',
      '   ',
      '{"type":"expect","outcome":"ok"}',
      ...lines.slice(40),
    ]
    const p = file('odd.sstrace', '\uFEFF' + withExpect.join('\r\n'))
    const ref = await validateTraceFile(p)
    expect(ref.ok).toBe(true)
    const r = indexTraceFile(p, { workspacePath: `${p}.ssws` })
    expect(r.summary.expects.total).toBe(1)
    r.finishEvents?.()
    r.indexer.close()
    const ws = Workspace.openFile(`${p}.ssws`)
    const plain = Workspace.fromText(base, null)
    expect(ws.timeline.steps(0, 10_000)).toEqual(plain.timeline.steps(0, 10_000))
    ws.close()
    plain.close()
  })
})
