/**
 * `session-scope import-apex PATH [--out app.json] [--json]`: an APEX export
 * (single `.sql` file or split-export folder) → app definition(s), with a
 * summary of what was read and what cannot be simulated.
 *
 * stdout carries the result (the human summary, or exactly one JSON document
 * with `--json`); problems go to stderr so that piping the JSON stays safe.
 * Exit status: 0 imported (problems may still be listed), 1 nothing could be
 * imported or the output could not be written, 2 usage error.
 */
import { writeFile } from 'node:fs/promises'
import { importApexExport } from '../apex-import/index.js'
import type { AppCoverage, ImportProblem, ImportResult, ImportSummary } from '../apex-import/index.js'
import type { CliArgs, CliCommand } from './cli-command.js'
import { EXIT_FAILED, EXIT_OK, UsageError } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { runCommand } from './run-command.js'

const HELP = `Usage: session-scope import-apex PATH [--out FILE] [--json]

  PATH            an APEX export: f123.sql, or a split-export folder
  -o, --out FILE  write the app definition as JSON (one app: an object; several: an array)
  --json          print the summary as one JSON document instead of text
  -h, --help      this text

Output: the summary on stdout; problems found in the export on stderr.
Exit status: 0 imported (problems may still be listed), 1 nothing could be
imported or the output could not be written, 2 usage error.
`

/** Problems beyond this many are counted, not listed: a damaged file can yield thousands. */
const MAX_LISTED_PROBLEMS = 50

export const importApexCommand: CliCommand = {
  help: HELP,
  options: { out: { type: 'string', short: 'o' }, json: { type: 'boolean' } },
  run: runImportApexParsed,
}

/** `session-scope import-apex ARGV…` without the top level (the tests call it so). */
export function runImportApex(argv: string[], io: CliIo): Promise<number> {
  return runCommand('session-scope import-apex', importApexCommand, argv, io)
}

async function runImportApexParsed({ values, positionals }: CliArgs, io: CliIo): Promise<number> {
  const json = values.json === true
  const out = typeof values.out === 'string' ? values.out : undefined
  if (out === '') throw new UsageError('--out needs a file name')
  if (positionals.length === 0) throw new UsageError('name the export to import (an f123.sql file or a split-export folder)')
  if (positionals.length > 1) throw new UsageError(`one export at a time (got ${positionals.join(' and ')})`)
  const path = positionals[0]!

  const result = await importApexExport(path)
  reportProblems(result.problems, io)

  if (result.apps.length === 0) {
    if (json) io.stdout(JSON.stringify(jsonDocument(result)) + '\n')
    // The reason is among the problems just listed; this line says what it means.
    io.stderr(`session-scope import-apex: nothing could be imported from ${path}\n`)
    return EXIT_FAILED
  }

  if (out !== undefined) {
    const content = result.apps.length === 1 ? result.apps[0] : result.apps
    try {
      await writeFile(out, JSON.stringify(content, null, 2) + '\n', 'utf8')
    } catch (error) {
      io.stderr(`session-scope import-apex: cannot write ${out}: ${(error as Error).message}\n`)
      return EXIT_FAILED
    }
  }

  if (json) {
    io.stdout(JSON.stringify(jsonDocument(result)) + '\n')
  } else {
    io.stdout(humanSummary(path, result))
    if (out !== undefined) io.stdout(`Wrote ${out}\n`)
  }
  return EXIT_OK
}

/** The issue's `--json` shape, `{"apps":[summary…]}`, plus what went wrong and what was skipped. */
function jsonDocument(result: ImportResult): Record<string, unknown> {
  return { apps: result.summary, problems: result.problems, skippedCalls: result.skippedCalls }
}

function reportProblems(problems: ImportProblem[], io: CliIo): void {
  for (const p of problems.slice(0, MAX_LISTED_PROBLEMS)) {
    io.stderr(`${p.file}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}\n`)
  }
  if (problems.length > MAX_LISTED_PROBLEMS) io.stderr(`… and ${problems.length - MAX_LISTED_PROBLEMS} more problems\n`)
}

