/**
 * Where a trace's app definitions come from: inline `apps`, built-in demo
 * apps named in `use` ("demo:onboarding"), and `appFiles` written by the APEX
 * importer (paths relative to the trace file, read by app-file-reader.ts:
 * only for a trace opened from a file, only inside its folder).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AppFileRefused, parseAppFile, readAppFile } from './app-file-reader.js'
import type { TraceHeader } from './schema.js'

export { MAX_APP_FILE_BYTES } from './app-file-reader.js'

export class AppSourceError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message)
    this.name = 'AppSourceError'
  }
}

/** resources/ of this checkout (works from src-main/trace and from a bundled out/main). */
export function resourcesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  for (const up of ['../..', '../../..', '..']) {
    const candidate = resolve(here, up, 'resources')
    if (existsSync(join(candidate, 'demos'))) return candidate
  }
  return resolve(here, '../../resources')
}

export function demoAppsDir(): string {
  return join(resourcesDir(), 'demos', 'apps')
}

/** Names usable in `use`: "demo:<file name without .json>". */
export function listDemoApps(): string[] {
  const dir = demoAppsDir()
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => `demo:${f.slice(0, -5)}`)
    .sort()
}

export function loadDemoApp(name: string, field = 'use'): unknown[] {
  const m = /^demo:([a-z0-9-]+)$/i.exec(name)
  if (!m) throw new AppSourceError(`${field}: "${name}" is not a demo app name (expected demo:<name>; known: ${listDemoApps().join(', ')})`, field)
  const file = join(demoAppsDir(), `${m[1]!.toLowerCase()}.json`)
  if (!existsSync(file)) throw new AppSourceError(`${field}: unknown demo app "${name}" (known: ${listDemoApps().join(', ')})`, field)
  return asList(JSON.parse(readFileSync(file, 'utf8')))
}

/**
 * All app definitions a header supplies, unvalidated (the engine validates
 * them). `traceDir`: the folder of the trace file the header was read from,
 * or null for a trace that did not come from a file (then `appFiles` is refused).
 */
export function appsOfHeader(header: TraceHeader, traceDir: string | null): { apps: unknown[]; paths: string[] } {
  const apps: unknown[] = []
  const paths: string[] = []
  ;(header.apps ?? []).forEach((a, i) => {
    apps.push(a)
    paths.push(`header.apps[${i}]`)
  })
  ;(header.use ?? []).forEach((name, i) => {
    for (const a of loadDemoApp(name, `header.use[${i}]`)) {
      apps.push(a)
      paths.push(`header.use[${i}] (${name})`)
    }
  })
  ;((header as { appFiles?: string[] }).appFiles ?? []).forEach((rel, i) => {
    const field = `header.appFiles[${i}]`
    let parsed: unknown
    try {
      parsed = parseAppFile(readAppFile(traceDir, rel, field), rel, field)
    } catch (err) {
      if (err instanceof AppFileRefused) throw new AppSourceError(err.message, field)
      throw err
    }
    for (const a of asList(parsed)) {
      apps.push(a)
      paths.push(`${field} (${rel})`)
    }
  })
  return { apps, paths }
}

export function hasAppSources(header: TraceHeader): boolean {
  return (header.apps?.length ?? 0) > 0 || (header.use?.length ?? 0) > 0 || ((header as { appFiles?: string[] }).appFiles?.length ?? 0) > 0
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v]
}
