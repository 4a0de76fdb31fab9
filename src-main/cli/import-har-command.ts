/**
 * `session-scope import-har FILE.har [--app FILE] [--mask GLOB]… --out trace.sstrace`:
 * a browser recording (HAR 1.1/1.2) of a real APEX session → a trace, each
 * request the event it is, with what the server answered beside it
 * (`observed`); docs/har-import.md.
 *
 * Without --app the trace is recorded-only (every event carries the effects
 * the recording proves). With --app (an app definition JSON, an export .sql,
 * or a split-export folder) the definition is written beside the trace
 * (`<out>.app.json`, named in the header's `appFiles`), so `replay` simulates
 * each request and compares it with the real answer.
 *
 * stdout: the summary (or one JSON document with --json); stderr: progress
 * and the problems found, each naming its entry (`log.entries[17].…`).
 * Exit status: 0 imported (problems may still be listed), 1 the file is not a
 * HAR, holds no APEX request, or an output could not be written, 2 usage error.
 */
import { createWriteStream } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { importApexExport } from '../apex-import/index.js'
import { AppDefinitionSchema, type AppDefinition } from '../engine/model/app-definition.js'
import { importHar, type HarImportSummary } from '../har-import/index.js'
import type { CliArgs, CliCommand } from './cli-command.js'
import { EXIT_FAILED, EXIT_OK, UsageError } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { runCommand } from './run-command.js'

const HELP = `Usage: session-scope import-har FILE.har --out TRACE [--app FILE] [--mask GLOB]… [--json]

Turns a browser recording (HAR 1.1 or 1.2, saved from the browser's developer
tools) of a real APEX session into a trace: page views, submits, logins, Ajax
calls and logouts, with what the server answered to each.

  FILE.har          the recording (read as a stream: any size)
  -o, --out TRACE   the trace to write (.sstrace)
  --app FILE        the app's definition: app.json (from import-apex), an
                    export f123.sql, or a split-export folder. It is written
                    beside the trace (TRACE.app.json) so replay simulates each
                    request and compares it with the real answer. Without it
                    the trace is recorded-only (stepped as recorded).
  --mask GLOB       mask the values of items whose names match GLOB
                    (e.g. P*_SSN; * and ?, case-insensitive); repeatable
  --json            print the summary as one JSON document
  -h, --help        this text

Passwords (items named like *PASSWORD*, password inputs) and Cookie,
Set-Cookie and Authorization headers are never written to the trace.
Output: the summary on stdout; progress and problems on stderr.
Exit status: 0 imported (problems may still be listed), 1 not a HAR file, no
APEX request in it, or an output could not be written, 2 usage error.
`

const MAX_LISTED_PROBLEMS = 50

export const importHarCommand: CliCommand = {
  help: HELP,
  options: { out: { type: 'string', short: 'o' }, app: { type: 'string' }, mask: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  run: runImportHarParsed,
}

/** `session-scope import-har ARGV…` without the top level (the tests call it so). */
export function runImportHar(argv: string[], io: CliIo): Promise<number> {
  return runCommand('session-scope import-har', importHarCommand, argv, io)
}

/** The app definitions --app names: a JSON definition (one or a list), or an APEX export through the importer. */
async function loadApps(path: string, io: CliIo): Promise<AppDefinition[] | string> {
  let isDir: boolean
  try {
    isDir = (await stat(path)).isDirectory()
  } catch (error) {
    return `cannot read ${path}: ${(error as Error).message}`
  }
  if (!isDir && extname(path).toLowerCase() === '.json') {
    let json: unknown
    try {
      json = JSON.parse(await readFile(path, 'utf8'))
    } catch (error) {
      return `${path}: not a JSON app definition (${(error as Error).message})`
    }
    const list = Array.isArray(json) ? json : [json]
    const apps: AppDefinition[] = []
    for (const [i, a] of list.entries()) {
      const parsed = AppDefinitionSchema.safeParse(a)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!
        return `${path}: ${Array.isArray(json) ? `[${i}].` : ''}${issue.path.join('.') || '(root)'}: ${issue.message}`
      }
      apps.push(parsed.data)
    }
    return apps
  }
  const result = await importApexExport(path)
  for (const p of result.problems.slice(0, 10)) io.stderr(`${p.file}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}\n`)
  if (result.apps.length === 0) return `nothing could be imported from the export ${path}`
  return result.apps
}

