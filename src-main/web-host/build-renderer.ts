/**
 * Builds the renderer for the browser host with vite.web.config.ts (vite is
 * loaded only when building, so serving an existing build needs no vite).
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const DEFAULT_WEB_OUT = join(PROJECT_ROOT, 'out', 'web')

export async function buildRenderer(outDir: string = DEFAULT_WEB_OUT): Promise<string> {
  const { build } = await import('vite')
  // Under test runners NODE_ENV is "test", which would make React's JSX transform and runtime the development ones.
  const before = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      configFile: join(PROJECT_ROOT, 'vite.web.config.ts'),
      build: { outDir, emptyOutDir: true },
      logLevel: 'warn',
    })
  } finally {
    if (before === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = before
  }
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`the renderer build left no index.html in ${outDir}`)
  return outDir
}