function humanSummary(path: string, result: ImportResult): string {
  const lines: string[] = [`APEX export ${path}`]
  result.apps.forEach((app, index) => {
    const s = result.summary[index] as ImportSummary
    lines.push('', `Application ${app.id} "${app.name}"${app.alias ? ` (alias ${app.alias})` : ''}, home page ${app.homePage}`)
    lines.push(...appRows(s))
    lines.push(...coverageRows(s.coverage))
  })
  const skipped = Object.entries(result.skippedCalls).sort(([, a], [, b]) => b - a)
  const skippedTotal = skipped.reduce((n, [, c]) => n + c, 0)
  lines.push('')
  if (skippedTotal > 0) {
    const top = skipped.slice(0, 5).map(([name, count]) => `${name} ${count}`)
    lines.push(`Skipped ${skippedTotal} export calls the simulator does not use (${top.join(', ')}${skipped.length > 5 ? ', …' : ''})`)
  }
  lines.push(result.problems.length === 0 ? 'Problems: none' : `Problems: ${result.problems.length} (listed on stderr)`)
  return lines.join('\n') + '\n'
}

function appRows(s: ImportSummary): string[] {
  const row = (label: string, count: number, detail = ''): string =>
    `  ${label.padEnd(20)}${String(count).padStart(6)}${detail ? `   ${detail}` : ''}`
  const rows = [
    row('pages', s.pages),
    row('page items', s.pageItems, `session ${s.storage.session}, request ${s.storage.request}, user ${s.storage.user}`),
    row('branches', s.branches),
    row('application items', s.appItems),
    row('computations', s.computations, `page ${s.computationsByLevel.page}, application ${s.computationsByLevel.application}`),
    row('validations', s.validations),
    row('buttons', s.buttons),
    row('processes', s.processes, `page ${s.processesByLevel.page}, application ${s.processesByLevel.application}`),
    row('not simulated', s.notSimulated),
  ]
  const kinds = Object.entries(s.notSimulatedByKind).sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
  for (const [kind, count] of kinds) rows.push(`    ${kind.padEnd(52)}${String(count).padStart(4)}`)
  const notes: string[] = []
  if (s.protectionDowngraded.pages + s.protectionDowngraded.items > 0) {
    notes.push(
      `protection codes APEX does not document treated as Unrestricted on ${s.protectionDowngraded.pages} pages and ${s.protectionDowngraded.items} items`,
    )
  }
  if (s.excludedByBuildOption > 0) notes.push(`${s.excludedByBuildOption} components excluded by build options (kept, never run)`)
  if (s.onDemand > 0) notes.push(`${s.onDemand} Ajax callback processes kept outside the page flow`)
  for (const note of notes) rows.push(`  note: ${note}`)
  return rows
}

/** What runs in the simulator, by kind, and the supporting-object statements (issue #11). */
function coverageRows(c: AppCoverage): string[] {
  const k = c.components
  const rows = [
    `  runs ${k.runs} of ${k.total} components (${k.percent}% of those that change session state or rows): ${k.native} as expressions or declarative steps, ${k.code} as SQL/PL/SQL; ${k.notRun} do not run`,
  ]
  for (const [kind, n] of Object.entries(k.byKind)) rows.push(`    ${kind.padEnd(24)}runs ${String(n.runs).padStart(4)} of ${String(n.total).padStart(4)}`)
  for (const [reason, n] of Object.entries(k.reasons).slice(0, 10)) rows.push(`    not run: ${reason} (${n})`)
  if (c.statements !== null) {
    const st = c.statements
    rows.push(`  supporting objects: ${st.ran} of ${st.total} statements ran (${st.percent}%), ${st.failed} failed`)
    for (const script of st.scripts) rows.push(`    ${script.script.padEnd(40)}ran ${String(script.ran).padStart(4)}, failed ${String(script.failed).padStart(4)}`)
  }
  return rows
}
