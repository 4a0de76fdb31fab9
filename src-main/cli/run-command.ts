/**
 * Runs one command on its part of the command line: strict parsing of its
 * options, `-h`/`--help`, and usage errors (the message and the command's
 * help on stderr, exit 2). The same path for `session-scope COMMAND …` and for
 * tests that call a command with its arguments directly.
 */
import type { CliCommand } from './cli-command.js'
import { EXIT_OK, EXIT_USAGE, UsageError } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { parseCommandLine } from './parse-command-line.js'

/** `name` is how diagnostics start: "session-scope replay". */
export async function runCommand(name: string, command: CliCommand, argv: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseCommandLine(argv, command.options, true)
    if (parsed.help) {
      io.stdout(command.help)
      return EXIT_OK
    }
    return await command.run(parsed, io)
  } catch (err) {
    if (err instanceof UsageError) return usageError(name, err.message, command.help, io)
    throw err
  }
}

export function usageError(name: string, message: string, help: string, io: CliIo): number {
  io.stderr(`${name}: ${message}\n\n${help}`)
  return EXIT_USAGE
}
