/**
 * Which files make up an export, in which order.
 *
 * - a file (`f123.sql`): that file;
 * - a split export (a folder with `install.sql`): the files `install.sql`
 *   runs, in its order — that is the order APEX itself imports them;
 * - a folder with `application/` but no `install.sql`, or the `application/`
 *   folder itself: every `.sql` file under it, sorted by path;
 * - any other folder: every `.sql` file under it (several single-file exports,
 *   or a partial split export), sorted by path.
 *
 * Missing or unreadable paths are problems, never exceptions.
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { ImportProblem } from './import-types.js'

export interface ExportFileList {
  /** Absolute paths, in import order. */
  files: string[]
  problems: ImportProblem[]
}

export async function listExportFiles(path: string): Promise<ExportFileList> {
  const root = resolve(path)
  const info = await stat(root).catch(() => undefined)
  if (info === undefined) return { files: [], problems: [{ file: path, line: 0, message: 'no such file or folder' }] }
  if (info.isFile()) return { files: [root], problems: [] }
  if (!info.isDirectory()) return { files: [], problems: [{ file: path, line: 0, message: 'not a file or folder' }] }

  const install = join(root, 'install.sql')
  // Why install.sql gave no file (missing or refused lines) is said even when the folder is read instead.
  let installProblems: ImportProblem[] = []
  if (await isFile(install)) {
    const fromInstall = await filesOfInstallScript(install)
    if (fromInstall.files.length > 0) return fromInstall
    installProblems = fromInstall.problems
  }
  const application = join(root, 'application')
  const base = (await isDirectory(application)) ? application : root
  const files = await sqlFilesUnder(base)
  if (files.length === 0) return { files, problems: [...installProblems, { file: path, line: 0, message: 'no .sql export files found in this folder' }] }
  return { files, problems: installProblems }
}

/** `@@application/pages/page_00001.sql` lines, resolved against the script's folder. */
async function filesOfInstallScript(install: string): Promise<ExportFileList> {
  const problems: ImportProblem[] = []
  const files: string[] = []
  const text = await readExportText(install).catch(() => undefined)
  if (text === undefined) return { files, problems: [{ file: install, line: 0, message: 'cannot read install.sql' }] }
  const lines = text.split(/\r?\n/)
  for (const [index, line] of lines.entries()) {
    const match = /^\s*@@?\s*(\S+)/.exec(line)
    if (match === null) continue
    const target = resolve(dirname(install), (match[1] as string).replace(/[\\/]/g, sep))
    // The script is data from the export: it may not make the importer read files outside its folder.
    const inside = relative(dirname(install), target)
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) problems.push({ file: install, line: index + 1, message: `install.sql runs ${match[1]}, which is outside the export's folder: not read` })
    else if (await isFile(target)) files.push(target)
    else problems.push({ file: install, line: index + 1, message: `install.sql runs ${match[1]}, which is missing` })
  }
  return { files, problems }
}

async function sqlFilesUnder(folder: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    // Symbolic links are not followed: a link cycle must not hang the import.
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql')) found.push(full)
    }
  }
  await walk(folder)
  return found
}

/**
 * A file's text. Exports are UTF-8; invalid bytes decode to U+FFFD instead of
 * failing, so a damaged file still yields what can be read.
 */
export async function readExportText(file: string): Promise<string> {
  const bytes = await readFile(file)
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** The path shown in problems: relative to the imported folder when inside it. */
export function displayPath(root: string, file: string): string {
  const rel = relative(resolve(root), file)
  if (rel === '') return root
  return rel.startsWith('..') ? file : join(root, rel)
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false
}
