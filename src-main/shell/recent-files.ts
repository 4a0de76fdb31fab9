/**
 * Open Recent: a short most-recent-first list of trace paths, persisted in the
 * user-data folder, de-duplicated (case-insensitively where the file system is).
 */
import { z } from 'zod'
import { readJsonFile, writeJsonFileAtomic } from './json-file.js'

export const MAX_RECENT = 10

export const RecentFilesSchema = z.array(z.string().min(1).max(4096)).max(100)

function sameFile(a: string, b: string, platform: NodeJS.Platform): boolean {
  return platform === 'win32' || platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b
}

export function addRecent(list: readonly string[], path: string, platform: NodeJS.Platform, max = MAX_RECENT): string[] {
  return [path, ...list.filter((p) => !sameFile(p, path, platform))].slice(0, max)
}

export function removeRecent(list: readonly string[], path: string, platform: NodeJS.Platform): string[] {
  return list.filter((p) => !sameFile(p, path, platform))
}

export class RecentFiles {
  private items: string[]

  constructor(
    private readonly file: string,
    private readonly platform: NodeJS.Platform,
  ) {
    this.items = readJsonFile(file, RecentFilesSchema, []).slice(0, MAX_RECENT)
  }

  list(): readonly string[] {
    return this.items
  }

  add(path: string): void {
    this.items = addRecent(this.items, path, this.platform)
    this.save()
  }

  remove(path: string): void {
    this.items = removeRecent(this.items, path, this.platform)
    this.save()
  }

  clear(): void {
    this.items = []
    this.save()
  }

  private save(): void {
    try {
      writeJsonFileAtomic(this.file, this.items)
    } catch {
      // The list is a convenience; failing to save it must not fail the open.
    }
  }
}
