/**
 * What one `session-scope` command is: its help text, the options it takes
 * (in `node:util` parseArgs form) and how it runs. main.ts parses the command
 * line with these options in strict mode, so an option a command does not
 * declare is a usage error (exit 2) before the command runs.
 */
import type { ParseArgsConfig } from 'node:util'
import type { CliIo } from './cli-io.js'

export type CliOptions = NonNullable<ParseArgsConfig['options']>

/** The parsed command line a command receives (`--help` is handled before it runs). */
export interface CliArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>
  positionals: string[]
}

export interface CliCommand {
  /** The whole `--help` text, ending with a newline. */
  help: string
  options: CliOptions
  run(args: CliArgs, io: CliIo): Promise<number>
}

/**
 * Thrown by a command whose arguments parse but do not make sense (no file
 * named, two exports at once): main.ts prints the message and the command's
 * help on stderr and exits 2.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Exit statuses, the same for every command (README "The command line", `session-scope --help`). */
export const EXIT_OK = 0
/** A failed expect or a divergence, an input file invalid or unreadable, nothing imported, an output not written. */
export const EXIT_FAILED = 1
/** The command line itself is wrong: unknown command or option, missing argument. */
export const EXIT_USAGE = 2
