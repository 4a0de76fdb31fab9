/**
 * Paths of the shared APEX export fixtures (read in place, never copied into
 * the repository; tests that read them use test/helpers/shared-fixtures.ts so
 * a clone without them skips those tests) and a plain-text reader used to derive expected counts
 * independently of the importer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { sharedFixture as fixture } from '../helpers/shared-fixtures.js'

export const F130_FOLDER = fixture('f130-apex21.1')
export const F130_FILE = fixture('f130-apex21.1/f130.sql')
export const F347_FOLDER = fixture('f347-apex24.2')

/** Every `.sql` file under a folder, concatenated (or the one file). */
export function exportText(path: string): string {
  if (statSync(path).isFile()) return readFileSync(path, 'utf8')
  const parts: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (name.endsWith('.sql') && name !== 'install.sql') parts.push(readFileSync(full, 'utf8'))
    }
  }
  walk(join(path, 'application'))
  return parts.join('\n')
}

/** Occurrences of `.name(` — `create_page(` does not match `create_page_item(`. */
export function countCalls(text: string, name: string): number {
  return text.match(new RegExp(`\\.${name}\\s*\\(`, 'g'))?.length ?? 0
}

/** The argument blocks of every `.name(` call (up to the `);` that ends it in exports). */
export function callBlocks(text: string, name: string): string[] {
  return [...text.matchAll(new RegExp(`\\.${name}\\s*\\(([\\s\\S]*?)\\n\\);`, 'g'))].map((m) => m[1] ?? '')
}

export function countIn(blocks: string[], pattern: RegExp): number {
  return blocks.filter((b) => pattern.test(b)).length
}
