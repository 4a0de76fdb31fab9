/**
 * `session-scope replay FILE… [--json]`: replays traces headlessly, prints
 * each failed expect (step, session, item, expected, actual), divergences,
 * error steps no expect checked (with the reason the service shows), each
 * request whose real answer (`observed`, from a browser recording) differs
 * from the simulation (its first divergence), and a final state table per
 * session; exits non-zero when any of those happened or a file is invalid. Output is deterministic: the same trace and seed give
 * byte-identical output.
 *
 * stdout: the report of each file that could be replayed (or, with --json,
 * the one JSON document for all files, errors included); stderr: one line per
 * file that could not be read or is not a valid trace.
 */
import { AppLoadError } from '../engine/app/compile-app.js'
import { TraceFormatError } from '../trace/reader.js'
import type { ReplaySummary } from '../trace/replay.js'
import { replayFile } from '../trace/replay.js'
import { AppSourceError } from '../trace/app-sources.js'
import type { CliArgs, CliCommand } from './cli-command.js'
import { EXIT_FAILED, EXIT_OK, UsageError } from './cli-command.js'
import type { CliIo } from './cli-io.js'
import { textTable } from './text-table.js'

const HELP = `Usage: session-scope replay FILE… [--json]

Replays each trace (format v1) through the engine and prints every failed
expect, every divergence between recorded and recomputed effects, every error
step nothing in the trace expected (an event that ends in an error passes only
when an expect checking "outcome": "error" follows it or the event records
"outcome": "error"), and the final state per session. The same trace and seed give byte-identical output.

Real vs simulated: an event that carries what the real APEX server answered
("observed", written by import-har from a browser recording) is compared with
what the simulation did: redirect target, page shown, validation errors, the
item values the real page rendered, the Ajax answer. Each request's first
divergence is printed (line, step, field, real, simulated, why) and fails the
replay. A trace without an app definition (recorded only) compares nothing.

  FILE        a trace file (.sstrace); several are replayed one after another
              (a name starting with "-" goes after --: replay -- -odd.sstrace)
  --json      print one JSON summary of all files instead of text
  -h, --help  this text

Output: reports on stdout; a file that cannot be read or is not a valid trace
is named on stderr (and, with --json, also in the JSON document).
Exit status: 0 every expect passed, nothing diverged (recorded effects and real
answers alike) and every error step was expected; 1 an expect failed (one
naming a session the trace never created included), a replay diverged from
its recorded effects or from a real answer, an error step was not expected,
or a file is invalid or unreadable; 2 usage error.
`

interface FileResult {
  file: string
  ok: boolean
  error?: { kind: string; line?: number; field?: string | null; message: string }
  summary?: ReplaySummary
}

export const replayCommand: CliCommand = {
  help: HELP,
  options: { json: { type: 'boolean' } },
  run: runReplay,
}

async function runReplay({ values, positionals: files }: CliArgs, io: CliIo): Promise<number> {
  const json = values.json === true
  if (files.length === 0) throw new UsageError('name at least one trace file')
  const results: FileResult[] = []
  for (const file of files) results.push(await replayOne(file))
  for (const r of results) if (r.error) io.stderr(describeFailure(r))
  if (json) io.stdout(JSON.stringify({ ok: results.every((r) => r.ok), files: results.map(forJson) }) + '\n')
  else for (const r of results) if (r.summary) io.stdout(formatResult(r))
  return results.every((r) => r.ok) ? EXIT_OK : EXIT_FAILED
}

/** The stderr line for a file that could not be replayed at all. */
function describeFailure(r: FileResult): string {
  return `${r.file}: ${r.error!.kind === 'format' ? 'INVALID TRACE' : 'ERROR'}: ${r.error!.message}\n`
}

async function replayOne(file: string): Promise<FileResult> {
  let replayer
  try {
    replayer = await replayFile(file)
  } catch (err) {
    return { file, ok: false, error: describeError(err) }
  }
  try {
    const summary = replayer.summary()
    const ok = summary.failures.length === 0 && summary.divergences.length === 0 && summary.unexpectedErrors.length === 0 && summary.observed.divergences.length === 0
    return { file, ok, summary }
  } finally {
    replayer.close()
  }
}

