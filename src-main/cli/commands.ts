/**
 * The `session-scope` commands: one line each here, one file each for the
 * command itself. A command module loads only when it runs, so `validate`
 * does not pay for the engine or the importer. To add a command, write
 * `<name>-command.ts` exporting a CliCommand and add its entry below; the
 * top-level help lists it from here.
 */
import type { CliCommand } from './cli-command.js'

export interface CommandEntry {
  name: string
  /** How the command is called, for the top-level help: "replay FILE…". */
  synopsis: string
  /** What it does, one or more lines of the top-level help. */
  summary: string[]
  load(): Promise<CliCommand>
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'replay',
    synopsis: 'replay FILE…',
    summary: ['replay traces: report failed expects, divergences and', 'unexpected error steps, print the final state per session;', '--json for one summary'],
    load: async () => (await import('./replay-command.js')).replayCommand,
  },
  {
    name: 'validate',
    synopsis: 'validate FILE…',
    summary: ['check trace files against format v1 without running them'],
    load: async () => (await import('./validate-command.js')).validateCommand,
  },
  {
    name: 'import-apex',
    synopsis: 'import-apex PATH',
    summary: ['turn an APEX export (f123.sql or split folder) into an app', 'definition: [--out app.json] [--json]'],
    load: async () => (await import('./import-apex-command.js')).importApexCommand,
  },
  {
    name: 'import-har',
    synopsis: 'import-har FILE.har',
    summary: ['turn a browser recording (HAR) of an APEX session into a trace:', '--out TRACE [--app app.json|f123.sql] [--mask GLOB]… [--json]'],
    load: async () => (await import('./import-har-command.js')).importHarCommand,
  },
]

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name)
}
