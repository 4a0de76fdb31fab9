/**
 * `session-scope validate FILE…`: checks files against trace format v1
 * (streaming, so any size) without running them.
 */
import { validateTraceFile } from '../trace/reader.js'
import type { CliIo } from './cli-io.js'

export async function runValidate(args: string[], io: CliIo): Promise<number> {
  const json = args.includes('--json')
  const files = args.filter((a) => a !== '--json')
  if (files.length === 0) {
    io.stderr('session-scope validate: name at least one trace file\n')
    return 2
  }
  let failed = 0
  const results: { file: string; ok: boolean; events?: number; error?: { line: number; field: string | null; code: string; message: string } }[] = []
  for (const file of files) {
    try {
      const r = await validateTraceFile(file)
      if (r.ok) {
        results.push({ file, ok: true, events: r.events })
        if (!json) io.stdout(`${file}: valid (${r.events} events)\n`)
      } else {
        failed++
        results.push({ file, ok: false, error: { line: r.error.line, field: r.error.field, code: r.error.code, message: r.error.message } })
        if (!json) io.stdout(`${file}: INVALID: ${r.error.message}\n`)
      }
    } catch (err) {
      failed++
      const message = (err as Error).message
      results.push({ file, ok: false, error: { line: 0, field: null, code: 'io', message } })
      if (!json) io.stdout(`${file}: cannot read: ${message}\n`)
    }
  }
  if (json) io.stdout(JSON.stringify({ files: results }) + '\n')
  return failed > 0 ? 1 : 0
}
