/**
 * The importer for exports that arrive as files in memory rather than on
 * disk: what a page reads from a file picker (one `f123.sql`, or the files of
 * a split-export folder with their paths relative to the picked folder, as
 * `webkitRelativePath` gives them: `f123/install.sql`, `f123/application/…`).
 *
 * The files are chosen and ordered by the same rules as `listExportFiles`
 * (export-files.ts) applies to a folder on disk, with the folder being the
 * files' common parent folder:
 *
 * - one file: that file;
 * - an `install.sql` in the common folder: the files it runs, in its order;
 * - else every `.sql` file under `application/` if there is one, else under
 *   the common folder, sorted by path (folder by folder, like the disk walk).
 *
 * Nothing here touches the disk: paths are names, used to order the files,
 * to follow `install.sql` and to name files in problems.
 */
import { posix } from 'node:path'
import { importExportSources } from './import-apex-export.js'
import type { ExportSource } from './import-apex-export.js'
import type { ImportOptions, ImportProblem, ImportResult } from './import-types.js'

export interface ExportFileText {
  /** The file's path relative to what the user picked (`/` or `\` separators). */
  path: string
  text: string
}

export interface MemoryExportList {
  /** The export as a whole: the common folder, or the one file's path. */
  root: string
  files: ExportFileText[]
  problems: ImportProblem[]
}

export async function importApexFiles(files: readonly ExportFileText[], options: ImportOptions = {}): Promise<ImportResult> {
  const listed = listMemoryExportFiles(files)
  const sources: ExportSource[] = listed.files.map((f) => ({ shown: f.path, read: () => withoutBom(f.text) }))
  return importExportSources(listed.root, sources, listed.problems, options)
}

/** `a\\b/./c.sql` → `a/b/c.sql`; never empty. */
export function normalizeExportPath(path: string): string {
  const normalized = posix.normalize(path.replace(/\\/g, '/')).replace(/^(\.\/)+/, '').replace(/^\/+/, '')
  return normalized === '' || normalized === '.' ? path : normalized.replace(/\/+$/, '')
}

export function listMemoryExportFiles(input: readonly ExportFileText[]): MemoryExportList {
  const files = input.map((f) => ({ path: normalizeExportPath(f.path), text: f.text }))
  if (files.length === 0) return { root: '', files: [], problems: [{ file: '', line: 0, message: 'no files were given' }] }
  if (files.length === 1) return { root: files[0]!.path, files, problems: [] }

  const root = commonFolder(files.map((f) => f.path))
  const under = (folder: string) => (folder === '' ? files : files.filter((f) => f.path.startsWith(`${folder}/`)))
  const byPath = new Map(files.map((f) => [f.path, f]))

  const install = files.find((f) => posix.dirname(f.path) === (root === '' ? '.' : root) && posix.basename(f.path).toLowerCase() === 'install.sql')
  if (install) {
    const fromInstall = filesOfInstallScript(install, byPath)
    if (fromInstall.files.length > 0) return { root, ...fromInstall }
  }
  const application = root === '' ? 'application' : `${root}/application`
  const base = under(application).length > 0 ? application : root
  const sql = under(base)
    .filter((f) => f.path.toLowerCase().endsWith('.sql'))
    .sort((a, b) => compareBySegments(a.path, b.path))
  if (sql.length === 0) return { root, files: [], problems: [{ file: root, line: 0, message: 'no .sql export files found in this folder' }] }
  return { root, files: sql, problems: [] }
}

/** `@@application/pages/page_00001.sql` lines, resolved against the script's folder. */
function filesOfInstallScript(install: ExportFileText, byPath: ReadonlyMap<string, ExportFileText>): { files: ExportFileText[]; problems: ImportProblem[] } {
  const files: ExportFileText[] = []
  const problems: ImportProblem[] = []
  const dir = posix.dirname(install.path)
  withoutBom(install.text)
    .split(/\r?\n/)
    .forEach((line, index) => {
      const match = /^\s*@@?\s*(\S+)/.exec(line)
      if (match === null) return
      const target = normalizeExportPath(posix.join(dir, (match[1] as string).replace(/\\/g, '/')))
      const file = byPath.get(target)
      if (file) files.push(file)
      else problems.push({ file: install.path, line: index + 1, message: `install.sql runs ${match[1]}, which is missing` })
    })
  return { files, problems }
}

/** The deepest folder every path is inside ('' when some file is at the top). */
function commonFolder(paths: readonly string[]): string {
  const folders = paths.map((p) => posix.dirname(p).split('/').filter((s) => s !== '.' && s !== ''))
  const first = folders[0] ?? []
  let n = first.length
  for (const f of folders) {
    let i = 0
    while (i < n && i < f.length && f[i] === first[i]) i++
    n = i
  }
  return first.slice(0, n).join('/')
}

/** Folder by folder, names in code-unit order: the order the disk walk of export-files.ts visits them. */
function compareBySegments(a: string, b: string): number {
  const sa = a.split('/')
  const sb = b.split('/')
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] as string
    const y = sb[i] as string
    if (x !== y) return x < y ? -1 : 1
  }
  return sa.length - sb.length
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}
