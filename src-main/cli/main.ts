/**
 * The `session-scope` command line: the top level (`--help`, `--version`,
 * `help [COMMAND]`) and the dispatch to a command (commands.ts). Arguments are
 * parsed with `node:util` parseArgs in strict mode: an unknown option is a
 * usage error naming it (exit 2), never a file name.
 *
 * Streams: results on stdout, diagnostics (usage errors, files that cannot be
 * read or are invalid, import problems) on stderr, so piping stdout stays safe.
 * Every command returns its exit code; nothing here calls process.exit, so the
 * commands are testable in-process.
 */
import { readFileSync } from 'node:fs'
import { EXIT_OK, UsageError } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { COMMANDS, findCommand } from './commands.js'
import { parseCommandLine } from './parse-command-line.js'
import { runCommand, usageError } from './run-command.js'

const SYNOPSIS_WIDTH = 22

export function topLevelHelp(): string {
  const commandLines = COMMANDS.flatMap((c) => c.summary.map((line, i) => `  ${(i === 0 ? c.synopsis : '').padEnd(SYNOPSIS_WIDTH)}${line}`))
  return `Usage: session-scope <command> [options]
       session-scope --help | --version

Commands:
${commandLines.join('\n')}
  ${'help [COMMAND]'.padEnd(SYNOPSIS_WIDTH)}this text, or a command's (same as COMMAND --help)

Options:
  ${'-h, --help'.padEnd(SYNOPSIS_WIDTH)}this text
  ${'--version'.padEnd(SYNOPSIS_WIDTH)}print the version

Exit status:
  0  everything passed
  1  an expect failed, a replay diverged or ended in an error step nothing
     expected; an input file is invalid or cannot be read; import-apex imported
     nothing or could not write its output
  2  usage error: unknown command or option, missing or extra argument
`
}

/** The version in package.json (read at run time: the CLI runs from source). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv
  if (first === undefined) return usageError('session-scope', 'name a command', topLevelHelp(), io)
  if (first === 'help') return showHelp(rest, io)
  if (first.startsWith('-')) return topLevelOptions(argv, io)
  const entry = findCommand(first)
  if (!entry) return usageError('session-scope', `unknown command "${first}"`, topLevelHelp(), io)
  const command = await entry.load()
  return runCommand(`session-scope ${entry.name}`, command, rest, io)
}

/** `session-scope --help`, `--version`, or an option that belongs to no command. */
function topLevelOptions(argv: string[], io: CliIo): number {
  try {
    const parsed = parseCommandLine(argv, { version: { type: 'boolean' } }, false)
    if (parsed.help) io.stdout(topLevelHelp())
    else if (parsed.values.version === true) io.stdout(`session-scope ${cliVersion()}\n`)
    return EXIT_OK
  } catch (err) {
    if (err instanceof UsageError) return usageError('session-scope', `${err.message} (a command's options go after the command)`, topLevelHelp(), io)
    throw err
  }
}

/** `session-scope help` and `session-scope help COMMAND`. */
async function showHelp(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0) {
    io.stdout(topLevelHelp())
    return EXIT_OK
  }
  const entry = argv.length === 1 ? findCommand(argv[0]!) : undefined
  if (!entry) return usageError('session-scope help', argv.length === 1 ? `unknown command "${argv[0]}"` : 'name one command', topLevelHelp(), io)
  io.stdout((await entry.load()).help)
  return EXIT_OK
}