async function runImportHarParsed({ values, positionals }: CliArgs, io: CliIo): Promise<number> {
  const out = typeof values.out === 'string' ? values.out : undefined
  const app = typeof values.app === 'string' ? values.app : undefined
  const masks = Array.isArray(values.mask) ? values.mask.filter((m): m is string => typeof m === 'string') : []
  const json = values.json === true
  if (positionals.length === 0) throw new UsageError('name the recording to import (a .har file)')
  if (positionals.length > 1) throw new UsageError(`one recording at a time (got ${positionals.join(' and ')})`)
  if (out === undefined || out === '') throw new UsageError('--out names the trace to write')
  if (app === '') throw new UsageError('--app needs a file name')
  for (const m of masks) if (m.trim() === '') throw new UsageError('--mask needs a pattern, e.g. --mask P*_SSN')
  const har = positionals[0]!
  // The trace is opened for writing before the recording is read: the same file would be emptied first.
  if (resolve(out) === resolve(har)) throw new UsageError(`--out ${out} is the recording itself; name another file for the trace`)

  let appFiles: string[] = []
  if (app !== undefined) {
    const apps = await loadApps(app, io)
    if (typeof apps === 'string') {
      io.stderr(`session-scope import-har: --app ${apps}\n`)
      return EXIT_FAILED
    }
    // Beside the trace: appFiles are read only inside the trace's folder.
    const stem = basename(out).replace(/\.(sstrace|ndjson|jsonl)$/i, '')
    appFiles = apps.map((a) => (apps.length === 1 ? `${stem}.app.json` : `${stem}.app-${a.id}.json`))
    try {
      for (const [i, a] of apps.entries()) await writeFile(join(dirname(out), appFiles[i]!), JSON.stringify(a, null, 1) + '\n', 'utf8')
    } catch (error) {
      io.stderr(`session-scope import-har: cannot write the app definition beside ${out}: ${(error as Error).message}\n`)
      return EXIT_FAILED
    }
  }

  const stream = createWriteStream(out)
  let lastPercent = -1
  let summary: HarImportSummary
  try {
    summary = await importHar(har, stream, {
      masks,
      appFiles,
      title: `Browser recording ${basename(har)}`,
      onProgress(read, total) {
        if (total === null || total === 0) return
        const percent = Math.floor((read / total) * 100)
        // Every 10 % (a 500 MB file reports a few hundred chunks).
        if (percent >= lastPercent + 10 || read === total) {
          lastPercent = percent
          io.stderr(`import-har: ${percent}% (${formatMb(read)} of ${formatMb(total)})\n`)
        }
      },
    })
  } catch (error) {
    io.stderr(`session-scope import-har: cannot write ${out}: ${(error as Error).message}\n`)
    return EXIT_FAILED
  }

  for (const p of summary.problems.slice(0, MAX_LISTED_PROBLEMS)) io.stderr(`${p.field}: ${p.message}\n`)
  if (summary.problemCount > MAX_LISTED_PROBLEMS) io.stderr(`… and ${summary.problemCount - MAX_LISTED_PROBLEMS} more problems\n`)

  if (json) io.stdout(JSON.stringify({ trace: out, appFiles, ...summary }) + '\n')
  else io.stdout(humanSummary(har, out, appFiles, summary))
  const notHar = summary.entries === 0 && (summary.stopped !== null || summary.problems.some((p) => p.field === 'log.entries'))
  if (notHar) {
    io.stderr(`session-scope import-har: ${har} is not a HAR recording (nothing could be read)\n`)
    return EXIT_FAILED
  }
  if (summary.events === 0) {
    io.stderr(`session-scope import-har: ${har} holds no APEX request (f?p, friendly URL, wwv_flow.accept/ajax, logout)\n`)
    return EXIT_FAILED
  }
  return EXIT_OK
}

function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function humanSummary(har: string, out: string, appFiles: string[], s: HarImportSummary): string {
  const lines = [`Browser recording ${har} (HAR ${s.harVersion ?? '?'}${s.creator ? `, ${s.creator}` : ''}): ${s.entries} entries`]
  const kinds = Object.entries(s.eventsByKind).filter(([, n]) => n > 0)
  lines.push(`  APEX requests imported  ${String(s.events).padStart(6)}   ${kinds.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`)
  const skipped = Object.entries(s.skippedByKind).filter(([, n]) => n > 0)
  const skippedTotal = skipped.reduce((n, [, c]) => n + c, 0)
  lines.push(`  other traffic skipped   ${String(skippedTotal).padStart(6)}   ${skipped.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`)
  const unknown = Object.entries(s.unknownEndpoints)
  if (unknown.length > 0) lines.push(`  APEX endpoints not mapped ${String(unknown.reduce((n, [, c]) => n + c, 0)).padStart(4)}   ${unknown.map(([k, n]) => `${k} ${n}`).join(', ')}`)
  lines.push(`  sessions                ${String(s.sessions.length).padStart(6)}   ${s.sessions.map((x) => `${x.alias}${x.user ? ` (${x.user})` : ''}${x.clonedFrom ? ` clone of ${x.clonedFrom}` : ''}: ${x.ids.join(' → ')}`).join('; ')}`)
  lines.push(
    `  never written: ${s.withheld.passwordValues} password value${s.withheld.passwordValues === 1 ? '' : 's'}, ${s.withheld.cookieHeaders} Cookie/Set-Cookie and ${s.withheld.authorizationHeaders} Authorization header${s.withheld.authorizationHeaders === 1 ? '' : 's'} (no cookie, password or Authorization value is ever written)`,
  )
  if (s.masked.globs.length > 0) lines.push(`  masked: ${s.masked.values} value${s.masked.values === 1 ? '' : 's'} of items matching ${s.masked.globs.join(', ')}`)
  if (s.outOfOrder > 0) lines.push(`  note: ${s.outOfOrder} entries started before the one before them; they keep the earlier time (the clock never goes back)`)
  if (s.stopped !== null) lines.push(`  stopped: ${s.stopped.cancelled ? 'cancelled' : `near byte ${s.stopped.byte}: ${s.stopped.message}`} (what was read before is kept)`)
  lines.push(s.problemCount === 0 ? 'Problems: none' : `Problems: ${s.problemCount} (listed on stderr)`)
  lines.push(`Wrote ${out} (${s.recordedOnly ? 'recorded-only: steps as recorded' : `with the app definition in ${appFiles.join(', ')}: replay compares`})`)
  return lines.join('\n') + '\n'
}
