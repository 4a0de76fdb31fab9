/**
 * The `session-scope` command line: replay, validate, import-apex.
 * Every command returns its exit code; nothing here calls process.exit, so
 * the commands are testable in-process.
 */
import type { CliIo } from './cli-io.js'

const USAGE = `Usage: session-scope <command> [options]

Commands:
  replay FILE…          replay traces: report failed expects and divergences,
                        print the final state per session; --json for one summary
  validate FILE…        check trace files against format v1 without running them
  import-apex PATH      turn an APEX export (f123.sql or split folder) into an app
                        definition: [--out app.json] [--json]
  help                  this text

Exit status: 0 when everything passed, 1 when an expect failed or a file is invalid,
2 for a usage error.
`

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    // Commands load on demand: `validate` need not pay for the engine or the importer.
    case 'replay':
      return (await import('./replay-command.js')).runReplay(rest, io)
    case 'validate':
      return (await import('./validate-command.js')).runValidate(rest, io)
    case 'import-apex':
      return (await import('./import-apex-command.js')).runImportApex(rest, io)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE)
      return command === undefined ? 2 : 0
    default:
      io.stderr(`session-scope: unknown command "${command}"\n\n${USAGE}`)
      return 2
  }
}
