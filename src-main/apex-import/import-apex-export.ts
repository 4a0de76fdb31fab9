/**
 * Entry point: an APEX export (single `.sql` file or split-export folder) →
 * app definitions the engine runs, a summary per app, and everything that
 * could not be read.
 *
 * Never throws for bad input: a missing path, an unreadable file or a garbled
 * call is a problem in the result, and whatever could be read is still
 * imported.
 */
import { basename } from 'node:path'
import type { AppDefinition } from '../engine/model/app-definition.js'
import { AppDefinitionSchema } from '../engine/model/app-definition.js'
import { mapApp } from './app-mapper.js'
import type { ExportCall } from './export-call.js'
import { parseExportCalls } from './export-call-parser.js'
import { displayPath, listExportFiles, readExportText } from './export-files.js'
import type { RawApp } from './export-grouping.js'
import { groupExportCalls } from './export-grouping.js'
import type { ImportOptions, ImportProblem, ImportResult } from './import-types.js'
import { summarize } from './summarize.js'

export async function importApexExport(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const listed = await listExportFiles(path)
  const sources = listed.files.map((file) => ({ shown: displayPath(path, file), read: () => readExportText(file) }))
  return importExportSources(path, sources, listed.problems, options)
}

/** One file of an export: the name problems show, and how to get its text. */
export interface ExportSource {
  shown: string
  read(): Promise<string> | string
}

/**
 * The pipeline after the file list: parse every file in order, group, map.
 * `root` is the export as the user named it (problems about the whole export
 * name it; its `fNNN` part hints the application id of a lone page file).
 */
export async function importExportSources(root: string, sources: readonly ExportSource[], listProblems: readonly ImportProblem[], options: ImportOptions = {}): Promise<ImportResult> {
  const problems: ImportProblem[] = [...listProblems]
  const calls: ExportCall[] = []
  for (const source of sources) {
    const shown = source.shown
    options.onFile?.(shown)
    let text: string
    try {
      text = await source.read()
    } catch (error) {
      problems.push({ file: shown, line: 0, message: `cannot read the file: ${error instanceof Error ? error.message : String(error)}` })
      continue
    }
    const parsed = parseExportCalls(text, shown)
    problems.push(...parsed.problems)
    for (const call of parsed.calls) calls.push(call)
  }

  const grouped = groupExportCalls(calls, appIdHint(root))
  problems.push(...grouped.problems)
  const apps: AppDefinition[] = []
  for (const raw of grouped.apps) {
    if (isEmpty(raw)) continue
    const app = mapApp(raw, problems)
    const checked = AppDefinitionSchema.safeParse(app)
    if (checked.success) {
      apps.push(app)
    } else {
      // A mapper bug must not cost the user the whole import: report it, keep going.
      const where = raw.flow ?? calls.find((c) => c.name === 'create_page')
      problems.push({
        file: where?.file ?? root,
        line: where?.line ?? 0,
        message: `application ${raw.id} does not form a valid app definition: ${checked.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      })
    }
  }
  if (apps.length === 0 && sources.length > 0) {
    problems.push({ file: root, line: 0, message: 'no application definition found in the export' })
  }
  // Reading order (file, then line) is how a user walks through them.
  const ordered = problems.map((p, i) => ({ p, i })).sort((a, b) => (a.p.file < b.p.file ? -1 : a.p.file > b.p.file ? 1 : a.p.line - b.p.line || a.i - b.i))
  return { apps, summary: apps.map(summarize), problems: ordered.map(({ p }) => p), skippedCalls: sortedCounts(grouped.skippedCalls) }
}

/** `f123.sql`, `.../f123/...`: the application number a lone page file belongs to. */
function appIdHint(path: string): number | undefined {
  for (const part of path.split(/[\\/]/).reverse()) {
    const match = /^f(\d+)(?:[-_.].*)?$/i.exec(part) ?? /^f(\d+)$/i.exec(basename(part))
    if (match !== null && Number(match[1]) > 0) return Number(match[1])
  }
  return undefined
}

/** Only framing calls (an `import_begin` and nothing else): not an application. */
function isEmpty(raw: RawApp): boolean {
  return (
    raw.flow === undefined &&
    raw.pages.size === 0 &&
    raw.items.length === 0 &&
    raw.computations.length === 0 &&
    raw.processes.length === 0
  )
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}