function describeError(err: unknown): NonNullable<FileResult['error']> {
  if (err instanceof TraceFormatError) return { kind: 'format', line: err.line, field: err.field, message: err.message }
  if (err instanceof AppLoadError) return { kind: 'apps', line: 1, field: err.problems[0]?.path ?? null, message: err.message }
  if (err instanceof AppSourceError) return { kind: 'apps', line: 1, field: err.field, message: err.message }
  const e = err as NodeJS.ErrnoException
  if (e?.code === 'ENOENT' || e?.code === 'EACCES' || e?.code === 'EISDIR') return { kind: 'io', message: e.message }
  return { kind: 'error', message: (err as Error)?.message ?? String(err) }
}

function forJson(r: FileResult): unknown {
  if (!r.summary) return r
  const s = r.summary
  return {
    file: r.file,
    ok: r.ok,
    title: s.title,
    recordedOnly: s.recordedOnly,
    events: s.events,
    steps: s.steps,
    expects: s.expects,
    failures: s.failures,
    divergences: s.divergences.map((d) => ({ line: d.line, step: d.step, effectIndex: d.effectIndex, message: d.message })),
    unexpectedErrors: s.unexpectedErrors,
    observed: s.observed,
    sessions: s.sessions.map((x) => ({ id: x.id, alias: x.alias, user: x.user, status: x.status, currentApp: x.currentApp, currentPage: x.currentPage, groupId: x.groupId })),
    state: s.rows,
    userState: s.userRows,
  }
}

function formatResult(r: FileResult): string {
  const s = r.summary!
  let out = `${r.file}: ${s.title}\n`
  out += `  ${s.events} events, ${s.steps} steps${s.recordedOnly ? ' (recorded only: shown from recorded effects)' : ''}; expects: ${s.expects.passed}/${s.expects.total} passed\n`
  for (const f of s.failures) {
    if (f.field === 'session') out += `  FAIL line ${f.line}: ${f.message}\n`
    else out += `  FAIL line ${f.line} (after step ${f.step ?? '-'}): session ${f.session ?? '-'}, ${f.field}${f.item ? ` ${f.item}` : ''}: expected ${show(f.expected)}, actual ${show(f.actual)}${f.reason ? `: ${f.reason}` : ''}\n`
  }
  for (const d of s.divergences) out += `  DIVERGENCE line ${d.line} (step ${d.step}): ${d.message}\n`
  for (const e of s.unexpectedErrors) out += `  ERROR line ${e.line} (step ${e.step}), no expect checks it: ${e.reason}\n`
  if (s.observed.compared > 0) {
    const n = s.observed.divergences.length
    out += `  real answers: ${s.observed.compared} compared with the simulation, ${n} request${n === 1 ? '' : 's'} diverged\n`
  }
  for (const d of s.observed.divergences) {
    out += `  REAL VS SIMULATED line ${d.line} (step ${d.step}), ${d.field}${d.item ? ` ${d.item}` : ''}: ${d.message}\n`
    out += `    real: APEX ${d.real}\n    simulated: ${d.simulated}${d.why ? `\n    why: ${d.why}` : ''}\n`
  }
  out += '\n'
  for (const session of s.sessions) {
    const rows = s.rows.filter((row) => row.session === session.id)
    out += `Session ${session.id}${session.alias ? ` "${session.alias}"` : ''} (user ${session.user}, ${session.status}${session.currentPage !== null ? `, page ${session.currentPage}` : ''})\n`
    if (rows.length === 0) out += '  (no stored values)\n'
    else
      out += textTable(
        ['app', 'page', 'item', 'value', 'status'],
        rows.map((row) => [row.app === 0 ? 'GLOBAL' : String(row.app), row.page === null ? '' : String(row.page), row.item, row.value ?? '(null)', row.status]),
      )
          .split('\n')
          .map((l) => (l ? `  ${l}` : l))
          .join('\n')
    out += '\n'
  }
  if (s.userRows.length > 0) {
    out += 'Per User values\n'
    out += textTable(['user', 'app', 'item', 'value'], s.userRows.map((u) => [u.user, String(u.app), u.item, u.value ?? '(null)']))
    out += '\n'
  }
  out += r.ok ? 'PASS\n\n' : 'FAIL\n\n'
  return out
}

function show(v: unknown): string {
  return v === null || v === undefined ? 'null' : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v)
}
