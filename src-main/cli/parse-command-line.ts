/**
 * `node:util` parseArgs in strict mode, with its errors turned into usage
 * errors that name the option in plain words. Every command accepts
 * `-h`/`--help`; `--` ends the options, so a file whose name starts with `-`
 * can still be named (`session-scope validate -- -odd.sstrace`).
 */
import { parseArgs } from 'node:util'
import type { CliArgs, CliOptions } from './cli-command.js'
import { UsageError } from './cli-command.js'

export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies CliOptions

export interface ParsedCommandLine extends CliArgs {
  help: boolean
}

export function parseCommandLine(argv: string[], options: CliOptions, allowPositionals: boolean): ParsedCommandLine {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: { ...options, ...HELP_OPTION }, strict: true, allowPositionals })
  } catch (err) {
    throw new UsageError(describeParseError(err))
  }
  const { help, ...values } = parsed.values as CliArgs['values']
  return { help: help === true, values, positionals: parsed.positionals }
}

/** parseArgs's messages differ between Node versions; the code and the quoted option do not. */
function describeParseError(err: unknown): string {
  const e = err as { code?: string; message?: string }
  const message = String(e?.message ?? err)
  const quoted = /'([^']+)'/.exec(message)?.[1]
  switch (e?.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? message}`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // "'-o, --out <value>'" names the option with its short form: say the long one.
      const option = quoted ? (/--[^\s,<=]+/.exec(quoted)?.[0] ?? quoted) : 'an option'
      if (/does not take an argument/i.test(message)) return `${option} takes no value`
      if (/ambiguous/i.test(message)) return `${option} needs a value (for a value starting with "-", write ${option}=VALUE)`
      return `${option} needs a value`
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${quoted ?? message}`
    default:
      return message
  }
}
