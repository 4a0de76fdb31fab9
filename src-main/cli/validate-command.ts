/**
 * `session-scope validate FILE… [--json]`: checks files against trace format
 * v1 (streaming, so any size) without running them.
 *
 * stdout: "FILE: valid (N events)" per valid file, or with --json one JSON
 * document for all files (invalid ones included); stderr: one line per file
 * that is invalid or cannot be read, naming the line.
 */
import { validateTraceFile } from '../trace/reader.js'
import type { CliArgs, CliCommand } from './cli-command.js'
import { EXIT_FAILED, EXIT_OK, UsageError } from './cli-command.js'
import type { CliIo } from './cli-io.js'

const HELP = `Usage: session-scope validate FILE… [--json]

Checks trace files against format v1 without running them (streaming, so a
file of any size).

  FILE        a trace file (.sstrace); several are checked one after another
              (a name starting with "-" goes after --: validate -- -odd.sstrace)
  --json      print one JSON document for all files instead of text
  -h, --help  this text

Output: "FILE: valid (N events)" on stdout; an invalid or unreadable file is
named on stderr with the reason (and, with --json, also in the JSON document).
Exit status: 0 every file is valid, 1 a file is invalid or cannot be read,
2 usage error.
`

interface FileResult {
  file: string
  ok: boolean
  events?: number
  error?: { line: number; field: string | null; code: string; message: string }
}

export const validateCommand: CliCommand = {
  help: HELP,
  options: { json: { type: 'boolean' } },
  run: runValidate,
}

async function runValidate({ values, positionals: files }: CliArgs, io: CliIo): Promise<number> {
  const json = values.json === true
  if (files.length === 0) throw new UsageError('name at least one trace file')
  let failed = 0
  const results: FileResult[] = []
  for (const file of files) {
    try {
      const r = await validateTraceFile(file)
      if (r.ok) {
        results.push({ file, ok: true, events: r.events })
        if (!json) io.stdout(`${file}: valid (${r.events} events)\n`)
      } else {
        failed++
        results.push({ file, ok: false, error: { line: r.error.line, field: r.error.field, code: r.error.code, message: r.error.message } })
        io.stderr(`${file}: INVALID: ${r.error.message}\n`)
      }
    } catch (err) {
      failed++
      const message = (err as Error).message
      results.push({ file, ok: false, error: { line: 0, field: null, code: 'io', message } })
      io.stderr(`${file}: cannot read: ${message}\n`)
    }
  }
  if (json) io.stdout(JSON.stringify({ files: results }) + '\n')
  return failed > 0 ? EXIT_FAILED : EXIT_OK
}
